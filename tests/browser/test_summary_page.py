"""The Model summary page in Chromium: pasted code, a picked and a dropped .keras file and the
three examples give the counts REAL Keras gives for the same models; the text survives a
reload and travels in a link; rows link to layer pages and open to their formula; user text
never becomes HTML; a bad paste shows an alert and keeps the text."""

import base64
import importlib.util
import json
import subprocess
import sys

import pytest

READY = 30000  # ms
SUMMARY = 'section#summary-app'

SNIPPET = """import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, activation="relu", name="conv_a")(inputs)
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D()(x)
y = layers.Conv2D(16, 3, padding="same")(x)
x = layers.add([x, y])
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""

XSS = '<img src=x onerror=alert(1)>'
XSS_SNIPPET = """import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, name="%s")])
""" % XSS


def keras_counts(model):
    import keras

    trainable = sum(int(keras.ops.size(w)) for w in model.trainable_weights)
    return model.count_params(), trainable


def build(code):
    """What Keras builds from the same code (our own test snippets, run by Keras here)."""
    namespace = {}
    exec(compile(code.replace("model.summary()", ""), "<snippet>", "exec"), namespace)
    return namespace["model"]


@pytest.fixture(scope="module")
def keras_file(tmp_path_factory):
    """A real .keras archive saved by Keras, with Keras's counts."""
    pytest.importorskip("keras")
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(),
                              layers.Dense(128), layers.Dense(10)], name="saved")
    model.layers[0].trainable = False
    path = str(tmp_path_factory.mktemp("keras") / "saved.keras")
    model.save(path)
    return path, keras_counts(model)


def open_page(watch, site_url):
    page = watch.page
    page.on("dialog", lambda d: watch.errors.append("dialog: %s" % d.message) or d.dismiss())
    page.goto(site_url + "summary/")
    page.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
    return page


def wait_totals(page, total, trainable, source=None):
    """Until the page shows these counts (from `source`, if given) and is ready."""
    page.wait_for_function(
        "([t, tr, source]) => { const app = document.getElementById('summary-app');"
        " const q = n => app.querySelector('output[name=' + n + ']').dataset.value;"
        " return app.dataset.state === 'ready' && q('total_params') === t && q('trainable_params') === tr"
        " && (source === null || document.getElementById('summary-source-name').textContent === source); }",
        arg=[str(total), str(trainable), source], timeout=10000)


def test_pasted_code_reload_link_and_rows(site_url, watch, browser):
    pytest.importorskip("keras")
    model = build(SNIPPET)
    total, trainable = keras_counts(model)
    page = open_page(watch, site_url)
    editor = page.locator("#summary-editor")
    editor.fill(SNIPPET)
    wait_totals(page, total, trainable)
    assert page.locator("#summary-non-trainable").get_attribute("data-value") == str(total - trainable)

    # One row per layer of model.layers (a functional model lists its InputLayer), each with
    # the layer's count in Keras.
    rows = page.locator("table.summary-layers > tbody > tr:not(.summary-detail)")
    keras_rows = model.layers
    assert rows.count() == len(keras_rows)
    for i, layer in enumerate(keras_rows):
        cells = rows.nth(i).locator("th, td")
        assert cells.nth(0).text_content().strip() == layer.name
        assert cells.nth(3).text_content() == "{:,}".format(layer.count_params())

    # A row opens to its formula; its last step is Keras's count for that layer.
    conv = page.locator("button.summary-expand", has_text="conv_a")
    assert conv.get_attribute("aria-expanded") == "false"
    conv.click()
    assert conv.get_attribute("aria-expanded") == "true"
    detail = page.locator("#" + conv.get_attribute("aria-controls"))
    assert detail.is_visible()
    steps = detail.locator("ol.calc-steps li")
    assert steps.last.text_content() == "= {:,}".format(model.get_layer("conv_a").count_params())

    # Reload keeps the text (localStorage).
    page.reload()
    page.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
    assert editor.input_value() == SNIPPET
    wait_totals(page, total, trainable)

    # "Copy link" puts the text in the fragment; a fresh browser context restores it.
    page.click("#summary-copy-link")
    page.wait_for_function("() => location.hash.startsWith('#code=')", timeout=5000)
    link = page.url
    assert SNIPPET[:20] not in link  # compressed, not plain
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(link)
        fresh.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
        assert fresh.locator("#summary-editor").input_value() == SNIPPET
        wait_totals(fresh, total, trainable)
    finally:
        other.close()

    # The class links to the layer's page.
    page.locator("table.summary-layers a", has_text="Conv2D").first.click()
    page.wait_for_url("**/layers/conv2d/")
    assert watch.errors == []
    assert watch.outside == []


