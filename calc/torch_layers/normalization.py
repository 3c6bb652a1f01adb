"""torch.nn's other normalizations (torch/nn/modules/normalization.py): LayerNorm, RMSNorm
and GroupNorm learn a scale (weight) and, except RMSNorm, a shift (bias);
LocalResponseNorm and CrossMapLRN2d learn nothing. Unlike BatchNorm they keep no running
statistics, so they have no buffers.

LayerNorm's and RMSNorm's tensors have the shape normalized_shape, the trailing axes they
normalize over: LayerNorm((5, 10, 10)) has a weight (5, 10, 10) of 500 values, where
Keras's LayerNormalization(axis=-1) would have one of 10.
"""

from calc.args import Arg, to_int
from calc.dims import sym
from calc.text import received, split_items
from calc.torch_layers.common import WeightFree, float_arg
from calc.torch_spec import TorchSpec, register, size_arg
from calc.weights import Weight

MAX_NORMALIZED_AXES = 8


def normalized_shape(raw, arg):
    """An int (one trailing axis) or a tuple of them, as LayerNorm reads it."""
    items = split_items(raw)
    if len(items) > MAX_NORMALIZED_AXES:
        raise ValueError("normalized_shape has %d axes; the limit is %d. %s"
                         % (len(items), MAX_NORMALIZED_AXES, received("normalized_shape", raw)))
    values = []
    for item in items:
        value = to_int(item, "normalized_shape")
        if value < 1:
            raise ValueError("normalized_shape must hold positive integers. %s"
                             % received("normalized_shape", raw))
        values.append(value)
    return tuple(values)


def normalized_shape_arg():
    return Arg("normalized_shape", normalized_shape, help="The trailing axes normalized over: "
               "an int (the last axis's size) or a tuple; weight and bias take this shape.",
               counts=True, example=(5, 10, 10), sample=(1, 8))


def normalized_dims(cfg):
    sizes = cfg["normalized_shape"]
    if len(sizes) == 1:
        return [sym("normalized_shape", sizes[0], r"\mathrm{normalized\_shape}")]
    return [sym("n%d" % i, size, "n_{%d}" % i, meaning="`normalized_shape[%d]`" % i)
            for i, size in enumerate(sizes)]


class NormalizedShape(TorchSpec):
    """LayerNorm (weight and bias) and RMSNorm (weight only), both of normalized_shape."""

    family = "normalization"
    has_bias = True

    def build(self, cfg, shapes):
        if not cfg["elementwise_affine"]:
            return []
        dims = normalized_dims(cfg)
        weights = [Weight("weight", dims)]
        if self.has_bias and cfg["bias"]:
            weights.append(Weight("bias", dims))
        return weights

    def sample(self, rng):
        args, _ = TorchSpec.sample(self, rng)
        args["normalized_shape"] = tuple(rng.randint(1, 12) for _ in range(rng.randint(1, 3)))
        return args, []


class GroupNorm(TorchSpec):
    family = "normalization"

    def check(self, cfg, shapes):
        if cfg["num_channels"] % cfg["num_groups"]:
            raise ValueError("num_channels (%d) must be divisible by num_groups (%d). Received: "
                             "num_channels=%d, num_groups=%d" % (cfg["num_channels"], cfg["num_groups"],
                                                                 cfg["num_channels"], cfg["num_groups"]))

    def build(self, cfg, shapes):
        if not cfg["affine"]:
            return []
        c = sym("num_channels", cfg["num_channels"], r"\mathrm{num\_channels}")
        weights = [Weight("weight", [c])]
        if cfg["bias"]:
            weights.append(Weight("bias", [c]))
        return weights

    def sample(self, rng):
        args, _ = TorchSpec.sample(self, rng)
        if rng.chance(0.9):
            args["num_channels"] = args["num_groups"] * rng.randint(1, 8)
        return args, []


def lrn_args(k_default):
    return (Arg("size", "int", help="Number of neighbouring channels used for normalization.",
                example=5, sample=(1, 8)),
            float_arg("alpha", 1e-4, "Multiplicative factor"),
            float_arg("beta", 0.75, "Exponent"), float_arg("k", k_default, "Additive factor"))


LRN_REASON = "it divides each value by a power of the sum of squares of its neighbouring channels: nothing is learned"

register(
    NormalizedShape("nn.LayerNorm", summary="Normalizes each sample over its trailing axes "
                    "normalized_shape, then scales and shifts elementwise: weight and bias of "
                    "shape normalized_shape.", args=(
                        normalized_shape_arg(),
                        float_arg("eps", 1e-5, "Added to the variance for numerical stability"),
                        Arg("elementwise_affine", "bool", True, "False learns neither weight nor "
                            "bias.", counts=True),
                        Arg("bias", "bool", True, "False leaves out the bias (when "
                            "elementwise_affine).", counts=True))),
    GroupNorm("nn.GroupNorm", summary="Normalizes each sample's channels in num_groups groups, "
              "then scales and shifts each channel: weight and bias (num_channels,).", args=(
                  Arg("num_groups", "int", help="Number of groups the channels are split into "
                      "(it must divide num_channels; it never changes the count).", example=8,
                      sample=(1, 6)),
                  size_arg("num_channels", "Number of channels of the input (N, C, ...); "
                           "num_groups must divide it.", example=32),
                  float_arg("eps", 1e-5, "Added to the variance for numerical stability"),
                  Arg("affine", "bool", True, "False learns neither weight nor bias.", counts=True),
                  Arg("bias", "bool", True, "Keyword-only. False leaves out the bias (when "
                      "affine).", counts=True))),
    NormalizedShape("nn.RMSNorm", summary="Divides each sample by the root mean square over its "
                    "trailing axes normalized_shape, then scales elementwise: weight of shape "
                    "normalized_shape, no bias.", has_bias=False,
                    args=(normalized_shape_arg(),
                          Arg("eps", "float", None, "Added for numerical stability; None means "
                              "the dtype's machine epsilon. Never changes the count.", none_ok=True),
                          Arg("elementwise_affine", "bool", True, "False learns no weight.",
                              counts=True))),
    WeightFree("nn.LocalResponseNorm", family="normalization", summary="Normalizes each value "
               "by the squares of its size neighbouring channels (AlexNet's LRN).",
               weight_free_reason=LRN_REASON, args=lrn_args(1.0)),
    WeightFree("nn.CrossMapLRN2d", family="normalization", summary="Local response "
               "normalization across channels of a 4D input (Lua Torch's SpatialCrossMapLRN).",
               weight_free_reason=LRN_REASON, args=lrn_args(1)),
)
