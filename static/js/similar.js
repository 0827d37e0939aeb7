// Similar questions on the ask page: once typing in the title pauses, ask the server for
// existing questions with the same words and show them under the field. The facts chosen so
// far (methodology, industry...) go with the words, and choosing another asks again: the
// server puts the questions that share them first. The list sits in an aria-live region, so
// screen readers hear about it without losing their place.
// Without this script the page works as before; nothing here is needed to ask a question.

const PAUSE_MS = 400;
const MIN_LENGTH = 8;

function setUp() {
  const title = document.getElementById("id_title");
  const region = document.getElementById("similar-questions");
  if (!title || !region || !region.dataset.similarUrl) {
    return;
  }
  const facts = Array.from(document.querySelectorAll("[data-similar-facts] select"));
  let timer = 0;
  let inFlight = null;
  let lastAsked = "";

  function show(html) {
    if (!html.trim()) {
      region.replaceChildren(); // empty again, so the box disappears
      return;
    }
    const parsed = new DOMParser().parseFromString(html, "text/html");
    region.replaceChildren(...parsed.body.childNodes);
  }

  async function lookUp() {
    const text = title.value.trim();
    const url = new URL(region.dataset.similarUrl, window.location.href);
    url.searchParams.set("title", text);
    for (const select of facts) {
      if (select.value) {
        url.searchParams.set(select.name, select.value);
      }
    }
    if (url.href === lastAsked) {
      return;
    }
    lastAsked = url.href;
    if (inFlight) {
      inFlight.abort();
    }
    if (text.length < MIN_LENGTH) {
      show("");
      return;
    }
    inFlight = new AbortController();
    try {
      const response = await fetch(url, {
        signal: inFlight.signal,
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (response.ok) {
        show(await response.text());
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        show(""); // a failed suggestion is no reason to bother the member
      }
    }
  }

  title.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, PAUSE_MS);
  });
  for (const select of facts) {
    select.addEventListener("change", () => {
      window.clearTimeout(timer);
      lookUp();
    });
  }
  // A title kept after a preview or an error gets its suggestions straight away.
  if (title.value.trim()) {
    lookUp();
  }
}

setUp();
