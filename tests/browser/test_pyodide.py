"""The Pyodide variant (CALC_RUNTIME=pyodide, built for the benchmark's anchor) works: the
Conv2D widget goes live on Pyodide, self-hosted, in the same web worker, and follows a change.

Not marked or skipped: it runs with every `make test` (one ~10 s build, one ~5-15 s load)."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import calc  # noqa: E402
from calc.catalogue import compute  # noqa: E402
from web import calcview  # noqa: E402

READY = 45000  # ms; Pyodide is ~13 MB to fetch and compile, and the machine may be loaded


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pyodide_url():
    """The Pyodide build, once, served under a sub-path like the MicroPython one."""
    out = tempfile.mkdtemp(prefix="site-pyodide-")
    parent = tempfile.mkdtemp(prefix="site-pyodide-root-")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CALC_RUNTIME="pyodide")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", out],
                   cwd=ROOT, check=True, env=env)
    os.symlink(out, os.path.join(parent, "sub"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=parent))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/sub/" % server.server_address[1]
    server.shutdown()
    shutil.rmtree(parent, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def total(page):
    return page.locator('form.calc-widget output[name="total_params"]').get_attribute("data-value")


def test_conv2d_on_pyodide(pyodide_url, watch):
    entry = next(e for e in calc.LAYERS if e.name == "Conv2D")
    fields = calcview.default_fields(entry)
    page = watch.page
    # The page really runs Pyodide: the worker imports the self-hosted copy (checked below).
    loaded = []
    watch.context.on("request", lambda r: loaded.append(r.url))
    page.goto(pyodide_url + "layers/conv2d/")

    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    assert total(page) == "14464"

    trial = dict(fields, filters="7")
    args = {k: v for k, v in trial.items() if k != "input_shape"}
    want = str(compute(entry, args, input_shape=trial["input_shape"] or None).total_params)
    assert want != "14464"
    page.locator('form.calc-widget [name="filters"]').fill("7")
    page.wait_for_function(
        "v => document.querySelector('form.calc-widget output[name=total_params]').dataset.value === v",
        arg=want, timeout=5000)
    assert page.locator("form.calc-widget").get_attribute("data-state") == "ready"

    assert any(u.endswith("assets/runtime/pyodide/pyodide.asm.wasm") for u in loaded), loaded
    assert not any("micropython" in u for u in loaded), loaded
    assert watch.errors == []
    assert watch.outside == []
