/* The scoring bands under each item of the score sheet (templates/reviews/sheet.html, cities/scoring_bands.py).
   A click on a band says which percentages the band offers and the points they give, and puts the focus on the
   item's percentage; the band holding the chosen percentage is marked. Nothing is saved from here: the
   percentage is still the expert's choice in the select (static/js/sheet.js saves it). */
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) return;

  function mark(box, value) {
    var pct = value === "" ? null : parseInt(value, 10);
    var bands = box.querySelectorAll(".sc-band");
    var rows = box.querySelectorAll(".sc-guide-table tbody tr");
    var current = -1;
    bands.forEach(function (b, n) { if (pct !== null && pct >= parseInt(b.dataset.low, 10)) current = n; });
    bands.forEach(function (b, n) { b.classList.toggle("current", n === current); });
    rows.forEach(function (r, n) { r.classList.toggle("current", n === current); });
  }

  form.querySelectorAll(".rv-item").forEach(function (box) {
    var select = box.querySelector("select[name^='pct-']");
    var hint = box.querySelector(".sc-hint");
    box.querySelectorAll("button.sc-band").forEach(function (band) {
      band.addEventListener("click", function () {
        box.querySelectorAll("button.sc-band").forEach(function (b) {
          b.setAttribute("aria-pressed", b === band ? "true" : "false");
        });
        if (hint) hint.textContent = band.dataset.hint;
        if (select) select.focus();
      });
    });
    if (select) select.addEventListener("change", function () { mark(box, select.value); });
  });
})();
