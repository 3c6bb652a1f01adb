"""calc.ops_shapes against real Keras, on generated calls of every function it covers.

The reference is Keras's symbolic shape inference: keras.ops called on KerasTensors with
the same shapes. Both must give the same shape, or both refuse. Where calc refuses a call
that the symbolic rule lets through, Keras on real arrays (zeros of the same, fully known,
shapes) must refuse it too: that is the stricter rule calc documents. The signatures in
calc's tables are checked against Keras's own.

OPS_ORACLE_SEED picks another set of cases (default 0).
"""

import inspect
import os
import random

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
keras = pytest.importorskip("keras")
import numpy as np  # noqa: E402

from calc import ops_shapes  # noqa: E402

SEED = int(os.environ.get("OPS_ORACLE_SEED", "0"))
# Keras warns about a softmax over an axis of size 1, which generated shapes have.
pytestmark = pytest.mark.filterwarnings("ignore:You are using a softmax")

# Functions some arguments of which must be integers (or booleans) for Keras to run.
INT_POSITIONS = {"take": (1,), "take_along_axis": (1,), "one_hot": (0,), "ldexp": (1,),
                 "segment_sum": (1,), "segment_max": (1,)}
for _name in ("bitwise_and bitwise_or bitwise_xor bitwise_invert bitwise_not gcd lcm "
              "left_shift right_shift bitwise_left_shift bitwise_right_shift").split():
    INT_POSITIONS[_name] = (0, 1)
BOOL_POSITIONS = {"where": (0,)}


# How a call is made: FUNCTIONS says which arguments are tensors --------------------------

def tensor_positions(tensors, args):
    """The positions of `args` that hold tensors, and whether each is a list of them."""
    if tensors == "*operands":
        return [(i, False) for i in range(1, len(args))]
    names = tensors.split()
    return [(i, names[i].startswith("[")) for i in range(min(len(names), len(args)))]


def convert(name, args, make):
    """args with each tensor shape replaced by make(shape, dtype)."""
    out = list(args)
    for i, is_list in tensor_positions(ops_shapes.FUNCTIONS[name][1], args):
        dtype = ("int32" if i in INT_POSITIONS.get(name, ()) else
                 "bool" if i in BOOL_POSITIONS.get(name, ()) else "float32")
        out[i] = [make(s, dtype) for s in args[i]] if is_list else make(args[i], dtype)
    return out


def shapes_in(name, args):
    found = []
    for i, is_list in tensor_positions(ops_shapes.FUNCTIONS[name][1], args):
        found.extend(args[i] if is_list else [args[i]])
    return found


def result_shape(out):
    if isinstance(out, (list, tuple)) and out and hasattr(out[0], "shape"):
        return tuple(tuple(o.shape) for o in out)
    return tuple(out.shape) if hasattr(out, "shape") else tuple(out)


def keras_call(name, args, kwargs):
    if name == "get_item":
        x, key = args
        # KerasTensor refuses a bare slice, None or Ellipsis key (see ops_shapes.getitem)
        return x[key if isinstance(key, (tuple, int)) else (key,)]
    return getattr(KERAS_HOMES.get(name, keras.ops), name)(*args, **kwargs)


# The functions keras.ops keeps in a submodule.
KERAS_HOMES = {"extract_patches": keras.ops.image}


def outcome(fn):
    """('ok', shape) or ('refused', message)."""
    try:
        return "ok", result_shape(fn())
    except Exception as e:  # Keras raises many types; any of them is a refusal
        return "refused", "%s: %s" % (type(e).__name__, (str(e).splitlines() or [""])[0][:160])


def refused_at_run_time(name, args, kwargs, unknown):
    """Whether Keras refuses the call on arrays of zeros, each unknown size made `unknown`
    (calc refuses only for known sizes, so any value must do)."""
    arrays = convert(name, args, lambda s, dtype: np.zeros(known(s, unknown), dtype))
    return outcome(lambda: keras_call(name, arrays, kwargs))[0] == "refused"


