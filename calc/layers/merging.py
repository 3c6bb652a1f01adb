"""Merging layers: combine several tensors into one (Add, Subtract, Multiply, Average,
Maximum, Minimum, Concatenate, Dot).

None of them has weights; what they need is the output shape and the checks Keras makes
on the input shapes. Those are ported from keras/src/layers/merging (base_merge.py,
concatenate.py, dot.py) including their quirks, since the point is to say exactly what
Keras would build or refuse.
"""

from calc.args import Arg, Input, to_int
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, shorten

EXAMPLE = (10, 64)
TWO_INPUTS = (Input("input_1", 1, example=EXAMPLE), Input("input_2", 1, example=EXAMPLE))
# Add, Multiply, ... accept any number of inputs; the calculator takes up to four.
UP_TO_FOUR = TWO_INPUTS + (Input("input_3", 1, example=EXAMPLE, optional=True),
                           Input("input_4", 1, example=EXAMPLE, optional=True))


def _shapes_text(shapes):
    return "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def _at(shape, index, shapes, what):
    """shape[index] with Python's negative indexing; out of range is Keras's IndexError,
    told as a ValueError."""
    if not -len(shape) <= index < len(shape):
        raise ValueError("%s is out of range for the input shapes %s (the batch axis is 0)."
                         % (what, _shapes_text(shapes)))
    return shape[index]


def broadcast(shape1, shape2):
    """Keras's Merge._compute_elemwise_op_output_shape, on shapes without the batch axis:
    align from the right; a 1 stretches; an unknown axis makes the result unknown."""
    if len(shape1) < len(shape2):
        return broadcast(shape2, shape1)
    if not shape2:
        return shape1
    out = list(shape1[:len(shape1) - len(shape2)])
    for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1 or i == j:
            out.append(i)
        else:
            raise ValueError("Inputs have incompatible shapes. Received shapes %s and %s"
                             % (fmt_shape(tuple(shape1)), fmt_shape(tuple(shape2))))
    return tuple(out)


def dot_axes(axes, shape1, shape2):
    """Dot's axes as a pair of indices into the shapes with the batch axis: a negative int
    counts from the end of each input; a non-negative int or a pair is used as given."""
    if len(axes) == 1:
        a = axes[0]
        return (a % len(shape1), a % len(shape2)) if a < 0 else (a, a)
    return axes


def axes_value(raw, arg):
    """Dot's axes: one integer, or a pair of integers (one axis per input)."""
    if isinstance(raw, (list, tuple)):
        items = list(raw)
        if len(items) != 2:
            items = []  # Keras wants a pair when a list is given
    elif isinstance(raw, str):
        items = [p for p in raw.strip().strip("[]()").split(",") if p.strip()]
    else:
        items = [raw]
    if len(items) not in (1, 2):
        raise ValueError("Invalid format for argument `axes`: it should be an integer or contain "
                         "two elements. Received: axes=%s" % shorten(raw))
    return tuple(to_int(i, arg.name) for i in items)


