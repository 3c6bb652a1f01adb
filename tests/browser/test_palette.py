"""The light/dark switch in the header (overrides/partials/palette.html and
javascripts/palette.html, which replace Material's palette component, issue #13): the page
follows the system's setting until the visitor clicks, the click is kept from page to page,
and without JavaScript there is no switch that cannot work. The labels and schemes are
mkdocs.yml's palette entries: light is Material's "default" scheme, dark its "slate"."""

import pytest

from axe_playwright_python.sync_playwright import Axe

TO_DARK, TO_LIGHT = "Switch to dark mode", "Switch to light mode"


def scheme(page):
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def switch(page):
    return page.locator("header [data-calc-palette]")


@pytest.fixture
def visit(browser, site_url):
    """open(color_scheme, path) -> a page of a fresh context; closed at the end of the test."""
    contexts = []

    def open_page(color_scheme, path="layers/dense/", **options):
        context = browser.new_context(color_scheme=color_scheme, **options)
        contexts.append(context)
        page = context.new_page()
        errors = []  # a script the CSP blocked is a console error
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.errors = errors
        page.goto(site_url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("system, expected, label", [("light", "default", TO_DARK), ("dark", "slate", TO_LIGHT)])
def test_the_page_follows_the_system_setting(visit, system, expected, label):
    page = visit(system)
    assert scheme(page) == expected
    assert switch(page).is_visible()
    assert switch(page).get_attribute("aria-label") == label
    assert switch(page).get_attribute("title") == label
    # Until the visitor chooses, a change of the system's setting is followed at once.
    page.emulate_media(color_scheme="dark" if system == "light" else "light")
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=expected)
    assert page.errors == []


def test_a_click_switches_and_is_kept_on_the_next_page(visit):
    page = visit("light")
    switch(page).click()
    assert scheme(page) == "slate"
    assert switch(page).get_attribute("aria-label") == TO_LIGHT
    # One icon shows: the one of the palette in use.
    assert switch(page).locator("[data-scheme]:visible").count() == 1
    page.goto(page.url.replace("layers/dense/", "summary/"))
    assert scheme(page) == "slate"
    # The choice now outranks the system's setting.
    page.emulate_media(color_scheme="light")
    page.wait_for_timeout(100)
    assert scheme(page) == "slate"
    switch(page).press("Enter")  # a real button: the keyboard works it too
    assert scheme(page) == "default"
    assert page.errors == []


def test_junk_in_storage_is_ignored(visit, site_url):
    page = visit("dark")
    page.evaluate("""() => { for (const k of Object.keys(localStorage)) localStorage.removeItem(k);
                             localStorage.setItem(__md_scope.pathname + '.__calc_scheme', '"purple"'); }""")
    page.reload()
    assert scheme(page) == "slate"
    assert page.errors == []


def test_without_javascript_there_is_no_switch(visit):
    page = visit("light", java_script_enabled=False)
    assert switch(page).count() == 1 and not switch(page).is_visible()
    assert scheme(page) == "default"


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_header_is_accessible_in_both_palettes(visit, system):
    page = visit(system)
    results = Axe().run(page, context="header")
    assert results.response["violations"] == [], results.generate_report()
