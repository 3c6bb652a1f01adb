"""Embeds, share buttons, practice mode and offline use (issue #5), in headless Chromium.

The expected counts are derived by hand in the comments (and the Keras snippet is run with
real Keras), never read back from calc."""

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading

import pytest
from playwright.sync_api import expect

import calc
from tests.browser.conftest import QuietHandler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READY = 30000  # ms

# A course page on another origin (another port): two iframes pasted as HTML, one of them
# sandboxed, and one calculator written by embed.js.
COURSE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,"></head>
<body>
<h1>Week 3: counting parameters</h1>
<iframe id="conv" title="Conv2D parameter calculator" style="width:100%%;height:150px;border:0"
  sandbox="allow-scripts allow-same-origin"
  src="%(site)sembed/conv2d/?filters=64&kernel_size=3,3&input_shape=None,None,25"></iframe>
<iframe id="emb" title="Embedding parameter calculator" style="width:100%%;height:150px;border:0"
  sandbox="allow-scripts allow-same-origin"
  src="%(site)sembed/embedding/?input_dim=28&output_dim=25&theme=dark&fields=input_dim,output_dim&show=weights"></iframe>
<div id="dense" data-param-calc="dense?units=10&input_shape=30" data-height="150"></div>
<script src="%(site)sembed.js"></script>
</body></html>
"""


# A spec that is no layer name (here, markup) must be refused, and shown as text.
BAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title><link rel="icon" href="data:,"></head>
<body><div id="bad" data-param-calc="&lt;img src=x onerror=alert(1)&gt;"></div>
<script src="%(site)sembed.js"></script></body></html>
"""


@pytest.fixture(scope="module")
def course_url(site_url):
    folder = tempfile.mkdtemp(prefix="course-")
    with open(os.path.join(folder, "course.html"), "w", encoding="utf-8") as f:
        f.write(COURSE % {"site": site_url})
    with open(os.path.join(folder, "bad.html"), "w", encoding="utf-8") as f:
        f.write(BAD % {"site": site_url})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/course.html" % server.server_address[1]
    server.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


def frame_of(page, selector):
    handle = page.wait_for_selector(selector, state="attached")
    frame = handle.content_frame()
    assert frame is not None, selector
    return handle, frame


def total(frame):
    return frame.locator('output[name="total_params"]').get_attribute("data-value")


def wait_total(frame, value):
    frame.wait_for_function(
        "v => document.querySelector('output[name=total_params]').dataset.value === v", arg=value, timeout=10000)


def fits_content(page, handle, frame):
    """The iframe takes the height its page reports: its content's, whatever the start."""
    for _ in range(50):
        content = frame.evaluate("Math.ceil(document.querySelector('.calc-embed').getBoundingClientRect().bottom + 16)")
        if abs(handle.bounding_box()["height"] - content) <= 2:
            return
        page.wait_for_timeout(100)
    raise AssertionError("iframe %s px high, its content %s px" % (handle.bounding_box()["height"], content))


def test_course_page_embeds_three_calculators(course_url, site_url, watch):
    page = watch.page
    page.goto(course_url)
    assert site_url.split("/")[2] != course_url.split("/")[2]  # really another origin
    # Conv2D(64, 3x3) on 25 channels: 3·3·25·64 + 64 = 14,464.
    # Embedding(28, 25): 28·25 = 700. Dense(10) on 30 features: 30·10 + 10 = 310.
    cases = [("#conv", "14464", "filters", "32", str(3 * 3 * 25 * 32 + 32)),
             ("#emb", "700", "output_dim", "4", str(28 * 4)),
             ("#dense iframe", "310", "units", "3", str(30 * 3 + 3))]
    for selector, want, field, typed, after in cases:
        handle, frame = frame_of(page, selector)
        frame.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        assert total(frame) == want, selector
        # The iframe was resized to the height its page reported (its content's height).
        fits_content(page, handle, frame)
        assert handle.bounding_box()["height"] != 150
        frame.locator('[name="%s"]' % field).fill(typed)
        wait_total(frame, after)
        fits_content(page, handle, frame)
    # fields= shows only the named fields; show= keeps the weights and hides the steps; theme=dark.
    _, emb = frame_of(page, "#emb")
    assert emb.locator('[name="input_dim"]').is_visible()
    assert not emb.locator('[name="input_shape"]').is_visible()
    assert not emb.locator(".calc-steps").is_visible()
    assert emb.locator(".calc-weights").is_visible()
    assert emb.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # No header, navigation or search in an embed.
    assert emb.locator(".md-header, .md-sidebar, .md-search").count() == 0
    assert watch.errors == [] and watch.outside == []


