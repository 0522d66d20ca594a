/* Development only: `make serve` adds this script to every page it sends (it is in no
   built site). While the last build failed, a banner at the top of each page shows the
   error as the terminal said it (file, line, what to do); it goes away, and the page
   reloads, once a build succeeds. It asks the server, which keeps the error in memory. */
(function () {
  "use strict";
  var SOURCE = "/_dev/build-error.json";
  var EVERY = 1500; // ms between questions; livereload also reloads the page after a build
  var banner = null;
  var shown = null; // the message on screen, or null

  function make(tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = text;
    return element;
  }

  function show(message) {
    if (message === shown) {
      return;
    }
    if (banner) {
      banner.remove();
      banner = null;
    }
    if (message) {
      banner = document.createElement("section");
      banner.className = "dev-build-error";
      banner.setAttribute("role", "alert");
      banner.setAttribute("aria-label", "The last build failed");
      banner.append(
        make("p", "dev-build-error__title",
          "The last build failed, so this page is the last good version:"),
        make("pre", "dev-build-error__message", message),
        make("p", "dev-build-error__hint",
          "Fix what it says and save the file: the site is rebuilt and this page reloads.")
      );
      document.body.prepend(banner);
    } else if (shown) {
      window.location.reload(); // fixed: show the new site
    }
    shown = message;
  }

  function ask() {
    fetch(SOURCE, { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (data) { if (data) { show(data.error || null); } })
      .catch(function () { /* the server stopped: leave the page as it is */ })
      .then(function () { window.setTimeout(ask, EVERY); });
  }

  if (document.body) {
    ask();
  } else {
    document.addEventListener("DOMContentLoaded", ask);
  }
})();
