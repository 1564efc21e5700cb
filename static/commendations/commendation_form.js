// Show the fields of the recipient chosen, and the "other" names only when "other" is chosen. Without this script
// every field shows and the server ignores those that do not apply.
(function () {
  "use strict";
  var form = document.getElementById("commendation-form");
  if (!form) return;
  function show(el, visible) { if (el) { el.hidden = !visible; } }
  function update() {
    var checked = form.querySelector("input[name=recipient_kind]:checked");
    var kind = checked ? checked.value : "";
    form.querySelectorAll("fieldset[data-kind]").forEach(function (fs) { show(fs, fs.dataset.kind === kind); });
    show(document.getElementById("field-other_form"), form.elements.namedItem("form").value === "other");
    show(document.getElementById("field-other_grantor"), form.elements.namedItem("grantor").value === "other");
  }
  form.addEventListener("change", update);
  update();
})();
