/* Every page: the header's menu folds behind its button on a phone. Without this script the button is never shown
   and the menu stays open; the CSS decides by the width whether the button shows (site.css, `.js-menu`). */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-button");
  if (!button) return;
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  setOpen(false);
  header.classList.add("js-menu");
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.offsetParent !== null) {
      setOpen(false);
      button.focus();
    }
  });
})();
