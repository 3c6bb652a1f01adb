"""The built site: every layer has its page, nothing points to another host, and the
PyScript runtime is only on pages with a widget."""

import ast
import json
import os
import re
import sys
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import calc  # noqa: E402

URL_ATTR = re.compile(r"""\s(?:src|href|srcset|action|poster|data)\s*=\s*["']([^"']*)["']""", re.I)
OFF_SITE = re.compile(r"^\s*(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def site(built_site):
    return built_site  # tests/conftest.py builds it once per session


def html_files(site):
    for folder, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def test_no_url_to_another_host(site):
    bad = []
    for path in html_files(site):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # MkDocs writes 404.html with root-absolute links on purpose: the host serves it
        # for any missing path, where relative links would not resolve either.
        root_absolute_ok = os.path.relpath(path, site) == "404.html"
        for url in URL_ATTR.findall(text):
            if OFF_SITE.match(url) and not re.match(r"^\s*https?://127\.0\.0\.1[:/]", url):
                bad.append((os.path.relpath(path, site), url))
            elif url.startswith("/") and not root_absolute_ok:
                bad.append((os.path.relpath(path, site), url + " (root-absolute: breaks under a sub-path)"))
    assert bad == []


def test_every_layer_has_a_page_with_a_prerendered_widget(site):
    for entry in calc.LAYERS:
        path = os.path.join(site, "layers", entry.name.lower(), "index.html")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert 'data-layer="%s"' % entry.name in text
        assert 'data-state="static"' in text
        assert '<output name="total_params"' in text
        assert 'type="mpy"' in text


def test_no_shortcode_is_left_in_a_page(site):
    for path in html_files(site):
        with open(path, encoding="utf-8") as f:
            assert "<!-- calc" not in f.read(), os.path.relpath(path, site)


def test_runtime_only_on_widget_pages(site):
    for folder, _, names in os.walk(site):
        for name in names:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            loads_runtime = "assets/pyscript/core.js" in text or 'type="mpy"' in text
            has_widget = 'class="calc-widget"' in text or 'id="summary-app"' in text
            assert loads_runtime == has_widget, os.path.relpath(os.path.join(folder, name), site)


def test_hand_written_pages_show_calculators_from_the_shortcode(site):
    # docs/conventions.md: two Conv2D calculators, the second with strides=2,2 and padding=same.
    with open(os.path.join(site, "conventions", "index.html"), encoding="utf-8") as f:
        text = f.read()
    assert text.count('class="calc-widget"') == 2 and text.count('data-url="off"') == 2
    assert "calc:widget Conv2D" not in text  # the shortcode itself is gone
    # 3·3 kernel · 3 channels · 32 filters + 32 biases, for both: strides never change it.
    assert text.count('name="total_params" id="calc-conv2d-1-total_params" data-value="896"') == 1
    assert text.count('name="total_params" id="calc-conv2d-2-total_params" data-value="896"') == 1


def test_runtime_files_are_copied(site):
    for path in ("assets/pyscript/core.js", "assets/pyscript/micropython/micropython.wasm",
                 "assets/calc/widget.py", "assets/calc/widget.js", "assets/katex/katex.min.css"):
        assert os.path.exists(os.path.join(site, path)), path


def bundled_files(site, name):
    """The file names packed into a browser bundle (a zlib bytes literal in _unpack(...))."""
    with open(os.path.join(site, "assets", "calc", name), encoding="utf-8") as f:
        text = f.read()
    literal = text[text.index("\n_unpack(") + len("\n_unpack("):text.index(")\ndel _unpack")]
    return set(json.loads(zlib.decompress(ast.literal_eval(literal))))


def test_layer_pages_get_calc_without_the_model_readers(site):
    layer, summary = bundled_files(site, "widget.py"), bundled_files(site, "summary.py")
    assert {"calc/catalogue.py", "web/calcview.py", "calc/layers/convolution.py"} <= layer
    assert "calc/code_reader.py" not in layer and "web/summaryview.py" not in layer
    assert summary - layer == {"calc/code_reader.py", "calc/keras_file.py", "calc/model.py",
                               "calc/model_source.py", "calc/pyparse.py", "calc/pyeval.py",
                               "calc/pybuiltins.py", "calc/ops_shapes.py", "calc/keras_values.py",
                               "calc/keras_ops.py", "web/summaryview.py"}


def test_micropython_gets_a_stack_for_the_evaluator_and_a_heap_for_large_models(site):
    # PyScript loads MicroPython with its defaults (a 2,048-word stack, a 1 MB heap): the
    # site's copy has larger ones, and nothing else of the file changes.
    with open(os.path.join(site, "assets", "pyscript", "micropython", "micropython.mjs"), encoding="utf-8") as f:
        served = f.read()
    with open(os.path.join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript",
                           "micropython.mjs"), encoding="utf-8") as f:
        original = f.read()
    assert "{pystack:65536,heapsize:33554432," in served and "{pystack:2048,heapsize:1048576," in original
    assert served.replace("{pystack:65536,heapsize:33554432,", "{pystack:2048,heapsize:1048576,") == original
    with open(os.path.join(site, "summary", "index.html"), encoding="utf-8") as f:
        assert "assets/calc/summary.py" in f.read()
