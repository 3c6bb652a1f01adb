// Binds every <form class="calc-widget"> on the page to the Python calculator.
// No per-layer code: field names are the Keras (or PyTorch) argument names, read from the form.
// A torch.nn class's form (data-layer="nn.LSTM") has no input_shape field, a buffers count and
// table apart from the parameters, and no output shape.
// All text is written with textContent (or a textarea's value), never parsed as HTML.
//
// URL contract (layers/<layer>/, pytorch/<class>/ and embed/<layer>/ pages): parameters named
// like the fields fill the form (pytorch/lstm/?input_size=32&hidden_size=64); practice=1 starts practice mode; seed=N draws exercise N. Embed pages also read
// theme=light|dark|auto, fields=a,b (show only these fields) and show=formula,weights,picture,steps,shape
// (which parts of the result to show), and tell their parent page their height.
(function () {
  "use strict";
  // Python, in a web worker (web/python.js): each returns a Promise of a JSON string.
  var compute = null;   // evaluate_json(layer, fields_json)
  var snippet = null;   // snippet_json(layer, fields_json): the Keras or PyTorch program
  var practise = null;  // practice_json(request_json)
  var SIZE_MESSAGE = "keras-param-calc:height";
  var RESULT_PARTS = ["formula", "weights", "picture", "steps", "shape"];
  var EMBED_ONLY = ["theme", "fields", "show"];
  // Set by reportHeight() in an embedded page. Called after every change of the widget's
  // content: a browser does not run ResizeObserver in an iframe scrolled out of view.
  var sizeChanged = function () {};

  function isEmbed() {
    return !!document.querySelector(".calc-embed");
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function widgets() {
    return Array.prototype.slice.call(document.querySelectorAll("form.calc-widget"));
  }

  function controls(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name], select[name]"));
  }

  function isField(form, el) {
    return controls(form).indexOf(el) >= 0;
  }

  // A checkbox given something other than a yes/no word by the URL keeps that text (in
  // data-raw) until it is clicked, so calc can say what was wrong instead of guessing.
  function readField(el) {
    if (el.type === "checkbox") {
      return el.hasAttribute("data-raw") ? el.getAttribute("data-raw") : (el.checked ? "true" : "false");
    }
    return el.value;
  }

  function writeField(el, text) {
    if (el.type === "checkbox") {
      var word = String(text).trim();
      el.checked = /^(true|yes|on|1)$/i.test(word);
      if (/^(true|yes|on|1|false|no|off|0)$/i.test(word)) el.removeAttribute("data-raw");
      else el.setAttribute("data-raw", text);
    } else if (el.tagName === "SELECT") {
      var want = String(text).trim().toLowerCase();
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].value.toLowerCase() === want) { el.selectedIndex = i; return; }
      }
      // Keep what was asked for, so calc can explain why it is not allowed.
      var opt = document.createElement("option");
      opt.value = text;
      opt.textContent = text;
      el.appendChild(opt);
      el.value = text;
    } else {
      el.value = text;
    }
  }

  function fields(form) {
    var out = {};
    controls(form).forEach(function (el) { out[el.name] = readField(el); });
    return out;
  }

  function setText(form, selector, text) {
    var el = form.querySelector(selector);
    if (el) el.textContent = text;
    return el;
  }

  function setOutput(form, name, text, raw) {
    var el = form.querySelector('output[name="' + name + '"]');
    if (!el) return;
    el.textContent = text;
    el.setAttribute("data-value", raw);
  }

  // The weights drawn to their shapes: web/picture.py lays it out, as the build's SVG does.
  var SVG = "http://www.w3.org/2000/svg";

  function svgNode(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawPicture(form, pic, shown) {
    var figure = form.querySelector(".calc-picture");
    if (!figure || !pic) return;
    figure.hidden = !shown;
    var old = figure.querySelector("svg");
    if (old) figure.removeChild(old);
    var grid = form.id + "-grid";
    var svg = svgNode("svg", {viewBox: "0 0 " + pic.width + " " + pic.height, width: pic.width,
                              height: pic.height, role: "img",
                              "aria-labelledby": form.id + "-picture-title " + form.id + "-picture-desc"});
    svg.appendChild(svgNode("title", {id: form.id + "-picture-title"}, pic.title));
    svg.appendChild(svgNode("desc", {id: form.id + "-picture-desc"}, pic.desc));
    var pattern = svgNode("pattern", {id: grid, width: 8, height: 8, patternUnits: "userSpaceOnUse"});
    pattern.appendChild(svgNode("path", {d: "M 8 0 L 0 0 0 8", "class": "calc-grid-line"}));
    var defs = svgNode("defs", {});
    defs.appendChild(pattern);
    svg.appendChild(defs);
    pic.items.forEach(function (item) {
      if (item.kind === "rect") {
        var box = {x: item.x, y: item.y, width: item.w, height: item.h};
        svg.appendChild(svgNode("rect", Object.assign({"class": "calc-tone-" + item.tone +
                                                        (item.frozen ? " calc-frozen" : "")}, box)));
        svg.appendChild(svgNode("rect", Object.assign({fill: "url(#" + grid + ")", "class": "calc-cells"}, box)));
      } else if (item.kind === "cut") {
        svg.appendChild(svgNode("text", {x: item.x + 3, y: item.y, "class": "calc-cut"}, "…"));
      } else {
        svg.appendChild(svgNode("text", item.strong ? {x: item.x, y: item.y, "class": "calc-picture-name"}
                                                    : {x: item.x, y: item.y}, item.text));
      }
    });
    figure.insertBefore(svg, figure.firstChild);
  }

  function fillTable(tbody, rows) {
    tbody.textContent = "";
    rows.forEach(function (w) {
      var tr = document.createElement("tr");
      w.forEach(function (cell, i) {
        var td = document.createElement("td");
        if (i < 2) {
          var code = document.createElement("code");
          code.textContent = cell;
          td.appendChild(code);
        } else {
          td.textContent = cell;
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  function render(form, r) {
    var alert = form.querySelector(".calc-alert");
    controls(form).forEach(function (el) { el.removeAttribute("aria-invalid"); });
    if (!r.ok) {
      form.setAttribute("data-state", "error");
      alert.textContent = r.error;
      alert.hidden = false;
      (r.fields || []).forEach(function (name) {
        var el = form.querySelector('[name="' + name + '"]');
        if (el && el.tagName !== "OUTPUT") {
          el.setAttribute("aria-invalid", "true");
          el.setAttribute("aria-errormessage", alert.id);
        }
      });
      return;
    }
    alert.textContent = "";
    alert.hidden = true;
    setOutput(form, "trainable_params", r.trainable_text, r.trainable_params);
    setOutput(form, "non_trainable_params", r.non_trainable_text, r.non_trainable_params);
    setOutput(form, "total_params", r.total_text, r.total_params);
    if (r.buffers !== undefined) setOutput(form, "buffers", r.buffers_text, r.buffers);
    if (r.output_shape !== undefined) setText(form, 'output[name="output_shape"]', r.output_shape);
    var tbody = form.querySelector(".calc-weights tbody");
    if (tbody) {
      fillTable(tbody, r.weights);
      var empty = form.querySelector(".calc-no-weights");
      if (empty) empty.hidden = r.weights.length > 0;
      form.querySelector(".calc-weights").hidden = r.weights.length === 0;
    }
    var buffers = form.querySelector(".calc-buffers");
    if (buffers && r.buffer_tensors) {
      fillTable(buffers.querySelector("tbody"), r.buffer_tensors);
      buffers.hidden = r.buffer_tensors.length === 0;
    }
    drawPicture(form, r.picture, r.weights.length > 0);
    var steps = form.querySelector(".calc-steps");
    if (steps) {
      steps.textContent = "";
      r.steps.forEach(function (s) {
        var li = document.createElement("li");
        var code = document.createElement("code");
        code.textContent = s;
        li.appendChild(code);
        steps.appendChild(li);
      });
    }
    form.setAttribute("data-state", "ready");
  }

  // Python may fail on an input nobody foresaw: say so in the widget, keep the fields.
  // A Promise of the parsed answer, never rejected.
  function failed(err) {
    return {ok: false, fields: [], error: "The calculator failed on this input (" +
            String(err && err.message || err).split("\n")[0].slice(0, 200) + "). Your fields are kept."};
  }

  function callPython(fn, args) {
    var answer;
    try { answer = Promise.resolve(fn.apply(null, args)); } catch (err) { return Promise.resolve(failed(err)); }
    return answer.then(function (text) { return JSON.parse(text); }).catch(failed);
  }

  // A failure inside one widget (a bug, a runtime error) is shown in that widget's alert and
  // never stops the others: every widget is updated and bound on its own. Answers come back
  // in order; one overtaken by a newer edit of the same form is dropped. aria-busy is on the
  // form while its latest answer is awaited.
  function update(form) {
    if (!compute) return Promise.resolve();
    var asked = form.calcAsked = (form.calcAsked || 0) + 1;
    form.setAttribute("aria-busy", "true");
    return callPython(compute, [form.getAttribute("data-layer"), JSON.stringify(fields(form))]).then(function (r) {
      if (asked !== form.calcAsked) return;
      render(form, r);
      form.removeAttribute("aria-busy");
      sizeChanged();
    });
  }

  // URL contract: query parameters named like the fields fill the form on load...
  // (Except on pages with several calculators, whose forms say data-url="off".)
  function followsURL(form) {
    return form.getAttribute("data-url") !== "off";
  }

  function fillFromURL() {
    var p = params();
    widgets().filter(followsURL).forEach(function (form) {
      controls(form).forEach(function (el) {
        if (p.has(el.name)) writeField(el, p.get(el.name));
      });
    });
  }

  function query(p) {
    return p.toString().replace(/%2C/gi, ",").replace(/%3B/gi, ";");
  }

  function formParams(form) {
    var p = params();
    controls(form).forEach(function (el) {
      var value = readField(el);
      var initial = el.getAttribute("data-default");
      if (value === initial && !el.hasAttribute("data-counts")) p.delete(el.name);
      else p.set(el.name, value);
    });
    if (practiceState(form) !== "off") p.set("practice", "1");
    else p.delete("practice");
    return p;
  }

  // ...and every change is written back with replaceState, so a link shares the state.
  function writeURL(form) {
    if (!followsURL(form)) return;
    var q = query(formParams(form));
    var url = window.location.pathname + (q ? "?" + q : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function setParam(name, value) {
    var p = params();
    if (value === null) p.delete(name); else p.set(name, value);
    var q = query(p);
    window.history.replaceState(window.history.state, "",
                                window.location.pathname + (q ? "?" + q : "") + window.location.hash);
  }

  // --- embed pages: theme, fields, show, height ----------------------------------------------

  function notes(form, list) {
    if (!list.length) return;
    var status = form.querySelector(".calc-status");
    if (status) status.textContent = list.join(" ") + " " + status.textContent;
  }

  function applyTheme(p, problems) {
    var theme = (p.get("theme") || "auto").trim().toLowerCase();
    if (["light", "dark", "auto"].indexOf(theme) < 0) {
      problems.push("theme: expected light, dark or auto, received '" + p.get("theme").slice(0, 40) + "'; using auto.");
      theme = "auto";
    }
    var dark = theme === "dark" || (theme === "auto" && window.matchMedia &&
                                    window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.body.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
  }

  function list(text) {
    return text.split(",").map(function (s) { return s.trim(); }).filter(function (s) { return s; });
  }

  function applyFieldChoice(form, p, problems) {
    if (!p.has("fields")) return;
    var wanted = list(p.get("fields"));
    var names = controls(form).map(function (el) { return el.name; });
    wanted.forEach(function (name) {
      if (names.indexOf(name) < 0) {
        problems.push("fields: this layer has no field '" + name.slice(0, 40) + "' (it has " + names.join(", ") + ").");
      }
    });
    controls(form).forEach(function (el) {
      var box = el.closest(".calc-field");
      if (box) box.hidden = wanted.indexOf(el.name) < 0;
    });
    // A group whose fields are all hidden goes too (the "never change the count" details).
    Array.prototype.slice.call(form.querySelectorAll(".calc-args")).forEach(function (set) {
      var shown = set.querySelector(".calc-field:not([hidden])");
      var more = set.closest(".calc-more");
      (more || set).hidden = !shown;
    });
  }

  function applyShow(form, p, problems) {
    if (!p.has("show")) return;
    var wanted = list(p.get("show").toLowerCase());
    wanted.forEach(function (part) {
      if (RESULT_PARTS.indexOf(part) < 0) {
        problems.push("show: expected some of " + RESULT_PARTS.join(", ") + ", received '" + part.slice(0, 40) + "'.");
      }
    });
    var hidden = RESULT_PARTS.filter(function (part) { return wanted.indexOf(part) < 0; });
    form.setAttribute("data-calc-hide", hidden.join(" "));
  }

  // The parent page sizes its iframe from this message (web/embed.js does it for you).
  function reportHeight() {
    if (window.parent === window) return;
    var root = document.querySelector(".calc-embed");
    var last = 0;
    function send() {
      var height = Math.ceil(root.getBoundingClientRect().bottom + window.scrollY + 16);
      if (height === last) return;
      last = height;
      window.parent.postMessage({type: SIZE_MESSAGE, height: height}, "*");
    }
    sizeChanged = send;
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(send);
      observer.observe(root);
      observer.observe(root.querySelector("form") || root);
    }
    window.addEventListener("load", send);
    send();
  }

  function setUpEmbed() {
    var p = params();
    var problems = [];
    applyTheme(p, problems);
    widgets().forEach(function (form) {
      var own = problems.slice();
      applyFieldChoice(form, p, own);
      applyShow(form, p, own);
      form.calcProblems = own;  // shown by bind() once the widget is live
    });
    reportHeight();
  }

  // --- share buttons ---------------------------------------------------------------------------

  // A Keras layer's page is layers/<slug>/ and its embed embed/<slug>/ (conv2d); a torch.nn
  // class's page is pytorch/<slug>/ (nn.Conv2d: pytorch/conv2d/) and its embed
  // embed/nn.<slug>/ (tools/sitegen/layers.py names them so).
  function isTorch(form) {
    return form.getAttribute("data-layer").indexOf("nn.") === 0;
  }

  function pagePath(form, section) {
    var name = form.getAttribute("data-layer").toLowerCase();
    if (section === "embed") return "embed/" + encodeURIComponent(name);
    if (isTorch(form)) return "pytorch/" + encodeURIComponent(name.slice(3));
    return "layers/" + encodeURIComponent(name);
  }

  // Every page and embed is two levels under the site root, so "../../" from either reaches
  // it (and the site may live under any sub-path).
  function siteURL(form, section, p) {
    var url = new URL("../../" + pagePath(form, section) + "/", window.location.href);
    var q = query(p);
    return url.href + (q ? "?" + q : "");
  }

  function linkText(form) {
    var p = formParams(form);
    EMBED_ONLY.forEach(function (name) { p.delete(name); });
    return siteURL(form, "page", p);
  }

  function attr(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Text for the teacher's clipboard (never put into this page's DOM); every value escaped.
  function embedText(form) {
    var layer = form.getAttribute("data-layer");
    var height = Math.ceil(form.getBoundingClientRect().height) + 60;
    return '<iframe src="' + attr(siteURL(form, "embed", formParams(form))) + '" title="' +
      attr(layer + " parameter calculator") + '" width="100%" height="' + height +
      '" style="border:0;max-width:48rem" loading="lazy" allow="clipboard-write"></iframe>';
  }

  function codeText(form) {
    return callPython(snippet, [form.getAttribute("data-layer"), JSON.stringify(fields(form))]).then(function (r) {
      if (!r.ok) throw new Error(r.error);
      return r.text;
    });
  }

  function copy(form, what, text) {
    var status = form.querySelector(".calc-share-status");
    var fallback = form.querySelector(".calc-copy-fallback");
    fallback.hidden = true;
    function byHand() {
      fallback.value = text;
      fallback.hidden = false;
      fallback.focus();
      fallback.select();
      status.textContent = "Could not copy automatically: the " + what + " is selected below, copy it by hand.";
      sizeChanged();
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) { byHand(); return; }
    navigator.clipboard.writeText(text).then(function () {
      status.textContent = "Copied the " + what + " to the clipboard.";
    }, byHand);
  }

  var SHARE = {
    "copy-link": ["link", linkText],
    "copy-embed": ["embed code", embedText],
    "copy-keras": ["Keras code", codeText],
    "copy-torch": ["PyTorch code", codeText],
  };

  // --- practice mode ---------------------------------------------------------------------------

  function practiceState(form) {
    return form.getAttribute("data-practice") || "off";
  }

  function setPractice(form, state) {
    form.setAttribute("data-practice", state);
    form.querySelector(".calc-practice").hidden = state === "off";
    form.querySelector(".calc-practice-toggle").checked = state !== "off";
    sizeChanged();
  }

  function feedback(form, text, result, term) {
    var el = form.querySelector(".calc-feedback");
    el.textContent = text;
    el.setAttribute("data-result", result);
    el.setAttribute("data-term", term || "");
    sizeChanged();
  }

  function check(form) {
    var answer = form.querySelector(".calc-answer").value;
    return callPython(practise, [JSON.stringify({action: "grade", layer: form.getAttribute("data-layer"),
                                                 fields: fields(form), answer: answer})]).then(function (r) {
      if (!r.ok) { feedback(form, r.error, "error"); return; }
      feedback(form, r.message, r.correct ? "right" : "wrong", r.term);
      if (r.correct) setPractice(form, "revealed");
    });
  }

  function newExample(form, seed) {
    return callPython(practise, [JSON.stringify({action: "example", layer: form.getAttribute("data-layer"),
                                                 seed: String(seed)})]).then(function (r) {
      if (!r.ok) { feedback(form, r.error, "error"); return; }
      controls(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(r.fields, el.name)) writeField(el, r.fields[el.name]);
      });
      form.querySelector(".calc-answer").value = "";
      feedback(form, "New example (seed " + r.seed + "): how many parameters?", "new");
      setPractice(form, "on");
      writeURL(form);
      if (followsURL(form)) setParam("seed", r.seed);
      return update(form);
    });
  }

  function nextSeed() {
    var current = parseInt(params().get("seed"), 10);
    return isNaN(current) ? Math.floor(Math.random() * 1000000) : current + 1;
  }

  // --- binding ---------------------------------------------------------------------------------

  function fieldChanged(form, e) {
    if (!isField(form, e.target)) return;
    e.target.removeAttribute("data-raw");  // a click replaces what the URL said
    update(form);
    if (practiceState(form) !== "off") {  // a new exercise: hide the answer again
      setPractice(form, "on");
      feedback(form, "", "");
    }
    writeURL(form);
    if (followsURL(form)) setParam("seed", null);  // the fields no longer match the drawn example
  }

  function bind(form) {
    var p = params();
    var status = form.querySelector(".calc-status");
    if (status) status.textContent = "Live: the answer updates as you type.";
    notes(form, form.calcProblems || []);
    form.addEventListener("input", function (e) { fieldChanged(form, e); });
    form.addEventListener("change", function (e) { fieldChanged(form, e); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.querySelector(".calc-answer").addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); check(form); }
    });
    form.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-calc-action]");
      if (!button) return;
      var action = button.getAttribute("data-calc-action");
      if (SHARE[action]) {
        var text;
        try { text = Promise.resolve(SHARE[action][1](form)); } catch (err) { text = Promise.reject(err); }
        text.then(function (t) { copy(form, SHARE[action][0], t); }, function (err) {
          form.querySelector(".calc-share-status").textContent = "Could not make the " + SHARE[action][0] + ": " + err.message;
        });
      } else if (action === "check") {
        check(form);
      } else if (action === "reveal") {
        setPractice(form, "revealed");
      } else if (action === "new-example") {
        newExample(form, nextSeed());
      }
    });
    form.querySelector(".calc-practice-toggle").addEventListener("change", function (e) {
      setPractice(form, e.target.checked ? "on" : "off");
      writeURL(form);
    });
    form.querySelector(".calc-share").hidden = false;
    form.addEventListener("toggle", function () { sizeChanged(); }, true);  // <details> opened
    if (p.get("practice") === "1") setPractice(form, "on");
    if (p.has("seed")) {  // the drawn example's fields, then its answer
      setPractice(form, "on");
      newExample(form, p.get("seed"));
    } else if (form.calcPrerendered === JSON.stringify(fields(form)) && form.querySelector(".calc-alert").hidden) {
      // The build rendered the answer for the fields as they came: if the URL changed none
      // of them, that answer is the one Python would give, and the widget is live at once.
      form.setAttribute("data-state", "ready");
      sizeChanged();
    } else {
      update(form);
    }
  }

  window.kerasCalcRegister = function (evaluateFn, snippetFn, practiceFn) {
    compute = evaluateFn;
    snippet = snippetFn;
    practise = practiceFn;
    widgets().forEach(function (form) {
      try { bind(form); } catch (err) { if (window.console) console.error(err); }
    });
  };

  function onLoad() {
    widgets().forEach(function (form) { form.calcPrerendered = JSON.stringify(fields(form)); });
    fillFromURL();
    if (isEmbed()) setUpEmbed();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