# Keras 3.15's symbolic rule gives these x's shape, unbroadcast; on arrays they broadcast.
SYMBOLIC_KEEPS_X_SHAPE = set("bitwise_and bitwise_or bitwise_xor left_shift right_shift "
                             "bitwise_left_shift bitwise_right_shift".split())

STRICTER = "refused by calc and by Keras at run time"
REFUSED_BY_BOTH = "refused by both"


def compare(name, args, kwargs):
    """None when calc agrees with Keras, REFUSED_BY_BOTH, STRICTER, or the difference."""
    where = "%s(%s, %s)" % (name, ", ".join(repr(a) for a in args), kwargs)
    try:
        ours = ("ok", result_shape(ops_shapes.FUNCTIONS[name][0](*args, **kwargs)))
    except (ValueError, TypeError) as e:
        message = str(e)
        if "\n" in message or (isinstance(e, ValueError) and "Received" not in message):
            return "%s: calc's message is not one line with 'Received': %r" % (where, message)
        ours = ("refused", message)
    symbolic = convert(name, args, lambda s, dtype: keras.KerasTensor(s, dtype=dtype))
    theirs = outcome(lambda: keras_call(name, symbolic, kwargs))
    if ours[0] == theirs[0] == "refused":
        return REFUSED_BY_BOTH
    if ours == theirs:
        return None
    if ours[0] == "refused" and all(refused_at_run_time(name, args, kwargs, n) for n in (1, 6)):
        return STRICTER
    if name in SYMBOLIC_KEEPS_X_SHAPE and ours[0] == theirs[0] == "ok":
        arrays = convert(name, args, lambda s, dtype: np.zeros(s, dtype))
        if ours == outcome(lambda: keras_call(name, arrays, kwargs)):
            return None
    return "%s: calc %s, Keras %s" % (where, ours, theirs)


# Generated arguments -------------------------------------------------------------------

def dim(rng, unknown=0.15):
    return None if rng.random() < unknown else rng.randint(1, 6)


def some_shape(rng, low=0, high=4, unknown=0.15):
    return tuple(dim(rng, unknown) for _ in range(rng.randint(low, high)))


def known(shape, size):
    """The shape with every unknown size made `size` (a number, or drawn from an rng)."""
    return tuple((size if isinstance(size, int) else size.randint(1, 6)) if d is None else d
                 for d in shape)


def an_axis(rng, rank, bad=0.1):
    if rank == 0 or rng.random() < bad:
        return rng.choice([rank, -rank - 1, 7])
    return rng.randint(-rank, rank - 1)


def some_axes(rng, rank):
    """None, an int or a tuple of axes, now and then a wrong one."""
    r = rng.random()
    if r < 0.25:
        return None
    if r < 0.6 or rank < 2:
        return an_axis(rng, rank)
    axes = rng.sample(range(rank), rng.randint(2, rank))
    axes = tuple(a - rank if rng.random() < 0.3 else a for a in axes)
    if rng.random() < 0.1:
        axes = axes + (axes[0],)  # the same axis twice
    return axes


def broadcastable(rng, count):
    """`count` shapes that mostly broadcast together: suffixes of one shape with some
    sizes turned to 1 or None, and now and then a conflict."""
    base = some_shape(rng, 0, 4, 0)
    shapes = []
    for _ in range(count):
        s = list(base[rng.randint(0, len(base)):]) if base else []
        for i in range(len(s)):
            if rng.random() < 0.25:
                s[i] = 1
            elif rng.random() < 0.12:
                s[i] = None
        if s and rng.random() < 0.12:
            s[rng.randint(0, len(s) - 1)] = 7  # sizes 7 never appear in base: a conflict
        shapes.append(tuple(s))
    return shapes


