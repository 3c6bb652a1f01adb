"""Convolution layers: regular, transposed, depthwise and separable, in 1, 2 and 3 dimensions.

Like Keras (base_conv.py, base_conv_transpose.py, base_depthwise_conv.py,
base_separable_conv.py), one base class holds what every convolution shares (the
kernel's spatial size, the channels axis, strides/padding/dilation) and one small class
per kind says which weights it creates. Only the kernel size, the input channels,
filters, groups, depth_multiplier and use_bias change a count; strides, padding and
dilation change the output shape only.
"""

from calc.args import Arg, Input
from calc.dims import const, sym
from calc.layers.common import LORA_ALPHA, LORA_RANK, use_bias_arg, with_lora
from calc.layers.conv_shapes import (DATA_FORMAT, channel_axis, is_channels_last,
                                     transpose_output, window_output)
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.text import fmt_shape
from calc.weights import Weight

C_IN_LATEX = r"C_{\mathrm{in}}"

# Kernel axis symbols by rank; Keras orders kernel_size as (depth, height, width).
KERNEL_SYMBOLS = {1: (("k", "k"),), 2: (("kh", "k_h"), ("kw", "k_w")),
                  3: (("kd", "k_d"), ("kh", "k_h"), ("kw", "k_w"))}
AXES = {1: "length", 2: "height and width", 3: "depth, height and width"}
WINDOW_AXES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def kernel_meaning(rank, i):
    """Where a window symbol (kh) comes from: `kernel_size[0]`, the window's height."""
    return "`kernel_size[%d]`, the window's %s" % (i, WINDOW_AXES[rank][i])


# Argument declarations (per rank: "ints" arguments repeat a single int rank times) ----

def filters_arg(example):
    return Arg("filters", "int", help="Number of output channels: one learned kernel per "
               "output channel.", counts=True, example=example, sample=(1, 16))


def kernel_size_arg(rank, example):
    return Arg("kernel_size", "ints", help="Size of the sliding window (%s); an int means "
               "the same size on every axis." % AXES[rank], counts=True, example=example,
               rank=rank, sample=(1, 4))


def strides_arg(rank, example=None):
    return Arg("strides", "ints", (1,) * rank, "Step between windows; changes the output "
               "length, never the count.", example=example, rank=rank, sample=(1, 3))


def padding_arg(causal=False):
    choices = ("valid", "same", "causal") if causal else ("valid", "same")
    help = "'valid' (no padding), 'same' (pad so only strides shrink the output)"
    if causal:
        help += " or 'causal' (pad on the left only, for sequences)"
    return Arg("padding", "choice", "valid", help + "; never changes the count.",
               choices=choices)


def dilation_arg(rank):
    return Arg("dilation_rate", "ints", (1,) * rank, "Spacing between kernel taps: widens "
               "the window without adding weights.", rank=rank, sample=(1, 3))


GROUPS = Arg("groups", "int", 1, "Splits the channels into groups convolved separately: "
             "each kernel sees C_in/groups channels.", counts=True, sample=[1, 1, 2, 3, 4])
DEPTH_MULTIPLIER = Arg("depth_multiplier", "int", 1, "Output channels per input channel "
                       "in the depthwise step.", counts=True, sample=(1, 4))
ACTIVATION = Arg("activation", "str", None, "Activation applied to the output; never "
                 "changes the count.", none_ok=True)


def output_padding_arg(rank):
    return Arg("output_padding", "ints", None, "Extra length added on one side of each "
               "output axis; must be less than strides. None infers it.", rank=rank, low=0,
               none_ok=True, sample=(0, 2))


def filters_dim(cfg):
    return sym("filters", cfg["filters"], r"\mathrm{filters}")


def depth_multiplier_dim(cfg):
    return sym("depth_multiplier", cfg["depth_multiplier"], r"\mathrm{depth\_multiplier}")


