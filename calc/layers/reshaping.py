"""Reshaping layers: cropping, zero padding, up-sampling, Flatten, Permute, RepeatVector
and Reshape. None of them has weights: they only move, repeat, add or drop values, so
the whole job here is the output shape, with Keras's own refusals (cropping away a
whole axis, a Reshape whose sizes do not match).

The weight-free core layers (Identity, InputLayer, Masking) live in core_weightfree.py,
imported at the end of this module.
"""

from calc.args import Arg, Input, to_int
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, shorten, split_items

MOVES_VALUES = "It only rearranges, repeats, adds or drops values; nothing is learned."

AXES = {1: "the steps axis", 2: "height and width", 3: "the three spatial axes"}


def data_format_arg(help_tail="never changes the count."):
    return Arg("data_format", "choice", "channels_last",
               "Where the channels are: channels_last (batch, ..., channels) or "
               "channels_first (batch, channels, ...); " + help_tail,
               choices=("channels_last", "channels_first"))


def spatial_offset(cfg):
    """Index of the first spatial axis in a shape with the batch axis."""
    return 2 if cfg.get("data_format") == "channels_first" else 1


def _product(dims):
    n = 1
    for d in dims:
        n *= d
    return n


# Nested pair arguments: cropping=((1, 2), (3, 4)), padding=(1, 2), padding=3 ------------

def _nested(text, name, raw):
    """'((1,2),(3,4))' -> [[1, 2], [3, 4]]; a bare '1, 2' -> [1, 2]; '3' -> 3."""
    stack = [[]]
    item = ""
    for c in text + ",":
        if c in "([":
            stack.append([])
        elif c in ")]," :
            if item.strip():
                stack[-1].append(to_int(item.strip(), name))
            item = ""
            if c in ")]":
                if len(stack) == 1:
                    raise ValueError("%s has unbalanced brackets. Received: %s=%s"
                                     % (name, name, shorten(raw)))
                done = stack.pop()
                stack[-1].append(done)
        else:
            item += c
    if len(stack) != 1:
        raise ValueError("%s has unbalanced brackets. Received: %s=%s" % (name, name, shorten(raw)))
    top = stack[0]
    return top[0] if len(top) == 1 else top


def pairs_kind(rank):
    """Parser for Keras's (before, after) amounts per spatial axis, as Keras reads them:
    an int means the same amount everywhere; on 2D/3D, one entry per axis, each an int
    (both sides) or a (before, after) pair; on 1D, an int or one (before, after) pair.
    Returns a tuple of `rank` pairs of non-negative ints."""

    def pair(value, name, raw):
        if isinstance(value, (list, tuple)):
            if len(value) != 2:
                raise ValueError("Each entry of %s must be an int or a tuple of 2 integers. "
                                 "Received: %s=%s" % (name, name, shorten(raw)))
            a, b = to_int(value[0], name), to_int(value[1], name)
        else:
            a = b = to_int(value, name)
        if a < 0 or b < 0:
            raise ValueError("%s cannot be negative. Received: %s=%s" % (name, name, shorten(raw)))
        return (a, b)

    def parse(raw, arg):
        name = arg.name
        value = _nested(raw, name, raw) if isinstance(raw, str) else raw
        if isinstance(value, (list, tuple)) and len(value) == 1:
            value = value[0]
        if not isinstance(value, (list, tuple)):
            return (pair(value, name, raw),) * rank
        if rank == 1:
            return (pair(value, name, raw),)
        if len(value) != rank:
            raise ValueError("%s should have %d elements (one per spatial axis). Received: %s=%s"
                             % (name, rank, name, shorten(raw)))
        return tuple(pair(v, name, raw) for v in value)

    return parse


