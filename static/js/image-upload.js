// Attaching images to a post while it is written. Posting forms carry a fieldset
// [data-image-upload] (templates/forum/_image_attach.html) whose file field, description and
// "Attach image" button work without this script: the server stores the image and adds its
// Markdown to the end of the text. With it, the member adds an image with a button, by
// dropping it onto the text or by pasting it; a dialog asks what the image shows, the image is
// uploaded on its own (POST to data-upload-url, the same checks as the form), and its Markdown,
// ![description](address), goes where the cursor was. What happens is said in the fieldset's
// status line, which screen readers announce.

import { t } from "./strings.js";
let dialogCount = 0;

function status(line, message) {
  line.textContent = ""; // the same message twice is still announced
  window.setTimeout(() => {
    line.textContent = message;
  }, 50);
}

// One dialog per form, outside it (forms cannot nest): asks for the image's description.
function makeDialog() {
  dialogCount += 1;
  const id = (name) => `image-dialog-${dialogCount}-${name}`;
  const dialog = document.createElement("dialog");
  dialog.className = "image-dialog";
  dialog.setAttribute("aria-labelledby", id("title"));
  dialog.setAttribute("aria-describedby", id("file"));
  const form = document.createElement("form");
  form.method = "dialog";
  form.noValidate = true;
  const title = document.createElement("h2");
  title.id = id("title");
  title.textContent = t("Describe the image");
  const file = document.createElement("p");
  file.id = id("file");
  file.className = "image-dialog__file";
  const picture = document.createElement("img");
  picture.className = "image-dialog__picture";
  picture.alt = "";
  picture.hidden = true;
  const field = document.createElement("div");
  field.className = "field";
  const label = document.createElement("label");
  label.className = "field__label";
  label.htmlFor = id("alt");
  label.textContent = t("Description");
  const help = document.createElement("p");
  help.className = "field__help";
  help.id = id("help");
  help.textContent = t("What it shows, for readers who cannot see it.");
  const error = document.createElement("p");
  error.className = "field__errors";
  error.id = id("error");
  const input = document.createElement("input");
  input.type = "text";
  input.id = id("alt");
  input.maxLength = 250;
  input.autocomplete = "off";
  input.setAttribute("aria-describedby", `${help.id} ${error.id}`);
  field.append(label, help, error, input);
  const actions = document.createElement("div");
  actions.className = "form-actions";
  const insert = document.createElement("button");
  insert.className = "button button--primary";
  insert.value = "insert";
  insert.textContent = t("Add the image");
  const cancel = document.createElement("button");
  cancel.className = "button";
  cancel.value = "cancel";
  cancel.textContent = t("Cancel");
  actions.append(insert, cancel);
  form.append(title, file, picture, field, actions);
  dialog.append(form);
  document.body.append(dialog);

  form.addEventListener("submit", (event) => {
    if (event.submitter === insert && !input.value.trim()) {
      event.preventDefault();
      error.textContent = t("Please describe the image for readers who cannot see it.");
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  });

  // Resolves to the description, or null when the member cancels (the button or Escape).
  return function ask(chosen) {
    file.textContent = t("File: {name}", { name: chosen.name });
    input.value = "";
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    picture.hidden = true;
    picture.removeAttribute("src");
    // A look at the picture helps to describe it. A data: address, which the content security
    // policy allows for images (blob: addresses it does not).
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      picture.src = reader.result;
      picture.hidden = false;
    });
    reader.readAsDataURL(chosen);
    dialog.returnValue = "";
    dialog.showModal();
    input.focus();
    return new Promise((resolve) => {
      dialog.addEventListener(
        "close",
        () => resolve(dialog.returnValue === "insert" ? input.value.trim() : null),
        { once: true },
      );
    });
  };
}

