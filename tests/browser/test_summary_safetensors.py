"""The Model summary page with .safetensors checkpoints, in Chromium: a file picked, and the
shards of one checkpoint dropped together, give torch's own counts. The checkpoints are real
models saved here: torchvision's densenet121 (weights=None) by safetensors.torch.save_model,
whose header (about 1,000 tensors) is longer than the page's first read, and a tiny GPT-2
from transformers' config class, sharded by save_pretrained."""

import base64
import json

import pytest

from tests.browser.test_summary_page import SUMMARY, open_page, wait_totals

torch = pytest.importorskip("torch")


def numel(tensors):
    return sum(t.numel() for t in tensors)


@pytest.fixture(scope="module")
def densenet(tmp_path_factory):
    import torchvision
    from safetensors.torch import save_model

    model = torchvision.models.densenet121(weights=None)
    path = tmp_path_factory.mktemp("st") / "densenet121.safetensors"
    save_model(model, str(path))
    with open(path, "rb") as f:
        assert int.from_bytes(f.read(8), "little") > 65536  # the page reads it in a second round
    return str(path), numel(model.parameters()), numel(model.buffers())


@pytest.fixture(scope="module")
def gpt2_shards(tmp_path_factory):
    from transformers import GPT2Config, GPT2LMHeadModel

    model = GPT2LMHeadModel(GPT2Config(n_layer=2, n_embd=64, n_head=2, vocab_size=100, n_positions=16,
                                       bos_token_id=0, eos_token_id=0))
    folder = tmp_path_factory.mktemp("shards")
    model.save_pretrained(str(folder), max_shard_size="100KB")
    index = json.loads((folder / "model.safetensors.index.json").read_text())
    shards = [str(folder / name) for name in sorted(set(index["weight_map"].values()))]
    assert len(shards) > 2
    return shards, str(folder / "model.safetensors.index.json"), numel(model.parameters())


def test_safetensors_file_picked(site_url, watch, densenet):
    path, total, buffers = densenet
    page = open_page(watch, site_url)
    page.set_input_files("#summary-file", path)
    wait_totals(page, total, total, "densenet121.safetensors")  # all trainable: a checkpoint cannot say
    notes = page.locator("#summary-notes").inner_text()
    assert "counted as buffers" in notes and "{:,}".format(buffers) in notes
    assert "Stored in F32" in page.locator("#summary-memory").inner_text()
    # The classifier row opens to its tensors, each with its dtype.
    page.locator("button.summary-expand", has_text="classifier").click()
    page.wait_for_selector(".summary-weights li")
    assert "F32, parameter" in page.locator(".summary-weights").first.inner_text()
    assert watch.errors == [] and watch.outside == []


def test_shards_dropped_together(site_url, watch, gpt2_shards):
    shards, index, total = gpt2_shards
    page = open_page(watch, site_url)
    files = []
    for path in shards[::-1] + [index]:
        with open(path, "rb") as f:
            files.append([path.rsplit("/", 1)[-1], base64.b64encode(f.read()).decode("ascii")])
    page.evaluate("""files => {
        const transfer = new DataTransfer();
        for (const [name, data] of files) {
            transfer.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name));
        }
        const zone = document.getElementById("summary-drop");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", files)
    wait_totals(page, total, total, "%d files" % len(files))
    assert page.locator("#summary-partial").is_hidden()
    # One shard picked alone: partial, the missing shards named; a small binary file stays
    # out of the editor.
    editor_text = page.locator("#summary-editor").input_value()
    page.set_input_files("#summary-file", shards[0])
    page.wait_for_selector("#summary-partial:not([hidden])", timeout=10000)
    assert shards[1].rsplit("/", 1)[-1] in page.locator("#summary-notes").inner_text()
    assert page.locator("#summary-editor").input_value() == editor_text
    assert watch.errors == [] and watch.outside == []


def test_damaged_safetensors_file_is_one_line(site_url, watch, tmp_path):
    path = tmp_path / "huge.safetensors"
    path.write_bytes((100 * 1024 ** 3).to_bytes(8, "little") + b'{"a": 1}')
    page = open_page(watch, site_url)
    page.set_input_files("#summary-file", str(path))
    page.wait_for_selector(SUMMARY + '[data-state="error"]', state="attached", timeout=10000)
    assert "claims 107,374,182,400 bytes" in page.locator("#summary-alert").inner_text()
