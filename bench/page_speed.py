"""Page loads of the built site in headless Chromium on 127.0.0.1, cold cache each time:
DOMContentLoaded, time until every widget is `ready`, their ratio, bytes and requests.

Bytes are what the page transferred from Python's http.server, which does not compress;
`gzip_bytes` is the same files gzipped, what a compressing host (GitHub Pages) sends.

The site is built twice: as shipped (MicroPython) and with CALC_RUNTIME=pyodide, the
interpreter PyScript picks by default, self-hosted the same way; the Conv2D layer page of
the second build is measured the same way, as the anchor for the first.
"""

import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tools.find_browser import HOW_TO, find  # noqa: E402

LOADS = 7
PAGES = (("home", ""), ("layer page (Conv2D)", "layers/conv2d/"))
PYODIDE_PAGES = (("layer page (Conv2D), Pyodide", "layers/conv2d/"),)
BUILDS = (("micropython", PAGES), ("pyodide", PYODIDE_PAGES))  # (CALC_RUNTIME, pages)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  return {
    dcl_ms: nav.domContentLoadedEventEnd,
    bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
    requests: 1 + resources.length,
    urls: [nav.name].concat(resources.map(r => r.name)),
  };
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_site(runtime="micropython"):
    out = tempfile.mkdtemp(prefix="bench-site-%s-" % runtime)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", out], cwd=ROOT,
                   check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", CALC_RUNTIME=runtime))
    return out


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def gzip_size(site, base, urls):
    total = 0
    for url in urls:
        path = url[len(base):].split("?")[0].split("#")[0]
        path = os.path.join(site, path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.exists(path):
            with open(path, "rb") as f:
                total += len(gzip.compress(f.read(), 6))
    return total


def load(browser, url, has_widget):
    context = browser.new_context()  # a new context is a cold cache
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    ready_ms = None
    if has_widget:
        page.wait_for_function(
            "() => [...document.querySelectorAll('form.calc-widget')].every(f => f.dataset.state === 'ready')",
            timeout=60000, polling=10)
        ready_ms = page.evaluate("() => performance.now()")
    page.wait_for_load_state("load")
    figures = page.evaluate(TIMINGS_JS)
    figures["ready_ms"] = ready_ms
    context.close()
    return figures


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure_pages(browser, site, base, pages):
    results = {}
    for label, page_path in pages:
        has_widget = page_path.startswith("layers/")
        runs = [load(browser, base + page_path, has_widget) for _ in range(LOADS)]
        off_machine = sorted(set(u for r in runs for u in r["urls"] if not u.startswith(base)))
        if off_machine:  # the comparison is of self-hosted runtimes: a CDN fetch would skew it
            raise RuntimeError("%s requested %s" % (label, ", ".join(off_machine)))
        row = {"dcl_ms": spread([r["dcl_ms"] for r in runs]),
               "bytes": runs[-1]["bytes"], "requests": runs[-1]["requests"],
               "gzip_bytes": gzip_size(site, base, runs[-1]["urls"])}
        if has_widget:
            row["ready_ms"] = spread([r["ready_ms"] for r in runs])
            row["ready_over_dcl"] = spread([r["ready_ms"] / r["dcl_ms"] for r in runs])
        results[label] = row
    return results


def measure():
    from playwright.sync_api import sync_playwright

    path = find()
    if path is None:
        raise SystemExit(HOW_TO)
    results = {}
    for runtime, pages in BUILDS:
        site = build_site(runtime)
        server, base = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                results.update(measure_pages(browser, site, base, pages))
                browser.close()
        finally:
            server.shutdown()
            shutil.rmtree(site, ignore_errors=True)
    return results


def table(results):
    lines = ["Pages: median of %d cold loads in headless Chromium on 127.0.0.1 (min-max)" % LOADS,
             "  %-30s %20s %20s %16s %10s %10s %5s" % ("page", "DOMContentLoaded ms", "widgets ready ms",
                                                     "ready / DCL", "bytes", "gzipped", "reqs")]
    for label, r in results.items():
        ready = r.get("ready_ms")
        ratio = r.get("ready_over_dcl")
        lines.append("  %-30s %7.0f (%4.0f-%5.0f) %20s %16s %10d %10d %5d" % (
            label, r["dcl_ms"]["median"], r["dcl_ms"]["min"], r["dcl_ms"]["max"],
            "%7.0f (%4.0f-%5.0f)" % (ready["median"], ready["min"], ready["max"]) if ready else "-",
            "%5.2f (%.2f-%.2f)" % (ratio["median"], ratio["min"], ratio["max"]) if ratio else "-",
            r["bytes"], r["gzip_bytes"], r["requests"]))
    layer = results.get("layer page (Conv2D)")
    if layer:
        lines.append("  targets: ready within 2x DCL: %s; layer page under 800 KB: %s (gzipped: %s)" % (
            "met" if layer["ready_over_dcl"]["median"] <= 2 else "NOT met",
            "met" if layer["bytes"] < 800 * 1024 else "NOT met",
            "met" if layer["gzip_bytes"] < 800 * 1024 else "NOT met"))
    anchor = results.get("layer page (Conv2D), Pyodide")
    if layer and anchor:
        lines.append("  MicroPython vs Pyodide (Conv2D): widgets ready %.1fx sooner, %.1fx fewer bytes "
                     "(%.1fx gzipped), %d vs %d requests" % (
                         anchor["ready_ms"]["median"] / layer["ready_ms"]["median"],
                         anchor["bytes"] / layer["bytes"], anchor["gzip_bytes"] / layer["gzip_bytes"],
                         layer["requests"], anchor["requests"]))
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
