"""Bidirectional, TimeDistributed and SpectralNormalization take a layer object: the
oracle turns the raw value (text such as 'LSTM(units=4)' or a config dict) into a real
Keras layer, reading it with calc's own parser only to split it into class and values."""

import keras

from calc.args import Arg
from calc.layers.wrappers import InnerLayer, layer_arg
from tests.oracle_adapters import Adapter

LAYER_ARGS = ("layer", "backward_layer")


def keras_layer(value):
    """An InnerLayer (or raw text / dict) -> a fresh Keras layer with the given arguments."""
    if not isinstance(value, InnerLayer):
        value = layer_arg(value, Arg("layer", layer_arg))
    kwargs = {}
    for key in value.given:
        v = value.given[key]
        kwargs[key] = keras_layer(v) if isinstance(v, InnerLayer) else v
    return getattr(keras.layers, value.entry.name)(**kwargs)


def wrapper_kwargs(args):
    kwargs = dict(args)
    for key in LAYER_ARGS:
        if kwargs.get(key) is not None:
            kwargs[key] = keras_layer(kwargs[key])
    return kwargs


ADAPTERS = {
    "Bidirectional": Adapter(wrapper_kwargs),
    "TimeDistributed": Adapter(wrapper_kwargs),
    "SpectralNormalization": Adapter(wrapper_kwargs),
}
