"""Hostile input in the browser (issue #6): the bad-input catalogue of
tests/test_hostile_inputs.py typed into widget fields and passed as URL parameters; XSS
strings stay text and never run; the Content-Security-Policy is active and the pages work
under it; two widgets on one page fail independently.

Every test also fails on console errors and on requests leaving 127.0.0.1 (conftest).
"""

import os
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from web import calcview
from calc.catalogue import find
from tests.test_hostile_inputs import CATALOGUE
from tools.sitegen import csp

READY = 30000  # ms, as in test_layer_pages.py
XSS = "<img src=x onerror=alert(1)>"

# Watches for CSP violations and dialogs from the first script on: a violation anywhere
# (even one the page survives) fails the test.
WATCH_SCRIPT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""

# A checkbox holds only true/false: 'maybe' cannot be typed into use_bias; from a URL it is
# test_url_checkbox_word_is_explained. Every other case is a text field.
TEXT_CASES = [c for c in CATALOGUE if c.arg != "use_bias"]


def form_of(page, layer):
    return page.locator('form.calc-widget[data-layer="%s"]' % layer)


def wait_state(page, layer, state):
    """The widget in that state with its latest answer in (Python answers in a web worker:
    aria-busy is on the form until the answer to the last edit is written)."""
    page.wait_for_selector('form.calc-widget[data-layer="%s"][data-state="%s"]:not([aria-busy])' % (layer, state),
                           state="attached", timeout=READY)


def check_refusal(form, case, typed):
    """The alert names the argument, the field is marked and keeps exactly what was typed."""
    alert = form.locator('[role="alert"]')
    assert alert.is_visible(), case.id
    text = alert.text_content()
    assert case.arg in text, (case.id, text[:200])
    field = form.locator('[name="%s"]' % case.arg)
    assert field.get_attribute("aria-invalid") == "true", case.id
    assert field.input_value() == typed, case.id


def open_page(watch, url):
    page = watch.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH_SCRIPT)
    page.goto(url)
    return page, dialogs


def open_details(page):
    """Open every widget's "arguments that never change the count" section, as a student
    does before typing there (Playwright types only into visible fields)."""
    page.evaluate("document.querySelectorAll('form.calc-widget details').forEach(d => { d.open = true; })")


def no_violations(page):
    assert page.evaluate("window.__violations") == []


@pytest.mark.parametrize("layer", ["Dense", "Conv2D"])
def test_typed_bad_inputs_alert_and_recover(layer, site_url, watch):
    """One page load per layer, every catalogue case typed in turn."""
    page, dialogs = open_page(watch, site_url + "layers/%s/" % layer.lower())
    wait_state(page, layer, "ready")
    open_details(page)
    form = form_of(page, layer)
    defaults = calcview.default_fields(find(layer))
    cases = [c for c in TEXT_CASES if c.layer == layer]
    assert cases
    for case in cases:
        for name, value in case.base.items():  # the context (groups=3...), then the bad value
            form.locator('[name="%s"]' % name).fill(value)
        field = form.locator('[name="%s"]' % case.arg)
        field.fill(case.text)
        wait_state(page, layer, "error")
        check_refusal(form, case, case.text)
        # Recovery: the example values again give the example's answer.
        for name in set(case.base) | {case.arg}:
            form.locator('[name="%s"]' % name).fill(defaults[name])
        wait_state(page, layer, "ready")
        assert field.get_attribute("aria-invalid") is None
        assert not form.locator('[role="alert"]').is_visible()
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    no_violations(page)
    assert watch.errors == [] and watch.outside == []


def url_value(case):
    """Servers refuse request lines past 64 KB (Python's http.server included), so the
    1 MB case arrives as 20,000 characters: still twice the field's cap."""
    return "9" * 20000 if case.id == "one_megabyte" else case.text


