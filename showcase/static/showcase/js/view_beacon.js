// Counts this view: the page itself may come from a shared cache that Django never hears from.
(function () {
  "use strict";
  var header = document.querySelector("[data-view-beacon]");
  if (!header || !window.fetch) { return; }
  fetch(header.getAttribute("data-view-beacon"), { credentials: "omit", cache: "no-store", keepalive: true });
})();
