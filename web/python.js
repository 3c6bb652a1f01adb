// The page's side of the Python worker (web/worker.js), which a line in the page's head
// started (overrides/partials/calc_runtime.html: window.kerasCalcWorker, with the messages it
// sent before this script arrived). Once Python runs, hands widget.js and summary.js their
// functions: each takes strings and returns a Promise of the JSON string web/widget.py returns
// (rejected with the error's message if Python raised). Nothing heavy happens on the main
// thread: no interpreter, no bundle, no import.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-bundle") || "widget";
  var pending = {};
  var next = 0;
  var worker = window.kerasCalcWorker;
  if (!worker) {
    // No module workers in this browser: the page keeps its pre-rendered answers.
    if (window.console) console.error("The calculator could not start: this browser has no module workers.");
    return;
  }

  function caller(name) {
    return function () {
      var args = Array.prototype.slice.call(arguments).map(String);
      return new Promise(function (resolve, reject) {
        var id = ++next;
        pending[id] = [resolve, reject];
        worker.postMessage({id: id, name: name, args: args});
      });
    };
  }

  function failAll(text) {
    Object.keys(pending).forEach(function (id) {
      pending[id][1](new Error(text));
      delete pending[id];
    });
  }

  // widget.js and summary.js are deferred scripts that set up their pages on DOMContentLoaded:
  // Python is handed to them after that (worker.parsed is set by the page's head at
  // DOMContentLoaded, before any other listener), and after their own listeners have run.
  function whenParsed(fn) {
    if (worker.parsed) fn();
    else document.addEventListener("DOMContentLoaded", function () { setTimeout(fn, 0); });
  }

  function register() {
    if (window.kerasCalcRegister) {
      window.kerasCalcRegister(caller("evaluate_json"), caller("snippet_json"), caller("practice_json"));
    }
    if (bundle === "summary" && window.kerasSummaryRegister) {
      window.kerasSummaryRegister(caller("summarize_text_json"), caller("summarize_file_json"),
                                  caller("summary_detail_json"));
    }
  }

  function receive(event) {
    var data = event.data || {};
    if (data.ready) { whenParsed(register); return; }
    if (data.failed) {
      if (window.console) console.error("The calculator could not start: " + data.failed);
      return;
    }
    var call = pending[data.id];
    if (!call) return;
    delete pending[data.id];
    if (Object.prototype.hasOwnProperty.call(data, "error")) call[1](new Error(data.error));
    else call[0](data.value);
  }
  worker.onmessage = receive;
  (worker.early || []).forEach(receive);
  worker.early = [];
  // The worker itself failed (its script did not load, or it crashed): no answer will come.
  worker.onerror = function (event) {
    if (window.console) console.error("The calculator's worker failed: " + (event.message || "error"));
    failAll("the calculator's worker stopped");
  };
})();
