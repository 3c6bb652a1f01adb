// The service worker: the site works offline after a first visit.
// tools/sitegen/embed.py replaces the @manifest line below with VERSION (a hash of every built file) and
// PRECACHE (the runtime's files: PyScript, MicroPython, the calc bundle, styles, scripts) and
// PAGES (the home and Model summary pages, stored at install). Other pages are stored as they
// are visited; offline, a page not visited yet answers with a list of the pages available.
"use strict";
// @manifest (written by tools/sitegen/embed.py)
var PREFIX = "keras-param-calc-";
var CACHE = PREFIX + VERSION;
var SCOPE = self.registration.scope;
var PRECACHED = new Set(PRECACHE.map(function (path) { return new URL(path, SCOPE).href; }));

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(Array.from(PRECACHED).concat(PAGES.map(function (path) {
      return new URL(path, SCOPE).href;
    })));
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

// Everything is stored without its query: on a page the query only fills the calculator's
// fields, and the site's files do not change with one (a copy per query would pile up).
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
  var key = pageKey(request.url);
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }, function () {
    return caches.match(key, {cacheName: CACHE}).then(function (hit) {
      if (hit) return hit;
      if (request.mode === "navigate") return offlinePage();
      return new Response("Offline, and not in this browser's copy of the site.", {
        status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
    });
  }));
});

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

// The answer to a page not stored yet, while offline: what is, as links.
function offlinePage() {
  return caches.open(CACHE).then(function (cache) { return cache.keys(); }).then(function (requests) {
    var pages = requests.map(function (r) { return r.url; }).filter(function (url) {
      return url.indexOf(SCOPE) === 0 && /\/$/.test(url);
    }).sort();
    var items = pages.map(function (url) {
      var path = url.slice(SCOPE.length) || "home";
      return '<li><a href="' + escapeHTML(url) + '">' + escapeHTML(decodeURIComponent(path)) + "</a></li>";
    }).join("");
    var html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ' +
      'content="width=device-width,initial-scale=1"><title>Offline</title></head><body>' +
      "<h1>You are offline</h1><p>This page was not visited before, so this browser has no copy of it. " +
      "These pages are available offline:</p><ul>" + items + "</ul></body></html>";
    return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
  });
}
