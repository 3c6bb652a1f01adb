"""EinsumDense, and the einsum shape analysis MultiHeadAttention and GroupQueryAttention
build their projections with.

The analysis follows keras/src/layers/core/einsum_dense.py (_analyze_einsum_string and
_analyze_split_string) step by step, quirks included, because the weights Keras creates
are whatever that code derives: an equation it parses loosely is accepted here too.
"""

from calc.args import Arg, Input
from calc.dims import const, sym
from calc.layers.common import LORA_ALPHA, LORA_RANK, with_lora
from calc.sample import sample_value
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, is_letter
from calc.weights import Weight


class Misfit(Exception):
    """An index past the end of a shape: Keras fails there with an IndexError."""


def _at(seq, i):
    if -len(seq) <= i < len(seq):
        return seq[i]
    raise Misfit()


def _letters(s, i):
    j = i
    while j < len(s) and is_letter(s[j]):
        j += 1
    return s[i:j], j


def _match(s, pattern):
    """Match the start of `s` against a pattern of pieces, like Keras's re.match:
    "L" (one or more letters, captured), "L2" (two or more), or a literal text.
    Returns the captured groups, or None. Text after the match is ignored, as re.match
    ignores it."""
    groups = []
    i = 0
    for piece in pattern:
        if piece in ("L", "L2"):
            group, i = _letters(s, i)
            if len(group) < (2 if piece == "L2" else 1):
                return None
            groups.append(group)
        elif s[i:i + len(piece)] == piece:
            i += len(piece)
        else:
            return None
    return groups


def split_equation(equation):
    """(input_spec, weight_spec, output_spec, left_elided) of an EinsumDense equation.

    Keras replaces "..." by "0" and accepts three forms: ab,bc->ac; ...ab,bc->...ac;
    ab...,bc->ac... (the last with at least two input letters)."""
    s = equation.replace("...", "0")
    groups = _match(s, ("L", ",", "L", "->", "L"))
    if groups:
        return groups[0], groups[1], groups[2], False
    groups = _match(s, ("0", "L", ",", "L", "->", "0", "L"))
    if groups:
        return groups[0], groups[1], groups[2], True
    groups = _match(s, ("L2", "0,", "L", "->", "L", "0"))
    if groups:
        return groups[0], groups[1], groups[2], False
    raise ValueError("Invalid einsum equation '%s'. Equations must be in the form "
                     "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...." % equation)


def analyze(equation, bias_axes, input_shape, output_shape):
    """Keras's _analyze_einsum_string: the kernel's letters and sizes, the bias's letters
    (None where Keras pads with 1) and sizes (or None for no bias), and the full output
    shape. `input_shape` includes the batch axis; sizes may be None (unknown)."""
    input_spec, weight_spec, output_spec, left = split_equation(equation)
    try:
        return _analyze_split(input_spec, weight_spec, output_spec, left, bias_axes,
                              tuple(input_shape), output_shape)
    except Misfit:
        raise ValueError(
            "The einsum equation '%s' does not fit the input: its input part '%s' names "
            "%d axes and output_shape gives %d sizes, but the input has %d axes (with the "
            "batch axis). Received: input_shape=%s, output_shape=%s"
            % (equation, input_spec, len(input_spec), len(output_shape), len(input_shape),
               fmt_shape(tuple(input_shape)[1:]), fmt_shape(tuple(output_shape))))


