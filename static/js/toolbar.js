// A Markdown toolbar above each post box (ask, reply, edit). Without this script there is no
// toolbar: the box's help text links to the formatting help page, which explains the same marks.
//
// The toolbar is one tab stop (the ARIA toolbar pattern): Tab reaches it, the arrow keys, Home
// and End move between its buttons, Tab again leads on to the text. In the text, Ctrl+B, Ctrl+I
// and Ctrl+K (Cmd on a Mac) make the selection bold, italic or a link.
//
// Text is inserted as if typed (execCommand "insertText"), so the browser's undo takes it back
// and the input event tells the live preview and the draft saver (preview.js, drafts.js).

import { t } from "./strings.js";
const SHORTCUT_HINT = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";

function lineStart(text, index) {
  return text.lastIndexOf("\n", index - 1) + 1;
}

function lineEnd(text, index) {
  const end = text.indexOf("\n", index);
  return end === -1 ? text.length : end;
}

// Replaces the characters from `start` to `end` with `text`, then selects the part of it from
// `selectFrom` to `selectTo` (offsets within `text`).
function replace(area, start, end, text, selectFrom = text.length, selectTo = selectFrom) {
  area.focus();
  area.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, text)) {
    area.setRangeText(text, start, end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  area.setSelectionRange(start + selectFrom, start + selectTo);
}

// **bold**, *italic*, `code`: around the selection, or around a placeholder that stays selected.
function wrap(marker, placeholder) {
  return (area) => {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const chosen = value.slice(start, end);
    const inner = chosen || placeholder;
    replace(
      area,
      start,
      end,
      `${marker}${inner}${marker}`,
      marker.length,
      marker.length + inner.length,
    );
  };
}

// Prefixes each line the selection touches: quotes and lists.
function prefixLines(prefixFor) {
  return (area) => {
    const { value } = area;
    const start = lineStart(value, area.selectionStart);
    const end = lineEnd(value, Math.max(area.selectionStart, area.selectionEnd - 1));
    const lines = value.slice(start, end).split("\n");
    const text = lines.map((line, index) => prefixFor(index) + line).join("\n");
    replace(area, start, end, text, text.length);
  };
}

// A block of its own (a table, a code block): on its own lines, with blank lines around it.
function insertBlock(area, block, selectFrom, selectTo) {
  const { selectionStart: start, selectionEnd: end, value } = area;
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const text = `${lead}${block}${trail}`;
  replace(area, start, end, text, lead.length + selectFrom, lead.length + selectTo);
}

function link(area) {
  const { selectionStart: start, selectionEnd: end, value } = area;
  const chosen = value.slice(start, end);
  if (/^https?:\/\/\S+$/.test(chosen)) {
    const label = t("link text");
    replace(area, start, end, `[${label}](${chosen})`, 1, 1 + label.length);
  } else {
    const label = chosen || t("link text");
    const address = "https://";
    const text = `[${label}](${address})`;
    // The address is what is missing: the cursor waits after "https://".
    replace(area, start, end, text, label.length + 3 + address.length);
  }
}

function code(area) {
  const chosen = area.value.slice(area.selectionStart, area.selectionEnd);
  if (chosen.includes("\n")) {
    insertBlock(area, "```\n" + chosen + "\n```", 4, 4 + chosen.length);
  } else {
    wrap("`", t("code"))(area);
  }
}

function table(area) {
  const column = t("Column");
  const cell = t("Cell");
  const block = `| ${column} | ${column} |\n|---|---|\n| ${cell} | ${cell} |`;
  insertBlock(area, block, 2, 2 + column.length);
}

function image(area) {
  const { selectionStart: start, selectionEnd: end, value } = area;
  const description = value.slice(start, end) || t("image description");
  replace(area, start, end, `![${description}](https://)`, 2, 2 + description.length);
}

const ACTIONS = [
  { name: t("Bold"), label: "B", className: "toolbar__bold", key: "b", run: wrap("**", t("bold text")) },
  { name: t("Italic"), label: "I", className: "toolbar__italic", key: "i", run: wrap("*", t("italic text")) },
  { name: t("Link"), label: t("Link"), key: "k", run: link },
  // The bullet and the "1." are drawn by the stylesheet: the visible word stays part of the name.
  { name: t("Bulleted list"), label: t("List"), className: "toolbar__bulleted", run: prefixLines(() => "- ") },
  {
    name: t("Numbered list"),
    label: t("List"),
    className: "toolbar__numbered",
    run: prefixLines((index) => `${index + 1}. `),
  },
  { name: t("Quote"), label: t("Quote"), run: prefixLines(() => "> ") },
  { name: t("Code"), label: t("Code"), run: code },
  { name: t("Table"), label: t("Table"), run: table },
  { name: t("Image"), label: t("Image"), run: image },
];

let toolbarCount = 0;

function makeToolbar(area) {
  toolbarCount += 1;
  if (!area.id) {
    area.id = `post-box-${toolbarCount}`;
  }
  const bar = document.createElement("div");
  bar.className = "toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", t("Formatting"));
  bar.setAttribute("aria-controls", area.id);
  const buttons = ACTIONS.map((action, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `toolbar__button ${action.className || ""}`.trim();
    button.textContent = action.label;
    button.setAttribute("aria-label", action.name);
    button.tabIndex = index === 0 ? 0 : -1;
    if (action.key) {
      const key = action.key.toUpperCase();
      button.title = `${action.name} (${SHORTCUT_HINT}${key})`;
      button.setAttribute("aria-keyshortcuts", `Control+${key} Meta+${key}`);
    } else {
      button.title = action.name;
    }
    // The text keeps its selection while the pointer presses a button.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => action.run(area));
    bar.append(button);
    return button;
  });

  bar.addEventListener("keydown", (event) => {
    const current = buttons.indexOf(document.activeElement);
    const moves = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: buttons.length - 1,
    };
    if (current === -1 || !(event.key in moves)) {
      return;
    }
    event.preventDefault();
    const next = (moves[event.key] + buttons.length) % buttons.length;
    buttons[current].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  });

  area.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
      return;
    }
    const action = ACTIONS.find((candidate) => candidate.key === event.key.toLowerCase());
    if (action) {
      event.preventDefault();
      action.run(area);
    }
  });

  area.before(bar);
}

for (const area of document.querySelectorAll("form[data-preview-url] textarea[name='body']")) {
  makeToolbar(area);
}
