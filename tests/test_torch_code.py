"""PyTorch code read by calc (never run by it) against the modules PyTorch builds from the
same code: every script of tests/data/torch_code/ (public tutorial and example code, see
its README) and snippets for the constructs the scripts do not use."""

import os

import pytest

torch = pytest.importorskip("torch")

from calc.model_source import summarize_text  # noqa: E402
from tests.torch_summary import calc_parameters, persistent_buffers  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "data", "torch_code")
SCRIPTS = sorted(f for f in os.listdir(CORPUS) if f.endswith(".py"))


def built_by_torch(text, variable):
    """The module the code builds, run by Python with torch (the test's oracle)."""
    namespace = {"__name__": "corpus", "torch": torch, "nn": torch.nn}
    exec(compile(text, "<corpus>", "exec"), namespace)
    return namespace[variable]


def compare(text, module):
    summary = summarize_text(text)
    assert summary.framework == "torch"
    assert not summary.partial, summary.not_followed
    assert calc_parameters(summary.rows) == [(n, p.numel()) for n, p in module.named_parameters()]
    assert summary.total_params == sum(p.numel() for p in module.parameters())
    assert summary.trainable_params == sum(p.numel() for p in module.parameters() if p.requires_grad)
    assert (summary.buffers or 0) == persistent_buffers(module)
    return summary


@pytest.mark.parametrize("script", SCRIPTS)
def test_corpus_script(script):
    with open(os.path.join(CORPUS, script)) as f:
        text = f.read()
    variable = text.rsplit("# model:", 1)[1].strip()
    summary = compare(text, built_by_torch(text, variable))
    assert summary.class_name == type(built_by_torch(text, variable)).__name__


SNIPPETS = {
    # torchvision's ViT keeps its class token and position embedding as its own Parameters.
    "parameters_and_buffers": """
import torch
import torch.nn as nn

class Embed(nn.Module):
    def __init__(self, dim=768, patches=196):
        super().__init__()
        self.class_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embedding = nn.Parameter(torch.empty(1, patches + 1, dim).normal_(std=0.02))
        self.frozen = nn.Parameter(torch.ones(dim), requires_grad=False)
        self.register_buffer("index", torch.arange(patches))
        self.register_buffer("scratch", torch.zeros(4, 4), persistent=False)
        self.proj = nn.Conv2d(3, dim, kernel_size=16, stride=16)

model = Embed()
""",
    "containers": """
from collections import OrderedDict
import torch.nn as nn

def block(c_in, c_out):
    return nn.Sequential(OrderedDict([
        ("conv", nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)),
        ("bn", nn.BatchNorm2d(c_out)),
        ("relu", nn.ReLU(inplace=True)),
    ]))

class Net(nn.Module):
    def __init__(self, widths=(16, 32, 64), classes=10):
        super().__init__()
        layers = []
        c = 3
        for w in widths:
            layers.append(block(c, w))
            c = w
        self.features = nn.Sequential(*layers)
        self.heads = nn.ModuleList([nn.Linear(c, classes) for _ in range(2)])
        self.heads.append(nn.Linear(c, 1))
        self.extra = nn.ModuleDict({"aux": nn.Linear(c, 5)})
        self.extra["proj"] = nn.Linear(c, c)
        self.shared = self.heads[0]

model = Net()
""",
    # The code snippets leave out their imports, as pasted snippets often do.
    "parameter_containers": """
class Mixture(nn.Module):
    def __init__(self, k=3, dim=8):
        super().__init__()
        self.means = nn.ParameterList([nn.Parameter(torch.randn(dim)) for _ in range(k)])
        self.means.append(nn.Parameter(torch.zeros(dim)))
        self.scales = nn.ParameterDict({"a": nn.Parameter(torch.ones(dim, 2)), "b": torch.ones(2)})

model = Mixture()
""",
    # A subclass of a torch.nn class that adds modules: the parent's tensors come first.
    "subclassed_linear": """
import torch.nn as nn

class Gated(nn.Linear):
    def __init__(self, n):
        super().__init__(n, n)
        self.gate = nn.Linear(n, 1)

model = nn.Sequential(Gated(8), nn.LayerNorm(8))
""",
    "sequential": """
import torch.nn as nn
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
""",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet(name):
    text = SNIPPETS[name]
    compare(text, built_by_torch(text, "model"))


def test_shared_module_counted_once_and_said():
    text = SNIPPETS["containers"]
    summary = summarize_text(text)
    shared = [r for r in summary.rows if r.name == "shared"][0]
    assert shared.params == 0 and "heads.0" in shared.note


def test_training_lines_skipped_and_listed():
    text = SNIPPETS["sequential"] + """
import torch
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = model(x)
        loss.backward()
"""
    summary = summarize_text(text)
    assert not summary.partial
    assert any("torch.optim" in s for s in summary.skipped)
    assert any(s.startswith("line 7: ") and "builds no module" in s for s in summary.skipped)


def test_a_bad_module_argument_makes_the_summary_partial():
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\nextra = nn.Linear(-1, 2)\n"
    summary = summarize_text(text)
    assert summary.partial and "in_features" in summary.not_followed[0]


def test_a_module_from_an_unfollowed_library_is_a_partial_row():
    text = ("import timm\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.backbone = timm.create_model('resnet50')\n"
            "        self.head = nn.Linear(2048, 10)\n        self.device = torch.device('cpu')\n\nmodel = Net()\n")
    summary = summarize_text(text)
    backbone, head = summary.rows
    assert summary.partial and not backbone.known and "timm.create_model" in backbone.problem
    assert head.params == 2048 * 10 + 10


def test_bounded_work_and_one_line_refusals():
    import time

    cases = {
        "a megabyte of modules": ("import torch.nn as nn\nmodel = nn.Sequential(" + "nn.Linear(4, 4), " * 60000 + ")\n",
                                  "more than 200000 tokens"),
        "a loop of 100,000 modules": ("import torch.nn as nn\nlayers = []\nfor i in range(100000):\n"
                                      "    layers.append(nn.Linear(4, 4))\nmodel = nn.Sequential(*layers)\n",
                                      "more than 20000 modules"),
        "refused builtin": ("import torch.nn as nn\nmodel = getattr(nn, 'Linear')(3, 4)\n", "getattr"),
    }
    for name, (text, message) in cases.items():
        start = time.process_time()  # CPU time: a loaded machine does not count
        try:
            summary = summarize_text(text)
            error = " ".join(summary.not_followed)
        except ValueError as e:
            error = str(e)
        assert time.process_time() - start < 3.0, name
        assert message in error and "\n" not in error, (name, error[:200])