def keeps_shape_call(rng, name, text):
    params = ops_shapes.signature(text)
    x = some_shape(rng, 0, 4)
    extra = {"cast": ("int32",), "saturate_cast": ("int32",), "clip": (0.0, 1.0),
             "full_like": (1.0,), "roll": (1,), "threshold": (0.5, 0.0)}
    args = [x] + list(extra.get(name, ()))
    kwargs = {}
    if "axis" in [p[0] for p in params] and rng.random() < 0.7:
        int_only = [p for p in params if p[0] == "axis"][0][2]
        kwargs["axis"] = an_axis(rng, len(x)) if int_only else some_axes(rng, len(x))
    return args, kwargs


def reduction_call(rng, name, text):
    params = dict((p[0], p) for p in ops_shapes.signature(text))
    x = some_shape(rng, 0, 4)
    kwargs = {}
    if params["axis"][2]:
        kwargs["axis"] = None if rng.random() < 0.3 else an_axis(rng, len(x))
    else:
        kwargs["axis"] = some_axes(rng, len(x))
    if "keepdims" in params:
        kwargs["keepdims"] = rng.random() < 0.5
    return [x], kwargs


def flat_call(rng, name, text):
    x = some_shape(rng, 0, 4)
    return [x], {"axis": None if rng.random() < 0.3 else an_axis(rng, len(x))}


def factors(rng, n):
    """n split into a few factors (n=0 gives (0,))."""
    out = []
    while n > 1 and rng.random() < 0.7:
        f = rng.choice([d for d in range(2, n + 1) if n % d == 0])
        out.append(f)
        n //= f
    return out + [n]


def reshape_call(rng):
    x = some_shape(rng, 1, 4, 0.1)
    target = factors(rng, ops_shapes._product(known(x, rng)))
    rng.shuffle(target)
    r = rng.random()
    if r < 0.4:
        target[rng.randint(0, len(target) - 1)] = -1
    elif r < 0.5:
        target[0] += 1  # the sizes do not match
    elif r < 0.55:
        target = target + [-1, -1]
    elif r < 0.6:
        target[0] = None
    return [x, tuple(target) if rng.random() < 0.9 else target[0]], {}


def squeeze_call(rng):
    x = tuple(1 if rng.random() < 0.4 else d for d in some_shape(rng, 1, 4))
    r = rng.random()
    if r < 0.3:
        return [x], {}
    ones = [i for i in range(len(x)) if x[i] == 1]
    if r < 0.7 and ones:
        return [x], {"axis": rng.choice(ones) - (len(x) if rng.random() < 0.3 else 0)}
    if r < 0.8 and len(ones) > 1:
        return [x], {"axis": tuple(ones)}
    return [x], {"axis": an_axis(rng, len(x))}


def permutation(rng, rank):
    axes = list(range(rank))
    rng.shuffle(axes)
    return axes


def transpose_call(rng):
    x = some_shape(rng, 0, 4)
    r = rng.random()
    if r < 0.2:
        return [x], {}
    axes = permutation(rng, len(x))
    if r < 0.3 and axes:
        axes[0] = axes[-1]  # not a permutation
    elif r < 0.35:
        axes = axes + [0]
    elif axes and r < 0.6:
        axes[0] -= len(x)
    return [x, tuple(axes)], {}


def moveaxis_call(rng):
    x = some_shape(rng, 1, 4)
    if rng.random() < 0.5:
        return [x, an_axis(rng, len(x)), an_axis(rng, len(x))], {}
    n = rng.randint(1, len(x))
    source = rng.sample(range(len(x)), n)
    destination = rng.sample(range(len(x)), n if rng.random() < 0.9 else max(1, n - 1))
    return [x, tuple(source), tuple(destination)], {}


def joined_call(rng, new_axis):
    base = list(some_shape(rng, 1, 3, 0.1))
    rank = len(base) + (1 if new_axis else 0)
    axis = an_axis(rng, rank, 0.05)
    shapes = []
    for _ in range(rng.randint(1, 3)):
        s = list(base)
        if not new_axis and -len(s) <= axis < len(s):
            s[axis] = dim(rng)
        if rng.random() < 0.1:
            s[rng.randint(0, len(s) - 1)] = 7  # a mismatch elsewhere
        if rng.random() < 0.05:
            s.append(2)  # another rank
        if rng.random() < 0.1:
            s[rng.randint(0, len(s) - 1)] = None
        shapes.append(tuple(s))
    return [shapes], {"axis": axis}


