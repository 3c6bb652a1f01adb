"""torch.nn's pooling modules (torch/nn/modules/pooling.py): max, average, power-average,
adaptive and fractional pooling and max-unpooling, in 1, 2 and 3 dimensions. None has
parameters or buffers: a pool takes the max or the mean of each window. Their constructors
check little (LPPool's norm_type, FractionalMaxPool's output size or ratio); a window that
does not fit is refused at the first call, from the input's size.
"""

from calc.args import REQUIRED, Arg, to_float, to_int
from calc.text import is_none, received, split_items
from calc.torch_layers.common import WeightFree, tensor_arg, window_arg
from calc.torch_spec import register

REASON = "a pool takes the max or the mean of each window: nothing is learned"
AXES = {1: "length", 2: "height and width", 3: "depth, height and width"}


def kernel_arg(rank, example=None):
    return window_arg("kernel_size", rank, REQUIRED, "The size of the window (%s); an int means the "
                      "same size on every axis." % AXES[rank], example=example or 2)


def stride_arg(rank):
    a = window_arg("stride", rank, None, "The step between windows; None means kernel_size.",
                   sample=(1, 3))
    a.none_ok = True
    return a


def padding_arg(rank):
    return window_arg("padding", rank, 0, "Implicit padding on both sides of each "
                      "axis (at most half the window).", low=0, sample=(0, 1))


def ceil_mode_arg():
    return Arg("ceil_mode", "bool", False, "True rounds the output length up instead of down.")


def return_indices_arg():
    return Arg("return_indices", "bool", False, "True also returns the position of each "
               "maximum (for MaxUnpool).")


def rank_items(raw, rank, name, what):
    """The items of a per-axis value: one item stands for every axis, as PyTorch's _ntuple does."""
    items = split_items(raw)
    if len(items) == 1:
        items = items * rank
    if len(items) != rank:
        raise ValueError("%s must be %s. %s" % (name, what, received(name, raw)))
    return items


def output_size_parser(rank, none_items):
    """An int, `rank` ints (None items keep the input's length, on adaptive pools), or None."""
    def parse(raw, arg):
        if is_none(raw):
            return None
        items = rank_items(raw, rank, arg.name, "an integer or a tuple of %d integers" % rank)
        values = []
        for item in items:
            if none_items and is_none(item):
                values.append(None)
                continue
            value = to_int(item, arg.name)
            if value < 1:
                raise ValueError("%s must be positive. %s" % (arg.name, received(arg.name, raw)))
            values.append(value)
        return tuple(values)
    return parse


def output_ratio_parser(rank):
    def parse(raw, arg):
        if is_none(raw):
            return None
        items = rank_items(raw, rank, "output_ratio", "a number or a tuple of %d numbers" % rank)
        values = tuple(to_float(item, "output_ratio") for item in items)
        for value in values:
            if not 0 < value < 1:
                raise ValueError("output_ratio must be between 0 and 1 (got %s). %s"
                                 % (raw, received("output_ratio", raw)))
        return values
    return parse


def fractional_output(cfg):
    given = [name for name in ("output_size", "output_ratio") if cfg[name] is not None]
    if not given:
        raise ValueError("FractionalMaxPool requires specifying either an output size, or a "
                         "pooling ratio. Received: output_size=None, output_ratio=None")
    if len(given) == 2:
        raise ValueError("only one of output_size and output_ratio may be specified. Received: "
                         "output_size=%s, output_ratio=%s" % (cfg["output_size"], cfg["output_ratio"]))


def lp_norm_type(cfg):
    if cfg["norm_type"] == 0:
        raise ValueError("norm_type must be a non-zero value, but got 0. Received: norm_type=%s"
                         % cfg["norm_type"])