def test_embed_js_refuses_a_bad_spec(course_url, watch):
    page = watch.page
    page.goto(course_url.replace("course.html", "bad.html"))
    alert = page.wait_for_selector("#bad [role=alert]", timeout=READY)
    assert "data-param-calc" in alert.text_content() and "<img" in alert.text_content()
    assert page.locator("#bad img").count() == 0  # shown as text, never parsed
    assert watch.errors == []


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_buttons(site_url, watch):
    page = watch.page
    watch.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.split("/sub/")[0])
    page.goto(site_url + "layers/batchnormalization/?input_shape=12")
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    status = page.locator(".calc-share-status")

    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('link')")
    link = clipboard(page)
    assert link.startswith(site_url + "layers/batchnormalization/?") and "input_shape=12" in link

    page.get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('embed code')")
    code = clipboard(page)
    assert code.startswith('<iframe src="%sembed/batchnormalization/?' % site_url)
    assert "input_shape=12" in code and 'title="BatchNormalization parameter calculator"' in code
    assert 'height="' in code and 'width="100%"' in code

    page.get_by_role("button", name="Copy Keras code").click()
    page.wait_for_function("() => document.querySelector('.calc-share-status').textContent.includes('Keras')")
    assert "Copied" in status.text_content()
    program = clipboard(page)
    # Real Keras says: 4 vectors of 12 (gamma, beta trainable; moving mean, variance not).
    done = subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), "-c", program], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[-4:-1] == ["total: 48", "trainable: 24", "non-trainable: 24"], done.stdout
    # The link restores the state in a new page.
    page.goto(link)
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    assert page.locator('output[name="total_params"]').get_attribute("data-value") == "48"
    assert watch.errors == [] and watch.outside == []


def test_practice_mode(site_url, watch):
    page = watch.page
    page.goto(site_url + "layers/conv2d/?filters=64&kernel_size=3,3&input_shape=None,None,25&practice=1")
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    assert not page.locator(".calc-results").is_visible()  # the answer is hidden
    answer = page.get_by_label("Your count")
    feedback = page.locator(".calc-feedback")
    # 14,400 is the kernel alone: 3·3·25·64, the bias (64) forgotten.
    # (Python answers in a web worker: each answer is awaited.)
    answer.fill("14400")
    page.get_by_role("button", name="Check").click()
    expect(feedback).to_have_attribute("data-result", "wrong")
    assert feedback.get_attribute("data-term") == "bias" and "bias" in feedback.text_content()
    assert not page.locator(".calc-results").is_visible()
    # 3·3·64·64 + 64: output channels where the input channels belong.
    answer.fill(str(3 * 3 * 64 * 64 + 64))
    answer.press("Enter")
    expect(feedback).to_have_attribute("data-term", "kernel")
    assert "C_in" in feedback.text_content() and "filters" in feedback.text_content()
    answer.fill("14,464")
    page.get_by_role("button", name="Check").click()
    expect(feedback).to_have_attribute("data-result", "right")
    assert page.locator(".calc-results").is_visible()
    # A new example is drawn from a seed that the URL keeps; the same seed gives the same fields.
    page.get_by_role("button", name="New example").click()
    expect(feedback).to_have_attribute("data-result", "new")
    assert "seed=" in page.url and "practice=1" in page.url
    assert not page.locator(".calc-results").is_visible()
    drawn = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('form.calc-widget [name]')]"
                          ".filter(e => e.tagName !== 'OUTPUT').map(e => [e.name, e.type === 'checkbox' ? String(e.checked) : e.value]))")
    url = page.url
    page.goto(url)
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    again = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('form.calc-widget [name]')]"
                          ".filter(e => e.tagName !== 'OUTPUT').map(e => [e.name, e.type === 'checkbox' ? String(e.checked) : e.value]))")
    assert again == drawn
    # Its own answer grades right.
    page.get_by_role("button", name="Show the answer").click()
    right = page.locator('output[name="total_params"]').get_attribute("data-value")
    answer.fill(right)
    page.get_by_role("button", name="Check").click()
    expect(feedback).to_have_attribute("data-result", "right")
    # The toggle leaves practice mode.
    page.get_by_label("Practice mode (hide the answer)").uncheck()
    assert "practice=1" not in page.url and page.locator(".calc-results").is_visible()
    assert watch.errors == [] and watch.outside == []


