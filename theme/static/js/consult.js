/* Consultation blocks (plugins/coach_consult), loaded with `defer`; no inline code, so it runs
   under a strict Content-Security-Policy (script-src 'self').
   [data-email]: the address is stored in base64, never raw. A span becomes a mailto:
   link showing the address; a hidden button gets its mailto: link and is shown.
   (Specials past their end are hidden before the first paint by js/theme.js.) */
(function () {
  "use strict";

  function decode(data) {
    var binary = window.atob(data);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new TextDecoder().decode(bytes);
  }

  document.querySelectorAll("[data-email]").forEach(function (element) {
    var address;
    try {
      address = decode(element.getAttribute("data-email"));
    } catch (error) {
      return; // leave the readable "name at domain" text as it is
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      return;
    }
    var href = "mailto:" + address;
    if (element.tagName === "A") {
      element.href = href;
      element.hidden = false;
      return;
    }
    var link = document.createElement("a");
    link.href = href;
    link.textContent = address;
    element.replaceChildren(link);
  });
})();
