"""Activation layers: an element-wise function as a layer of its own.

Only PReLU learns anything (its negative slope, one per input position unless shared);
the others apply a fixed formula and have no weights.
"""

from calc.args import Arg, Input, to_int
from calc.dims import const
from calc.sample import sample_args, sample_shapes
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, is_none, shorten
from calc.weights import Weight

# keras.activations names in Keras 3.15 (activations.get accepts exactly these strings).
ACTIVATIONS = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
)


def activation_name(raw, arg):
    """An activation's name, spelled exactly as Keras does (it is case-sensitive); None
    means the identity."""
    if raw is None or isinstance(raw, str) and raw.strip().lower() in ("none", "null"):
        return None
    if isinstance(raw, str) and raw.strip() in ACTIVATIONS:
        return raw.strip()
    raise ValueError("Could not interpret activation function identifier: %s. Known names: %s"
                     % (shorten(raw), ", ".join(ACTIVATIONS)))


def shared_axes_value(raw, arg):
    """PReLU's shared_axes: None, one integer, or a list of them (any sign, as Keras
    uses them as list indices)."""
    if is_none(raw):
        return None
    if isinstance(raw, (list, tuple)):
        items = raw
    elif isinstance(raw, str):
        items = [p for p in raw.strip().strip("[]()").split(",") if p.strip()]
    else:
        items = [raw]
    return tuple(to_int(i, arg.name) for i in items)


NEVER = "; never changes the count."


class ActivationLayer(LayerSpec):
    family = "activation"
    inputs = (Input("input", 1, example=(32,)),)
    weight_free_reason = ("It applies a fixed formula to each number on its own; there is "
                          "nothing to learn.")

    def build(self, cfg, shapes):
        if not self.has_weights:
            return []
        # PReLU: alpha has the input's shape without the batch axis, with 1 on every shared
        # axis. Keras writes the 1 at list index (axis - 1), so axis 0 means the last axis.
        rank = len(shapes[0]) - 1
        shared = cfg["shared_axes"] or ()
        alpha = [None] * rank
        for axis in shared:
            if not -rank <= axis - 1 < rank:
                raise ValueError("shared_axes must name axes of the input (1 to %d). "
                                 "Received: shared_axes=%s for input_shape %s"
                                 % (rank, shorten(cfg["shared_axes"]), fmt_shape(shapes[0])))
            alpha[axis - 1] = const(1)
        for i in range(rank):
            if alpha[i] is None and i == rank - 1:
                alpha[i] = self.input_dim(shapes, -1, "C", "last axis (channels, not in shared_axes)")
            elif alpha[i] is None:
                alpha[i] = self.input_dim(shapes, i + 1, "d%d" % (i + 1),
                                          "axis %d (not in shared_axes)" % (i + 1), "d_{%d}" % (i + 1))
        return [Weight("alpha", alpha)]

    def sample(self, rng):
        args = sample_args(self, rng)
        shapes = sample_shapes(self, rng, args)
        if self.arg("shared_axes") is not None and rng.chance(0.6):
            rank = len(shapes[0])
            # Usually valid axes 1..rank; now and then 0 or one past the end.
            args["shared_axes"] = [rng.randint(0, rank + 1) if rng.chance(0.1) else rng.randint(1, rank)
                                   for _ in range(rng.randint(1, 2))]
            if len(args["shared_axes"]) == 1 and rng.chance(0.5):
                args["shared_axes"] = args["shared_axes"][0]
        return args, shapes


register(
    ActivationLayer(
        "PReLU",
        summary=("A leaky ReLU whose slope for negative inputs is learned, one slope per input "
                 "position unless axes share it."),
        args=(Arg("shared_axes", shared_axes_value, None, "Axes along which one slope is shared "
                  "(e.g. 1,2 for one slope per channel of an image): each becomes 1 in alpha's "
                  "shape.", counts=True),),
        inputs=(Input("input", 1, example=(28, 28, 16)),),
        example_input=[(28, 28, 16)],
        weight_free_reason=None),
    ActivationLayer(
        "Activation",
        summary="Applies a named activation function, such as relu or softmax, to its input.",
        args=(Arg("activation", activation_name, help="The activation's Keras name" + NEVER,
                  example="relu", sample=list(ACTIVATIONS)),)),
    ActivationLayer(
        "ELU",
        summary="The exponential linear unit: x for positive x, alpha·(exp(x) - 1) otherwise.",
        args=(Arg("alpha", "float", 1.0, "Scale of the negative part" + NEVER, sample=(-1.0, 2.0)),)),
    ActivationLayer(
        "ReLU",
        summary=("The rectified linear unit, optionally capped at max_value, with a slope below "
                 "a threshold."),
        args=(Arg("max_value", "float", None, "Largest output value (None: no cap)" + NEVER,
                  none_ok=True, low=0.0, sample=(-0.5, 6.0)),
              Arg("negative_slope", "float", 0.0, "Slope below the threshold" + NEVER, low=0.0,
                  sample=(-0.2, 1.0)),
              Arg("threshold", "float", 0.0, "Inputs below it are damped" + NEVER, low=0.0,
                  sample=(-0.2, 2.0)))),
    ActivationLayer(
        "LeakyReLU",
        summary="A ReLU that lets a small fixed fraction of negative inputs through.",
        args=(Arg("negative_slope", "float", 0.3, "Slope for negative inputs" + NEVER, low=0.0,
                  sample=(-0.2, 1.0)),)),
    ActivationLayer(
        "Softmax",
        summary="Turns the values along an axis into probabilities that sum to 1.",
        args=(Arg("axis", "axes", -1, "The axis (or axes) the probabilities sum over" + NEVER),)),
)
