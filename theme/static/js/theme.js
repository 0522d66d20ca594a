/* Two things decided before the first paint (loaded in <head> without defer):

   1. Light or dark: the reader's choice, remembered in localStorage ("theme"), else the
      system's (prefers-color-scheme, handled by the stylesheet alone); the header's button
      (hidden without JavaScript) is shown and wired as soon as the parser adds it.
   2. Specials past their end: every element with data-valid-until (an ISO date-time with
      offset) whose end has passed is hidden as the parser inserts it, so a site built in
      April and read in December never shows, then removes, the April special (no layout
      shift); without JavaScript the page reads as built.

   No inline code: fine under a strict CSP. */
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

  var now = Date.now();
  function expire(element) {
    var end = Date.parse(element.getAttribute("data-valid-until"));
    if (!isNaN(end) && now > end) {
      element.hidden = true;
    }
  }

  function dark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : system.matches;
  }

  var wired = null;
  function wire(button) {
    if (wired === button) {
      return;
    }
    wired = button;
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
  }

  function settle(node) {
    if (node.nodeType !== 1) {
      return;
    }
    if (node.hasAttribute("data-valid-until")) {
      expire(node);
    }
    node.querySelectorAll("[data-valid-until]").forEach(expire);
    var button = node.matches(".theme-toggle") ? node : node.querySelector(".theme-toggle");
    if (button) {
      wire(button);
    }
  }

  // Mutation callbacks run before the browser renders what the parser added: the button
  // and the specials are settled in the very frame they first appear in.
  var watcher = new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(settle);
    });
  });
  watcher.observe(root, { childList: true, subtree: true });

  document.addEventListener("DOMContentLoaded", function () {
    watcher.disconnect();
    settle(document.body);
  });
})();
