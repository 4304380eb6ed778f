/* The proposal page's « Copier le lien » (Clipboard API; otherwise the link is selected in its field for the
   reader to copy) and « Partager » where the browser has a share sheet (phones). Without script, the field alone. */
(function () {
  "use strict";
  var field = document.querySelector("[data-share-url]");
  if (!field) return;
  var copy = document.querySelector("[data-share-copy]");
  var share = document.querySelector("[data-share-native]");
  var status = document.querySelector("[data-share-status]");

  function selectField() {
    field.focus();
    field.select();
  }

  copy.hidden = false;
  copy.addEventListener("click", function () {
    if (!navigator.clipboard || !window.isSecureContext) {
      selectField();
      status.textContent = gettext("Le lien est sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).");
      return;
    }
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = gettext("Lien copié."); },
      function () {
        selectField();
        status.textContent = gettext("Le lien est sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).");
      }
    );
  });

  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: share.dataset.shareTitle, url: field.value }).catch(function () {});
    });
  }
  field.addEventListener("focus", function () { field.select(); });
})();
