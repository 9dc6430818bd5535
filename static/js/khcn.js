// KHCN page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
(function () {
  "use strict";
  // After HTMX swaps new content in, move focus there so keyboard and screen-reader
  // users follow the change (STYLE.md §4).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.closest("[data-no-focus]")) { return; }
    // Search-as-you-type: the user is still typing, so focus stays in the field.
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (trigger && (trigger.type === "input" || trigger.type === "keyup")) { return; }
    var active = document.activeElement;
    if (active && active.matches && active.matches("input[type=search], input[type=text], select")) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: true });
  });
  // A form returned with errors: take keyboard and screen-reader users to the summary.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }
  });
})();
// Uploads of large workbooks (forms sent by HTMX): show how far the transfer is.
document.addEventListener("htmx:xhr:progress", function (event) {
  "use strict";
  var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
  var bar = form && form.querySelector(".upload-progress");
  if (!bar || !event.detail.lengthComputable) { return; }
  bar.hidden = false;
  bar.value = Math.round(event.detail.loaded * 100 / event.detail.total);
});
