// Security keys and passkeys (WebAuthn) need a script: allauth's webauthn.js asks the browser
// for the key and sends the form. This one shows the buttons that start it, in place of the
// note that JavaScript is needed, and turns a failure (the member cancelled, the key is not
// one of theirs, the browser has no WebAuthn) into a message on the page, not the console.

(function () {
  const supported = typeof window.PublicKeyCredential === "function";
  const problem = document.getElementById("webauthn-problem");

  document.querySelectorAll(".two-factor__needs-js").forEach((note) => {
    if (supported) {
      note.hidden = true;
    } else {
      note.textContent = note.dataset.webauthnUnsupported;
    }
  });
  if (supported) {
    document.querySelectorAll(".two-factor__js-only").forEach((element) => {
      element.hidden = false;
    });
  }

  document.addEventListener("allauth.error", (event) => {
    event.preventDefault();
    if (!problem) {
      return;
    }
    const cancelled = event.detail && event.detail.exception && event.detail.exception.name === "NotAllowedError";
    problem.textContent = cancelled
      ? problem.dataset.cancelled
      : problem.dataset.failed;
    problem.focus();
  });
})();
