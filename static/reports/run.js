// The run page: poll the run's status every second and move the progress bar; when the generation ends, reload the
// page so that it shows the preview and the downloads (or the error).
// The bar's width is set here from its aria-valuenow (the page carries no style attribute: see the
// Content-Security-Policy in the settings).
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var progress = box.querySelector("[aria-valuenow]");
  bar.style.width = (progress ? progress.getAttribute("aria-valuenow") : "0") + "%";
  if (box.dataset.finished === "1") return;
  var label = document.getElementById("run-status-label");
  var every = parseInt(box.dataset.pollMs, 10) || 1000;

  function show(data) {
    bar.style.width = data.progress + "%";
    bar.textContent = data.progress + "%";
    box.querySelector("[aria-valuenow]").setAttribute("aria-valuenow", data.progress);
    if (label) label.textContent = data.status_label;
    box.dataset.status = data.status;
  }

  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(poll, every * 3); return; }
        show(data);
        if (data.finished) {
          box.dataset.finished = "1";
          bar.classList.remove("progress-bar-animated", "progress-bar-striped", "bg-danger");
          bar.classList.add(data.status === "done" ? "bg-success" : "bg-secondary");
          setTimeout(function () { window.location.reload(); }, 800);
        } else {
          setTimeout(poll, every);
        }
      })
      .catch(function () { setTimeout(poll, every * 3); });
  }
  setTimeout(poll, every);
})();
