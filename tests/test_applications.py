"""Every Keras Application, summarized from its JSON config: total, trainable and
non-trainable counts equal what Keras reported for the same model.

The configs and Keras's counts are cached in tests/data/applications.json.gz (made by
tools/make_application_configs.py); test_cache_matches_installed_keras rebuilds a few
with the installed Keras so a stale cache cannot pass unnoticed.
"""

import gzip
import json
import os

import pytest

from calc.model import summarize

DATA = os.path.join(os.path.dirname(__file__), "data", "applications.json.gz")
with gzip.open(DATA, "rt", encoding="utf-8") as f:
    APPLICATIONS = json.load(f)


def test_all_forty_applications_are_cached():
    assert len(APPLICATIONS) == 40


@pytest.mark.parametrize("name", sorted(APPLICATIONS))
def test_counts_equal_keras(name):
    keras_says = APPLICATIONS[name]
    summary = summarize(keras_says["config"])
    unknown = [(r.name, r.class_name, r.problem) for r in summary.rows if not r.known]
    assert unknown == []
    assert summary.total_params == keras_says["total_params"]
    assert summary.trainable_params == keras_says["trainable_params"]
    assert summary.non_trainable_params == keras_says["total_params"] - keras_says["trainable_params"]


def test_figures_quoted_in_the_issue():
    # Hand-copied from the issue (Keras 3.15): a second, independent source for three models.
    expected = {"ResNet50": (25636712, 25583592, 53120), "EfficientNetB0": (5330571, None, 42023),
                "ConvNeXtXLarge": (350196968, None, None)}
    for name, (total, trainable, non_trainable) in expected.items():
        s = summarize(APPLICATIONS[name]["config"])
        assert s.total_params == total
        assert trainable is None or s.trainable_params == trainable
        assert non_trainable is None or s.non_trainable_params == non_trainable


@pytest.mark.parametrize("name", ["MobileNetV2", "ResNet50"])
def test_cache_matches_installed_keras(name):
    keras_oracle = pytest.importorskip("tests.keras_oracle")
    keras = keras_oracle.keras
    model = getattr(keras.applications, name)(weights=None)
    assert model.count_params() == APPLICATIONS[name]["total_params"]
    assert summarize(json.loads(model.to_json())).total_params == model.count_params()
    keras.backend.clear_session()
