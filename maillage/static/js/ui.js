// Maillage design system: what the components do where JavaScript runs. Every page
// works without it (the menu stays open, toasts stay in the page, menus close by a
// second click).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-button");
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (nav) nav.classList.toggle("is-open", open);
      return;
    }
    var close = event.target.closest(".toast-close");
    if (close) {
      var toast = close.closest(".toast");
      if (toast) toast.remove();
      return;
    }
    closeMenus(event.target.closest("details.menu"));
  });

  // A success or an information fades after a while, unless the pointer or the focus is
  // on it; an error or a warning stays until it is closed.
  var LINGER_MS = 8000;
  document.querySelectorAll(".toast-success, .toast-info").forEach(function (toast) {
    function later() {
      window.setTimeout(function () {
        if (!toast.matches(":hover, :focus-within")) toast.remove();
        else later();
      }, LINGER_MS);
    }
    later();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details.menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    }
  });
})();
