"""Output shapes of keras.ops functions, so a custom layer's call() can be traced without Keras.

A shape is a tuple of ints and None (a size only known at run time), the batch axis
included; a Python number given where Keras takes a tensor has the shape () (value_shape
gives the shape of any Python number or nested list). Every function takes the shapes of
its tensor arguments and its other arguments as the Python values Keras receives, under
Keras's names, and returns the output shape, or a tuple of shapes when Keras returns
several tensors (split, unstack, top_k, moments). A call Keras would refuse raises
ValueError, one line naming the argument and quoting the value received; a call Python
itself would refuse (an unknown keyword) raises TypeError.

"Keras" here is Keras 3.15 on TensorFlow: its symbolic rules (keras.ops on a KerasTensor,
what a functional model runs), and where those let through a call with known sizes that
TensorFlow then refuses (an einsum contracting 3 with 4, a slice running past the end),
the stricter rule, with a comment saying so. tests/test_ops_shapes_oracle.py compares
every function with Keras, and each stricter refusal with Keras on real arrays.

A value read from a shape (`ops.shape(x)[0]`) may be None; functions that take sizes as
values (reshape, zeros, arange, slice...) accept None there and give None back.

Tables for the evaluator:
  FUNCTIONS    keras.ops name -> (function, tensors). `tensors` lists, in order, Keras's
               names of the leading parameters that take tensors (the names serve
               keyword calls); pass their shapes, and every other argument as it is:
                 "x"               the first argument is a tensor ("inputs" for slice)
                 "x1 x2"           the first two ("x y" for the bitwise ones, "x indices",
                                   "data segment_ids")
                 "condition x1 x2" where()
                 "[xs]"            brackets: a list of tensors, passed as a list of shapes
                 "*operands"       einsum: the equation, then any number of tensors
                 ""                no tensor (arange, zeros...): every argument is a value
               `shape` is the one function whose result is a value, the tuple the code
               receives, rather than a tensor's shape.
  ACTIVATIONS  keras.activations name -> function (every one takes the tensor first).
  OPERATORS, UNARY_OPERATORS   what Python's operators on a Keras tensor call.
"""

import math

from calc.text import fmt_shape, shorten


# Small helpers --------------------------------------------------------------------------

def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _product(dims):
    """How many values a shape holds; None when one of its sizes is unknown."""
    n = 1
    for d in dims:
        if d is None:
            return None
        n *= d
    return n


def _int_list(value, name):
    """An int or a sequence of ints -> a list of ints (`repeats`, `indices_or_sections`...)."""
    items = list(value) if isinstance(value, (tuple, list)) else [value]
    for item in items:
        if not _is_int(item) or item < 0:
            raise ValueError("`%s` must hold non-negative integers. Received: %s=%s"
                             % (name, name, shorten(value)))
    return items


def _axis(axis, rank, name="axis", received=None):
    """One axis in [-rank, rank) -> its index in [0, rank)."""
    received = axis if received is None else received
    if not _is_int(axis):
        raise ValueError("`%s` must be an integer. Received: %s=%s"
                         % (name, name, shorten(received)))
    if not -rank <= axis < rank:
        raise ValueError("`%s` %d is out of bounds for a tensor of rank %d. Received: %s=%s"
                         % (name, axis, rank, name, shorten(received)))
    return axis % rank


def _axes(axis, rank, name="axis"):
    """An int or a sequence of ints -> a tuple of distinct axis indices in [0, rank)."""
    items = axis if isinstance(axis, (tuple, list)) else (axis,)
    axes = tuple(_axis(a, rank, name, axis) for a in items)
    for i in range(len(axes)):
        if axes[i] in axes[:i]:
            # Keras's symbolic rule drops the axis twice; TensorFlow refuses.
            raise ValueError("`%s` names the same axis twice. Received: %s=%s"
                             % (name, name, shorten(axis)))
    return axes


def _compatible(shape, other, skip=None):
    """Same rank and the same sizes (None matching anything), axis `skip` left out."""
    if len(shape) != len(other):
        return False
    for i in range(len(shape)):
        a, b = shape[i], other[i]
        if i != skip and a is not None and b is not None and a != b:
            return False
    return True


def _received(names, shapes):
    return ", ".join("%s.shape=%s" % (n, fmt_shape(s)) for n, s in zip(names, shapes))


MAX_NESTING = 32  # deeper lists are refused rather than recursed into


def value_shape(value, depth=0):
    """The shape of a Python value given where Keras takes a tensor: 2.0 -> (),
    [[1, 2], [3, 4]] -> (2, 2)."""
    if isinstance(value, (tuple, list)):
        if depth >= MAX_NESTING:
            raise ValueError("A tensor written as lists may nest %d deep at most. Received: %s"
                             % (MAX_NESTING, shorten(value)))
        if not value:
            return (0,)
        inner = value_shape(value[0], depth + 1)
        for item in value[1:]:
            if value_shape(item, depth + 1) != inner:
                raise ValueError("A nested list must be rectangular to be a tensor. "
                                 "Received: %s" % shorten(value))
        return (len(value),) + inner
    if isinstance(value, (int, float, bool)):
        return ()
    raise ValueError("Only numbers and lists of numbers can stand for a tensor. Received: %s"
                     % shorten(value))


# Elementwise: broadcasting and shape-preserving functions -------------------------------

def _broadcast(shapes, names):
    """NumPy broadcasting as Keras applies it: shapes aligned on the right, a size 1 takes
    the other size, an unknown size takes the known one."""
    rank = max([len(s) for s in shapes])
    out = []
    for i in range(-rank, 0):
        size, source, unknown = 1, None, False
        for shape, name in zip(shapes, names):
            d = shape[i] if len(shape) >= -i else 1
            if d is None:
                unknown = True
            elif d != 1 and size == 1:
                size, source = d, name
            elif d != 1 and d != size:
                raise ValueError("Cannot broadcast: axis %d has size %d in %s but %d in %s. "
                                 "Received: %s" % (i, size, source, d, name,
                                                   _received(names, shapes)))
        out.append(None if size == 1 and unknown else size)  # 1 against unknown is unknown
    return tuple(out)


def broadcast(x1, x2):
    """Every elementwise function of two tensors (add, multiply, less, ...: BROADCASTING)."""
    return _broadcast([x1, x2], ["x1", "x2"])


