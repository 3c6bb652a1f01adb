// Calculators in any page, in one paste (served from the site root as embed.js):
//
//   <div data-param-calc="conv2d?filters=64&kernel_size=3,3"></div>
//   <div data-param-calc="nn.lstm?input_size=32&hidden_size=64"></div>   (a torch.nn class)
//   <script src="https://SITE/embed.js" defer></script>
//
// Each element becomes an <iframe> of embed/<layer>/ on the site this script came from, with the
// query as its URL parameters (fields named like the Keras or PyTorch arguments, plus theme, fields, show,
// practice and seed), resized to its content from the height the embed page posts. Iframes of
// embed pages pasted as HTML on the same page are resized too.
// Optional attributes: data-title (the iframe's accessible name), data-height (before it loads).
(function () {
  "use strict";
  var SIZE_MESSAGE = "keras-param-calc:height";
  var MAX_HEIGHT = 20000;  // px: a taller message is not a calculator's
  // The embed pages this site has (embed/<name>/), written in by tools/sitegen/embed.py.
  var EMBEDS = [];  // @embeds
  // "Open the full page" in the embed opens a normal tab: that needs the two popup permissions.
  // docs/teachers.md documents this value.
  var SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : window.location.href);

  function fail(el, text) {
    var p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = text;
    el.textContent = "";
    el.appendChild(p);
  }

  function mount(el) {
    if (el.getAttribute("data-param-calc-ready")) return;
    el.setAttribute("data-param-calc-ready", "1");
    var spec = (el.getAttribute("data-param-calc") || "").trim();
    var at = spec.indexOf("?");
    var layer = (at < 0 ? spec : spec.slice(0, at)).toLowerCase();
    var q = at < 0 ? "" : spec.slice(at + 1);
    if (!/^(nn\.)?[a-z0-9_]+$/.test(layer)) {
      fail(el, "data-param-calc: expected a layer name such as conv2d?filters=64, received '" + spec.slice(0, 60) + "'.");
      return;
    }
    if (EMBEDS.length && EMBEDS.indexOf(layer) < 0) {
      var near = EMBEDS.filter(function (name) { return name.indexOf(layer) === 0 || layer.indexOf(name) === 0; });
      fail(el, "data-param-calc: this site has no calculator named '" + layer + "'" +
           (near.length ? " (did you mean " + near.slice(0, 3).join(", ") + "?)" : "") +
           ". The layer names are the Keras class names in lowercase, such as conv2d or dense, or nn. and a torch.nn class name in lowercase, such as nn.lstm.");
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.src = new URL("embed/" + layer + "/" + (q ? "?" + q : ""), base).href;
    iframe.title = el.getAttribute("data-title") || layer + " parameter calculator";
    iframe.setAttribute("sandbox", SANDBOX);
    iframe.setAttribute("allow", "clipboard-write");
    iframe.setAttribute("loading", "lazy");
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.height = (parseInt(el.getAttribute("data-height"), 10) || 520) + "px";
    el.textContent = "";
    el.appendChild(iframe);
  }

  // Only our own embeds, from the site this script came from, may resize their own iframe.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== base.origin || !data || data.type !== SIZE_MESSAGE) return;
    // A number, nothing else: true, [300] or "1e4" would otherwise be taken for 1, 300, 10,000 px.
    var height = data.height;
    if (typeof height !== "number" || !(height > 0 && height <= MAX_HEIGHT)) return;
    // Any iframe of an embed page: those this script made and those pasted as HTML.
    Array.prototype.forEach.call(document.getElementsByTagName("iframe"), function (iframe) {
      if (iframe.contentWindow === event.source) iframe.style.height = Math.ceil(height) + "px";
    });
  });

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-param-calc]"), mount);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