def test_url_checkbox_word_is_explained(site_url, watch):
    """?use_bias=maybe is neither yes nor no: the widget says so, naming the argument and
    the value, instead of quietly reading it as false; a click on the box recovers."""
    page, dialogs = open_page(watch, site_url + "layers/dense/?units=4&use_bias=maybe&input_shape=3")
    wait_state(page, "Dense", "error")
    form = form_of(page, "Dense")
    text = form.locator('[role="alert"]').text_content()
    assert "use_bias" in text and "maybe" in text, text
    box = form.locator('[name="use_bias"]')
    assert box.get_attribute("aria-invalid") == "true"
    box.check()
    wait_state(page, "Dense", "ready")
    assert form.locator('output[name="total_params"]').get_attribute("data-value") == str(3 * 4 + 4)
    assert dialogs == [] and watch.errors == []


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.id)
def test_url_parameter_bad_inputs(case, site_url, browser):
    from tests.browser.conftest import PageWatch

    watch = PageWatch(browser)
    try:
        value = url_value(case)
        params = dict(case.base)
        params[case.arg] = value
        url = site_url + "layers/%s/?%s" % (case.layer.lower(), urlencode(params, quote_via=quote))
        page, dialogs = open_page(watch, url)
        wait_state(page, case.layer, "error")
        open_details(page)
        form = form_of(page, case.layer)
        check_refusal(form, case, value)
        # Typing the example values again recovers.
        defaults = calcview.default_fields(find(case.layer))
        for name in params:
            form.locator('[name="%s"]' % name).fill(defaults[name])
        wait_state(page, case.layer, "ready")
        assert dialogs == [] and page.locator('img[src="x"]').count() == 0
        no_violations(page)
        assert watch.errors == [] and watch.outside == []
    finally:
        watch.close()


def test_xss_in_url_and_fields_stays_text(site_url, watch):
    """Markup from the URL in a number field, a free-text field (name) and the shape: shown
    as text, never parsed, never run."""
    params = {"units": XSS, "name": XSS, "input_shape": XSS}
    page, dialogs = open_page(watch, site_url + "layers/dense/?" + urlencode(params, quote_via=quote))
    wait_state(page, "Dense", "error")
    form = form_of(page, "Dense")
    assert XSS in form.locator('[role="alert"]').text_content()
    assert form.locator('[name="name"]').input_value() == XSS
    form.locator('[name="units"]').fill("4")
    form.locator('[name="input_shape"]').fill("8")
    wait_state(page, "Dense", "ready")
    assert form.locator('output[name="total_params"]').get_attribute("data-value") == str(8 * 4 + 4)
    form.locator('[name="input_shape"]').fill("8;" + XSS)
    wait_state(page, "Dense", "error")
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("document.querySelectorAll('img[onerror]').length") == 0
    assert dialogs == []
    no_violations(page)
    assert watch.errors == [] and watch.outside == []


# Content-Security-Policy -------------------------------------------------------------------

@pytest.mark.parametrize("path, layer", [("", None), ("layers/dense/", "Dense"), ("layers/lstm/", "LSTM")])
def test_pages_work_under_the_policy(path, layer, site_url, watch):
    page, _ = open_page(watch, site_url + path)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'self'" in policy
    if layer:
        wait_state(page, layer, "ready")  # MicroPython compiled and ran under 'wasm-unsafe-eval'
        form = form_of(page, layer)
        form.locator('[name="units"]').fill("3")
        wait_state(page, layer, "ready")
    else:
        page.wait_for_load_state("networkidle")
    no_violations(page)
    assert watch.errors == [] and watch.outside == []
    # The policy is active: an injected inline script is refused (and reported).
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__injected = true"; document.head.appendChild(s); }""")
    page.wait_for_function("window.__violations.length > 0", timeout=5000)
    assert page.evaluate("window.__injected === undefined")
    assert page.evaluate("window.__violations[0]").startswith("script-src")
    watch.errors[:] = [e for e in watch.errors if "Content Security Policy" not in e]
    assert watch.errors == []


