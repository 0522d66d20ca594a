/* The search page: mount the Pagefind UI and run the query from ?q= (the header's box).
   The fallback links (archives, topics) stay until Pagefind has answered, and come back
   if it fails: its index is WebAssembly, which a Content-Security-Policy without
   'wasm-unsafe-eval' in script-src blocks. */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") {
    return; // the fallback links stay visible
  }
  // Older posts are indexed in shards of their own (plugins/coach_search/shards.py).
  var merge = [];
  try {
    merge = JSON.parse(mount.getAttribute("data-merge") || "[]");
  } catch (err) {
    merge = [];
  }
  var ui = new window.PagefindUI({
    element: "#search",
    mergeIndex: merge.map(function (path) {
      return { bundlePath: path };
    }),
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  // Pagefind's box is named only by its title attribute: give it a proper name.
  var input = mount.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", "Search terms");
  }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var fallback = document.getElementById("search-fallback");
  if (fallback) {
    var answered = function () {
      var message = mount.querySelector(".pagefind-ui__message");
      return Boolean(message && /\bresults?\b/i.test(message.textContent));
    };
    new MutationObserver(function () {
      if (answered()) {
        fallback.hidden = true;
      }
    }).observe(mount, { childList: true, subtree: true, characterData: true });
    window.addEventListener("unhandledrejection", function () {
      fallback.hidden = false;
    });
    fallback.hidden = !query; // with a query, wait for the answer
  }
  if (query) {
    ui.triggerSearch(query);
  }
})();
