// Behaviour shared by every page, declared in the templates with data- attributes: the pages carry no inline script
// or event handler, so that the Content-Security-Policy can refuse every script that is not one of these files.
//   <select data-submit-on-change>      sends its form when the choice changes (language, dashboard year)
//   <form data-confirm="Question?">     asks before sending the form
//   <button data-print>                 prints the page
//   [data-bs-toggle="tooltip"]          Bootstrap tooltips
//   [data-bs-toggle="tab"]              the tab named in the address (#history) opens, so that links land on it
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  if (window.bootstrap) {
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      bootstrap.Tooltip.getOrCreateInstance(el);
    });
    var hash = window.location.hash;
    if (hash && /^#[\w-]+$/.test(hash)) {
      var tab = document.querySelector('[data-bs-toggle="tab"][data-bs-target="' + hash + '"]');
      if (tab) { bootstrap.Tab.getOrCreateInstance(tab).show(); }
    }
  }
})();
