/* Gantt chart pages (actions/gantt.html). The page works without this script.
 *
 * - Print links: when the paper asked for is the page's, print at once; a page opened
 *   from a print link (?print=1) prints itself once loaded.
 * - Drag: a movable bar (data-move-url) dragged sideways snaps to whole days and says
 *   its new dates in the status region while it moves; on release a normal form is
 *   posted to data-move-url (start_date, due_date, base_version, next, the CSRF token
 *   of the page's form), as the action's dates form does. Escape cancels.
 */
(function () {
  "use strict";

  function printing() {
    var figure = document.querySelector(".gantt-figure");
    var paper = figure ? figure.getAttribute("data-paper") : "";
    document.querySelectorAll("a.gantt-print").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (link.getAttribute("data-paper") === paper) {
          event.preventDefault();
          window.print();
        }
      });
    });
    if (new URLSearchParams(window.location.search).get("print") === "1") {
      window.addEventListener("load", function () { window.print(); });
    }
  }

  function parseDay(text) {
    if (!text) { return null; }
    var parts = text.split("-").map(Number);
    return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  }

  function isoDay(date) {
    return date ? date.toISOString().slice(0, 10) : "";
  }

  function addDays(date, days) {
    return date ? new Date(date.getTime() + days * 86400000) : null;
  }

  function shown(date) {
    return date ? date.toLocaleDateString(document.documentElement.lang || undefined, { timeZone: "UTC" }) : "";
  }

  function dragging(svg) {
    var status = document.getElementById("gantt-status");
    var source = document.getElementById("gantt-move-form");
    if (!status || !source) { return; }
    var dayWidth = parseFloat(svg.getAttribute("data-day-width")) || 1;
    var current = null;

    function say(template, start, end) {
      status.textContent = (status.getAttribute(template) || "")
        .replace("{start}", shown(start)).replace("{end}", shown(end));
    }

    function offset(bar, days) {
      if (days) { bar.setAttribute("transform", "translate(" + days * dayWidth + ",0)"); } else { bar.removeAttribute("transform"); }
    }

    function stop(cancelled) {
      if (!current) { return; }
      var drag = current;
      current = null;
      drag.bar.classList.remove("is-dragging");
      svg.classList.remove("is-dragging");
      if (cancelled || drag.days === 0) {
        offset(drag.bar, 0);
        if (cancelled) { say("data-cancelled"); }
        return;
      }
      say("data-saving");
      post(drag);
    }

    function post(drag) {
      var form = document.createElement("form");
      form.method = "post";
      form.action = drag.bar.getAttribute("data-move-url");
      form.hidden = true;
      var fields = {
        csrfmiddlewaretoken: source.querySelector("input[name=csrfmiddlewaretoken]").value,
        start_date: isoDay(addDays(drag.start, drag.days)),
        due_date: isoDay(addDays(drag.end, drag.days)),
        base_version: drag.bar.getAttribute("data-version"),
        next: window.location.pathname + window.location.search
      };
      Object.keys(fields).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = fields[name];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      form.submit();
    }

    svg.querySelectorAll(".gantt-bar[data-move-url]").forEach(function (bar) {
      bar.addEventListener("pointerdown", function (event) {
        if (event.button !== 0 || current) { return; }
        var matrix = svg.getScreenCTM();
        current = {
          bar: bar,
          pointer: event.pointerId,
          x: event.clientX,
          scale: matrix ? matrix.a : 1,
          start: parseDay(bar.getAttribute("data-start")),
          end: parseDay(bar.getAttribute("data-end")),
          days: 0
        };
        bar.setPointerCapture(event.pointerId);
        bar.classList.add("is-dragging");
        svg.classList.add("is-dragging");
        event.preventDefault();
      });
      bar.addEventListener("pointermove", function (event) {
        if (!current || current.bar !== bar || event.pointerId !== current.pointer) { return; }
        var days = Math.round((event.clientX - current.x) / current.scale / dayWidth);
        if (days === current.days) { return; }
        current.days = days;
        offset(bar, days);
        if (current.start) {
          say("data-range", addDays(current.start, days), addDays(current.end, days));
        } else {
          say("data-deadline", null, addDays(current.end, days));
        }
      });
      bar.addEventListener("pointerup", function (event) {
        if (current && current.bar === bar && event.pointerId === current.pointer) { stop(false); }
      });
      bar.addEventListener("pointercancel", function () { stop(true); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) { stop(true); }
    });
  }

  function start() {
    printing();
    var svg = document.querySelector(".gantt-svg[data-day-width]");
    if (svg) { dragging(svg); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
