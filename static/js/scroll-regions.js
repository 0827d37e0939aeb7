// Code blocks and tables in posts keep their width and scroll sideways inside their own box
// when the screen is narrower. A box that scrolls must be reachable by keyboard, so each one
// that actually overflows becomes a tab stop with a name; boxes that fit stay out of the tab
// order. Recent browsers let the keyboard scroll such boxes by themselves; this makes it so in
// all of them, and tells screen readers what the stop is.

const SELECTOR = ".prose pre, .prose table";

// A table keeps its own role (screen readers announce it as a table); a code block becomes a
// named group, so that the tab stop says what it is.
function update(box) {
  const overflows = box.scrollWidth > box.clientWidth + 1;
  const isCode = box.localName === "pre";
  if (overflows && !box.classList.contains("scroll-region")) {
    box.classList.add("scroll-region");
    box.setAttribute("tabindex", "0");
    if (isCode) {
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Code, scrolls sideways");
    }
  } else if (!overflows && box.classList.contains("scroll-region")) {
    box.classList.remove("scroll-region");
    box.removeAttribute("tabindex");
    if (isCode) {
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

const resized = new ResizeObserver((entries) => {
  for (const entry of entries) {
    update(entry.target);
  }
});
const watched = new WeakSet();

function scan() {
  for (const box of document.querySelectorAll(SELECTOR)) {
    if (!watched.has(box)) {
      watched.add(box);
      resized.observe(box); // calls update once now, and again when the width changes
    }
  }
}

scan();
// Previews (preview.js) add post bodies after the page has loaded.
let pending = false;
new MutationObserver(() => {
  if (!pending) {
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      scan();
    });
  }
}).observe(document.body, { childList: true, subtree: true });
