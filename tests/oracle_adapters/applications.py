"""The layers Keras Applications register live in their model's module."""

from tests.oracle_adapters import Adapter


def _convnext_layer_scale():
    from keras.src.applications.convnext import LayerScale

    return LayerScale


def _inception_resnet_scale():
    from keras.src.applications.inception_resnet_v2 import CustomScaleLayer

    return CustomScaleLayer


def _unnumbered(name):
    """An unnamed add_weight() is called variable, variable_1, ... across the session."""
    return "variable" if name.startswith("variable") else name


ADAPTERS = {
    "LayerScale": Adapter(cls=_convnext_layer_scale, weight_name=_unnumbered),
    "CustomScaleLayer": Adapter(cls=_inception_resnet_scale),
}
