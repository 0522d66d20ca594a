/* The search page: mount the Pagefind UI and run the query from ?q= (the header's box). */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") {
    return; // the fallback links stay visible
  }
  var ui = new window.PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  var fallback = document.getElementById("search-fallback");
  if (fallback) {
    fallback.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    ui.triggerSearch(query.trim());
  }
})();
