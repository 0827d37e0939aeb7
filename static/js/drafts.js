// Keeps what a member types in a posting form as a draft on the server (POST /drafts/save/):
// when they pause typing, every few seconds while they go on, when they leave the page, and at
// once on "Save draft". Without this script the "Save draft" button sends the whole form to its own page,
// which saves it (writing/posting.py); coming back to the form restores the draft either way.
//
// The request carries the CSRF token in its header. Leaving the page uses fetch with keepalive,
// which outlives the page (sendBeacon cannot send that header). Posting the form saves nothing
// more: the post deletes the draft, and a late save would bring it back.

import { t } from "./strings.js";
// A pause this long saves (the live preview has asked for its rendering by then, so the two
// rarely cross); typing without a pause saves this often.
const SAVE_AFTER_PAUSE_MS = 1500;
const SAVE_AT_LEAST_EVERY_MS = 8000;
// The server takes one save every 2 s from a member (writing/services.py).
const SAVES_APART_MS = 2100;
const TOKEN_FIELD = "csrfmiddlewaretoken";

// Every field of the form as text, without the token or files: what decides whether anything
// changed since the last save.
function fieldsOf(form) {
  const data = new FormData(form);
  data.delete(TOKEN_FIELD);
  for (const [name, value] of [...data.entries()]) {
    if (value instanceof File) {
      data.delete(name);
    }
  }
  return data;
}

function snapshot(form) {
  return new URLSearchParams(fieldsOf(form)).toString();
}

function makeStatus(button) {
  // Seen next to the button; each save is not read out (that would interrupt every few
  // seconds). Problems and "Save draft" itself are announced by the status region.
  const seen = document.createElement("span");
  seen.className = "draft-status";
  const announced = document.createElement("span");
  announced.className = "visually-hidden";
  announced.setAttribute("role", "status");
  button.after(seen, announced);
  return {
    show(text, { announce = false } = {}) {
      seen.textContent = text;
      if (announce) {
        announced.textContent = "";
        announced.textContent = text;
      }
    },
  };
}

function clock() {
  return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function setUp(button) {
  const form = button.form;
  const token = form && form.querySelector(`input[name='${TOKEN_FIELD}']`);
  if (!token) {
    return;
  }
  const key = button.dataset.draftTarget;
  const status = makeStatus(button);
  let saved = snapshot(form); // the page opened with what the server has (or nothing)
  let timer = 0;
  let unsavedSince = 0; // when the first change not saved yet was made
  let notBefore = 0; // no save before then: the last one was just sent, or the server said so
  let stopped = false;

  function schedule(delay = SAVE_AFTER_PAUSE_MS) {
    if (stopped) {
      return;
    }
    unsavedSince = unsavedSince || Date.now();
    const latest = unsavedSince + SAVE_AT_LEAST_EVERY_MS - Date.now();
    window.clearTimeout(timer);
    timer = window.setTimeout(
      () => {
        timer = 0;
        save();
      },
      Math.max(Math.min(delay, latest), notBefore - Date.now(), 0),
    );
  }

  // Resolves to "saved", "unchanged", "wait", "refused" or "failed" (no answer we understand).
  async function save({ leaving = false, announce = false } = {}) {
    const current = snapshot(form);
    if (stopped || current === saved) {
      unsavedSince = 0;
      return "unchanged";
    }
    if (!leaving && Date.now() < notBefore) {
      schedule();
      return "wait";
    }
    if (leaving) {
      // Hiding the page and leaving it come one after the other: one save for both.
      saved = current;
    }
    notBefore = Math.max(notBefore, Date.now() + SAVES_APART_MS);
    const data = fieldsOf(form);
    data.set("target", key);
    let response;
    try {
      response = await fetch(button.dataset.draftUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
        credentials: "same-origin",
        keepalive: leaving,
      });
    } catch (error) {
      return "failed";
    }
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/json")) {
      return "failed";
    }
    if (response.ok) {
      saved = current;
      unsavedSince = 0;
    }
    if (leaving) {
      return response.ok ? "saved" : "failed";
    }
    const answer = await response.json();
    if (response.ok) {
      status.show(answer.saved ? t("Draft saved at {time}", { time: clock() }) : t("Nothing to keep as a draft"), {
        announce,
      });
      return "saved";
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get("Retry-After")) || 2;
      notBefore = Date.now() + seconds * 1000;
      schedule(0);
      return "wait";
    }
    status.show(answer.problem || t("The draft could not be saved."), { announce: true });
    return "refused";
  }

  form.addEventListener("input", () => schedule());
  form.addEventListener("change", () => schedule());

  button.addEventListener("click", async (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    timer = 0;
    const result = await save({ announce: true });
    if (result === "unchanged") {
      status.show(t("No changes since the last save."), { announce: true });
    } else if (result === "wait") {
      status.show(t("Draft saved a moment ago; saving again in a few seconds."), { announce: true });
    } else if (result === "failed") {
      form.requestSubmit(button); // the server's own "Save draft", as without this script
    }
  });

  // Whatever the form is sent for (posting, or the server's own "Save draft"), the page has
  // nothing more to save: the server keeps or posts what was sent.
  form.addEventListener("submit", stop);

  function stop() {
    stopped = true;
    window.clearTimeout(timer);
  }

  function leave() {
    save({ leaving: true });
  }

  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      leave();
    }
  });

  // "Discard" above the form: what it throws away must not be saved again on the way out.
  for (const discard of document.querySelectorAll("form[data-draft-discard]")) {
    if (discard.dataset.draftDiscard === key) {
      discard.addEventListener("submit", stop);
    }
  }
}

for (const button of document.querySelectorAll("button[data-draft-url][data-draft-target]")) {
  setUp(button);
}
