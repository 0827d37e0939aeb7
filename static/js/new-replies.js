// The replies a subscriber has not seen yet. The server marks the first one with a "New" badge
// (id="new", focusable) and sends a returning subscriber to it (…#new), so the browser scrolls
// there and puts keyboard focus on it even without this script. With it, the same happens when
// the page is reached without the #new in its address, and a note above the reply says, and
// screen readers announce, how many new replies the page holds.

import { tn } from "./strings.js";
function setUp() {
  const marker = document.getElementById("new");
  const hash = window.location.hash;
  if (!marker || (hash && hash !== "#new")) {
    return; // nothing new, or the address points at something else on purpose
  }
  const post = marker.closest(".post");
  if (!post) {
    return;
  }
  const count = document.querySelectorAll(".post--new").length;
  const note = document.createElement("p");
  note.className = "new-replies-note";
  note.setAttribute("role", "status");
  post.before(note);
  marker.focus({ preventScroll: true });
  note.scrollIntoView({ block: "start" });
  // Filled in once the region is in the page, so that screen readers announce it.
  window.requestAnimationFrame(() => {
    note.textContent = tn(
      "New since your last visit: {count} reply on this page, starting here.",
      "New since your last visit: {count} replies on this page, starting here.",
      count,
    );
  });
}

setUp();
