/* The console's map of a concertation's annotations: read by window of the map (bbox) from a private endpoint,
   hidden ones included and drawn with a dashed outline, coloured by kind as in the page's legend. */
(function () {
  "use strict";
  var container = document.getElementById("annotations-map");
  if (!container) return;
  var COLOURS = { remarque: "#1f77b4", probleme: "#d62728", idee: "#2ca02c", question: "#9467bd" };
  var status = document.getElementById("annotations-status");
  var select = document.getElementById("annotations-type");
  var map = window.gpMaps.createMap(container);
  var layer = L.geoJSON(null, {
    style: function (feature) {
      var p = feature.properties;
      return { color: p.masquee ? "#333" : COLOURS[p.type], dashArray: p.masquee ? "4 4" : null, weight: 3,
               fillColor: COLOURS[p.type], fillOpacity: p.masquee ? 0.15 : 0.5 };
    },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 7 });
    },
    onEachFeature: function (feature, item) {
      var p = feature.properties;
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.libelle + (p.masquee ? " (masquée)" : "");
      var text = document.createElement("p");
      text.textContent = p.texte;
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = "Ouvrir l'annotation";
      box.append(title, text, link);
      item.bindPopup(box);
    },
  }).addTo(map);
  var request = 0;

  function load() {
    var bounds = map.getBounds();
    var params = new URLSearchParams({ bbox: bounds.toBBoxString(), type: select.value });
    var mine = ++request;
    fetch(container.dataset.url + "?" + params, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (mine !== request) return;
        layer.clearLayers();
        layer.addData(data);
        var hidden = data.features.filter(function (f) { return f.properties.masquee; }).length;
        status.textContent = data.features.length + " annotation(s) affichée(s), dont " + hidden + " masquée(s)" +
          (data.tronque ? " ; d'autres existent : rapprochez-vous ou filtrez par type." : ".");
      })
      .catch(function () {
        if (mine === request) status.textContent = "Les annotations n'ont pas pu être chargées : rechargez la page.";
      });
  }

  map.on("moveend", load);
  select.addEventListener("change", load);
  load();
})();
