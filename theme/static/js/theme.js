/* Light or dark: the reader's choice, remembered in localStorage ("theme"), else the
   system's (prefers-color-scheme, handled by the stylesheet alone).
   Loaded in <head> without defer, so data-theme is set before the first paint; it only
   reads storage and sets one attribute there, and wires the header's button (hidden
   without JavaScript) once the page is parsed. No inline code: fine under a strict CSP. */
(function () {
  "use strict";
  var KEY = "theme";
  var root = document.documentElement;
  var system = window.matchMedia("(prefers-color-scheme: dark)");

  function saved() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null; // storage blocked: follow the system
    }
  }

  var choice = saved();
  if (choice === "dark" || choice === "light") {
    root.setAttribute("data-theme", choice);
  }

  function dark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : system.matches;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) {
      return;
    }
    function show() {
      button.setAttribute("aria-pressed", dark() ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (error) {
        // not remembered, but switched for this page
      }
      show();
    });
    system.addEventListener("change", show);
    show();
    button.hidden = false;
  });
})();