function setUp(box) {
  const form = box.closest("form");
  const text = form && form.querySelector("textarea[name='body']");
  const token = form && form.querySelector("input[name='csrfmiddlewaretoken']");
  const plain = box.querySelector("[data-image-fields]");
  const line = box.querySelector("[data-image-status]");
  if (!text || !token || !plain || !line) {
    return;
  }
  const maxBytes = Number(box.dataset.maxBytes);
  const accept = plain.querySelector("input[type='file']").accept;

  // The form's own fields give way: not sent, and "Attach image" (the form's first button,
  // which Enter in a field would press) gone, so that Enter previews as it did.
  plain.hidden = true;
  for (const field of plain.querySelectorAll("input")) {
    field.disabled = true;
  }
  plain.querySelector("button[name='attach_image']").remove();

  const picker = document.createElement("input");
  picker.type = "file";
  picker.accept = accept;
  picker.multiple = true;
  picker.hidden = true;
  picker.tabIndex = -1;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = t("Add an image");
  button.dataset.imageAdd = ""; // for other controls of the form that offer to add an image
  button.setAttribute("aria-describedby", "image-attach-help image-attach-more");
  const more = document.createElement("p");
  more.className = "field__help";
  more.id = "image-attach-more";
  more.textContent = t("You can also drop images onto your text or paste them into it.");
  plain.after(more, button, picker);

  const ask = makeDialog();
  let touched = false; // where the cursor is means nothing until the text has had focus
  text.addEventListener("focus", () => {
    touched = true;
  });

  function insert(markdown) {
    const value = text.value;
    const start = touched ? text.selectionStart : value.length;
    const end = touched ? text.selectionEnd : value.length;
    const before = value.slice(0, start);
    const after = value.slice(end);
    // A paragraph of its own, so that it is not read as part of the sentence around it.
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const trail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    text.focus();
    text.setRangeText(lead + markdown + trail, start, end, "end");
    text.dispatchEvent(new Event("input", { bubbles: true })); // the live preview follows
  }

  async function send(chosen, description) {
    const data = new FormData();
    data.append("image", chosen, chosen.name);
    data.append("image_alt", description);
    data.append("body", text.value);
    let response;
    try {
      response = await fetch(box.dataset.uploadUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
        credentials: "same-origin",
      });
    } catch (error) {
      return { error: t("The image could not be sent: the connection failed. Please try again.") };
    }
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/json")) {
      return {
        error: t("The image could not be attached (the server answered {status}). Please try again later.", {
          status: response.status,
        }),
      };
    }
    return response.json();
  }

  async function attach(files) {
    for (const chosen of files) {
      if (chosen.size > maxBytes) {
        status(
          line,
          t("“{name}” is larger than {size} MB. Please choose a smaller image.", {
            name: chosen.name,
            size: Math.round(maxBytes / 1048576),
          }),
        );
        continue;
      }
      // Chromium forgets where the cursor was while the dialog holds the page: put it back.
      const [start, end] = [text.selectionStart, text.selectionEnd];
      const description = await ask(chosen);
      text.setSelectionRange(start, end);
      if (description === null) {
        status(line, t("“{name}” was not added.", { name: chosen.name }));
        continue;
      }
      status(line, t("Uploading “{name}”…", { name: chosen.name }));
      button.disabled = true;
      const answer = await send(chosen, description);
      button.disabled = false;
      if (answer.markdown) {
        insert(answer.markdown);
        status(line, t("Image added to your text: {description}.", { description }));
      } else {
        status(line, answer.error || t("The image could not be attached."));
      }
    }
  }

  button.addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const files = [...picker.files];
    picker.value = ""; // the same file may be chosen again
    attach(files);
  });

  const withFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  text.addEventListener("dragover", (event) => {
    if (withFiles(event)) {
      event.preventDefault();
      text.classList.add("is-dropping");
    }
  });
  text.addEventListener("dragleave", () => text.classList.remove("is-dropping"));
  text.addEventListener("drop", (event) => {
    text.classList.remove("is-dropping");
    if (withFiles(event) && event.dataTransfer.files.length) {
      event.preventDefault();
      attach([...event.dataTransfer.files]);
    }
  });
  text.addEventListener("paste", (event) => {
    const clipboard = event.clipboardData;
    // Copied cells or text often come with a picture of themselves: the text wins then.
    if (!clipboard || clipboard.types.includes("text/plain")) {
      return;
    }
    const images = [...clipboard.files].filter((item) => item.type.startsWith("image/"));
    if (images.length) {
      event.preventDefault();
      attach(images);
    }
  });
}

for (const box of document.querySelectorAll("[data-image-upload]")) {
  setUp(box);
}