class FractionalMaxPool(WeightFree):
    rank = None  # 2 or 3

    def sample(self, rng):
        """Mostly one of output_size and output_ratio, as the constructor requires; now and
        then both, neither, or a ratio of 1."""
        args, _ = WeightFree.sample(self, rng)
        sized = rng.chance(0.5)
        if sized:
            args["output_size"] = tuple(rng.randint(1, 8) for _ in range(self.rank))
        if rng.chance(0.1 if sized else 0.9):
            top = 10 if rng.chance(0.2) else 9
            args["output_ratio"] = tuple(rng.randint(1, top) / 10 for _ in range(self.rank))
        return args, []


def pool(name, summary, args, kind=WeightFree, **attributes):
    return kind(name, family="pooling", summary=summary, args=args, weight_free_reason=REASON,
                **attributes)


def entries():
    made = []
    for rank in (1, 2, 3):
        made.append(pool("nn.MaxPool%dd" % rank, "The maximum of each kernel_size window over the "
                         "%s." % AXES[rank],
                         (kernel_arg(rank), stride_arg(rank), padding_arg(rank),
                          window_arg("dilation", rank, 1, "Spacing between the "
                                     "window's elements.", sample=(1, 2)),
                          return_indices_arg(), ceil_mode_arg())))
    for rank in (1, 2, 3):
        made.append(pool("nn.MaxUnpool%dd" % rank, "The partial inverse of MaxPool%dd: puts each "
                         "maximum back at its position (from return_indices), zeros elsewhere."
                         % rank, (kernel_arg(rank), stride_arg(rank), padding_arg(rank))))
    for rank in (1, 2, 3):
        args = [kernel_arg(rank), stride_arg(rank), padding_arg(rank), ceil_mode_arg(),
                Arg("count_include_pad", "bool", True, "True counts the zero padding in each "
                    "window's mean.")]
        if rank > 1:
            args.append(Arg("divisor_override", "int", None, "Divides each window's sum by this "
                            "instead of the window's size.", none_ok=True))
        made.append(pool("nn.AvgPool%dd" % rank, "The mean of each kernel_size window over the %s."
                         % AXES[rank], tuple(args)))
    for rank in (2, 3):
        made.append(pool("nn.FractionalMaxPool%dd" % rank, "Max pooling over pseudo-random "
                         "windows that shrink the %s to output_size, or by output_ratio."
                         % AXES[rank],
                         (kernel_arg(rank),
                          Arg("output_size", output_size_parser(rank, False), None, "The output's "
                              "%s (this or output_ratio)." % AXES[rank]),
                          Arg("output_ratio", output_ratio_parser(rank), None, "The output's size "
                              "as a fraction of the input's, in (0, 1) (this or output_size).",
                              example=0.5),
                          return_indices_arg(),
                          tensor_arg("_random_samples", "the windows' random offsets")),
                         checks=(fractional_output,), kind=FractionalMaxPool, rank=rank))
    for rank in (1, 2, 3):
        made.append(pool("nn.LPPool%dd" % rank, "The p-norm (sum of x^p)^(1/p) of each window: "
                         "p = 1 sums, p = ∞ is max pooling.",
                         (Arg("norm_type", "float", help="p, the power: not 0.", example=2.0,
                              sample=[0.0, 1.0, 2.0, 3.5]),
                          kernel_arg(rank), stride_arg(rank), ceil_mode_arg()),
                         checks=(lp_norm_type,)))
    for rank in (1, 2, 3):
        made.append(pool("nn.AdaptiveMaxPool%dd" % rank, "Max pooling with windows chosen to give "
                         "an output of output_size, whatever the input's size.",
                         (Arg("output_size", output_size_parser(rank, True), help="The output's "
                              "%s; None keeps the input's." % AXES[rank], example=1),
                          return_indices_arg())))
    for rank in (1, 2, 3):
        made.append(pool("nn.AdaptiveAvgPool%dd" % rank, "Average pooling with windows chosen to "
                         "give an output of output_size, whatever the input's size.",
                         (Arg("output_size", output_size_parser(rank, True), help="The output's "
                              "%s; None keeps the input's." % AXES[rank], example=1),)))
    return made


register(*entries())
