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
// Nothing typed is lost: the report form keeps a copy of its fields in this browser until
// the server has them, and offers it back (e.g. after a session expired during typing).
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("report-form");
    if (!form || !window.localStorage) { return; }
    var key = "khcn-draft:" + form.dataset.draftKey;
    function snapshot() {
      var data = {};
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken" && name !== "loaded_version" && name !== "action") { data[name] = value; }
      });
      return data;
    }
    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
    function version() {
      var field = document.getElementById("loaded-version");
      return field ? parseInt(field.value, 10) : 0;
    }
    function keep() {
      var copy = { version: version(), data: snapshot() };
      try { localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* storage full or blocked */ }
    }
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    // A copy typed on an older version was saved since (the version moved on): drop it.
    var stored = kept && kept.version >= version() ? kept.data : null;
    if (stored && !same(stored, snapshot())) {
      var banner = document.getElementById("draft-restore");
      banner.hidden = false;
      document.getElementById("draft-restore-yes").addEventListener("click", function () {
        Object.keys(stored).forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (field && "value" in field) { field.value = stored[name]; }
        });
        banner.hidden = true;
        form.dispatchEvent(new Event("change", { bubbles: true }));
      });
      document.getElementById("draft-restore-no").addEventListener("click", function () {
        localStorage.removeItem(key);
        banner.hidden = true;
      });
    } else if (kept) {
      localStorage.removeItem(key);
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", keep);
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) { return; }
      var status = event.detail.xhr ? event.detail.xhr.status : 0;
      if (event.detail.successful && status === 200) { localStorage.removeItem(key); }
      var note = document.getElementById("autosave");
      if (note && (status === 401 || status === 403 || status === 0 || status >= 500)) {
        note.textContent = status === 401 ? form.dataset.expiredText : form.dataset.failedText;
        note.classList.add("text-danger");
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
// A table wider than the screen scrolls sideways inside its .table-wrap: keyboard users must be
// able to focus the box to scroll it, and screen readers hear it as a region named by the
// table's caption (WCAG 2.1.1). Boxes that fit are left out of the tab order.
(function () {
  "use strict";
  var counter = 0;
  function mark(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.hasAttribute("tabindex")) { return; }  // already reachable
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "";
        var caption = box.querySelector("caption");
        if (caption) {
          if (!caption.id) { counter += 1; caption.id = "table-caption-" + counter; }
          box.setAttribute("role", "region");
          box.setAttribute("aria-labelledby", caption.id);
        }
      } else if (box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("data-scroll-focus");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { mark(document); }, 150);
  });
  document.addEventListener("htmx:afterSettle", function () { mark(document); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document); });
  } else { mark(document); }
})();

// Behaviour declared by data attributes instead of inline handlers (the CSP forbids those):
// `data-autosubmit` on a field sends its form when the value changes; `data-confirm` on a
// form asks the question it holds before the form is sent.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();

// The header search box: arrow keys move between the input and its suggestions, Escape closes them.
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll("#header-suggest .search-suggest-item")); }
  document.addEventListener("keydown", function (event) {
    var input = document.getElementById("header-q");
    var box = document.getElementById("header-suggest");
    if (!input || !box) { return; }
    var inBox = box.contains(event.target);
    if (event.target !== input && !inBox) { return; }
    var list = items();
    var at = list.indexOf(event.target);
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      list[Math.min(at + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && inBox) {
      event.preventDefault();
      if (at <= 0) { input.focus(); } else { list[at - 1].focus(); }
    } else if (event.key === "Escape") {
      box.innerHTML = "";
      input.focus();
    }
  });
})();
