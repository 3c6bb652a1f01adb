"""Reshaping layers need no adapter; the weight-free core layers' InputLayer does (it is
kept here, next to its entry's module, so core.py stays the Dense/Embedding owner's).

Keras's InputLayer is not called on a tensor: constructing it makes the model's input
tensor (layer.output), whose shape is what the entry computes. The oracle passes no
input for it (the entry declares none), so the call just returns that tensor."""

from tests.oracle_adapters import Adapter

ADAPTERS = {
    "InputLayer": Adapter(call=lambda layer, inputs: layer.output),
}
