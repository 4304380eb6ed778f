// The survey builder: questions and choices move without reloading the page, by the « Monter » / « Descendre »
// buttons (focus stays on the moved item, a live region says where it went) or by dragging them.
(function () {
  "use strict";
  const status = document.querySelector("[data-move-status]");

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function post(form, position) {
    const data = new FormData(form);
    data.set("position", String(position));
    // form.action would be the hidden field named « action »: the form posts to the page itself.
    return fetch(window.location.pathname, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.message || "Le déplacement a échoué.");
        return body.message;
      });
    });
  }

  function items(list) {
    return Array.from(list.children).filter(function (li) { return li.dataset.target; });
  }

  // After a move, every item's buttons point at its new neighbours' positions.
  function renumber(list) {
    const all = items(list);
    all.forEach(function (li, index) {
      const number = li.querySelector(":scope > h3 [data-number]");
      if (number) number.textContent = String(index + 1);
      li.querySelectorAll(":scope > .survey-builder__move form[data-move]").forEach(function (form) {
        const button = form.querySelector("button");
        const up = button.dataset.direction === "-1";
        form.querySelector("input[name=position]").value = String(up ? index : index + 2);
        button.disabled = up ? index === 0 : index === all.length - 1;
      });
    });
  }

  function place(list, li, position) {
    const others = items(list).filter(function (other) { return other !== li; });
    const before = others[position - 1] || null;
    list.insertBefore(li, before);
    renumber(list);
  }

  function move(li, position, focusDirection) {
    const list = li.parentElement;
    const form = li.querySelector(":scope > .survey-builder__move form[data-move]");
    return post(form, position).then(function (message) {
      place(list, li, position);
      let button = li.querySelector(':scope > .survey-builder__move button[data-direction="' + focusDirection + '"]');
      if (!button || button.disabled) button = li.querySelector(":scope > .survey-builder__move button:not([disabled])");
      if (button) button.focus();
      announce(message);
    }).catch(function (error) { announce(error.message); });
  }

  document.querySelectorAll("form[data-move]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const li = form.closest("[data-target]");
      const button = form.querySelector("button");
      move(li, Number(form.querySelector("input[name=position]").value), button.dataset.direction);
    });
  });

  document.querySelectorAll("[data-sortable]").forEach(function (list) {
    let dragged = null;
    items(list).forEach(function (li) {
      if (!li.querySelector(":scope > .survey-builder__move")) return;
      li.draggable = true;
      li.addEventListener("dragstart", function (event) {
        if (event.target !== li) return;
        dragged = li;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.id);
        event.stopPropagation();
      });
      li.addEventListener("dragover", function (event) {
        if (dragged && dragged !== li && dragged.parentElement === list) {
          event.preventDefault();
          event.stopPropagation();
        }
      });
      li.addEventListener("drop", function (event) {
        if (!dragged || dragged === li || dragged.parentElement !== list) return;
        event.preventDefault();
        event.stopPropagation();
        const position = items(list).indexOf(li) + 1;
        const moving = dragged;
        dragged = null;
        move(moving, position, "-1");
      });
      li.addEventListener("dragend", function () { dragged = null; });
    });
  });
})();
