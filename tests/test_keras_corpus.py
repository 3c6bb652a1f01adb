"""Model-building scripts modeled on public Keras code (keras.io examples and guides, the
Keras API docs), in tests/data/keras_corpus/: each is built in real Keras and its counts
(total, trainable, non-trainable) are compared with calc's summary of

  (a) the script's text, read by calc's code reader (never run), and
  (b) the script's model.to_json(), read by calc.model.

Each corpus file starts with "# Source: <url>" and "# Edits: ..." and ends with
"# model: <name>[, <name>...]": the variables holding the models to compare. The first one
is the model calc's code reader must pick (the one named `model`, else the last built).

Keras builds every file once per session, all files in ONE subprocess (this file run as a
script, see build_all), which writes {file: {"models": {name: counts and to_json()}}} as
JSON. The subprocess imports Keras with KERAS_BACKEND=tensorflow BEFORE it runs any file,
so a file's own `os.environ["KERAS_BACKEND"] = "jax"` line comes too late to change the
backend: Keras reads the variable once, at import. To build one file by hand the same way:

    .venv/bin/python tests/test_keras_corpus.py tests/data/keras_corpus/vision_mnist_convnet.py

Today's gaps are listed below (KNOWN_UNSUPPORTED, JSON_UNCOUNTED) and marked
xfail(strict=True): a file that starts passing fails until its name is removed.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import pytest

from calc.model import load_json, summarize
from calc.model_source import summarize_text

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "keras_corpus")
FILES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(CORPUS, "*.py")))

# Files calc's code reader cannot summarize yet, with what stops it first. Remove a name
# as support lands (strict xfail: a file that passes and is still listed fails).
KNOWN_UNSUPPORTED = {}

# (file, model) pairs whose model.to_json() calc cannot count yet, with the reason calc
# gives. KERAS_NO_JSON: models Keras itself cannot write with to_json().
JSON_UNCOUNTED = {}
KERAS_NO_JSON = {}


def read(name):
    with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
        return f.read()


def model_names(text):
    """The names on the file's last "# model: a, b" line."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[-1].startswith("# model:"), "the last line must be '# model: <variable>'"
    return [n.strip() for n in lines[-1][len("# model:"):].split(",") if n.strip()]


def weight_count(weights):
    total = 0
    for w in weights:
        size = 1
        for d in w.shape:
            size *= int(d)
        total += size
    return total


def build_all(paths):
    """Run every corpus file in real Keras; return its models' counts and JSON. Runs in the
    subprocess only (see the __main__ block), never in the test process."""
    import contextlib
    import io

    import keras

    # plot_model needs pydot and graphviz, and draws a picture: it changes no count.
    keras.utils.plot_model = lambda *args, **kwargs: None
    results = {}
    for path in paths:
        text = open(path, encoding="utf-8").read()
        keras.backend.clear_session()  # auto-names start from "dense" again, as in a fresh notebook
        namespace = {"__name__": "corpus_script", "__file__": path}
        with contextlib.redirect_stdout(io.StringIO()):  # the files' summary() and print() lines
            exec(compile(text, path, "exec"), namespace)  # noqa: S102 (the test's oracle only)
        custom = sorted(k for k, v in namespace.items()
                        if isinstance(v, type) and issubclass(v, keras.layers.Layer)
                        and v.__module__ == "corpus_script")
        models = {}
        for name in model_names(text):
            model = namespace[name]
            entry = {"class": type(model).__name__, "total": model.count_params(),
                     "trainable": weight_count(model.trainable_weights),
                     "non_trainable": weight_count(model.non_trainable_weights)}
            try:
                entry["json"] = model.to_json()
            except Exception as e:  # noqa: BLE001 -- recorded, and checked by the test
                entry["json_error"] = "%s: %s" % (type(e).__name__, " ".join(str(e).split())[:200])
            models[name] = entry
        results[os.path.basename(path)] = {"models": models, "custom_classes": custom}
    return results


@pytest.fixture(scope="session")
def keras_built():
    pytest.importorskip("keras")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "corpus.json")
        env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3")
        done = subprocess.run([sys.executable, os.path.abspath(__file__), "--out", out]
                              + [os.path.join(CORPUS, f) for f in FILES],
                              env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def counts(summary):
    return {"total": summary.total_params, "trainable": summary.trainable_params,
            "non_trainable": summary.non_trainable_params}


def keras_counts(entry):
    return {k: entry[k] for k in ("total", "trainable", "non_trainable")}


def uncounted(summary):
    return [(r.name, r.class_name, r.problem) for r in summary.rows if not r.known]


def _xfail_if_listed(name, table):
    if name in table:
        return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=table[name]))]
    return [name]


def _code_cases():
    return [case for f in FILES for case in _xfail_if_listed(f, KNOWN_UNSUPPORTED)]


def _json_cases():
    cases = []
    for f in FILES:
        for m in model_names(read(f)):
            key = "%s::%s" % (f, m)
            if key not in KERAS_NO_JSON:
                cases.extend(_xfail_if_listed(key, JSON_UNCOUNTED))
    return cases


def test_corpus_is_large_and_documented():
    assert len(FILES) >= 40
    for name in FILES:
        head = read(name).splitlines()[:2]
        assert head[0].startswith("# Source: https://"), name
        assert head[1].startswith("# Edits: "), name
        assert model_names(read(name)), name


def test_corpus_keeps_custom_layers(keras_built):
    with_classes = [f for f, built in keras_built.items() if built["custom_classes"]]
    assert len(with_classes) >= 6, with_classes


@pytest.mark.parametrize("name", _code_cases())
def test_code_summary_equals_keras(name, keras_built):
    summary = summarize_text(read(name))
    assert uncounted(summary) == []
    main = model_names(read(name))[0]
    assert counts(summary) == keras_counts(keras_built[name]["models"][main])


@pytest.mark.parametrize("key", _json_cases())
def test_json_summary_equals_keras(key, keras_built):
    name, model = key.split("::")
    entry = keras_built[name]["models"][model]
    assert "json" in entry, entry.get("json_error")
    summary = summarize(load_json(entry["json"]))
    assert uncounted(summary) == []
    assert counts(summary) == keras_counts(entry)


@pytest.mark.parametrize("key", sorted(KERAS_NO_JSON))
def test_keras_cannot_write_json(key, keras_built):
    # Listed so that a Keras that learns to write these models puts them back in the test.
    name, model = key.split("::")
    assert KERAS_NO_JSON[key] in keras_built[name]["models"][model]["json_error"]


if __name__ == "__main__":
    # The subprocess: python tests/test_keras_corpus.py [--out results.json] FILE...
    os.environ["KERAS_BACKEND"] = "tensorflow"  # before Keras is imported: the files' own lines come too late
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--out"]:
        out, args = args[1], args[2:]
    built = build_all(args)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(built, f)
    else:
        for name, entry in built.items():
            for model, e in entry["models"].items():
                print(name, model, e["class"], e["total"], e["trainable"], e["non_trainable"],
                      "json ok" if "json" in e else e["json_error"], entry["custom_classes"])
