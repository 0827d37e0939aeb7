// Suggestions of members while a post is written. Typing "@" and the start of a username or a
// display name in a post box (a textarea carrying data-mention-suggest, the server's lookup
// address) lists matching members, the most active first; the arrow keys and Enter, or a click,
// put "@username " in place of what was typed. Without this script the text stays as typed,
// and "@username" written in full links the same way when the post is saved.

import { suggestionList } from "./suggestion-list.js";
import { t, tn } from "./strings.js";

const PAUSE_MS = 150;
// The "@name" being typed just before the caret; the @ must not follow a letter, digit or
// "@./-" (an e-mail address or a path), as the server reads mentions.
const TYPED = /(?:^|[^\p{L}\p{N}_@./-])@([A-Za-z0-9][A-Za-z0-9._-]{0,29})$/u;

function typedBeforeCaret(field) {
  if (field.selectionStart !== field.selectionEnd) {
    return null;
  }
  const match = TYPED.exec(field.value.slice(0, field.selectionStart));
  return match ? match[1] : null;
}

function fillOption(item, member) {
  const name = document.createElement("span");
  name.className = "suggestions__name";
  name.textContent = member.name;
  const username = document.createElement("span");
  username.className = "suggestions__username";
  username.textContent = `@${member.username}`;
  item.append(name, username);
}

function setUp(field) {
  const address = field.dataset.mentionSuggest;
  const answers = new Map(); // query -> members, for this page
  let timer = 0;
  let inFlight = null;

  const suggestions = suggestionList(field, {
    label: t("Members to mention"),
    take(member) {
      const typed = typedBeforeCaret(field) ?? "";
      const caret = field.selectionStart;
      const before = field.value.slice(0, caret - typed.length - 1);
      const inserted = `@${member.username} `;
      field.value = before + inserted + field.value.slice(caret);
      const end = before.length + inserted.length;
      field.setSelectionRange(end, end);
      // The live preview (preview.js) follows the text.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      return `@${member.username} inserted.`;
    },
  });

  function show(query, members) {
    if (typedBeforeCaret(field) !== query) {
      return; // the text moved on while the answer travelled
    }
    const count = members.length;
    suggestions.show(
      members,
      fillOption,
      count
        ? tn(
            "{count} member to mention; use the arrow keys to choose.",
            "{count} members to mention; use the arrow keys to choose.",
            count,
          )
        : "",
    );
  }

  async function lookUp(query) {
    if (answers.has(query)) {
      show(query, answers.get(query));
      return;
    }
    inFlight?.abort();
    inFlight = new AbortController();
    try {
      const response = await fetch(`${address}?${new URLSearchParams({ q: query })}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      if (!response.ok) {
        suggestions.close(); // logged out or too many lookups: the text simply stays
        return;
      }
      const { members } = await response.json();
      answers.set(query, Array.isArray(members) ? members : []);
      show(query, answers.get(query));
    } catch {
      // Aborted by a newer lookup, or the network failed: nothing to show.
    }
  }

  function refresh() {
    window.clearTimeout(timer);
    const query = typedBeforeCaret(field);
    if (!query) {
      suggestions.close();
      return;
    }
    timer = window.setTimeout(() => lookUp(query), PAUSE_MS);
  }

  field.addEventListener("input", refresh);
  field.addEventListener("keydown", (event) => suggestions.keydown(event));
  // The caret moved away from the name (or onto another one) without typing.
  field.addEventListener("click", refresh);
  field.addEventListener("keyup", (event) => {
    if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) {
      refresh();
    }
  });
}

for (const field of document.querySelectorAll("textarea[data-mention-suggest]")) {
  setUp(field);
}
