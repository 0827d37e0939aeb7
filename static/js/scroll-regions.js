// Code blocks and tables in posts keep their width and scroll sideways inside their own box
// when the screen is narrower. Pages print each such box as a named tab stop
// (forum/markup.py with_scroll_boxes), so that without this script every box is reachable by
// keyboard. This takes the stop, and the name that says it scrolls, away from the boxes that
// fit, and gives them back when a narrower window makes a box overflow.

import { t } from "./strings.js";
// Boxes printed by the page, and tables or code blocks printed without one (older markup).
const SELECTOR = ".prose .scroll-box, .prose pre:not(.scroll-box), .prose table";

function describe(box) {
  if (box.localName === "pre") {
    return { role: "group", label: t("Code, scrolls sideways") };
  }
  if (box.localName === "table") {
    return { role: null, label: null }; // a table keeps its own role and name
  }
  return { role: "group", label: t("Table, scrolls sideways") };
}

function update(box) {
  if (box.localName === "table" && box.parentElement.closest(".scroll-box")) {
    return; // its box scrolls, not the table
  }
  const overflows = box.scrollWidth > box.clientWidth + 1;
  const { role, label } = describe(box);
  box.classList.toggle("scroll-region", overflows);
  if (overflows) {
    box.setAttribute("tabindex", "0");
    if (role) {
      box.setAttribute("role", role);
      box.setAttribute("aria-label", label);
    }
  } else {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
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
