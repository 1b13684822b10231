/* A table (or box) that scrolls sideways inside itself — the rules tables on a phone (portal.css) — can be
   scrolled with the keyboard: it gets tabindex="0" while it is wider than its box and has nothing focusable
   inside (WCAG 2.1.1; axe-core's scrollable-region-focusable). Recomputed when the window's size changes. */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function mark() {
    var boxes = document.querySelectorAll("main table, main div, main pre");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var overflow = window.getComputedStyle(box).overflowX;
      var scrolls = (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(mark, 150);
  });
  window.addEventListener("load", mark);  // again once images and fonts have their size
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
