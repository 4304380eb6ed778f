/* The map questions of a survey: place a point (click, drag, Enter on the map, commune picker or typed
   coordinates) or draw an area (Leaflet.draw, or GeoJSON typed in the field). The maps and the pin come from
   the citizen site's static/js/maps.js (window.gpMaps). */
(function () {
  "use strict";

  var FR = document.documentElement.lang !== "en";
  var T = FR
    ? {
        pinTitle: "Lieu de votre réponse (faites glisser pour ajuster)",
        drawn: "Zone dessinée. Vous pouvez la redessiner pour la remplacer.",
        drawArea: "Dessiner une zone",
      }
    : {
        pinTitle: "Place of your answer (drag to adjust)",
        drawn: "Area drawn. Draw again to replace it.",
        drawArea: "Draw an area",
      };
  var createMap = window.gpMaps.createMap;

  function initPoint(container) {
    var map = createMap(container);
    var question = container.closest(".question");
    window.gpMaps.pinInput(map, container, {
      lon: document.getElementById(container.dataset.lon),
      lat: document.getElementById(container.dataset.lat),
      picker: question.querySelector("[data-commune-picker]"),
      status: question.querySelector(".location-status"),
      title: T.pinTitle,
      pickZoom: 14,
    });
  }

  function initArea(container) {
    var map = createMap(container);
    var field = document.getElementById(container.dataset.field);
    var status = container.closest(".question").querySelector(".location-status");
    var drawn = L.featureGroup().addTo(map);
    if (FR) L.drawLocal.draw.toolbar.buttons.polygon = T.drawArea;
    map.addControl(new L.Control.Draw({
      position: "topleft",
      draw: {
        polygon: { allowIntersection: false, showArea: false, shapeOptions: { color: "#000091" } },
        polyline: false, marker: false, rectangle: false, circle: false, circlemarker: false,
      },
      edit: false,
    }));
    function show(geometry) {
      drawn.clearLayers();
      L.geoJSON(geometry, { style: { color: "#000091" } }).eachLayer(function (l) { drawn.addLayer(l); });
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      var geometry = event.layer.toGeoJSON().geometry;
      field.value = JSON.stringify(geometry);
      show(geometry);
      status.textContent = T.drawn;
    });
    field.addEventListener("change", function () {
      try { show(JSON.parse(field.value)); } catch (ignored) { drawn.clearLayers(); }
    });
    if (field.value.trim()) {
      try {
        show(JSON.parse(field.value));
        map.fitBounds(drawn.getBounds(), { maxZoom: 15 });
      } catch (ignored) { /* the server already said the text is unreadable */ }
    }
  }

  var initialisers = { point: initPoint, area: initArea };
  document.querySelectorAll("[data-survey-map]").forEach(function (container) {
    initialisers[container.dataset.surveyMap](container);
  });
})();
