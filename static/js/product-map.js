// The map of products by commune (products board). The points come from the json_script
// block #map-points: one circle per commune, its area growing with the number of products,
// and a popup listing them. The tile layer is drawn only when the page names a tile server
// (data-tile-url, from KHCN_MAP_TILE_URL); without it the points stand on a plain background.
// The same figures are in the table beside the map.
(function () {
  "use strict";
  function popup(point, box) {
    var root = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.name;
    root.appendChild(title);
    var count = document.createElement("div");
    count.className = "small";
    count.textContent = box.dataset.countText.replace("%(n)s", point.total);
    root.appendChild(count);
    var list = document.createElement("ul");
    list.className = "map-popup-list";
    point.products.forEach(function (name) {
      var item = document.createElement("li");
      item.textContent = name;
      list.appendChild(item);
    });
    root.appendChild(list);
    if (point.more > 0) {
      var more = document.createElement("div");
      more.className = "small";
      more.textContent = box.dataset.moreText.replace("%(n)s", point.more);
      root.appendChild(more);
    }
    return root;
  }
  function draw(box) {
    var data = document.getElementById("map-points");
    if (!data || !window.L) { return; }
    var points = JSON.parse(data.textContent);
    if (!points.length) { box.hidden = true; return; }
    // No fading: a popup is readable (and its contrast measurable) the moment it opens.
    var map = window.L.map(box, { scrollWheelZoom: false, fadeAnimation: false });
    if (box.dataset.tileUrl) {
      window.L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    } else {
      box.classList.add("product-map-plain");
    }
    var biggest = Math.max.apply(null, points.map(function (p) { return p.total; }));
    var bounds = [];
    points.forEach(function (p) {
      var radius = 6 + 18 * Math.sqrt(p.total / biggest);
      window.L.circleMarker([p.lat, p.lng], { radius: radius, color: "#0b4f9c", weight: 2,
        fillColor: "#0b4f9c", fillOpacity: 0.45 }).bindPopup(popup(p, box)).bindTooltip(p.name).addTo(map);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 12); }
    else { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("product-map");
    if (box) { draw(box); }
  });
})();
