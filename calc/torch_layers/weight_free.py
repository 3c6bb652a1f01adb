"""torch.nn's modules that only move, drop or compare values: padding (padding.py), dropout
(dropout.py), reshaping and vision (flatten.py, fold.py, pixelshuffle.py, channelshuffle.py,
upsampling.py) and distances (distance.py). None has a parameter or a buffer; each entry
holds the constructor's arguments in its order, with its defaults and the checks it makes
(Dropout's p in [0, 1], Unflatten's tuple of ints).
"""

from calc.args import REQUIRED, Arg, to_float, to_int
from calc.text import received, split_items
from calc.torch_layers.common import WeightFree, dim_arg, float_arg, inplace_arg, probability, window_arg
from calc.torch_spec import register

AXES = {1: "the last axis", 2: "the last 2 axes", 3: "the last 3 axes"}
SIDES = {1: "(left, right)", 2: "(left, right, top, bottom)",
         3: "(left, right, top, bottom, front, back)"}
UPSAMPLE_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
MAX_AXES = 8


def ints_or_one(name, what, parse_item, rank=None, scalar=False):
    """A parser for an int (or float) or a tuple of them: Upsample's size and scale_factor,
    Unflatten's unflattened_size. `rank` fixes the tuple's length; None takes 1 to 8.
    `scalar` keeps a single value as it is (Upsample's scale_factor=2.0 applies to every
    axis, where (2.0,) would be one axis's)."""
    def parse(raw, arg):
        items = split_items(raw)
        if not items or len(items) > (rank or MAX_AXES) or rank and len(items) not in (1, rank):
            raise ValueError("%s must be %s. %s" % (name, what, received(name, raw)))
        values = tuple(parse_item(item, name, raw) for item in items)
        return values[0] if scalar and len(values) == 1 and not isinstance(raw, (tuple, list)) else values
    return parse


def positive_int(item, name, raw):
    value = to_int(item, name)
    if value < 1:
        raise ValueError("%s must hold positive integers. %s" % (name, received(name, raw)))
    return value


def size_item(item, name, raw):
    """unflattened_size's items: positive, or -1 for the one PyTorch infers."""
    value = to_int(item, name)
    if value < 1 and value != -1:
        raise ValueError("%s must hold positive integers (or one -1). %s" % (name, received(name, raw)))
    return value


def positive_float(item, name, raw):
    value = to_float(item, name)
    if value <= 0:
        raise ValueError("%s must be positive. %s" % (name, received(name, raw)))
    return value


def resize_args(rank=None):
    """Upsample's size and scale_factor (either one may be given; the first call refuses
    both or neither)."""
    what = "an integer or a tuple of %sintegers" % ("" if rank is None else "%d " % rank)
    return (Arg("size", ints_or_one("size", what, positive_int, rank, scalar=True), None,
                "The output's spatial size; never changes the count.", none_ok=True,
                sample=[None, None, 8, (4, 6)]),
            Arg("scale_factor", ints_or_one("scale_factor", what.replace("integer", "number"),
                                            positive_float, rank, scalar=True), None,
                "The multiplier of each spatial size; never changes the count.", none_ok=True,
                example=2.0, sample=[None, 2.0, (1.5, 2.0)]))


def padding_entry(kind, rank, summary, value=False):
    args = [window_arg("padding", 2 * rank, REQUIRED, "The padding of %s: an int for every side, or "
                       "%d ints %s; a negative one crops." % (AXES[rank], 2 * rank, SIDES[rank]),
                       low=None, example=1, sample=(-1, 3))]
    if value:
        args.append(Arg("value", "float", help="The constant the padding is filled with; never "
                        "changes the count.", example=3.5))
    return WeightFree("nn.%sPad%dd" % (kind, rank), family="padding", summary=summary % AXES[rank],
                      args=tuple(args),
                      weight_free_reason="padding adds values around the input: nothing is learned")


PADDINGS = (
    ("Reflection", "Pads %s with the reflection of the input (the edge not repeated).", False),
    ("Replication", "Pads %s by repeating the edge values.", False),
    ("Zero", "Pads %s with zeros.", False),
    ("Constant", "Pads %s with a constant value.", True),
    ("Circular", "Pads %s by wrapping the input around (the other edge's values).", False),
)

DROPOUTS = (
    ("Dropout", "Zeroes each value with probability p in training and scales the rest by "
     "1/(1-p)."),
    ("Dropout1d", "Zeroes whole channels of a (N, C, L) input with probability p in training."),
    ("Dropout2d", "Zeroes whole channels of a (N, C, H, W) input with probability p in training."),
    ("Dropout3d", "Zeroes whole channels of a (N, C, D, H, W) input with probability p in "
     "training."),
    ("AlphaDropout", "Dropout that keeps a SELU network's mean and variance (dropped values go to "
     "SELU's negative saturation)."),
    ("FeatureAlphaDropout", "AlphaDropout of whole channels."),
)