def test_keras_file_picked_and_dropped(site_url, watch, keras_file):
    path, (total, trainable) = keras_file
    page = open_page(watch, site_url)
    page.set_input_files("#summary-file", path)
    wait_totals(page, total, trainable, "saved.keras")

    page.locator("#summary-editor").fill("x")  # show something else, then drop the file
    page.wait_for_selector(SUMMARY + '[data-state="error"]', state="attached", timeout=5000)
    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    page.evaluate("""data => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "dropped.keras"));
        const zone = document.getElementById("summary-drop");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", data)
    wait_totals(page, total, trainable, "dropped.keras")
    assert page.locator("#summary-editor").input_value() == "x"  # a .keras file leaves the editor alone
    assert watch.errors == []
    assert watch.outside == []


@pytest.mark.parametrize("example", ["mnist", "transformer", "frozen"])
def test_examples_match_keras(example, site_url, watch):
    pytest.importorskip("keras")
    page = open_page(watch, site_url)
    page.click('button[data-example="%s"]' % example)
    code = page.locator("#summary-editor").input_value()
    total, trainable = keras_counts(build(code))
    wait_totals(page, total, trainable)
    assert watch.errors == []


def test_pytorch_example_matches_pytorch(site_url, watch):
    """The PyTorch example (the CIFAR-10 tutorial's Net) against the module PyTorch builds
    from the same text, in a child process as test_pasted_torchvision_print explains."""
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    page = open_page(watch, site_url)
    page.click('button[data-example="pytorch"]')
    code = page.locator("#summary-editor").input_value()
    script = ("import json, sys\nspace = {}\nexec(sys.stdin.read(), space)\nnet = space['net']\n"
              "print(json.dumps([sum(p.numel() for p in net.parameters()),"
              " sum(b.numel() for b in net.buffers())]))\n")
    out = subprocess.run([sys.executable, "-c", script], input=code, capture_output=True, text=True, check=True)
    total, buffers = json.loads(out.stdout)
    wait_totals(page, total, total)
    assert page.locator("#summary-buffers").get_attribute("data-value") == str(buffers)
    assert watch.errors == []


def test_user_text_is_never_html_and_errors_keep_the_text(site_url, watch):
    page = open_page(watch, site_url)
    editor = page.locator("#summary-editor")
    editor.fill(XSS_SNIPPET)
    wait_totals(page, 4 * 3 + 3, 4 * 3 + 3)  # Dense(3) on 4 features
    assert page.locator("table.summary-layers button.summary-expand").first.text_content() == XSS
    assert page.locator("#summary-app img").count() == 0

    bad = "model = keras.Sequential([layers.Dense(4,]"
    editor.fill(bad)
    page.wait_for_selector(SUMMARY + '[data-state="error"]', state="attached", timeout=5000)
    alert = page.locator("#summary-alert")
    assert alert.is_visible() and "line 1" in alert.text_content()
    assert editor.get_attribute("aria-invalid") == "true"
    assert editor.input_value() == bad
    assert watch.errors == []
    assert watch.outside == []


def test_no_axe_violations(site_url, watch):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(watch, site_url)
    page.click('button[data-example="transformer"]')
    page.wait_for_selector("#summary-results:not([hidden])", timeout=5000)
    page.locator("button.summary-expand").first.click()
    results = Axe().run(page)
    assert results.response["violations"] == [], results.generate_report()


def test_embedded_summary(site_url, watch):
    """embed/summary/: the app alone (no header or navigation), counting like Keras, with
    class links that still reach the layer pages from two folders down."""
    pytest.importorskip("keras")
    model = build(SNIPPET)
    total, trainable = keras_counts(model)
    page = watch.page
    page.goto(site_url + "embed/summary/")
    page.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
    assert page.locator("header.md-header").count() == 0 and page.locator("nav.md-nav").count() == 0
    page.locator("#summary-editor").fill(SNIPPET)
    wait_totals(page, total, trainable)
    href = page.locator("table.summary-layers a", has_text="Conv2D").first.get_attribute("href")
    assert href == site_url + "layers/conv2d/", href
    assert watch.errors == [] and watch.outside == []


CUSTOM_SNIPPET = '''import os
os.environ["KERAS_BACKEND"] = "tensorflow"
import keras
from keras import layers, ops


class Scale(layers.Layer):
    def __init__(self, hidden, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(hidden)

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gamma")

    def call(self, x):
        return ops.mean(self.proj(x * self.gamma), axis=1)


def block(x, units):
    for i in range(2):
        x = layers.Dense(units, activation="relu", name=f"dense_{units}_{i}")(x)
    return x


inputs = keras.Input(shape=(10, 6))
x = block(inputs, 16)
x = Scale(8)(x)
model = keras.Model(inputs, layers.Dense(3)(x))
model.summary()
'''


def test_pasted_code_with_functions_loops_and_a_custom_layer(site_url, watch):
    pytest.importorskip("keras")
    total, trainable = keras_counts(build(CUSTOM_SNIPPET))
    page = open_page(watch, site_url)
    page.locator("#summary-editor").fill(CUSTOM_SNIPPET)
    wait_totals(page, total, trainable)
    assert page.locator("#summary-partial").is_hidden()
    notes = page.locator("#summary-notes")
    assert notes.is_visible()
    assert "line 2: skipped: setting an item of os.environ" in notes.text_content()
    # The custom layer is one row that opens to its sub-layer and its own weight.
    rows = page.locator("table.summary-layers > tbody > tr:not(.summary-detail)")
    assert "Scale" in rows.nth(3).text_content()
    assert watch.errors == []


def test_prerendered_example_is_what_the_live_page_renders(site_url, browser):
    """tools/sitegen/summary_page.py writes the MNIST example's results at build time in the
    markup web/summary.js's render() writes: two renderers of one view (the live page keeps
    the build's, so its render() must give the same). The page without Python (its worker
    blocked) and the page after Python summarized another model, then the MNIST example
    (render() writing every row), must show the same results."""
    def results_text(block_python):
        context = browser.new_context()
        try:
            if block_python:
                context.route("**/assets/calc/worker.js", lambda route: route.abort())
            page = context.new_page()
            page.goto(site_url + "summary/")
            if block_python:
                page.wait_for_load_state("load")
            else:
                page.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
                for step in (lambda: page.locator("#summary-editor").fill(XSS_SNIPPET.replace(XSS, "tiny")),
                             lambda: page.click('button[data-example="mnist"]')):
                    step()
                    page.wait_for_function("() => document.getElementById('summary-status').textContent"
                                           ".startsWith('Summarized the editor in')"
                                           " && !document.getElementById('summary-app').hasAttribute('aria-busy')",
                                           timeout=READY)
                    page.evaluate("() => { document.getElementById('summary-status').textContent = ''; }")
            page.locator("#summary-source-name").evaluate("e => { e.textContent = ''; }")
            return page.locator("#summary-results").inner_text(), page.locator(
                "#summary-results table.summary-layers > tbody > tr").count()
        finally:
            context.close()

    static, static_rows = results_text(block_python=True)
    live, live_rows = results_text(block_python=False)
    assert "Total" in static and static_rows > 0
    assert (static, static_rows) == (live, live_rows)


# Counts the page's calls of Python's summarize_text_json (the first function web/python.js
# hands summary.js), installed before the page's scripts.
COUNT_TEXT_CALLS = """(() => {
  window.__textCalls = 0;
  let register;
  Object.defineProperty(window, 'kerasSummaryRegister', {
    configurable: true,
    set(fn) { register = fn; },
    get() { return register && ((text, ...rest) =>
      register(request => (window.__textCalls += 1, text(request)), ...rest)); },
  });
})();"""


def test_the_builds_summary_stands_until_the_text_changes(site_url, watch):
    """The page opens on the MNIST example, which the build summarized: once Python runs, that
    answer is the summary (the page is ready without waiting for Python's own), Python's
    summary of it in the background changes nothing on show, and its rows open to their
    formula, whose last step is what Keras counts for the layer."""
    keras = pytest.importorskip("keras")
    page = watch.page
    page.add_init_script(COUNT_TEXT_CALLS)
    page.goto(site_url + "summary/")
    page.wait_for_selector(SUMMARY + '[data-state="ready"]', state="attached", timeout=READY)
    status = page.locator("#summary-status")
    built = "Summarized the editor when this site was built: 34,826"
    assert status.text_content().startswith(built)
    shown = page.locator("#summary-results").inner_text()
    # Python's summary of the same text, asked once in the background, leaves all as it was.
    page.wait_for_function("() => window.__textCalls === 1", timeout=10000)
    page.wait_for_timeout(500)
    assert status.text_content().startswith(built)
    assert page.locator("#summary-results").inner_text() == shown
    model = build(page.locator("#summary-editor").input_value())
    first = model.layers[0]  # the first row (Keras names it by its own counters: not compared)
    for index in (0, 1):
        button = page.locator("button.summary-expand").nth(index)
        button.click()
        page.locator("#" + button.get_attribute("aria-controls") +
                     " .summary-detail-box:not([aria-busy])").wait_for(timeout=10000)
    steps = page.locator("#" + page.locator("button.summary-expand").first.get_attribute("aria-controls") +
                         " ol.calc-steps li")
    assert steps.last.text_content() == "= {:,}".format(first.count_params())
    assert page.evaluate("window.__textCalls") == 1  # the rows' details asked for no other
    # Any edit is summarized by Python.
    page.locator("#summary-editor").press("End")
    page.locator("#summary-editor").type(" ")
    page.wait_for_function("() => document.getElementById('summary-status').textContent"
                           ".startsWith('Summarized the editor in')", timeout=10000)
    assert page.evaluate("window.__textCalls") == 2
    assert watch.errors == [] and keras


def test_pasted_torchvision_print(site_url, watch):
    """print(model) of torchvision's ResNet-18 (weights=None, on the meta device): the page's
    totals and buffers are torch's own counts. torch runs in a child process: imported
    beside TensorFlow (the Keras tests' oracle) in one process, it can crash."""
    if importlib.util.find_spec("torchvision") is None:
        pytest.skip("torchvision is not installed")
    script = (
        "import json, torch, torchvision\n"
        "with torch.device('meta'):\n"
        "    m = torchvision.models.resnet18(weights=None)\n"
        "p = dict(m.named_parameters())\n"
        "print(json.dumps([repr(m), sum(t.numel() for t in p.values()),"
        " sum(t.numel() for k, t in m.state_dict().items() if k not in p)]))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    text, total, buffers = json.loads(out.stdout)
    page = open_page(watch, site_url)
    page.locator("#summary-editor").fill(text)
    wait_totals(page, total, total)
    assert page.locator("#summary-buffers").get_attribute("data-value") == str(buffers)
    assert page.locator("#summary-buffers-item").is_visible()
    assert page.locator("#summary-partial").is_hidden()
    rows = page.locator("table.summary-layers > tbody > tr:not(.summary-detail)")
    assert rows.first.locator("th, td").nth(0).text_content().strip() == "conv1"
    assert watch.errors == []


APPLICATION_SNIPPET = '''import keras
from keras import layers

base = keras.applications.MobileNetV2(weights="imagenet", include_top=False, input_shape=(96, 96, 3))
base.trainable = False
inputs = keras.Input((96, 96, 3))
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
x = layers.GlobalAveragePooling2D()(base(x, training=False))
model = keras.Model(inputs, layers.Dense(5)(x))
'''


def test_keras_applications_in_code_fetch_their_bundle_once(site_url, watch):
    """keras.applications' code comes in its own bundle, fetched only for code that names it."""
    pytest.importorskip("keras")
    # Keras builds the same model with weights=None: no download, the same layers.
    total, trainable = keras_counts(build(APPLICATION_SNIPPET.replace('"imagenet"', "None")))
    fetched = []
    watch.page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("applications.bin") else None)
    page = open_page(watch, site_url)
    page.wait_for_timeout(500)
    assert fetched == []  # the page's start and its example never need it
    page.locator("#summary-editor").fill(APPLICATION_SNIPPET)
    wait_totals(page, total, trainable)
    page.locator("#summary-editor").fill(APPLICATION_SNIPPET.replace("MobileNetV2", "MobileNet")
                                         .replace("mobilenet_v2", "mobilenet"))
    page.wait_for_function("() => document.getElementById('summary-app').dataset.state === 'ready'"
                           " && document.querySelector('#summary-app output[name=total_params]')"
                           ".dataset.value !== '%d'" % total, timeout=10000)
    assert len(fetched) == 1, fetched
    assert watch.errors == [] and watch.outside == []
