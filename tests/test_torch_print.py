"""print(model) of every torchvision model (classification, video, segmentation, detection,
optical flow), summarized without torch and
compared with the model torchvision builds (weights=None, on the meta device: nothing is
downloaded, no memory is spent on weights): parameter names and counts in order, the total,
and the persistent buffers. A model whose own classes hold tensors directly (ViT's
class_token, found here by torch's named_parameters(recurse=False), not by calc's table)
must be partial, on exactly those rows, with the tensors named in the reason."""

import warnings

import pytest

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")

from calc.catalogue import find  # noqa: E402
from calc.model_source import summarize_text  # noqa: E402
from tests.torch_summary import calc_parameters  # noqa: E402

# Every classification model, then the video, segmentation, detection and optical flow ones.
MODELS = [name for sub in ("", "video", "segmentation", "detection", "optical_flow")
          for name in torchvision.models.list_models(
              module=getattr(torchvision.models, sub) if sub else torchvision.models)]


def build(name):
    """The model on the meta device. RegNet's constructor computes its widths with tensors
    and reads them back (.tolist()), which the meta device cannot: that part runs on the CPU."""
    from torchvision.models import regnet

    widths = regnet.BlockParams.from_init_params.__func__

    def on_cpu(cls, *args, **kwargs):
        with torch.device("cpu"):
            return widths(cls, *args, **kwargs)

    regnet.BlockParams.from_init_params = classmethod(on_cpu)
    try:
        with warnings.catch_warnings(), torch.device("meta"):
            warnings.simplefilter("ignore")
            backbone = name in torchvision.models.list_models(module=torchvision.models.segmentation) or \
                name in torchvision.models.list_models(module=torchvision.models.detection)
            return torchvision.models.get_model(name, weights=None, **({"weights_backbone": None} if backbone else {}))
    finally:
        regnet.BlockParams.from_init_params = classmethod(widths)


def own_tensors(model):
    """{module name: [its own parameter and persistent buffer names]} for the modules whose
    class derives from nn.Module itself, not from a torch.nn class: what print(model) cannot
    show. (A subclass of nn.LayerNorm, torchvision's LayerNorm2d, has LayerNorm's tensors.)"""
    found = {}
    for name, module in model.named_modules():
        parent = [c for c in type(module).__mro__ if c.__module__.startswith("torch.nn")][0]
        if parent is not torch.nn.Module:
            continue
        names = [k for k, _ in module.named_parameters(recurse=False)]
        names += [k for k in module._buffers if k not in module._non_persistent_buffers_set]
        if names:
            found[name] = names
    return found


def problem_rows(rows, found):
    for row in rows:
        if not row.known:
            found[row.name] = row.problem
        if row.children is not None:
            problem_rows(row.children.rows, found)
    return found


def uncatalogued(model):
    """torch.nn leaf classes of the model the catalogue does not have yet (a subclass is
    read as its torch.nn parent: NonDynamicallyQuantizableLinear as Linear)."""
    missing = set()
    for module in model.modules():
        if list(module.children()) or isinstance(module, CONTAINERS):
            continue
        parents = [c for c in type(module).__mro__ if c.__module__.startswith("torch.nn.modules")
                   and c.__name__ not in ("Module",)]
        if parents and not any(catalogued(c.__name__) for c in parents):
            missing.add(parents[0].__name__)
    return sorted(missing)


CONTAINERS = (torch.nn.Sequential, torch.nn.ModuleList, torch.nn.ModuleDict)


def catalogued(class_name):
    try:
        find("nn." + class_name)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("name", MODELS)
def test_torchvision_print(name):
    model = build(name)
    missing = uncatalogued(model)
    if missing:
        pytest.skip("not in the PyTorch catalogue yet: " + ", ".join(missing))
    summary = summarize_text(repr(model))
    assert summary.framework == "torch" and summary.class_name == type(model).__name__
    own = own_tensors(model)
    hidden = set()
    for module_name, tensors in own.items():
        hidden.update(module_name + "." + t if module_name else t for t in tensors)
    expected = [(n, p.numel()) for n, p in model.named_parameters() if n not in hidden]
    assert calc_parameters(summary.rows) == expected
    assert summary.total_params == sum(p.numel() for p in model.parameters()) - sum(
        p.numel() for n, p in model.named_parameters() if n in hidden)
    parameters = dict(model.named_parameters())
    buffers = sum(t.numel() for k, t in model.state_dict().items() if k not in parameters and k not in hidden)
    assert (summary.buffers or 0) == buffers
    problems = problem_rows(summary.rows, {})
    if summary.not_followed:  # what the model's own row would say
        problems[""] = " ".join(summary.not_followed)
    attention = {n for n, m in model.named_modules() if type(m) is torch.nn.MultiheadAttention}
    assert set(problems) >= set(own) | attention
    # Other partial rows: a class some of whose instances hold tensors (MViT v1's
    # MultiscaleAttention does not, v2's does): the row says "may".
    modules = dict(model.named_modules())
    for module_name in set(problems) - set(own) - attention:
        assert "may hold" in problems[module_name] and type(modules[module_name]).__name__ in problems[module_name]
    for module_name, tensors in own.items():
        assert all(t in problems[module_name] for t in tensors), problems[module_name]
    for module_name in attention:
        assert "kdim" in problems[module_name]
    assert summary.partial == bool(own or attention)


def test_cli_json_has_framework_and_buffers(tmp_path, capsys):
    import json

    from calc.__main__ import main

    model = build("resnet18")
    path = tmp_path / "resnet18.txt"
    path.write_text(repr(model))
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    parameters = dict(model.named_parameters())
    assert data["framework"] == "torch"
    assert data["total_params"] == sum(p.numel() for p in parameters.values())
    assert data["buffers"] == sum(t.numel() for k, t in model.state_dict().items() if k not in parameters)
    assert "partial" not in data and data["layers"][0]["name"] == "conv1"


def test_megabyte_texts_end_in_one_line_messages_quickly():
    """Hostile print(model) texts of about 1 MB: each is refused with one line naming the
    problem, or counted, within 5 s of CPU (the caps keep the work linear: about 1 s here,
    where a quadratic walk of 15,000 modules would take minutes; 1 s was missed by 3% in CI)."""
    import time

    leaf = "  (x): Linear(in_features=8, out_features=8, bias=True)\n"
    cases = {
        "one long line": ("Net(\n  (a): Linear(" + "1, " * 350000 + ")\n)", "line 2 of the print(model) text is"),
        "too many modules": ("Net(\n" + leaf * 20001 + ")", "more than 20000 modules"),
        "too deep": ("".join("  " * i + "(m): Sequential(\n" for i in range(120)).replace("(m): ", "", 1), "nested more"),
        "cut short": ("Net(\n" + leaf * 15000, "ends inside Net"),
        "garbage": ("Net(\n" + "  (x): ###\n" * 90000 + ")", "line 2: expected a module"),
    }
    for name, (text, message) in cases.items():
        assert len(text) > 10000
        start = time.process_time()  # CPU time: a loaded machine does not count
        with pytest.raises(ValueError) as error:
            summarize_text(text)
        assert time.process_time() - start < 5.0, name
        assert message in str(error.value) and "\n" not in str(error.value), (name, str(error.value)[:200])
    start = time.process_time()
    summary = summarize_text("Net(\n" + leaf * 15000 + ")")  # 850 KB, counted
    assert summary.total_params == 15000 * (8 * 8 + 8) and time.process_time() - start < 5.0


def test_torchvision_classes_table_is_current():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tools.torchvision_classes", "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