class Edges(LayerSpec):
    """Cropping1D/2D/3D and ZeroPadding1D/2D/3D: remove (sign -1) or add (sign +1) a
    number of rows at the start and the end of each spatial axis."""

    family = "reshaping"
    weight_free_reason = MOVES_VALUES

    def __init__(self, name, rank, sign, default, data_format):
        """default: Keras's default, as Keras would be given it (parsed here)."""
        self.rank = rank
        self.sign = sign
        self.arg_name = "cropping" if sign < 0 else "padding"
        verb = "removed from" if sign < 0 else "added (as zeros) to"
        self.summary = ("%s: rows are %s the start and the end of %s."
                        % ("Crops" if sign < 0 else "Zero-pads", verb, AXES[rank]))
        amounts = Arg(self.arg_name, pairs_kind(rank), None, example=default, help=
                      "Amount %s the start and end of each spatial axis: an int (everywhere), "
                      "one int per axis, or (before, after) pairs." % verb)
        amounts.default = amounts.parse(default)  # cfg holds the parsed form
        args = [amounts]
        if data_format:
            args.append(data_format_arg("changes which axes are %s." % ("cropped" if sign < 0 else "padded")))
        example = {1: (10, 4), 2: (28, 28, 3), 3: (8, 8, 8, 2)}[rank]
        LayerSpec.__init__(self, name, args=tuple(args),
                           inputs=(Input("input", rank + 1, rank + 1, example=example),))

    def check(self, cfg, shapes):
        if self.sign > 0:
            return
        shape = shapes[0]
        start = spatial_offset(cfg)
        for i, (a, b) in enumerate(cfg["cropping"]):
            n = shape[start + i]
            if n is not None and a + b >= n:
                raise ValueError("Values in `cropping` argument should be smaller than the "
                                 "corresponding spatial dimension of the input. Received: "
                                 "input_shape=%s, cropping=%s"
                                 % (fmt_shape(shape), fmt_shape(cfg["cropping"])))

    def output_shape(self, cfg, shapes):
        out = list(shapes[0])
        start = spatial_offset(cfg)
        for i, (a, b) in enumerate(cfg[self.arg_name]):
            if out[start + i] is not None:
                out[start + i] += self.sign * (a + b)
        return tuple(out)

    def sample(self, rng):
        args = sample_args(self, rng)
        shape = tuple(None if rng.chance(0.08) else rng.randint(1, 16) for _ in range(self.rank + 1))
        start = spatial_offset(args)
        pairs = []
        for i in range(self.rank):
            n = shape[start - 1 + i]  # shape has no batch axis here
            # Crops mostly leave something (Keras refuses cropping a whole axis).
            top = 4 if self.sign > 0 or n is None or rng.chance(0.1) else (n - 1) // 2
            pairs.append((rng.randint(0, top), rng.randint(0, top)))
        args[self.arg_name] = pairs[0] if self.rank == 1 else tuple(pairs)
        if self.sign > 0 and rng.chance(0.2):
            args[self.arg_name] = rng.randint(0, 3)
        return args, [shape]


class UpSampling(LayerSpec):
    """UpSampling1D/2D/3D: repeats every row `size` times along each spatial axis."""

    family = "reshaping"
    weight_free_reason = "It repeats each value; nothing is learned."

    def __init__(self, name, rank):
        self.rank = rank
        if rank == 1:
            size = Arg("size", "int", 2, "How many times each step is repeated.", sample=(1, 4))
            args = (size,)
        else:
            size = Arg("size", "ints", (2,) * rank, "Repeat factor per spatial axis (an int "
                       "means the same on every axis).", rank=rank, sample=(1, 4))
            args = (size, data_format_arg("changes which axes grow."))
        if rank == 2:
            # Only UpSampling2D has `interpolation`: "nearest" repeats each pixel, the
            # others compute new pixels from their neighbours with a fixed formula.
            args += (Arg("interpolation", "choice", "nearest", "nearest repeats each pixel; "
                         "bilinear, bicubic, lanczos3 and lanczos5 blend neighbouring pixels "
                         "with a fixed formula. Never changes the count.",
                         choices=("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")),)
            self.weight_free_reason = ("It repeats each pixel (interpolation=\"nearest\") or "
                                       "blends its neighbours with a fixed formula (bilinear, "
                                       "bicubic, lanczos); nothing is learned.")
        example = {1: (10, 4), 2: (14, 14, 3), 3: (4, 4, 4, 2)}[rank]
        LayerSpec.__init__(self, name, args=args,
                           summary="Enlarges %s by repeating each row a fixed number of times."
                           % AXES[rank],
                           inputs=(Input("input", rank + 1, rank + 1, example=example),))

    def output_shape(self, cfg, shapes):
        out = list(shapes[0])
        start = spatial_offset(cfg)
        sizes = (cfg["size"],) if self.rank == 1 else cfg["size"]
        for i, s in enumerate(sizes):
            if out[start + i] is not None:
                out[start + i] *= s
        return tuple(out)


class Flatten(LayerSpec):
    family = "reshaping"
    summary = "Turns each example into one long vector (batch, product of the other axes)."
    weight_free_reason = MOVES_VALUES
    args = (data_format_arg("channels_first transposes before flattening; the length "
                            "is the same."),)
    inputs = (Input("input", 1, example=(7, 7, 64)),)

    def output_shape(self, cfg, shapes):
        rest = shapes[0][1:]
        return (shapes[0][0], None if None in rest else _product(rest))


class Permute(LayerSpec):
    family = "reshaping"
    summary = "Reorders the axes of each example (the batch axis stays first)."
    weight_free_reason = MOVES_VALUES
    args = (Arg("dims", "axes", help="The new order of the input axes, numbered from 1 "
                "(the batch axis is 0 and stays put), e.g. (2, 1).", example=(2, 1)),)
    inputs = (Input("input", 1, example=(10, 64)),)

    def check(self, cfg, shapes):
        dims = cfg["dims"]
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set "
                             "of indices in `dims` must be consecutive and start from 1. "
                             "Received dims=%s" % fmt_shape(dims))
        if len(shapes[0]) != len(dims) + 1:
            raise ValueError("Permute with dims=%s expects inputs with %d axes besides the "
                             "batch axis. Received: input_shape=%s"
                             % (fmt_shape(dims), len(dims), fmt_shape(shapes[0][1:])))

    def output_shape(self, cfg, shapes):
        return (shapes[0][0],) + tuple(shapes[0][d] for d in cfg["dims"])

    def sample(self, rng):
        rank = rng.randint(1, 4)
        dims = list(range(1, rank + 1))
        for i in range(rank - 1, 0, -1):  # Fisher-Yates shuffle
            j = rng.randint(0, i)
            dims[i], dims[j] = dims[j], dims[i]
        shape = tuple(None if rng.chance(0.08) else rng.randint(1, 16) for _ in range(rank))
        if rng.chance(0.1):
            shape = shape + (3,)  # a rank mismatch Keras refuses
        return {"dims": tuple(dims)}, [shape]


