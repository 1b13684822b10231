/* Behaviour the templates ask for with data attributes, so that no page needs an inline script (the
   Content-Security-Policy allows scripts from our static files only):
   - data-confirm="…" on a form, a button or a link: ask first; "取消" stops the submit or the click;
   - data-autosubmit on a select: choosing an option submits its form (the filter lists). */
(function () {
  "use strict";

  function ask(el) {
    var message = el.getAttribute("data-confirm");
    return !message || window.confirm(message);
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]") : null;
    if (el && !ask(el)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form[data-confirm]") && !ask(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) {
      if (typeof el.form.requestSubmit === "function") { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
}());
