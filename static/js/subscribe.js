// Subscribe and unsubscribe on the thread page without leaving it. The forms marked
// data-subscribe work as plain forms; with this script they are sent in the background, asking
// the server for JSON, and the form then shows the new state: its text (announced to screen
// readers), its button and where the button posts next. Any answer other than the expected
// JSON sends the form the ordinary way instead, so the member always gets a result.

function setUp(form) {
  const button = form.querySelector("button[type='submit']");
  const state = form.querySelector(".subscribe-form__state");
  if (!button || !state) {
    return;
  }
  state.setAttribute("role", "status");
  let busy = false;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    form.setAttribute("aria-busy", "true");
    let answer = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
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
    busy = false;
    form.removeAttribute("aria-busy");
    if (!answer || typeof answer.subscribed !== "boolean") {
      form.submit(); // the server's own page says what happened
      return;
    }
    form.action = answer.action;
    button.textContent = answer.button;
    button.classList.toggle("button--primary", !answer.subscribed);
    state.textContent = answer.message;
  });
}

for (const form of document.querySelectorAll("form[data-subscribe]")) {
  setUp(form);
}
