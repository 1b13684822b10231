/* The certificate batch page: polls the batch's progress (JSON) until it has finished.
   Reads data-poll-url, data-poll-seconds and data-error-prefix from #batch-bar (templates/honours/certificates/batch.html). */
(function () {
  "use strict";
  var bar = document.getElementById("batch-bar");
  if (!bar || !bar.getAttribute("data-poll-url")) { return; }
  var url = bar.getAttribute("data-poll-url");
  var every = (parseInt(bar.getAttribute("data-poll-seconds"), 10) || 3) * 1000;
  var prefix = bar.getAttribute("data-error-prefix") || "";
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      document.getElementById("batch-state").textContent = p.state_label;
      document.getElementById("batch-count").textContent = p.done + "/" + p.total;
      bar.setAttribute("aria-valuenow", p.percent);
      bar.firstElementChild.style.width = p.percent + "%";
      if (p.archive_url) {
        var box = document.getElementById("batch-archive");
        box.firstElementChild.href = p.archive_url; box.hidden = false;
      }
      if (p.error) {
        var err = document.getElementById("batch-error");
        err.textContent = prefix + p.error; err.hidden = false;
      }
      if (!p.finished) { setTimeout(poll, every); }
    }).catch(function () { setTimeout(poll, every * 2); });
  }
  setTimeout(poll, every);
}());
