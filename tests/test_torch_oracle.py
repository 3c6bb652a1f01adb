"""Every PyTorch catalogue entry against real PyTorch 2.14, on generated configurations.

ORACLE_CASES (default 200) configurations per family per run, as for Keras. The
parametrisation is the catalogue, so a catalogued class always gets compared; and every
public module class of torch.nn must be catalogued.
"""

import pytest

torch = pytest.importorskip("torch")

from calc.catalogue import TORCH_LAYERS, find  # noqa: E402
from calc.sample import Rng  # noqa: E402
from tests import torch_oracle  # noqa: E402
from tests.conftest import ORACLE_CASES, ORACLE_STATS, oracle_cases  # noqa: E402

# torch.nn.modules.__all__ names these; they hold other modules and have no count of their own.
CONTAINERS = ("Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Container")
# Listed in torch.nn.modules.__all__ but not a module: a frozen dataclass of options for
# LinearCrossEntropyLoss's chunked path (it never changes a count).
NOT_MODULES = ("LinearCrossEntropyOptions",)
ENTRIES = list(TORCH_LAYERS)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_matches_pytorch(entry):
    rng = Rng(sum(ord(c) for c in entry.name) + ORACLE_CASES)
    problems = []
    refused = 0
    n = oracle_cases(entry, ENTRIES)
    for _ in range(n):
        args, _ = entry.sample(rng)
        problem = torch_oracle.compare(entry, args)
        if problem == torch_oracle.REFUSED_BY_BOTH:
            refused += 1
        elif problem:
            problems.append(problem)
    ORACLE_STATS["torch_compared"] += n
    assert refused <= n // 2, "%d of %d configurations were refused by both: sample better" % (refused, n)
    assert not problems, "%d of %d configurations differ from PyTorch:\n%s" % (
        len(problems), n, "\n".join(problems[:5]))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_example_matches_pytorch(entry):
    """The page's worked example is valid in PyTorch and agrees with calc."""
    assert torch_oracle.compare(entry, dict(entry.example_args())) is None


def test_every_torch_nn_module_is_catalogued():
    public = [n for n in torch.nn.modules.__all__ if n not in CONTAINERS + NOT_MODULES]
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


def signature_of(cls):
    """The constructor's parameters PyTorch 2.14 declares: the first typing overload where
    __init__ is (*args, **kwargs) (RNN, LSTM, GRU), or None when nothing is declared."""
    import inspect
    import typing

    init = cls.__init__
    params = list(inspect.signature(init).parameters.values())[1:]
    if [p.kind for p in params] == [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]:
        overloads = typing.get_overloads(init)
        if not overloads:
            return None
        params = list(inspect.signature(overloads[0]).parameters.values())[1:]
    return params


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_arguments_are_the_constructors(entry):
    """Names in the constructor's order, and the same defaults: the oracle's sampled
    configurations give every argument, so only this sees a default that differs."""
    import inspect

    params = signature_of(getattr(torch.nn, entry.class_name))
    if params is None:  # nn.Module(*args, **kwargs) takes none: a subclass's are its own
        assert [a.name for a in entry.all_args()] == []
        return
    ours = [a.name for a in entry.all_args() if not getattr(a, "not_constructor", False)]
    # A private parameter (Embedding's _weight, FractionalMaxPool's _random_samples: tensors)
    # may be left out.
    params = [p for p in params if not p.name.startswith("_") or p.name in ours]
    names = [p.name for p in params if p.kind != inspect.Parameter.VAR_KEYWORD]
    assert sorted(ours) == sorted(names), (ours, names)
    positional = [p.name for p in params if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert [n for n in ours if n in positional] == positional
    for p in params:
        arg = entry.arg(p.name)
        if p.default is inspect.Parameter.empty:
            assert arg.required, "PyTorch requires %s; the entry gives it a default, %r" % (p.name, arg.default)
        elif p.name not in ("device", "dtype") and not callable(p.default):  # activation=F.relu
            ours_default = arg.default
            if isinstance(p.default, tuple):
                ours_default = tuple(ours_default)
            assert ours_default == p.default, (p.name, ours_default, p.default)
