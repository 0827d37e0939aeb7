// The replies a subscriber has not seen yet. The server marks the first one with a "New" badge
// (id="new") and sends a returning subscriber to it (…#new), which scrolls there even without
// this script. With it, keyboard focus moves to that reply too, so the next Tab or the screen
// reader starts there, and a note says how many new replies the page holds.

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

  post.setAttribute("tabindex", "-1");
  post.focus({ preventScroll: true });
  note.scrollIntoView({ block: "start" });
  // Filled in after the region is in the page, so that screen readers announce it.
  window.requestAnimationFrame(() => {
    const replies = count === 1 ? "1 reply" : `${count} replies`;
    note.textContent = `New since your last visit: ${replies} on this page, starting here.`;
  });
}

setUp();
