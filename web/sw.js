// The service worker: the site works offline after a first visit.
// tools/sitegen/embed.py replaces the @manifest line below with VERSION (a hash of every built file) and
// PRECACHE (the runtime's files: PyScript, MicroPython, the calc bundle, styles, scripts).
"use strict";
// @manifest (written by tools/sitegen/embed.py)
var PREFIX = "keras-param-calc-";
var CACHE = PREFIX + VERSION;
var SCOPE = self.registration.scope;
var PRECACHED = new Set(PRECACHE.map(function (path) { return new URL(path, SCOPE).href; }));

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(Array.from(PRECACHED));
  }).then(function () { return self.skipWaiting(); }));
});

// A new version replaces the old caches, so an update arrives on the next visit.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// Pages are stored without their query: the query only fills the calculator's fields.
function pageKey(url) {
  var u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

function storePage(url) {
  return fetch(pageKey(url)).then(function (response) {
    if (!response.ok) return;
    return caches.open(CACHE).then(function (cache) { return cache.put(pageKey(url), response); });
  }).catch(function () { /* offline now: nothing to store */ });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache-page" && typeof data.url === "string" &&
      new URL(data.url).origin === self.location.origin) {
    event.waitUntil(storePage(data.url));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (PRECACHED.has(pageKey(request.url))) {
    // The runtime: from this version's cache, the network only if it is missing.
    event.respondWith(caches.match(request.url, {cacheName: CACHE}).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  // Everything else (pages, search index): the network first, so pages are never stale
  // while online; a copy is kept for offline use.
  var key = request.mode === "navigate" ? pageKey(request.url) : request.url;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }, function () {
    return caches.match(key, {cacheName: CACHE}).then(function (hit) {
      return hit || new Response("You are offline and this page was not visited before.", {
        status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
    });
  }));
});
