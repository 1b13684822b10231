/* The office's supplement request: "#add-item" adds one more item field to #items; its data-placeholder is the
   label each new field shows, followed by its number (templates/office/application.html). */
(function () {
  "use strict";
  var button = document.getElementById("add-item");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var box = document.getElementById("items"), input = document.createElement("input");
    input.type = "text"; input.name = "items";
    input.placeholder = (button.getAttribute("data-placeholder") || "") + " " + (box.querySelectorAll("input").length + 1);
    input.setAttribute("aria-label", input.placeholder);  /* a label, not the placeholder alone */
    box.appendChild(input); input.focus();
  });
}());
