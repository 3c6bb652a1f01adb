"""The side-by-side parts of the site: every twinned Keras and PyTorch page has its
"Compared with ..." section and no other page has one; the section shows the twin's count
as the real framework builds it; the comparison page (docs/keras-vs-pytorch.md) covers the
issue's list (#15, "Side by side") and lists every pair of calc/twins.py."""

import os
import re

import pytest

from calc import twins
from calc.catalogue import LAYERS, TORCH_LAYERS, find
from tools.sitegen import layers, twin_page
from tools.sitegen.layer_page import drop_empty_twin, source_path, twin_heading
from web import calcview

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPARISON = os.path.join(ROOT, "docs", twin_page.COMPARISON_PAGE)


def page_text(entry):
    with open(source_path(entry), encoding="utf-8") as f:
        return drop_empty_twin(entry, f.read())


@pytest.mark.parametrize("entry", list(LAYERS) + list(TORCH_LAYERS), ids=lambda e: e.name)
def test_twin_section_exactly_where_there_is_a_twin(entry):
    text = page_text(entry)
    heading = "## " + twin_heading(entry)
    section = text.split(heading + "\n", 1)[1].split("\n## ", 1)[0] if heading in text.split("\n") else None
    if twin_page.page_twin(entry) is None:
        assert section is None, "%s has no twin but its page has '%s'" % (entry.name, heading)
    else:
        assert section is not None and "<!-- calc:twin -->" in section, (
            "%s's page (%s) needs '%s' holding <!-- calc:twin -->" % (
                entry.name, os.path.relpath(source_path(entry), ROOT), heading))


class ExamplePage:
    """What twin_page.section reads of a LayerPage or TorchPage: the entry and its example."""

    def __init__(self, name):
        self.entry = find(name)
        self.fields = calcview.default_fields(self.entry)

    def example_args(self):
        return self.entry.example_args()


def test_the_section_shows_what_pytorch_builds():
    torch = pytest.importorskip("torch")
    text = twin_page.section(ExamplePage("LSTM"))  # LSTM(64) on 32 features
    with torch.device("meta"):
        module = torch.nn.LSTM(32, 64, batch_first=True)
    count = sum(p.numel() for p in module.parameters())
    assert "| Parameters (total) | 24,832 | %s |" % "{:,}".format(count) in text
    assert "[nn.LSTM](../pytorch/lstm.md)" in text and twins.twin_of("LSTM").why in text
    back = twin_page.section(ExamplePage("nn.BatchNorm2d"))
    assert "| Buffer values | 129 | — (no buffers in Keras) |" in back
    assert "[BatchNormalization](../layers/batchnormalization.md)" in back
    no_twin = twin_page.section(ExamplePage("PReLU"))  # one slope per element: none in PyTorch
    assert "no faithful equivalent" in no_twin and "12,544" in no_twin


def test_the_comparison_page_covers_the_issue_and_every_pair():
    with open(COMPARISON, encoding="utf-8") as f:
        text = f.read()
    headings = " ".join(re.findall(r"^## (.*)$", text, re.M))
    for item in ("second bias", "reset_after", "BatchNorm", "PReLU", "Dense's kernel and Linear's weight",
                 "Transposed convolutions", "LayerNorm and bias", "MultiHeadAttention and MultiheadAttention",
                 "padding_idx", "Where the sizes come from"):
        assert item in headings, item
    for word in ("kdim", "vdim", "add_bias_kv", "num_batches_tracked", "b_hh", "in_features"):
        assert word in text, word
    assert "<!-- calc:twins -->" in text.split("\n")
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as f:
        assert twin_page.COMPARISON_PAGE in f.read()

    class AnyMath(dict):
        def __missing__(self, latex):
            return "<math>%s</math>" % latex

    table = twin_page.twins_table(AnyMath())
    for twin in twins.TWINS:
        assert layers.page_uri(find(twin.keras)) in table, twin.keras
        for name in twin.torch:
            assert layers.page_uri(find(name)) in table, name
    for twin, comparison in twin_page.pair_examples():
        if not isinstance(twin, twins.WeightFreeTwin):
            assert twin.why in table, twin.keras
            for side in (comparison.side, comparison.other):  # both formulas, typeset
                if side is not None:
                    assert ">%s</div>" % ("<math>%s</math>" % twin_page.side_latex(side)) in table, twin.keras
