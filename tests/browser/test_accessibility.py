"""axe-core on the home page, a Keras layer page and a PyTorch page (light palette): no violations."""

import pytest

from axe_playwright_python.sync_playwright import Axe


@pytest.mark.parametrize("path", ["", "layers/dense/", "pytorch/linear/", "keras-vs-pytorch/"])
def test_no_axe_violations(path, site_url, watch):
    page = watch.page
    page.goto(site_url + path)
    if path:
        page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=30000)
    results = Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
    assert watch.outside == []
