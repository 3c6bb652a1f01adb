"""The "Check it in PyTorch" program: builds a torch.nn module with a calculator's fields and
prints what PyTorch counts, parameters (split by requires_grad) and buffers. Shown on the
PyTorch pages (tools/sitegen/torch_page.py) and copied by the widget's "Copy PyTorch code"
(web/calcview.py snippet_json); tests/test_torch_snippets.py runs every page's in PyTorch.

The keyword arguments are the entry's torch_kwargs, the ones the oracle tests build the
module with (tests/torch_oracle.py), so the program builds what calc counted.
"""

from calc.catalogue import find, read_config
from calc.torch_spec import InnerModule

COUNT_LINES = (
    'print("total:", sum(p.numel() for p in m.parameters()))',
    'print("trainable:", sum(p.numel() for p in m.parameters() if p.requires_grad))',
    'print("non-trainable:", sum(p.numel() for p in m.parameters() if not p.requires_grad))',
    "# Buffers (running statistics...) are saved in state_dict but are not parameters.",
    'print("buffers:", sum(b.numel() for b in m.buffers()))',
)


def value_source(value):
    """A parsed argument as Python writes it; a module argument as its constructor call."""
    if isinstance(value, InnerModule):
        return module_source(value.entry, value.cfg)
    return repr(value)


def factory_source(entry, cfg):
    """[device=..., dtype=...] where the factory keywords are set."""
    parts = []
    if entry.takes_factory_args:
        if cfg.get("device"):
            parts.append("device=%r" % cfg["device"])
        if cfg.get("dtype", "float32") != "float32":
            parts.append("dtype=torch.%s" % cfg["dtype"])
    return parts


def module_source(entry, cfg):
    """nn.Linear(in_features=128, out_features=64): the arguments that differ from their
    defaults (required ones always), then the factory keywords where they are set."""
    kwargs = entry.torch_kwargs(cfg)
    parts = []
    for a in entry.args:
        if a.name in kwargs and (a.required or kwargs[a.name] != a.default):
            parts.append("%s=%s" % (a.name, value_source(kwargs[a.name])))
    return "%s(%s)" % (entry.name, ", ".join(parts + factory_source(entry, cfg)))


def torch_snippet(layer, fields):
    """A runnable program for {argument: text} (the widget's fields or the page's example).
    Raises ValueError, as the calculator does, on a field it cannot read."""
    entry = find(layer)
    given = dict((k, v) for k, v in fields.items() if entry.arg(k) is not None and v not in (None, ""))
    cfg = read_config(entry, None, given)
    lines = ["import torch", "from torch import nn", "", "m = " + module_source(entry, cfg)]
    first_input = entry.lazy_example_input(cfg)
    if first_input:
        # A Lazy module's parameters have no shape (nothing to count) until a first call.
        # The input is made like the module's tensors (same device and dtype).
        factory = "".join(", " + part for part in factory_source(entry, cfg))
        lines.append("m(%s)  # a first input: the Lazy module infers its sizes from it" % ", ".join(
            "torch.zeros(%r%s)" % (tuple(shape), factory) for shape in first_input))
    return "\n".join(lines + list(COUNT_LINES))
