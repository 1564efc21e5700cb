// The "new report" form: a period preset fills the type and the dates; the areas offered follow the map of the
// chosen date; the header fields are prefilled from the last report of the same type and area.
(function () {
  "use strict";
  var form = document.getElementById("run-form");
  if (!form) return;
  var $ = function (name) { return form.elements[name]; };

  function toDisplay(iso) { // 2019-09-30 -> 30/09/2019
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }
  function toIso(text) { // 30/09/2019 -> 2019-09-30; "" when it is not a date
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text || "").trim());
    if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test((text || "").trim()) ? text.trim() : "";
  }

  function refreshAreas() {
    var on = toIso($("map_date").value) || toIso($("period_end").value);
    if (!on) return;
    var select = $("area");
    fetch(form.dataset.areasUrl + "?on=" + encodeURIComponent(on), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var chosen = select.value; // read now: the user may have chosen while the list was loading
        var first = select.options.length && select.options[0].value === "" ? select.options[0] : null;
        select.innerHTML = "";
        if (first) select.appendChild(first);
        data.areas.forEach(function (a) {
          var option = new Option(a.label, a.id);
          if (String(a.id) === chosen) option.selected = true;
          select.appendChild(option);
        });
        refreshHeader();
      });
  }

  var autoFilled = {};
  var headerFields = ["number", "issued_on", "signer_authority", "signer_title", "signer_name", "recipients"];
  headerFields.forEach(function (name) {
    $(name).addEventListener("input", function () { autoFilled[name] = false; });
  });

  function refreshHeader() {
    var kind = $("kind").value, area = $("area").value;
    if (!kind || !area) return;
    var url = form.dataset.headerUrl + "?kind=" + encodeURIComponent(kind) + "&area=" + encodeURIComponent(area);
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        headerFields.forEach(function (name) {
          var field = $(name);
          if (field.value === "" || autoFilled[name]) {
            field.value = data.header[name] || "";
            autoFilled[name] = true;
          }
        });
      });
  }

  $("preset").addEventListener("change", function () {
    var parts = this.value.split("|");
    if (parts.length !== 3) return;
    $("kind").value = parts[0];
    $("period_start").value = toDisplay(parts[1]);
    $("period_end").value = toDisplay(parts[2]);
    refreshAreas();
  });
  ["map_date", "period_end"].forEach(function (name) { $(name).addEventListener("change", refreshAreas); });
  ["kind", "area"].forEach(function (name) { $(name).addEventListener("change", refreshHeader); });
  refreshHeader();
})();
