/* The map questions of a survey: place a point (click, drag, Enter on the map, commune picker or typed
   coordinates) or draw an area (Leaflet.draw, or GeoJSON typed in the field). Maps are set up as on the rest of
   the citizen site (static/js/maps.js): same configuration, bounds and commune outlines. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("gp-map-config").textContent);
  var FR = document.documentElement.lang !== "en";
  var T = FR
    ? {
        pinned: function (lon, lat) { return "Repère placé : longitude " + lon + ", latitude " + lat + "."; },
        pinTitle: "Lieu de votre réponse (faites glisser pour ajuster)",
        drawn: "Zone dessinée. Vous pouvez la redessiner pour la remplacer.",
        drawArea: "Dessiner une zone",
      }
    : {
        pinned: function (lon, lat) { return "Pin placed: longitude " + lon + ", latitude " + lat + "."; },
        pinTitle: "Place of your answer (drag to adjust)",
        drawn: "Area drawn. Draw again to replace it.",
        drawArea: "Draw an area",
      };
  var MEL_BOUNDS = L.latLngBounds([50.495, 2.79], [50.80, 3.285]);
  var communes = null;

  function createMap(container) {
    var map = L.map(container, { minZoom: 9, maxZoom: 19, zoomSnap: 0.25, maxBounds: MEL_BOUNDS.pad(0.5) });
    map.fitBounds(MEL_BOUNDS);
    map.attributionControl.setPrefix(false);
    if (config.basemapUrl) {
      L.tileLayer(config.basemapUrl, { attribution: config.basemapAttribution, maxZoom: 19 }).addTo(map);
    } else {
      container.classList.add("gp-map--no-basemap");
    }
    var outlines = L.geoJSON(null, { interactive: false, style: { color: "#666", weight: 1, fillOpacity: 0.02 } }).addTo(map);
    communes = communes || fetch(config.apiRoot + "communes/", { credentials: "same-origin" }).then(function (r) { return r.json(); });
    communes.then(function (collection) { outlines.addData(collection); });
    // Exposed for the browser tests, which click at known coordinates (the last map of the page).
    window.gpMap = map;
    return map;
  }

  function initPoint(container) {
    var map = createMap(container);
    var question = container.closest(".question");
    var lon = document.getElementById(container.dataset.lon);
    var lat = document.getElementById(container.dataset.lat);
    var picker = question.querySelector("[data-commune-picker]");
    var status = question.querySelector(".location-status");
    var marker = null;

    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: T.pinTitle, alt: T.pinTitle }).addTo(map);
        marker.on("dragend", function () { setFields(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
    }
    function setFields(latlng) {
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      status.textContent = T.pinned(lon.value, lat.value);
    }
    function fromFields() {
      var x = parseFloat(lon.value);
      var y = parseFloat(lat.value);
      return isFinite(x) && isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? L.latLng(y, x) : null;
    }

    map.on("click", function (event) { place(event.latlng); setFields(event.latlng); });
    container.addEventListener("mousedown", function () { container.classList.remove("gp-map--keyboard"); });
    container.addEventListener("keydown", function (event) {
      if (event.target !== container) return;
      container.classList.add("gp-map--keyboard");
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      place(map.getCenter());
      setFields(map.getCenter());
    });
    [lon, lat].forEach(function (input) {
      input.addEventListener("change", function () {
        var latlng = fromFields();
        if (!latlng) return;
        place(latlng);
        map.setView(latlng, Math.max(map.getZoom(), 15));
      });
    });
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      if (!option.dataset.lon) return;
      var latlng = L.latLng(parseFloat(option.dataset.lat), parseFloat(option.dataset.lon));
      place(latlng);
      setFields(latlng);
      map.setView(latlng, 14);
    });
    var initial = fromFields();
    if (initial) {
      place(initial);
      map.setView(initial, 14);
    }
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
