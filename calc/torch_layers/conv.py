"""torch.nn's convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d and their six Lazy forms
(torch/nn/modules/conv.py).

PyTorch stores a convolution's weight output channels first, (out_channels,
in_channels/groups, kH, kW), and a transposed one input channels first, (in_channels,
out_channels/groups, kH, kW): the reverse of Keras's kernel (kh, kw, C_in/groups, filters).
Only the channels, groups, the kernel size and bias change a count; stride, padding,
dilation, output_padding and padding_mode change the output length only.
"""

from calc.args import REQUIRED, Arg
from calc.dims import sym
from calc.layers.convolution import KERNEL_SYMBOLS, kernel_meaning
from calc.text import fmt_shape, received, shorten
from calc.torch_layers.common import per_axis, window_arg
from calc.torch_spec import TorchSpec, bias_arg, lazy_input_arg, register, size_arg
from calc.weights import Weight

PADDING_STRINGS = ("same", "valid")
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
AXES = {1: "length", 2: "height and width", 3: "depth, height and width"}


def conv_padding_arg(rank):
    """A convolution's padding: an int, `rank` ints or (not on transposed ones) 'same' or
    'valid', as _ConvNd takes it."""
    ints = window_arg("padding", rank, 0, "", low=0)

    def parse(raw, arg):
        if isinstance(raw, str) and any(c.isalpha() for c in raw):
            text = raw.strip().strip("'\"")
            if text not in PADDING_STRINGS:
                raise ValueError("Invalid padding string %s, should be one of {'same', 'valid'}. %s"
                                 % (shorten(text), received("padding", raw)))
            return text
        return ints.parse(raw)

    return Arg("padding", parse, 0, "Zeros added on both sides of each axis (an int or one "
               "per axis), or 'valid' (none) or 'same' (stride 1 only: the output keeps the "
               "input's length); never changes the count.", sample=[0, 1, 2, "same", "valid"])


def padding_mode_arg():
    return Arg("padding_mode", "choice", "zeros", "What the padding is filled with: zeros, "
               "reflect, replicate or circular; never changes the count.", choices=PADDING_MODES)


def conv_args(rank, transposed, lazy, examples):
    """The constructor's arguments in its order (Conv: ... padding, dilation, groups, bias;
    ConvTranspose: ... padding, output_padding, groups, bias, dilation)."""
    args = []
    if not lazy:
        args.append(size_arg("in_channels", "Number of channels in the input image.",
                             example=examples.get("in_channels")))
    args += [
        size_arg("out_channels", "Number of channels produced by the convolution.",
                 example=examples.get("out_channels")),
        window_arg("kernel_size", rank, REQUIRED, "Size of the convolving kernel (%s); an int means "
                   "the same size on every axis." % AXES[rank], counts=True,
                   example=examples.get("kernel_size")),
        window_arg("stride", rank, 1, "Stride of the convolution; never changes the "
                   "count.", example=examples.get("stride"), sample=(1, 3)),
    ]
    dilation = window_arg("dilation", rank, 1, "Spacing between kernel elements; "
                          "never changes the count.", sample=(1, 2))
    groups = Arg("groups", "int", 1, "Number of blocked connections from input to output "
                 "channels: each output channel sees in_channels/groups input channels.",
                 counts=True, sample=[1, 1, 2, 3, 4])
    bias = bias_arg("False leaves out the bias vector (out_channels,).")
    if transposed:
        output_padding = window_arg("output_padding", rank, 0, "Size added to one "
                                    "side of each output axis; must be smaller than stride or "
                                    "dilation. Never changes the count.", low=0, sample=(0, 2))
        args += [window_arg("padding", rank, 0, "dilation·(kernel_size - 1) - padding "
                            "zeros are added to both sides of each axis of the input; never "
                            "changes the count.", low=0, sample=(0, 2)),
                 output_padding, groups, bias, dilation]
    else:
        args += [conv_padding_arg(rank), dilation, groups, bias]
    args.append(padding_mode_arg())
    if lazy:
        args.append(lazy_input_arg("in_channels", "Number of channels in the input image.",
                                   example=examples.get("in_channels")))
    return tuple(args)