class Convolution(LayerSpec):
    """What every convolution shares. Subclasses: Conv, ConvTranspose, DepthwiseConv,
    SeparableConv; instances: one per Keras class, by rank."""

    family = "convolution"
    dilation_with_strides = False  # Keras refuses strides > 1 with dilation > 1 unless True

    def __init__(self, name, rank, summary, example_input, examples=None):
        LayerSpec.__init__(self, name)
        self.rank = rank
        self.summary = summary
        self.args = self.make_args(rank, examples or {})
        self.inputs = (Input("input", rank + 1, rank + 1, example=example_input),)

    def make_args(self, rank, examples):
        raise NotImplementedError

    # Shared pieces ---------------------------------------------------------------------

    def kernel_dims(self, cfg):
        return [sym(text, size, latex, meaning=kernel_meaning(self.rank, i))
                for i, ((text, latex), size) in enumerate(zip(KERNEL_SYMBOLS[self.rank], cfg["kernel_size"]))]

    def channels(self, cfg, shapes):
        where = ("last axis, its channels (channels_last)" if is_channels_last(cfg)
                 else "axis 1, its channels (channels_first)")
        return self.input_dim(shapes, channel_axis(cfg), "C_in", where, C_IN_LATEX)

    def check(self, cfg, shapes):
        if (not self.dilation_with_strides and max(cfg["strides"]) > 1
                and max(cfg["dilation_rate"]) > 1):
            raise ValueError("`strides > 1` not supported in conjunction with "
                             "`dilation_rate > 1`. Received: strides=%s and dilation_rate=%s"
                             % (fmt_shape(cfg["strides"]), fmt_shape(cfg["dilation_rate"])))

    def output_shape(self, cfg, shapes):
        return window_output(shapes[0], cfg, self.output_channels(cfg, shapes),
                             "kernel_size", cfg["dilation_rate"])

    def output_channels(self, cfg, shapes):
        return cfg["filters"]

    def sample(self, rng):
        """Random examples that Keras mostly accepts, and a few it refuses."""
        args = sample_args(self, rng)
        rank = self.rank
        if not self.dilation_with_strides and rng.chance(0.85):
            args[rng.choice(("strides", "dilation_rate"))] = (1,) * rank
        if args.get("output_padding") is not None and rng.chance(0.8):
            args["output_padding"] = tuple(rng.randint(0, s - 1) for s in args["strides"])
        groups = args.get("groups", 1)
        channels = rng.randint(1, 12)
        if rng.chance(0.85):  # groups must divide both filters and the input channels
            channels = groups * rng.randint(1, 6)
            if "filters" in args:
                args["filters"] = groups * rng.randint(1, 6)
        if rng.chance(0.04):
            channels = None
        lengths = [None if rng.chance(0.1) else rng.randint(1, 24) for _ in range(rank)]
        if args.get("data_format") == "channels_first":
            shape = [channels] + lengths
        else:
            shape = lengths + [channels]
        if rng.chance(0.03):  # a rank Keras refuses
            shape = shape[1:] if rng.chance(0.5) else shape + [4]
        return args, [tuple(shape)]


class Conv(Convolution):
    """Conv1D/2D/3D (Keras's BaseConv): kernel (k..., C_in/groups, filters), bias (filters)."""

    def make_args(self, rank, examples):
        return (filters_arg(examples.get("filters")),
                kernel_size_arg(rank, examples.get("kernel_size")),
                strides_arg(rank), padding_arg(causal=rank == 1), DATA_FORMAT,
                dilation_arg(rank), GROUPS, ACTIVATION, use_bias_arg(), LORA_RANK, LORA_ALPHA)

    def check(self, cfg, shapes):
        if cfg["filters"] % cfg["groups"]:
            raise ValueError("The number of filters must be evenly divisible by the number "
                             "of groups. Received: groups=%d, filters=%d"
                             % (cfg["groups"], cfg["filters"]))
        Convolution.check(self, cfg, shapes)
        c_in = shapes[0][channel_axis(cfg)]
        if c_in is not None and c_in % cfg["groups"]:
            raise ValueError("The number of input channels must be evenly divisible by the "
                             "number of groups. Received: groups=%d, but the input has %d "
                             "channels (input_shape=%s)"
                             % (cfg["groups"], c_in, fmt_shape(shapes[0][1:])))

    def build(self, cfg, shapes):
        c_in = self.channels(cfg, shapes)
        groups = sym("groups", cfg["groups"], r"\mathrm{groups}")
        filters = filters_dim(cfg)
        weights = [Weight("kernel", self.kernel_dims(cfg) + [c_in // groups, filters])]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [filters]))
        return with_lora(weights, cfg)


class ConvTranspose(Convolution):
    """Conv1D/2D/3DTranspose: kernel (k..., filters, C_in) -- output before input, the
    reverse of Conv -- and bias (filters). No groups, no LoRA in Keras 3.15."""

    def make_args(self, rank, examples):
        args = [filters_arg(examples.get("filters")),
                kernel_size_arg(rank, examples.get("kernel_size")),
                strides_arg(rank, examples.get("strides")), padding_arg(),
                output_padding_arg(rank), DATA_FORMAT, dilation_arg(rank), ACTIVATION,
                use_bias_arg()]
        if rank == 3:  # Conv3DTranspose lists data_format before output_padding
            args[4], args[5] = args[5], args[4]
        return tuple(args)

    def check(self, cfg, shapes):
        op = cfg["output_padding"]
        if op is not None:
            for i in range(self.rank):
                if op[i] >= cfg["strides"][i]:
                    raise ValueError("`output_padding` must be strictly less than `strides` "
                                     "for all dimensions. At dimension %d, `output_padding` "
                                     "is %d but `strides` is %d. Received: output_padding=%s, "
                                     "strides=%s" % (i, op[i], cfg["strides"][i], fmt_shape(op),
                                                     fmt_shape(cfg["strides"])))
        Convolution.check(self, cfg, shapes)

    def build(self, cfg, shapes):
        c_in = self.channels(cfg, shapes)
        filters = filters_dim(cfg)
        weights = [Weight("kernel", self.kernel_dims(cfg) + [filters, c_in])]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [filters]))
        return weights

    def output_shape(self, cfg, shapes):
        return transpose_output(shapes[0], cfg, cfg["filters"])


class DepthwiseConv(Convolution):
    """DepthwiseConv1D/2D: each input channel gets its own depth_multiplier kernels;
    kernel (k..., C_in, depth_multiplier), bias (depth_multiplier·C_in)."""

    dilation_with_strides = True  # BaseDepthwiseConv does not check it; Keras builds it

    def make_args(self, rank, examples):
        return (kernel_size_arg(rank, examples.get("kernel_size")), strides_arg(rank),
                padding_arg(), DEPTH_MULTIPLIER, DATA_FORMAT, dilation_arg(rank), ACTIVATION,
                use_bias_arg())

    def build(self, cfg, shapes):
        c_in = self.channels(cfg, shapes)
        multiplier = depth_multiplier_dim(cfg)
        weights = [Weight("kernel", self.kernel_dims(cfg) + [c_in, multiplier])]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [multiplier * c_in]))
        return weights

    def output_channels(self, cfg, shapes):
        return cfg["depth_multiplier"] * self.channels(cfg, shapes).value


