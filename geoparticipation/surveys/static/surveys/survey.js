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
    var status = container.closest(".question").querySelector(".location-status");
    if (FR) L.drawLocal.draw.toolbar.buttons.polygon = T.drawArea;
    var drawn = window.gpMaps.drawInput(map, document.getElementById(container.dataset.field), {
      polygon: window.gpMaps.polygonTool,
    }, function () { status.textContent = T.drawn; });
    if (drawn.getLayers().length) map.fitBounds(drawn.getBounds(), { maxZoom: 15 });
  }

  var initialisers = { point: initPoint, area: initArea };
  document.querySelectorAll("[data-survey-map]").forEach(function (container) {
    initialisers[container.dataset.surveyMap](container);
  });
})();
