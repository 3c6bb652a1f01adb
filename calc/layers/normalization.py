"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
RMSNormalization and UnitNormalization.

They share one pattern: every weight is a vector (or, with several axes, a small tensor)
with one entry per position along the normalized axis or axes. Which of gamma, beta and
the moving statistics exist is the only difference between them, so each class is one
table of possible weights.
"""

from calc.args import Arg, Input, to_int
from calc.sample import sample_args, sample_shapes
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, shorten
from calc.weights import Weight


def groups_value(raw, arg):
    """GroupNormalization's groups: a positive integer, or -1 for one group per channel."""
    value = to_int(raw, arg.name)
    if value <= 0 and value != -1:
        raise ValueError("Received an invalid value for argument `groups`, expected a positive "
                         "integer (or `-1` for instance normalization). Received: groups=%s"
                         % shorten(raw))
    return value


def axis_list(cfg):
    """The axis argument as a list (an int, a tuple from the parser, or a JSON list)."""
    axis = cfg["axis"]
    return list(axis) if isinstance(axis, (list, tuple)) else [axis]


def _axis_arg(help, single, counts=True):
    kind = "axis" if single else "axes"
    return Arg("axis", kind, -1, help, counts=counts)


CENTER = Arg("center", "bool", True, "Adds the learned offset beta, one value per normalized "
             "position.", counts=True)
SCALE = Arg("scale", "bool", True, "Adds the learned scale gamma, one value per normalized "
            "position.", counts=True)


def epsilon_arg(default):
    return Arg("epsilon", "float", default, "Small number added to the variance; never changes "
               "the count.")


# (weight name, the boolean argument that switches it on or None if always there, trainable)
BATCH_WEIGHTS = (
    ("gamma", "scale", True),
    ("beta", "center", True),
    ("moving_mean", None, False),
    ("moving_variance", None, False),
    # Batch renormalization keeps three more running statistics, none of them trained.
    ("moving_stddev", "renorm", False),
    ("renorm_mean", "renorm", False),
    ("renorm_stddev", "renorm", False),
)
AFFINE_WEIGHTS = (("gamma", "scale", True), ("beta", "center", True))


class Normalization(LayerSpec):
    family = "normalization"
    single_axis = True  # BatchNormalization and GroupNormalization take one int axis only
    weight_table = ()
    inputs = (Input("input", 1, example=(64,)),)

    def axes(self, cfg, shapes):
        """The normalized axes as Keras uses them: checked against the input's rank, and
        sorted as given (so axis=[-1, 1] puts the last axis first in the weight shape)."""
        rank = len(shapes[0])
        axes = axis_list(cfg)
        for a in axes:
            if a >= rank or a < -rank:
                raise ValueError("Axis %d is out of bounds for input shape %s. Received: axis=%s"
                                 % (a, fmt_shape(shapes[0]), shorten(cfg["axis"])))
        return sorted(axes)

    def enabled(self, cfg):
        """[(name, trainable)] of the weights this config creates, in Keras's order."""
        out = []
        rms = cfg.get("rms_scaling", False)
        for name, flag, trainable in self.weight_table:
            on = flag is None or cfg[flag]
            # LayerNormalization's deprecated rms_scaling keeps gamma and drops beta.
            if rms and name == "gamma":
                on = True
            if rms and name == "beta":
                on = False
            if on:
                out.append((name, trainable))
        return out

    def weight_shape(self, cfg, shapes):
        """One Dim per normalized axis (the count needs each of them known)."""
        axes = self.axes(cfg, shapes)
        rank = len(shapes[0])
        if len(axes) == 1:
            return [self.input_dim(shapes, axes[0], "C", "axis %d (the axis the `axis` argument normalizes)" % axes[0])]
        return [self.input_dim(shapes, a, "d%d" % (a % rank), "axis %d (one of the axes `axis` normalizes)" % a,
                               "d_{%d}" % (a % rank)) for a in axes]

    def check(self, cfg, shapes):
        self.axes(cfg, shapes)
        if "groups" in cfg:  # GroupNormalization: the groups split the channels evenly
            channels = self.weight_shape(cfg, shapes)[0].value
            groups = channels if cfg["groups"] == -1 else cfg["groups"]
            if groups > channels:
                raise ValueError("The number of groups cannot be more than the number of "
                                 "channels. Received: groups=%d, channels=%d" % (groups, channels))
            if channels % groups:
                raise ValueError("The number of channels must be evenly divisible by the number "
                                 "of groups. Received: groups=%d, channels=%d" % (groups, channels))

    def build(self, cfg, shapes):
        made = self.enabled(cfg)
        if not made:
            return []
        shape = self.weight_shape(cfg, shapes)
        return [Weight(name, shape, trainable) for name, trainable in made]

    def output_shape(self, cfg, shapes):
        return shapes[0]

    def sample(self, rng):
        """Axes within the input's rank (now and then outside it), lists of two axes where
        the class takes them, and for GroupNormalization mostly groups dividing the channels."""
        args = sample_args(self, rng)
        shapes = sample_shapes(self, rng, args)
        full = (None,) + tuple(shapes[0])
        if self.single_axis or rng.chance(0.6):
            args["axis"] = -1 if rng.chance(0.4) else random_axis(rng, len(full))
        else:
            args["axis"] = [random_axis(rng, len(full)), random_axis(rng, len(full))]
        if "groups" in args:
            axis = args["axis"]
            dim = full[axis] if -len(full) <= axis < len(full) else None
            if dim is not None and rng.chance(0.8):
                args["groups"] = rng.choice([g for g in range(1, dim + 1) if dim % g == 0] + [-1])
            else:
                args["groups"] = rng.choice([-2, -1, 0, 1, 2, 3, 4, 32])
        return args, shapes


