"""PyTorch code read by the safe evaluator: hand derivations of small modules."""

from calc.model_source import summarize_text
from tests.unit.check import raises

CODE = """
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, dim=16):
        super().__init__()
        self.token = nn.Parameter(torch.zeros(1, 1, dim))
        self.register_buffer("pos", torch.arange(10).unsqueeze(0))
        self.blocks = nn.ModuleList([nn.Linear(dim, dim) for _ in range(2)])
        self.norm = nn.BatchNorm1d(dim)
        self.again = self.blocks[1]

    def forward(self, x):
        return x

model = Net()
"""


def test_module_class():
    s = summarize_text(CODE)
    assert s.framework == "torch" and s.class_name == "Net" and not s.partial
    # token 16; two Linears 16·16 + 16; BatchNorm1d weight and bias 16 + 16
    assert s.total_params == 16 + 2 * (16 * 16 + 16) + 2 * 16 == 592
    # pos (1, 10); running_mean, running_var 16 each, num_batches_tracked 1
    assert s.buffers == 10 + 16 + 16 + 1
    assert [r.name for r in s.rows] == ["token", "pos", "blocks", "norm", "again"]
    assert s.rows[-1].params == 0 and "blocks.1" in s.rows[-1].note


def test_sequential_and_skipped_lines():
    s = summarize_text("import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\n"
                       "opt = torch.optim.Adam(model.parameters())\n")
    assert s.total_params == 4 * 3 + 3 and [r.name for r in s.rows] == ["0", "1"]
    assert s.skipped == ["line 4: skipped: torch.optim does not build the model"]


def test_refusals_and_bad_arguments():
    raises(lambda: summarize_text("import torch\nopen('x')\n"), "open")
    s = summarize_text("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 3))\nbad = nn.Linear(0, 3)\n")
    assert s.partial and "line 3" in s.not_followed[0]
    raises(lambda: summarize_text("import torch\nx = 1\n"), "defines no PyTorch model")
    # timm's quickstart (huggingface.co/docs/timm/quickstart) builds the model in timm's code.
    raises(lambda: summarize_text("import timm\nimport torch\n\n"
                                  "model = timm.create_model('mobilenetv3_large_100', pretrained=True)\n"
                                  "model.eval()\n"),
           "defines no PyTorch model that calc can read", "built by the timm library",
           "paste what print(model) shows")


def test_subclass_of_a_torch_class_and_parameter_containers():
    s = summarize_text("""
class Gated(nn.Linear):
    def __init__(self, n):
        super().__init__(n, n)
        self.gate = nn.Linear(n, 1)
        self.scales = nn.ParameterList([torch.ones(n) for _ in range(2)])

model = nn.Sequential(Gated(8))
""")
    gated = s.rows[0]
    # Linear(8, 8): weight (8, 8), bias (8,); gate Linear(8, 1): 8 + 1; two scales of 8
    assert [r.name for r in gated.children.rows] == ["0.weight", "0.bias", "0.gate", "0.scales"]
    assert s.total_params == 8 * 8 + 8 + 8 + 1 + 2 * 8
    assert [r.name for r in gated.children.rows[3].children.rows] == ["0.scales.0", "0.scales.1"]


def test_a_single_module_model_and_tensor_sizes():
    s = summarize_text("import torch\nimport torch.nn as nn\nt = torch.zeros(3, 4)\n"
                       "model = nn.Linear(t.size(1), t.size()[0])\nbad = t.size(9)\n")
    assert s.total_params == 4 * 3 + 3 and [r.name for r in s.rows] == ["Linear"]
    assert s.not_followed == ["line 5, column 13: size(9) of a tensor of shape (3, 4)"]