def where(condition, x1=None, x2=None):
    if x1 is None or x2 is None:
        # With one argument, where() returns the indices of the True values: how many
        # there are depends on the data, which no shape can say.
        raise ValueError("where() is modelled with both `x1` and `x2` (where(condition) "
                         "alone returns indices of data-dependent length). Received: "
                         "x1=%s, x2=%s" % (shorten(x1), shorten(x2)))
    return _broadcast([condition, x1, x2], ["condition", "x1", "x2"])


def keep_shape(x, axis=None):
    """Every function whose output has its input's shape (relu, exp, softmax, cast, ...:
    KEEPS_SHAPE). A given `axis` (an int or a tuple) must exist, as Keras checks."""
    if axis is not None:
        _axes(axis, len(x))
    return tuple(x)


# Keras signatures of the table-driven families: Keras's parameter names in order, a
# default after `=`, and `:int` on an axis that takes one int (or its default, None).
# tests/test_ops_shapes_oracle.py checks every signature against Keras's own.

_MISSING = object()


def _literal(text):
    if text in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[text]
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def signature(text):
    """'x axis:int=-1' -> [('x', _MISSING, False), ('axis', -1, True)]"""
    params = []
    for item in text.split():
        name, default = (item.split("=", 1) + [None])[:2]
        int_only = name.endswith(":int")
        params.append((name[:-4] if int_only else name,
                       _MISSING if default is None else _literal(default), int_only))
    return params


def _bind(function_name, params, args, kwargs):
    """A call's arguments matched to the signature as Python would: the values in order."""
    if len(args) > len(params):
        raise TypeError("%s() takes %d positional arguments but %d were given"
                        % (function_name, len(params), len(args)))
    values = list(args) + [_MISSING] * (len(params) - len(args))
    names = [p[0] for p in params]
    for key in kwargs:
        if key not in names:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (function_name, key))
        i = names.index(key)
        if values[i] is not _MISSING:
            raise TypeError("%s() got multiple values for argument '%s'" % (function_name, key))
        values[i] = kwargs[key]
    for i in range(len(params)):
        name, default, int_only = params[i]
        if values[i] is _MISSING:
            if default is _MISSING:
                raise TypeError("%s() missing required argument: '%s'" % (function_name, name))
            values[i] = default
        if int_only and not _is_int(values[i]) and not (values[i] is None and default is None):
            raise ValueError("`%s` must be a single integer. Received: %s=%s"
                             % (name, name, shorten(values[i])))
    return values


def _position(params, name):
    names = [p[0] for p in params]
    return names.index(name) if name in names else None


def _keeping_shape(name, text):
    params = signature(text)
    axis_at = _position(params, "axis")

    def rule(*args, **kwargs):
        values = _bind(name, params, args, kwargs)
        return keep_shape(values[0], None if axis_at is None else values[axis_at])
    return rule


def _broadcasting(name, text):
    params = signature(text)

    def rule(*args, **kwargs):
        values = _bind(name, params, args, kwargs)
        return _broadcast(values[:2], [p[0] for p in params[:2]])
    return rule


# keras.ops functions whose output has the shape of their (first) input. Extra arguments
# (clip's bounds, full_like's value) are taken to be numbers, not tensors.
KEEPS_SHAPE = dict((name, "x") for name in (
    "abs absolute angle arccos arccosh arcsin arcsinh arctan arctanh bitwise_invert "
    "bitwise_not cbrt ceil conj conjugate copy cos cosh deg2rad erf erfc erfinv exp exp2 "
    "expm1 fabs floor hard_sigmoid hard_silu hard_swish hard_tanh i0 imag isfinite isinf "
    "isnan isneginf isposinf isreal log log10 log1p log2 log_sigmoid logical_not negative "
    "rad2deg real reciprocal relu relu6 rsqrt selu sigmoid sign signbit silu sin sinc sinh "
    "softplus softsign sparse_plus sparse_sigmoid sqrt square swish tan tanh tanh_shrink "
    "trunc").split())
KEEPS_SHAPE.update({
    "cast": "x dtype",
    "celu": "x alpha=1.0",
    "clip": "x x_min x_max",
    "convert_to_tensor": "x dtype=None sparse=None ragged=None",
    "elu": "x alpha=1.0",
    "empty_like": "x dtype=None",
    "flip": "x axis=None",
    "full_like": "x fill_value dtype=None",
    "gelu": "x approximate=True",
    "hard_shrink": "x threshold=0.5",
    "leaky_relu": "x negative_slope=0.2",
    "log_softmax": "x axis=-1",
    "nan_to_num": "x nan=0.0 posinf=None neginf=None",
    "normalize": "x axis=-1 order=2 epsilon=None",
    "ones_like": "x dtype=None",
    "roll": "x shift axis=None",
    "round": "x decimals=0",
    "saturate_cast": "x dtype",
    "soft_shrink": "x threshold=0.5",
    "softmax": "x axis=-1",
    "sparsemax": "x axis:int=-1",
    "squareplus": "x b=4",
    "stop_gradient": "variable",
    "threshold": "x threshold default_value",
    "tril": "x k=0",
    "triu": "x k=0",
    "zeros_like": "x dtype=None",
})

# keras.ops functions of two tensors, elementwise after broadcasting. (Keras 3.15's
# symbolic rule for the bitwise ones and the shifts keeps x's shape as it is; every
# backend broadcasts, as here.)
BROADCASTING = dict((name, "x1 x2") for name in (
    "add arctan2 divide divide_no_nan equal floor_divide "
    "fmax fmin fmod gcd greater greater_equal heaviside hypot lcm ldexp less less_equal "
    "logaddexp logaddexp2 logical_and logical_or logical_xor maximum minimum mod multiply "
    "nextafter not_equal power subtract true_divide").split())
BROADCASTING.update(dict((name, "x y") for name in (
    "bitwise_and bitwise_left_shift bitwise_or bitwise_right_shift bitwise_xor left_shift "
    "right_shift").split()))

# keras.activations: all keep the shape but glu (see ACTIVATIONS below).
ACTIVATIONS_KEEPING_SHAPE = dict((name, "x") for name in (
    "exponential hard_sigmoid hard_silu hard_swish hard_tanh linear log_sigmoid mish relu6 "
    "selu sigmoid silu softplus softsign sparse_plus sparse_sigmoid swish tanh "
    "tanh_shrink").split())