def random_axis(rng, rank):
    """A non-batch axis of a rank-`rank` shape, from the front or the back; one time in
    seven any axis from -rank to rank, batch and out-of-range ones included."""
    if rng.chance(0.15):
        return rng.randint(-rank, rank)
    axis = rng.randint(1, rank - 1)
    return axis - rank if rng.chance(0.5) else axis


register(
    Normalization(
        "BatchNormalization",
        summary=("Normalizes each channel with the batch's mean and variance while training "
                 "and with running averages of them at inference, then rescales and shifts it."),
        args=(_axis_arg("The channel axis: one gamma, beta, moving mean and moving variance "
                        "per position along it.", True),
              Arg("momentum", "float", 0.99, "Momentum of the moving averages; never changes "
                  "the count."),
              epsilon_arg(0.001), CENTER, SCALE,
              Arg("renorm", "bool", False, "Batch renormalization: adds three non-trainable "
                  "running statistics per channel.", counts=True),
              Arg("synchronized", "bool", False, "Shares batch statistics across devices; never "
                  "changes the count.")),
        weight_table=BATCH_WEIGHTS),
    Normalization(
        "LayerNormalization",
        summary=("Normalizes each example on its own over the chosen axes, then rescales and "
                 "shifts every position with learned values."),
        args=(_axis_arg("The axis or axes normalized over; gamma and beta have their sizes.",
                        False),
              epsilon_arg(0.001), CENTER, SCALE,
              Arg("rms_scaling", "bool", False, "Deprecated: keeps gamma and drops beta "
                  "(RMSNormalization is the right layer for that).", counts=True)),
        single_axis=False,
        example_input=[(10, 64)],
        weight_table=AFFINE_WEIGHTS),
    Normalization(
        "GroupNormalization",
        summary=("Splits the channels into groups and normalizes each group of each example on "
                 "its own, then rescales and shifts every channel."),
        args=(Arg("groups", groups_value, 32, "Number of channel groups (-1: one per channel); "
                  "must divide the channels, never changes the count."),
              _axis_arg("The channel axis: one gamma and one beta per channel.", True),
              epsilon_arg(0.001), CENTER, SCALE),
        inputs=(Input("input", 1, example=(10, 64)),),
        weight_table=AFFINE_WEIGHTS),
    Normalization(
        "RMSNormalization",
        summary=("Divides each example by its root mean square over the chosen axes, then "
                 "rescales every position with a learned value."),
        args=(_axis_arg("The axis or axes normalized over; the scale has their sizes.", False),
              epsilon_arg(1e-06)),
        single_axis=False,
        example_input=[(10, 64)],
        weight_table=(("scale", None, True),)),
    Normalization(
        "UnitNormalization",
        summary="Divides each example by its L2 norm over the chosen axes, so it has length 1.",
        args=(_axis_arg("The axis or axes whose L2 norm becomes 1; never changes the count "
                        "(there are no weights).", False, counts=False),),
        single_axis=False,
        weight_free_reason=("It only divides by a norm computed from the input itself; nothing "
                            "is learned or stored.")),
)
