/* The territory page of a concertation's space: a search box that filters the list of communes, and a map of their
   outlines (no background map) where a click checks or unchecks a commune. The list alone works without script. */
(function () {
  "use strict";
  var list = document.getElementById("id_communes");
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var byInsee = {};
  items.forEach(function (item) { byInsee[item.dataset.insee] = item.querySelector("input"); });

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var search = document.getElementById("commune-search");
  search.addEventListener("input", function () {
    var wanted = normalise(search.value.trim());
    items.forEach(function (item) { item.hidden = wanted && normalise(item.dataset.name).indexOf(wanted) === -1; });
  });

  var some = document.querySelector("input[name=whole][value=some]");
  var container = document.getElementById("territory-map");
  if (!container || typeof L === "undefined") return;
  var map = L.map(container, { zoomSnap: 0.25, attributionControl: false });
  var layers = {};
  function style(insee) {
    var checked = byInsee[insee] && byInsee[insee].checked;
    return { color: "#1d3f72", weight: 1, fillColor: checked ? "#1d6fe0" : "#ffffff", fillOpacity: checked ? 0.6 : 0.2 };
  }
  fetch(container.dataset.outlines, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var outlines = L.geoJSON(data, {
        style: function (feature) { return L.extend(style(feature.id), { className: "commune-" + feature.id }); },
        onEachFeature: function (feature, layer) {
          layers[feature.id] = layer;
          layer.bindTooltip(feature.properties.nom);
          layer.on("click", function () {
            var box = byInsee[feature.id];
            if (!box) return;
            box.checked = !box.checked;
            if (box.checked && some) some.checked = true;
            layer.setStyle(style(feature.id));
          });
        },
      }).addTo(map);
      map.fitBounds(outlines.getBounds());
    });
  list.addEventListener("change", function (event) {
    var insee = event.target.closest("li").dataset.insee;
    if (event.target.checked && some) some.checked = true;
    if (layers[insee]) layers[insee].setStyle(style(insee));
  });
})();
