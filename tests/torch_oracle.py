"""The PyTorch oracle: build a catalogue configuration in real PyTorch (on the meta device:
shapes without memory, so a large configuration costs nothing) and compare the parameters
(names, shapes, requires_grad, in order) and the persistent buffers with what calc says."""

import torch
from torch import nn

from calc.catalogue import compute, find, read_config
from calc.torch_spec import InnerModule, ModuleArg, TensorArg, TensorValue

REFUSED_BY_BOTH = "refused by both"


def torch_value(value):
    """A checked argument value as PyTorch's constructor takes it."""
    if isinstance(value, InnerModule):
        return build(value.entry, value.cfg)
    if isinstance(value, TensorValue):  # a loss's weight, given by its length
        return torch.ones(value.length, device="meta")
    return value


def build(entry, cfg):
    """The torch.nn module for a checked config, on the meta device."""
    kwargs = {}
    for name, value in entry.torch_kwargs(cfg).items():
        kwargs[name] = torch_value(value)
    if entry.takes_factory_args:
        kwargs["dtype"] = getattr(torch, cfg["dtype"])
    with torch.device("meta"):
        module = getattr(nn, entry.class_name)(**kwargs)
        example = entry.lazy_example_input(cfg)
        if example is not None:  # a Lazy module makes its parameters at its first call
            module(*[torch.zeros(shape) for shape in example])
    return module


def persistent_buffers(module):
    """(name, shape) of the buffers state_dict() saves, in named_buffers() order."""
    saved = set(module.state_dict().keys())
    return [(name, tuple(b.shape)) for name, b in module.named_buffers() if name in saved]


def torch_tensors(module):
    params = [(name, tuple(p.shape), p.requires_grad) for name, p in module.named_parameters()]
    return params, persistent_buffers(module)


def our_tensors(result):
    params = [(w.label, w.shape_values(), w.trainable) for w in result.weights]
    buffers = [(b.label, b.shape_values()) for b in result.buffers]
    return params, buffers


def compare(entry, args):
    """None when calc and PyTorch agree on `args`, REFUSED_BY_BOTH, or a description."""
    try:
        ours = compute(entry, args)
    except ValueError as e:
        ours = e
    try:
        if isinstance(ours, ValueError):
            module = build_raw(entry, args)
        else:
            module = build(entry, read_config(entry, None, args))
    except Exception as e:  # PyTorch raises ValueError, RuntimeError, AssertionError, TypeError
        theirs = e
    else:
        theirs = torch_tensors(module)
    if isinstance(ours, ValueError) and isinstance(theirs, Exception):
        return REFUSED_BY_BOTH
    if isinstance(ours, ValueError):
        return "%s %r: calc refused (%s), PyTorch builds %s" % (entry.name, args, ours, theirs)
    if isinstance(theirs, Exception):
        return "%s %r: PyTorch refused (%s: %s), calc counts %d" % (
            entry.name, args, type(theirs).__name__, theirs, ours.total_params)
    mine = our_tensors(ours)
    if mine != theirs:
        return "%s %r:\n  calc    %s\n  PyTorch %s" % (entry.name, args, mine, theirs)
    return None


def build_raw(entry, args):
    """PyTorch's own answer to arguments calc refused: the sampled values as they are."""
    kwargs = {}
    for name, value in args.items():
        arg = entry.arg(name)
        if arg is not None and getattr(arg, "not_constructor", False):
            continue
        if isinstance(arg, TensorArg):  # PyTorch takes the tensor the length stands for
            try:
                value = torch_value(arg.parse(value))
            except ValueError:
                pass
        if isinstance(arg, ModuleArg) and isinstance(value, dict) and "class" in value:
            # a module argument: PyTorch builds (or refuses) the inner module first
            value = build_raw(find(value["class"]), value.get("kwargs", {}))
        kwargs[name] = value
    with torch.device("meta"):
        module = getattr(nn, entry.class_name)(**kwargs)
        # A Lazy module refuses some sizes only at its first call (in_channels % groups):
        # call it, on the sampled values over the defaults.
        given = dict((a.name, a.default) for a in entry.all_args())
        given.update(args)
        example = entry.lazy_example_input(given)
        if example is not None:
            module(*[torch.zeros(shape) for shape in example])
    return module