class Conv(TorchSpec):
    """One entry per class: rank 1 to 3, transposed or not, lazy or not."""

    family = "convolution"

    def __init__(self, name, rank, summary, examples, transposed=False, lazy=False):
        TorchSpec.__init__(self, name, summary=summary)
        self.rank = rank
        self.transposed = transposed
        self.lazy = lazy
        self.args = conv_args(rank, transposed, lazy, examples)

    def check(self, cfg, shapes):
        groups = cfg["groups"]
        for name in ("in_channels", "out_channels"):
            if cfg[name] % groups:
                raise ValueError("%s must be divisible by groups. Received: %s=%d, groups=%d"
                                 % (name, name, cfg[name], groups))
        stride = per_axis(cfg, "stride", self.rank)
        if cfg["padding"] == "same" and max(stride) > 1:
            raise ValueError("padding='same' is not supported for strided convolutions. "
                             "Received: padding='same', stride=%s" % fmt_shape(stride))
        if self.transposed:
            self.check_transposed(cfg)

    def check_transposed(self, cfg):
        if cfg["padding_mode"] != "zeros":
            raise ValueError('Only "zeros" padding mode is supported for %s. Received: '
                             "padding_mode=%r" % (self.class_name, cfg["padding_mode"]))
        # PyTorch builds the module and refuses this at its first call: it could never run.
        # So does a Lazy module with out_channels % groups (check above).
        op, stride, dilation = [per_axis(cfg, name, self.rank) for name in
                                ("output_padding", "stride", "dilation")]
        for i in range(self.rank):
            if op[i] >= stride[i] and op[i] >= dilation[i]:
                raise ValueError("output padding must be smaller than either stride or dilation "
                                 "(PyTorch refuses it at the first call). Received: "
                                 "output_padding=%s, stride=%s, dilation=%s"
                                 % (fmt_shape(op), fmt_shape(stride), fmt_shape(dilation)))

    def build(self, cfg, shapes):
        c_in = sym("C_in", cfg["in_channels"], r"C_{\mathrm{in}}", meaning="`in_channels`")
        c_out = sym("C_out", cfg["out_channels"], r"C_{\mathrm{out}}", meaning="`out_channels`")
        groups = sym("groups", cfg["groups"], r"\mathrm{groups}")
        kernel = [sym(text, size, latex, meaning=kernel_meaning(self.rank, i)) for i, ((text, latex), size)
                  in enumerate(zip(KERNEL_SYMBOLS[self.rank], cfg["kernel_size"]))]
        if self.transposed:
            weights = [Weight("weight", [c_in, c_out // groups] + kernel)]
        else:
            weights = [Weight("weight", [c_out, c_in // groups] + kernel)]
        if cfg["bias"]:
            weights.append(Weight("bias", [c_out]))
        return weights

    def sample(self, rng):
        """Mostly configurations PyTorch accepts: channels that groups divide, 'same' only
        with stride 1, output_padding below the stride."""
        args, _ = TorchSpec.sample(self, rng)
        rank = self.rank
        groups = args["groups"]
        for name in ("in_channels", "out_channels"):
            # a Lazy constructor leaves out_channels % groups to the first call, like
            # output_padding: tests/test_torch_conv.py checks those refusals on the CPU
            if rng.chance(0.9) or self.lazy and name == "out_channels":
                args[name] = groups * rng.randint(1, 6)
        args["kernel_size"] = tuple(rng.randint(1, 4 if rank < 3 else 3) for _ in range(rank))
        if args.get("padding") == "same" and rng.chance(0.9):
            args["stride"] = 1
        if self.transposed:
            if rng.chance(0.9):
                args["padding_mode"] = "zeros"
            # always below: PyTorch's constructor accepts any, only its first call refuses
            args["output_padding"] = tuple(
                rng.randint(0, max(s, d) - 1)
                for s, d in zip(per_axis(args, "stride", rank), per_axis(args, "dilation", rank)))
        return args, []

    def lazy_example_input(self, cfg):
        if not self.lazy:
            return None
        padding = (0,) * self.rank if cfg["padding"] in PADDING_STRINGS else per_axis(cfg, "padding", self.rank)
        # long enough for the dilated kernel, and for a reflect padding (< the length)
        lengths = [d * (k - 1) + 2 * p + 2 for d, k, p
                   in zip(per_axis(cfg, "dilation", self.rank), cfg["kernel_size"], padding)]
        return [tuple([1, cfg["in_channels"]] + lengths)]


SUMMARIES = {
    (1, False): "Slides out_channels learned kernels along a sequence: weight (out_channels, "
                "in_channels/groups, k), bias (out_channels).",
    (2, False): "Slides out_channels learned kernels over an image's height and width: weight "
                "(out_channels, in_channels/groups, kH, kW), bias (out_channels).",
    (3, False): "Slides out_channels learned kernels through a volume: weight (out_channels, "
                "in_channels/groups, kD, kH, kW), bias (out_channels).",
    (1, True): "The transpose of Conv1d (its gradient, not its inverse): weight (in_channels, "
               "out_channels/groups, k), input channels first.",
    (2, True): "The transpose of Conv2d (its gradient, not its inverse): weight (in_channels, "
               "out_channels/groups, kH, kW), input channels first.",
    (3, True): "The transpose of Conv3d (its gradient, not its inverse): weight (in_channels, "
               "out_channels/groups, kD, kH, kW), input channels first.",
}
EXAMPLES = {
    (1, False): {"in_channels": 25, "out_channels": 64, "kernel_size": 5},
    (2, False): {"in_channels": 25, "out_channels": 64, "kernel_size": 3},
    (3, False): {"in_channels": 3, "out_channels": 32, "kernel_size": 3},
    (1, True): {"in_channels": 64, "out_channels": 32, "kernel_size": 4, "stride": 2},
    (2, True): {"in_channels": 64, "out_channels": 32, "kernel_size": 3, "stride": 2},
    (3, True): {"in_channels": 32, "out_channels": 16, "kernel_size": 3, "stride": 2},
}


def entries():
    made = []
    for transposed in (False, True):
        for rank in (1, 2, 3):
            kind = "ConvTranspose" if transposed else "Conv"
            key = (rank, transposed)
            made.append(Conv("nn.%s%dd" % (kind, rank), rank, SUMMARIES[key], EXAMPLES[key],
                             transposed))
    for transposed in (False, True):
        for rank in (1, 2, 3):
            kind = "ConvTranspose" if transposed else "Conv"
            made.append(Conv("nn.Lazy%s%dd" % (kind, rank), rank, "A %s%dd whose in_channels is "
                             "read from its first input." % (kind, rank),
                             EXAMPLES[(rank, transposed)], transposed, lazy=True))
    return made


register(*entries())
