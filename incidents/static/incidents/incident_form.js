// The incident form's unit and area are searchable pickers (static/js/pickers.js, over /lookup/units/ and
// /lookup/areas/). With a unit, the area is the unit's commune as it was on the day: the server fills it in when no
// area is chosen, so choosing a unit clears the area and the form names that commune under it (#area-from-unit), from
// what the units' lookup gave with the unit.
(function () {
  "use strict";
  var unitSelect = document.getElementById("id_unit");
  var areaSelect = document.getElementById("id_area");
  var fromUnit = document.getElementById("area-from-unit");
  if (!unitSelect || !areaSelect || !fromUnit) return;

  unitSelect.addEventListener("change", function () {
    var picker = unitSelect.tomselect;
    var unit = picker && unitSelect.value ? picker.options[unitSelect.value] : null;
    if (!unitSelect.value) {
      fromUnit.textContent = "";
      return;
    }
    if (unit && unit.area) {
      fromUnit.textContent = fromUnit.dataset.fromUnit + ": " + unit.area.text;
    }
    if (areaSelect.tomselect) {
      areaSelect.tomselect.clear(true);  // silently: the area's own change has nothing to follow
    } else {
      areaSelect.value = "";
    }
  });
})();
