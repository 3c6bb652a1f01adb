"""How the Keras oracle builds a catalogued layer in real Keras. By default: the class
called with the sampled arguments, then called on keras.Input tensors as calc.keras_call
says (the same inputs and call the page's "Check it in Keras" snippet writes). ADAPTERS
holds the few layers that need more, each with the reason."""

import keras

from calc.args import Arg
from calc.keras_call import call_form, keras_inputs
from calc.layers.wrappers import InnerLayer, layer_arg


class Adapter:
    """kwargs(args) -> constructor kwargs; weight_name(name) -> the name to compare, for
    variables Keras numbers across the session."""

    def __init__(self, kwargs=None, weight_name=None):
        self.kwargs = kwargs or (lambda args: dict(args))
        self.weight_name = weight_name or (lambda name: name)


DEFAULT = Adapter()


def make_inputs(entry, shapes):
    """keras.Input tensors for shapes without the batch axis, with the dtypes the layer reads."""
    return [keras.Input(batch_shape=shape, dtype=dtype) for shape, dtype in keras_inputs(entry, shapes)]


def call(entry, layer, inputs):
    form = call_form(entry, len(inputs))
    if form == "none":
        return layer.output  # InputLayer: constructing it makes the input tensor
    if form == "separate":
        return layer(*inputs)
    return layer(inputs[0]) if form == "one" else layer(inputs)


# Wrappers take a layer object: the raw value (text such as 'LSTM(units=4)' or a config
# dict) becomes a real Keras layer; calc's parser only splits it into class and values.
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


def without_trainable(args):
    # SpatialDropout1D/2D/3D's constructors refuse `trainable` (rate, seed, name, dtype and
    # data_format only). They have no weights, so freezing changes nothing.
    return dict((k, v) for k, v in args.items() if k != "trainable")


def unnumbered(name):
    # ConvNeXt's LayerScale calls add_weight() without a name: Keras names such variables
    # variable, variable_1, ... across the session, so the number is dropped to compare.
    return "variable" if name.startswith("variable") else name


ADAPTERS = {
    "Bidirectional": Adapter(wrapper_kwargs),
    "TimeDistributed": Adapter(wrapper_kwargs),
    "SpectralNormalization": Adapter(wrapper_kwargs),
    "SpatialDropout1D": Adapter(without_trainable),
    "SpatialDropout2D": Adapter(without_trainable),
    "SpatialDropout3D": Adapter(without_trainable),
    "LayerScale": Adapter(weight_name=unnumbered),
}
