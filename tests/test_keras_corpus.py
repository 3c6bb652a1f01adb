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

Gaps are listed below: KNOWN_UNSUPPORTED (code the reader cannot follow, marked
xfail(strict=True): a file that starts passing fails until its name is removed) and
JSON_UNCOUNTED (JSON that cannot hold a count: the file's own classes, flagged by name).
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
KNOWN_UNSUPPORTED = {
}

# "file::model" pairs whose model.to_json() cannot be counted, with the reason calc gives
# (test_json_names_the_files_own_classes checks it): every one is a class the file defines
# (a custom layer's JSON holds only its config) or a subclassed model (its JSON lists no
# layers). Pasting the code counts them (test_code_summary_equals_keras).
JSON_UNCOUNTED = {
    "api_layers_layer.py::model": "simple_dense (SimpleDense): 'SimpleDense' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "api_models_model.py::model": "'MyModel' is a subclassed model: its JSON holds its config, not its layers. Paste the class's code (with the line that builds it) to count it.",
    "generative_cyclegan.py::gen_G": "reflection_padding2d (ReflectionPadding2D): 'ReflectionPadding2D' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "generative_pixelcnn.py::pixel_cnn": "pixel_conv_layer (PixelConvLayer): 'PixelConvLayer' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "generative_text_generation_with_miniature_gpt.py::model": "token_and_position_embedding (TokenAndPositionEmbedding): 'TokenAndPositionEmbedding' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to cou",
    "generative_vae.py::encoder": "sampling (Sampling): 'Sampling' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "generative_vq_vae.py::vqvae": "vector_quantizer (VectorQuantizer): 'VectorQuantizer' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "guides_functional_api_custom_layers.py::dense_model": "custom_dense (CustomDense): 'CustomDense' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "guides_functional_api_custom_layers.py::model": "custom_rnn (CustomRNN): 'CustomRNN' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "guides_understanding_masking_and_padding.py::lstm_model": "my_layer (MyLayer): 'MyLayer' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "guides_understanding_masking_and_padding.py::model": "temporal_softmax (TemporalSoftmax): 'TemporalSoftmax' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "keras_recipes_antirectifier.py::model": "antirectifier (Antirectifier): 'Antirectifier' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "keras_recipes_endpoint_layer_pattern.py::model": "logistic_endpoint (LogisticEndpoint): 'LogisticEndpoint' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "keras_recipes_memory_efficient_embeddings.py::memory_efficient_model": "user_embedding (QREmbedding): 'QREmbedding' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "keras_recipes_subclassing_conv_layers.py::model": "standardized_conv2d_with_call (StandardizedConv2DWithCall): 'StandardizedConv2DWithCall' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to ",
    "nlp_masked_language_modeling.py::bert_masked_model": "position_embedding (PositionEmbedding): 'PositionEmbedding' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "nlp_neural_machine_translation_with_transformer.py::transformer": "positional_embedding (PositionalEmbedding): 'PositionalEmbedding' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "nlp_text_classification_with_transformer.py::model": "token_and_position_embedding (TokenAndPositionEmbedding): 'TokenAndPositionEmbedding' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to cou",
    "vision_captcha_ocr.py::model": "ctc_loss (CTCLayer): 'CTCLayer' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "vision_cct.py::cct_model": "cct_tokenizer (CCTTokenizer): 'CCTTokenizer' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "vision_image_classification_with_vision_transformer.py::vit_classifier": "patches (Patches): 'Patches' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "vision_involution.py::inv_model": "inv_1 (Involution): 'Involution' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "vision_mlp_image_classification.py::mlpmixer_classifier": "patches (Patches): 'Patches' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
    "vision_super_resolution_sub_pixel.py::model": "depth_to_space (DepthToSpace): 'DepthToSpace' is not a Keras layer: a custom class? Its JSON holds only its config; paste the class's code with the model to count it",
}

# Models whose to_json() Keras itself refuses (a custom class without get_config()), with
# the text of Keras's error.
KERAS_NO_JSON = {
    "graph_gnn_citations.py::gnn_model": "GNNNodeClassifier was created by passing non-serializable argument values",
    "guides_making_new_layers_and_models_via_subclassing.py::vae": "VariationalAutoEncoder was created by passing non-serializable argument values",
    "nlp_ner_with_transformers.py::ner_model": "NERModel was created by passing non-serializable argument values",
    "structured_data_collaborative_filtering_movielens.py::model": "RecommenderNet was created by passing non-serializable argument values",
    "timeseries_timeseries_traffic_forecasting.py::model": "LSTMGC was created by passing non-serializable argument values",
    "vision_pointnet.py::model": "OrthogonalRegularizer object at",
}


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


def custom_layers_with_weights(layer):
    """Class names of the layers (this one, and inside models) that the corpus file itself
    defines and that hold weights."""
    found = set()
    if type(layer).__module__ == "corpus_script" and layer.weights:
        found.add(type(layer).__name__)
    for sub in getattr(layer, "layers", []):  # models list their layers; a Layer does not
        found |= custom_layers_with_weights(sub)
    return found


def build_all(paths):
    """Run every corpus file in real Keras; return its models' counts and JSON. Runs in the
    subprocess only (see the __main__ block), never in the test process."""
    import contextlib
    import io
    import time

    import keras

    # plot_model needs pydot and graphviz, and draws a picture: it changes no count.
    keras.utils.plot_model = lambda *args, **kwargs: None
    results = {}
    for path in paths:
        text = open(path, encoding="utf-8").read()
        started = time.perf_counter()
        # Auto-names start from "dense" again, as in a fresh notebook. free_memory=False: its
        # gc.collect() would take a third of the run, and the process ends soon anyway.
        keras.backend.clear_session(free_memory=False)
        namespace = {"__name__": "corpus_script", "__file__": path}
        with contextlib.redirect_stdout(io.StringIO()):  # the files' summary() and print() lines
            exec(compile(text, path, "exec"), namespace)  # noqa: S102 (the test's oracle only)
        models = {}
        custom = set()
        for name in model_names(text):
            model = namespace[name]
            custom |= custom_layers_with_weights(model)
            entry = {"class": type(model).__name__, "total": model.count_params(),
                     "trainable": weight_count(model.trainable_weights),
                     "non_trainable": weight_count(model.non_trainable_weights)}
            try:
                entry["json"] = model.to_json()
            except Exception as e:  # noqa: BLE001 -- recorded, and checked by the test
                entry["json_error"] = "%s: %s" % (type(e).__name__, " ".join(str(e).split())[:200])
            models[name] = entry
        results[os.path.basename(path)] = {"models": models, "custom_layers": sorted(custom),
                                           "seconds": round(time.perf_counter() - started, 2)}
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
    """The rows calc could not count, nested models' rows included."""
    rows = []
    for r in summary.rows:
        if not r.known:
            rows.append((r.name, r.class_name, r.problem))
        elif r.children is not None:
            rows.extend(uncounted(r.children))
    return rows


def _xfail_if_listed(name, table):
    if name in table:
        return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=table[name]))]
    return [name]


