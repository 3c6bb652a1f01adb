"""The built site in headless Chromium on 127.0.0.1, cold cache each load: DOMContentLoaded,
time until the page's calculator is ready, their ratio, bytes and requests; the latency of
an edit in a widget; Lighthouse on the same pages.

The server compresses like a static host does (gzip for text, JavaScript and wasm, when the
browser asks for it), so `bytes` is what a reader downloads; `raw_bytes` is the same files
uncompressed. Both, and `requests`, are counted by the server itself from the navigation until
the network is idle after the page is ready: what the page's web workers fetch (Python's
runtime and bundle, Material's search index) is in them, which the page's own Resource
Timing does not see. The service worker is blocked in these loads: its offline precache
downloads in the background after a first visit and is not counted.

The site is built twice: as shipped (MicroPython) and with CALC_RUNTIME=pyodide, the
interpreter PyScript picks by default, self-hosted the same way; the Conv2D layer page of
the second build is measured the same way, as the anchor for the first.
"""

import functools
import gzip
import http.server
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from bench import lighthouse
from tools.find_browser import HOW_TO, find

LOADS = int(os.environ.get("BENCH_LOADS", "7"))
EDITS = 50

WIDGETS_READY = "() => [...document.querySelectorAll('form.calc-widget')].every(f => f.dataset.state === 'ready')"
# The model-summary page (docs/summary.md, web/summary.js) is ready when Python runs there and
# the editor's text, if any, is summarized (its status says so: the results shown before are
# the build's, of the first example). A first visit starts with the MNIST example.
SUMMARY_READY = """() => {
  const app = document.querySelector('.summary-app');
  const editor = document.getElementById('summary-editor');
  const status = document.getElementById('summary-status');
  return !!app && app.dataset.state === 'ready' &&
    (!editor.value.trim() || status.textContent.indexOf('Summarized') === 0);
}"""
LAYER = ("layer page (Conv2D)", "layers/conv2d/", WIDGETS_READY)
SUMMARY = ("model summary page", "summary/", SUMMARY_READY)
EMBED = ("embed page (Conv2D)", "embed/conv2d/", WIDGETS_READY)
PAGES = (("home", "", None), LAYER, SUMMARY, EMBED)
PYODIDE_PAGES = (("layer page (Conv2D), Pyodide", "layers/conv2d/", WIDGETS_READY),)
LIGHTHOUSE_PAGES = ("home", "layer page (Conv2D)", "model summary page", "embed page (Conv2D)")
# Targets (issue #13): ready within 1.5x DOMContentLoaded on every page with a calculator; a
# keystroke's answer within 50 ms; a 1,000-layer model summarized within 300 ms.
READY_RATIO = 1.5
KEYSTROKE_MS = 50
BIG_MODEL_MS = 300
BIG_RUNS = int(os.environ.get("BENCH_BIG_RUNS", "5"))
BIG_LAYERS = 1000
# BIG_WIDTHS alternate from one paste to the next, so that every row of the table changes:
# the page keeps the rows an edit leaves as they were, which one model pasted again would
# leave all of (a summary of a new model writes all 1,000).
BIG_WIDTHS = (32, 48)
BIG_CODE = """import keras
from keras import layers

inputs = keras.Input(shape=(%d,))
x = inputs
for i in range(%d):
    x = layers.Dense(%d, activation="relu", name=f"dense_{i}")(x)
model = keras.Model(inputs, x, name="deep_mlp")
"""


def big_code(run):
    """(code, its total parameters) of the paste numbered `run`."""
    width = BIG_WIDTHS[run % len(BIG_WIDTHS)]
    return BIG_CODE % (width, BIG_LAYERS, width), BIG_LAYERS * (width * width + width)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COMPRESSED = (".html", ".js", ".mjs", ".css", ".json", ".py", ".svg", ".wasm", ".txt", ".xml", ".zip")

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const all = [nav].concat(resources);
  return {
    dcl_ms: nav.domContentLoadedEventEnd,
    bytes: all.reduce((n, r) => n + r.transferSize, 0),
    raw_bytes: all.reduce((n, r) => n + r.decodedBodySize, 0),
    requests: all.length,
    urls: all.map(r => r.name),
  };
}"""

# Installed before a page's own scripts: when web/python.js hands the page its functions
# (window.NAME(first, ...rest)), the first goes through WRAP, a JS function that returns a
# timed version of it. Shared by the two probes below.
def wrap_register(name, wrap):
    return """(() => {
  let register;
  Object.defineProperty(window, '%s', {
    configurable: true,
    set(fn) { register = fn; },
    get() { return register && ((first, ...rest) => register((%s)(first), ...rest)); },
  });
})();
""" % (name, wrap)


# Times each keystroke in the Conv2D `filters` field
# to the moment widget.js writes the new total (a MutationObserver on its data-value), and
# the Python call alone, by wrapping the function web/python.js hands widget.js: from the
# call to its answer (a Promise: the round trip to the worker and calc's own time).
# (A function returning its answer at once, as before issue #13, is timed the same way.)
LATENCY_PROBE = "window.__bench = {edits: [], python: []};\n" + wrap_register("kerasCalcRegister", """
  compute => function (layer, fields) {
    const t = performance.now();
    const answer = compute(layer, fields);
    Promise.resolve(answer).finally(() => window.__bench.python.push(performance.now() - t));
    return answer;
  }""")

# The model summary page: times a summary of BIG_CODE from the moment summary.js asks Python
# for it (after its debounce) to the moment the page says "Summarized" (the results
# rendered). Only BIG_CODE's requests are timed: the page also asks Python, in the
# background, for its opening example, which the build had summarized.
BIG_PROBE = "window.__big = {asked: null, times: []};\n" + wrap_register("kerasSummaryRegister", """
  text => function (request) {
    if (String(request).indexOf('name="deep_mlp"') >= 0) window.__big.asked = performance.now();
    return text(request);
  }""") + """
