// hitstaff: on a phone, a list's filters start folded away unless some are in use, so that the
// list itself is on the first screen. Without JavaScript they stay open.
(function () {
  "use strict";
  function fold() {
    if (!window.matchMedia("(max-width: 40rem)").matches) return;
    document.querySelectorAll("details.filter-box[data-fold]").forEach(function (d) {
      d.open = false;
      d.removeAttribute("data-fold");
    });
  }
  document.addEventListener("DOMContentLoaded", fold);
  document.addEventListener("htmx:afterSettle", fold);
})();
