// Narrow the participant list as one types; accents and case are ignored ("viet yen" finds "Việt Yên").
(function () {
  "use strict";
  var input = document.getElementById("participant-filter");
  if (!input) return;
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").toLowerCase(); }
  var rows = Array.prototype.map.call(document.querySelectorAll("#participant-list .participant"), function (row) {
    return {row: row, text: fold(row.dataset.search)};
  });
  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    rows.forEach(function (r) {
      r.row.hidden = !words.every(function (w) { return r.text.indexOf(w) !== -1; });
    });
  });
})();