class RepeatVector(LayerSpec):
    family = "reshaping"
    summary = "Repeats each input vector n times, making a sequence of n copies."
    weight_free_reason = "It copies the input n times; nothing is learned."
    args = (Arg("n", "int", help="Number of repetitions (the new middle axis).", example=3,
                sample=(1, 16)),)
    inputs = (Input("input", 1, 1, example=(32,)),)

    def output_shape(self, cfg, shapes):
        return (shapes[0][0], cfg["n"], shapes[0][1])


def parse_target_shape(raw, arg):
    values = []
    for item in split_items(raw):
        value = to_int(item, arg.name)
        if value < -1:
            raise ValueError("Each dimension in `target_shape` must be a non-negative integer, "
                             "or `-1` for a single unknown dimension. Received: "
                             "target_shape=%s." % shorten(raw))
        values.append(value)
    if values.count(-1) > 1:
        raise ValueError("There must be at most one unknown dimension (-1) in `target_shape`. "
                         "Received: target_shape=%s." % shorten(raw))
    return tuple(values)


class Reshape(LayerSpec):
    family = "reshaping"
    summary = ("Gives each example a new shape holding the same number of values; one "
               "axis may be -1 and is then worked out.")
    weight_free_reason = MOVES_VALUES
    args = (Arg("target_shape", parse_target_shape, help="The new shape without the batch "
                "axis, e.g. (4, -1); -1 (at most once) means 'whatever is left'.",
                example=(4, -1)),)
    inputs = (Input("input", 1, example=(8, 3)),)

    def _resolve(self, cfg, shapes):
        rest = shapes[0][1:]
        target = cfg["target_shape"]
        # Like Keras, an unknown input axis leaves -1 unknown and skips the size check.
        if None in rest:
            return tuple(None if d == -1 else d for d in target)
        size = _product(rest)
        if -1 not in target:
            if size != _product(target):
                raise ValueError("The total size of the tensor must be unchanged. Received: "
                                 "input_shape=%s, target_shape=%s"
                                 % (fmt_shape(rest), fmt_shape(target)))
            return target
        known = _product([d for d in target if d != -1])
        if known == 0 or size % known:
            raise ValueError("The total size of the tensor must be unchanged, however, the "
                             "input size cannot by divided by the specified dimensions in "
                             "target_shape. Received: input_shape=%s, target_shape=%s"
                             % (fmt_shape(rest), fmt_shape(target)))
        return tuple(size // known if d == -1 else d for d in target)

    def check(self, cfg, shapes):
        self._resolve(cfg, shapes)

    def output_shape(self, cfg, shapes):
        return (shapes[0][0],) + self._resolve(cfg, shapes)

    def sample(self, rng):
        rank = rng.randint(1, 3)
        shape = [rng.randint(1, 8) for _ in range(rank)]
        size = _product(shape)
        # Split the size into factors, then maybe hide one as -1 or break it on purpose.
        target = []
        left = size
        for _ in range(rng.randint(0, 2)):
            f = rng.choice([d for d in range(1, left + 1) if left % d == 0])
            target.append(f)
            left //= f
        target.append(left)
        if rng.chance(0.5):
            target[rng.randint(0, len(target) - 1)] = -1
        if rng.chance(0.1):
            target[0] += 1
        if rng.chance(0.1):
            shape[rng.randint(0, rank - 1)] = None
        return {"target_shape": tuple(target)}, [tuple(shape)]


register(
    Edges("Cropping1D", 1, -1, (1, 1), False),
    Edges("Cropping2D", 2, -1, ((0, 0), (0, 0)), True),
    Edges("Cropping3D", 3, -1, ((1, 1), (1, 1), (1, 1)), True),
    Edges("ZeroPadding1D", 1, +1, 1, True),
    Edges("ZeroPadding2D", 2, +1, ((1, 1), (1, 1)), True),
    Edges("ZeroPadding3D", 3, +1, ((1, 1), (1, 1), (1, 1)), True),
    UpSampling("UpSampling1D", 1),
    UpSampling("UpSampling2D", 2),
    UpSampling("UpSampling3D", 3),
    Flatten("Flatten"),
    Permute("Permute"),
    RepeatVector("RepeatVector"),
    Reshape("Reshape"),
)
