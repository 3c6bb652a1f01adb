// Runs calc's Python in a web worker, so the page's main thread never waits for it (issue #13).
// Started by web/python.js with a first message naming the bundle ("widget" or "summary");
// then every message {id, name, args} calls that function of web/widget.py and is answered
// {id, value} (a JSON string) or {id, error}. Only strings cross: no SharedArrayBuffer, so no
// cross-origin isolation is needed (GitHub Pages cannot send COOP/COEP headers).
//
// The bundle (tools/sitegen/bundle.py) is calc and web compiled to MicroPython bytecode (.mpy,
// or Python sources for Pyodide), in one deflated file: inflated by the browser's own
// DecompressionStream and copied into the interpreter's file system as it is.
"use strict";
// @config (written by tools/sitegen/bundle.py)
const APP = "/calc_app";

let api = null;       // {name: function} once Python is running
let starting = null;  // the promise of api
let page = null;      // the page's bundle ("widget", "summary")
let python = null;    // the interpreter, once started
const onDemand = {};  // bundle -> the promise of its files written (CONFIG.onDemand)

// A response that is not a success is an error naming the URL, not bytes of an error page.
function fetchOk(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response;
  });
}

function fetchBytes(url) {
  return fetchOk(url).then(function (response) {
    return new Response(response.body.pipeThrough(new DecompressionStream("deflate"))).arrayBuffer();
  }).then(function (buffer) { return new Uint8Array(buffer); });
}

// [[path, bytes], ...] out of the bundle: a 4-byte little-endian length, the JSON index
// [[path, size], ...], then the files' bytes in that order.
function unpack(bytes) {
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const index = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  let at = 4 + length;
  return index.map(function (entry) {
    const data = bytes.subarray(at, at + entry[1]);
    at += entry[1];
    return [entry[0], data];
  });
}

function writeFiles(FS, files) {
  files.forEach(function (file) {
    const path = APP + "/" + file[0];
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, file[1]);
  });
}

function stdout() {}
function stderr(line) { console.error(line); }

// MicroPython's wasm, as a blob: URL for loadMicroPython's `url` option: fetched beside its
// module, which would ask for it only once downloaded and evaluated (70-90 ms later).
function fetchWasm(url) {
  return fetchOk(url).then(function (response) { return response.arrayBuffer(); }).then(function (bytes) {
    return URL.createObjectURL(new Blob([bytes], {type: "application/wasm"}));
  });
}

async function start(bundle) {
  const interpreter = new URL(CONFIG.interpreter, self.location.href).href;
  // The bundle and the wasm download while the interpreter's module does.
  const files = fetchBytes(new URL(bundle + ".bin", self.location.href).href).then(unpack);
  const wasm = CONFIG.wasm ? fetchWasm(new URL(CONFIG.wasm, self.location.href).href) : null;
  const module = await import(interpreter);
  if (CONFIG.runtime === "pyodide") {
    python = await module.loadPyodide({indexURL: new URL("./", interpreter).href, stdout: stdout, stderr: stderr});
  } else {
    const url = await wasm;
    python = await module.loadMicroPython({pystack: CONFIG.pystack, heapsize: CONFIG.heapsize, url: url,
                                           stdout: stdout, stderr: stderr});
    URL.revokeObjectURL(url);
  }
  writeFiles(python.FS, await files);
  python.runPython("import sys\nsys.path.insert(0, '" + APP + "')\n" +
                   (CONFIG.runtime === "pyodide" ? "import importlib\nimportlib.invalidate_caches()\n" : ""));
  const glue = python.pyimport("web.widget");
  const functions = {};
  glue.EXPORTS.split(" ").forEach(function (name) { functions[name] = glue[name]; });
  return functions;
}

// The on-demand bundles (tools/sitegen/bundle.py ON_DEMAND) a request needs: those of this
// page whose word its arguments hold (the summary page's Keras application code for code
// naming keras.applications), fetched and written once; a failed fetch is tried again
// next time, and meanwhile Python says what did not load.
function fetchNeeded(args) {
  const text = JSON.stringify(args || []);
  const needed = (CONFIG.onDemand || []).filter(function (entry) {
    return entry[0] === page && text.indexOf(entry[2]) >= 0;
  }).map(function (entry) {
    const bundle = entry[1];
    if (!onDemand[bundle]) {
      onDemand[bundle] = fetchBytes(new URL(bundle + ".bin", self.location.href).href).then(function (bytes) {
        writeFiles(python.FS, unpack(bytes));
        if (CONFIG.runtime === "pyodide") python.runPython("import importlib\nimportlib.invalidate_caches()\n");
      }).catch(function (error) {
        delete onDemand[bundle];
        console.error(bundle + ".bin: " + message(error));
      });
    }
    return onDemand[bundle];
  });
  return Promise.all(needed);
}

function answer(data) {
  try {
    self.postMessage({id: data.id, value: String(api[data.name].apply(null, data.args || []))});
  } catch (error) {
    self.postMessage({id: data.id, error: message(error)});
  }
}

function message(error) {
  return String(error && error.message || error);
}

self.onmessage = function (event) {
  const data = event.data || {};
  if (data.start) {
    if (starting) return;
    page = String(data.start);
    starting = start(page);
    starting.then(function (functions) {
      api = functions;
      self.postMessage({ready: true});
    }, function (error) {
      self.postMessage({failed: message(error)});
    });
    return;
  }
  if (!api || !Object.prototype.hasOwnProperty.call(api, data.name)) {
    self.postMessage({id: data.id, error: "Python is not running" + (api ? " " + data.name : "")});
    return;
  }
  fetchNeeded(data.args).then(function () { answer(data); });
};
