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
