// The template editor's help panel: narrow the list of figures as one types (key or name).
(function () {
  "use strict";
  var input = document.getElementById("figure-filter");
  if (!input) return;
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll("#figure-list .figure-row").forEach(function (row) {
      var text = row.dataset.search;
      row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
    });
  });
})();
