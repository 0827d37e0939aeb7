// The watching menus (thread page, tag page): choosing a level sends the form at once, in the
// background, asking the server for JSON, and the line under the choices says the new level
// (announced to screen readers). The forms work without this script (a "Save" button and a
// plain POST); any answer other than the expected JSON sends the form the ordinary way, so the
// member always gets a result.

function setUp(form) {
  const state = form.querySelector("[data-watch-state]");
  const button = form.querySelector("button[type='submit']");
  if (!state || !button) {
    return;
  }
  state.setAttribute("role", "status");
  // Each choice is sent as it is made: the button would only repeat it.
  button.hidden = true;
  let sent = null;
  let waiting = null;

  async function send() {
    const body = new FormData(form);
    const level = body.get("level");
    if (!level || level === sent) {
      return;
    }
    form.setAttribute("aria-busy", "true");
    let answer = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") || "";
      if (response.ok && type.startsWith("application/json")) {
        answer = await response.json();
      }
    } catch (error) {
      answer = null;
    }
    form.removeAttribute("aria-busy");
    if (!answer || typeof answer.level !== "string") {
      form.submit(); // the server's own page says what happened
      return;
    }
    sent = answer.level;
    state.textContent = answer.message;
    // A later choice made while this one travelled is sent in its turn.
    if (new FormData(form).get("level") !== sent) {
      send();
    }
  }

  sent = new FormData(form).get("level");
  form.addEventListener("change", () => {
    // Arrow keys move through the choices one by one: send the one the member stops on.
    clearTimeout(waiting);
    waiting = setTimeout(send, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(waiting);
    send();
  });
}

for (const form of document.querySelectorAll("form[data-watch-menu]")) {
  setUp(form);
}
