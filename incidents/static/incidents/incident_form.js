// The quick entry form's pickers: typing in a search box refills the <select> under it from a small JSON endpoint
// (units or areas of the user's scope); choosing a unit names its commune as the area.
(function () {
  "use strict";
  var unitSelect = document.getElementById("id_unit");
  var areaSelect = document.getElementById("id_area");
  if (!unitSelect || !areaSelect) return;

  function option(value, label, data) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    Object.keys(data || {}).forEach(function (k) { o.dataset[k] = data[k]; });
    return o;
  }

  // Replace the options after the first ("no choice") one by `rows`, keeping the chosen one.
  function refill(select, rows, toOption) {
    var chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
    while (select.options.length > 1) select.remove(1);
    if (chosen && !rows.some(function (r) { return String(r.id) === chosen.value; })) select.add(chosen);
    rows.forEach(function (r) { select.add(toOption(r)); });
    if (chosen) select.value = chosen.value;
  }

  function picker(input, select, toOption, onFirst) {
    if (!input) return;
    var timer = null, latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var asked = ++latest;
        fetch(input.dataset.url + "?q=" + encodeURIComponent(input.value.trim()), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (body) {
            if (asked !== latest) return;  // an older answer arriving late
            refill(select, body.results, toOption);
            if (input.value.trim() && body.results.length) {
              select.value = String(body.results[0].id);
              if (onFirst) onFirst();
            }
          });
      }, 250);
    });
  }

  // With a unit, the area is the unit's commune as it was on the day: the server fills it in, the form names it.
  var fromUnit = areaSelect.options[0];
  var fromUnitText = fromUnit.textContent;
  function fillArea() {
    var chosen = unitSelect.options[unitSelect.selectedIndex];
    if (chosen && chosen.value && chosen.dataset.areaLabel) {
      fromUnit.textContent = areaSelect.dataset.fromUnit + ": " + chosen.dataset.areaLabel;
      areaSelect.value = "";
    } else {
      fromUnit.textContent = fromUnitText;
    }
  }

  picker(document.getElementById("unit-search"), unitSelect, function (u) {
    return option(u.id, u.label, {area: u.area.id, areaLabel: u.area.label});
  }, fillArea);
  picker(document.getElementById("area-search"), areaSelect, function (a) { return option(a.id, a.label); });
  unitSelect.addEventListener("change", fillArea);
})();