def unfold_args(with_output_size):
    args = [window_arg("output_size", 2, REQUIRED, "The (height, width) of the folded output.",
                       example=(4, 5), sample=(2, 8))] if with_output_size else []
    return tuple(args + [
        window_arg("kernel_size", 2, REQUIRED, "The size of the sliding blocks.", example=2),
        window_arg("dilation", 2, 1, "The spacing between the block's elements.", sample=(1, 2)),
        window_arg("padding", 2, 0, "Implicit zeros on both sides of each axis.", low=0,
                   sample=(0, 1)),
        window_arg("stride", 2, 1, "The step between blocks.", sample=(1, 2))])


SHAPE_REASON = "it only rearranges or resizes the input's values: nothing is learned"


def shape_entry(name, summary, args):
    return WeightFree(name, family="shape", summary=summary, args=args,
                      weight_free_reason=SHAPE_REASON)


def entries():
    made = []
    for kind, summary, value in PADDINGS:
        for rank in (1, 2, 3):
            made.append(padding_entry(kind, rank, summary, value))
    for name, summary in DROPOUTS:
        made.append(WeightFree("nn." + name, family="dropout", summary=summary,
                               weight_free_reason="it zeroes random values in training and is "
                               "the identity in eval mode: nothing is learned",
                               args=(Arg("p", probability, 0.5, "The probability of a value "
                                         "(or channel) being zeroed, in [0, 1].",
                                         sample=[0.0, 0.1, 0.2, 0.5, 0.8, 1.0, 1.5, -0.2]), inplace_arg())))
    made += [
        shape_entry("nn.Flatten", "Flattens the axes start_dim to end_dim into one.",
                    (dim_arg(1, "The first axis flattened", "start_dim"),
                     dim_arg(-1, "The last axis flattened", "end_dim"))),
        shape_entry("nn.Unflatten", "Splits the axis dim into the shape unflattened_size.",
                    (Arg("dim", "axis", help="The axis split; never changes the count.", example=1),
                     Arg("unflattened_size", ints_or_one("unflattened_size", "a tuple of ints",
                                                         size_item),
                         help="The shape the axis becomes (one -1 is inferred).",
                         example=(2, 5, 5)))),
        shape_entry("nn.Fold", "Combines sliding local blocks (N, C·∏kernel_size, L) into a "
                    "(N, C, output_size) image: the inverse of Unfold, summing overlaps.",
                    unfold_args(True)),
        shape_entry("nn.Unfold", "Extracts sliding local blocks of an image into columns "
                    "(N, C·∏kernel_size, L): im2col.", unfold_args(False)),
        shape_entry("nn.PixelShuffle", "Rearranges (N, C·r², H, W) into (N, C, H·r, W·r), r the "
                    "upscale_factor.", (Arg("upscale_factor", "int", help="r, the factor by which "
                                            "height and width grow.", example=3, sample=(1, 4)),)),
        shape_entry("nn.PixelUnshuffle", "Rearranges (N, C, H·r, W·r) into (N, C·r², H, W): the "
                    "inverse of PixelShuffle.", (Arg("downscale_factor", "int", help="r, the factor "
                                                     "by which height and width shrink.", example=3,
                                                     sample=(1, 4)),)),
        shape_entry("nn.ChannelShuffle", "Splits the C channels into groups and interleaves them "
                    "(ShuffleNet): (N, g, C/g, ...) transposed to (N, C/g, g, ...).",
                    (Arg("groups", "int", help="The number of groups the channels are split "
                         "into.", example=2, sample=(1, 4)),)),
        shape_entry("nn.Upsample", "Resizes the input to size, or by scale_factor, with mode's "
                    "interpolation.", resize_args() + (
                        Arg("mode", "choice", "nearest", "The interpolation: %s; never changes the "
                            "count." % ", ".join(UPSAMPLE_MODES), choices=UPSAMPLE_MODES),
                        Arg("align_corners", "bool", None, "For the linear modes: True aligns the "
                            "corner pixels of input and output; never changes the count.",
                            none_ok=True),
                        Arg("recompute_scale_factor", "bool", None, "True computes the scale "
                            "from the output size; never changes the count.", none_ok=True))),
        shape_entry("nn.UpsamplingNearest2d", "Upsample with mode='nearest' on images (N, C, H, W).",
                    resize_args(2)),
        shape_entry("nn.UpsamplingBilinear2d", "Upsample with mode='bilinear' and "
                    "align_corners=True on images (N, C, H, W).", resize_args(2)),
    ]
    distance_reason = "it compares two inputs: nothing is learned"
    made += [
        WeightFree("nn.CosineSimilarity", family="distance", summary="x₁·x₂ / max(‖x₁‖·‖x₂‖, "
                   "eps) along dim.", weight_free_reason=distance_reason,
                   args=(dim_arg(1, "The axis the similarity is computed along"),
                         float_arg("eps", 1e-8, "Small value to avoid division by zero"))),
        WeightFree("nn.PairwiseDistance", family="distance", summary="The p-norm distance "
                   "‖x₁ - x₂ + eps‖ₚ along the last axis.", weight_free_reason=distance_reason,
                   args=(float_arg("p", 2.0, "The norm degree"),
                         float_arg("eps", 1e-6, "Small value to avoid division by zero"),
                         Arg("keepdim", "bool", False, "True keeps the reduced axis (of length "
                             "1); never changes the count."))),
    ]
    return made


register(*entries())
