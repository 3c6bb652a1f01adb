// On every page: registers the service worker (sw.js at the site root, written by
// tools/sitegen/embed.py) so that the site works offline after a first visit, and shows a note
// while the browser is offline. Served from assets/calc/, so the site root is "../../".
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : window.location.href);
  var note = null;

  // Only top-level pages register: an embed inside another site's page would get a
  // partitioned, short-lived worker, and its parent page decides about offline use.
  // Registered after the load event: the worker's download of the runtime never competes with
  // the page's own first load.
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, {scope: root.pathname}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // The page that registered the worker was loaded before it: store it now.
      if (registration.active) registration.active.postMessage({type: "cache-page", url: window.location.href});
    }).catch(function () { /* offline use is an extra: the site works without it */ });
  }
  if ("serviceWorker" in navigator && window.self === window.top) {
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
  }

  function showState() {
    if (navigator.onLine) {
      if (note) note.hidden = true;
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "calc-offline-note";
      note.setAttribute("role", "status");
      note.textContent = "You are offline: this page comes from your browser's copy of the site; " +
        "the calculators work, pages you have not visited yet are not available.";
      document.body.insertBefore(note, document.body.firstChild);
    }
    note.hidden = false;
  }

  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showState);
  else showState();
})();
