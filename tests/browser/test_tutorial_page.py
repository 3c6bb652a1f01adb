"""Pages with several calculators: the tutorial's five (one per step of the CNN) and the
home page's example all go live, and a change in one updates that one only."""

READY = 30000


def totals(page):
    return page.evaluate("() => [...document.querySelectorAll('form.calc-widget')].map("
                         "f => f.querySelector('output[name=total_params]').dataset.value)")


def test_every_tutorial_step_is_live(site_url, watch):
    page = watch.page
    page.goto(site_url + "tutorial/")
    forms = page.locator("form.calc-widget")
    assert forms.count() == 5
    page.wait_for_function("() => [...document.querySelectorAll('form.calc-widget')]"
                           ".every(f => f.dataset.state === 'ready')", timeout=READY)
    # By hand: 3·3·1·32 + 32, 0, 3·3·32·64 + 64, 0, 7744·10 + 10.
    assert totals(page) == ["320", "0", "18496", "0", "77450"]
    dense = forms.nth(4)
    assert dense.get_attribute("data-layer") == "Dense"
    dense.locator('[name="units"]').fill("20")
    page.wait_for_function("() => document.querySelectorAll('form.calc-widget')[4]"
                           ".querySelector('output[name=total_params]').dataset.value === '154900'",
                           timeout=5000)  # 7744·20 + 20
    assert totals(page) == ["320", "0", "18496", "0", "154900"]
    assert "units" not in page.url  # several calculators: none writes the address bar
    assert watch.errors == [] and watch.outside == []


def test_home_page_example_is_live_and_links_the_summary(site_url, watch):
    page = watch.page
    page.goto(site_url)
    link = page.locator("a.md-button--primary", has_text="Count a whole model")
    assert link.get_attribute("href").rstrip("/").endswith("summary")
    page.wait_for_selector('form.calc-widget[data-state="ready"]', state="attached", timeout=READY)
    assert totals(page) == ["320"]  # Conv2D(32, 3) on 28×28×1: 3·3·1·32 + 32
    page.locator('form.calc-widget [name="filters"]').fill("64")
    page.wait_for_function("() => document.querySelector('form.calc-widget output[name=total_params]')"
                           ".dataset.value === '640'", timeout=5000)
    assert watch.errors == [] and watch.outside == []


def test_the_tutorials_summary_link_counts_the_same_model(site_url, watch):
    """The link at the end of the tutorial opens the model summary with the tutorial's code
    and its total, 96,266 (Keras's: tests/test_tutorial.py)."""
    page = watch.page
    page.goto(site_url + "tutorial/")
    page.locator("a.md-button--primary", has_text="Open this model").click()
    page.wait_for_function(
        "() => { const app = document.getElementById('summary-app');"
        " return app && app.dataset.state === 'ready'"
        " && app.querySelector('output[name=total_params]').dataset.value === '96266'; }",
        timeout=READY)
    assert watch.errors == [] and watch.outside == []
