// Optional drag and drop on the actions board. A card dropped on a column submits the
// same form as its "Move to …" button (in the card's menu) (so htmx, the version check and the conflict
// message work the same way). Without this script, the buttons do everything.
(function () {
  "use strict";
  var dragged = null;

  function prepare(root) {
    root.querySelectorAll(".kanban-card").forEach(function (card) {
      if (card.querySelector("form.kanban-move")) card.setAttribute("draggable", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  document.addEventListener("htmx:afterSwap", function () { prepare(document); });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card[draggable]");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    document.querySelectorAll(".is-drop-target").forEach(function (el) {
      el.classList.remove("is-drop-target");
    });
  });

  function formFor(column) {
    if (!dragged || !column) return null;
    var input = dragged.querySelector(
      'form.kanban-move input[name="status"][value="' + column.dataset.status + '"]'
    );
    return input ? input.form : null;
  }

  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".kanban-column");
    if (formFor(column)) {
      event.preventDefault();
      column.classList.add("is-drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".kanban-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".kanban-column");
    var form = formFor(column);
    if (!form) return;
    event.preventDefault();
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });
})();
