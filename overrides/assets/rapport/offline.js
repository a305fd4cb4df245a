/* Offline support: register the service worker where browsers allow one (https,
   localhost, 127.0.0.1), never on file://; on file://, hide links that only make
   sense on a server (the zip download). */
(function () {
  "use strict";
  var me = document.currentScript && document.currentScript.src;
  if (!me) return;
  // This file lives in assets/rapport/ of its edition; a language edition (es/) sits one
  // folder below the site, whose one service worker serves every edition.
  var up = document.querySelector('meta[name="rp-site-root"]');
  var root = new URL("../../" + (up ? up.getAttribute("content") : ""), me);
  if (window.location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("[data-online-only]"), function (el) { el.hidden = true; });
    return;
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {
      /* no service worker: the site still works online */
    });
  }
})();
