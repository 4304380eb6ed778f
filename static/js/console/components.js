/* The pin of a meeting's or a debate's place in the console: the site's pin input (maps.js), checked with the
   concertation's territory at each move; the form starts with the pin at the territory's centre. */
(function () {
  document.querySelectorAll("[data-console-pin]").forEach(function (container) {
    var map = window.gpMaps.createMap(container);
    window.gpMaps.pinInput(map, container, {
      lon: document.getElementById("id_lon"),
      lat: document.getElementById("id_lat"),
      picker: document.getElementById("commune-picker"),
      status: document.getElementById("location-status"),
      error: document.getElementById("location-error"),
      check: container.dataset.placeCheck,
      title: container.dataset.pinTitle,
    });
  });
})();
