/* Offline support: register the service worker where browsers allow one (https,
   localhost, 127.0.0.1), never on file://; on file://, hide links that only make
   sense on a server (the zip download). Where a worker runs, the home page's
   offer to keep the whole course (<!-- keep-offline -->) asks it for the rest of this edition. */
(function () {
  "use strict";
  var me = document.currentScript && document.currentScript.src;
  if (!me) return;
  // This file lives in assets/rapport/ of its edition; a language edition (es/) sits one
  // folder below the site, whose one service worker serves every edition.
  var up = document.querySelector('meta[name="rp-site-root"]');
  var edition = new URL("../../", me);
  var root = new URL(up ? up.getAttribute("content") : "", edition);
  if (window.location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("[data-online-only]"), function (el) { el.hidden = true; });
    return;
  }
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  var folder = edition.href.slice(root.href.length); // "" or "es/": what the worker keeps whole

  // Our words, in the page's language (assets/rapport/ui.js, as questions.js reads them).
  var UI = window.rapportUI || {};
  function T(key, vars) {
    var text = typeof UI[key] === "string" ? UI[key] : key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
    });
  }

  // A question to the active worker, answered on a port of our own (once, or as it goes).
  function ask(worker, type, listen, files) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) { listen(event.data || {}); };
    worker.postMessage({ type: type, edition: folder, files: files }, [channel.port2]);
  }

  // The page being read, and what it loaded (styles, scripts, the card's font…): kept for offline.
  function keepPage(worker) {
    var files = [window.location.href].concat(performance.getEntriesByType("resource").map(function (e) { return e.name; }));
    ask(worker, "page", function () { document.documentElement.setAttribute("data-rp-page-kept", "yes"); }, files);
  }

  // Offline, a page that was not kept opens the home page, which says so.
  function notKept() {
    if (window.location.hash !== "#rp-not-kept") return;
    var where = document.querySelector("article.md-content__inner") || document.body;
    var note = document.createElement("p");
    note.className = "rp-not-kept admonition warning";
    note.setAttribute("role", "status");
    note.textContent = T("not_kept");
    where.insertBefore(note, where.firstChild);
  }

  function offer(registration) {
    var box = document.querySelector(".rp-keep-offline");
    if (!box || !registration.active) return;
    var button = box.querySelector(".rp-keep-button");
    var status = box.querySelector(".rp-keep-status");
    var size = box.querySelector(".rp-keep-size");
    var worker = registration.active;
    var busy = false;
    box.hidden = false;
    ask(worker, "status", function (answer) {
      if (answer.size && size) size.textContent = T("keep_size", { size: answer.size });
      if (answer.kept) { status.textContent = T("keep_done"); box.setAttribute("data-kept", "yes"); }
    });
    button.addEventListener("click", function () {
      if (busy) return; // saving already: the button keeps the focus, and says it is busy
      busy = true;
      button.setAttribute("aria-disabled", "true");
      box.setAttribute("data-kept", "saving");
      var shown = 0;
      var done = function (word, state) {
        status.textContent = T(word);
        box.setAttribute("data-kept", state);
        button.removeAttribute("aria-disabled");
        busy = false;
      };
      ask(worker, "keep", function (answer) {
        if (answer.kept) {
          done("keep_done", "yes");
        } else if (answer.failed) {
          done("keep_failed", "failed");
        } else if (answer.done - shown >= answer.total / 10 || answer.done === answer.total) {
          shown = answer.done; // a screen reader hears about ten steps, not every file
          status.textContent = T("keep_saving", { done: answer.done, total: answer.total });
        }
      });
    });
  }

  notKept();
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      if (registration.active) keepPage(registration.active);
      offer(registration);
    })
    .catch(function () { /* no service worker: the site still works online */ });
})();
