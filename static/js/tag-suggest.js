// Tag suggestions for the comma-separated tags field. The field names a <datalist> of the
// forum's tags, which browsers only match against the whole value, so after the first comma it
// stops helping. This script suggests tags for the part after the last comma instead, as an
// ARIA combobox: arrow keys move through the list, Enter or a click takes a tag, Escape closes.
// Without it the field is plain text with the datalist, and works the same on the server.

const MAX_SHOWN = 8;

function tagNames(list) {
  return Array.from(list.options, (option) => option.value).filter(Boolean);
}

function currentPart(value) {
  const comma = value.lastIndexOf(",");
  return { head: comma < 0 ? "" : value.slice(0, comma + 1), part: value.slice(comma + 1) };
}

function chosen(head) {
  return new Set(
    head
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

function matches(names, head, part) {
  const wanted = part.trim().toLowerCase();
  if (!wanted) {
    return [];
  }
  const taken = chosen(head);
  const starts = [];
  const contains = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (taken.has(lower) || lower === wanted) {
      continue;
    }
    if (lower.startsWith(wanted)) {
      starts.push(name);
    } else if (lower.includes(wanted)) {
      contains.push(name);
    }
  }
  return starts.concat(contains).slice(0, MAX_SHOWN);
}

function setUp(input) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) {
    return;
  }
  const names = tagNames(list);
  const listId = `${input.id}-suggestions`;
  const box = document.createElement("ul");
  box.id = listId;
  box.className = "suggestions";
  box.setAttribute("role", "listbox");
  box.setAttribute("aria-label", "Suggested tags");
  box.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.after(box, status);

  // The datalist would offer whole-field matches on top of ours.
  input.removeAttribute("list");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("aria-expanded", "false");
  input.closest(".field")?.classList.add("field--suggest");

  let active = -1;

  function options() {
    return Array.from(box.children);
  }

  function close() {
    box.hidden = true;
    box.replaceChildren();
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const items = options();
    active = (index + items.length) % items.length;
    items.forEach((item, n) => item.setAttribute("aria-selected", String(n === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function take(name) {
    const { head } = currentPart(input.value);
    const before = head ? `${head.trimEnd()} ` : "";
    input.value = `${before}${name}, `;
    close();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    status.textContent = `${name} added.`;
  }

  function refresh() {
    const { head, part } = currentPart(input.value);
    const found = matches(names, head, part);
    if (!found.length) {
      close();
      status.textContent = "";
      return;
    }
    box.replaceChildren(
      ...found.map((name, n) => {
        const item = document.createElement("li");
        item.id = `${listId}-${n}`;
        item.className = "suggestions__item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = name;
        // mousedown, not click: taking the tag must happen before the input loses focus.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          take(name);
        });
        return item;
      }),
    );
    active = -1;
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.removeAttribute("aria-activedescendant");
    status.textContent = `${found.length} tag${found.length === 1 ? "" : "s"} suggested; use the arrow keys to choose.`;
  }

  input.addEventListener("input", refresh);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    if (box.hidden) {
      if (event.key === "ArrowDown") {
        refresh();
        if (!box.hidden) {
          highlight(0);
          event.preventDefault();
        }
      }
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      take(options()[active].textContent);
      event.preventDefault(); // a chosen tag, not a sent form
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    }
  });
}

for (const input of document.querySelectorAll("input[list='tag-options']")) {
  setUp(input);
}
