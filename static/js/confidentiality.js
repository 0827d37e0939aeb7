// The confidentiality guard while a post is written. The server checks the text when the form
// is sent and, when something looks confidential, shows the form again with a warning box
// ("Edit" or "Post anyway"); that works without this script. With it, the same box follows the
// text as the member types: preview.js asks the server's live preview, whose answer carries the
// guard's findings for this member (their private watch list never reaches the page), and hands
// them over as a "preview:checked" event on the form.

import { t } from "./strings.js";
let boxCount = 0;

function item(finding) {
  const line = document.createElement("li");
  const where = document.createElement("span");
  where.className = "guard__where";
  where.textContent = `${finding.where.charAt(0).toUpperCase()}${finding.where.slice(1)}:`;
  const quoted = document.createElement("span");
  quoted.className = "guard__text";
  quoted.textContent = finding.text;
  line.append(where, ` ${finding.kind}, “`, quoted, "”");
  return line;
}

function makeBox(form, text) {
  boxCount += 1;
  const titleId = `guard-live-title-${boxCount}`;
  const box = document.createElement("div");
  box.className = "guard guard--live";
  box.dataset.guard = "";
  box.setAttribute("aria-labelledby", titleId);
  const heading = document.createElement("h2");
  heading.id = titleId;
  heading.className = "guard__title";
  heading.textContent = t("Before you post: this may be confidential");
  const lede = document.createElement("p");
  lede.textContent =
    t("These look like details a client, an employer or a colleague may not want on a public forum:");
  const list = document.createElement("ul");
  list.className = "guard__findings";
  const note = document.createElement("p");
  note.className = "guard__note";
  note.textContent = t("Nothing is blocked and nothing about this check is kept.");
  const actions = document.createElement("div");
  actions.className = "form-actions";
  const edit = document.createElement("a");
  edit.className = "button button--primary";
  edit.href = `#${text.id}`;
  edit.dataset.guardEdit = "";
  edit.textContent = t("Edit");
  const anyway = document.createElement("button");
  anyway.type = "submit";
  anyway.name = "post_anyway";
  anyway.value = "1";
  anyway.className = "button";
  anyway.textContent = t("Post anyway");
  actions.append(edit, anyway);
  box.append(heading, lede, list, note, actions);
  const token = form.querySelector("input[name='csrfmiddlewaretoken']");
  (token || form.firstChild).after(box);
  return box;
}

function setUp(form) {
  const text = form.querySelector("textarea[name='body']");
  if (!text) {
    return;
  }
  // Says what changed to screen readers without moving their focus while they type.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(status);
  let said = "";

  function show(report) {
    const findings = report.findings || [];
    let box = form.querySelector("[data-guard]");
    if (!findings.length) {
      if (box) {
        box.hidden = true;
      }
      if (said) {
        status.textContent = t("Nothing in your text looks confidential now.");
        said = "";
      }
      return;
    }
    box = box || makeBox(form, text);
    // The box the server rendered is an alert for the page it came with; from here on it
    // changes while the member types, which the status line announces instead.
    box.removeAttribute("role");
    const list = box.querySelector(".guard__findings");
    const items = findings.map(item);
    if (report.more) {
      const more = document.createElement("li");
      more.textContent = t("and {count} more", { count: report.more });
      items.push(more);
    }
    list.replaceChildren(...items);
    box.hidden = false;
    const summary = `${findings.length + (report.more || 0)} thing${
      findings.length + (report.more || 0) === 1 ? "" : "s"
    } in your text may be confidential.`;
    if (summary !== said) {
      status.textContent = summary;
      said = summary;
    }
  }

  form.addEventListener("preview:checked", (event) => show(event.detail));
  form.addEventListener("click", (event) => {
    const edit = event.target.closest("[data-guard-edit]");
    if (edit) {
      event.preventDefault();
      text.focus();
    }
  });
  if (form.confidentialityChecked) {
    show(form.confidentialityChecked);
  }
}

for (const form of document.querySelectorAll("form[data-preview-url]")) {
  setUp(form);
}
