"""The picture of the weights (#14): every layer page whose example has weights shows one in
its pre-rendered HTML, drawn from the catalogue; the live calculator redraws it for the
current numbers. Sizes follow web/picture.py's rules (8 px a cell, 16 cells a side at most),
worked out by hand below."""

import os
import re

import pytest

import calc
from tools.sitegen.layers import slug
from web import calcview

READY = 30000  # ms


def example_has_weights(entry):
    """Whether the example a layer's page starts from creates weights (calc's own answer:
    this test checks the page shows a picture when it has weights, not the count)."""
    return bool(calcview.evaluate(entry.name, calcview.default_fields(entry)).get("weights"))


def test_every_weight_bearing_page_has_the_picture_prerendered(built_site):
    missing = []
    for entry in calc.LAYERS:
        with open(os.path.join(built_site, "layers", slug(entry), "index.html"), encoding="utf-8") as f:
            html = f.read()
        figure = re.search(r'<figure class="calc-picture"( hidden)?>(.*?)</figure>', html, re.S)
        has_weights = example_has_weights(entry)
        if figure is None or (figure.group(1) is None) != has_weights:
            missing.append(entry.name)
        elif has_weights and ("<svg" not in figure.group(2) or "<title" not in figure.group(2)):
            missing.append(entry.name)
    assert missing == []


def kernel_box(page):
    """The front slice of the first tensor: its width and height in the live SVG."""
    return page.evaluate("""() => { const r = document.querySelector('.calc-picture svg rect.calc-tone-0');
        return [Number(r.getAttribute('width')), Number(r.getAttribute('height'))]; }""")


def labels(page):
    return page.locator(".calc-picture svg text").all_text_contents()


def test_the_picture_follows_the_fields(site_url, watch):
    page = watch.page
    page.goto(site_url + "layers/dense/?units=3&input_shape=4")
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    # Dense(3) on 4 features: kernel (4, 3) is 4 rows x 3 columns of 8 px.
    assert kernel_box(page) == [24, 32]
    assert "kernel (4, 3)" in labels(page) and "bias (3,)" in labels(page)
    page.locator('form.calc-widget [name="units"]').fill("20")
    # units=20: 20 columns, drawn as 16 (128 px), with the cut mark.
    page.wait_for_function("() => [...document.querySelectorAll('.calc-picture svg text')]"
                           ".some(t => t.textContent === 'kernel (4, 20)')")
    assert kernel_box(page) == [128, 32]
    assert "…" in labels(page)
    title = page.locator(".calc-picture svg title").text_content()
    desc = page.locator(".calc-picture svg desc").text_content()
    assert title and "kernel, shape (4, 20): 80 parameters, trainable" in desc
    # A layer with no weights hides it; an error leaves the last picture (greyed with the result).
    page.locator('form.calc-widget [name="use_bias"]').uncheck()
    page.wait_for_function("() => ![...document.querySelectorAll('.calc-picture svg text')]"
                           ".some(t => t.textContent.startsWith('bias'))")
    assert watch.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_picture_page_is_accessible(scheme, site_url, browser):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "layers/conv2d/")
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
        results = Axe().run(page, context=".calc-picture")
        assert results.response["violations"] == [], results.generate_report()
    finally:
        context.close()
