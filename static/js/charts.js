// Bar charts drawn from the data table beside them (every chart has its table: STYLE.md §4).
// A <canvas data-chart-table="ID"> reads the table #ID: first column labels, the column
// marked data-chart-value the numbers (written the Vietnamese way, 1.234,5).
(function () {
  "use strict";
  function toNumber(text) {
    var t = (text || "").replace(/[^0-9,.\-]/g, "");
    if (t.indexOf(",") >= 0) { t = t.replace(/\./g, "").replace(",", "."); }
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) { t = t.replace(/\./g, ""); }
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }
  function draw(canvas) {
    var table = document.getElementById(canvas.dataset.chartTable);
    if (!table || !window.Chart) { return; }
    var head = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var col = head.findIndex(function (th) { return th.hasAttribute("data-chart-value"); });
    if (col < 0) { return; }
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var cells = tr.children;
      var value = cells[col] ? toNumber(cells[col].textContent) : null;
      if (value === null) { return; }
      labels.push(cells[0].textContent.trim());
      values.push(value);
    });
    if (!values.length) { canvas.hidden = true; return; }
    canvas.parentElement.style.height = Math.max(160, labels.length * 22 + 40) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: head[col].textContent.trim(), data: values,
        backgroundColor: "#0b4f9c" }] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-table]").forEach(draw);
  });
})();

// Line charts of a series table: columns are periods (the header cells marked data-period),
// each row marked data-series is a line. A row with a checkbox [data-series-toggle] is drawn
// only while its box is ticked, so the reader picks the units to compare.
// Header cells also carry data-segment (programme and kind of period): a year and a half-year,
// or two programmes, do not measure the same thing, so each segment of a row is a line of its
// own (same colour, its own dash and point style) and points of two segments are never joined.
(function () {
  "use strict";
  var COLORS = ["#0b4f9c", "#b45309", "#15803d", "#9d174d", "#6d28d9", "#0e7490", "#b91c1c", "#4d7c0f"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  var POINTS = ["circle", "rect", "triangle", "rectRot"];
  function toNumber(text) {  // data-point holds a plain number ("87.5"), or nothing
    var n = parseFloat(text || "");
    return isNaN(n) ? null : n;
  }
  function segmentsOf(table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-period]"));
    var keys = [], labels = {};
    var each = heads.map(function (th) {
      var key = th.getAttribute("data-segment") || "";
      if (keys.indexOf(key) < 0) { keys.push(key); labels[key] = th.getAttribute("data-segment-label") || ""; }
      return key;
    });
    return { keys: keys, labels: labels, each: each };
  }
  function datasets(table, segments) {
    var out = [], row = 0;
    table.querySelectorAll("tbody tr[data-series]").forEach(function (tr) {
      var box = tr.querySelector("input[data-series-toggle]");
      if (box && !box.checked) { return; }
      var values = Array.prototype.map.call(tr.querySelectorAll("td[data-point]"), function (td) {
        return toNumber(td.getAttribute("data-point"));
      });
      var color = COLORS[row % COLORS.length];
      row += 1;
      segments.keys.forEach(function (key, s) {
        var data = values.map(function (v, i) { return segments.each[i] === key ? v : null; });
        if (!data.some(function (v) { return v !== null; })) { return; }
        var name = tr.getAttribute("data-series");
        out.push({ label: segments.keys.length > 1 ? name + " · " + segments.labels[key] : name, data: data,
          borderColor: color, backgroundColor: color, borderDash: DASHES[s % DASHES.length],
          pointStyle: POINTS[s % POINTS.length], pointRadius: 4,
          borderWidth: tr.hasAttribute("data-series-main") ? 3 : 2, spanGaps: true, tension: 0.2 });
      });
    });
    return out;
  }
  function setup(canvas) {
    var table = document.getElementById(canvas.dataset.seriesTable);
    if (!table || !window.Chart) { return; }
    var labels = Array.prototype.map.call(table.querySelectorAll("thead th[data-period]"), function (th) {
      return th.getAttribute("data-period");
    });
    var segments = segmentsOf(table);
    var chart = new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets(table, segments) },
      options: { maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8 } } },
        scales: { y: { beginAtZero: true } } }
    });
    table.addEventListener("change", function (event) {
      if (!event.target.matches("input[data-series-toggle]")) { return; }
      chart.data.datasets = datasets(table, segments);
      chart.update();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-series-table]").forEach(setup);
  });
})();
