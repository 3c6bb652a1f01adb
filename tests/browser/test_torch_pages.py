"""The PyTorch pages' calculators (pytorch/<lowercase class>/) in headless Chromium: they
answer as PyTorch counts, keep their state in the URL, report an error accessibly and
recover, copy a program that PyTorch runs to the same counts, grade practice answers, and
embed on a course page.

The expected counts are derived by hand in the comments (and the copied program is run in
real PyTorch), never read back from calc."""

import contextlib
import functools
import http.server
import io
import os
import shutil
import tempfile
import threading
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from calc.catalogue import TORCH_LAYERS
from tests.browser.conftest import QuietHandler

READY = 30000  # ms
CATALOGUED = set(e.name for e in TORCH_LAYERS)


def wait_state(page, state, frame=None):
    (frame or page).wait_for_selector('form.calc-widget[data-state="%s"]' % state, state="attached", timeout=READY)


def value(where, name):
    return where.locator('form.calc-widget output[name="%s"]' % name).get_attribute("data-value")


def wait_total(where, total):
    where.wait_for_function(
        "v => document.querySelector('form.calc-widget output[name=total_params]').dataset.value === v",
        arg=total, timeout=10000)


def run_in_pytorch(program):
    """The lines the program prints, run here in real PyTorch (a fresh namespace)."""
    pytest.importorskip("torch")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(program, "copied", "exec"), {})
    return out.getvalue().strip().split("\n")


def test_linear_page_answers_keeps_its_state_and_recovers(site_url, watch):
    page = watch.page
    page.goto(site_url + "pytorch/linear/")
    form = page.locator("form.calc-widget")
    assert form.get_attribute("data-layer") == "nn.Linear"
    assert page.locator('form.calc-widget [name="input_shape"]').count() == 0  # sizes are arguments
    wait_state(page, "ready")
    # The example, nn.Linear(128, 128): a 128×128 weight and 128 biases; no buffers.
    assert value(page, "total_params") == str(128 * 128 + 128)
    assert value(page, "buffers") == "0"

    page.fill('form.calc-widget [name="in_features"]', "784")
    page.fill('form.calc-widget [name="out_features"]', "10")
    wait_total(page, str(784 * 10 + 10))  # 7,850
    assert value(page, "trainable_params") == "7850" and value(page, "non_trainable_params") == "0"
    assert form.get_attribute("data-state") == "ready"
    query = parse_qs(urlparse(page.url).query)
    assert query["in_features"] == ["784"] and query["out_features"] == ["10"]
    assert "input_shape" not in query

    # An error: the alert says why, the field is marked, what was typed is kept; then recovery.
    field = page.locator('form.calc-widget [name="in_features"]')
    field.fill("0")
    wait_state(page, "error")
    alert = page.locator('form.calc-widget [role="alert"]')
    assert alert.is_visible() and "in_features" in alert.text_content() and "0" in alert.text_content()
    assert field.get_attribute("aria-invalid") == "true" and field.input_value() == "0"
    field.fill("784")
    wait_state(page, "ready")
    assert not alert.is_visible() and field.get_attribute("aria-invalid") is None
    assert value(page, "total_params") == "7850"

    # Without the bias: 784·10. The permalink restores it in a fresh load.
    page.locator('form.calc-widget [name="bias"]').set_checked(False)
    wait_total(page, str(784 * 10))
    permalink = page.url
    assert parse_qs(urlparse(permalink).query)["bias"] == ["false"]
    page.goto(permalink)
    wait_state(page, "ready")
    assert value(page, "total_params") == "7840"
    assert page.locator('form.calc-widget [name="in_features"]').input_value() == "784"
    assert not page.locator('form.calc-widget [name="bias"]').is_checked()
    assert watch.errors == [] and watch.outside == []


def test_copy_pytorch_code_runs_to_the_same_counts(site_url, watch):
    page = watch.page
    watch.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.split("/sub/")[0])
    page.goto(site_url + "pytorch/bilinear/?in1_features=5&in2_features=6&out_features=7")
    wait_state(page, "ready")
    # A 7×5×6 weight and 7 biases.
    assert value(page, "total_params") == str(7 * 5 * 6 + 7)
    page.get_by_role("button", name="Copy PyTorch code").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('PyTorch')")
    program = page.evaluate("navigator.clipboard.readText()")
    assert "nn.Bilinear(in1_features=5, in2_features=6, out_features=7)" in program
    assert run_in_pytorch(program) == ["total: 217", "trainable: 217", "non-trainable: 0", "buffers: 0"]
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('link')")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(site_url + "pytorch/bilinear/?") and "in1_features=5" in link
    page.get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('embed')")
    assert page.evaluate("navigator.clipboard.readText()").startswith('<iframe src="%sembed/nn.bilinear/?' % site_url)
    assert watch.errors == [] and watch.outside == []


