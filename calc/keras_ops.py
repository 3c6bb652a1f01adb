"""keras.ops calls on symbolic tensors, as calc.code_reader meets them: the output shape from
calc.ops_shapes (and a few TensorFlow spellings), sizes known only at run time, and
keras.random's tensors."""

from calc import ops_shapes
from calc.keras_values import Tensor
from calc.pyeval import HostValue, Instance, Unknown, fail

OP_MODULE = "keras.src.ops.numpy"
# keras.ops class names that are not the CamelCase of the function's name.
OP_CLASSES = {"get_item": "GetItem"}


def op_result(name, args, kwargs, where):
    """keras.ops.<name>(*args, **kwargs) on traced tensors: ("tensor", shape), where shape is
    None when some input's shape is unknown or the reader knows no rule for the function,
    or ("value", v) for ops.shape. calc.ops_shapes holds the rules."""
    if name.startswith("random_"):
        return ("tensor", _random_shape(name[len("random_"):], args, kwargs))
    if name in ("tf_depth_to_space", "tf_space_to_depth"):
        return ("tensor", _tf_block_move(name, args, kwargs, where))
    if name == "tf_extract_patches":  # TensorFlow's spelling of extract_patches
        (args, kwargs), name = _tf_extract_patches(args, kwargs), "extract_patches"
    if name == "tf_gather":  # tf.gather(params, indices, validate_indices, axis): axis None is 0
        args, kwargs = list(args[:2]), {"axis": kwargs.get("axis", args[3] if len(args) > 3 else None) or 0}
        name = "take"
    rule = ops_shapes.FUNCTIONS.get(name)
    if rule is None and name in ops_shapes.ACTIVATIONS:
        rule = (ops_shapes.ACTIVATIONS[name], "x")
    if rule is None:
        return ("tensor", None)
    fn, tensors = rule
    call_args = list(args)
    kwargs = dict(kwargs)
    if name == "matmul" and ("transpose_a" in kwargs or "transpose_b" in kwargs):
        # tf.matmul(a, b, transpose_b=True): the same product of the transposed operands.
        for i, flag in ((0, kwargs.pop("transpose_a", False)), (1, kwargs.pop("transpose_b", False))):
            if flag is True and i < len(call_args) and isinstance(call_args[i], Tensor):
                t = call_args[i]
                swapped = None
                if isinstance(t.shape, tuple) and len(t.shape) >= 2:
                    swapped = t.shape[:-2] + (t.shape[-1], t.shape[-2])
                call_args[i] = Tensor(t.reader, None, 0, 0, shape=swapped)
    names = tensors.split()
    try:
        for i in range(len(names)):
            token = names[i]
            if token.startswith("*"):  # einsum's operands: every argument from here on
                for j in range(i, len(call_args)):
                    call_args[j] = _tensor_shape(call_args[j])
                break
            key = token.strip("[]")
            if i < len(call_args):
                call_args[i] = _tensor_shape(call_args[i])
            elif key in kwargs:
                kwargs[key] = _tensor_shape(kwargs[key])
        for key in kwargs:
            kwargs[key] = _tensor_shape(kwargs[key]) if isinstance(kwargs[key], Tensor) else _sizes(kwargs[key])
        call_args = [_sizes(a) for a in call_args]
    except _UnknownShape:
        return ("tensor", _reshaped_unknown(name, args, kwargs))
    try:
        result = fn(*call_args, **kwargs)
    except (ValueError, TypeError) as e:
        fail(where, "keras.ops.%s: %s" % (name, e))
    if name == "shape":
        return ("value", tuple(UNKNOWN_DIM if d is None else d for d in result))
    return ("tensor", result)


class UnknownDim(HostValue):
    """A size ops.shape() gives for an axis known only at run time (the batch, an image of
    any size). Keras traces call() with the backend's symbolic sizes, so model code does
    arithmetic on it (height * block_size); so does this, and the result stays unknown."""

    def binop(self, ev, op, other, reflected, where):
        if op.startswith("convert_") or op == "isinstance":
            return NotImplemented
        if isinstance(other, (int, float, UnknownDim)) and not isinstance(other, bool) or other is None:
            return UNKNOWN_DIM
        return NotImplemented

    def truth(self, ev, where):
        fail(where, "the code decides on a size known only at run time")

    def describe(self):
        return "a size known only at run time"


