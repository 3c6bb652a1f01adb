// The "Model summary" page: an editor for Keras code or model JSON, a file picker and drop
// zone, and the summary computed by calc in Python (web/summaryview.py, in the browser).
// Every text that comes from the user or the model is written with textContent, or escaped
// (esc) in the layer table's rows, which are written as one HTML string.
// The text stays on this machine: localStorage, and the URL fragment (never sent to a server).
(function () {
  "use strict";

  var STORE_KEY = "keras-calc-summary-text";
  // What a link, a file, an example or another tab replaced: one click (Restore) brings it back.
  var PREVIOUS_KEY = "keras-calc-summary-previous";
  // The most text a link carries, and so the most a #code= link may inflate to: a 136 KB link
  // could inflate to 100 MB and crash the tab. A bigger text is shared as a file.
  var LINK_TEXT_MAX = 1024 * 1024;
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
      "], name=\"frozen_embedding_classifier\")"],
    // The PyTorch CIFAR-10 tutorial's network (pytorch/tutorials,
    // beginner_source/blitz/cifar10_tutorial.py), its training left out.
    pytorch: [
      "import torch",
      "import torch.nn as nn",
      "import torch.nn.functional as F",
      "",
      "",
      "class Net(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.conv1 = nn.Conv2d(3, 6, 5)",
      "        self.pool = nn.MaxPool2d(2, 2)",
      "        self.conv2 = nn.Conv2d(6, 16, 5)",
      "        self.fc1 = nn.Linear(16 * 5 * 5, 120)",
      "        self.fc2 = nn.Linear(120, 84)",
      "        self.fc3 = nn.Linear(84, 10)",
      "",
      "    def forward(self, x):",
      "        x = self.pool(F.relu(self.conv1(x)))",
      "        x = self.pool(F.relu(self.conv2(x)))",
      "        x = torch.flatten(x, 1)",
      "        x = F.relu(self.fc1(x))",
      "        x = F.relu(self.fc2(x))",
      "        return self.fc3(x)",
      "",
      "",
      "net = Net()"]
  };

  // The site's root, from this script's own address (assets/calc/summary.js), so the links
  // to layer pages work from summary/ and from embed/summary/ alike.
  var SITE_ROOT = new URL("../../", document.currentScript ? document.currentScript.src : window.location.href);

  function layerURL(slug) {
    return new URL("layers/" + slug + "/", SITE_ROOT).href;
  }

  var app, editor, statusEl, alertEl, results, fileInput, drop, restoreButton;
  var pyText = null, pyFile = null, pyDetail = null;
  var restored = null;  // a promise: the text from the URL fragment or localStorage is in the editor
  var timer = null;
  var nextId = 0;
  var kept = true;          // the editor's text is in localStorage (false: storage full or disabled)
  var previous = null;      // the text Restore brings back
  var otherTabSaved = false;  // another tab saved its text since this one last did
  var linkProblem = null;   // why the page's link was not opened: shown until the text is edited
  // The answer the build computed for the example the page opens with ({text, answer}, from
  // tools/sitegen/summary_page.py): when the editor still holds that text, it is the summary,
  // and Python need not work it out again before the page is ready.
  var built = null;
  // Resolves once Python holds the summary on show, which a row's details are read from.
  var pythonHolds = Promise.resolve();

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

  // A link that could not be opened stays explained until the text is edited.
  function clearError() {
    alertEl.textContent = linkProblem || "";
    alertEl.hidden = !linkProblem;
    editor.removeAttribute("aria-invalid");
  }

  // --- storage and links ------------------------------------------------------------------

  function storeSet(key, text) {
    try {
      window.localStorage.setItem(key, text);
      return true;
    } catch (err) {  // storage disabled, or full (a 6 MB paste is over most browsers' 5 MB)
      return false;
    }
  }

  function storeGet(key) {
    try { return window.localStorage.getItem(key); } catch (err) { return null; }
  }

  function stored() { return storeGet(STORE_KEY); }

  function megabytes(n) { return (n / 1048576).toFixed(1) + " MB"; }

  // Keeps the editor's text. When another tab saved different text meanwhile, that text
  // becomes the one Restore brings back, so neither tab silently overwrites the other.
  function save(text) {
    if (otherTabSaved) {
      otherTabSaved = false;
      var theirs = stored();
      if (theirs !== null && theirs !== text) keepPrevious(theirs);
    }
    var ok = storeSet(STORE_KEY, text);
    if (ok !== kept) {
      kept = ok;
      if (!ok) say("This text (" + megabytes(text.length) + ") is too large for this browser's storage: it is " +
                   "not kept after you leave the page. Save it as a file to keep it.");
    }
    return ok;
  }

  // A sentence for the status line: whether the text will still be here after a reload.
  function keptNote() {
    return kept ? " Your text is kept." : " Your text is not kept in this browser (too large for its storage).";
  }

  function keepPrevious(text) {
    if (!text || !text.trim()) return;
    previous = text;
    storeSet(PREVIOUS_KEY, text);
    restoreButton.hidden = false;
  }

  // Puts `text` in the editor; what it held stays one click away (Restore).
  function replaceEditor(text) {
    if (editor.value !== text) keepPrevious(editor.value);
    editor.value = text;
  }

  function restorePrevious() {
    if (previous === null) return;
    var text = previous;
    replaceEditor(text);  // what was replaced becomes the previous text: Restore again undoes it
    save(text);
    dropFragment();
    summarizeEditor();
    say("Restored the previous text. Restore again to go back.");
  }

  // localStorage changes made by another tab of this page.
  function onStorage(e) {
    if (e.key !== STORE_KEY || e.newValue === null || e.newValue === editor.value) return;
    otherTabSaved = true;
    say("Another tab saved different text. This tab keeps its own; if you type here, the other " +
        "tab's text stays one click away (Restore).");
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

  function LinkError(message) { this.message = message; }

  function tooLarge(what) {
    return new LinkError("The link's text is larger than " + megabytes(LINK_TEXT_MAX) + (what ? " " + what : "") +
                         ", more than a link may carry: it was not opened.");
  }

  // Inflates a #code= link, stopping as soon as the text passes LINK_TEXT_MAX.
  function inflate(bytes) {
    var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    var chunks = [];
    var total = 0;
    function next() {
      return reader.read().then(function (r) {
        if (r.done) {
          var out = new Uint8Array(total);
          var at = 0;
          chunks.forEach(function (c) { out.set(c, at); at += c.length; });
          return out;
        }
        total += r.value.length;
        if (total > LINK_TEXT_MAX) {
          reader.cancel();
          throw tooLarge("once inflated");
        }
        chunks.push(r.value);
        return next();
      });
    }
    return next();
  }

  // The text a #code= or #text= fragment holds; null when the URL has none. Rejects with a
  // LinkError (a sentence for the reader) when the fragment is damaged or too large.
  function textFromFragment(hash) {
    var m = /^#(code|text)=(.*)$/.exec(hash);
    if (!m) return Promise.resolve(null);
    return Promise.resolve().then(function () {
      if (!/^[A-Za-z0-9_-]*$/.test(m[2])) {
        throw new LinkError("The link's #" + m[1] + "= part holds characters a link never has: it is damaged.");
      }
      if (m[2].length > 2 * LINK_TEXT_MAX) throw tooLarge("(the link alone is " + megabytes(m[2].length) + ")");
      var bytes;
      try {
        bytes = fromBase64url(m[2]);
      } catch (err) {
        throw new LinkError("The link's #" + m[1] + "= part is cut short or damaged: it could not be read back into text.");
      }
      if (m[1] === "text") {
        if (bytes.length > LINK_TEXT_MAX) throw tooLarge("");
        return bytes;
      }
      return inflate(bytes).catch(function (err) {
        if (err instanceof LinkError) throw err;
        throw new LinkError("The link's #code= part is damaged: it could not be inflated back into text.");
      });
    }).then(function (b) { return new TextDecoder().decode(b); });
  }

  function dropFragment() {
    if (/^#(code|text)=/.test(window.location.hash)) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }

  function copyLink() {
    var size = new TextEncoder().encode(editor.value).length;
    if (size > LINK_TEXT_MAX) {
      say("This text is " + megabytes(size) + "; a link carries at most " + megabytes(LINK_TEXT_MAX) +
          " of text, so no link was made. Share it as a file instead.");
      return;
    }
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
            String(err && err.message || err).split("\n")[0].slice(0, 200) + ")." + keptNote()};
  }

  function call(fn, request, data) {
    var answer;
    try {
      answer = Promise.resolve(data === undefined ? fn(request) : fn(request, data));
    } catch (err) {
      return Promise.resolve(failed(err));
    }
    return answer.then(function (text) { return JSON.parse(text); }).catch(failed);
  }

  var asked = 0;  // the latest summary asked for: an answer overtaken by a newer one is dropped

  function summarizeEditor() {
    if (!pyText) return;
    var text = editor.value;
    if (!text.trim()) {
      app.removeAttribute("aria-busy");
      clearError();
      results.hidden = true;
      app.setAttribute("data-state", "ready");
      say("Paste Keras code or a model JSON, open a file, or load an example.");
      return;
    }
    var started = performance.now();
    var mine = ++asked;
    // While the worker computes, the results on show are the previous text's (or the ones
    // the build pre-rendered): aria-busy says so, to screen readers and to the tests.
    app.setAttribute("aria-busy", "true");
    return call(pyText, text, kvSize).then(function (r) {
      if (mine !== asked) return;
      app.removeAttribute("aria-busy");
      show(r, EDITOR, performance.now() - started);
    });
  }

  // The KV cache's sequence length and batch of a Hugging Face config.json, from the page's
  // two inputs: the last sizes that were whole numbers in range, as JSON ("": Python's defaults).
  var kvSize = "";

  function readKvInputs() {
    var size = {};
    var valid = true;
    [["seq_len", "summary-seq-len"], ["batch", "summary-batch"]].forEach(function (pair) {
      var input = $(pair[1]);
      var text = input.value.trim();
      var n = Number(text);
      if (/^[0-9]+$/.test(text) && n >= 1 && n <= Number(input.max)) {
        input.removeAttribute("aria-invalid");
        size[pair[0]] = n;
      } else {
        input.setAttribute("aria-invalid", "true");
        valid = false;
      }
    });
    if (valid) kvSize = JSON.stringify(size);
    return valid;
  }

  function schedule() {
    linkProblem = null;
    if (pyText) app.setAttribute("aria-busy", "true");  // the results are the old text's until the answer
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
    var pieces = [];  // [offset, length] of each piece read
    var data = [];    // their bytes, as hex
    var rounds = 0;
    var started = performance.now();
    app.setAttribute("data-state", "busy");
    say("Reading " + file.name + "…");

    function add(start, end) {
      return readSlice(file, start, end).then(function (bytes) {
        pieces.push([start, bytes.length]);
        data.push(hex(bytes));
      });
    }

    function ask() {
      rounds += 1;
      return call(pyFile, JSON.stringify({name: file.name, size: size, rounds: rounds, pieces: pieces}),
                  data.join("")).then(function (r) {
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
      if (r.binary || size > EDITOR_MAX) {  // a .keras archive or a .safetensors checkpoint
        show(r, file.name, elapsed);
        return;
      }
      // Code or JSON: into the editor, so it can be edited, kept and shared.
      return file.text().then(function (text) {
        replaceEditor(text);
        save(text);
        dropFragment();
        show(r, file.name, elapsed);
      });
    }, function (err) {
      showError(file.name + ": the browser could not read the file (" + String(err && err.message || err) + ").");
    });
  }

  // Several files dropped together: the shards of one safetensors checkpoint (and its
  // index), one summary. Each file's head first, then every range Python asks for at once.
  function summarizeShards(files) {
    if (!pyFile) {
      say("The calculator is still starting; try again in a moment.");
      return Promise.resolve();
    }
    var specs = files.map(function (f) { return {name: f.name, size: f.size, pieces: []}; });
    var data = files.map(function () { return []; });  // each file's pieces, as hex
    var rounds = 0;
    var started = performance.now();
    var label = files.length + " files";
    app.setAttribute("data-state", "busy");
    say("Reading " + label + "…");

    function add(number, start, end) {
      return readSlice(files[number], start, end).then(function (bytes) {
        specs[number].pieces.push([start, bytes.length]);
        data[number].push(hex(bytes));
      });
    }

    function ask() {
      rounds += 1;
      var all = data.map(function (pieces) { return pieces.join(""); }).join("");
      return call(pyFile, JSON.stringify({files: specs, rounds: rounds}), all).then(function (r) {
        if (!r.needs) return r;
        return Promise.all(r.needs.map(function (n) { return add(n[0], n[1], n[1] + n[2]); })).then(ask);
      });
    }
    var mine = ++asked;
    return Promise.all(files.map(function (f, i) { return add(i, 0, Math.min(f.size, HEAD_BYTES)); }))
      .then(ask).then(function (r) {
        if (mine === asked) show(r, label, performance.now() - started);
      }, function (err) {
        showError(label + ": the browser could not read the files (" + String(err && err.message || err) + ").");
      });
  }

  function summarizeDropped(list) {
    var files = Array.prototype.slice.call(list);
    return files.length === 1 ? summarizeFile(files[0]) : summarizeShards(files);
  }

  // --- rendering --------------------------------------------------------------------------

  function show(r, source, ms) {
    pythonHolds = Promise.resolve();
    if (!r.ok) {
      showError(r.error, source === EDITOR);
      say("Not summarized: see the message below the editor." + keptNote());
      return;
    }
    clearError();
    render(r, source);
    results.hidden = false;
    app.setAttribute("data-state", "ready");
    say("Summarized " + source + " in " + Math.round(ms) + " ms: " + r.total_text + " parameters" +
        (r.partial ? " (partial)." : ".") + (kept ? "" : keptNote()));
  }

  // The build's summary of the text the editor still holds, made live: its markup is the one
  // render() writes (tests/browser/test_summary_page.py holds them to it), so it is not
  // written again; its table gets the listener and the view table() gives its own. Python
  // summarizes the text too, in its worker while the page is already usable: a row's
  // details come from Python's last summary, and the first summary of other text then finds
  // the code reader imported (200-300 ms under MicroPython at a first summary).
  function showBuilt() {
    clearError();
    $("summary-source-name").textContent = EDITOR;
    var t = $("summary-table").firstChild;
    shown = {table: t, body: t.tBodies[0], rows: rowObjects(built.answer, built.answer.rows)};
    shown.cells = allCells(shown.rows);
    listen(shown, []);
    results.hidden = false;
    pythonHolds = call(pyText, built.text, "");
    say("Summarized " + EDITOR + " when this site was built: " + built.answer.total_text + " parameters." +
        (kept ? "" : keptNote()));
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
     ["Skipped: these lines do not build the model", r.skipped],
     ["From the config.json", r.config_notes || []],
     ["How it was counted: what the source does not show", r.remarks || []]].forEach(function (group) {
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
    // PyTorch keeps running statistics as buffers, outside the parameter counts.
    $("summary-buffers-item").hidden = r.framework !== "torch";
    setOutput("buffers", r.buffers_text, r.buffers);
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
    var kv = $("summary-kv");
    kv.hidden = !r.kv_cache;
    if (r.kv_cache) setOutput("kv_cache", r.kv_cache.text, r.kv_cache.bytes);

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

    var rows = rowObjects(r, r.rows);
    var caption = "Layers of " + r.model_name;
    var holder = $("summary-table");
    if (shown && holder.firstChild === shown.table) {
      update(shown, rows, caption);
    } else {  // no table yet, or the build's, of another text than the editor's
      holder.textContent = "";
      shown = table(rows, caption, []);
      holder.appendChild(shown.table);
    }
  }

  // The rows as objects: Python sends each as the list of its fields in the order of
  // row_keys (web/summaryview.py ROW_KEYS), its children likewise; its "kind" field is the
  // index in r.kinds of the values of its other fields, in the order of r.kind_keys.
  function rowObjects(r, lists) {
    return lists.map(function (values) {
      var row = {};
      for (var i = 0; i < r.row_keys.length; i++) row[r.row_keys[i]] = values[i];
      var kind = r.kinds[row.kind];
      for (var j = 0; j < r.kind_keys.length; j++) row[r.kind_keys[j]] = kind[j];
      if (row.children) row.children = rowObjects(r, row.children);
      return row;
    });
  }

  // The layer table on show (made by table()), which the next summary updates.
  var shown = null;

  // `path`: where these rows are (indices of the nested models above them), for detail().
  // Returns {table, body, rows, cells}: cells[i] is rows[i]'s markup (rowCells).
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
    // The rows as one HTML string, parsed once, and one listener that opens them all: 1,000
    // rows built node by node, a listener each, kept the main thread 2.5 times as long.
    var body = el("tbody");
    var view = {table: t, body: body, rows: rows, cells: allCells(rows)};
    body.innerHTML = rowsHTML(rows, view.cells, 0, rows.length);
    listen(view, path);
    t.appendChild(body);
    return view;
  }

  // One listener opens every row of the view's table.
  function listen(view, path) {
    view.body.addEventListener("click", function (e) {
      var button = e.target.closest("button.summary-expand");
      if (!button || button.closest("tbody") !== view.body) return;  // a nested model's table has its own
      var tr = button.closest("tr");
      var index = tr.sectionRowIndex / 2;  // each row is followed by its detail row
      toggle(button, tr.nextElementSibling, view.rows[index], path.concat([index]));
    });
  }

  // The table `view` shows, made to show `rows`: the rows at its start and at its end whose
  // markup is unchanged stay, closed (a detail is fetched again when opened: the formula
  // may differ where the columns do not); the rows between are written anew. An edit of a
  // 1,000-layer model changes a few rows: writing all of them again took 25 ms, removing
  // the old ones 30 ms, and the whole table was styled and laid out again after.
  function update(view, rows, caption) {
    view.table.caption.textContent = caption;
    var cells = allCells(rows);
    var old = view.cells;
    var start = 0;
    while (start < old.length && start < cells.length && old[start] === cells[start]) start++;
    var end = 0;
    while (end < old.length - start && end < cells.length - start &&
           old[old.length - 1 - end] === cells[cells.length - 1 - end]) end++;
    var trs = view.body.rows;  // each row followed by its detail row
    if (start < old.length - end) {
      var range = document.createRange();
      range.setStartBefore(trs[2 * start]);
      range.setEndAfter(trs[2 * (old.length - end) - 1]);
      range.deleteContents();
    }
    if (start < cells.length - end) {
      var html = rowsHTML(rows, cells, start, cells.length - end);
      if (end) trs[2 * start].insertAdjacentHTML("beforebegin", html);
      else view.body.insertAdjacentHTML("beforeend", html);
    }
    Array.prototype.forEach.call(view.body.querySelectorAll(":scope > tr.summary-detail > td:not(:empty)"), function (cell) {
      cell.textContent = "";
      cell.parentNode.hidden = true;
      cell.parentNode.previousElementSibling.querySelector("button.summary-expand").setAttribute("aria-expanded", "false");
    });
    view.rows = rows;
    view.cells = cells;
  }

  var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function allCells(rows) {
    var links = {};  // slug -> its layer page's address: a URL object per row costs 10 ms a 1,000
    return rows.map(function (row) { return rowCells(row, links); });
  }

  // A layer's row and its detail row (hidden, filled when first opened), as the markup the
  // build pre-renders (tools/sitegen/summary_page.py), for rows[from] to rows[to - 1].
  function rowsHTML(rows, cells, from, to) {
    var html = [];
    for (var i = from; i < to; i++) {
      var id = "summary-detail-" + (nextId++);
      html.push((rows[i].known ? "<tr>" : '<tr class="summary-unknown">') +
        '<th scope="row"><button class="summary-expand" type="button" aria-expanded="false" aria-controls="' + id +
        cells[i].slice(1) + '<tr class="summary-detail" id="' + id + '" hidden><td colspan="6"></td></tr>');  // "+"/"-" off
    }
    return html.join("");
  }

  // What a row shows, to be compared with the row on show: "+" if it was counted ("-" if
  // not: its <tr> is marked), then its markup from its detail row's id on (rowsHTML).
  function rowCells(row, links) {
    if (row.slug && !links[row.slug]) links[row.slug] = esc(layerURL(row.slug));
    var cls = row.slug ? '<a href="' + links[row.slug] + '">' + esc(row.class_name) + "</a>"
                       : esc(row.class_name);
    return (row.known ? "+" : "-") + '"><span class="summary-expand-name">' + esc(row.name) + "</span></button></th>" +
      "<td>" + cls + "</td><td><code>" + esc(row.output_shape) + "</code></td>" +
      '<td class="summary-number">' + esc(row.params_text) + "</td>" +
      "<td>" + (row.trainable ? "yes" : "no") + "</td>" +
      '<td class="summary-connected">' + esc(row.connected_to.join(", ") || "—") + "</td></tr>";
  }

  // The details are built on first opening: a 500-layer model stays quick to show.
  function toggle(button, detailRow, row, path) {
    var cell = detailRow.firstChild;
    var open = button.getAttribute("aria-expanded") !== "true";
    if (open && !cell.firstChild) cell.appendChild(detail(row, path));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    detailRow.hidden = !open;
  }

  function detail(row, path) {
    var box = el("div", "summary-detail-box");
    if (row.note) box.appendChild(el("p", "", "Note: " + row.note));
    if (!row.known) {
      // A row counted in part (MultiheadAttention read from its out_proj) says so and goes on.
      box.appendChild(el("p", "", (row.params === null ? "Not counted: " : "Partial: ") + row.problem));
      if (row.params === null) return box;
    }
    if (row.children) {
      box.appendChild(table(row.children, "Layers inside " + row.name + " (" + row.class_name + ")", path).table);
      return box;
    }
    box.setAttribute("aria-busy", "true");
    pythonHolds.then(function () { return call(pyDetail, JSON.stringify(path)); }).then(function (d) {
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
      // A checkpoint's tensor: its dtype, and parameter or buffer (a checkpoint does not say frozen).
      var kind = w[4] ? " " + w[4] + ", " + w[5] : (w[2] ? " trainable" : " non-trainable");
      li.appendChild(document.createTextNode(" " + w[1] + ": " + w[3] + kind));
      weights.appendChild(li);
    });
    box.appendChild(weights);
    if (d.buffers && d.buffers.length) {
      box.appendChild(el("p", "", "Buffers (saved with the module, not parameters):"));
      var buffers = el("ul", "summary-weights");
      d.buffers.forEach(function (b) {
        var li = el("li");
        li.appendChild(el("code", "", b[0]));
        li.appendChild(document.createTextNode(" " + b[1] + ": " + b[3] + (b[2] ? " " + b[2] : "")));
        buffers.appendChild(li);
      });
      box.appendChild(buffers);
    }
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
      if (files && files.length) summarizeDropped(files);
    });
    fileInput.addEventListener("change", function () {
      if (fileInput.files.length) summarizeDropped(fileInput.files);
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
    restoreButton = $("summary-restore");
    var builtJSON = $("summary-built");
    if (builtJSON) built = JSON.parse(builtJSON.textContent);
    say("Starting Python in your browser…");
    editor.addEventListener("input", schedule);
    ["summary-seq-len", "summary-batch"].forEach(function (id) {
      $(id).addEventListener("input", function () {
        if (!readKvInputs()) return;  // marked; the figure stays that of the last good sizes
        clearTimeout(timer);
        timer = setTimeout(summarizeEditor, DEBOUNCE_MS);
      });
    });
    bindDrop();
    $("summary-copy-link").addEventListener("click", copyLink);
    restoreButton.addEventListener("click", restorePrevious);
    window.addEventListener("storage", onStorage);
    previous = storeGet(PREVIOUS_KEY);
    restoreButton.hidden = previous === null;
    Array.prototype.slice.call(app.querySelectorAll("button[data-example]")).forEach(function (b) {
      b.addEventListener("click", function () {
        replaceEditor(EXAMPLES[b.getAttribute("data-example")].join("\n") + "\n");
        save(editor.value);
        dropFragment();
        summarizeEditor();
      });
    });
    // A shared link wins over what this browser kept, which stays one click away (Restore).
    // A first visit shows the MNIST example, so the page opens on a summary, not a blank box.
    var mine = stored();
    if (mine !== null) editor.value = mine;
    restored = openLink(window.location.hash).then(function (opened) {
      if (!opened && !editor.value) editor.value = EXAMPLES.mnist.join("\n") + "\n";
    });
    // A link pasted into the address bar of this page changes only the fragment.
    window.addEventListener("hashchange", function () {
      openLink(window.location.hash).then(function (opened) { if (opened) summarizeEditor(); });
    });
  }

  // The text of a #code= link goes in the editor; what the editor held stays one click away
  // (Restore). A damaged link is explained and the editor is left alone. Resolves to whether
  // the address had a link.
  function openLink(hash) {
    return textFromFragment(hash).then(function (text) {
      if (text === null) return false;
      linkProblem = null;
      var before = editor.value;
      replaceEditor(text);
      if (before.trim() && before !== text) {
        say("Opened the text from the link. The text it replaced is one click away (Restore).");
      }
      return true;
    }, function (err) {
      // The link is left in the address bar, to be looked at; the editor keeps its text.
      linkProblem = (err instanceof LinkError ? err.message : "The link could not be read.") +
        (editor.value.trim() ? " The editor keeps the text it had." : "");
      // Shown now; data-state is left to the summary of the editor's text.
      clearError();
      return true;
    });
  }

  // Called by web/python.js once Python is running on this page (in its web worker).
  window.kerasSummaryRegister = function (textFn, fileFn, detailFn) {
    pyText = textFn;
    pyFile = fileFn;
    pyDetail = detailFn;
    (restored || Promise.resolve()).then(function () {
      app.setAttribute("data-state", "ready");
      if (built && editor.value === built.text && kvSize === "") showBuilt();
      else if (editor.value.trim()) summarizeEditor();
      else say("Ready: paste Keras code or a model JSON, open a file, or load an example.");
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