# Two widgets on one page -------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_widget_url(built_site, site_url):
    """Two widgets of different layers (the conventions page has two Conv2D ones), made from
    the build's own output: the Dense page with the Conv2D page's pre-rendered widget added
    after its own, and its policy recomputed for the new content. widget.js binds every
    form on a page, so this is the same code path as any page with two widgets."""
    with open(os.path.join(built_site, "layers", "dense", "index.html"), encoding="utf-8") as f:
        dense = f.read()
    with open(os.path.join(built_site, "layers", "conv2d", "index.html"), encoding="utf-8") as f:
        conv = f.read()
    start = conv.index('<form class="calc-widget"')
    conv_form = conv[start:conv.index("</form>", start) + len("</form>")]
    end = dense.index("</form>", dense.index('<form class="calc-widget"')) + len("</form>")
    page = dense[:end] + conv_form + dense[end:]
    head_end = page.index(">", page.index('http-equiv="Content-Security-Policy"')) + 1
    page = page[:page.index("<meta http-equiv")] + page[head_end:]
    path = os.path.join(built_site, "layers", "dense", "two-widgets.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(csp.add_policy(page))
    yield site_url + "layers/dense/two-widgets.html"
    os.remove(path)


def test_one_widget_in_error_never_stops_the_other(two_widget_url, watch):
    page, _ = open_page(watch, two_widget_url)
    wait_state(page, "Dense", "ready")
    wait_state(page, "Conv2D", "ready")
    dense, conv = form_of(page, "Dense"), form_of(page, "Conv2D")
    dense.locator('[name="units"]').fill("abc")
    wait_state(page, "Dense", "error")
    conv.locator('[name="filters"]').fill("5")
    conv.locator('[name="kernel_size"]').fill("3")
    conv.locator('[name="input_shape"]').fill("28,28,3")
    wait_state(page, "Conv2D", "ready")
    assert conv.locator('output[name="total_params"]').get_attribute("data-value") == str(3 * 3 * 3 * 5 + 5)
    assert dense.get_attribute("data-state") == "error"
    assert dense.locator('[name="units"]').input_value() == "abc"
    assert not conv.locator('[role="alert"]').is_visible()
    # And the other way round: the Conv2D widget in error, Dense recovers and counts.
    conv.locator('[name="kernel_size"]').fill("3,3,3")
    wait_state(page, "Conv2D", "error")
    dense.locator('[name="units"]').fill("4")
    dense.locator('[name="input_shape"]').fill("8")
    wait_state(page, "Dense", "ready")
    assert dense.locator('output[name="total_params"]').get_attribute("data-value") == str(8 * 4 + 4)
    assert conv.get_attribute("data-state") == "error"
    no_violations(page)
    assert watch.errors == [] and watch.outside == []


def test_conventions_page_widgets_fail_independently(site_url, watch):
    """The hand-written page with two Conv2D widgets: the first in error, the second still
    counts; then the other way round."""
    page, _ = open_page(watch, site_url + "conventions/")
    forms = page.locator("form.calc-widget")
    assert forms.count() == 2
    page.wait_for_function("document.querySelectorAll('form.calc-widget[data-state=ready]').length === 2",
                           timeout=READY)
    first, second = forms.nth(0), forms.nth(1)
    # Python answers in a web worker: each answer is awaited (in the order the edits were made).
    first.locator('[name="filters"]').fill("abc")
    second.locator('[name="filters"]').fill("5")
    expect(first).to_have_attribute("data-state", "error", timeout=READY)
    assert first.locator('[name="filters"]').input_value() == "abc"
    # kernel 3x3 on 3 channels, 5 filters: 3*3*3*5 weights + 5 biases, whatever the strides.
    expect(second.locator('output[name="total_params"]')).to_have_attribute("data-value", str(3 * 3 * 3 * 5 + 5))
    assert second.get_attribute("data-state") == "ready"
    second.locator('[name="kernel_size"]').fill("3,3,3")
    first.locator('[name="filters"]').fill("4")
    expect(second).to_have_attribute("data-state", "error")
    expect(first.locator('output[name="total_params"]')).to_have_attribute("data-value", str(3 * 3 * 3 * 4 + 4))
    assert first.get_attribute("data-state") == "ready"
    no_violations(page)
    assert watch.errors == [] and watch.outside == []
