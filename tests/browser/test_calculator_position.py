"""The calculator is the site's headline: on a layer page its form starts within the
first screen, on a desktop window (1280×800) and on a phone (390×844), before any of the
long explanation (#14). The measured positions are printed (pytest -s shows them)."""

import pytest

import calc

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
# The form's top must leave at least this much of it on the first screen: its first
# field, not a sliver of border.
VISIBLE = 120


def pages():
    """Dense, and in each family the layer with the longest one-line summary (the lede
    above the calculator, so the one that pushes it lowest)."""
    chosen = {"Dense": calc.find("Dense")}
    for family in sorted(set(e.family for e in calc.LAYERS)):
        entries = [e for e in calc.LAYERS if e.family == family]
        longest = max(entries, key=lambda e: len(e.summary or ""))
        chosen[longest.name] = longest
    return list(chosen.values())


def form_top(page):
    return page.evaluate(
        "() => document.querySelector('form.calc-widget').getBoundingClientRect().top")


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_calculator_is_on_the_first_screen(viewport, site_url, browser):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    page = context.new_page()
    late = []
    tops = {}
    try:
        for entry in pages():
            page.goto(site_url + "layers/%s/" % entry.name.lower())
            top = form_top(page)
            tops[entry.name] = top
            if top + VISIBLE > height:
                late.append("%s: %.0f px" % (entry.name, top))
            # Nothing of the explanation comes before it.
            before = page.evaluate(
                "() => { const form = document.querySelector('form.calc-widget');"
                " return [...document.querySelectorAll('article h2')]"
                ".filter(h => h.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)"
                ".map(h => h.id) }")
            assert before in ([], ["calculator"]), (entry.name, before)
    finally:
        context.close()
    print("\n%s %dx%d: calculator form top %.0f-%.0f px (Dense %.0f px)" % (
        viewport, width, height, min(tops.values()), max(tops.values()), tops["Dense"]))
    assert late == [], "the calculator starts below the first screen (%d px): %s" % (
        height, ", ".join(late))
