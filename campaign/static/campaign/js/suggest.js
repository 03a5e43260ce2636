// Offers titles under the search box as the visitor types, from /search/suggest/.
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var latest = "";

  function show(titles) {
    list.textContent = "";
    titles.forEach(function (title) {
      var option = document.createElement("option");
      option.value = title;
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    var prefix = input.value.trim();
    window.clearTimeout(timer);
    if (!prefix) { show([]); return; }
    timer = window.setTimeout(function () {
      latest = prefix;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (data.query === latest) { show(data.suggestions || []); } })
        .catch(function () { show([]); });
    }, 200);
  });
}());
