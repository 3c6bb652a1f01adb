"""Every catalogue entry against real Keras, on generated examples.

ORACLE_CASES (default 200) examples per family per run; set it higher for a long run.
A catalogued layer always gets examples here: the parametrisation is the catalogue.
"""

import pytest

from calc.catalogue import FAMILIES, LAYERS, find
from calc.sample import Rng, sample
from tests.conftest import ORACLE_CASES, ORACLE_STATS, oracle_cases

keras_oracle = pytest.importorskip("tests.keras_oracle")


@pytest.mark.parametrize("entry", LAYERS, ids=[e.name for e in LAYERS])
def test_matches_keras(entry):
    rng = Rng(sum(ord(c) for c in entry.name) + ORACLE_CASES)
    problems = []
    refused = 0
    n = oracle_cases(entry, LAYERS)
    for _ in range(n):
        args, shapes = sample(entry, rng)
        problem = keras_oracle.compare(entry, args, shapes)
        if problem == keras_oracle.REFUSED_BY_BOTH:
            refused += 1
        elif problem:
            problems.append(problem)
    ORACLE_STATS["compared"] += n
    ORACLE_STATS["refused_by_both"] += refused
    # Most generated examples must be valid, or the test checks only refusals.
    assert refused <= n // 2, "%d of %d examples were refused by both: sample better" % (refused, n)
    assert not problems, "%d of %d examples differ from Keras:\n%s" % (
        len(problems), n, "\n".join(problems[:5]))


@pytest.mark.parametrize("entry", LAYERS, ids=[e.name for e in LAYERS])
def test_example_builds_in_keras(entry):
    """The page's worked example is valid in Keras and agrees with calc."""
    args = dict(entry.example_args())
    problem = keras_oracle.compare(entry, args, entry.example_shapes())
    assert problem is None, problem


# Keras classes that are not layers one counts: framework bridges, abstract bases, cells.
NOT_CATALOGUED = {"Lambda", "TFSMLayer", "JaxLayer", "FlaxLayer", "TorchModuleWrapper", "Layer",
                  "Wrapper", "RNN", "StackedRNNCells", "Pipeline", "InputSpec",
                  "SimpleRNNCell", "LSTMCell", "GRUCell"}


def test_every_keras_layer_is_catalogued():
    import inspect

    keras = keras_oracle.keras
    missing = []
    for name in dir(keras.layers):
        obj = getattr(keras.layers, name)
        if inspect.isclass(obj) and obj.__name__ not in NOT_CATALOGUED and name not in NOT_CATALOGUED:
            try:
                entry = find(name)
            except ValueError:
                missing.append(name)
                continue
            # Keras exports GroupedQueryAttention as GroupQueryAttention only: either name.
            assert entry.name in (obj.__name__, name), "%s is %s in Keras, not %s" % (
                name, obj.__name__, entry.name)
    assert not missing, "not in the catalogue: " + ", ".join(sorted(missing))


def test_families_known():
    names = [f[0] for f in FAMILIES]
    assert all(e.family in names for e in LAYERS)
