/* Drag and drop on the theme board (templates/consultations/synthesis/board.html).
 *
 * The board works without this file: every note has a "Move to" form. Dropping a
 * note on a column chooses that column in the note's own form and submits it, so
 * the server answers exactly as it does for the form: with htmx, the board is
 * swapped and the result is announced in the page's messages (a live region);
 * without htmx, the page reloads. What is being dragged and dropped is announced
 * in #board-live.
 */
(function () {
  "use strict";

  var dragged = null;

  function board() {
    return document.getElementById("board");
  }

  function say(text) {
    var region = document.getElementById("board-live");
    if (!region || !text) {
      return;
    }
    // Empty it first so that the same sentence twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  function message(name, column) {
    var root = board();
    var text = (root && root.getAttribute("data-msg-" + name)) || "";
    return text.replace("%(column)s", column || "");
  }

  function enable() {
    var cards = document.querySelectorAll("#board .note-card[data-note]");
    Array.prototype.forEach.call(cards, function (card) {
      card.setAttribute("draggable", "true");
    });
  }

  function columnOf(node) {
    return node && node.closest ? node.closest("#board .theme-column") : null;
  }

  function columnTitle(column) {
    var title = column.querySelector("[data-column-title]");
    return title ? title.textContent.trim() : "";
  }

  function clearTargets() {
    var targets = document.querySelectorAll("#board .drop-target");
    Array.prototype.forEach.call(targets, function (column) {
      column.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("#board .note-card[draggable='true']");
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-note"));
    say(message("picked"));
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) {
      return;
    }
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    if (!card || !column) {
      return;
    }
    event.preventDefault();
    clearTargets();
    var form = card.querySelector("form.move-form");
    var select = form && form.querySelector("select[name='theme']");
    if (!select) {
      return;
    }
    var theme = column.getAttribute("data-theme") || "";
    if (select.value === theme) {
      say(message("same"));
      return;
    }
    select.value = theme;
    say(message("moving", columnTitle(column)));
    if (form.requestSubmit) {
      form.requestSubmit(); // htmx takes it from here, as for a click on "Move"
    } else {
      form.submit();
    }
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });

  // A move that did not reach the server, or was not understood by it.
  function failed(event) {
    var source = event.detail && event.detail.elt;
    if (source && source.classList && source.classList.contains("move-form")) {
      say(message("failed"));
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  // The board is replaced after every change: its new cards are draggable too.
  document.addEventListener("htmx:afterSettle", enable);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enable);
  } else {
    enable();
  }
})();
