"""Every PyTorch catalogue entry against real PyTorch 2.14, on generated configurations.

ORACLE_CASES (default 200) configurations per family per run, as for Keras. The
parametrisation is the catalogue, so a catalogued class always gets compared; and every
public module class of torch.nn must be catalogued.
"""

import os

import pytest

torch = pytest.importorskip("torch")

from calc.catalogue import TORCH_LAYERS, find  # noqa: E402
from calc.sample import Rng  # noqa: E402
from tests import torch_oracle  # noqa: E402
from tests.conftest import ORACLE_STATS  # noqa: E402

CASES_PER_FAMILY = int(os.environ.get("ORACLE_CASES", "200"))
MIN_CASES_PER_CLASS = 12
# torch.nn.modules.__all__ names these; they hold other modules and have no count of their own.
CONTAINERS = ("Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Container")
ENTRIES = list(TORCH_LAYERS)


def cases_for(entry):
    family_size = len([e for e in ENTRIES if e.family == entry.family])
    return max(MIN_CASES_PER_CLASS, -(-CASES_PER_FAMILY // family_size))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_matches_pytorch(entry):
    rng = Rng(sum(ord(c) for c in entry.name) + CASES_PER_FAMILY)
    problems = []
    refused = 0
    n = cases_for(entry)
    for _ in range(n):
        args, _ = entry.sample(rng)
        problem = torch_oracle.compare(entry, args)
        if problem == torch_oracle.REFUSED_BY_BOTH:
            refused += 1
        elif problem:
            problems.append(problem)
    ORACLE_STATS["torch_compared"] = ORACLE_STATS.get("torch_compared", 0) + n
    assert refused <= n // 2, "%d of %d configurations were refused by both: sample better" % (refused, n)
    assert not problems, "%d of %d configurations differ from PyTorch:\n%s" % (
        len(problems), n, "\n".join(problems[:5]))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_example_matches_pytorch(entry):
    """The page's worked example is valid in PyTorch and agrees with calc."""
    assert torch_oracle.compare(entry, dict(entry.example_args())) is None


def test_every_torch_nn_module_is_catalogued():
    public = [n for n in torch.nn.modules.__all__ if n not in CONTAINERS]
    missing = []
    for name in public:
        try:
            find("nn." + name)
        except ValueError:
            missing.append(name)
    assert not missing, "%d torch.nn classes are not catalogued: %s" % (len(missing), ", ".join(missing))


def test_checks_from_the_issue():
    """The counts issue #15 quotes from PyTorch 2.14, written down independently of calc."""
    from calc.catalogue import compute

    assert compute("nn.Linear", {"in_features": 128, "out_features": 128}).total_params == 16512
    assert compute("nn.LSTM", {"input_size": 32, "hidden_size": 64}).total_params == 25088
    assert compute("nn.LSTM", {"input_size": 32, "hidden_size": 64, "num_layers": 2,
                               "bidirectional": True}).total_params == 149504
    assert compute("nn.GRU", {"input_size": 32, "hidden_size": 64}).total_params == 18816
    assert compute("nn.MultiheadAttention", {"embed_dim": 512, "num_heads": 8}).total_params == 1050624
    assert compute("nn.TransformerEncoderLayer", {"d_model": 512, "nhead": 8}).total_params == 3152384
    assert compute("nn.Transformer", {}).total_params == 44140544
