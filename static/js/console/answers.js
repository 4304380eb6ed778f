// The answer templates: picking one fills the answer's text and state (without JS, the templates are listed below
// the field, to copy).
(function () {
  "use strict";
  document.querySelectorAll("select[data-answer-template]").forEach(function (select) {
    select.closest("[hidden]").hidden = false;
    select.addEventListener("change", function () {
      var option = select.selectedOptions[0];
      if (!option || !option.value) return;
      document.getElementById(select.dataset.target).value = option.dataset.text;
      document.getElementById(select.dataset.state).value = option.dataset.state;
    });
  });
})();
