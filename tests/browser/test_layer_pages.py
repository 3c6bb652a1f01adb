"""Every catalogued layer page: the widget goes live on MicroPython, agrees with calc in
CPython, updates, reports invalid input accessibly, recovers, and restores a permalink."""

from urllib.parse import parse_qs, urlparse

import pytest

import calc
from calc.catalogue import compute
from web import calcview

READY = 30000  # ms; a loaded machine can be slow, the bench measures the real figure


def expected(entry, fields):
    args = {k: v for k, v in fields.items() if k != "input_shape"}
    return compute(entry, args, input_shape=fields["input_shape"] or None)


def changed_fields(entry, fields):
    """A valid change of one counting argument (an integer one if possible), with the
    CPython answer; else trainable toggled (every layer has it)."""
    for a in entry.args:
        if not a.counts or a.kind not in ("int", "ints"):
            continue
        for candidate in ("7", "2", "3"):
            trial = dict(fields)
            trial[a.name] = candidate
            try:
                return a.name, trial, expected(entry, trial)
            except ValueError:
                continue
    trial = dict(fields)
    trial["trainable"] = "false" if fields["trainable"] == "true" else "true"
    return "trainable", trial, expected(entry, trial)


def wait_state(page, state):
    page.wait_for_selector('form.calc-widget[data-state="%s"]' % state, state="attached", timeout=READY)


def output(page, name):
    return page.locator('form.calc-widget output[name="%s"]' % name).get_attribute("data-value")


def set_field(page, name, value):
    field = page.locator('form.calc-widget [name="%s"]' % name).first
    if field.get_attribute("type") == "checkbox":
        field.set_checked(value == "true")
    else:
        field.fill(value)


@pytest.mark.parametrize("entry", calc.LAYERS, ids=lambda e: e.name)
def test_layer_page(entry, site_url, watch):
    page = watch.page
    fields = calcview.default_fields(entry)
    page.goto(site_url + "layers/%s/" % entry.name.lower())
    form = page.locator("form.calc-widget")
    assert form.get_attribute("data-layer") == entry.name
    # Pre-rendered: the default answer is in the HTML before Python starts.
    default = expected(entry, fields)
    wait_state(page, "ready")
    assert output(page, "total_params") == str(default.total_params)
    assert output(page, "trainable_params") == str(default.trainable_params)

    # A change updates the answer to what CPython computes.
    name, trial, want = changed_fields(entry, fields)
    set_field(page, name, trial[name])
    page.wait_for_function(
        "v => document.querySelector('form.calc-widget output[name=total_params]').dataset.value === v"
        " && document.querySelector('form.calc-widget output[name=trainable_params]').dataset.value === arguments[0]"
        .replace("arguments[0]", repr(str(want.trainable_params))), arg=str(want.total_params), timeout=5000)
    assert form.get_attribute("data-state") == "ready"
    # ...and the URL carries it.
    query = parse_qs(urlparse(page.url).query)
    assert query.get(name) == [trial[name]]

    # Invalid input: alert, field marked, text kept; then recovery.
    shape = page.locator('form.calc-widget [name="input_shape"]')
    shape.fill("abc")
    wait_state(page, "error")
    alert = page.locator('form.calc-widget [role="alert"]')
    assert alert.is_visible() and "input_shape" in alert.text_content()
    assert shape.get_attribute("aria-invalid") == "true"
    assert shape.input_value() == "abc"
    shape.fill(trial["input_shape"])
    wait_state(page, "ready")
    assert not alert.is_visible()
    assert shape.get_attribute("aria-invalid") is None
    assert output(page, "total_params") == str(want.total_params)

    # Permalink: the URL restores the state in a fresh load.
    permalink = page.url
    page.goto(permalink)
    wait_state(page, "ready")
    assert output(page, "total_params") == str(want.total_params)
    field = page.locator('form.calc-widget [name="%s"]' % name)
    if name == "trainable":
        assert field.is_checked() == (trial[name] == "true")
    else:
        assert field.input_value() == trial[name]

    assert watch.errors == []
    assert watch.outside == []
