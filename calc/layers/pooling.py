"""Pooling layers: windowed (max/average), global and adaptive, in 1, 2 and 3 dimensions.

None of them has weights; what they change is the output shape. Keras has one base
class for each kind (BasePooling, BaseGlobalPooling, BaseAdaptivePooling), and so do we.
"""

from calc.args import REQUIRED, Arg, Input
from calc.layers.conv_shapes import DATA_FORMAT, assemble, is_channels_last, window_output
from calc.spec import LayerSpec, register
from calc.text import shorten

AXES = {1: "steps", 2: "height and width", 3: "depth, height and width"}
EXAMPLE_INPUT = {1: (10, 8), 2: (32, 32, 3), 3: (16, 16, 16, 3)}
MODES = {"Max": "maximum", "Average": "mean"}


class ExactChoice(Arg):
    """A choice matched as written: BasePooling passes padding on unchanged, so Keras
    accepts 'same' but refuses 'SAME' (the convolutions lower-case it first)."""

    def _choice(self, raw):
        value = raw.strip() if isinstance(raw, str) else raw
        if value in self.choices:
            return value
        shown = " or ".join(repr(c) for c in self.choices)
        raise ValueError("Argument `%s` must be %s, in lower case. Received: %s=%s"
                         % (self.name, shown, self.name, shorten(raw)))


class Pooling(LayerSpec):
    """MaxPooling and AveragePooling (Keras's BasePooling): a window slides like a
    convolution's kernel but takes the maximum or mean, so there is nothing to learn."""

    family = "pooling"
    weight_free_reason = ""  # set per layer: the one operation it does

    def __init__(self, name, rank, mode):
        LayerSpec.__init__(self, name)
        self.rank = rank
        self.weight_free_reason = ("It takes the %s of each window, a fixed rule with "
                                   "nothing to learn." % MODES[mode])
        self.summary = ("Shrinks the %s by keeping the %s of each window, channel by "
                        "channel." % (AXES[rank], MODES[mode]))
        # MaxPooling defaults pool_size to 2; AveragePooling requires it.
        default = (2,) * rank if mode == "Max" else REQUIRED
        pool_size = Arg("pool_size", "ints", default,
                        "Size of the window (%s); an int means the same on every axis."
                        % AXES[rank], example=2, rank=rank, sample=(1, 4))
        self.args = (
            pool_size,
            Arg("strides", "ints", None, "Step between windows; None means pool_size.",
                rank=rank, none_ok=True, sample=(1, 3)),
            ExactChoice("padding", "choice", "valid", "'valid' keeps whole windows only; 'same' "
                        "pads so that only strides shrink the output.",
                        choices=("valid", "same")),
            DATA_FORMAT,
        )
        self.inputs = (Input("input", rank + 1, rank + 1, example=EXAMPLE_INPUT[rank]),)

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        return window_output(shape, cfg, shape[-1] if is_channels_last(cfg) else shape[1],
                             "pool_size")


class GlobalPooling(LayerSpec):
    """GlobalMaxPooling and GlobalAveragePooling (Keras's BaseGlobalPooling): one value
    per channel over all of the spatial axes."""

    family = "pooling"
    weight_free_reason = ""  # set per layer: the one operation it does

    def __init__(self, name, rank, mode):
        LayerSpec.__init__(self, name)
        self.rank = rank
        self.weight_free_reason = ("It takes the %s over every position of each channel, a "
                                   "fixed rule with nothing to learn." % MODES[mode])
        self.summary = ("Reduces each channel to one number, the %s over all its %s."
                        % (MODES[mode], AXES[rank]))
        self.args = (
            DATA_FORMAT,
            Arg("keepdims", "bool", False, "Keeps the spatial axes, each of length 1, "
                "instead of dropping them."),
        )
        self.inputs = (Input("input", rank + 1, rank + 1, example=EXAMPLE_INPUT[rank]),)

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        channels = shape[-1] if is_channels_last(cfg) else shape[1]
        lengths = (1,) * self.rank if cfg["keepdims"] else ()
        return assemble(shape, cfg, lengths, channels)


class AdaptivePooling(LayerSpec):
    """AdaptiveMaxPooling and AdaptiveAveragePooling (Keras's BaseAdaptivePooling): the
    windows are sized from the input so the output has exactly output_size positions."""

    family = "pooling"
    weight_free_reason = ""  # set per layer: the one operation it does

    def __init__(self, name, rank, mode):
        LayerSpec.__init__(self, name)
        self.rank = rank
        self.weight_free_reason = ("It takes the %s of windows sized to fit output_size, a "
                                   "fixed rule with nothing to learn." % MODES[mode])
        self.summary = ("Pools the %s down to a fixed output_size whatever the input size, "
                        "keeping the %s of each window." % (AXES[rank], MODES[mode]))
        self.args = (
            Arg("output_size", "ints", help="Length of each pooled axis in the output (%s); "
                "an int means the same on every axis." % AXES[rank], example=4, rank=rank,
                sample=(1, 8)),
            DATA_FORMAT,
        )
        self.inputs = (Input("input", rank + 1, rank + 1, example=EXAMPLE_INPUT[rank]),)

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        channels = shape[-1] if is_channels_last(cfg) else shape[1]
        return assemble(shape, cfg, cfg["output_size"], channels)


def _family(cls, prefix):
    """Max and Average, in 1, 2 and 3 dimensions."""
    entries = []
    for mode in ("Max", "Average"):
        for rank in (1, 2, 3):
            entries.append(cls("%s%sPooling%dD" % (prefix, mode, rank), rank, mode))
    return entries


register(*_family(Pooling, ""))
register(*_family(GlobalPooling, "Global"))
register(*_family(AdaptivePooling, "Adaptive"))
