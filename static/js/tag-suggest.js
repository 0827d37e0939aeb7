// Tag suggestions for the comma-separated tags field. The field names a <datalist> of the
// forum's tags, which browsers only match against the whole value, so after the first comma it
// stops helping. This script suggests tags for the part after the last comma instead, as an
// ARIA combobox: arrow keys move through the list, Enter or a click takes a tag, Escape closes.
// Without it the field is plain text with the datalist, and works the same on the server.

import { suggestionList } from "./suggestion-list.js";
import { t, tn } from "./strings.js";

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
  // The datalist would offer whole-field matches on top of ours.
  input.removeAttribute("list");
  const suggestions = suggestionList(input, {
    label: t("Suggested tags"),
    take(name) {
      const { head } = currentPart(input.value);
      const before = head ? `${head.trimEnd()} ` : "";
      input.value = `${before}${name}, `;
      input.setSelectionRange(input.value.length, input.value.length);
      return `${name} added.`;
    },
  });

  function refresh() {
    const { head, part } = currentPart(input.value);
    const found = matches(names, head, part);
    suggestions.show(
      found,
      (item, name) => {
        item.textContent = name;
      },
      tn(
        "{count} tag suggested; use the arrow keys to choose.",
        "{count} tags suggested; use the arrow keys to choose.",
        found.length,
      ),
    );
  }

  input.addEventListener("input", refresh);
  input.addEventListener("keydown", (event) => {
    if (suggestions.keydown(event) || event.key !== "ArrowDown") {
      return;
    }
    refresh();
    if (suggestions.isOpen()) {
      suggestions.highlight(0);
      event.preventDefault();
    }
  });
}

for (const input of document.querySelectorAll("input[list='tag-options']")) {
  setUp(input);
}