def split_call(rng):
    x = some_shape(rng, 1, 3, 0.1)
    axis = an_axis(rng, len(x), 0.05)
    size = x[axis] if -len(x) <= axis < len(x) else None
    if rng.random() < 0.5:
        fits = [d for d in range(1, 7) if size is None or size % d == 0]
        return [x, rng.choice(fits) if rng.random() < 0.9 else rng.randint(0, 6)], {"axis": axis}
    top = (size or 6) + (1 if rng.random() < 0.1 else 0)
    indices = sorted(rng.randint(0, top) for _ in range(rng.randint(0, 3)))
    if len(indices) > 1 and rng.random() < 0.1:
        indices.reverse()
    return [x, indices], {"axis": axis}


def unstack_call(rng):
    x = some_shape(rng, 1, 3)
    axis = an_axis(rng, len(x), 0.05)
    kwargs = {"axis": axis}
    if rng.random() < 0.4:
        size = x[axis] if -len(x) <= axis < len(x) else None
        kwargs["num"] = size if size is not None and rng.random() < 0.7 else rng.randint(1, 4)
        x = known(x, rng)
    return [x], kwargs


def tile_call(rng):
    x = some_shape(rng, 0, 3)
    reps = [rng.randint(0, 3) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        reps[0] = -1
        x = known(x, rng)
    return [x, reps if len(reps) > 1 or rng.random() < 0.5 else reps[0]], {}


def repeat_call(rng):
    x = some_shape(rng, 1, 3, 0.1)
    if rng.random() < 0.3:
        size = ops_shapes._product(x)
        count = size if size and size < 8 and rng.random() < 0.5 else 1
        reps = [rng.randint(0, 3) for _ in range(count)]
        return [x, reps if len(reps) > 1 else reps[0]], {}
    axis = an_axis(rng, len(x), 0.05)
    size = x[axis] if -len(x) <= axis < len(x) else None
    n = size if size is not None and rng.random() < 0.4 else 1
    if rng.random() < 0.1:
        n += 1
    reps = [rng.randint(0, 3) for _ in range(n)]
    return [x, reps if len(reps) > 1 else reps[0]], {"axis": axis}


def pad_call(rng):
    x = some_shape(rng, 1, 3)
    r = rng.random()
    pair = lambda: (rng.randint(0, 2), rng.randint(0, 2))
    if r < 0.2:
        width = rng.randint(0, 2)
    elif r < 0.4:
        width = pair()
    elif r < 0.5:
        width = (pair(),)
    elif r < 0.9:
        width = tuple(pair() if rng.random() < 0.9 else (rng.randint(0, 2),)
                      for _ in range(len(x) + (1 if rng.random() < 0.1 else 0)))
        if width and rng.random() < 0.2:
            width = tuple((p[0],) for p in width)
    else:
        width = tuple((-1, 1) for _ in x)
        x = known(x, rng)
    return [x, width], {}


def broadcast_to_call(rng):
    target = some_shape(rng, 0, 4, 0)
    x = list(target[rng.randint(0, len(target)):]) if target else []
    for i in range(len(x)):
        if rng.random() < 0.3:
            x[i] = 1
        elif rng.random() < 0.1:
            x[i] = None
    if rng.random() < 0.2:
        x = [7] + x  # does not fit
    return [tuple(x), target], {}


def a_slice(rng, size):
    bound = lambda: None if rng.random() < 0.3 else rng.randint(-(size or 5) - 2, (size or 5) + 2)
    step = None if rng.random() < 0.6 else rng.choice([1, 2, 3, -1, -2])
    return slice(bound(), bound(), step)


def getitem_call(rng):
    x = some_shape(rng, 1, 4)
    items = []
    for i in range(rng.randint(1, len(x) + 1)):
        size = x[i] if i < len(x) else None
        r = rng.random()
        if r < 0.45:
            items.append(a_slice(rng, size))
        elif r < 0.7:
            top = size or 5
            items.append(rng.randint(-top, top - 1) if rng.random() < 0.9 else top)
        elif r < 0.85:
            items.append(None)
        else:
            items.append(Ellipsis)
    if items.count(Ellipsis) > 1 and rng.random() < 0.7:
        items = [k for k in items if k is not Ellipsis] + [Ellipsis]
    key = tuple(items) if len(items) > 1 or rng.random() < 0.5 else items[0]
    return [x, key], {}


def slice_call(rng):
    x = some_shape(rng, 1, 3, 0.1)
    starts, sizes = [], []
    for d in x:
        start = rng.randint(0, (d or 4))
        starts.append(start)
        sizes.append(-1 if rng.random() < 0.3 else rng.randint(0, max(0, (d or 4) - start)))
    if rng.random() < 0.1:
        sizes[0] += 3  # past the end
        x = known(x, rng)
    return [x, tuple(starts), tuple(sizes)], {}


def take_call(rng, along):
    x = some_shape(rng, 1, 3)
    axis = None if rng.random() < 0.3 else an_axis(rng, len(x), 0.05)
    if along:
        rank = len(x) if axis is not None else 1
        indices = list(some_shape(rng, rank, rank))
        if axis is not None and rng.random() < 0.7:
            for i in range(rank):
                if i != axis % rank and rng.random() < 0.7:
                    indices[i] = x[i]
        return [x, tuple(indices)], {"axis": axis}
    return [x, some_shape(rng, 0, 2)], {"axis": axis}


def segment_call(rng):
    data = some_shape(rng, 1, 3)
    rows = data[0] if data[0] is not None and rng.random() < 0.8 else rng.randint(1, 6)
    return [data, (rows,)], {"num_segments": rng.randint(1, 6)}


def top_k_call(rng):
    x = some_shape(rng, 0, 3)
    last = x[-1] if x and x[-1] else 4
    k = rng.randint(0, last + (2 if rng.random() < 0.15 else 0))
    if x and k > last:
        x = known(x, rng)
    return [x, k], {}


def one_hot_call(rng):
    x = some_shape(rng, 0, 3)
    return [x, rng.randint(1, 5)], {"axis": -1 if rng.random() < 0.5 else an_axis(rng, len(x) + 1)}


def matmul_call(rng):
    m, k, n = dim(rng), dim(rng), dim(rng)
    batch = some_shape(rng, 0, 2)
    a = batch + (m, k)
    b = batch[rng.randint(0, len(batch)):] + (k, n)
    r = rng.random()
    if r < 0.15:
        a = (k,)
    elif r < 0.3:
        b = (k,)
    elif r < 0.35:
        a, b = (k,), (k,)
    if rng.random() < 0.15:
        b = b[:-2] + (7,) + b[-1:] if len(b) > 1 else (7,)  # inner sizes differ
        a, b = known(a, rng), known(b, rng)
    if rng.random() < 0.05:
        a = ()
    return [a, b], {}


def dot_call(rng):
    a = some_shape(rng, 0, 3)
    b = list(some_shape(rng, 0, 3))
    if a and b and rng.random() < 0.8:
        b[-2 if len(b) > 1 else 0] = a[-1]  # the summed sizes agree
    elif a and b:
        a, b = known(a, rng), known(b, rng)
    return [a, tuple(b)], {}


EINSUM_EQUATIONS = (
    "ij,jk->ik", "bij,bjk->bik", "...ij,...jk->...ik", "ij->ji", "ii->i", "ij,ij->ij", "i,i->",
    "i,j->ij", "bhqd,bhkd->bhqk", "abc,cd->abd", "...d,de->...e", "ij,jk", "ba", "abc->",
    "ij,jk,kl->il", "...i->...", "b...c,cd->b...d", "bij,jk->bik", "...->...", "ij->i",
    "ab,ab", "...ab,b->...a",
)


def einsum_call(rng):
    equation = rng.choice(EINSUM_EQUATIONS)
    sizes = dict((c, dim(rng)) for c in "abcdehijklq")
    wildcard = some_shape(rng, 0, 2)
    operands = []
    for spec in equation.split("->")[0].split(","):
        head, _, tail = spec.partition("...")
        shape = tuple(sizes[c] for c in head)
        if "..." in spec:
            shape += wildcard[rng.randint(0, len(wildcard)):] + tuple(sizes[c] for c in tail)
        operands.append(shape)
    r = rng.random()
    if r < 0.12 and operands[0]:
        operands[0] = (7,) + operands[0][1:]  # one size disagrees with another
    elif r < 0.17:
        operands[0] = operands[0] + (2,)  # one axis too many
    if r < 0.17:
        operands = [known(s, rng) for s in operands]
    if rng.random() < 0.05:
        operands = operands[1:] or [(2,)]
    return [equation] + operands, {}


def arange_call(rng):
    r = rng.random()
    if r < 0.3:
        return [rng.randint(0, 6)], {}
    start, stop = rng.randint(-5, 5), rng.randint(-5, 5)
    if r < 0.6:
        return [min(start, stop), max(start, stop)], {}
    step = rng.choice([1, 2, 3, -1, -2, 0])
    if rng.random() < 0.2:
        return [float(start), stop + 0.5, step * 0.5], {}
    return [start, stop, step], {}


def creation_call(rng, name):
    shape = some_shape(rng, 0, 3, 0)
    if rng.random() < 0.1:
        shape = shape + (-1,)
    arg = shape if len(shape) != 1 or rng.random() < 0.5 else shape[0]
    return ([arg, 1.5] if name == "full" else [arg]), {}


def extract_patches_call(rng):
    images = (dim(rng, 0.2), rng.randint(2, 12), rng.randint(2, 12), rng.randint(1, 4))
    kwargs = {"size": rng.randint(1, 4)}
    if rng.random() < 0.5:
        kwargs["strides"] = rng.randint(1, 3)
    if rng.random() < 0.3:
        kwargs["padding"] = "same"
    return [images], kwargs


def eye_call(rng):
    args = [rng.randint(0, 4)]
    if rng.random() < 0.5:
        args.append(rng.randint(0, 4))
    return args, {}


def where_call(rng):
    return broadcastable(rng, 3), {}


def one_tensor(rng):
    return [some_shape(rng, 0, 3)], {}


def expand_dims_call(rng):
    x = some_shape(rng, 0, 3)
    return [x, an_axis(rng, len(x) + 1, 0.2) if rng.random() < 0.7 else (0, -1)], {}


def swapaxes_call(rng):
    x = some_shape(rng, 1, 4)
    return [x, an_axis(rng, len(x)), an_axis(rng, len(x))], {}


def glu_call(rng):
    x = some_shape(rng, 0, 3)
    return [x], {"axis": an_axis(rng, len(x))}


def moments_call(rng):
    x = some_shape(rng, 1, 3)
    axes = some_axes(rng, len(x))
    return [x, 0 if axes is None else axes], {"keepdims": rng.random() < 0.5}


def keeps_shape_cases(rng):
    for name, text in sorted(ops_shapes.KEEPS_SHAPE.items()):
        for _ in range(2):
            yield (name,) + keeps_shape_call(rng, name, text)


EXPLICIT = {
    "reshape": (15, reshape_call),
    "ravel": (4, one_tensor),
    "expand_dims": (10, expand_dims_call),
    "squeeze": (14, squeeze_call),
    "transpose": (12, transpose_call),
    "swapaxes": (8, swapaxes_call),
    "moveaxis": (10, moveaxis_call),
    "concatenate": (14, lambda rng: joined_call(rng, False)),
    "stack": (12, lambda rng: joined_call(rng, True)),
    "unstack": (8, unstack_call),
    "split": (14, split_call),
    "tile": (10, tile_call),
    "repeat": (12, repeat_call),
    "pad": (12, pad_call),
    "broadcast_to": (14, broadcast_to_call),
    "get_item": (40, getitem_call),
    "slice": (10, slice_call),
    "take": (8, lambda rng: take_call(rng, False)),
    "take_along_axis": (8, lambda rng: take_call(rng, True)),
    "top_k": (8, top_k_call),
    "segment_sum": (6, segment_call),
    "segment_max": (6, segment_call),
    "one_hot": (8, one_hot_call),
    "matmul": (20, matmul_call),
    "dot": (20, dot_call),
    "outer": (4, lambda rng: ([some_shape(rng, 0, 2), some_shape(rng, 0, 2)], {})),
    "einsum": (40, einsum_call),
    "arange": (14, arange_call),
    "zeros": (4, lambda rng: creation_call(rng, "zeros")),
    "ones": (3, lambda rng: creation_call(rng, "ones")),
    "empty": (3, lambda rng: creation_call(rng, "empty")),
    "full": (3, lambda rng: creation_call(rng, "full")),
    "eye": (4, eye_call),
    "extract_patches": (10, extract_patches_call),
    "tri": (3, eye_call),
    "identity": (2, lambda rng: ([rng.randint(0, 4)], {})),
    "shape": (3, one_tensor),
    "glu": (6, glu_call),
    "fliplr": (5, one_tensor),
    "flipud": (5, one_tensor),
    "moments": (6, moments_call),
    "where": (12, where_call),
}


def all_cases():
    rng = random.Random(SEED)
    cases = list(keeps_shape_cases(rng))
    for name, text in sorted(ops_shapes.BROADCASTING.items()):
        for _ in range(3):
            shapes = broadcastable(rng, 2)
            if name in SYMBOLIC_KEEPS_X_SHAPE:
                shapes = [known(s, rng) for s in shapes]  # compared on arrays
            cases.append((name, shapes, {}))
    for table, make in ((ops_shapes.REDUCTIONS, reduction_call),
                        (ops_shapes.FLAT_UNLESS_AXIS, flat_call)):
        for name, text in sorted(table.items()):
            for _ in range(3):
                cases.append((name,) + make(rng, name, text))
    for name in sorted(EXPLICIT):
        count, make = EXPLICIT[name]
        for _ in range(count):
            cases.append((name,) + make(rng))
    return cases


CASES = all_cases()
FAMILIES = sorted(set(c[0] for c in CASES))


def test_every_function_has_cases():
    assert sorted(ops_shapes.FUNCTIONS) == FAMILIES


@pytest.mark.parametrize("family", ["tables", "explicit"])
def test_matches_keras(family):
    explicit = family == "explicit"
    cases = [c for c in CASES if (c[0] in EXPLICIT) == explicit]
    problems, tally = [], {REFUSED_BY_BOTH: 0, STRICTER: 0}
    for name, args, kwargs in cases:
        problem = compare(name, args, kwargs)
        if problem in tally:
            tally[problem] += 1
        elif problem:
            problems.append(problem)
    print("%s: %d cases, %d refused by both, %d %s"
          % (family, len(cases), tally[REFUSED_BY_BOTH], tally[STRICTER], STRICTER))
    # Most cases must be valid calls, or the comparison checks only refusals.
    assert tally[REFUSED_BY_BOTH] + tally[STRICTER] <= len(cases) // 3
    assert not problems, "%d of %d cases differ from Keras:\n%s" % (
        len(problems), len(cases), "\n".join(problems[:12]))


def test_activations_match_keras():
    """On arrays: some activations (mish, hard_silu...) are TensorFlow functions, which
    refuse KerasTensors (a Keras model wraps them in a layer)."""
    rng = random.Random(SEED + 1)
    problems = []
    for name in sorted(ops_shapes.ACTIVATIONS):
        for _ in range(2):
            x = some_shape(rng, 0, 4, 0)
            kwargs = {"axis": an_axis(rng, len(x))} if name in ("glu", "softmax", "log_softmax",
                                                               "sparsemax") else {}
            extra = (0.5, 0.0) if name == "threshold" else ()
            ours = outcome(lambda: ops_shapes.ACTIVATIONS[name](x, *extra, **kwargs))
            theirs = outcome(lambda: getattr(keras.activations, name)(
                np.zeros(x, "float32"), *extra, **kwargs))
            if ours[0] != theirs[0] or ours[0] == "ok" and ours != theirs:
                problems.append("%s(%s, %s): calc %s, Keras %s" % (name, x, kwargs, ours, theirs))
    assert not problems, "\n".join(problems)


def test_operators_match_keras():
    rng = random.Random(SEED + 2)
    binary = dict((op, eval("lambda a, b: a %s b" % op)) for op in ops_shapes.OPERATORS)
    for op, name in sorted(ops_shapes.OPERATORS.items()):
        for _ in range(3):
            a, b = matmul_call(rng)[0] if name == "matmul" else broadcastable(rng, 2)
            ours = outcome(lambda: ops_shapes.FUNCTIONS[name][0](a, b))
            theirs = outcome(lambda: binary[op](keras.KerasTensor(a), keras.KerasTensor(b)))
            agree = ours[0] == theirs[0] and (ours[0] == "refused" or ours == theirs)
            assert agree, (op, a, b, ours, theirs)
    unary = {"-": lambda t: -t, "~": lambda t: ~t, "abs": abs, "round": round}
    for op, name in ops_shapes.UNARY_OPERATORS.items():
        x = some_shape(rng, 0, 3)
        assert tuple(unary[op](keras.KerasTensor(x)).shape) == ops_shapes.FUNCTIONS[name][0](x)
    # `==` is identity on Keras tensors: a bool, not a tensor (why OPERATORS leaves it out)
    assert (keras.KerasTensor((2,)) == keras.KerasTensor((2,))) is False


def keras_params(function):
    return [p for p in inspect.signature(function).parameters.values()
            if p.kind not in (p.VAR_KEYWORD,)]


@pytest.mark.parametrize("table,module", [
    ("KEEPS_SHAPE", keras.ops), ("BROADCASTING", keras.ops), ("REDUCTIONS", keras.ops),
    ("FLAT_UNLESS_AXIS", keras.ops), ("ACTIVATIONS_KEEPING_SHAPE", keras.activations)])
def test_table_signatures_are_keras(table, module):
    """Each signature written in a table is Keras's: names, order and defaults."""
    wrong = []
    for name, text in sorted(getattr(ops_shapes, table).items()):
        ours = [(p[0], p[1]) for p in ops_shapes.signature(text)]
        theirs = [(p.name, ops_shapes._MISSING if p.default is p.empty else p.default)
                  for p in keras_params(getattr(module, name))]
        if ours != theirs:
            wrong.append("%s: %s, Keras %s" % (name, text, theirs))
    assert not wrong, "\n".join(wrong)


def test_functions_take_keras_arguments():
    """Every explicit function takes Keras's parameters, in Keras's order, and FUNCTIONS
    names the leading ones that take tensors."""
    wrong = []
    for name, (function, tensors) in sorted(ops_shapes.FUNCTIONS.items()):
        theirs = [p.name for p in keras_params(getattr(KERAS_HOMES.get(name, keras.ops), name))]
        if name in EXPLICIT:
            ours = [p.name for p in inspect.signature(function).parameters.values()]
            if ours != theirs:
                wrong.append("%s takes %s, Keras %s" % (name, ours, theirs))
        if tensors == "*operands":
            expected = theirs[1:2]
        else:
            expected = theirs[:len(tensors.split())]
        if [t.strip("[]*") for t in tensors.split()] != expected:
            wrong.append("%s: tensors=%r, Keras's parameters %s" % (name, tensors, theirs))
    assert not wrong, "\n".join(wrong)
    assert all(hasattr(keras.activations, name) for name in ops_shapes.ACTIVATIONS)