def test_offline_after_one_visit(site_url, browser):
    context = browser.new_context()
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(site_url + "layers/dense/")
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        # Wait until the service worker controls the site and has stored the page.
        page.wait_for_function("""async (url) => {
            if (!navigator.serviceWorker.controller) return false;
            for (const name of await caches.keys()) {
                if (await (await caches.open(name)).match(url)) return true;
            }
            return false; }""", arg=site_url + "layers/dense/", timeout=READY, polling=250)
        # A second visit while online, as a reader's next page would be: the worker now
        # answers navigations (without it Chromium sometimes fails the offline one outright).
        page.reload()
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        context.set_offline(True)
        # Dense(3) on 4 features: 4·3 + 3 = 15.
        page.goto(site_url + "layers/dense/?units=3&input_shape=4")
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        assert page.locator('output[name="total_params"]').get_attribute("data-value") == "15"
        assert page.locator(".calc-offline-note").is_visible()
        page.locator('form.calc-widget [name="units"]').fill("5")  # 4·5 + 5 = 25
        page.wait_for_function("() => document.querySelector('output[name=total_params]').dataset.value === '25'")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path", [
    "embed/conv2d/?filters=64&kernel_size=3,3&input_shape=None,None,25",
    "layers/dense/?practice=1",
    "teachers/",
])
def test_no_axe_violations(path, site_url, watch):
    from axe_playwright_python.sync_playwright import Axe
    page = watch.page
    page.goto(site_url + path)
    if "practice" in path:  # with the feedback of a wrong answer showing
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        page.get_by_label("Your count").fill("1")
        page.get_by_role("button", name="Check").click()
        expect(page.locator(".calc-feedback")).to_have_attribute("data-result", "wrong")
    elif path.startswith("embed"):
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    else:  # every live example on the page (lazy iframes: scrolled to) reaches ready
        page.wait_for_selector("[data-param-calc] iframe", state="attached")
        frames = page.locator("iframe")
        assert frames.count() == 4  # three pasted iframes and one made by embed.js
        for i in range(frames.count()):
            frames.nth(i).scroll_into_view_if_needed()
            frame = frames.nth(i).element_handle().content_frame()
            frame.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    results = Axe().run(page)
    assert results.response["violations"] == [], results.generate_report()
    assert watch.errors == [] and watch.outside == []


def test_print_shows_the_current_state_as_text(site_url, watch):
    page = watch.page
    page.goto(site_url + "layers/dense/?units=3&input_shape=4")
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    page.emulate_media(media="print")
    assert not page.locator(".calc-share").is_visible()
    assert page.locator('output[name="total_params"]').is_visible()
    assert page.locator('output[name="total_params"]').text_content() == "15"  # 4·3 + 3
    units = page.locator('form.calc-widget [name="units"]')
    assert units.is_visible() and units.input_value() == "3"
    assert units.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"  # printed as text
    pdf = page.pdf()  # Chromium's print path renders without error
    assert pdf[:4] == b"%PDF"


def test_every_layer_has_an_embed_page_and_the_worker_precaches_the_runtime(built_site):
    import json
    import re
    for entry in calc.LAYERS:
        with open(os.path.join(built_site, "embed", entry.name.lower(), "index.html"), encoding="utf-8") as f:
            text = f.read()
        assert 'data-layer="%s"' % entry.name in text and 'class="calc-share"' in text
        # Indexable (Lighthouse SEO); with SITE_URL its canonical URL is the full page (test_site_build).
        assert 'class="md-header' not in text and 'name="robots"' not in text
    with open(os.path.join(built_site, "search", "search_index.json"), encoding="utf-8") as f:
        assert not [d["location"] for d in json.load(f)["docs"] if d["location"].startswith("embed/")]
    assert os.path.exists(os.path.join(built_site, "embed.js"))
    with open(os.path.join(built_site, "sw.js"), encoding="utf-8") as f:
        worker = f.read()
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', worker)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker, re.S).group(1))
    for path in ("assets/calc/python.js", "assets/calc/worker.js", "assets/runtime/micropython/micropython.mjs",
                 "assets/runtime/micropython/micropython.wasm", "assets/calc/widget.bin", "assets/calc/summary.bin",
                 "assets/calc/widget.js", "assets/calc/widget.css"):
        assert path in precache, path
    assert all(os.path.isfile(os.path.join(built_site, p)) for p in precache)
