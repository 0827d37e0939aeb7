// The words scripts show, in the page's language. Each script writes its English text; a page
// in another language carries their translations as JSON (<script id="script-texts">, made by
// forum/script_texts.py, which lists every text a script shows). An English page has none.

let catalogue;

function translations() {
  if (catalogue === undefined) {
    const source = document.getElementById("script-texts");
    try {
      catalogue = source ? JSON.parse(source.textContent) : {};
    } catch {
      catalogue = {};
    }
  }
  return catalogue;
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// t("Draft saved at {time}", { time: "10:04" })
export function t(text, values = {}) {
  const found = translations()[text];
  return fill(typeof found === "string" ? found : text, values);
}

// tn("{count} tag suggested", "{count} tags suggested", n): {count} is filled in.
export function tn(singular, plural, count, values = {}) {
  const found = translations()[singular];
  let text = count === 1 ? singular : plural;
  if (found && Array.isArray(found.forms)) {
    const at = count < found.index.length ? count : 100 + (count % 100);
    text = found.forms[Number(found.index[at])] ?? text;
  }
  return fill(text, { count, ...values });
}
