/* The map questions of a survey: place a point (click, drag, Enter on the map, « Me localiser », commune picker or
   typed coordinates), or draw an area or a route (Leaflet.draw, the keyboard, or GeoJSON typed in the field), each checked
   against the concertation's territory at once (data-place-check). The maps and the pin come from
   the citizen site's static/js/maps.js (window.gpMaps), the strings from Django's JavaScript catalog, as there. */
(function () {
  "use strict";

  var createMap = window.gpMaps.createMap;

  function initPoint(container) {
    var map = createMap(container);
    var question = container.closest(".question");
    window.gpMaps.pinInput(map, container, {
      lon: document.getElementById(container.dataset.lon),
      lat: document.getElementById(container.dataset.lat),
      picker: question.querySelector("[data-commune-picker]"),
      status: question.querySelector(".location-status"),
      error: question.querySelector(".error[role=alert]"),
      title: gettext("Lieu de votre réponse (faites glisser pour ajuster)"),
      pickZoom: 14,
      check: container.dataset.placeCheck,
    });
  }

  // The drawn map questions: the Leaflet.draw tool, the shape drawn from the keyboard and what is said once done.
  var DRAWINGS = {
    area: {
      tools: { polygon: window.gpMaps.polygonTool },
      shape: "Polygon",
      done: gettext("Zone dessinée. Vous pouvez la redessiner pour la remplacer."),
    },
    line: {
      // A route that crosses itself is refused by the server: the mouse tool and the keyboard refuse it first.
      tools: { polyline: { allowIntersection: false, shapeOptions: { color: "#000091" } } },
      shape: "LineString",
      simple: true,
      done: gettext("Trajet tracé. Vous pouvez le retracer pour le remplacer."),
    },
  };

  function initDrawing(container) {
    var drawing = DRAWINGS[container.dataset.surveyMap];
    var map = createMap(container);
    var status = container.closest(".question").querySelector(".location-status");
    var drawn = window.gpMaps.drawInput(map, container, document.getElementById(container.dataset.field),
      drawing.tools, function (geometry, answer) {
        status.textContent = window.gpMaps.communeText(answer) + drawing.done;
      }, {
        check: container.dataset.placeCheck, status: status, simple: drawing.simple,
        shape: function () { return drawing.shape; },
      });
    // A drawing not yet finished from the keyboard is finished by the submit, or stops it with the reason.
    container.closest("form").addEventListener("submit", function (event) {
      if (drawn.keyboard.pending() && !drawn.keyboard.finish()) {
        event.preventDefault();
        container.focus();
      }
    });
    if (drawn.getLayers().length) map.fitBounds(drawn.getBounds(), { maxZoom: 15 });
  }

  var initialisers = { point: initPoint, area: initDrawing, line: initDrawing };
  document.querySelectorAll("[data-survey-map]").forEach(function (container) {
    initialisers[container.dataset.surveyMap](container);
  });
})();
