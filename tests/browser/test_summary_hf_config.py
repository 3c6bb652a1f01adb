"""The Model summary page on a Hugging Face config.json: a real published file
(tests/data/hf_configs/, sources in its README) pasted into the editor gives the total
transformers gives for the class it names, and the KV cache follows the sequence length
and batch typed into the page's two labelled inputs."""

import os

import pytest

from tests.browser.test_summary_page import open_page, wait_totals

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def oracle_total(text):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import json

    config = json.loads(text)
    model_type = config.pop("model_type")
    with torch.device("meta"):
        model = getattr(transformers, config["architectures"][0])(transformers.AutoConfig.for_model(model_type, **config))
    return sum(p.numel() for p in model.parameters())


def kv_bytes(page):
    return int(page.locator("#summary-kv-cache").get_attribute("data-value"))


def test_pasted_config_json_total_and_kv_cache(site_url, watch):
    with open(os.path.join(HERE, "data", "hf_configs", "Llama-3.1-8B.json")) as f:
        text = f.read()
    total = oracle_total(text)
    page = open_page(watch, site_url)
    assert page.locator("#summary-kv").is_hidden()  # the Keras example has no KV cache
    page.locator("#summary-editor").fill(text)
    wait_totals(page, total, total)
    assert page.locator("#summary-kv").is_visible()
    # Llama-3.1-8B caches keys and values of 32 layers · 8 heads · 128 dims per token, in
    # 2-byte floats: 131,072 bytes per token; 4096 tokens, one sequence, by default.
    per_token = 2 * 32 * 8 * 128 * 2
    assert kv_bytes(page) == per_token * 4096
    page.get_by_label("Sequence length, tokens").fill("8192")
    page.wait_for_function("() => document.getElementById('summary-kv-cache').dataset.value === '%d'"
                           % (per_token * 8192), timeout=10000)
    page.get_by_label("Batch, sequences").fill("3")
    page.wait_for_function("() => document.getElementById('summary-kv-cache').dataset.value === '%d'"
                           % (per_token * 8192 * 3), timeout=10000)
    # A size that is not a whole number in range is marked, and the figure waits for a good one.
    page.get_by_label("Batch, sequences").fill("0")
    assert page.get_by_label("Batch, sequences").get_attribute("aria-invalid") == "true"
    page.wait_for_timeout(800)
    assert kv_bytes(page) == per_token * 8192 * 3
    page.get_by_label("Batch, sequences").fill("1")
    assert page.get_by_label("Batch, sequences").get_attribute("aria-invalid") is None
    # The totals, the int4 weights and the config's notes are on the page too.
    assert page.locator("#summary-memory").get_by_text("Weights in int4").count() == 1
    assert "rotary embedding" in page.locator("#summary-notes").text_content()
    # A row opens to its weights' formula, in the config's own field names.
    page.locator("button.summary-expand").first.click()
    page.wait_for_selector("tr.summary-detail", timeout=5000)
    assert "vocab_size·hidden_size" in page.locator("tr.summary-detail").first.text_content()
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["violations"] == [], results.generate_report()
    assert watch.errors == [] and watch.outside == []