ACTIVATIONS_KEEPING_SHAPE.update({
    "celu": "x alpha=1.0",
    "elu": "x alpha=1.0",
    "gelu": "x approximate=False",
    "hard_shrink": "x threshold=0.5",
    "leaky_relu": "x negative_slope=0.2",
    "log_softmax": "x axis=-1",
    "relu": "x negative_slope=0.0 max_value=None threshold=0.0",
    "soft_shrink": "x threshold=0.5",
    "softmax": "x axis=-1",
    "sparsemax": "x axis:int=-1",
    "squareplus": "x b=4",
    "threshold": "x threshold default_value",
})


def glu(x, axis=-1):
    """Gated linear unit: splits `axis` in two halves and multiplies them."""
    a = _axis(axis, len(x))
    out = list(x)
    if out[a] is not None:
        if out[a] % 2:
            raise ValueError("axis size must be divisible by 2. Received: x.shape=%s with "
                             "axis=%d" % (fmt_shape(x), axis))
        out[a] //= 2
    return tuple(out)


def fliplr(x):
    if len(x) < 2:
        raise ValueError("`fliplr` requires input with 2 or more dimensions. Received: "
                         "x.shape=%s" % fmt_shape(x))
    return tuple(x)


def flipud(x):
    if len(x) < 1:
        raise ValueError("`flipud` requires input with 1 or more dimensions. Received: "
                         "x.shape=%s" % fmt_shape(x))
    return tuple(x)


# Reductions -----------------------------------------------------------------------------

def reduce(x, axis=None, keepdims=False):
    """Every reduction (mean, sum, max, argmax, ...: REDUCTIONS): the axes named go away,
    or stay as size 1 with keepdims; axis=None reduces them all."""
    if axis is None:
        return (1,) * len(x) if keepdims else ()
    axes = _axes(axis, len(x))
    out = []
    for i in range(len(x)):
        if i not in axes:
            out.append(x[i])
        elif keepdims:
            out.append(1)
    return tuple(out)


def _reducing(name, text):
    params = signature(text)
    axis_at = _position(params, "axis")
    keepdims_at = _position(params, "keepdims")

    def rule(*args, **kwargs):
        values = _bind(name, params, args, kwargs)
        return reduce(values[0], values[axis_at],
                      False if keepdims_at is None else values[keepdims_at])
    return rule


REDUCTIONS = dict((name, "x axis=None keepdims=False") for name in (
    "all amax amin any logsumexp mean median nanmax nanmean nanmedian nanmin nanprod "
    "nanstd nansum nanvar ptp std sum var").split())
REDUCTIONS.update({
    "argmax": "x axis:int=None keepdims=False",
    "argmin": "x axis:int=None keepdims=False",
    "count_nonzero": "x axis=None",
    "max": "x axis=None keepdims=False initial=None",
    "min": "x axis=None keepdims=False initial=None",
    "nanargmax": "x axis:int=None keepdims=False",
    "nanargmin": "x axis:int=None keepdims=False",
    "prod": "x axis=None keepdims=False dtype=None",
})


def moments(x, axes, keepdims=False, synchronized=False):
    """(mean, variance) over `axes`."""
    shape = reduce(x, axes, keepdims)
    return (shape, shape)


def _flat_unless_axis(x, axis):
    """cumsum, sort...: along one axis the shape stays; axis=None flattens first."""
    if axis is None:
        return (_product(x),)
    _axis(axis, len(x))
    return tuple(x)


def _flattening_unless_axis(name, text):
    params = signature(text)
    axis_at = _position(params, "axis")

    def rule(*args, **kwargs):
        values = _bind(name, params, args, kwargs)
        return _flat_unless_axis(values[0], values[axis_at])
    return rule


FLAT_UNLESS_AXIS = {
    "argsort": "x axis=-1",
    "cumprod": "x axis=None dtype=None",
    "cumsum": "x axis=None dtype=None",
    "nancumprod": "x axis=None dtype=None",
    "nancumsum": "x axis=None dtype=None",
    "sort": "x axis=-1",
}


# Reshaping ------------------------------------------------------------------------------

