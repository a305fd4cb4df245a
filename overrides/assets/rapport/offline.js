/* Offline support: register the service worker where browsers allow one (https,
   localhost, 127.0.0.1), never on file://; on file://, hide links that only make
   sense on a server (the zip download). */
(function () {
  "use strict";
  var me = document.currentScript && document.currentScript.src;
  if (!me) return;
  var root = new URL("../../", me); // this file lives in assets/rapport/
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
