// The forms' dates and searchable pickers (antqcore/widgets.py). Without this script they are a text input taking
// dd/mm/yyyy and a select holding the chosen record, and the forms work the same.
//   <input data-datepicker>                 a calendar (flatpickr, in Vietnamese on a Vietnamese page); typing stays
//                                           allowed, and eight digits typed on a phone's keypad get their slashes
//   <select data-lookup-url="/lookup/…">    searchable (Tom Select): the options come from the server as one types,
//                                           cut to the user's scope there; data-placeholder, data-no-results and
//                                           data-loading are its texts
(function () {
  "use strict";

  function withSlashes(text) {
    var digits = /^(\d{2})[./-]?(\d{2})[./-]?(\d{4})$/.exec(text.trim());
    return digits ? digits[1] + "/" + digits[2] + "/" + digits[3] : text;
  }

  if (window.flatpickr) {
    if (document.documentElement.lang === "vi" && flatpickr.l10ns.vn) {
      flatpickr.localize(flatpickr.l10ns.vn);
    }
    document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
      input.addEventListener("input", function () {
        var typed = withSlashes(input.value);
        if (typed !== input.value) { input.value = typed; }
      });
      // disableMobile: phones keep this text input (and its label, its keypad) rather than a native date field.
      flatpickr(input, {dateFormat: "d/m/Y", allowInput: true, disableMobile: true, locale: {firstDayOfWeek: 1}});
    });
  }

  function escaped(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  if (window.TomSelect) {
    document.querySelectorAll("select[data-lookup-url]").forEach(function (select) {
      var url = select.dataset.lookupUrl;
      var plugins = select.multiple ? ["remove_button"] : (select.required ? [] : ["clear_button"]);
      // The server matches the words (accents aside, tax codes, area codes): the list shows what it answered to the
      // words typed, among the options kept from earlier answers.
      var found = {};
      var picker = new TomSelect(select, {
        valueField: "id",
        labelField: "text",
        searchField: ["text"],
        score: function (query) {
          return function (option) { return (found[query] || []).indexOf(String(option.id)) === -1 ? 0 : 1; };
        },
        plugins: plugins,
        placeholder: select.dataset.placeholder,
        preload: "focus",
        loadThrottle: 250,
        maxOptions: null,
        load: function (query, callback) {
          var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
          fetch(address, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : {results: []}; })
            .then(function (body) {
              found[query] = body.results.map(function (row) { return String(row.id); });
              callback(body.results);
            })
            .catch(function () { callback(); });
        },
        render: {
          no_results: function () {
            return '<div class="no-results">' + escaped(select.dataset.noResults) + "</div>";
          },
          loading: function () {
            return '<div class="p-2 text-muted">' + escaped(select.dataset.loading) + "</div>";
          }
        }
      });
      // The search box Tom Select draws is the control now: the label points at it. The original select, kept for
      // the form's submission, leaves the accessibility tree (out of the tab order already), so that a screen
      // reader meets one labelled field, not a second one without a name.
      select.setAttribute("aria-hidden", "true");
      select.tabIndex = -1;
      if (select.hasAttribute("aria-describedby")) {  // the field's help text and errors
        picker.control_input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
      }
    });
  }
})();
