"""`python -m calc layer nn.X ...` for the PyTorch recurrent and Transformer modules, run as a
user runs it, against the module PyTorch 2.14 builds in the test (on the meta device). The
commands are the ones issue #15 writes."""

import json
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

ROOT = __file__.rsplit("/tests/", 1)[0]


def run(*args):
    p = subprocess.run([sys.executable, "-m", "calc"] + list(args), cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def pytorch_tensors(module):
    return [(name, list(p.shape)) for name, p in module.named_parameters()]


def on_meta(build):
    with torch.device("meta"):
        return build()


def test_lstm_arguments_as_text():
    code, out, err = run("layer", "nn.LSTM", "input_size=32", "hidden_size=64", "num_layers=2",
                         "bidirectional=true")
    module = on_meta(lambda: nn.LSTM(32, 64, num_layers=2, bidirectional=True))
    total = sum(p.numel() for p in module.parameters())
    assert code == 0, err
    assert "total params:          %s" % format(total, ",") in out
    assert "weight_hr" not in out and "weight_ih_l1_reverse" in out


def test_lstm_json_lists_pytorchs_tensors():
    code, out, err = run("layer", "nn.LSTM", "input_size=32", "hidden_size=64", "proj_size=16", "--json")
    data = json.loads(out)
    module = on_meta(lambda: nn.LSTM(32, 64, proj_size=16))
    assert [(w["name"], w["shape"]) for w in data["weights"]] == pytorch_tensors(module)
    assert data["total_params"] == sum(p.numel() for p in module.parameters())
    assert data["buffers"] == 0 and data["framework"] == "torch"


def test_transformer_encoder_config_with_a_module_argument():
    config = {"encoder_layer": {"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 64, "nhead": 4}},
              "num_layers": 2}
    code, out, err = run("layer", "nn.TransformerEncoder", "--config", json.dumps(config), "--json")
    assert code == 0, err
    data = json.loads(out)
    module = on_meta(lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4), 2,
                                                   enable_nested_tensor=False))
    assert [(w["name"], w["shape"]) for w in data["weights"]] == pytorch_tensors(module)
    assert data["total_params"] == sum(p.numel() for p in module.parameters())


def test_module_argument_typed_as_text():
    layer = '{"class": "nn.TransformerDecoderLayer", "kwargs": {"d_model": 32, "nhead": 2, "norm_first": true}}'
    code, out, err = run("layer", "nn.TransformerDecoder", "decoder_layer=" + layer, "num_layers=3", "--json")
    assert code == 0, err
    module = on_meta(lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(32, 2, norm_first=True), 3))
    assert json.loads(out)["total_params"] == sum(p.numel() for p in module.parameters())


def test_transformer_with_a_custom_encoder():
    encoder = {"class": "nn.TransformerEncoder", "kwargs": {
        "encoder_layer": {"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 32, "nhead": 4}},
        "num_layers": 2}}
    code, out, err = run("layer", "nn.Transformer", "d_model=32", "nhead=4", "num_decoder_layers=1",
                         "custom_encoder=" + json.dumps(encoder), "--json")
    assert code == 0, err
    module = on_meta(lambda: nn.Transformer(32, 4, num_decoder_layers=1, custom_encoder=nn.TransformerEncoder(
        nn.TransformerEncoderLayer(32, 4), 2, enable_nested_tensor=False)))
    assert [(w["name"], w["shape"]) for w in json.loads(out)["weights"]] == pytorch_tensors(module)


def test_a_loss_weight_is_reported_as_a_buffer():
    code, out, err = run("layer", "nn.CrossEntropyLoss", "weight=0.2,0.3,0.5", "--json")
    assert code == 0, err
    data = json.loads(out)
    module = nn.CrossEntropyLoss(weight=torch.tensor([0.2, 0.3, 0.5]))
    assert [(b["name"], b["shape"]) for b in data["buffer_tensors"]] == \
        [(name, list(b.shape)) for name, b in module.named_buffers()]
    assert data["total_params"] == 0 and data["buffers"] == 3


def test_config_lists_for_tuples():
    # cutoffs as a JSON list, as --config writes a tuple
    config = {"in_features": 64, "n_classes": 1000, "cutoffs": [100, 500], "div_value": 2.0, "head_bias": True}
    code, out, err = run("layer", "nn.AdaptiveLogSoftmaxWithLoss", "--config", json.dumps(config), "--json")
    assert code == 0, err
    module = on_meta(lambda: nn.AdaptiveLogSoftmaxWithLoss(64, 1000, [100, 500], div_value=2.0, head_bias=True))
    assert [(w["name"], w["shape"]) for w in json.loads(out)["weights"]] == pytorch_tensors(module)


@pytest.mark.parametrize("args,contains", [
    (["nn.LSTM", "input_size=32", "hidden_size=64", "proj_size=64"], "proj_size has to be smaller than hidden_size"),
    (["nn.MultiheadAttention", "embed_dim=10", "num_heads=3"], "Received: embed_dim=10, num_heads=3"),
    (["nn.TransformerEncoder", "encoder_layer={oops", "num_layers=2"], "encoder_layer must be a module"),
])
def test_errors_are_one_line_exit_2(args, contains):
    code, out, err = run("layer", *args)
    assert code == 2 and contains in err and err.count("\n") == 1
