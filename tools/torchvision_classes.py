"""Rewrite calc/torchvision_classes.py, what print(model) cannot say about torchvision's own
module classes, from torchvision itself.

    .venv/bin/python -m tools.torchvision_classes          # rewrite the table
    .venv/bin/python -m tools.torchvision_classes --check  # exit 1 if it is stale

print(model) shows a module's sub-modules and a torch.nn leaf's arguments, never the tensors
a class registers itself. For torchvision's classes that is known: this builds every model
of torchvision.models and its submodules (weights=None, on the meta device) and records,
for each class deriving from nn.Module or a torch.nn container (not from a torch.nn leaf,
which print() shows as its parent: LayerNorm2d), the parameters and persistent buffers it
registers itself. Needs torch and torchvision (the dev extras); calc never imports them.
tests/test_torch_print.py runs the check.
"""

import os
import sys
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "calc", "torchvision_classes.py")
MODEL_MODULES = ("", "video", "segmentation", "detection", "optical_flow")


def models():
    import torch
    import torchvision
    from torchvision.models import regnet

    widths = regnet.BlockParams.from_init_params.__func__

    def on_cpu(cls, *args, **kwargs):  # RegNet reads widths back from tensors: not on meta
        with torch.device("cpu"):
            return widths(cls, *args, **kwargs)

    regnet.BlockParams.from_init_params = classmethod(on_cpu)
    for sub in MODEL_MODULES:
        module = getattr(torchvision.models, sub) if sub else torchvision.models
        for name in torchvision.models.list_models(module=module):
            kwargs = {"weights_backbone": None} if sub in ("segmentation", "detection") else {}
            with warnings.catch_warnings(), torch.device("meta"):
                warnings.simplefilter("ignore")
                yield torchvision.models.get_model(name, weights=None, **kwargs)
    # Used by the detection models' pretrained backbones only: its tensors are all buffers.
    with torch.device("meta"):
        yield torchvision.ops.FrozenBatchNorm2d(8)


def scan():
    import torch

    plain = (torch.nn.Module, torch.nn.Sequential, torch.nn.ModuleList, torch.nn.ModuleDict)
    own = {}
    for model in models():
        for module in model.modules():
            cls = type(module)
            if not cls.__module__.startswith("torchvision."):
                continue
            parent = [c for c in cls.__mro__ if c.__module__.startswith("torch.nn")][0]
            if parent not in plain:
                continue
            names = own.setdefault(cls.__name__, set())
            names.update("%s (parameter)" % k for k, _ in module.named_parameters(recurse=False))
            names.update("%s (buffer)" % k for k in module._buffers
                         if k not in module._non_persistent_buffers_set)
    return own


def render(own):
    import torchvision

    lines = ['"""torchvision %s\'s module classes, for reading print(model): the tensors each' % torchvision.__version__.split("+")[0],
             "registers itself (print() never shows them), and the classes that register none.",
             "Written by `python -m tools.torchvision_classes`; do not edit by hand.", '"""', "",
             "OWN_TENSORS = {"]
    for name in sorted(n for n in own if own[n]):
        lines.append("    %r: %r," % (name, ", ".join(sorted(own[name]))))
    lines.append("}")
    lines.append("")
    lines.append("NO_OWN_TENSORS = (")
    names = sorted(n for n in own if not own[n])
    row = "   "
    for name in names:
        item = " %r," % name
        if len(row) + len(item) > 96:
            lines.append(row)
            row = "   "
        row += item
    lines.append(row)
    lines.append(")")
    return "\n".join(lines) + "\n"


def main():
    text = render(scan())
    if "--check" in sys.argv:
        with open(TARGET, encoding="utf-8") as f:
            if f.read() != text:
                print("calc/torchvision_classes.py is stale: run python -m tools.torchvision_classes")
                return 1
        return 0
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
