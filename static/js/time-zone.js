// Offer a member who has not chosen a time zone the one their browser reports: "Show times in
// Asia/Tokyo? Yes / No". The page carries the offer as a <template> with an ordinary form; this
// script only fills in the zone and shows it at the top of the page. Either button posts the
// form (with its CSRF token) and the page comes back with the answer applied; nothing is set
// without the member's "Yes". Without script, or when the browser reports UTC or nothing,
// nothing is shown.

const template = document.getElementById("time-zone-offer");
const main = document.getElementById("main");
let zone = "";
try {
  zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
} catch (error) {
  zone = "";
}
// An IANA name: letters, digits and "/_+-". Anything else is not worth offering.
const plausible = /^[A-Za-z][A-Za-z0-9/_+-]{1,62}$/.test(zone);
if (template && main && plausible && zone !== "UTC" && zone !== "Etc/UTC") {
  const offer = template.content.firstElementChild.cloneNode(true);
  offer.querySelector("[data-zone]").textContent = zone;
  offer.querySelector("input[name='time_zone']").value = zone;
  main.prepend(offer);
}
