// Quote a passage: selecting text inside a post shows a "Quote" button right under that post's
// text, which puts just the passage into the reply box as a Markdown quote, attributed and
// linked to the post, and moves the focus there:
//
//   [Priya Raman wrote](/content/42/):
//   > the passage
//
// The button comes next in the tab order after the post's text, and the text takes the focus
// when a selection starts in it (tabindex -1: focusable, but no tab stop), so Tab goes from the
// selection to the button. Posts offer it only where they offer the whole-post "Quote" link
// (the server decides who may quote what); that link keeps working without this script.

import { t } from "./strings.js";
const box = document.querySelector("form#reply textarea[name='body']");

function markdownText(text) {
  return text.replace(/([\\`*_[\]<>#!|~])/g, "\\$1");
}

function elementOf(node) {
  return node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
}

// The selected passage and the post body it lies in, or null when the selection is not all
// inside one quotable post.
function selectedPassage() {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
    return null;
  }
  const range = selection.getRangeAt(0);
  const body = elementOf(range.commonAncestorContainer)?.closest(".post__body");
  const article = body?.closest("article.post");
  const text = selection.toString().trim();
  if (!article || !text || !quotable(article)) {
    return null;
  }
  return { text, body, article };
}

function quotable(article) {
  return article.querySelector("a[href*='?quote=']") !== null;
}

function quotation({ text, article }) {
  const name = article.querySelector(".author-card__name")?.textContent.trim() || "A member";
  const link = article.querySelector(".post__content-id")?.getAttribute("href") || `#${article.id}`;
  const lines = text.split(/\r?\n/).map((line) => (line.trim() ? `> ${line.trimEnd()}` : ">"));
  const said = t("{name} wrote", { name: markdownText(name) });
  return `[${said}](${link}):\n${lines.join("\n")}\n\n`;
}

function insertAtEnd(area, text) {
  const existing = area.value;
  const lead = existing === "" || existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  area.focus();
  area.setSelectionRange(existing.length, existing.length);
  // As if typed: undo takes it back, and the preview and the draft saver hear of it.
  if (!document.execCommand("insertText", false, lead + text)) {
    area.setRangeText(lead + text, existing.length, existing.length, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function setUp(area) {
  for (const body of document.querySelectorAll("article.post .post__body")) {
    if (quotable(body.closest("article.post"))) {
      body.tabIndex = -1;
    }
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small quote-selection";
  button.textContent = t("Quote");
  // The accessible name starts with the visible word, and says what is quoted.
  button.setAttribute("aria-label", t("Quote the selected passage in your reply"));
  button.hidden = true;
  let chosen = null;
  let pending = false;

  function hide() {
    button.hidden = true;
    chosen = null;
  }

  function follow() {
    pending = false;
    const passage = selectedPassage();
    if (passage) {
      chosen = passage;
      if (button.previousElementSibling !== passage.body) {
        passage.body.after(button);
      }
      button.hidden = false;
    } else if (document.activeElement !== button) {
      hide();
    }
  }

  document.addEventListener("selectionchange", () => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(follow);
    }
  });
  // The selection stays while the pointer presses the button.
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("blur", () => {
    if (!selectedPassage()) {
      hide();
    }
  });
  button.addEventListener("click", () => {
    if (!chosen) {
      return;
    }
    const text = quotation(chosen);
    hide();
    insertAtEnd(area, text);
  });
}

if (box) {
  setUp(box);
}