def _analyze_split(input_spec, weight_spec, output_spec, left, bias_axes, input_shape,
                   partial_output):
    elided = len(input_shape) - len(input_spec)
    output = [input_shape[0]] + list(partial_output)
    if elided > 0 and left:
        # Keras inserts each elided axis at position 1 in turn, so they come out in
        # reverse order; the output shape (not the weights) keeps that quirk.
        for i in range(1, elided):
            output.insert(1, input_shape[i])
    elif elided > 0:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output.append(input_shape[i])

    input_at = {}
    output_at = {}
    for i, letter in enumerate(input_spec):
        input_at[letter] = i + elided - len(input_shape) if left else i
    for i, letter in enumerate(output_spec):
        output_at[letter] = i + elided if left else i

    for letter in input_spec:
        size = _at(input_shape, input_at[letter])
        if letter in output_at:
            wanted = _at(output, output_at[letter])
            if wanted is not None and wanted != size:
                raise ValueError("Input shape and output shape do not match at shared "
                                 "dimension '%s'. Input shape is %s, and output shape is %s."
                                 % (letter, size, wanted))
    for letter in output_spec:
        if letter not in input_spec and letter not in weight_spec:
            raise ValueError("Dimension '%s' was specified in the output '%s' but has no "
                             "corresponding dim in the input spec '%s' or weight spec '%s'"
                             % (letter, output_spec, input_spec, weight_spec))

    kernel = []  # (letter, size, input axis it comes from or None for the output)
    for letter in weight_spec:
        if letter in output_at:
            kernel.append((letter, _at(output, output_at[letter]), None))
        elif letter in input_at:
            axis = input_at[letter]
            kernel.append((letter, _at(input_shape, axis), axis % len(input_shape)))
        else:
            raise ValueError("Weight dimension '%s' did not have a match in either the input "
                             "spec '%s' or the output spec '%s'. For this layer, the weight "
                             "must be fully specified." % (letter, input_spec, output_spec))

    bias = None
    if bias_axes is not None:
        shift = elided if left else 0
        size_of = {}
        for i, letter in enumerate(output_spec):
            size_of[letter] = _at(output, i + shift)
        for letter in bias_axes:
            if letter not in output_spec:
                raise ValueError("Bias dimension '%s' was requested, but is not part of the "
                                 "output spec '%s'" % (letter, output_spec))
        if not bias_axes:
            raise ValueError("bias_axes must name at least one output axis, or be None. "
                             "Received: bias_axes=''")
        # The bias covers the output from its first biased axis on; the other axes in
        # that stretch get size 1 so the bias broadcasts.
        first = min(output_spec.find(letter) for letter in bias_axes)
        bias = []
        for letter in output_spec[first:]:
            bias.append((letter, size_of[letter], None) if letter in bias_axes else (None, 1, None))
        if not left:
            bias.extend([(None, 1, None)] * max(elided, 0))
    return kernel, bias, tuple(output)


class Symbols:
    """Names the kernel and bias axes: from `names` (letter -> Dim) when the size agrees,
    else by the letter itself (EinsumDense) or as a bare number (inside attention).
    One letter never stands for two sizes, so the formula's terms stay exact."""

    def __init__(self, names=None, letters=True, avoid=()):
        self.names = names or {}
        self.letters = letters
        self.avoid = avoid
        self.seen = {}

    def dim(self, letter, size, axis=None):
        if letter is None:
            return const(size)
        given = self.names.get(letter)
        if given is not None and given.value == size:
            return given
        if not self.letters:
            return const(size)
        known = self.seen.get(letter)
        if known is None:
            text = letter + "_axis" if letter in self.avoid else letter
            if axis is not None:
                meaning = "the input's axis %d (the letter `%s` of the equation's input)" % (axis, letter)
            else:
                meaning = ("the output's size on the letter `%s` (from `output_shape`, or the "
                           "input's axis that letter names)" % letter)
            known = sym(text, size, meaning=meaning)
            self.seen[letter] = known
        return known if known.value == size else const(size)


def einsum_weights(layer, equation, bias_axes, input_shape, output_shape, symbols,
                   scope=None, label="input_shape"):
    """The kernel (and bias) an EinsumDense creates, and its full output shape.

    A weight axis of unknown size is an error, as in Keras ("Shapes used to initialize
    variables must be fully-defined"); the message says which axis to give."""
    kernel, bias, full = analyze(equation, bias_axes, input_shape, output_shape)
    weights = []
    for name, axes in (("kernel", kernel), ("bias", bias)):
        if axes is None:
            continue
        for letter, size, axis in axes:
            if size is not None:
                continue
            if axis == 0:
                raise ValueError(
                    "The %s of %s would need the size of the batch axis (einsum letter '%s' "
                    "of '%s'), which is unknown: a weight cannot have the batch axis. "
                    "Received: equation='%s'" % (name, layer, letter, equation, equation))
            if axis is not None:
                raise ValueError(
                    "%s: axis %d (einsum letter '%s' of '%s') must be known to count the "
                    "weights of %s, but it is None. Received: %s=%s"
                    % (label, axis, letter, equation, layer, label.split(" ")[0],
                       fmt_shape(tuple(input_shape)[1:])))
            raise ValueError(
                "output_shape: the size of axis '%s' of '%s' must be known to count the "
                "weights of %s (the %s has that axis), but it is None. Received: "
                "output_shape=%s" % (letter, equation, layer, name, fmt_shape(tuple(output_shape))))
        weights.append(Weight(name, [symbols.dim(l, s, a) for l, s, a in axes], True, scope))
    return weights, full