UNKNOWN_DIM = UnknownDim()


def _sizes(value):
    """Sizes as calc.ops_shapes takes them: an unknown size is None."""
    if isinstance(value, UnknownDim):
        return None
    if isinstance(value, list):
        return [_sizes(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_sizes(v) for v in value)
    return value


def _tf_block_move(name, args, kwargs, where):
    """tf.nn.depth_to_space(x, block_size) moves channels into b x b blocks of pixels
    (sub-pixel upsampling); space_to_depth the other way. NHWC."""
    x = args[0] if args else kwargs.get("input")
    block = args[1] if len(args) > 1 else kwargs.get("block_size")
    if not isinstance(x, Tensor) or not isinstance(x.shape, tuple) or len(x.shape) != 4:
        return None
    if not isinstance(block, int) or isinstance(block, bool) or block < 2:
        fail(where, "block_size must be an integer of at least 2. Received: block_size=%s" % block)
    b, h, w, c = x.shape

    def times(n, k):
        return None if n is None else n * k

    if name == "tf_depth_to_space":
        if c is not None and c % (block * block):
            fail(where, "depth_to_space: the channels (%d) must be divisible by block_size**2 (%d)"
                 % (c, block * block))
        return (b, times(h, block), times(w, block), None if c is None else c // (block * block))
    for n in (h, w):
        if n is not None and n % block:
            fail(where, "space_to_depth: height and width must be divisible by block_size (%d)" % block)
    return (b, None if h is None else h // block, None if w is None else w // block, times(c, block * block))



def _tf_extract_patches(args, kwargs):
    """tf.image.extract_patches(images, sizes=[1, k, k, 1], strides=[1, s, s, 1],
    rates=[1, 1, 1, 1], padding="VALID") as keras.ops.image.extract_patches's arguments."""
    names = ("images", "sizes", "strides", "rates", "padding")
    values = dict(zip(names, args))
    values.update(kwargs)

    def middle(v):
        return tuple(v[1:3]) if isinstance(v, (list, tuple)) and len(v) == 4 else v

    return [values.get("images"), middle(values.get("sizes"))], {
        "strides": middle(values.get("strides")), "dilation_rate": middle(values.get("rates", 1)),
        "padding": str(values.get("padding", "VALID")).lower()}


class _UnknownShape(Exception):
    """An argument whose shape the reader cannot know: the result's shape is unknown too."""


def _random_shape(name, args, kwargs):
    """keras.random: normal(shape), uniform(shape)... make a tensor of that shape;
    dropout(x) and shuffle(x) keep x's."""
    if name in ("dropout", "shuffle"):
        x = args[0] if args else kwargs.get("inputs", kwargs.get("x"))
        return x.shape if isinstance(x, Tensor) and isinstance(x.shape, tuple) else None
    shape = _sizes(args[0] if args else kwargs.get("shape"))
    if isinstance(shape, (tuple, list)) and all(d is None or isinstance(d, int) and not isinstance(d, bool)
                                                for d in shape):
        return tuple(shape)
    return None


def _reshaped_unknown(name, args, kwargs):
    """ops.reshape(x, (1, 1, 3)) of an x whose shape is unknown (a constant made from data
    the reader does not follow): the target, when it names every size; else unknown."""
    if name != "reshape":
        return None
    target = args[1] if len(args) > 1 else kwargs.get("newshape")
    if isinstance(target, (list, tuple)) and all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in target):
        return tuple(target)
    return None


def _tensor_shape(value):
    """The shape a tensor argument stands for: a traced tensor's, a list of them (stack,
    concatenate), or a Python number's. Raises _UnknownShape where it cannot be known."""
    if isinstance(value, Tensor):
        if not isinstance(value.shape, tuple):
            raise _UnknownShape()
        return value.shape
    if isinstance(value, (list, tuple)) and any(isinstance(v, (Tensor, HostValue, Unknown)) for v in value):
        return [_tensor_shape(v) for v in value]
    if isinstance(value, UnknownDim):
        return ()
    if isinstance(value, (HostValue, Unknown, Instance)):
        raise _UnknownShape()
    try:
        return ops_shapes.value_shape(_sizes(value))
    except ValueError:
        raise _UnknownShape()


