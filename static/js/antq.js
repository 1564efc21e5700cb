// Behaviour shared by every page, declared in the templates with data- attributes: the pages carry no inline script
// or event handler, so that the Content-Security-Policy can refuse every script that is not one of these files.
//   <select data-submit-on-change>      sends its form when the choice changes (language, dashboard year)
//   <form data-confirm="Question?">     asks before sending the form
//   <button data-print>                 prints the page
//   [data-bs-toggle="tooltip"]          Bootstrap tooltips
//   [data-bs-toggle="tab"]              the tab named in the address (#history) opens, so that links land on it
//   a form sent back with errors        its first field in error (.is-invalid) gets the focus, or else its error
//                                       summary (.alert-danger), so that a keyboard or screen reader user starts there
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

  // Fields in error are marked for assistive technology too, not only by their red border.
  document.querySelectorAll("form .is-invalid").forEach(function (field) {
    field.setAttribute("aria-invalid", "true");
  });
  // After every script of the page ran (DOMContentLoaded): a search widget has replaced its select by then.
  document.addEventListener("DOMContentLoaded", function () {
    // The first one shown: a select replaced by a search widget is hidden, and the widget carries its classes.
    var errors = document.querySelectorAll("form .is-invalid, form .alert-danger[role=alert]");
    var firstError = Array.prototype.filter.call(errors, function (el) { return el.getClientRects().length > 0; })
      .sort(function (a, b) { return a.matches(".alert") - b.matches(".alert"); })[0];
    if (firstError) {
      if (!firstError.matches("input, select, textarea")) {
        // A widget wrapping its inputs (a list of radios, a search widget) gives the focus to its first one; an error
        // summary takes it itself.
        var inner = firstError.querySelector("input:not([type=hidden]), select, textarea");
        if (inner && !firstError.matches(".alert")) {
          firstError = inner;
        } else {
          firstError.setAttribute("tabindex", "-1");
        }
      }
      firstError.focus();
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
