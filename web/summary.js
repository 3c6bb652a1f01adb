// The "Model summary" page: an editor for Keras code or model JSON, a file picker and drop
// zone, and the summary computed by calc in Python (web/summaryview.py, in the browser).
// Every text that comes from the user or the model is written with textContent.
// The text stays on this machine: localStorage, and the URL fragment (never sent to a server).
(function () {
  "use strict";

  var STORE_KEY = "keras-calc-summary-text";
  var HEAD_BYTES = 65536;   // the first read of a file: small text files fit in it
  var TAIL_BYTES = 65557;   // a zip's end record (22 bytes) + its longest comment: calc/keras_file.py
  var EDITOR_MAX = 1024 * 1024;  // a text file larger than this is summarized, not put in the editor
  var DEBOUNCE_MS = 400;
  var EDITOR = "the editor";

  var EXAMPLES = {
    mnist: [
      "import keras",
      "from keras import layers",
      "",
      "num_classes = 10",
      "input_shape = (28, 28, 1)",
      "",
      "model = keras.Sequential(",
      "    [",
      "        keras.Input(shape=input_shape),",
      "        layers.Conv2D(32, kernel_size=(3, 3), activation=\"relu\"),",
      "        layers.MaxPooling2D(pool_size=(2, 2)),",
      "        layers.Conv2D(64, kernel_size=(3, 3), activation=\"relu\"),",
      "        layers.MaxPooling2D(pool_size=(2, 2)),",
      "        layers.Flatten(),",
      "        layers.Dropout(0.5),",
      "        layers.Dense(num_classes, activation=\"softmax\"),",
      "    ]",
      ")",
      "model.summary()"],
    transformer: [
      "import keras",
      "from keras import layers",
      "",
      "seq_len = 64",
      "embed_dim = 128",
      "num_heads = 4",
      "ff_dim = 256",
      "",
      "inputs = keras.Input(shape=(seq_len, embed_dim))",
      "attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim // num_heads)(inputs, inputs)",
      "x = layers.LayerNormalization(epsilon=1e-6)(inputs + attention)",
      "ff = layers.Dense(ff_dim, activation=\"relu\")(x)",
      "ff = layers.Dense(embed_dim)(ff)",
      "x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, ff]))",
      "x = layers.GlobalAveragePooling1D()(x)",
      "outputs = layers.Dense(10, activation=\"softmax\")(x)",
      "model = keras.Model(inputs, outputs, name=\"transformer_block\")"],
    frozen: [
      "import keras",
      "from keras import layers",
      "",
      "vocab_size = 20000",
      "embed_dim = 100",
      "maxlen = 200",
      "",
      "model = keras.Sequential([",
      "    keras.Input(shape=(maxlen,), dtype=\"int32\"),",
      "    layers.Embedding(vocab_size, embed_dim, trainable=False),",
      "    layers.Conv1D(128, 5, activation=\"relu\"),",
      "    layers.GlobalMaxPooling1D(),",
      "    layers.Dense(64, activation=\"relu\"),",
      "    layers.Dropout(0.5),",
      "    layers.Dense(1, activation=\"sigmoid\"),",
      "], name=\"frozen_embedding_classifier\")"]
  };

  // The site's root, from this script's own address (assets/calc/summary.js), so the links
  // to layer pages work from summary/ and from embed/summary/ alike.
  var SITE_ROOT = new URL("../../", document.currentScript ? document.currentScript.src : window.location.href);

  function layerURL(slug) {
    return new URL("layers/" + slug + "/", SITE_ROOT).href;
  }

  var app, editor, statusEl, alertEl, results, fileInput, drop;
  var pyText = null, pyFile = null, pyDetail = null;
  var restored = null;  // a promise: the text from the URL fragment or localStorage is in the editor
  var timer = null;
  var nextId = 0;

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) { statusEl.textContent = text; }

  function showError(message, inEditor) {
    alertEl.textContent = message;
    alertEl.hidden = false;
    if (inEditor) editor.setAttribute("aria-invalid", "true");
    app.setAttribute("data-state", "error");
  }

  function clearError() {
    alertEl.textContent = "";
    alertEl.hidden = true;
    editor.removeAttribute("aria-invalid");
  }

  // --- storage and links ------------------------------------------------------------------

  function save(text) {
    try { window.localStorage.setItem(STORE_KEY, text); } catch (err) { /* storage disabled: nothing to keep */ }
  }

  function stored() {
    try { return window.localStorage.getItem(STORE_KEY); } catch (err) { return null; }
  }

  function toBase64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 32768) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function pipe(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
      .then(function (buffer) { return new Uint8Array(buffer); });
  }

  // "#code=" holds the text deflated (CompressionStream), "#text=" the text as is, for
  // browsers without CompressionStream; both base64url.
  function linkFragment(text) {
    var bytes = new TextEncoder().encode(text);
    if (typeof CompressionStream === "undefined") return Promise.resolve("#text=" + toBase64url(bytes));
    return pipe(bytes, new CompressionStream("deflate-raw"))
      .then(function (packed) { return "#code=" + toBase64url(packed); });
  }

  function textFromFragment(hash) {
    var m = /^#(code|text)=([A-Za-z0-9_-]*)$/.exec(hash);
    if (!m) return Promise.resolve(null);
    var bytes = fromBase64url(m[2]);
    var unpacked = m[1] === "text" ? Promise.resolve(bytes)
      : pipe(bytes, new DecompressionStream("deflate-raw"));
    return unpacked.then(function (b) { return new TextDecoder().decode(b); });
  }

  function dropFragment() {
    if (/^#(code|text)=/.test(window.location.hash)) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }

  function copyLink() {
    linkFragment(editor.value).then(function (fragment) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search + fragment);
      var url = window.location.href;
      if (!navigator.clipboard) {
        say("The link is in the address bar: copy it from there.");
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        say("Link copied. The text is inside the link itself; nothing is sent to a server.");
      }, function () {
        say("The link is in the address bar: copy it from there.");
      });
    }, function () {
      say("Could not make a link from this text.");
    });
  }

  // --- calling Python ---------------------------------------------------------------------

  // Python runs in a web worker (web/python.js): a Promise of the parsed answer, never rejected.
  function failed(err) {
    return {ok: false, error: "The summary failed on this input (" +
            String(err && err.message || err).split("\n")[0].slice(0, 200) + "). Your text is kept."};
  }

  function call(fn, request) {
    var answer;
    try { answer = Promise.resolve(fn(request)); } catch (err) { return Promise.resolve(failed(err)); }
    return answer.then(function (text) { return JSON.parse(text); }).catch(failed);
  }

  var asked = 0;  // the latest summary asked for: an answer overtaken by a newer one is dropped

  function summarizeEditor() {
    if (!pyText) return;
    var text = editor.value;
    if (!text.trim()) {
      clearError();
      results.hidden = true;
      app.setAttribute("data-state", "ready");
      say("Paste Keras code or a model JSON, open a file, or load an example.");
      return;
    }
    var started = performance.now();
    var mine = ++asked;
    return call(pyText, text).then(function (r) {
      if (mine === asked) show(r, EDITOR, performance.now() - started);
    });
  }

  function schedule() {
    save(editor.value);
    dropFragment();  // the link no longer matches the text
    clearTimeout(timer);
    timer = setTimeout(summarizeEditor, DEBOUNCE_MS);
  }

  var HEX = [];
  for (var i = 0; i < 256; i++) HEX.push((i < 16 ? "0" : "") + i.toString(16));

  function hex(bytes) {
    var parts = new Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i]];
    return parts.join("");
  }

  function readSlice(file, start, end) {
    return file.slice(start, end).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  // A file is read by ranges: its head and tail first, then whatever Python asks for
  // (for a .keras archive: config.json's header and data; never the weights).
  function summarizeFile(file) {
    if (!pyFile) {
      say("The calculator is still starting; try again in a moment.");
      return Promise.resolve();
    }
    var size = file.size;
    var pieces = [];
    var rounds = 0;
    var started = performance.now();
    app.setAttribute("data-state", "busy");
    say("Reading " + file.name + "…");

    function add(start, end) {
      return readSlice(file, start, end).then(function (bytes) { pieces.push([start, hex(bytes)]); });
    }

    function ask() {
      rounds += 1;
      return call(pyFile, JSON.stringify({name: file.name, size: size, rounds: rounds, pieces: pieces})).then(function (r) {
        if (r.need) return add(r.need[0], r.need[0] + r.need[1]).then(ask);
        return r;
      });
    }
    var mine = ++asked;

    var first = add(0, Math.min(size, HEAD_BYTES));
    if (size > HEAD_BYTES) {
      first = first.then(function () { return add(Math.max(HEAD_BYTES, size - TAIL_BYTES), size); });
    }
    return first.then(ask).then(function (r) {
      if (mine !== asked) return;
      var elapsed = performance.now() - started;
      if (!r.ok) {
        show(r, file.name, elapsed);
        return;
      }
      return readSlice(file, 0, 2).then(function (magic) {
        var isZip = magic[0] === 0x50 && magic[1] === 0x4b;
        if (isZip || size > EDITOR_MAX) {
          show(r, file.name, elapsed);
          return;
        }
        // Code or JSON: into the editor, so it can be edited, kept and shared.
        return file.text().then(function (text) {
          editor.value = text;
          save(text);
          dropFragment();
          show(r, file.name, elapsed);
        });
      });
    }, function (err) {
      showError(file.name + ": the browser could not read the file (" + String(err && err.message || err) + ").");
    });
  }

  // --- rendering --------------------------------------------------------------------------

  function show(r, source, ms) {
    if (!r.ok) {
      showError(r.error, source === EDITOR);
      say("Not summarized: see the message below the editor. Your text is kept.");
      return;
    }
    clearError();
    render(r, source);
    results.hidden = false;
    app.setAttribute("data-state", "ready");
    say("Summarized " + source + " in " + Math.round(ms) + " ms: " + r.total_text + " parameters" +
        (r.partial ? " (partial)." : "."));
  }

  function setOutput(name, text, raw) {
    var out = app.querySelector('output[name="' + name + '"]');
    out.textContent = text;
    out.setAttribute("data-value", raw);
  }

  // What the code reader did not follow, and what it skipped on purpose: each line is a
  // message naming its line in the pasted code.
  function renderNotes(r) {
    var notes = $("summary-notes");
    notes.textContent = "";
    [["Not followed (the totals may be partial)", r.not_followed],
     ["Skipped: these lines do not build the model", r.skipped]].forEach(function (group) {
      if (!group[1].length) return;
      notes.appendChild(el("p", "summary-notes-title", group[0]));
      var list = el("ul");
      group[1].forEach(function (text) { list.appendChild(el("li", "", text)); });
      notes.appendChild(list);
    });
    notes.hidden = !notes.firstChild;
  }

  function render(r, source) {
    $("summary-source-name").textContent = source;
    $("summary-model-name").textContent = r.model_name + " (" + r.class_name + ")";
    setOutput("total_params", r.total_text, r.total_params);
    setOutput("trainable_params", r.trainable_text, r.trainable_params);
    setOutput("non_trainable_params", r.non_trainable_text, r.non_trainable_params);
    var partial = $("summary-partial");
    partial.hidden = !r.partial;
    var why = [];
    if (r.unknown.length) {
      why.push("they leave out layers calc does not know (" + r.unknown.join(", ") + "): if one is " +
               "your own class, paste its code with the model to count it");
    }
    if (r.not_followed.length) {
      why.push(r.not_followed.length + " statement" + (r.not_followed.length === 1 ? "" : "s") +
               " of the code could not be followed (listed below)");
    }
    partial.textContent = r.partial ? "Partial: " + (why.join("; ") || "some layers could not be counted") +
      ". The totals are lower bounds." : "";
    renderNotes(r);

    var memory = $("summary-memory");
    memory.textContent = "";
    r.memory.concat([r.training]).forEach(function (m) {
      var div = el("div");
      div.appendChild(el("dt", "", m.label));
      var dd = el("dd", "", m.text);
      if (m.what) dd.appendChild(el("small", "summary-note", " " + m.what + "."));
      div.appendChild(dd);
      memory.appendChild(div);
    });

    var chart = $("summary-chart");
    chart.textContent = "";
    r.chart.forEach(function (bar) {
      var li = el("li");
      var label = el("span", "summary-bar-label");
      label.appendChild(el("span", "summary-bar-name", bar.name));
      if (bar.class_name) label.appendChild(el("span", "summary-bar-class", " " + bar.class_name));
      label.appendChild(el("span", "summary-bar-value", " " + bar.params_text + " (" + bar.percent.toFixed(1) + "%)"));
      var track = el("span", "summary-bar-track");
      track.setAttribute("aria-hidden", "true");
      var fill = el("span", "summary-bar");
      fill.style.width = Math.max(bar.percent, 0.5).toFixed(2) + "%";
      track.appendChild(fill);
      li.appendChild(label);
      li.appendChild(track);
      chart.appendChild(li);
    });
    $("summary-chart-figure").hidden = r.chart.length === 0;

    var holder = $("summary-table");
    holder.textContent = "";
    holder.appendChild(table(r.rows, "Layers of " + r.model_name, []));
  }

  // `path`: where these rows are (indices of the nested models above them), for detail().
  function table(rows, caption, path) {
    var t = el("table", "summary-layers");
    t.appendChild(el("caption", "", caption));
    var head = el("thead");
    var tr = el("tr");
    ["Layer", "Class", "Output shape", "Params", "Trainable", "Connected to"].forEach(function (h) {
      var th = el("th", "", h);
      th.setAttribute("scope", "col");
      tr.appendChild(th);
    });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row, i) { addRow(body, row, path.concat([i])); });
    t.appendChild(body);
    return t;
  }

  function addRow(body, row, path) {
    var tr = el("tr", row.known ? "" : "summary-unknown");
    var nameCell = el("th");
    nameCell.setAttribute("scope", "row");
    var id = "summary-detail-" + (nextId++);
    var button = el("button", "summary-expand");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", id);
    button.appendChild(el("span", "summary-expand-name", row.name));
    nameCell.appendChild(button);
    tr.appendChild(nameCell);

    var classCell = el("td");
    if (row.slug) {
      var a = el("a", "", row.class_name);
      a.href = layerURL(row.slug);
      classCell.appendChild(a);
    } else {
      classCell.textContent = row.class_name;
    }
    tr.appendChild(classCell);
    var shape = el("td");
    shape.appendChild(el("code", "", row.output_shape));
    tr.appendChild(shape);
    tr.appendChild(el("td", "summary-number", row.params_text));
    tr.appendChild(el("td", "", row.trainable ? "yes" : "no"));
    tr.appendChild(el("td", "summary-connected", row.connected_to.join(", ") || "—"));
    body.appendChild(tr);

    var detailRow = el("tr", "summary-detail");
    detailRow.id = id;
    detailRow.hidden = true;
    var cell = el("td");
    cell.colSpan = 6;
    detailRow.appendChild(cell);
    body.appendChild(detailRow);

    // The details are built on first opening: a 500-layer model stays quick to show.
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      if (open && !cell.firstChild) cell.appendChild(detail(row, path));
      button.setAttribute("aria-expanded", open ? "true" : "false");
      detailRow.hidden = !open;
    });
  }

  function detail(row, path) {
    var box = el("div", "summary-detail-box");
    if (!row.known) {
      box.appendChild(el("p", "", "Not counted: " + row.problem));
      return box;
    }
    if (row.children) {
      box.appendChild(table(row.children, "Layers inside " + row.name + " (" + row.class_name + ")", path));
      return box;
    }
    box.setAttribute("aria-busy", "true");
    call(pyDetail, JSON.stringify(path)).then(function (d) {
      box.removeAttribute("aria-busy");
      fillDetail(box, row, d);
    });
    return box;
  }

  function fillDetail(box, row, d) {
    if (!d.ok) {
      box.appendChild(el("p", "", d.error));
      return;
    }
    if (d.weights.length === 0) {
      box.appendChild(el("p", "", row.class_name + " creates no weights here."));
      return;
    }
    box.appendChild(el("p", "", "Formula with its numbers:"));
    var steps = el("ol", "calc-steps");
    d.steps.forEach(function (s) {
      var li = el("li");
      li.appendChild(el("code", "", s));
      steps.appendChild(li);
    });
    box.appendChild(steps);
    var weights = el("ul", "summary-weights");
    d.weights.forEach(function (w) {
      var li = el("li");
      li.appendChild(el("code", "", w[0]));
      li.appendChild(document.createTextNode(" " + w[1] + ": " + w[3] + (w[2] ? " trainable" : " non-trainable")));
      weights.appendChild(li);
    });
    box.appendChild(weights);
    if (row.slug) {
      var more = el("p");
      var a = el("a", "", "Why this formula: the " + row.class_name + " page");
      a.href = layerURL(row.slug);
      more.appendChild(a);
      box.appendChild(more);
    }
  }

  // --- wiring -----------------------------------------------------------------------------

  function bindDrop() {
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (e) {
        e.preventDefault();
        drop.classList.add("summary-drop-active");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("summary-drop-active"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      var files = e.dataTransfer && e.dataTransfer.files;
      if (files && files.length) summarizeFile(files[0]);
    });
    fileInput.addEventListener("change", function () {
      if (fileInput.files.length) summarizeFile(fileInput.files[0]);
    });
  }

  function onLoad() {
    app = $("summary-app");
    if (!app) return;
    editor = $("summary-editor");
    statusEl = $("summary-status");
    alertEl = $("summary-alert");
    results = $("summary-results");
    fileInput = $("summary-file");
    drop = $("summary-drop");
    say("Starting Python in your browser…");
    editor.addEventListener("input", schedule);
    bindDrop();
    $("summary-copy-link").addEventListener("click", copyLink);
    Array.prototype.slice.call(app.querySelectorAll("button[data-example]")).forEach(function (b) {
      b.addEventListener("click", function () {
        editor.value = EXAMPLES[b.getAttribute("data-example")].join("\n") + "\n";
        save(editor.value);
        dropFragment();
        summarizeEditor();
      });
    });
    // A shared link wins over what this browser kept.
    // A first visit shows the MNIST example, so the page opens on a summary, not a blank box.
    restored = textFromFragment(window.location.hash).then(function (text) {
      if (text === null) text = stored();
      if (text === null) text = EXAMPLES.mnist.join("\n") + "\n";
      if (!editor.value) editor.value = text;
    }, function () {
      showError("The link's #code= part is damaged: it could not be read back into text.");
      var text = stored();
      if (text !== null) editor.value = text;
    });
  }

  // Called by web/python.js once Python is running on this page (in its web worker).
  window.kerasSummaryRegister = function (textFn, fileFn, detailFn) {
    pyText = textFn;
    pyFile = fileFn;
    pyDetail = detailFn;
    (restored || Promise.resolve()).then(function () {
      app.setAttribute("data-state", "ready");
      if (editor.value.trim()) summarizeEditor();
      else say("Ready: paste Keras code or a model JSON, open a file, or load an example.");
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
