// Runs calc's Python in a web worker, so the page's main thread never waits for it (issue #13).
// Started by web/python.js with a first message naming the bundle ("widget" or "summary");
// then every message {id, name, args} calls that function of web/widget.py and is answered
// {id, value} (a JSON string) or {id, error}. Only strings cross: no SharedArrayBuffer, so no
// cross-origin isolation is needed (GitHub Pages cannot send COOP/COEP headers).
//
// The bundle (tools/sitegen/bundle.py) is calc and web compiled to MicroPython bytecode (.mpy,
// or Python sources for Pyodide) in one deflated MicroPython ROMFS image
// (tools/sitegen/romfs.py): inflated by the browser's own DecompressionStream and handed to
// MicroPython, which mounts it at /rom and imports from it in place. Pyodide has no ROMFS:
// the image's files are written into its file system.
"use strict";
// @config (written by tools/sitegen/bundle.py)
const APP = "/calc_app";  // Pyodide: where the bundle's files are written

let api = null;       // {name: function} once Python is running
let starting = null;  // the promise of api
let page = null;      // the page's bundle ("widget", "summary")
let python = null;    // the interpreter, once started
let glue = null;      // web/widget.py, once imported
const onDemand = {};  // bundle -> the promise of its modules added (CONFIG.onDemand)

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

// [[path, bytes], ...] of the files in a ROMFS image (tools/sitegen/romfs.py: each record is
// its kind and its length as variable-length integers, then its payload), for Pyodide.
const ROMFS = {image: 0x14a6b1, data: 2, folder: 4, file: 5};

function romfsFiles(bytes) {
  const files = [];
  let at = 0;
  function uint() {
    let value = 0, byte;
    do {
      byte = bytes[at++];
      value = value * 128 + (byte & 0x7f);
    } while (byte & 0x80);
    return value;
  }
  function name() {
    const length = uint();
    at += length;
    return new TextDecoder().decode(bytes.subarray(at - length, at));
  }
  function records(end, folder) {
    while (at < end) {
      const kind = uint(), stop = uint() + at;
      if (kind === ROMFS.folder) {
        records(stop, folder + name() + "/");
      } else if (kind === ROMFS.file) {
        const path = folder + name();
        if (uint() === ROMFS.data) {
          const length = uint();
          files.push([path, bytes.subarray(at, at + length)]);
        }
      }
      at = stop;
    }
  }
  if (uint() !== ROMFS.image) throw new Error("the bundle is not a ROMFS image");
  records(uint() + at, "");
  return files;
}

// Pyodide: the bundle's files, written under `folder`.
function writeFiles(FS, bytes, folder) {
  romfsFiles(bytes).forEach(function (file) {
    const path = folder + "/" + file[0];
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
  const image = fetchBytes(new URL(bundle + ".bin", self.location.href).href);
  const wasm = CONFIG.wasm ? fetchWasm(new URL(CONFIG.wasm, self.location.href).href) : null;
  const module = await import(interpreter);
  if (CONFIG.runtime === "pyodide") {
    python = await module.loadPyodide({indexURL: new URL("./", interpreter).href, stdout: stdout, stderr: stderr});
    writeFiles(python.FS, await image, APP);
    python.runPython("import sys\nsys.path.insert(0, '" + APP + "')\nimport importlib\nimportlib.invalidate_caches()\n");
  } else {
    const url = await wasm;
    python = await module.loadMicroPython({pystack: CONFIG.pystack, heapsize: CONFIG.heapsize, url: url,
                                           romfs: await image, stdout: stdout, stderr: stderr});
    URL.revokeObjectURL(url);
    // Imports look in the image (and MicroPython's frozen modules) only: the default path's
    // other folders are in the JavaScript file system, where every miss is an exception.
    python.runPython("import sys\nsys.path[:] = ['/rom', '.frozen']\n");
  }
  glue = python.pyimport("web.widget");
  const functions = {};
  glue.EXPORTS.split(" ").forEach(function (name) { functions[name] = glue[name]; });
  return functions;
}

// The on-demand bundles (tools/sitegen/bundle.py ON_DEMAND) a request needs: those of this
// page whose word its arguments hold (the summary page's Keras application code for code
// naming keras.applications), fetched and added once; a failed fetch is tried again
// next time, and meanwhile Python says what did not load.
function fetchNeeded(args) {
  const text = JSON.stringify(args || []);
  const needed = (CONFIG.onDemand || []).filter(function (entry) {
    return entry[0] === page && text.indexOf(entry[2]) >= 0;
  }).map(function (entry) {
    const bundle = entry[1], packageName = entry[3];
    if (!onDemand[bundle]) {
      onDemand[bundle] = fetchBytes(new URL(bundle + ".bin", self.location.href).href).then(function (bytes) {
        addBundle(bytes, bundle, packageName);
      }).catch(function (error) {
        delete onDemand[bundle];
        console.error(bundle + ".bin: " + message(error));
      });
    }
    return onDemand[bundle];
  });
  return Promise.all(needed);
}

// An on-demand bundle holds the modules of one package, whose __init__ came in the page's bundle.
function addBundle(bytes, bundle, packageName) {
  if (CONFIG.runtime === "pyodide") {
    writeFiles(python.FS, bytes, APP + "/" + packageName.replace(/\./g, "/"));
    python.runPython("import importlib\nimportlib.invalidate_caches()\n");
  } else {
    const path = "/" + bundle + ".romfs";
    python.FS.writeFile(path, bytes);
    glue.add_bundle(path, "/" + bundle, packageName);
    python.FS.unlink(path);
  }
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
