// Offer a member who has not chosen a time zone the one their browser reports: "Show times in
// Asia/Tokyo? Yes / No". The page carries the offer hidden, as an ordinary form at the top of
// the main content; this script only fills in the zone and shows it. Either button posts the
// form (with its CSRF token) and the page comes back with the answer applied; nothing is set
// without the member's "Yes". Without script, or when the browser reports UTC or nothing, the
// offer stays hidden.

const offer = document.getElementById("time-zone-offer");
let zone = "";
try {
  zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
} catch (error) {
  zone = "";
}
// An IANA name: letters, digits and "/_+-". Anything else is not worth offering.
const plausible = /^[A-Za-z][A-Za-z0-9/_+-]{1,62}$/.test(zone);
if (offer && plausible && zone !== "UTC" && zone !== "Etc/UTC") {
  offer.querySelector("[data-zone]").textContent = zone;
  offer.querySelector("input[name='time_zone']").value = zone;
  offer.hidden = false;
}
