"""Layers that Keras Applications define and register themselves (they are not in
keras.layers, but every saved ConvNeXt or InceptionResNetV2 uses them)."""

from calc.args import Arg, Input
from calc.dims import sym
from calc.layers.merging import broadcast
from calc.sample import sample_args, sample_shapes
from calc.spec import LayerSpec, register
from calc.weights import Weight


class LayerScale(LayerSpec):
    family = "applications"
    keras_module = "keras.src.applications.convnext"
    summary = ("ConvNeXt's layer scale: multiplies each channel by its own learned factor, "
               "one number per channel.")
    args = (
        Arg("init_values", "float", help="Starting value of every factor; never changes the count.",
            example=1e-6, low=0),
        Arg("projection_dim", "int", help="Number of channels: one learned factor each.",
            counts=True, example=96, sample=(1, 64)),
    )
    inputs = (Input("input", 1, example=(56, 56, 96)),)

    def build(self, cfg, shapes):
        # Keras's LayerScale calls add_weight without a name, so the variable is "variable".
        return [Weight("variable", [sym("projection_dim", cfg["projection_dim"], r"\mathrm{projection\_dim}")])]

    def sample(self, rng):
        """As ConvNeXt uses it: the last axis is the channels, projection_dim of them."""
        args = sample_args(self, rng)
        shape = sample_shapes(self, rng, args)[0]
        return args, [shape[:-1] + (args["projection_dim"],)]

    def output_shape(self, cfg, shapes):
        # x * gamma: gamma (projection_dim,) broadcasts against the last axis.
        return broadcast(shapes[0], (cfg["projection_dim"],))


class CustomScaleLayer(LayerSpec):
    family = "applications"
    keras_module = "keras.src.applications.inception_resnet_v2"
    summary = ("InceptionResNetV2's residual join: adds the residual branch, scaled by a fixed "
               "number, to the shortcut.")
    weight_free_reason = "The scale is a fixed number from the config, not a learned weight."
    args = (Arg("scale", "float", help="The fixed factor on the residual branch.", example=0.17),)
    inputs = (Input("shortcut", 1, example=(35, 35, 320)), Input("residual", 1, example=(35, 35, 320)))

    def sample(self, rng):
        """Shortcut and residual of one shape, as in InceptionResNetV2."""
        args = sample_args(self, rng)
        shape = sample_shapes(self, rng, args)[0]
        return args, [shape, shape]

    def output_shape(self, cfg, shapes):
        # inputs[0] + inputs[1] * scale: NumPy broadcasting, as Keras computes it.
        return broadcast(shapes[0], shapes[1])


register(LayerScale("LayerScale"), CustomScaleLayer("CustomScaleLayer"))