class SeparableConv(Convolution):
    """SeparableConv1D/2D: a depthwise step (k..., C_in, depth_multiplier), then a 1×1
    pointwise step (1..., depth_multiplier·C_in, filters), then bias (filters)."""

    dilation_with_strides = True  # BaseSeparableConv does not check it; Keras builds it

    def make_args(self, rank, examples):
        return (filters_arg(examples.get("filters")),
                kernel_size_arg(rank, examples.get("kernel_size")), strides_arg(rank),
                padding_arg(), DATA_FORMAT, dilation_arg(rank), DEPTH_MULTIPLIER, ACTIVATION,
                use_bias_arg())

    def build(self, cfg, shapes):
        c_in = self.channels(cfg, shapes)
        multiplier = depth_multiplier_dim(cfg)
        filters = filters_dim(cfg)
        ones = [const(1)] * self.rank
        weights = [Weight("depthwise_kernel", self.kernel_dims(cfg) + [c_in, multiplier]),
                   Weight("pointwise_kernel", ones + [multiplier * c_in, filters])]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [filters]))
        return weights


# The catalogue -------------------------------------------------------------------------

register(
    Conv("Conv1D", 1, "Slides learned kernels along one axis (a sequence): each output "
         "channel is a weighted sum of a window of steps across all input channels, plus a "
         "bias.", (None, 25), {"filters": 64, "kernel_size": 5}),
    Conv("Conv2D", 2, "Slides learned kernels over the height and width of an image: each "
         "output channel is a weighted sum of a window of pixels across all input channels, "
         "plus a bias.", (None, None, 25), {"filters": 64, "kernel_size": (3, 3)}),
    Conv("Conv3D", 3, "Slides learned kernels through a volume (depth, height, width): each "
         "output channel is a weighted sum of a window of voxels across all input channels, "
         "plus a bias.", (16, 64, 64, 3), {"filters": 32, "kernel_size": (3, 3, 3)}),
    ConvTranspose("Conv1DTranspose", 1, "The transpose of a 1D convolution (the map that carries its gradient back to "
                  "its input, not its inverse): each input step "
                  "spreads over a window of output steps, so strides lengthen the sequence.",
                  (50, 64), {"filters": 32, "kernel_size": 4, "strides": 2}),
    ConvTranspose("Conv2DTranspose", 2, "The transpose of a 2D convolution (the map that carries its gradient back to "
                  "its input, not its inverse): each input pixel "
                  "spreads over a window of output pixels, so strides enlarge the image.",
                  (16, 16, 64), {"filters": 32, "kernel_size": (3, 3), "strides": 2}),
    ConvTranspose("Conv3DTranspose", 3, "The transpose of a 3D convolution (the map that carries its gradient back to "
                  "its input, not its inverse): each input voxel "
                  "spreads over a window of output voxels, so strides enlarge the volume.",
                  (8, 8, 8, 32), {"filters": 16, "kernel_size": (3, 3, 3), "strides": 2}),
    SeparableConv("SeparableConv1D", 1, "Filters each input channel on its own along the "
                  "sequence, then mixes channels with a 1-wide convolution: far fewer weights "
                  "than a Conv1D of the same size.", (None, 25),
                  {"filters": 64, "kernel_size": 5}),
    SeparableConv("SeparableConv2D", 2, "Filters each input channel on its own over height "
                  "and width, then mixes channels with a 1×1 convolution: far fewer weights "
                  "than a Conv2D of the same size.", (None, None, 25),
                  {"filters": 64, "kernel_size": (3, 3)}),
    DepthwiseConv("DepthwiseConv1D", 1, "Filters each input channel on its own along the "
                  "sequence, with depth_multiplier kernels per channel and no mixing between "
                  "channels.", (None, 25), {"kernel_size": 5}),
    DepthwiseConv("DepthwiseConv2D", 2, "Filters each input channel on its own over height "
                  "and width, with depth_multiplier kernels per channel and no mixing between "
                  "channels.", (None, None, 25), {"kernel_size": (3, 3)}),
)