class Merge(LayerSpec):
    family = "merging"
    inputs = UP_TO_FOUR
    # In a model file a merge may have any number of inputs: NASNet concatenates six, and
    # Keras saves `x + 3.0` as an Add of one tensor (the constant is no input).
    accepts_any_input_count = True
    args = ()
    combine = "elementwise"  # or "concatenate" or "dot"
    weight_free_reason = ("It combines its inputs with a fixed operation; nothing is learned "
                          "or stored.")

    def check(self, cfg, shapes):
        self.output_shape(cfg, shapes)

    def output_shape(self, cfg, shapes):
        if self.combine == "concatenate":
            return self.concatenate(cfg["axis"], shapes)
        if self.combine == "dot":
            return self.dot(cfg["axes"], shapes)
        out = tuple(shapes[0][1:])
        for shape in shapes[1:]:
            out = broadcast(out, tuple(shape[1:]))
        return (None,) + out

    def concatenate(self, axis, shapes):
        # Concatenate.build: with the concatenation axis removed (a non-negative axis past
        # an input's end removes nothing), the inputs must agree on every known axis.
        reduced = []
        for shape in shapes:
            s = list(shape)
            if axis < 0 or len(s) > axis:
                _at(s, axis, shapes, "axis=%d" % axis)
                del s[axis]
            reduced.append(s)
        error = ("A `Concatenate` layer requires inputs with matching shapes except for the "
                 "concatenation axis. Received: input_shape=%s" % _shapes_text(shapes))
        if len(set(len(s) for s in reduced)) != 1:
            raise ValueError(error)
        for position in range(len(reduced[0])):
            known = set(s[position] for s in reduced if s[position] is not None)
            if len(known) > 1:
                raise ValueError(error)
        # Concatenate.compute_output_shape: the first input's shape with the axis summed;
        # one unknown size along the axis makes the sum unknown.
        out = list(shapes[0])
        for shape in shapes[1:]:
            here = _at(out, axis, shapes, "axis=%d" % axis)
            if here is None or _at(shape, axis, shapes, "axis=%d" % axis) is None:
                out[axis] = None
                break
            out[axis] = here + shape[axis]
        return tuple(out)

    def dot(self, axes, shapes):
        shape1, shape2 = list(shapes[0]), list(shapes[1])
        a1, a2 = dot_axes(axes, shape1, shape2)
        what = "axes=%s" % (axes[0] if len(axes) == 1 else list(axes))
        d1, d2 = _at(shape1, a1, shapes, what), _at(shape2, a2, shapes, what)
        # Keras compares the two sizes as they are: an unknown size against a known one is
        # refused too.
        if d1 != d2:
            raise ValueError("Incompatible input shapes: axis values %s (at axis %d) != %s (at "
                             "axis %d). Full input shapes: %s, %s"
                             % (d1, a1, d2, a2, fmt_shape(shapes[0]), fmt_shape(shapes[1])))
        # The summed axis goes from both; the second input also loses its batch axis.
        shape1.pop(a1)
        shape2.pop(a2)
        shape2.pop(0)
        out = shape1 + shape2
        if len(out) == 1:
            out.append(1)
        return tuple(out)

    def sample(self, rng):
        """Shapes built to fit each other (so most examples are valid), then now and then
        disturbed so that Keras's refusals are exercised too."""
        args = sample_args(self, rng)
        rank = rng.randint(1, 3)
        base = [rng.randint(1, 8) for _ in range(rank)]
        if self.combine == "dot":
            return self.sample_dot(rng, args)
        n = len(self.inputs) if len(self.inputs) == 2 else rng.randint(2, 4)
        if self.combine == "concatenate":
            axis = rng.choice([-1, -1, rng.randint(1, rank), rng.randint(-rank, -1),
                               rng.randint(-rank - 2, rank + 2)])
            args["axis"] = axis
        shapes = []
        for _ in range(n):
            s = list(base)
            if self.combine == "concatenate":
                if 1 <= axis <= rank or -rank <= axis <= -1:  # not the batch axis
                    s[axis - 1 if axis > 0 else axis] = rng.randint(1, 8)
            else:
                if rng.chance(0.2) and len(s) > 1:
                    s = s[rng.randint(1, len(s) - 1):]  # fewer axes: aligned from the right
                s = [1 if rng.chance(0.15) else d for d in s]
            s = [None if rng.chance(0.1) else d for d in s]
            if rng.chance(0.05):
                s[rng.randint(0, len(s) - 1)] = rng.randint(1, 8)  # likely a mismatch
            shapes.append(tuple(s))
        return args, shapes

    def sample_dot(self, rng, args):
        x = [rng.randint(1, 8) for _ in range(rng.randint(1, 3))]
        y = [rng.randint(1, 8) for _ in range(rng.randint(1, 3))]
        mode = rng.randint(1, 10)
        if mode <= 4:  # a pair, each axis counted from the front or (for input_1) the back
            a0, a1 = rng.randint(1, len(x)), rng.randint(1, len(y))
            args["axes"] = [a0 - len(x) - 1 if rng.chance(0.3) else a0, a1]
        elif mode <= 7:  # one non-negative axis, the same index in both inputs
            a0 = a1 = rng.randint(1, min(len(x), len(y)))
            args["axes"] = a0
        elif mode <= 9:  # one negative axis, counted from each input's end
            k = rng.randint(1, min(len(x), len(y)))
            a0, a1 = len(x) + 1 - k, len(y) + 1 - k
            args["axes"] = -k
        else:  # anything, the batch axis and out-of-range ones included
            a0 = a1 = None
            args["axes"] = rng.randint(-4, 4)
        if a0 is not None and rng.chance(0.9):
            y[a1 - 1] = x[a0 - 1]
            if rng.chance(0.1):
                x[a0 - 1] = y[a1 - 1] = None
        return args, [tuple(x), tuple(y)]


def elementwise(name, what):
    return Merge(name, summary="%s, position by position; inputs of different shapes are "
                 "broadcast (a size-1 axis stretches, missing leading axes are added)." % what,
                 example_input=[EXAMPLE, EXAMPLE])


register(
    elementwise("Add", "Adds its inputs"),
    Merge("Subtract", inputs=TWO_INPUTS,
          summary=("Subtracts the second input from the first, position by position, "
                   "broadcasting as Add does.")),
    elementwise("Multiply", "Multiplies its inputs"),
    elementwise("Average", "Averages its inputs"),
    elementwise("Maximum", "Takes the largest of its inputs"),
    elementwise("Minimum", "Takes the smallest of its inputs"),
    Merge("Concatenate", combine="concatenate",
          summary="Joins its inputs end to end along one axis; the other axes must match.",
          args=(Arg("axis", "axis", -1, "The axis to join along (its sizes add up); the "
                    "batch axis is 0."),),
          example_input=[(10, 64), (10, 32)]),
    Merge("Dot", combine="dot", inputs=TWO_INPUTS,
          summary=("Takes dot products between the two inputs' samples along one axis of each: "
                   "the sizes along those axes must be equal and disappear from the output."),
          args=(Arg("axes", axes_value, help="The axis summed over: one integer for both inputs, "
                    "or a pair (axis of input_1, axis of input_2); the batch axis is 0.",
                    example=-1),
                Arg("normalize", "bool", False, "L2-normalizes both inputs first, giving cosine "
                    "similarities; never changes the shape.")),
          example_input=[(10, 64), (12, 64)]),
)
