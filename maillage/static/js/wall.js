// The live wall (templates/consultations/live/wall.html). Without this file the
// wall still polls every 2 seconds and works; with it:
// - polling waits while a facilitator is in a note's moderation form (a refresh
//   would replace that form) or while the page is hidden, and catches up at once
//   when the page is shown again;
// - when the whole wall is replaced (a note was hidden or corrected), the keyboard
//   focus goes back to the note it was on instead of being lost.
(function () {
  "use strict";

  var WALL = "[data-wall-notes]";
  var focusedId = null;

  function inWall(element) {
    return Boolean(element && element.closest && element.closest(WALL));
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (!element || !element.hasAttribute || !element.hasAttribute("data-wall-poll")) {
      return;
    }
    var active = document.activeElement;
    if (document.hidden || (inWall(active) && active.closest("details[open]"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && window.htmx) {
      window.htmx.trigger(document.body, "wall-changed");
    }
  });

  document.addEventListener("htmx:oobBeforeSwap", function () {
    var active = document.activeElement;
    focusedId = null;
    if (inWall(active)) {
      var note = active.closest("li[id]");
      focusedId = note ? note.id : null;
    }
  });

  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!focusedId) {
      return;
    }
    var note = document.getElementById(focusedId);
    focusedId = null;
    if (note) {
      note.setAttribute("tabindex", "-1");
      note.focus({ preventScroll: true });
    }
  });
})();