class EinsumDense(LayerSpec):
    family = "core"
    summary = ("A dense layer written as an einsum equation: the equation says which input "
               "axes are summed against a kernel and which axes the output has.")
    args = (
        Arg("equation", "str", help="The einsum equation input,kernel->output, e.g. "
            "ab,bc->ac (a batch, b input features, c outputs); '...' stands for axes "
            "passed through.", counts=True, example="ab,bc->ac"),
        Arg("output_shape", "dims", help="Sizes of the output axes after the batch "
            "axis (an int or a tuple; None where the input decides; without the axes '...' "
            "covers).", counts=True, example=(64,), low=1),
        Arg("activation", "str", None, "Activation applied to the result; never changes the "
            "count.", none_ok=True),
        Arg("bias_axes", "str", None, "Output letters that get a bias, e.g. 'c'; None for no "
            "bias.", counts=True, none_ok=True),
        LORA_RANK,
        LORA_ALPHA,
    )
    inputs = (Input("input", 1, example=(32,)),)

    def _plan(self, cfg, shapes):
        avoid = ("r",) if cfg["lora_rank"] else ()  # LoRA's rank is named r
        return einsum_weights(self.name, cfg["equation"], cfg["bias_axes"], shapes[0],
                              cfg["output_shape"], Symbols(avoid=avoid))

    def check(self, cfg, shapes):
        self._plan(cfg, shapes)

    def build(self, cfg, shapes):
        return with_lora(self._plan(cfg, shapes)[0], cfg)

    def output_shape(self, cfg, shapes):
        return self._plan(cfg, shapes)[1]

    def sample(self, rng):
        """An equation from a list of common ones (now and then one Keras refuses), with
        an output_shape and input rank that mostly fit it."""
        table = SAMPLE_EQUATIONS if rng.chance(0.85) else SAMPLE_REFUSED
        equation, out_rank, in_rank, biases = rng.choice(table)
        out = tuple(rng.randint(1, 12) for _ in range(out_rank))
        if out_rank > 1 and rng.chance(0.9):
            out = (None,) + out[1:]  # an axis the input passes through: the input decides
        args = {"equation": equation,
                "output_shape": out[0] if out_rank == 1 and rng.chance(0.5) else out,
                "bias_axes": rng.choice(biases),
                "lora_rank": sample_value(LORA_RANK, rng)}
        if rng.chance(0.125):
            args["trainable"] = False
        if rng.chance(0.1):
            in_rank += rng.choice((-1, 1))
        shape = tuple(None if rng.chance(0.04) else rng.randint(1, 12)
                      for _ in range(max(in_rank, 1)))
        return args, [shape]


# (equation, output_shape length, input rank without the batch axis, bias_axes choices)
SAMPLE_EQUATIONS = (
    ("ab,bc->ac", 1, 1, (None, "c")),
    ("abc,cd->abd", 2, 2, (None, "d", "d")),
    ("abc,cde->abde", 3, 2, (None, "de", "e", "d")),
    ("abcd,cde->abe", 2, 3, (None, "e")),
    ("bqm,muh->bquh", 3, 2, (None, "uh", "h")),
    ("...b,bc->...c", 1, 2, (None, "c")),
    ("...ab,bc->...ac", 2, 3, (None, "c")),
    ("ab...,bc->ac...", 1, 3, (None, "c")),
)
# Keras refuses these: output_shape too short, a kernel letter from nowhere, an output
# letter from nowhere, a bias letter not in the output, an equation it cannot parse.
SAMPLE_REFUSED = (
    ("abc,cd->abd", 1, 2, (None, "d")),
    ("ab,cd->ac", 1, 1, (None,)),
    ("ab,bc->ad", 1, 1, (None,)),
    ("ab,bc->ac", 1, 1, ("x",)),
    ("a.b,bc->ac", 1, 1, (None,)),
)

register(EinsumDense("EinsumDense"))