def _code_cases():
    return [case for f in FILES for case in _xfail_if_listed(f, KNOWN_UNSUPPORTED)]


def _json_cases():
    return ["%s::%s" % (f, m) for f in FILES for m in model_names(read(f))
            if "%s::%s" % (f, m) not in KERAS_NO_JSON and "%s::%s" % (f, m) not in JSON_UNCOUNTED]


def test_corpus_is_large_and_documented():
    assert len(FILES) >= 40
    for name in FILES:
        head = read(name).splitlines()[:2]
        assert head[0].startswith("# Source: https://"), name
        assert head[1].startswith("# Edits: "), name
        assert model_names(read(name)), name


def test_corpus_keeps_custom_layers(keras_built):
    with_weights = [f for f, built in keras_built.items() if built["custom_layers"]]
    assert len(with_weights) >= 6, with_weights
    making_their_own = [f for f in with_weights if ".add_weight(" in read(f)]
    assert len(making_their_own) >= 6, making_their_own


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


@pytest.mark.parametrize("key", sorted(JSON_UNCOUNTED))
def test_json_names_the_files_own_classes(key, keras_built):
    name, model = key.split("::")
    text = read(name)
    try:
        rows = uncounted(summarize(load_json(keras_built[name]["models"][model]["json"])))
    except ValueError as e:  # a subclassed model: its JSON has no layers to list
        said = str(e)
        classes = [said.split("'")[1]]  # "'MyModel' is a subclassed model: ..."
    else:
        assert rows, "every layer was counted: remove %s from JSON_UNCOUNTED" % key
        said = "%s (%s): %s" % rows[0]
        # The layers after such a class cannot be counted either: their input is unknown.
        classes = [class_name for _, class_name, problem in rows if "input shape" not in problem]
    assert said.startswith(JSON_UNCOUNTED[key])
    assert "paste the class's code" in said.lower()
    for class_name in classes:  # flagged only for a class the file itself defines
        assert "class %s(" % class_name in text


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
                      "json ok" if "json" in e else e["json_error"], entry["custom_layers"],
                      "%.1f s" % entry["seconds"])
