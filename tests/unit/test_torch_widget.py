"""What a PyTorch page's calculator shows and copies (web/calcview.py, web/torch_snippet.py),
on hand-derived counts. Runs in CPython and in MicroPython, the browser's runtime (web/ is on
the path: tests/conftest.py, run_unit.mjs); tests/test_torch_snippets.py runs the programs
in PyTorch."""

import calc  # noqa: F401
from web import calcview
from web.torch_snippet import torch_snippet


def test_a_module_has_no_input_shape_field_and_counts_buffers_apart():
    entry = calcview.find("nn.BatchNorm2d")
    assert "input_shape" not in calcview.default_fields(entry)
    # BatchNorm2d(16): weight and bias (16 each) are parameters; running_mean and
    # running_var (16 each) and num_batches_tracked (one int64) are buffers.
    r = calcview.evaluate("nn.BatchNorm2d", {"num_features": "16"})
    assert r["ok"] and r["total_params"] == "32" and r["buffers"] == "33"
    assert [b[0] for b in r["buffer_tensors"]] == ["running_mean", "running_var", "num_batches_tracked"]
    assert r["buffer_tensors"][2][2] == "int64"
    assert [w[0] for w in r["weights"]] == ["weight", "bias"]
    assert "output_shape" not in r


def test_an_error_marks_the_argument_it_names():
    r = calcview.evaluate("nn.Linear", {"in_features": "0", "out_features": "3"})
    assert not r["ok"] and r["fields"] == ["in_features"] and "in_features=0" in r["error"]


def test_the_program_writes_the_constructor_call():
    code = torch_snippet("nn.Conv2d", {"in_channels": "3", "out_channels": "8", "kernel_size": "3,5",
                                       "dtype": "torch.float16"})
    assert "m = nn.Conv2d(in_channels=3, out_channels=8, kernel_size=(3, 5), dtype=torch.float16)" in code
    assert code.startswith("import torch\nfrom torch import nn\n")
    assert 'print("buffers:", sum(b.numel() for b in m.buffers()))' in code


def test_a_lazy_module_is_called_once_before_it_is_counted():
    code = torch_snippet("nn.LazyLinear", {"out_features": "5", "in_features": "7"})
    assert "m = nn.LazyLinear(out_features=5)\nm(torch.zeros((1, 7)))" in code


def test_module_and_tensor_arguments_are_written_as_python():
    layer = '{"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 16, "nhead": 2}}'
    code = torch_snippet("nn.TransformerEncoder", {"encoder_layer": layer, "num_layers": "2"})
    assert "encoder_layer=nn.TransformerEncoderLayer(d_model=16, nhead=2), num_layers=2" in code
    code = torch_snippet("nn.CrossEntropyLoss", {"weight": "0.2,0.3,0.5"})
    assert "m = nn.CrossEntropyLoss(weight=torch.ones(3))" in code
