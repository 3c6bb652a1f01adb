"""The command line, run as a user runs it. Expected numbers are derived by hand."""

import json
import subprocess
import sys

import pytest

ROOT = __file__.rsplit("/tests/", 1)[0]


def run(*args):
    p = subprocess.run([sys.executable, "-m", "calc"] + list(args), cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


SEED_EXAMPLES = [
    # The seed article's four worked examples (issue: CLI examples that must work).
    (["layer", "Conv1D", "filters=64", "kernel_size=5", "input_shape=None,25"], 5 * 25 * 64 + 64, "8,064"),
    (["layer", "Conv2D", "filters=64", "kernel_size=3,3", "input_shape=None,None,25"], 3 * 3 * 25 * 64 + 64, "14,464"),
    (["layer", "Embedding", "input_dim=28", "output_dim=25"], 28 * 25, "700"),
    (["layer", "Dense", "units=128", "input_shape=128"], 128 * 128 + 128, "16,512"),
]


@pytest.mark.parametrize("args,total,shown", SEED_EXAMPLES, ids=[e[0][1] for e in SEED_EXAMPLES])
def test_seed_examples(args, total, shown):
    code, out, err = run(*args)
    assert code == 0, err
    assert "total params:          " + shown in out
    code, out, err = run(*(args + ["--json"]))
    data = json.loads(out)
    assert data["total_params"] == total
    assert set(data) == {"layer", "weights", "trainable_params", "non_trainable_params", "total_params",
                         "output_shape", "formula", "formula_latex", "steps"}
    assert sum(w["count"] for w in data["weights"]) == total
    for w in data["weights"]:
        assert set(w) == {"name", "shape", "trainable", "count"}


def test_dilated_padded_conv1d_has_the_same_count():
    code, out, _ = run("layer", "Conv1D", "filters=64", "kernel_size=5", "dilation_rate=2",
                       "padding=same", "input_shape=None,25", "--json")
    assert json.loads(out)["total_params"] == 8064


def test_frozen_embedding_moves_weights_to_non_trainable():
    code, out, _ = run("layer", "Embedding", "input_dim=28", "output_dim=25", "trainable=false", "--json")
    data = json.loads(out)
    assert (data["trainable_params"], data["non_trainable_params"], data["total_params"]) == (0, 700, 700)


def test_config_json_and_override():
    config = json.dumps({"name": "dense_3", "units": 10, "use_bias": False,
                         "kernel_initializer": {"class_name": "GlorotUniform", "config": {}}})
    code, out, err = run("layer", "Dense", "--config", config, "input_shape=4", "--json")
    assert code == 0, err
    assert json.loads(out)["total_params"] == 4 * 10
    code, out, err = run("layer", "Dense", "--config", config, "use_bias=true", "input_shape=4", "--json")
    assert json.loads(out)["total_params"] == 4 * 10 + 10
    whole = json.dumps({"class_name": "Dense", "config": {"units": 2}})
    code, out, err = run("layer", "Dense", "--config=" + whole, "input_shape=4", "--json")
    assert json.loads(out)["total_params"] == 4 * 2 + 2


def test_layers_listing():
    code, out, _ = run("layers", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    by_name = {r["name"]: r for r in rows}
    assert by_name["Conv2D"] == {"name": "Conv2D", "aliases": ["Convolution2D"],
                                 "family": "convolution", "has_weights": True}
    assert by_name["Dropout"]["has_weights"] is False
    code, out, _ = run("layers")
    assert "Conv2D (also Convolution2D)" in out


@pytest.mark.parametrize("args,contains", [
    (["layer", "Dense", "units=-1", "input_shape=3"], "units=-1"),
    (["layer", "Dense", "units=abc", "input_shape=3"], "units"),
    (["layer", "Dense", "unit=3", "input_shape=3"], "Did you mean 'units'"),
    (["layer", "Denes"], "Dense"),
    (["layer", "Dense", "units=3", "input_shape=None"], "input_shape"),
    (["layer", "Dense", "units=3", "--config", "{not json"], "--config"),
    (["layer", "Dense", "units=3", "--config", "[" * 100000], "--config"),
    (["layer", "Dense", "units"], "ARG=VALUE"),
    (["frobnicate"], "Unknown command"),
    (["layer"], "class name"),
])
def test_errors_are_one_line_exit_2(args, contains):
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert contains in err


MNIST_CODE = """
import keras
from keras import layers

num_classes = 10
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dense(num_classes, activation="softmax"),
])
"""
# By hand: Conv2D 3·3·1·32 + 32 = 320; 26x26x32 pooled to 13x13x32 = 5408 features;
# Dense 5408·10 + 10 = 54,090.
MNIST_TOTAL = 3 * 3 * 1 * 32 + 32 + 13 * 13 * 32 * 10 + 10


def test_summary_of_code_json_and_keras_files(tmp_path):
    from calc.code_reader import read_code

    code = tmp_path / "mnist.py"
    code.write_text(MNIST_CODE)
    as_json = tmp_path / "mnist.json"
    as_json.write_text(json.dumps(read_code(MNIST_CODE)))
    from tests.unit.test_keras_file import TINY_KERAS

    archive = tmp_path / "tiny.keras"
    archive.write_bytes(TINY_KERAS)
    broken = tmp_path / "broken.keras"
    broken.write_bytes(TINY_KERAS[:100])
    code_, out, err = run("summary", str(code), str(broken), str(as_json), str(archive), "--json")
    assert code_ == 2  # one file failed...
    assert err.count("\n") == 1 and "broken.keras" in err and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]  # ...the others still printed
    assert [r["source"] for r in rows] == [str(code), str(as_json), str(archive)]
    assert rows[0]["total_params"] == rows[1]["total_params"] == MNIST_TOTAL
    assert rows[2]["total_params"] == (3 * 4 + 4) + (4 * 4 + 4)
    assert set(rows[0]) >= {"source", "model_name", "layers", "total_params", "trainable_params",
                            "non_trainable_params", "memory"}
    assert set(rows[0]["layers"][0]) == {"name", "class_name", "output_shape", "params", "trainable",
                                         "connected_to"}
    code_, out, _ = run("summary", str(code))
    assert "Total params: " + "{:,}".format(MNIST_TOTAL) in out


def test_summary_refuses_code_that_would_run_something(tmp_path):
    evil = tmp_path / "evil.py"
    evil.write_text("import os\nos.system('touch %s')\n" % (tmp_path / "ran"))
    code_, out, err = run("summary", str(evil))
    assert code_ == 2 and "line 2" in err
    assert not (tmp_path / "ran").exists()


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    # `python -m calc summary big.json | head -1`: the pipe closes while calc is still
    # printing (EfficientNetV2L's table is larger than a pipe's buffer).
    import gzip

    with gzip.open(ROOT + "/tests/data/applications.json.gz", "rt") as f:
        config = json.load(f)["EfficientNetV2L"]["config"]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(config))
    proc = subprocess.Popen([sys.executable, "-m", "calc", "summary", str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and first.decode().startswith("Model:")
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_huge_nested_value_in_a_message_is_cut_not_built(tmp_path):
    # 281 bytes of code whose value's repr would be 320,000 characters: the message quotes
    # 60 of them (the repr used to be built whole first: 12 s and 3.9 GB).
    code = tmp_path / "nested.py"
    code.write_text('x = "a" * 10000\nx = (((((x, x), x), x), x), x)\n'
                    'model = keras.Sequential([layers.Dense(4, name=x)])\n')
    status, out, err = run("summary", str(code))
    assert status == 2 and "name must be a string" in err and len(err) < 300


def test_terminal_escapes_in_a_layer_name_are_shown_not_sent(tmp_path):
    model = tmp_path / "m.json"
    model.write_text(json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "\u001b]0;pwned\u0007\u001b[2J", "units": 2},
         "build_config": {"input_shape": [None, 3]}}]}}))
    status, out, err = run("summary", str(model))
    assert status == 0 and "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned\\x07" in out
