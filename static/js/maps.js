/* The maps of the citizen site. They read the project's own endpoints (OGC API, REST API, vector tiles) and
   work without a background map: the commune outlines are always drawn. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("gp-map-config").textContent);
  // The strings are French msgids, translated by Django's JavaScript catalog (locale/*/LC_MESSAGES/djangojs.po),
  // which the page loads first.
  var LANGUAGE = document.documentElement.lang;
  // The communes' extent, from the server: maps open on it and cannot wander far from it. There is none before the
  // communes are loaded; the maps then open where the back-office maps do.
  var TERRITORY = config.territory
    ? L.latLngBounds([config.territory[1], config.territory[0]], [config.territory[3], config.territory[2]])
    : null;
  var KIND_COLOURS = { remarque: "#1f5fa8", probleme: "#b3261e", idee: "#1b7a3a", question: "#7a4d00" };

  function supportsText(count) {
    return interpolate(ngettext("%s soutien", "%s soutiens", count), [count]);
  }

  function authorText(author) {
    return author || gettext("Participant supprimé");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Beyond this many points, GeoJSON and marker clustering stop being smooth: the maps switch to vector tiles.
  var TILES_ABOVE = 20000;
  var OGC_PAGE = 10000;
  // The filters that the OGC API answers, by property; any other (the text search `q`) goes to the REST API.
  var OGC_FILTERS = { process: "process", commune: "commune_insee", theme: "theme", state: "state", kind: "kind" };

  function tooMany() {
    var error = new Error("more than " + TILES_ABOVE + " features");
    error.name = "TooManyFeatures";
    return error;
  }

  function firstUrl(layer, params, source) {
    var keys = Object.keys(params);
    if (source) return source + "?" + new URLSearchParams(params).toString();
    if (keys.every(function (key) { return key in OGC_FILTERS; })) {
      var ogc = new URLSearchParams({ limit: String(OGC_PAGE) });
      keys.forEach(function (key) { ogc.set(OGC_FILTERS[key], params[key]); });
      return config.ogcRoot + "collections/" + layer + "/items?" + ogc.toString();
    }
    var rest = new URLSearchParams(params);
    rest.set("page_size", "1000");
    return config.apiRoot + layer + "/?" + rest.toString();
  }

  function nextUrl(data) {
    if (data.next) return data.next;
    var link = (data.links || []).filter(function (l) { return l.rel === "next"; })[0];
    return link ? link.href : null;
  }

  /* The one function that fetches map data: every page of a layer, `onPage` called with each page's features.
     It reads the OGC API (features written by PostGIS, 10,000 a page) when it answers the filters, the REST API
     for a text search, or `options.source`, the members-only data of a private concertation. Rejects with a
     TooManyFeatures error, before handing them over, once more than TILES_ABOVE features exist. */
  function loadFeatures(layer, params, onPage, options) {
    options = options || {};
    var count = 0;
    function fetchPage(url) {
      return fetch(url, { signal: options.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(layer + ": HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var features = data.features || [];
          var next = nextUrl(data);
          count += features.length;
          if (options.signal && options.signal.aborted) throw new DOMException("stale load", "AbortError");
          if (next && count >= TILES_ABOVE) throw tooMany();
          onPage(features);
          if (next) return fetchPage(next);
        });
    }
    return fetchPage(firstUrl(layer, params, options.source));
  }

  function cellRadius(count) {
    return Math.min(4 + 1.5 * Math.log2(count), 16);
  }

  /* Whether a full-detail tile feature (from z15) matches the filters; the cells below z15 only have a count. */
  function tileFilter(params) {
    var wanted = Object.keys(params).filter(function (key) { return key in OGC_FILTERS; });
    return function (properties) {
      return wanted.every(function (key) { return String(properties[OGC_FILTERS[key]]) === params[key]; });
    };
  }

  /* A layer's vector tiles: counted cells up to z14, drawn as circles sized by their count (a click zooms in),
     then the contributions themselves, styled by `style` and explained by `popup`. */
  function contributionTiles(map, layer, params, style, popup) {
    var matches = tileFilter(params);
    var styles = {};
    styles[layer] = function (properties) {
      if ("count" in properties) {
        return { radius: cellRadius(properties.count), fill: true, fillColor: "#000091", fillOpacity: 0.5, color: "#fff", weight: 1 };
      }
      return matches(properties) ? style(properties) : [];
    };
    // The server cuts the tiles of one concertation; the other filters apply to the points from z15.
    var query = params.process ? "?process=" + encodeURIComponent(params.process) : "";
    var tiles = L.vectorGrid.protobuf(config.tilesRoot + layer + "/{z}/{x}/{y}.pbf" + query, {
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: styles,
      interactive: true,
      maxNativeZoom: 18,
      fetchOptions: { credentials: "same-origin" },
    });
    tiles.on("click", function (event) {
      var properties = event.layer.properties;
      if ("count" in properties) {
        map.setView(event.latlng, Math.min(map.getZoom() + 2, 15));
      } else {
        L.popup().setLatLng(event.latlng).setContent(popup(properties)).openOn(map);
      }
    });
    map.tiles = map.tiles || {};
    map.tiles[layer] = tiles;
    return tiles;
  }

  function proposalTilePopup(p) {
    var box = el("div", { class: "popup" });
    box.appendChild(el("a", { href: "/concertations/" + p.process + "/propositions/" + p.id + "/" }, p.title));
    box.appendChild(el("p", {}, supportsText(p.supports_count)));
    return box;
  }

  function proposalTileStyle() {
    return { radius: 6, fill: true, fillColor: "#000091", fillOpacity: 0.9, color: "#fff", weight: 2 };
  }

  function annotationStyle(kind) {
    return { radius: 6, color: KIND_COLOURS[kind] || "#333", weight: 3, fill: true, fillOpacity: 0.2 };
  }

  function annotationTilePopup(p) {
    var box = el("div", { class: "popup" });
    box.appendChild(el("strong", {}, p.kind));
    var link = gettext("Voir la carte de la concertation");
    box.appendChild(el("a", { href: "/concertations/" + p.process + "/carte/" }, link));
    return box;
  }

  var communesRequest = null;
  function communes() {
    communesRequest = communesRequest || fetch(config.apiRoot + "communes/", { credentials: "same-origin" })
      .then(function (response) { return response.json(); });
    return communesRequest;
  }

  function createMap(container, options) {
    options = options || {};
    var map = L.map(container, { minZoom: 9, maxZoom: 19, zoomSnap: 0.25 });
    if (TERRITORY) {
      map.setMaxBounds(TERRITORY.pad(0.5));
      map.fitBounds(TERRITORY);
    } else {
      map.setView(config.defaultCenter, config.defaultZoom);
    }
    map.attributionControl.setPrefix(false);
    if (config.basemapUrl) {
      L.tileLayer(config.basemapUrl, { attribution: config.basemapAttribution, maxZoom: 19 }).addTo(map);
    } else {
      container.classList.add("gp-map--no-basemap");
    }
    map.outlines = L.geoJSON(null, {
      interactive: !!options.communeLinks,
      style: function (feature) {
        var highlighted = options.highlight === feature.id;
        return { color: highlighted ? "#000091" : "#666", weight: highlighted ? 3 : 1, fillOpacity: highlighted ? 0.08 : 0.02 };
      },
      onEachFeature: function (feature, layer) {
        if (!options.communeLinks) return;
        layer.bindTooltip(feature.properties.nom, { sticky: true });
        layer.bindPopup(function () {
          var box = el("div");
          box.appendChild(el("strong", {}, feature.properties.nom));
          var link = el("a", { href: "/communes/" + feature.id + "/" }, gettext("Voir les contributions"));
          box.appendChild(el("br"));
          box.appendChild(link);
          return box;
        });
      },
    }).addTo(map);
    map.outlinesLoaded = communes().then(function (collection) {
      map.outlines.addData(collection);
      map.outlines.bringToBack();
      return collection;
    });
    // Exposed for the browser tests, which click at known coordinates.
    window.gpMap = map;
    return map;
  }

  function proposalMarker(feature) {
    var c = feature.geometry.coordinates;
    var p = feature.properties;
    var marker = L.marker([c[1], c[0]], { title: p.title, alt: p.title });
    marker.bindPopup(function () {
      var box = el("div", { class: "popup" });
      box.appendChild(el("a", { href: p.url }, p.title));
      box.appendChild(el("p", {}, [p.commune_nom, p.theme_name, authorText(p.author)].filter(Boolean).join(" · ")));
      box.appendChild(el("p", {}, supportsText(p.supports_count)));
      return box;
    });
    return marker;
  }

  /* Proposals in a cluster layer, reloaded whenever the filters change; stale loads are aborted. Beyond
     TILES_ABOVE proposals (`total`, when the page knows it, or found while loading) vector tiles replace it. */
  function proposalLayer(map, status, source) {
    var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60 });
    map.addLayer(cluster);
    var controller = null;
    var tiles = null;
    function showTiles(params) {
      cluster.clearLayers();
      tiles = contributionTiles(map, "proposals", params, proposalTileStyle, proposalTilePopup).addTo(map);
      if (status) status.textContent = gettext(
        "Plus de 20 000 propositions : la carte les compte par secteur. Zoomez pour les voir une à une, avec les filtres."
      );
      map.getContainer().dataset.proposals = "tiles";
    }
    return function reload(params, total) {
      if (controller) controller.abort();
      controller = new AbortController();
      cluster.clearLayers();
      if (tiles) map.removeLayer(tiles);
      tiles = null;
      if (total > TILES_ABOVE) return Promise.resolve(showTiles(params));
      var count = 0;
      if (status) status.textContent = gettext("Chargement des propositions…");
      return loadFeatures("proposals", params, function (features) {
        count += features.length;
        cluster.addLayers(features.map(proposalMarker));
      }, { signal: controller.signal, source: source }).then(function () {
        var onMap = ngettext("%s proposition sur la carte", "%s propositions sur la carte", count);
        if (status) status.textContent = interpolate(onMap, [count]);
        map.getContainer().dataset.proposals = String(count);
      }, function (error) {
        if (error.name === "TooManyFeatures") showTiles(params);
        else if (error.name !== "AbortError" && status) {
          status.textContent = gettext("Les contributions n'ont pas pu être chargées. Réessayez plus tard.");
        }
      });
    };
  }

  /* Annotations as GeoJSON, or as vector tiles beyond TILES_ABOVE of them (`options.total` or found while loading). */
  function annotationLayer(map, params, options) {
    options = options || {};
    var layer = L.geoJSON(null, {
      style: function (f) { return { color: KIND_COLOURS[f.properties.kind] || "#333", weight: 3, fillOpacity: 0.2 }; },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: KIND_COLOURS[f.properties.kind] || "#333", fillOpacity: 0.6 });
      },
      onEachFeature: function (f, l) {
        l.bindPopup(function () {
          var box = el("div", { class: "popup" });
          box.appendChild(el("strong", {}, f.properties.kind));
          box.appendChild(el("p", {}, f.properties.comment));
          box.appendChild(el("p", { class: "meta" }, authorText(f.properties.author)));
          return box;
        });
      },
    }).addTo(map);
    function showTiles() {
      map.removeLayer(layer);
      contributionTiles(map, "annotations", params, function (p) { return annotationStyle(p.kind); }, annotationTilePopup).addTo(map);
    }
    if (options.total > TILES_ABOVE) return showTiles();
    loadFeatures("annotations", params, function (features) { layer.addData(features); }, { source: options.source })
      .catch(function (error) { if (error.name === "TooManyFeatures") showTiles(); });
  }

  function statusOf(container) {
    return container.parentNode.querySelector(".map-status");
  }

  /* The open-data density raster as an overlay that the person turns on; it is fetched (and, on the server, maybe
     computed) only then. */
  function densityControl(map) {
    var overlay = L.layerGroup();
    var loaded = null;
    overlay.on("add", function () {
      loaded = loaded || fetch(config.densityRoot + "density.json", { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (sidecar) {
          var url = config.densityRoot + sidecar.image + "?v=" + encodeURIComponent(sidecar.data_version);
          var alt = gettext("Carte de chaleur de la densité des contributions publiques");
          overlay.addLayer(L.imageOverlay(url, sidecar.bounds, { opacity: 0.7, alt: alt }));
        });
    });
    var overlays = {};
    overlays[gettext("Densité des contributions")] = overlay;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  }

  /* Home: every public contribution of the metropolis. */
  function initOverview(container) {
    var map = createMap(container, { communeLinks: true });
    densityControl(map);
    var reload = proposalLayer(map, statusOf(container));
    // The communes carry the counts of every public contribution: the map knows at once whether to use tiles.
    map.outlinesLoaded.catch(function () { return { features: [] }; }).then(function (collection) {
      var totals = { proposals: 0, annotations: 0 };
      collection.features.forEach(function (f) {
        totals.proposals += f.properties.proposals_count || 0;
        totals.annotations += f.properties.annotations_count || 0;
      });
      annotationLayer(map, {}, { total: totals.annotations });
      reload({}, totals.proposals);
    });
  }

  /* A concertation's proposals: the list and the map share the filter form. */
  function initProposals(container) {
    var map = createMap(container);
    var form = document.getElementById("proposal-filters");
    var status = document.querySelector(".proposals .map-status");
    var reload = proposalLayer(map, status, container.dataset.source);
    var listController = null;
    var timer = null;

    function filters() {
      var params = {};
      new FormData(form).forEach(function (value, key) { if (value) params[key] = value; });
      return params;
    }

    function update() {
      var params = filters();
      var query = new URLSearchParams(params).toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
      reload(Object.assign({ process: container.dataset.process }, params));
      if (listController) listController.abort();
      listController = new AbortController();
      fetch(location.pathname + "?" + query, { signal: listController.signal, credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("proposal-results");
          if (fresh) document.getElementById("proposal-results").replaceWith(fresh);
        })
        .catch(function () {});
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(update, 350);
    });
    reload(Object.assign({ process: container.dataset.process }, filters()));
  }

  /* A place typed, picked or pointed at on a map: click, drag, keyboard (Enter on the map drops the pin at the
     centre), commune picker or typed coordinates, all kept in the `lon` and `lat` fields. Shared with the map
     questions of surveys. Returns the reader of the fields. */
  function pinInput(map, container, fields) {
    var lon = fields.lon;
    var lat = fields.lat;
    var title = fields.title || gettext("Lieu de la proposition (faites glisser pour ajuster)");
    var marker = null;

    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: title, alt: title }).addTo(map);
        marker.on("dragend", function () { setFields(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
    }

    function setFields(latlng) {
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (fields.error) fields.error.textContent = "";
      fields.status.textContent = interpolate(
        gettext("Repère placé : longitude %(lon)s, latitude %(lat)s."), { lon: lon.value, lat: lat.value }, true
      );
    }

    function fromFields() {
      var x = parseFloat(lon.value);
      var y = parseFloat(lat.value);
      return isFinite(x) && isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? L.latLng(y, x) : null;
    }

    map.on("click", function (event) { place(event.latlng); setFields(event.latlng); });
    // The crosshair (CSS) shows keyboard users where Enter drops the pin; mouse users do not need it.
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
    fields.picker.addEventListener("change", function () {
      var option = fields.picker.options[fields.picker.selectedIndex];
      if (!option.dataset.lon) return;
      var latlng = L.latLng(parseFloat(option.dataset.lat), parseFloat(option.dataset.lon));
      place(latlng);
      setFields(latlng);
      map.setView(latlng, fields.pickZoom || 15);
    });

    var initial = fromFields();
    if (initial) {
      place(initial);
      map.setView(initial, 14);
    }
    return fromFields;
  }

  /* Leaflet.draw in the page's language, for the tools the site offers (a line, an area, a point). */
  function localiseDrawing() {
    var d = L.drawLocal.draw;
    d.toolbar.buttons = {
      polyline: gettext("Tracer une ligne"), polygon: gettext("Dessiner une zone"), marker: gettext("Placer un point"),
    };
    d.toolbar.actions = { title: gettext("Annuler le tracé"), text: gettext("Annuler") };
    d.toolbar.finish = { title: gettext("Terminer le tracé"), text: gettext("Terminer") };
    d.toolbar.undo = { title: gettext("Effacer le dernier point"), text: gettext("Effacer le dernier point") };
    d.handlers.marker.tooltip.start = gettext("Cliquez sur la carte pour placer le point.");
    d.handlers.polyline.tooltip = {
      start: gettext("Cliquez pour commencer la ligne."),
      cont: gettext("Cliquez pour continuer la ligne."),
      end: gettext("Cliquez sur le dernier point pour finir la ligne."),
    };
    d.handlers.polygon.tooltip = {
      start: gettext("Cliquez pour commencer la zone."),
      cont: gettext("Cliquez pour continuer la zone."),
      end: gettext("Cliquez sur le premier point pour fermer la zone."),
    };
    d.handlers.polyline.error = gettext("<strong>Erreur :</strong> les bords de la zone ne peuvent pas se croiser.");
  }

  var POLYGON_TOOL = { allowIntersection: false, showArea: false, shapeOptions: { color: "#000091" } };

  /* A drawing kept as GeoJSON in `field`: drawn with the Leaflet.draw `tools` (the others are off), or typed in
     the field by those who cannot draw. `onDrawn` is told of each new drawing. Returns the drawn layer. */
  function drawInput(map, field, tools, onDrawn) {
    localiseDrawing();
    var drawn = L.featureGroup().addTo(map);
    var off = { polyline: false, polygon: false, marker: false, rectangle: false, circle: false, circlemarker: false };
    map.addControl(new L.Control.Draw({ position: "topleft", draw: Object.assign(off, tools), edit: false }));
    function show(geometry) {
      drawn.clearLayers();
      L.geoJSON(geometry, { style: { color: "#000091" } }).eachLayer(function (l) { drawn.addLayer(l); });
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      var geometry = event.layer.toGeoJSON().geometry;
      field.value = JSON.stringify(geometry);
      show(geometry);
      onDrawn(geometry);
    });
    field.addEventListener("change", function () {
      try { show(JSON.parse(field.value)); } catch (ignored) { drawn.clearLayers(); }
    });
    if (field.value.trim()) {
      try { show(JSON.parse(field.value)); } catch (ignored) { /* the server already said the text is unreadable */ }
    }
    return drawn;
  }

  /* The new-proposal form. */
  function initPick(container) {
    var map = createMap(container);
    var locationError = document.getElementById("location-error");
    var fromFields = pinInput(map, container, {
      lon: document.getElementById("id_lon"),
      lat: document.getElementById("id_lat"),
      picker: document.getElementById("commune-picker"),
      status: document.getElementById("location-status"),
      error: locationError,
    });

    // Checks in the page, with the server's own messages; the server checks everything again.
    var form = container.closest("form");
    form.addEventListener("submit", function (event) {
      var problems = [];
      var required = [["id_title", gettext("Le titre est obligatoire.")], ["id_body", gettext("Le texte est obligatoire.")]];
      required.forEach(function (pair) {
        var input = document.getElementById(pair[0]);
        var box = input.parentNode.querySelector(".error.client") || el("div", { class: "error client", id: pair[0] + "_client_error" });
        box.textContent = input.value.trim() ? "" : pair[1];
        if (!box.parentNode) input.parentNode.insertBefore(box, input);
        input.setAttribute("aria-invalid", input.value.trim() ? "false" : "true");
        input.setAttribute("aria-describedby", box.id);
        if (!input.value.trim()) problems.push(input);
      });
      if (!fromFields()) {
        locationError.textContent = gettext("Indiquez un lieu sur la carte.");
        problems.push(container);
      }
      if (problems.length) {
        event.preventDefault();
        problems[0].focus();
      }
    });
  }

  /* An optional place (a debate's argument): the same pin as the proposal form's, and nothing asked on submit. */
  function initOptionalPin(container) {
    var map = createMap(container);
    pinInput(map, container, {
      lon: document.getElementById("id_lon"),
      lat: document.getElementById("id_lat"),
      picker: document.getElementById("commune-picker"),
      status: document.getElementById("location-status"),
      error: document.getElementById("location-error"),
      title: gettext("Lieu de l'argument (faites glisser pour ajuster)"),
    });
  }

  /* One proposal's place. */
  function initPoint(container) {
    var map = createMap(container);
    var latlng = L.latLng(parseFloat(container.dataset.lat), parseFloat(container.dataset.lon));
    L.marker(latlng, { title: container.dataset.title, alt: container.dataset.title, keyboard: false }).addTo(map);
    map.setView(latlng, 16);
  }

  function dateText(iso) {
    return new Date(iso).toLocaleString(LANGUAGE === "en" ? "en-GB" : "fr-FR", { dateStyle: "full", timeStyle: "short" });
  }

  function initMeetings(container) {
    var map = createMap(container);
    var layer = L.featureGroup().addTo(map);
    loadFeatures("meetings", { process: container.dataset.process }, function (features) {
      features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var p = f.properties;
        L.marker([c[1], c[0]], { title: p.title, alt: p.title }).addTo(layer).bindPopup(function () {
          var box = el("div", { class: "popup" });
          box.appendChild(el("strong", {}, p.title));
          box.appendChild(el("p", {}, dateText(p.start_time)));
          box.appendChild(el("p", {}, p.address));
          box.appendChild(el("a", { href: "#reunion-" + p.id }, gettext("Détails")));
          // Once over, a meeting takes no registration: its report is in the list ("Détails").
          if (new Date(p.end_time) < new Date()) {
            box.appendChild(el("p", { class: "popup__ended" }, gettext("Réunion terminée")));
            return box;
          }
          if (p.registration_url) {
            box.appendChild(el("a", { href: p.registration_url, class: "popup__link" }, gettext("S'inscrire")));
          }
          if (p.online_url) {
            box.appendChild(el("a", { href: p.online_url, class: "popup__link" }, gettext("Réunion en ligne")));
          }
          return box;
        });
      });
    }).catch(function () {});
  }

  /* The annotation map: what others drew, and Leaflet.draw for a point, a line or an area. */
  function initAnnotations(container) {
    var map = createMap(container);
    annotationLayer(map, { process: container.dataset.process }, { source: container.dataset.source });
    if (!("draw" in container.dataset)) return;
    var status = document.getElementById("drawing-status");
    drawInput(map, document.getElementById("id_geometry"), {
      polyline: { shapeOptions: { color: "#000091" } }, polygon: POLYGON_TOOL, marker: {},
    }, function (geometry) {
      var drawings = { Point: gettext("un point"), LineString: gettext("une ligne"), Polygon: gettext("une zone") };
      status.textContent = interpolate(
        gettext("Tracé prêt : %s. Décrivez-le puis publiez."), [drawings[geometry.type] || geometry.type]
      );
      document.getElementById("id_comment").focus();
    });
  }

  function initCommune(container) {
    var insee = container.dataset.insee;
    var map = createMap(container, { highlight: insee, communeLinks: true });
    map.outlinesLoaded.then(function () {
      map.outlines.eachLayer(function (layer) {
        if (layer.feature.id === insee) map.fitBounds(layer.getBounds());
      });
    });
    annotationLayer(map, { commune: insee });
    proposalLayer(map, statusOf(container))({ commune: insee });
  }

  var initialisers = {
    overview: initOverview, proposals: initProposals, pick: initPick, pin: initOptionalPin, point: initPoint,
    meetings: initMeetings, annotations: initAnnotations, commune: initCommune,
  };
  document.querySelectorAll("[data-gp-map]").forEach(function (container) {
    initialisers[container.dataset.gpMap](container);
  });
  // For the other scripts of the site (the map questions of surveys).
  window.gpMaps = { createMap: createMap, pinInput: pinInput, drawInput: drawInput, polygonTool: POLYGON_TOOL };

  // A second click on a button that already submitted does nothing: the page is on its way.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) event.preventDefault();
      form.dataset.sent = "1";
    });
  });
})();
