// A list of suggestions under a text field, shared by tag-suggest.js and mentions.js: an ARIA
// listbox that the field controls. The arrow keys move through it (the field keeps the focus
// and names the highlighted option with aria-activedescendant), Enter or a click takes the
// highlighted one, Escape closes it, and a status region says how many there are.
//
// A one-line input becomes a combobox (role and aria-expanded); a textarea keeps its own role,
// which takes neither, and says the same through aria-autocomplete and aria-controls.

export function suggestionList(field, { label, take }) {
  const listId = `${field.id}-suggestions`;
  const box = document.createElement("ul");
  box.id = listId;
  box.className = "suggestions";
  box.setAttribute("role", "listbox");
  box.setAttribute("aria-label", label);
  box.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  field.after(box, status);

  const combobox = field.tagName === "INPUT";
  if (combobox) {
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-expanded", "false");
  }
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", listId);
  field.closest(".field")?.classList.add("field--suggest");

  let active = -1;
  let values = [];

  function expanded(open) {
    if (combobox) {
      field.setAttribute("aria-expanded", String(open));
    }
  }

  function close() {
    box.hidden = true;
    box.replaceChildren();
    active = -1;
    values = [];
    expanded(false);
    field.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const items = Array.from(box.children);
    active = (index + items.length) % items.length;
    items.forEach((item, n) => item.setAttribute("aria-selected", String(n === active)));
    field.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  // Shows `found` (values for `take`), each option filled in by `fill(item, value)`, and says
  // `summary` to screen readers; an empty list closes.
  function show(found, fill, summary) {
    if (!found.length) {
      close();
      status.textContent = "";
      return;
    }
    values = found;
    box.replaceChildren(
      ...found.map((value, n) => {
        const item = document.createElement("li");
        item.id = `${listId}-${n}`;
        item.className = "suggestions__item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        fill(item, value);
        // mousedown, not click: the choice must be made before the field loses focus.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(n);
        });
        return item;
      }),
    );
    active = -1;
    box.hidden = false;
    expanded(true);
    field.removeAttribute("aria-activedescendant");
    status.textContent = summary;
  }

  function choose(index) {
    const value = values[index];
    close();
    field.focus();
    status.textContent = take(value);
  }

  // Handles the keys of an open list; returns whether it did (the caller does nothing more).
  function keydown(event) {
    if (box.hidden) {
      return false;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      choose(active); // a choice, not a new line or a sent form
    } else if (event.key === "Escape") {
      close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  field.addEventListener("blur", close);
  return { show, close, highlight, keydown, isOpen: () => !box.hidden };
}
