/* The theme board (templates/consultations/synthesis/board.html): drag and drop, and
 * the count of ticked notes in the toolbar.
 *
 * The board works without this file: every note's menu has a "Move to" button per
 * column, and the toolbar's form moves or codes the ticked notes. Dropping a note on
 * a column clicks that column's button in the note's own menu, so the server answers
 * exactly as it does for the button: with htmx, the board is swapped and the result
 * is announced in the page's messages (a live region); without htmx, the page
 * reloads. What is being dragged and dropped is announced in #board-live.
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
    if (columnOf(card) === column) {
      say(message("same"));
      return;
    }
    var theme = column.getAttribute("data-theme") || "";
    var button = null;
    var buttons = card.querySelectorAll("form.move-form button[name='theme']");
    Array.prototype.forEach.call(buttons, function (candidate) {
      if (candidate.value === theme) {
        button = candidate;
      }
    });
    if (!button) {
      return;
    }
    say(message("moving", columnTitle(column)));
    button.click(); // htmx takes it from here, as for a click on the button in the menu
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

  // How many notes are ticked, said in the toolbar (the form they belong to).
  function countTicked() {
    var status = document.getElementById("bulk-status");
    var root = board();
    if (!status || !root) {
      return;
    }
    var n = document.querySelectorAll("#board input.note-tick:checked").length;
    var name = n === 0 ? "zero" : n === 1 ? "one" : "many";
    status.textContent = (root.getAttribute("data-msg-ticked-" + name) || "").replace(
      "%(n)s",
      String(n)
    );
  }
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("note-tick")) {
      countTicked();
    }
  });

  // A note's menu opens within its column, which scrolls: bring the whole menu into view.
  document.addEventListener(
    "toggle",
    function (event) {
      var menu = event.target;
      if (!menu.open || !menu.matches || !menu.matches("#board .note-card details.menu")) {
        return;
      }
      var items = menu.querySelector(".menu-items");
      if (items && items.scrollIntoView) {
        items.scrollIntoView({ block: "nearest" });
      }
    },
    true
  );

  // The board is replaced after every change: its new cards are draggable too.
  document.addEventListener("htmx:afterSettle", enable);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enable);
  } else {
    enable();
  }
})();
