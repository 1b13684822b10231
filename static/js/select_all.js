/* A ".select-all" checkbox ticks or clears every input[name=applications] of its form (the approval queue). */
(function () {
  "use strict";
  document.querySelectorAll(".approval-form .select-all").forEach(function (box) {
    box.addEventListener("change", function () {
      box.closest("form").querySelectorAll("input[name=applications]").forEach(function (c) { c.checked = box.checked; });
    });
  });
}());
