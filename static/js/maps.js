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
  var KIND_LABELS = {
    remarque: gettext("Remarque"), probleme: gettext("Problème"), idee: gettext("Idée"), question: gettext("Question"),
  };
  // The states of a proposal, each with its pin colour (static/css/site.css, .gp-pin--*) and its tile colour.
  var STATE_COLOURS = {
    published: "#000091", evaluating: "#7a4d00", accepted: "#18753c", rejected: "#b3261e", withdrawn: "#555",
  };
  var STATE_LABELS = {
    published: gettext("Publiée"), evaluating: gettext("En cours d'évaluation"), accepted: gettext("Acceptée"),
    rejected: gettext("Rejetée"), withdrawn: gettext("Retirée"),
  };

  /* A count as the page's language writes it: « 12 000 » (narrow no-break space) in French, « 12,000 » in English. */
  function number(count) {
    return count.toLocaleString(document.documentElement.lang);
  }

  function supportsText(count) {
    return interpolate(ngettext("%s soutien", "%s soutiens", count), [number(count)]);
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
  var OGC_FILTERS = {
    process: "process", commune: "commune_insee", theme: "theme", state: "state", kind: "kind", debate: "debate",
  };

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
    // The server cuts the tiles of one debate, or of one concertation; the other filters apply to the points from z15.
    var query = params.debate ? "?debate=" + encodeURIComponent(params.debate)
      : params.process ? "?process=" + encodeURIComponent(params.process) : "";
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
    box.appendChild(el("p", {}, STATE_LABELS[p.state] || ""));
    box.appendChild(el("p", {}, supportsText(p.supports_count)));
    return box;
  }

  function proposalTileStyle(p) {
    var colour = STATE_COLOURS[p.state] || STATE_COLOURS.published;
    return { radius: 6, fill: true, fillColor: colour, fillOpacity: 0.9, color: "#fff", weight: 2 };
  }

  function annotationStyle(kind) {
    return { radius: 6, color: KIND_COLOURS[kind] || "#333", weight: 3, fill: true, fillOpacity: 0.2 };
  }

  function annotationTilePopup(p) {
    var box = el("div", { class: "popup" });
    box.appendChild(el("strong", {}, KIND_LABELS[p.kind] || p.kind));
    var link = gettext("Voir la carte de la concertation");
    box.appendChild(el("a", { href: "/concertations/" + p.process + "/carte/" }, link));
    return box;
  }

  /* The outlines drawn under every map: the simplified document, cached by the browser (ETag); the full
     boundaries and the counts are the communes layer's, in the feeds. */
  var communesRequest = null;
  function communes() {
    communesRequest = communesRequest || fetch(config.outlinesUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); });
    return communesRequest;
  }

  /* A legend as a Leaflet control: real text next to each swatch (the swatches are decoration), in a <details>
     that starts closed on a phone. `entries` are [swatch element, text]. */
  function legend(map, entries) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("details", { class: "gp-legend" });
      if (window.matchMedia("(min-width: 48rem)").matches) box.open = true;
      box.appendChild(el("summary", {}, gettext("Légende")));
      // Focusable, so that a keyboard can scroll a long legend on a small map.
      var list = el("ul", { tabindex: "0" });
      entries.forEach(function (entry) {
        var item = el("li");
        entry[0].setAttribute("aria-hidden", "true");
        item.appendChild(entry[0]);
        item.appendChild(el("span", {}, entry[1]));
        list.appendChild(item);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    return control;
  }

  function swatch(kind, colour) {
    var node = el("span", { class: "gp-swatch gp-swatch--" + kind });
    if (colour) node.style.borderColor = colour;
    return node;
  }

  var LEGEND = {
    proposals: function () {
      var entries = Object.keys(STATE_LABELS).map(function (state) {
        return [el("span", { class: "gp-swatch gp-pin gp-pin--" + state }), interpolate(gettext("Proposition %s"), [STATE_LABELS[state].toLowerCase()])];
      });
      entries.push([el("span", { class: "gp-swatch gp-swatch--cluster" }, "N"),
        gettext("Cercle avec un nombre N : un groupe de N propositions, cliquez pour zoomer")]);
      return entries;
    },
    annotations: function () {
      return Object.keys(KIND_LABELS).map(function (kind) {
        return [swatch("kind", KIND_COLOURS[kind]), interpolate(gettext("Annotation « %s » (point, ligne ou zone)"), [KIND_LABELS[kind]])];
      });
    },
    communes: function () { return [[swatch("outline"), gettext("Trait gris : limite d'une commune")]]; },
    commune: function (nom) { return [[swatch("highlight"), interpolate(gettext("Trait bleu épais : %s"), [nom])]]; },
    marker: function (text) { return [[el("span", { class: "gp-swatch gp-swatch--marker" }), text]]; },
    crosshair: function () {
      return [[swatch("crosshair"), gettext("Cercle bleu au centre (au clavier) : où Entrée place le point")]];
    },
    drawing: function () { return [[swatch("drawing"), gettext("Trait bleu foncé : votre tracé")]]; },
  };

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
    var state = STATE_LABELS[p.state] ? p.state : "published";
    var icon = L.divIcon({ className: "gp-pin gp-pin--" + state, iconSize: [20, 20], popupAnchor: [0, -8] });
    var marker = L.marker([c[1], c[0]], { title: p.title, alt: p.title, icon: icon });
    marker.bindPopup(function () {
      var box = el("div", { class: "popup" });
      box.appendChild(el("a", { href: p.url }, p.title));
      box.appendChild(el("p", {}, STATE_LABELS[state]));
      box.appendChild(el("p", {}, [p.commune_nom, p.theme_name, authorText(p.author)].filter(Boolean).join(" · ")));
      box.appendChild(el("p", {}, supportsText(p.supports_count)));
      return box;
    });
    return marker;
  }

  /* The plugin's own cluster icon, named for screen readers: a cluster is a button (Leaflet's focusable markers)
     whose only text would otherwise be its count. */
  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var box = el("div");
    box.appendChild(el("span", { "aria-hidden": "true" }, String(count)));
    box.appendChild(el("span", { class: "gp-cluster__label" },
      interpolate(ngettext("un groupe de %s proposition", "un groupe de %s propositions", count), [count])));
    return L.divIcon({ html: box.outerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  /* Proposals in a cluster layer, reloaded whenever the filters change; stale loads are aborted. Beyond
     TILES_ABOVE proposals (`total`, when the page knows it, or found while loading) vector tiles replace it. */
  function proposalLayer(map, status, source) {
    var cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60, iconCreateFunction: clusterIcon,
    });
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
        if (status) status.textContent = interpolate(onMap, [number(count)]);
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
          box.appendChild(el("strong", {}, KIND_LABELS[f.properties.kind] || f.properties.kind));
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
    legend(map, LEGEND.proposals().concat(LEGEND.annotations(), LEGEND.communes()));
    var reload = proposalLayer(map, statusOf(container));
    // The page states the counts of every public contribution: the map knows at once whether to use tiles.
    annotationLayer(map, {}, { total: Number(container.dataset.annotations) });
    reload({}, Number(container.dataset.proposals));
  }

  /* A concertation's proposals: the list and the map share the filter form. */
  function initProposals(container) {
    var map = createMap(container);
    legend(map, LEGEND.proposals().concat(LEGEND.communes()));
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
      var list = new URLSearchParams(params);
      // The list's order is no filter of the map: kept in the address and the list only.
      var sort = new URLSearchParams(location.search).get("tri");
      if (sort) list.set("tri", sort);
      var query = list.toString();
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

  /* The server's answer on a place (web:place_check, the rule of the submit): `{inside, commune, reason}`, or null
     when the map has no check or the check did not answer, in which case the submit alone decides. One request at
     a time: a newer one aborts the older. */
  function placeChecker(url) {
    var controller = null;
    return function check(latlng) {
      if (!url) return Promise.resolve(null);
      if (controller) controller.abort();
      controller = new AbortController();
      var query = new URLSearchParams({ lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6) });
      return fetch(url + "?" + query.toString(), { signal: controller.signal, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function (error) { if (error.name === "AbortError") throw error; return null; });
    };
  }

  /* The same check for a drawing, sent whole (POST, with the page's CSRF token): the server answers for the point
     where the submit places it (its commune trigger's point on surface), not for its first vertex. */
  function shapeChecker(url) {
    return function check(geometry) {
      var token = document.querySelector("[name=csrfmiddlewaretoken]");
      if (!url || !token) return Promise.resolve(null);
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
        body: JSON.stringify({ geometry: geometry }),
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    };
  }

  /* Why a place is refused, in the words of the submit (participation/geometry.py, check_territory). */
  function refusalText(answer) {
    if (answer.reason === "outside_process") {
      return interpolate(gettext("Ce lieu (%s) est en dehors du territoire de la concertation."), [answer.commune.nom]);
    }
    return gettext("Ce lieu est en dehors du territoire de la métropole (95 communes).");
  }

  function communeText(answer) {
    return answer && answer.commune ? interpolate(gettext("Vous êtes à %s."), [answer.commune.nom]) + " " : "";
  }

  /* « Me localiser »: a button on the map that asks the browser for the position only when pressed, and hands it
     to `onPosition(latlng)`; `say(text)` tells why there is none. The position goes nowhere else. */
  function locateControl(map, onPosition, say) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var button = el("button", { type: "button", class: "gp-locate" }, gettext("Me localiser"));
      L.DomEvent.disableClickPropagation(button);
      button.addEventListener("click", function () {
        if (!navigator.geolocation) {
          say(gettext("Ce navigateur ne donne pas la position : placez le repère sur la carte ou choisissez une commune."));
          return;
        }
        say(gettext("Recherche de votre position…"));
        navigator.geolocation.getCurrentPosition(function (position) {
          onPosition(L.latLng(position.coords.latitude, position.coords.longitude));
        }, function (error) {
          say(error.code === error.PERMISSION_DENIED
            ? gettext("Vous n'avez pas autorisé la localisation : placez le repère sur la carte ou choisissez une commune.")
            : gettext("Votre position n'est pas disponible : placez le repère sur la carte ou choisissez une commune."));
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
      });
      return button;
    };
    control.addTo(map);
    return control;
  }

  /* A place typed, picked or pointed at on a map: click, drag, keyboard (Enter on the map drops the pin at the
     centre), « Me localiser », commune picker or typed coordinates, all kept in the `lon` and `lat` fields. Each
     place is checked with the server first (`fields.check`, placeChecker): a place the submit would refuse is
     refused at once, the pin stays where it was and the error says why. Shared with the map questions of surveys.
     Returns the reader of the fields. */
  function pinInput(map, container, fields) {
    var lon = fields.lon;
    var lat = fields.lat;
    var title = fields.title || gettext("Lieu de la proposition (faites glisser pour ajuster)");
    var check = placeChecker(fields.check);
    var marker = null;
    var accepted = null;
    var dragTimer = null;

    function say(text) { fields.status.textContent = text; }

    function refuse(text) {
      if (fields.error) fields.error.textContent = text;
      else say(text);
      if (marker && accepted) marker.setLatLng(accepted);
    }

    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: title, alt: title }).addTo(map);
        marker.on("drag", function () {
          clearTimeout(dragTimer);
          // While dragging, the commune under the pin is said at most every quarter of a second.
          dragTimer = setTimeout(function () {
            check(marker.getLatLng()).then(function (answer) {
              if (answer && answer.inside) say(communeText(answer).trim());
            }, function () {});
          }, 250);
        });
        marker.on("dragend", function () { clearTimeout(dragTimer); tryPlace(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      accepted = latlng;
    }

    function setFields(latlng, answer) {
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (fields.error) fields.error.textContent = "";
      say(communeText(answer) + interpolate(
        gettext("Repère placé : longitude %(lon)s, latitude %(lat)s."), { lon: lon.value, lat: lat.value }, true
      ));
    }

    /* Places the pin at `latlng` and fills the fields if the server takes the place there. */
    function tryPlace(latlng, then) {
      return check(latlng).then(function (answer) {
        if (answer && !answer.inside) return refuse(refusalText(answer));
        place(latlng);
        setFields(latlng, answer);
        if (then) then(latlng);
      }, function () { /* a newer place was asked for */ });
    }

    function fromFields() {
      var x = parseFloat(lon.value);
      var y = parseFloat(lat.value);
      return isFinite(x) && isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? L.latLng(y, x) : null;
    }

    map.on("click", function (event) { tryPlace(event.latlng); });
    // The crosshair (CSS) shows keyboard users where Enter drops the pin; mouse users do not need it.
    container.addEventListener("mousedown", function () { container.classList.remove("gp-map--keyboard"); });
    container.addEventListener("keydown", function (event) {
      if (event.target !== container) return;
      container.classList.add("gp-map--keyboard");
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      tryPlace(map.getCenter());
    });
    locateControl(map, function (latlng) {
      tryPlace(latlng, function () { map.setView(latlng, Math.max(map.getZoom(), 16)); });
    }, say);
    [lon, lat].forEach(function (input) {
      input.addEventListener("change", function () {
        var latlng = fromFields();
        if (!latlng) return;
        tryPlace(latlng, function () { map.setView(latlng, Math.max(map.getZoom(), 15)); });
      });
    });
    fields.picker.addEventListener("change", function () {
      var option = fields.picker.options[fields.picker.selectedIndex];
      if (!option.dataset.lon) return;
      var latlng = L.latLng(parseFloat(option.dataset.lat), parseFloat(option.dataset.lon));
      tryPlace(latlng, function () { map.setView(latlng, fields.pickZoom || 15); });
    });
    legend(map, LEGEND.marker(gettext("Repère : le lieu que vous indiquez")).concat(LEGEND.crosshair(), LEGEND.communes()));

    var initial = fromFields();
    if (initial) {
      place(initial);
      // Without the zoom's animation, which would end after a first move of the map and bring it back here.
      map.setView(initial, 14, { animate: false });
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

  var SHAPE_NAMES = { Point: gettext("un point"), LineString: gettext("une ligne"), Polygon: gettext("une zone") };

  function vertexText(count, answer) {
    if (answer && answer.commune) {
      return interpolate(gettext("Point %(count)s ajouté à %(commune)s."), { count: count, commune: answer.commune.nom }, true);
    }
    return interpolate(gettext("Point %s ajouté."), [count]);
  }

  /* A point, a line or an area drawn from the keyboard on a focused map: the arrows move the map under the
     crosshair at its centre, Enter (or Space) adds a vertex there, Backspace removes the last one, Escape
     finishes; each step is said in `options.status`. Each vertex is checked like a pin (placeChecker), and a
     finished shape is checked as the server would (enough points, an area whose edges do not cross, a line that
     does not cross itself with `options.simple`) before
     `options.done(geometry, answer)` gets it. `options.shape()` tells which shape is being drawn. */
  function keyboardDrawing(map, container, options) {
    var check = placeChecker(options.check);
    var vertices = [];
    var answers = [];
    var preview = L.featureGroup().addTo(map);
    var STYLE = { color: "#000091", weight: 3, dashArray: "6 4", interactive: false };

    function say(text) { options.status.textContent = text; }

    function redraw() {
      preview.clearLayers();
      if (options.shape() === "Polygon" && vertices.length > 2) preview.addLayer(L.polygon(vertices, STYLE));
      else if (vertices.length > 1) preview.addLayer(L.polyline(vertices, STYLE));
      vertices.forEach(function (v) {
        preview.addLayer(L.circleMarker(v, { radius: 5, color: "#000091", fillOpacity: 1, interactive: false }));
      });
    }

    function reset() {
      vertices = [];
      answers = [];
      redraw();
    }

    // Leaflet.draw's own test, on the projected edges: the server refuses the same areas (an invalid geometry), and
    // the same lines where it asks for a simple one (`options.simple`).
    function crosses(shape) {
      var drawing = (shape === "Polygon" ? L.polygon(vertices) : L.polyline(vertices)).addTo(map);
      var result = drawing.intersects();
      map.removeLayer(drawing);
      return result;
    }

    function geometry(shape) {
      var positions = vertices.map(function (v) { return [+v.lng.toFixed(6), +v.lat.toFixed(6)]; });
      if (shape === "Point") return { type: "Point", coordinates: positions[0] };
      if (shape === "LineString") return { type: "LineString", coordinates: positions };
      return { type: "Polygon", coordinates: [positions.concat([positions[0]])] };
    }

    /* Ends the drawing; false, with the reason said, when the shape cannot be taken yet. */
    function finish() {
      var shape = options.shape();
      if (!vertices.length) return false;
      if (shape === "LineString" && vertices.length < 2) {
        say(gettext("Une ligne compte au moins 2 points : ajoutez-en un avec Entrée."));
        return false;
      }
      if (shape === "Polygon" && vertices.length < 3) {
        say(gettext("Une zone compte au moins 3 points : ajoutez-en avec Entrée."));
        return false;
      }
      if (shape === "Polygon" && crosses(shape)) {
        say(gettext("Les bords de la zone se croisent : retirez le dernier point avec Retour arrière."));
        return false;
      }
      if (shape === "LineString" && options.simple && crosses(shape)) {
        say(gettext("Le trajet se recoupe : retirez le dernier point avec Retour arrière."));
        return false;
      }
      var drawing = geometry(shape);
      var first = answers[0];
      reset();
      options.done(drawing, first);
      return true;
    }

    function add(latlng) {
      check(latlng).then(function (answer) {
        if (answer && !answer.inside) return say(refusalText(answer) + " " + gettext("Point non ajouté."));
        vertices.push(latlng);
        answers.push(answer);
        redraw();
        if (options.shape() === "Point") return finish();
        say(vertexText(vertices.length, answer) + " " + (vertices.length === 1
          ? gettext("Entrée : point suivant ; Retour arrière : retirer le dernier ; Échap : terminer.")
          : ""));
      }, function () { /* a newer vertex was asked for */ });
    }

    container.addEventListener("mousedown", function () { container.classList.remove("gp-map--keyboard"); });
    container.addEventListener("keydown", function (event) {
      if (event.target !== container) return;
      container.classList.add("gp-map--keyboard");
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        add(map.getCenter());
      } else if (event.key === "Backspace") {
        event.preventDefault();
        if (!vertices.length) return say(gettext("Aucun point à retirer."));
        vertices.pop();
        answers.pop();
        redraw();
        say(interpolate(ngettext("Dernier point retiré : %s point reste.", "Dernier point retiré : %s points restent.",
          vertices.length), [vertices.length]));
      } else if (event.key === "Escape") {
        finish();
      }
    });
    return { pending: function () { return vertices.length > 0; }, finish: finish, reset: reset };
  }

  /* A drawing kept as GeoJSON in `field`: drawn with the Leaflet.draw `tools` (the others are off), from the
     keyboard (keyboardDrawing, with `options.shape` and `options.simple`), or typed in the field. A mouse drawing
     the server would refuse is refused at once (shapeChecker, `options.check`). `onDrawn` is told of each
     accepted drawing. Returns the drawn layer, with the keyboard drawing as `drawn.keyboard`. */
  function drawInput(map, container, field, tools, onDrawn, options) {
    localiseDrawing();
    var checkShape = shapeChecker(options.check);
    var drawn = L.featureGroup().addTo(map);
    var off = { polyline: false, polygon: false, marker: false, rectangle: false, circle: false, circlemarker: false };
    map.addControl(new L.Control.Draw({ position: "topleft", draw: Object.assign(off, tools), edit: false }));
    function show(geometry) {
      drawn.clearLayers();
      L.geoJSON(geometry, { style: { color: "#000091" } }).eachLayer(function (l) { drawn.addLayer(l); });
    }
    function accept(geometry, answer) {
      field.value = JSON.stringify(geometry);
      show(geometry);
      onDrawn(geometry, answer);
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      var geometry = event.layer.toGeoJSON().geometry;
      checkShape(geometry).then(function (answer) {
        if (answer && !answer.inside) options.status.textContent = refusalText(answer);
        else accept(geometry, answer);
      });
    });
    field.addEventListener("change", function () {
      try { show(JSON.parse(field.value)); } catch (ignored) { drawn.clearLayers(); }
    });
    if (field.value.trim()) {
      try { show(JSON.parse(field.value)); } catch (ignored) { /* the server already said the text is unreadable */ }
    }
    drawn.keyboard = keyboardDrawing(map, container, {
      check: options.check, status: options.status, shape: options.shape, simple: options.simple, done: accept,
    });
    legend(map, LEGEND.drawing().concat(LEGEND.crosshair(), options.legend || [], LEGEND.communes()));
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
      check: container.dataset.placeCheck,
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
    legend(map, LEGEND.marker(gettext("Repère : le lieu de la proposition")).concat(LEGEND.communes()));
  }

  function dateText(iso) {
    return new Date(iso).toLocaleString(LANGUAGE === "en" ? "en-GB" : "fr-FR", { dateStyle: "full", timeStyle: "short" });
  }

  function initMeetings(container) {
    var map = createMap(container);
    legend(map, LEGEND.marker(gettext("Repère : une réunion publique, cliquez pour ses détails")).concat(LEGEND.communes()));
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

  // The stances of an argument, each with its colour (the same as the QGIS style of layers/definitions.py).
  var STANCE_COLOURS = { for: "#18753c", against: "#b3261e", nuance: "#7a4d00" };
  var STANCE_LABELS = { for: gettext("Pour"), against: gettext("Contre"), nuance: gettext("Nuance") };

  function stanceStyle(p) {
    return { radius: 7, fill: true, fillColor: STANCE_COLOURS[p.stance], fillOpacity: 0.9, color: "#fff", weight: 2 };
  }

  function argumentPopup(p) {
    var box = el("div", { class: "popup" });
    box.appendChild(el("strong", {}, STANCE_LABELS[p.stance]));
    box.appendChild(el("p", {}, supportsText(p.supports_count)));
    box.appendChild(el("a", { href: "#argument-" + p.id }, gettext("Lire l'argument")));
    return box;
  }

  /* A debate's page: its place, if it has one, and the arguments placed on the map (the debate_arguments layer),
     coloured by stance, as GeoJSON or as vector tiles beyond TILES_ABOVE of them. */
  function initDebate(container) {
    var map = createMap(container);
    var entries = [];
    if (container.dataset.lat) {
      var latlng = L.latLng(parseFloat(container.dataset.lat), parseFloat(container.dataset.lon));
      L.marker(latlng, { title: container.dataset.title, alt: container.dataset.title, keyboard: false }).addTo(map);
      map.setView(latlng, 15);
      entries = LEGEND.marker(gettext("Repère : le lieu du débat"));
    }
    Object.keys(STANCE_LABELS).forEach(function (stance) {
      var dot = el("span", { class: "gp-swatch gp-swatch--stance" });
      dot.style.background = STANCE_COLOURS[stance];
      entries.push([dot, interpolate(gettext("Point : un argument « %s », cliquez pour le lire"), [STANCE_LABELS[stance]])]);
    });
    legend(map, entries.concat(LEGEND.communes()));
    var params = { process: container.dataset.process, debate: container.dataset.debate };
    var group = L.featureGroup().addTo(map);
    loadFeatures("debate_arguments", params, function (features) {
      features.forEach(function (f) {
        var c = f.geometry.coordinates;
        L.circleMarker([c[1], c[0]], stanceStyle(f.properties)).addTo(group).bindPopup(function () {
          return argumentPopup(f.properties);
        });
      });
    }).then(function () {
      container.dataset.arguments = String(group.getLayers().length);
      if (!container.dataset.lat && group.getLayers().length) map.fitBounds(group.getBounds(), { maxZoom: 15 });
    }, function (error) {
      if (error.name !== "TooManyFeatures") return;
      group.clearLayers();
      contributionTiles(map, "debate_arguments", params, stanceStyle, argumentPopup).addTo(map);
    });
  }

  /* The annotation map: what others drew, and a point, a line or an area drawn with Leaflet.draw or the keyboard
     (the shape chosen in #keyboard-shape). */
  function initAnnotations(container) {
    var map = createMap(container);
    annotationLayer(map, { process: container.dataset.process }, { source: container.dataset.source });
    if (!("draw" in container.dataset)) {
      legend(map, LEGEND.annotations().concat(LEGEND.communes()));
      return;
    }
    var status = document.getElementById("drawing-status");
    var shape = document.getElementById("keyboard-shape");
    var drawn = drawInput(map, container, document.getElementById("id_geometry"), {
      polyline: { shapeOptions: { color: "#000091" } }, polygon: POLYGON_TOOL, marker: {},
    }, function (geometry, answer) {
      status.textContent = communeText(answer) + interpolate(
        gettext("Tracé prêt : %s. Décrivez-le puis publiez."), [SHAPE_NAMES[geometry.type] || geometry.type]
      );
      document.getElementById("id_comment").focus();
    }, {
      check: container.dataset.placeCheck, status: status, legend: LEGEND.annotations(),
      shape: function () { return shape.value; },
    });
    shape.addEventListener("change", function () { drawn.keyboard.reset(); });
    // A keyboard drawing not yet finished is finished by the submit, or stops it with the reason.
    document.getElementById("annotation-form").addEventListener("submit", function (event) {
      if (drawn.keyboard.pending() && !drawn.keyboard.finish()) {
        event.preventDefault();
        container.focus();
      }
    });
  }

  function initCommune(container) {
    var insee = container.dataset.insee;
    var map = createMap(container, { highlight: insee, communeLinks: true });
    legend(map, LEGEND.commune(container.dataset.nom).concat(LEGEND.proposals(), LEGEND.annotations(), LEGEND.communes()));
    map.outlinesLoaded.then(function () {
      map.outlines.eachLayer(function (layer) {
        if (layer.feature.id === insee) map.fitBounds(layer.getBounds());
      });
    });
    annotationLayer(map, { commune: insee });
    proposalLayer(map, statusOf(container))({ commune: insee });
  }

  /* Lower case, without accents, ligatures, hyphens or apostrophes, as the server folds (web/communes.py). */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae")
      .split(/[^\p{L}\p{N}]+/u).join(" ").trim();
  }

  /* The colour of a value in graduated classes ({lower, upper, colour}, the last upper null). */
  function classColour(classes, value) {
    for (var i = 0; i < classes.length; i++) {
      if (classes[i].upper === null || value < classes[i].upper) return classes[i].colour;
    }
    return classes[classes.length - 1].colour;
  }

  /* A choropleth of the outlines: `values` by INSEE code, numbers or a withheld count's text (« n.c. », grey); a
     commune without a value stays white. With `labelled`, each commune's tooltip gives its value. */
  function choropleth(map, values, classes, labelled) {
    map.outlinesLoaded.then(function () {
      map.outlines.setStyle(function (feature) {
        var value = values[feature.id];
        if (value === undefined) return { color: "#666", weight: 1, fillColor: "#fff", fillOpacity: 0.7 };
        if (typeof value !== "number") return { color: "#333", weight: 1, dashArray: "4 3", fillColor: "#999", fillOpacity: 0.8 };
        return { color: "#333", weight: 1, fillColor: classColour(classes, value), fillOpacity: 0.8 };
      });
      if (labelled) {
        map.outlines.eachLayer(function (layer) {
          var value = values[layer.feature.id];
          var text = typeof value === "number" ? number(value) : value || "0";
          layer.setTooltipContent(layer.feature.properties.nom + " : " + text);
        });
      }
      map.getContainer().dataset.coloured = "1";
    });
  }

  /* A survey's map question in its results: the published counts per commune (never a place) on the outlines. */
  function initSurveyAnswers(container) {
    var values = JSON.parse(document.getElementById(container.dataset.counts).textContent);
    var map = createMap(container, { communeLinks: true });
    choropleth(map, values, JSON.parse(document.getElementById("answer-classes").textContent), true);
  }

  /* The communes page: the map coloured by contributions per 1,000 inhabitants, and the table filtered as one
     types (the same rows the form's GET filters without a script). */
  function initCommunes(container) {
    var map = createMap(container, { communeLinks: true });
    choropleth(map, JSON.parse(document.getElementById("commune-rates").textContent),
      JSON.parse(document.getElementById("commune-classes").textContent));
    var input = document.getElementById("commune-q");
    var count = document.getElementById("commune-count");
    var rows = document.querySelectorAll("#commune-table tbody tr[data-folded]");
    input.addEventListener("input", function () {
      var query = fold(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = row.dataset.folded.indexOf(query) === -1;
        if (!row.hidden) shown += 1;
      });
      document.getElementById("commune-none").hidden = shown > 0;
      count.textContent = interpolate(ngettext("%s commune", "%s communes", shown), [shown]);
    });
  }

  var initialisers = {
    overview: initOverview, proposals: initProposals, pick: initPick, pin: initOptionalPin, point: initPoint,
    meetings: initMeetings, annotations: initAnnotations, commune: initCommune, communes: initCommunes,
    "survey-answers": initSurveyAnswers, debate: initDebate,
  };
  document.querySelectorAll("[data-gp-map]").forEach(function (container) {
    initialisers[container.dataset.gpMap](container);
  });
  // For the other scripts of the site (the map questions of surveys).
  window.gpMaps = {
    createMap: createMap, pinInput: pinInput, drawInput: drawInput, polygonTool: POLYGON_TOOL, communeText: communeText,
  };

  // A second click on a button that already submitted does nothing: the page is on its way.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) event.preventDefault();
      form.dataset.sent = "1";
    });
  });
})();