document.addEventListener('DOMContentLoaded', () => {
  const status = document.getElementById('summary-status');
  new MutationObserver(() => {
    if (window.__big.asked !== null && status.textContent.indexOf('Summarized the editor') === 0) {
      window.__big.times.push(performance.now() - window.__big.asked);
      window.__big.asked = null;
    }
  }).observe(status, {childList: true, characterData: true, subtree: true});
});
"""
LATENCY_WATCH = """() => {
  const form = document.querySelector('form.calc-widget[data-layer="Conv2D"]');
  const field = form.querySelector('input[name="filters"]');
  const total = form.querySelector('output[name="total_params"]');
  let pressed = null;
  field.addEventListener('keydown', e => { pressed = e.timeStamp; }, true);
  new MutationObserver(() => {
    if (pressed !== null) { window.__bench.edits.push(performance.now() - pressed); pressed = null; }
  }).observe(total, {attributes: true, attributeFilter: ['data-value']});
  window.__bench.python.length = 0;  // the calls made while the page started
}"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped on the way out when the browser accepts it (as a host would);
    every response's size is added to `served` (sent, unzipped, requests)."""
    cache = {}
    served = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def count(self, sent, raw):
        with self.lock:
            if self.served is not None:
                self.served[0] += sent
                self.served[1] += raw
                self.served[2] += 1

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if (not path.endswith(COMPRESSED) or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            if os.path.isfile(path):
                self.count(os.path.getsize(path), os.path.getsize(path))
            return super().send_head()
        if path not in self.cache:
            with open(path, "rb") as f:
                self.cache[path] = gzip.compress(f.read(), 6)
        body = self.cache[path]
        self.count(len(body), os.path.getsize(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser dropped a connection it no longer needed (a page closed mid-load)
        super().handle_error(request, client_address)


def build_site(runtime="micropython"):
    out = tempfile.mkdtemp(prefix="bench-site-%s-" % runtime)
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", out], cwd=ROOT,
                       check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", CALC_RUNTIME=runtime))
    except subprocess.CalledProcessError:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return out


def serve(directory):
    kind = type("SiteHandler", (Handler,), {"cache": {}, "served": None})
    handler = functools.partial(kind, directory=directory)
    server = Server(("127.0.0.1", 0), handler)
    server.handler_class = kind
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


# Installed before the page's scripts (so it needs no eval, which the site's CSP forbids):
# records performance.now() the first time the page's ready condition holds, checked on
# every change of a data-state or hidden attribute or of the summary page's status text.
READY_PROBE = """
window.__benchReady = null;
(() => {
  const ready = %s;
  const observer = new MutationObserver(check);
  function check() {
    if (window.__benchReady === null && ready()) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  }
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.documentElement,
                     {attributes: true, subtree: true, attributeFilter: ['data-state', 'hidden']});
    const status = document.getElementById('summary-status');
    if (status) observer.observe(status, {childList: true, characterData: true, subtree: true});
    check();
  });
})();
"""


def poll(page, expression, what, errors, timeout=120):
    """Wait until `expression` (evaluated in the page) gives a value that is not null/false."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            states = page.evaluate("() => [...document.querySelectorAll('[data-state]')].map(e => e.dataset.state)")
            raise RuntimeError("%s: %s did not happen within %d s (data-state: %s; console: %s)" % (
                page.url, what, timeout, ", ".join(states) or "none", " | ".join(errors) or "nothing"))
        time.sleep(0.02)


def load(browser, url, ready_js, handler):
    # A new context is a cold cache. The service worker is blocked: what it precaches for
    # offline use (web/sw.js) downloads after the page has loaded, and is not the page's weight.
    context = browser.new_context(service_workers="block")
    handler.served = [0, 0, 0]
    if ready_js:
        context.add_init_script(READY_PROBE % ready_js)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text[:300]) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)[:300]))
    page.goto(url, wait_until="domcontentloaded")
    ready_ms = poll(page, "() => window.__benchReady", "ready", errors) if ready_js else None
    page.wait_for_load_state("load")
    figures = page.evaluate(TIMINGS_JS)
    figures["ready_ms"] = ready_ms
    page.wait_for_load_state("networkidle")
    figures["bytes"], figures["raw_bytes"], figures["requests"] = handler.served
    handler.served = None
    context.close()
    return figures


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def off_host(base, urls, label):
    outside = sorted(set(u for u in urls if not u.startswith(base)))
    if outside:  # the comparison is of self-hosted runtimes: a CDN fetch would skew it
        raise RuntimeError("%s requested %s" % (label, ", ".join(outside)))


def measure_pages(browser, base, pages, handler):
    results = {}
    for label, page_path, ready_js in pages:
        print("bench: %d cold loads of %s" % (LOADS, label), file=sys.stderr, flush=True)
        runs = [load(browser, base + page_path, ready_js, handler) for _ in range(LOADS)]
        off_host(base, [u for r in runs for u in r["urls"]], label)
        row = {"url_path": page_path, "loads": LOADS, "dcl_ms": spread([r["dcl_ms"] for r in runs]),
               "bytes": spread([r["bytes"] for r in runs]), "raw_bytes": runs[-1]["raw_bytes"],
               "requests": runs[-1]["requests"]}
        if ready_js:
            row["ready_ms"] = spread([r["ready_ms"] for r in runs])
            row["ready_over_dcl"] = spread([r["ready_ms"] / r["dcl_ms"] for r in runs])
        results[label] = row
    return results


def open_ready(browser, url, probe, ready_js):
    """A fresh context with `probe` installed, on `url`, once the page's calculators are ready:
    (context, page, the console errors seen)."""
    context = browser.new_context()
    context.add_init_script(probe)
    context.add_init_script(READY_PROBE % ready_js)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text[:300]) if m.type == "error" else None)
    page.goto(url)
    poll(page, "() => window.__benchReady", "ready", errors)
    return context, page, errors


def measure_latency(browser, base):
    """EDITS keystrokes in the Conv2D `filters` field, alternately typing a digit and deleting it."""
    print("bench: %d keystrokes in the Conv2D calculator" % EDITS, file=sys.stderr, flush=True)
    context, page, errors = open_ready(browser, base + LAYER[1], LATENCY_PROBE, WIDGETS_READY)
    page.evaluate(LATENCY_WATCH)
    field = page.locator('form.calc-widget[data-layer="Conv2D"] input[name="filters"]')
    field.click()
    page.keyboard.press("End")
    for i in range(EDITS):
        page.keyboard.press("1" if i % 2 == 0 else "Backspace")
        poll(page, "() => window.__bench.edits.length >= %d" % (i + 1), "edit %d" % (i + 1), errors, 30)
    data = page.evaluate("() => window.__bench")
    off_host(base, page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)"), "latency")
    context.close()
    if len(data["python"]) < EDITS:
        raise RuntimeError("the Python calls were not timed (%d of %d): did web/widget.py stop calling "
                           "window.kerasCalcRegister?" % (len(data["python"]), EDITS))
    return {"edits": EDITS, "keystroke_to_total_ms": spread(data["edits"]), "python_ms": spread(data["python"])}


def measure_big_summary(browser, base):
    """A 1,000-layer functional model pasted into the model summary page BIG_RUNS times, of
    alternating widths (a new model each time). The first paste comes 2 s after the page is
    ready, as a visitor's would: meanwhile the worker summarizes the page's opening example
    in the background, importing the code reader."""
    print("bench: %d summaries of a %d-layer model in the browser" % (BIG_RUNS, BIG_LAYERS), file=sys.stderr,
          flush=True)
    context, page, errors = open_ready(browser, base + SUMMARY[1], BIG_PROBE, SUMMARY_READY)
    page.wait_for_timeout(2000)
    for i in range(BIG_RUNS):
        code, expected = big_code(i)
        page.evaluate("""text => { const e = document.getElementById('summary-editor');
                         e.value = text; e.dispatchEvent(new Event('input', {bubbles: true})); }""", code)
        poll(page, "() => window.__big.times.length >= %d" % (i + 1), "summary %d" % (i + 1), errors, 120)
        total = page.locator('#summary-app output[name="total_params"]').get_attribute("data-value")
        if total != str(expected):
            raise RuntimeError("the %d-layer model was counted %s, not %d" % (BIG_LAYERS, total, expected))
    times = page.evaluate("() => window.__big.times")
    context.close()
    return {"layers": BIG_LAYERS, "runs": BIG_RUNS, "summary_ms": spread(times)}


def measure(with_lighthouse=True):
    from playwright.sync_api import sync_playwright

    path = find()
    if path is None:
        raise SystemExit(HOW_TO)
    results = {"pages": {}, "skipped": {}, "latency": None, "big_summary": None, "lighthouse": {}}
    for runtime, pages in (("micropython", PAGES), ("pyodide", PYODIDE_PAGES)):
        site = build_site(runtime)
        present = []
        for page in pages:
            if os.path.exists(os.path.join(site, page[1], "index.html")):
                present.append(page)
            else:
                results["skipped"][page[0]] = "not built"
        server, base = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                results["pages"].update(measure_pages(browser, base, present, server.handler_class))
                if runtime == "micropython":
                    results["latency"] = measure_latency(browser, base)
                    results["big_summary"] = measure_big_summary(browser, base)
                browser.close()
            if runtime == "micropython" and with_lighthouse:
                results["lighthouse"] = lighthouse.measure(
                    base, [(label, p[1]) for label in LIGHTHOUSE_PAGES for p in present if p[0] == label], path)
        finally:
            server.shutdown()
            shutil.rmtree(site, ignore_errors=True)
    return results


def kb(n):
    return "%.0f KB" % (n / 1024)


def table(results):
    pages = results["pages"]
    lines = ["Pages: median of %d cold loads in headless Chromium on 127.0.0.1, gzip as a host sends (min-max)"
             % LOADS,
             "  %-30s %20s %20s %16s %10s %10s %5s" % ("page", "DOMContentLoaded ms", "ready ms",
                                                     "ready / DCL", "bytes", "unzipped", "reqs")]
    for label, r in pages.items():
        ready = r.get("ready_ms")
        ratio = r.get("ready_over_dcl")
        lines.append("  %-30s %7.0f (%4.0f-%5.0f) %20s %16s %10s %10s %5d" % (
            label, r["dcl_ms"]["median"], r["dcl_ms"]["min"], r["dcl_ms"]["max"],
            "%7.0f (%4.0f-%5.0f)" % (ready["median"], ready["min"], ready["max"]) if ready else "-",
            "%5.2f (%.2f-%.2f)" % (ratio["median"], ratio["min"], ratio["max"]) if ratio else "-",
            kb(r["bytes"]["median"]), kb(r["raw_bytes"]), r["requests"]))
    for label, why in results["skipped"].items():
        lines.append("  %-30s %s" % (label, why))
    layer = pages.get(LAYER[0])
    for label in (LAYER[0], SUMMARY[0], EMBED[0]):
        r = pages.get(label)
        if r and r.get("ready_over_dcl"):
            lines.append("  target: %s ready within %.1fx DCL: %s" % (
                label, READY_RATIO, "met" if r["ready_over_dcl"]["median"] <= READY_RATIO else "NOT met"))
    if layer:
        lines.append("  target: layer page under 600 KB: %s" % (
            "met" if layer["bytes"]["median"] < 600 * 1024 else "NOT met"))
    anchor = pages.get(PYODIDE_PAGES[0][0])
    if layer and anchor:
        lines.append("  MicroPython vs Pyodide (Conv2D): ready %.1fx sooner, %.1fx fewer bytes, %d vs %d requests" % (
            anchor["ready_ms"]["median"] / layer["ready_ms"]["median"],
            anchor["bytes"]["median"] / layer["bytes"]["median"], layer["requests"], anchor["requests"]))
    lat = results.get("latency")
    if lat:
        k, py = lat["keystroke_to_total_ms"], lat["python_ms"]
        lines += ["", "Interaction: %d keystrokes in Conv2D `filters` (median, min-max)" % lat["edits"],
                  "  keystroke to updated total: %.1f ms (%.1f-%.1f), target <= %d ms: %s" % (
                      k["median"], k["min"], k["max"], KEYSTROKE_MS, "met" if k["median"] <= KEYSTROKE_MS else "NOT met"),
                  "  Python call (round trip):   %.1f ms (%.1f-%.1f), target < 16 ms: %s" % (
                      py["median"], py["min"], py["max"], "met" if py["median"] < 16 else "NOT met")]
    big = results.get("big_summary")
    if big:
        b = big["summary_ms"]
        lines += ["", "Model summary page: a %d-layer model pasted, %d runs (median, min-max)" % (big["layers"], big["runs"]),
                  "  asked to rendered: %.0f ms (%.0f-%.0f), target <= %d ms: %s" % (
                      b["median"], b["min"], b["max"], BIG_MODEL_MS, "met" if b["median"] <= BIG_MODEL_MS else "NOT met")]
    if results.get("lighthouse"):
        lines += ["", lighthouse.table(results["lighthouse"])]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure(with_lighthouse="--no-lighthouse" not in sys.argv)))
