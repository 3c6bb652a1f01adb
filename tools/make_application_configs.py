"""Regenerate tests/data/applications.json.gz: the model.to_json() of every Keras
Application (weights=None) with the counts real Keras gives for it.

    .venv/bin/python tools/make_application_configs.py

Takes about 10 minutes (EfficientNet and ConvNeXt are slow to build), which is why the
tests read this cached copy; tests/test_applications.py rebuilds a few live to show the
cache still agrees with the installed Keras.
"""

import gzip
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   "tests", "data", "applications.json.gz")


def application_names():
    return sorted(n for n in dir(keras.applications) if n[0].isupper())


def describe(name):
    """What Keras says about one application: its JSON and its three counts."""
    model = getattr(keras.applications, name)(weights=None)
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    data = {"config": json.loads(model.to_json()), "total_params": model.count_params(),
            "trainable_params": trainable, "keras_version": keras.__version__}
    keras.backend.clear_session()
    return data


def main():
    models = {}
    for name in application_names():
        models[name] = describe(name)
        print(name, models[name]["total_params"], file=sys.stderr, flush=True)
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        json.dump(models, f, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main()
