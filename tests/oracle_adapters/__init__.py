"""How the Keras oracle builds each catalogued layer in real Keras, where the default
(``cls(**args)`` called on one ``keras.Input`` per input) is not enough.

Each module in this package defines ADAPTERS: {class name: Adapter}. One module per
family, so families can be worked on apart.
"""

import importlib
import pkgutil


class Adapter:
    """kwargs(args) -> constructor kwargs; call(layer, inputs) -> Keras output tensor(s)
    (by default as the entry's keras_call says); weight_name(name) -> the name to
    compare, for variables Keras numbers globally."""

    def __init__(self, kwargs=None, call=None, weight_name=None):
        self.kwargs = kwargs or (lambda args: dict(args))
        self.call = call
        self.weight_name = weight_name or (lambda name: name)


def default_call(entry, layer, inputs):
    """The call the page's Keras snippet makes too (LayerSpec.keras_call)."""
    if entry.keras_call == "none":
        return layer.output  # InputLayer: constructing it makes the input tensor
    if entry.keras_call == "separate":
        return layer(*inputs)
    return layer(inputs[0]) if len(inputs) == 1 else layer(inputs)


DEFAULT = Adapter()


def all_adapters():
    merged = {}
    for module in pkgutil.iter_modules(__path__):
        merged.update(importlib.import_module(__name__ + "." + module.name).ADAPTERS)
    return merged
