// Live preview of a post while it is written. Forms that opt in carry data-preview-url (the
// server's /preview/ endpoint) and keep their own Preview button, which without this script
// sends the whole form and shows the preview on the next page. With it, the preview follows the
// text as the member types, and the button updates it in place.
//
// The server renders and sanitises the Markdown exactly as it does for stored posts, so what
// is shown here is what will be published. Its answer also carries what the confidentiality
// guard finds in the text (and in the title, on the ask form): that is handed to
// confidentiality.js as a "preview:checked" event on the form, and kept as
// form.confidentialityChecked for a script that starts later.

import { t } from "./strings.js";
const PAUSE_MS = 500;
let previewCount = 0;

function makeRegion(field) {
  previewCount += 1;
  const titleId = `live-preview-title-${previewCount}`;
  const region = document.createElement("section");
  region.className = "preview preview--live";
  region.setAttribute("aria-labelledby", titleId);
  region.hidden = true;
  const title = document.createElement("h2");
  title.id = titleId;
  title.textContent = t("Preview");
  const body = document.createElement("div");
  body.className = "prose";
  region.append(title, body);
  field.after(region);
  return region;
}

function makeStatus(form) {
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(status);
  return status;
}

function setUp(form) {
  const text = form.querySelector("textarea[name='body']");
  const title = form.querySelector("input[name='title']");
  const button = form.querySelector("button[name='preview']");
  const token = form.querySelector("input[name='csrfmiddlewaretoken']");
  if (!text || !token) {
    return;
  }
  // A preview the server already rendered (after the button was used without this script)
  // is reused; otherwise the preview appears right under the text.
  const region =
    form.parentElement.querySelector(".preview") || makeRegion(text.closest(".field") || text);
  const output = region.querySelector(".prose");
  const status = makeStatus(form);
  let timer = 0;
  let inFlight = null;
  let lastSent = null;

  function show(html, problem) {
    if (problem) {
      const message = document.createElement("p");
      message.className = "preview__problem";
      message.textContent = problem;
      output.replaceChildren(message);
    } else if (html) {
      // Sanitised by the server (forum.markup.render_markdown), like every stored post.
      const parsed = new DOMParser().parseFromString(html, "text/html");
      output.replaceChildren(...parsed.body.childNodes);
    } else {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = t("Nothing to preview yet.");
      output.replaceChildren(empty);
    }
    region.hidden = false;
  }

  // Resolves to true when the preview shows the current text, false when it could not be had.
  async function update() {
    const body = text.value;
    const sent = title ? `${title.value}\n${body}` : body;
    if (sent === lastSent) {
      return true;
    }
    if (inFlight) {
      inFlight.abort();
    }
    inFlight = new AbortController();
    const data = new FormData();
    data.append("body", body);
    if (title) {
      data.append("title", title.value);
    }
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      const type = response.headers.get("Content-Type") || "";
      if (!type.startsWith("application/json")) {
        return false;
      }
      const answer = await response.json();
      if (!response.ok && !answer.problem) {
        return false;
      }
      show(answer.html || "", answer.problem || "");
      if (answer.confidential) {
        form.confidentialityChecked = answer.confidential;
        form.dispatchEvent(new CustomEvent("preview:checked", { detail: answer.confidential }));
      }
      lastSent = sent;
      return true;
    } catch (error) {
      return error.name === "AbortError";
    }
  }

  for (const field of title ? [text, title] : [text]) {
    field.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, PAUSE_MS);
    });
  }

  if (button) {
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      window.clearTimeout(timer);
      lastSent = null; // the button always asks again
      if (await update()) {
        status.textContent = "";
        status.textContent = form.contains(region)
          ? t("Preview updated, below your text.")
          : t("Preview updated, above the form.");
      } else {
        form.requestSubmit(button); // the server's preview page, as without this script
      }
    });
  }

  if (text.value.trim() && region.hidden) {
    update();
  }
}

for (const form of document.querySelectorAll("form[data-preview-url]")) {
  setUp(form);
}
