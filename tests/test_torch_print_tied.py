"""print(model) of Hugging Face models built by transformers from published config.json files
(tests/data/hf_configs/README.md names each source), on the meta device: the text cannot
show tied weights, so the summary says which weights may be one tensor. Every group of
weights transformers really ties (one tensor under several names) must be in a remark, with
the parameters PyTorch counts fewer for it; where the summary is complete, the remark's
total is model.parameters()'s."""

import json
import os
import re
import warnings

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from calc.model_source import summarize_text  # noqa: E402
from calc.text import fmt_int  # noqa: E402
from tests.hf_models import build  # noqa: E402

HERE = os.path.join(os.path.dirname(__file__), "data", "hf_configs")
# Tied in their configs: a decoder's head (GPT-2, Qwen2, Llama 3.2, SmolLM2), BERT's masked-LM
# decoder, T5's shared table; and Llama 3.1 8B, whose head is its own tensor of the same shape.
CONFIGS = ["gpt2", "bert-base-uncased", "t5-small", "Qwen2-0.5B", "Llama-3.2-1B", "SmolLM2-135M",
           "Llama-3.1-8B"]


def tied_groups(model):
    """[(module names, values of the one tensor)] for each weight tensor under several
    names. (BERT ties its head's bias to its decoder's too: a bias print(model) shows once.)"""
    by_tensor = {}
    for name, p in model.named_parameters(remove_duplicate=False):
        module, _, tensor = name.rpartition(".")
        if tensor == "weight":
            by_tensor.setdefault(id(p), (p, []))[1].append(module)
    return [(names, p.numel()) for p, names in by_tensor.values() if len(names) > 1]


@pytest.mark.parametrize("name", CONFIGS)
def test_tied_weights_are_named_with_what_pytorch_counts(name):
    with open(os.path.join(HERE, name + ".json")) as f:
        model = build(json.load(f))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(model)
    summary = summarize_text(text)
    remarks = " ".join(summary.remarks)
    groups = tied_groups(model)
    for names, values in groups:
        # Tied groups are of Embedding and Linear modules here; the remark lists each name.
        found = [r for r in summary.remarks if all(re.search(r"\b%s\b" % re.escape(n), r) for n in names)]
        assert found, (names, remarks)
        assert "PyTorch counts it once: %s parameters fewer" % fmt_int((len(names) - 1) * values) in found[0]
    complete = all(r.known for r in _leaves(summary.rows))
    if groups and complete:
        assert "%s in all" % fmt_int(sum(p.numel() for p in model.parameters())) in remarks
    if not groups:
        # Not tied: the remark still says the head could be, since the text cannot tell.
        assert "if they are, PyTorch counts it once" in remarks


def _leaves(rows):
    for r in rows:
        if r.children is not None:
            yield from _leaves(r.children.rows)
        else:
            yield r
