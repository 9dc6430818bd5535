// KHCN page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
(function () {
  "use strict";
  // After HTMX swaps new content in, move focus there so keyboard and screen-reader
  // users follow the change (STYLE.md §4).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.dataset.noFocus !== undefined) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: true });
  });
})();