def reshape(x, newshape):
    """One size may be -1 (worked out from the others); None is a size known at run time."""
    target = tuple(newshape) if isinstance(newshape, (tuple, list)) else (newshape,)
    for d in target:
        if d is not None and (not _is_int(d) or d < -1):
            raise ValueError("Each dimension in `newshape` must be a non-negative integer, or "
                             "`-1` for a single unknown dimension. Received: newshape=%s."
                             % shorten(newshape))
    if target.count(-1) > 1:
        raise ValueError("There must be at most one unknown dimension (-1) in `newshape`. "
                         "Received: newshape=%s." % fmt_shape(target))
    size = _product(x)
    # Like Keras, an unknown size anywhere leaves -1 unknown and skips the size check.
    if size is None or None in target:
        return tuple(None if d == -1 else d for d in target)
    if -1 not in target:
        if _product(target) != size:
            raise ValueError("The total size of the tensor must be unchanged. Received: "
                             "x.shape=%s, newshape=%s" % (fmt_shape(x), fmt_shape(target)))
        return target
    known = _product([d for d in target if d != -1])
    if known == 0 or size % known:
        raise ValueError("The total size of the tensor must be unchanged, however, the input "
                         "size cannot by divided by the specified dimensions in newshape. "
                         "Received: x.shape=%s, newshape=%s" % (fmt_shape(x), fmt_shape(target)))
    return tuple(size // known if d == -1 else d for d in target)


def ravel(x):
    return (_product(x),)


def expand_dims(x, axis):
    """A new axis of size 1 at `axis` (each of them, for a tuple), counted in the output."""
    count = len(axis) if isinstance(axis, (tuple, list)) else 1
    axes = _axes(axis, len(x) + count)
    rest = iter(x)
    return tuple(1 if i in axes else next(rest) for i in range(len(x) + count))


def squeeze(x, axis=None):
    """Drops axes of size 1: the ones named, or every one for axis=None."""
    if axis is None:
        return tuple(d for d in x if d != 1)
    axes = _axes(axis, len(x))
    for a in axes:
        # Keras refuses an unknown size too: it cannot know that it will be 1.
        if x[a] != 1:
            raise ValueError("Cannot squeeze axis %d, because the dimension is not 1. "
                             "Received: axis=%s, x.shape=%s" % (a, shorten(axis), fmt_shape(x)))
    return tuple(x[i] for i in range(len(x)) if i not in axes)


def transpose(x, axes=None):
    """The axes in the order given; axes=None reverses them."""
    if axes is None:
        return tuple(reversed(x))
    if not isinstance(axes, (tuple, list)) or len(axes) != len(x):
        raise ValueError("`axes` must list every axis of the input once (%d of them). "
                         "Received: axes=%s" % (len(x), shorten(axes)))
    order = []
    for a in axes:
        if not _is_int(a) or not -len(x) <= a < len(x):
            raise ValueError("Each axis in `axes` must be an integer in [-%d, %d). Received: "
                             "axes=%s." % (len(x), len(x), shorten(axes)))
        order.append(a % len(x))
    if len(set(order)) != len(x):
        raise ValueError("`axes` must be a valid permutation of the input dimensions (no "
                         "duplicates). Received: axes=%s for input of rank %d."
                         % (shorten(axes), len(x)))
    return tuple(x[a] for a in order)


def swapaxes(x, axis1, axis2):
    a, b = _axis(axis1, len(x), "axis1"), _axis(axis2, len(x), "axis2")
    out = list(x)
    out[a], out[b] = out[b], out[a]
    return tuple(out)


def moveaxis(x, source, destination):
    """The axes in `source` moved to the places in `destination`, the others keep their order."""
    src = _axes(source, len(x), "source")
    dst = _axes(destination, len(x), "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         "elements. Received: source=%s, destination=%s"
                         % (shorten(source), shorten(destination)))
    order = [a for a in range(len(x)) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tuple(x[a] for a in order)


def concatenate(xs, axis=0):
    """Joined along an existing axis; the other sizes must match (as the first's are kept)."""
    xs = [tuple(s) for s in xs]
    if not xs:
        raise ValueError("`xs` must hold at least one tensor. Received: xs=[]")
    first = xs[0]
    if not first:
        raise ValueError("Zero-dimensional tensors cannot be concatenated. Received: "
                         "xs[0].shape=()")
    a = _axis(axis, len(first))
    total = 0
    for shape in xs:
        if not _compatible(shape, first, a):
            raise ValueError("Every value in `xs` must have the same shape except on the `axis` "
                             "dim. Received: axis=%s, shapes %s" % (shorten(axis), fmt_shape(xs)))
        total = None if total is None or shape[a] is None else total + shape[a]
    out = list(first)
    out[a] = total
    return tuple(out)


def stack(x, axis=0):
    """Joined along a new axis of size len(x); the shapes must match."""
    x = [tuple(s) for s in x]
    if not x:
        raise ValueError("`x` must hold at least one tensor. Received: x=[]")
    first = x[0]
    a = _axis(axis, len(first) + 1)
    for shape in x:
        if not _compatible(shape, first):
            raise ValueError("Every value in `x` must have the same shape. Received: shapes %s"
                             % fmt_shape(x))
    out = list(first)
    out.insert(a, len(x))
    return tuple(out)


def unstack(x, num=None, axis=0):
    """The slices along `axis`, one shape per tensor returned."""
    a = _axis(axis, len(x))
    if num is None:
        num = x[a]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s. Either provide a tensor "
                             "with a concrete shape in the `axis` dimension or explicitly pass "
                             "the `num` argument. Received: axis=%s" % (fmt_shape(x), axis))
    elif x[a] is not None and num != x[a]:
        # Keras's symbolic rule trusts `num`; TensorFlow refuses a wrong one.
        raise ValueError("`num` must be the size of the axis unstacked (%d). Received: num=%s"
                         % (x[a], shorten(num)))
    rest = tuple(x[:a]) + tuple(x[a + 1:])
    return (rest,) * num


def split(x, indices_or_sections, axis=0):
    """An int: that many equal parts. A list: the indices where parts start."""
    a = _axis(axis, len(x))
    size = x[a]
    if _is_int(indices_or_sections):
        n = indices_or_sections
        if n < 1:
            raise ValueError("`indices_or_sections` must be at least 1. Received: "
                             "indices_or_sections=%d" % n)
        if size is not None and size % n:
            raise ValueError("`x` size on given `axis` must be divisible by "
                             "`indices_or_sections` when `indices_or_sections` is an int. "
                             "Received: indices_or_sections=%d, x.shape=%s" % (n, fmt_shape(x)))
        part = list(x)
        part[a] = None if size is None else size // n
        return (tuple(part),) * n
    indices = _int_list(indices_or_sections, "indices_or_sections")
    bounds = [0] + indices + [size]
    shapes = []
    for i in range(len(bounds) - 1):
        start, end = bounds[i], bounds[i + 1]
        # TensorFlow refuses indices that go backwards or past the end (NumPy would
        # give empty parts; Keras's symbolic rule negative sizes).
        if end is not None and end < start:
            raise ValueError("`indices_or_sections` must be sorted indices no larger than the "
                             "size of the axis (%s). Received: indices_or_sections=%s"
                             % (size, shorten(indices_or_sections)))
        part = list(x)
        part[a] = None if end is None else end - start
        shapes.append(tuple(part))
    return tuple(shapes)


def tile(x, repeats):
    """Each axis repeated; the shorter of the shape and `repeats` is padded with 1s."""
    reps = _int_list(repeats, "repeats")
    shape = list(x)
    if len(shape) > len(reps):
        reps = [1] * (len(shape) - len(reps)) + reps
    else:
        shape = [1] * (len(reps) - len(shape)) + shape
    return tuple(None if d is None else d * r for d, r in zip(shape, reps))


def repeat(x, repeats, axis=None):
    """Each element repeated along `axis`, or in the flattened tensor for axis=None;
    `repeats` is one count or one count per element."""
    reps = _int_list(repeats, "repeats")
    if axis is None:
        size = _product(x)
        if size is None:
            return (None,)
        if len(reps) == 1:
            return (size * reps[0],)
        if len(reps) != size:
            raise ValueError("Size of `repeats` and dimensions of `x` after flattening should "
                             "be compatible. Received: repeats=%s, x.shape=%s"
                             % (shorten(repeats), fmt_shape(x)))
        return (sum(reps),)
    a = _axis(axis, len(x))
    out = list(x)
    if out[a] is None:
        return tuple(out)
    if len(reps) == 1:
        out[a] *= reps[0]
    elif len(reps) != out[a]:
        raise ValueError("Size of `repeats` and dimensions of `axis %d of x` should be "
                         "compatible. Received: repeats=%s, x.shape=%s"
                         % (a, shorten(repeats), fmt_shape(x)))
    else:
        out[a] = sum(reps)
    return tuple(out)


def _pad_pair(item, pad_width):
    if _is_int(item):
        pair = (item, item)
    elif (isinstance(item, (tuple, list)) and len(item) in (1, 2)
          and _is_int(item[0]) and _is_int(item[-1])):
        pair = (item[0], item[-1])
    else:
        raise ValueError("`pad_width` should be an int, a (before, after) pair or one per "
                         "axis. Received: pad_width=%s" % shorten(pad_width))
    if pair[0] < 0 or pair[1] < 0:
        # Keras's symbolic rule shrinks the axis; TensorFlow refuses.
        raise ValueError("`pad_width` cannot be negative. Received: pad_width=%s"
                         % shorten(pad_width))
    return pair


def pad(x, pad_width, mode="constant", constant_values=None):
    """`pad_width`: an int or one (before, after) pair for every axis, or one per axis.
    (The modes' own limits, such as reflect needing a pad smaller than the axis, are not
    checked.)"""
    nested = isinstance(pad_width, (tuple, list)) and pad_width and not _is_int(pad_width[0])
    if nested:
        lengths = set(len(p) if isinstance(p, (tuple, list)) else 0 for p in pad_width)
        if len(lengths) > 1:
            raise ValueError("`pad_width` should be a list of tuples of length 1 or 2. "
                             "Received: pad_width=%s" % shorten(pad_width))
        if isinstance(pad_width, tuple) and 1 in lengths:
            # Keras 3.15 rewrites (n,) entries in place, which a tuple does not allow.
            raise ValueError("`pad_width` with (n,) entries must be a list, not a tuple. "
                             "Received: pad_width=%s" % shorten(pad_width))
    if not nested:
        pairs = [_pad_pair(pad_width, pad_width)] * len(x)
    elif len(pad_width) == 1:
        pairs = [_pad_pair(pad_width[0], pad_width)] * len(x)
    elif len(pad_width) == len(x):
        pairs = [_pad_pair(p, pad_width) for p in pad_width]
    else:
        raise ValueError("`pad_width` must have the same length as `x.shape`. Received: "
                         "pad_width=%s, x.shape=%s" % (shorten(pad_width), fmt_shape(x)))
    return tuple(None if d is None else d + a + b for d, (a, b) in zip(x, pairs))


def broadcast_to(x, shape):
    """`x` broadcast to exactly `shape`."""
    target = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    for d in target:
        if d is not None and (not _is_int(d) or d < 0):
            raise ValueError("`shape` must hold non-negative integers. Received: shape=%s"
                             % shorten(shape))
    # Keras's symbolic rule only checks that the two shapes broadcast together (so
    # (3, 4) "broadcasts" to (4,)); TensorFlow needs `x` to fit inside `shape`.
    fits = len(x) <= len(target)
    for i in range(1, len(x) + 1):
        if fits and x[-i] not in (1, None) and target[-i] is not None and x[-i] != target[-i]:
            fits = False
    if not fits:
        raise ValueError("`x` does not broadcast to `shape`. Received: x.shape=%s, shape=%s"
                         % (fmt_shape(x), fmt_shape(target)))
    return target


# Indexing -------------------------------------------------------------------------------

def _slice_length(s, n, key):
    """len(range(n)[s]) as Python computes it, None when n is unknown."""
    for bound in (s.start, s.stop, s.step):
        if bound is not None and not _is_int(bound):
            raise ValueError("Slice bounds must be integers or None. Received: key=%s"
                             % shorten(key))
    step = 1 if s.step is None else s.step
    if step == 0:
        raise ValueError("slice step cannot be zero. Received: key=%s" % shorten(key))
    if n is None:
        return None
    lower, upper = (0, n) if step > 0 else (-1, n - 1)

    def clamp(bound, missing):
        if bound is None:
            return missing
        if bound < 0:
            return max(bound + n, lower)
        return min(bound, upper)

    start = clamp(s.start, lower if step > 0 else upper)
    stop = clamp(s.stop, upper if step > 0 else lower)
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (start - stop - step - 1) // -step)


def getitem(x, key):
    """x[key] with Python's indexing: ints drop an axis, slices keep it (an unknown size
    stays unknown), None adds an axis of size 1, one Ellipsis stands for the axes not
    indexed; `key` is one of these or a tuple of them.

    (Keras 3.15's KerasTensor refuses a bare slice, None or Ellipsis key, x[1:3], though
    every backend takes it; written as x[1:3,] it is accepted. This follows the backends.)"""
    items = list(key) if isinstance(key, tuple) else [key]
    for k in items:
        if not (k is None or k is Ellipsis or _is_int(k) or isinstance(k, slice)):
            raise ValueError("Unsupported key type for array slice (ints, slices, None and "
                             "Ellipsis are). Received: key=%s" % shorten(key))
    if len([k for k in items if k is Ellipsis]) > 1:
        raise ValueError("Slice should only have one ellipsis. Received: key=%s" % shorten(key))
    indexed = len([k for k in items if k is not None and k is not Ellipsis])
    if indexed > len(x):
        raise ValueError("Too many indices for a tensor of rank %d. Received: key=%s"
                         % (len(x), shorten(key)))
    if Ellipsis not in items:
        items.append(Ellipsis)
    out = []
    i = 0  # the next axis of x to index
    for k in items:
        if k is None:
            out.append(1)
        elif k is Ellipsis:
            left = len(x) - indexed
            out.extend(x[i:i + left])
            i += left
        elif isinstance(k, slice):
            out.append(_slice_length(k, x[i], key))
            i += 1
        else:
            if x[i] is not None and not -x[i] <= k < x[i]:
                raise ValueError("Index %d is out of bounds for axis %d of size %d. Received: "
                                 "key=%s, x.shape=%s" % (k, i, x[i], shorten(key), fmt_shape(x)))
            i += 1
    return tuple(out)


def slice_(inputs, start_indices, shape):
    """keras.ops.slice: a block `shape` starting at `start_indices`; a size -1 runs to the
    end. A start may be None (known at run time only)."""
    if len(shape) != len(inputs):
        raise ValueError("The number of dimensions in `inputs` must match the number of "
                         "dimensions in `shape`. Received: inputs.shape=%s, shape=%s"
                         % (fmt_shape(inputs), shorten(shape)))
    if len(start_indices) != len(inputs):
        raise ValueError("The number of dimensions in `start_indices` must match the number "
                         "of dimensions in `inputs`. Received: start_indices=%s, "
                         "inputs.shape=%s" % (shorten(start_indices), fmt_shape(inputs)))
    out = []
    for d, start, size in zip(inputs, start_indices, shape):
        bad_start = start is not None and (not _is_int(start) or start < 0)
        if not _is_int(size) or size < -1 or bad_start:
            raise ValueError("`start_indices` must be non-negative integers and `shape` sizes "
                             "or -1. Received: start_indices=%s, shape=%s"
                             % (shorten(start_indices), shorten(shape)))
        # Keras's symbolic rule does not look past the end; TensorFlow refuses to.
        if d is not None and start is not None and (start > d or size > d - start):
            raise ValueError("The slice runs past the end of the input. Received: "
                             "start_indices=%s, shape=%s, inputs.shape=%s"
                             % (shorten(start_indices), shorten(shape), fmt_shape(inputs)))
        if size != -1:
            out.append(size)
        else:
            out.append(None if d is None or start is None else d - start)
    return tuple(out)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """ops.segment_sum / segment_max (and TensorFlow's unsorted_segment_sum, _mean, _max...):
    one row per segment, (num_segments,) + data's other axes (unknown rows without
    num_segments)."""
    if not data:
        raise ValueError("data must have at least one axis. Received: data.shape=()")
    return (num_segments if _is_int(num_segments) else None,) + tuple(data[1:])


def take(x, indices, axis=None):
    """The axis `axis` of `x` replaced by the shape of `indices` (axis=None: x flattened)."""
    if axis is None:
        return tuple(indices)
    a = _axis(axis, len(x))
    return tuple(x[:a]) + tuple(indices) + tuple(x[a + 1:])


def take_along_axis(x, indices, axis=None):
    if axis is None:
        x = (_product(x),)
    if len(x) != len(indices):
        raise ValueError("`x` and `indices` must have the same number of dimensions. "
                         "Received: %s" % _received(["x", "indices"], [x, indices]))
    a = 0 if axis is None else _axis(axis, len(x))
    out = list(x)
    out[a] = indices[a]
    return _broadcast([tuple(out), indices], ["x", "indices"])


def top_k(x, k, sorted=True):
    """(values, indices): the last axis becomes k."""
    if not x:
        raise ValueError("`top_k` needs a tensor of rank 1 or more. Received: x.shape=()")
    if not _is_int(k) or k < 0:
        raise ValueError("`k` must be a non-negative integer. Received: k=%s" % shorten(k))
    if x[-1] is not None and k > x[-1]:
        # Keras's symbolic rule does not check; TensorFlow refuses.
        raise ValueError("`k` cannot exceed the size of the last axis. Received: k=%d, "
                         "x.shape=%s" % (k, fmt_shape(x)))
    shape = tuple(x[:-1]) + (k,)
    return (shape, shape)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """A new axis of size num_classes: last for axis=-1, else at `axis`."""
    if not _is_int(num_classes) or num_classes < 0:
        raise ValueError("`num_classes` must be a non-negative integer. Received: "
                         "num_classes=%s" % shorten(num_classes))
    out = list(x)
    if axis == -1:
        out.append(num_classes)
    elif _is_int(axis) and 0 <= axis < len(x):
        out.insert(axis, num_classes)
    else:
        raise ValueError("axis must be -1 or between [0, %d). Received: axis=%s"
                         % (len(x), shorten(axis)))
    return tuple(out)


# Products -------------------------------------------------------------------------------

def matmul(x1, x2):
    """Matrix product over the last two axes, the leading ones broadcast; a 1-D operand is
    a row (x1) or a column (x2) whose axis is dropped from the result."""
    if not x1 or not x2:
        raise ValueError("`matmul` needs tensors of rank 1 or more (multiply takes scalars). "
                         "Received: %s" % _received(["x1", "x2"], [x1, x2]))
    a = (1, x1[0]) if len(x1) == 1 else tuple(x1)
    b = (x2[0], 1) if len(x2) == 1 else tuple(x2)
    if a[-1] is not None and b[-2] is not None and a[-1] != b[-2]:
        raise ValueError("Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal. "
                         "Received: %s" % _received(["x1", "x2"], [x1, x2]))
    try:
        lead = _broadcast([a[:-2], b[:-2]], ["x1", "x2"])
    except ValueError:
        raise ValueError("The batch axes of `x1` and `x2` (all but the last two) cannot be "
                         "broadcast together. Received: %s" % _received(["x1", "x2"], [x1, x2]))
    out = list(lead) + [a[-2], b[-1]]
    if len(x2) == 1:
        out.pop()
    if len(x1) == 1:
        out.pop(-2 if len(x2) > 1 else -1)
    return tuple(out)


def dot(x1, x2):
    """NumPy's dot: a product of scalars; the inner product of vectors; otherwise a sum
    over the last axis of x1 and the second-to-last of x2 (the last for a vector)."""
    if not x1 or not x2:
        return broadcast(x1, x2)
    received = _received(["x1", "x2"], [x1, x2])
    if len(x1) == 1 and len(x2) == 1:
        # Keras's symbolic rule does not compare the two lengths; TensorFlow does.
        if x1[0] is not None and x2[0] is not None and x1[0] != x2[0]:
            raise ValueError("The two vectors must have the same length. Received: %s" % received)
        return ()
    if len(x2) == 1:
        # Keras compares these sizes exactly, so an unknown one against a known one is
        # refused too.
        if x1[-1] != x2[0]:
            raise ValueError("Shape must match on the last axis of `x1` and `x2` when `x2` is "
                             "1-D. Received: %s" % received)
        return tuple(x1[:-1])
    if x1[-1] is not None and x2[-2] is not None and x1[-1] != x2[-2]:
        raise ValueError("Shape must match on the last axis of `x1` and second last axis of "
                         "`x2`. Received: %s" % received)
    return tuple(x1[:-1]) + tuple(x2[:-2]) + tuple(x2[-1:])


def outer(x1, x2):
    return (_product(x1), _product(x2))


def _einsum_spec(spec, subscripts):
    """'ab...c' -> ('ab', 'c', True): the letters before and after '...', and whether
    there is one."""
    parts = spec.split("...")
    for part in parts:
        for c in part:
            if not c.isalpha():
                raise ValueError("`einsum` subscripts hold letters, ',', '->' and one '...' "
                                 "per operand. Received: subscripts=%s" % shorten(subscripts))
    if len(parts) > 2:
        raise ValueError("An `einsum` operand has at most one '...'. Received: subscripts=%s"
                         % shorten(subscripts))
    return parts[0], parts[-1] if len(parts) == 2 else "", len(parts) == 2


def einsum(subscripts, *operands):
    """Each letter names one size, the same wherever it appears; the output has the
    letters after '->', or, without '->', the letters used once in alphabetical order
    after the axes '...' stands for (broadcast across the operands)."""
    if not isinstance(subscripts, str):
        raise ValueError("`subscripts` must be a string. Received: subscripts=%s"
                         % shorten(subscripts))
    sides = subscripts.split("->")
    if len(sides) > 2:
        raise ValueError("At most one '->' is supported in `einsum` subscripts. Received: "
                         "subscripts=%s" % shorten(subscripts))
    specs = sides[0].split(",")
    if len(specs) != len(operands):
        raise ValueError("Number of operands (%d) does not match the number of input specs "
                         "(%d) in `einsum`. Received: subscripts=%s"
                         % (len(operands), len(specs), shorten(subscripts)))
    sizes = {}
    counts = {}
    ellipses = []  # the axes each '...' stands for
    with_ellipsis = []
    for n in range(len(specs)):
        shape = tuple(operands[n])
        head, tail, has_ellipsis = _einsum_spec(specs[n], subscripts)
        letters = head + tail
        if len(letters) > len(shape) or (not has_ellipsis and len(letters) != len(shape)):
            raise ValueError("Number of dimensions in the subscript does not match the number "
                             "of dimensions in the operand. Received: subscript %s for operand "
                             "%d of shape %s" % (shorten(specs[n]), n, fmt_shape(shape)))
        dims = shape[:len(head)] + shape[len(shape) - len(tail):]
        if has_ellipsis:
            ellipses.append(shape[len(head):len(shape) - len(tail)])
            with_ellipsis.append(n)
        for letter, d in zip(letters, dims):
            counts[letter] = counts.get(letter, 0) + 1
            known = sizes.get(letter)
            # Keras's symbolic rule broadcasts a 1 and never compares contracted sizes;
            # TensorFlow wants one size per letter.
            if known is not None and d is not None and known != d:
                raise ValueError("Subscript %s has size %d in one operand and %d in another. "
                                 "Received: subscripts=%s, shapes %s"
                                 % (letter, known, d, shorten(subscripts),
                                    fmt_shape([tuple(o) for o in operands])))
            if known is None:
                sizes[letter] = d
    wildcard = ()
    if ellipses:
        wildcard = _broadcast(ellipses, ["the '...' of operand %d" % n for n in with_ellipsis])
    if len(sides) == 1:
        once = sorted(letter for letter in counts if counts[letter] == 1)
        return wildcard + tuple(sizes[letter] for letter in once)
    head, tail, has_ellipsis = _einsum_spec(sides[1], subscripts)
    for i in range(len(head + tail)):
        letter = (head + tail)[i]
        if letter not in sizes or letter in (head + tail)[:i]:
            raise ValueError("Each output subscript must appear in an input, once. Received: "
                             "subscripts=%s" % shorten(subscripts))
    if wildcard and not has_ellipsis:
        # Keras's symbolic rule sums the '...' axes away; TensorFlow refuses.
        raise ValueError("The output needs '...' for the axes '...' stands for in the inputs. "
                         "Received: subscripts=%s" % shorten(subscripts))
    return (tuple(sizes[letter] for letter in head) + (wildcard if has_ellipsis else ())
            + tuple(sizes[letter] for letter in tail))


# New tensors ----------------------------------------------------------------------------

def _new_shape(shape):
    target = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    for d in target:
        if d is not None and (not _is_int(d) or d < 0):
            raise ValueError("`shape` must hold non-negative integers. Received: shape=%s"
                             % shorten(shape))
    return target


def zeros(shape, dtype=None):
    """zeros, ones, empty: the shape given (None: a size known at run time only)."""
    return _new_shape(shape)


def full(shape, fill_value, dtype=None):
    if not isinstance(shape, (tuple, list)):
        # zeros(3) is (3,), but Keras on TensorFlow refuses full(3, value).
        raise ValueError("`shape` must be a tuple or a list. Received: shape=%s" % shorten(shape))
    return _new_shape(shape)


def eye(N, M=None, k=0, dtype=None):
    """eye and tri: N rows, M columns (M defaults to N)."""
    return _new_shape((N, N if M is None else M))


def identity(n, dtype=None):
    return _new_shape((n, n))


_NOT_GIVEN = object()


def arange(start, stop=_NOT_GIVEN, step=None, dtype=None):
    """(number of values,). None stands for a value known at run time only, so leave
    `stop` out (not None) for arange(stop)."""
    if stop is _NOT_GIVEN:
        start, stop = 0, start
    if step is None:
        step = 1
    for name, value in (("start", start), ("stop", stop), ("step", step)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError("`%s` must be a number. Received: %s=%s"
                             % (name, name, shorten(value)))
    if step == 0:
        raise ValueError("`step` cannot be 0. Received: step=0")
    if start is None or stop is None:
        return (None,)
    if (stop - start) * step < 0:
        # TensorFlow refuses a range going the wrong way (NumPy would make it empty).
        raise ValueError("`step` must go from `start` towards `stop`. Received: start=%s, "
                         "stop=%s, step=%s" % (start, stop, step))
    if _is_int(start) and _is_int(stop) and _is_int(step):
        return (-((start - stop) // step),)  # exact ceil((stop - start) / step)
    return (int(math.ceil((stop - start) / step)),)


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """keras.ops.image.extract_patches: every size x size patch (strided, like a convolution's
    window) flattened into the channels axis, (batch, rows, cols, size*size*channels), as
    ViT-style models cut an image into tokens. 2-D patches, channels_last or channels_first."""
    if isinstance(size, int) and not isinstance(size, bool):
        size = (size, size)
    if not isinstance(size, (tuple, list)) or len(size) != 2 or not all(_is_int(s) and s > 0 for s in size):
        raise ValueError("`size` must be a positive integer or a pair of them. Received: size=%s"
                         % shorten(size))
    if strides is None:
        strides = size
    if isinstance(strides, int) and not isinstance(strides, bool):
        strides = (strides, strides)
    if isinstance(dilation_rate, int) and not isinstance(dilation_rate, bool):
        dilation_rate = (dilation_rate, dilation_rate)
    if padding not in ("valid", "same"):
        raise ValueError("`padding` must be 'valid' or 'same'. Received: padding=%s" % shorten(padding))
    rank = len(images)
    if rank not in (3, 4):
        raise ValueError("Invalid image rank: expected rank 3 (single image) or rank 4 (batch "
                         "of images). Received: images.shape=%s" % fmt_shape(images))
    batched = images if rank == 4 else (1,) + tuple(images)
    channels_last = data_format != "channels_first"
    rows, cols = (batched[1], batched[2]) if channels_last else (batched[2], batched[3])
    channels = batched[3] if channels_last else batched[1]
    lengths = []
    for n, k, s, d in zip((rows, cols), size, strides, dilation_rate):
        if n is None:
            lengths.append(None)
        elif padding == "valid":
            lengths.append((n - d * (k - 1) - 1) // s + 1)
        else:
            lengths.append((n - 1) // s + 1)
    if any(n is not None and n <= 0 for n in lengths):
        raise ValueError("Computed output size would be zero or negative: the %sx%s patches do not "
                         "fit. Received: images.shape=%s, size=%s, strides=%s"
                         % (size[0], size[1], fmt_shape(images), shorten(tuple(size)), shorten(tuple(strides))))
    filters = None if channels is None else size[0] * size[1] * channels
    out = (batched[0],) + (tuple(lengths) + (filters,) if channels_last else (filters,) + tuple(lengths))
    return out if rank == 4 else out[1:]


def shape(x):
    """ops.shape(x) gives the code the shape itself, a tuple of ints and None: a value,
    not a tensor's shape (the only such result in FUNCTIONS)."""
    return tuple(x)


# The tables -----------------------------------------------------------------------------

TENSOR = "x"
TWO_TENSORS = "x1 x2"

FUNCTIONS = {
    "arange": (arange, ""),
    "broadcast_to": (broadcast_to, TENSOR),
    "concatenate": (concatenate, "[xs]"),
    "dot": (dot, TWO_TENSORS),
    "einsum": (einsum, "*operands"),
    "empty": (zeros, ""),
    "expand_dims": (expand_dims, TENSOR),
    "extract_patches": (extract_patches, "images"),
    "eye": (eye, ""),
    "fliplr": (fliplr, TENSOR),
    "flipud": (flipud, TENSOR),
    "full": (full, ""),
    "get_item": (getitem, TENSOR),
    "glu": (glu, TENSOR),
    "identity": (identity, ""),
    "matmul": (matmul, TWO_TENSORS),
    "moments": (moments, TENSOR),
    "moveaxis": (moveaxis, TENSOR),
    "one_hot": (one_hot, TENSOR),
    "ones": (zeros, ""),
    "outer": (outer, TWO_TENSORS),
    "pad": (pad, TENSOR),
    "ravel": (ravel, TENSOR),
    "repeat": (repeat, TENSOR),
    "reshape": (reshape, TENSOR),
    "segment_max": (segment_sum, "data segment_ids"),
    "segment_sum": (segment_sum, "data segment_ids"),
    "shape": (shape, TENSOR),
    "slice": (slice_, "inputs"),
    "split": (split, TENSOR),
    "squeeze": (squeeze, TENSOR),
    "stack": (stack, "[x]"),
    "swapaxes": (swapaxes, TENSOR),
    "take": (take, "x indices"),
    "take_along_axis": (take_along_axis, "x indices"),
    "tile": (tile, TENSOR),
    "top_k": (top_k, TENSOR),
    "transpose": (transpose, TENSOR),
    "tri": (eye, ""),
    "unstack": (unstack, TENSOR),
    "where": (where, "condition x1 x2"),
    "zeros": (zeros, ""),
}
for _name, _text in KEEPS_SHAPE.items():
    FUNCTIONS[_name] = (_keeping_shape(_name, _text), _text.split()[0])
for _name, _text in BROADCASTING.items():
    FUNCTIONS[_name] = (_broadcasting(_name, _text), _text)
for _name, _text in REDUCTIONS.items():
    FUNCTIONS[_name] = (_reducing(_name, _text), TENSOR)
for _name, _text in FLAT_UNLESS_AXIS.items():
    FUNCTIONS[_name] = (_flattening_unless_axis(_name, _text), TENSOR)

ACTIVATIONS = {"glu": glu}
for _name, _text in ACTIVATIONS_KEEPING_SHAPE.items():
    ACTIVATIONS[_name] = _keeping_shape(_name, _text)
del _name, _text

# Python's operators on a Keras tensor, as keras.ops names. `==` is not among them: Keras
# tensors compare by identity, so `a == b` is a Python bool, not a tensor.
OPERATORS = {
    "+": "add", "-": "subtract", "*": "multiply", "/": "true_divide", "//": "floor_divide",
    "%": "mod", "**": "power", "@": "matmul", "<": "less", "<=": "less_equal",
    ">": "greater", ">=": "greater_equal", "!=": "not_equal", "&": "logical_and",
    "|": "logical_or", "^": "logical_xor",
}
UNARY_OPERATORS = {"-": "negative", "~": "logical_not", "abs": "absolute", "round": "round"}