def test_practice_mode_grades_a_pytorch_count(site_url, watch):
    page = watch.page
    page.goto(site_url + "pytorch/linear/?in_features=20&out_features=30&practice=1")
    wait_state(page, "ready")
    assert not page.locator(".calc-results").is_visible()
    answer = page.get_by_label("Your count")
    feedback = page.locator(".calc-feedback")
    answer.fill(str(20 * 30))  # the weight alone: the 30 biases forgotten
    page.get_by_role("button", name="Check").click()
    expect(feedback).to_have_attribute("data-result", "wrong")
    assert feedback.get_attribute("data-term") == "bias"
    answer.fill(str(20 * 30 + 30))
    page.get_by_role("button", name="Check").click()
    expect(feedback).to_have_attribute("data-result", "right")
    page.get_by_role("button", name="New example").click()
    expect(feedback).to_have_attribute("data-result", "new")
    assert "seed=" in page.url
    assert watch.errors == [] and watch.outside == []


@pytest.mark.skipif("nn.LSTM" not in CATALOGUED, reason="nn.LSTM is not catalogued yet")
def test_lstm_two_bidirectional_layers(site_url, watch):
    page = watch.page
    page.goto(site_url + "pytorch/lstm/?input_size=32&hidden_size=64&num_layers=2&bidirectional=true")
    wait_state(page, "ready")
    # Per layer and direction, 4 gates of weight_ih (64, C_in), weight_hh (64, 64), two biases
    # of 64: layer 0 has C_in = 32, layer 1 reads both directions, C_in = 128.
    layer0 = 4 * (64 * 32 + 64 * 64 + 2 * 64)
    layer1 = 4 * (64 * 128 + 64 * 64 + 2 * 64)
    wait_total(page, str(2 * (layer0 + layer1)))  # 149,504
    assert page.locator('form.calc-widget output[name="total_params"]').text_content() == "149,504"
    assert value(page, "buffers") == "0"
    assert watch.errors == [] and watch.outside == []


@pytest.mark.skipif("nn.BatchNorm2d" not in CATALOGUED, reason="nn.BatchNorm2d is not catalogued yet")
def test_batchnorm2d_counts_its_buffers_apart(site_url, watch):
    page = watch.page
    page.goto(site_url + "pytorch/batchnorm2d/?num_features=64")
    wait_state(page, "ready")
    # weight and bias of 64 are parameters; running_mean, running_var (64 each) and
    # num_batches_tracked (one int64) are buffers.
    wait_total(page, "128")
    assert value(page, "buffers") == str(64 + 64 + 1)
    buffers = page.locator("form.calc-widget table.calc-buffers")
    assert buffers.is_visible()
    assert "num_batches_tracked" in buffers.text_content() and "int64" in buffers.text_content()
    assert "running_mean" not in page.locator("form.calc-widget table.calc-weights").text_content()
    assert watch.errors == [] and watch.outside == []


# A course page on another origin: an iframe pasted as HTML, and a calculator embed.js writes.
COURSE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,"></head>
<body><h1>PyTorch week</h1>
<iframe id="pasted" title="nn.Linear parameter calculator" style="width:100%%;height:150px;border:0"
  src="%(site)sembed/nn.linear/?in_features=784&out_features=10"></iframe>
<div id="written" data-param-calc="nn.bilinear?in1_features=2&in2_features=3&out_features=4"></div>
<div id="wrong" data-param-calc="nn.nosuchlayer"></div>
<script src="%(site)sembed.js"></script>
</body></html>
"""


@pytest.fixture(scope="module")
def course_url(site_url):
    folder = tempfile.mkdtemp(prefix="torch-course-")
    with open(os.path.join(folder, "course.html"), "w", encoding="utf-8") as f:
        f.write(COURSE % {"site": site_url})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/course.html" % server.server_address[1]
    server.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


def test_a_course_page_embeds_torch_calculators(course_url, site_url, watch):
    page = watch.page
    page.goto(course_url)
    frame = page.wait_for_selector("#pasted", state="attached").content_frame()
    wait_state(page, "ready", frame)
    assert value(frame, "total_params") == str(784 * 10 + 10)
    written = page.wait_for_selector("#written iframe", state="attached")
    assert written.get_attribute("src").startswith(site_url + "embed/nn.bilinear/?")
    inner = written.content_frame()
    wait_state(page, "ready", inner)
    assert value(inner, "total_params") == str(4 * 2 * 3 + 4)
    # The embed links to the full page, pytorch/bilinear/.
    assert inner.locator(".calc-embed-credit a").get_attribute("href").endswith("pytorch/bilinear/")
    wrong = page.locator('#wrong [role="alert"]')
    expect(wrong).to_contain_text("nn.nosuchlayer")
    assert watch.outside == []
