"""keras.ops output shapes (calc.ops_shapes), derived by hand: each expectation says how
the sizes come about. tests/test_ops_shapes_oracle.py compares the same functions with
Keras on generated calls."""

from calc import ops_shapes as ops
from calc.ops_shapes import FUNCTIONS
from tests.unit.check import raises


class Keys:
    """K[:, 0] is the key Python passes for x[:, 0]."""

    def __getitem__(self, key):
        return key


K = Keys()


def call(name, *args, **kwargs):
    return FUNCTIONS[name][0](*args, **kwargs)


def type_error(fn):
    try:
        fn()
    except TypeError:
        return
    raise AssertionError("expected TypeError")


def test_broadcasting():
    # Aligned on the right: (None, 1, 3) against (1, 4, 1): 1 takes the other size.
    assert ops.broadcast((None, 1, 3), (4, 1)) == (None, 4, 3)
    assert call("add", (None, 5), ()) == (None, 5)  # a Python number is shape ()
    assert call("multiply", (None,), (5,)) == (5,)  # unknown against 5: it must be 5
    assert call("less", (1,), (None,)) == (None,)  # 1 against unknown: unknown
    assert call("left_shift", (2, 1), (3,)) == (2, 3)
    raises(lambda: call("subtract", (2, 3), (4,)), "size 3", "4", "x1.shape=(2, 3)",
           "x2.shape=(4,)")
    assert ops.where((None, 1), (1, 8), ()) == (None, 8)
    raises(lambda: ops.where((2, 3), (3, 3), (3,)), "condition.shape=(2, 3)")
    raises(lambda: ops.where((2, 3)), "x1", "x2")


def test_shape_preserving_table():
    for name in ("relu", "gelu", "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "square",
                 "negative", "erf", "softmax", "log_softmax", "zeros_like", "ones_like"):
        assert call(name, (None, 10, 64)) == (None, 10, 64), name
    assert call("cast", (None, 3), "int32") == (None, 3)
    assert call("clip", (4,), 0.0, 1.0) == (4,)
    assert call("softmax", (2, 3, 4), axis=(1, 2)) == (2, 3, 4)
    # softmax's axis is checked even when not given: -1 does not exist in a scalar.
    raises(lambda: call("softmax", ()), "axis", "rank 0")
    raises(lambda: call("softmax", (2, 3), axis=2), "axis", "Received: axis=2")
    raises(lambda: call("sparsemax", (2, 3), axis=(0, 1)), "single integer")
    type_error(lambda: call("clip", (4,), 0.0))  # x_max is required
    type_error(lambda: call("relu", (4,), axis=0))  # ops.relu takes no axis
    assert ops.ACTIVATIONS["relu"]((None, 3), max_value=6.0) == (None, 3)
    assert ops.ACTIVATIONS["glu"]((None, 6)) == (None, 3)  # two halves of 6
    raises(lambda: ops.glu((None, 5)), "divisible by 2")
    raises(lambda: ops.fliplr((5,)), "2 or more")


def test_signatures():
    assert ops.signature("x axis:int=-1 name") == [
        ("x", ops._MISSING, False), ("axis", -1, True), ("name", ops._MISSING, False)]
    assert ops.signature("x alpha=1.0 dtype=None") == [
        ("x", ops._MISSING, False), ("alpha", 1.0, False), ("dtype", None, False)]
    type_error(lambda: call("mean", (2, 3), bogus=1))
    type_error(lambda: call("mean", (2, 3), 0, axis=0))  # axis given twice


def test_reshape():
    # 4·6 = 24 values per example; -1 takes the batch, unknown.
    assert ops.reshape((None, 4, 6), (-1, 24)) == (None, 24)
    assert ops.reshape((2, 4, 6), (-1, 24)) == (2 * 4 * 6 // 24, 24)
    assert ops.reshape((2, 3, 4), (-1,)) == (24,)  # flatten
    assert ops.reshape((2, 3, 4), 24) == (24,)
    assert ops.reshape((8, 3), (4, -1)) == (4, 6)
    # None in newshape: a size read from ops.shape(x) that is only known at run time.
    assert ops.reshape((None, 12), (None, 3, 4)) == (None, 3, 4)
    raises(lambda: ops.reshape((8, 3), (5, 5)), "unchanged", "x.shape=(8, 3)",
           "newshape=(5, 5)")
    raises(lambda: ops.reshape((8, 3), (5, -1)), "divided")
    raises(lambda: ops.reshape((8, 3), (-1, -1)), "at most one")
    raises(lambda: ops.reshape((8, 3), (-2, 12)), "newshape=(-2, 12)")
    assert ops.ravel((None, 3)) == (None,)
    assert ops.ravel((2, 3)) == (6,)


def test_axes_in_and_out():
    assert ops.expand_dims((3, 4), 0) == (1, 3, 4)
    assert ops.expand_dims((3, 4), -1) == (3, 4, 1)
    # Axes count in the output (rank 4): 0 and 2 are new, 3 and 4 fill 1 and 3.
    assert ops.expand_dims((3, 4), (0, 2)) == (1, 3, 1, 4)
    raises(lambda: ops.expand_dims((3, 4), 3), "axis", "rank 3")
    assert ops.squeeze((1, 3, 1)) == (3,)
    assert ops.squeeze((None, 1)) == (None,)  # unknown sizes stay
    assert ops.squeeze((1, 3, 1), 0) == (3, 1)
    assert ops.squeeze((1, 3, 1), -1) == (1, 3)
    raises(lambda: ops.squeeze((1, 3, 1), 1), "not 1", "axis=1")
    raises(lambda: ops.squeeze((None, 1), 0), "not 1")  # Keras cannot know it is 1
    raises(lambda: ops.squeeze((1, 1), (0, -2)), "same axis twice")


def test_permutations():
    assert ops.transpose((2, 3, 4)) == (4, 3, 2)
    assert ops.transpose((2, 3, 4), (0, 2, 1)) == (2, 4, 3)
    assert ops.transpose((2, 3, 4), (-1, 0, 1)) == (4, 2, 3)
    raises(lambda: ops.transpose((2, 3, 4), (0, 0, 1)), "permutation")
    raises(lambda: ops.transpose((2, 3, 4), (0, 1)), "axes=(0, 1)")
    assert ops.swapaxes((2, 3, 4), 0, -1) == (4, 3, 2)
    assert ops.moveaxis((2, 3, 4), 0, -1) == (3, 4, 2)
    # Axes 0, 1 go to 3, 2; the others (sizes 4, 5) keep their order in 0, 1.
    assert ops.moveaxis((2, 3, 4, 5), (0, 1), (-1, -2)) == (4, 5, 3, 2)
    raises(lambda: ops.moveaxis((2, 3), (0, 1), 0), "same number")


def test_joining():
    assert ops.concatenate([(None, 3), (None, 5)], axis=-1) == (None, 3 + 5)
    assert ops.concatenate([(2, 3), (None, 3)]) == (None, 3)  # 2 + unknown
    # The first tensor's sizes are kept elsewhere, as Keras does.
    assert ops.concatenate([(None, 3), (4, 3)], axis=1) == (None, 6)
    raises(lambda: ops.concatenate([(2, 3), (2, 4)]), "same shape except", "axis=0")
    raises(lambda: ops.concatenate([(2, 3), (2, 3, 1)], axis=1), "same shape except")
    raises(lambda: ops.concatenate([]), "xs=[]")
    assert ops.stack([(2, 3)] * 3) == (3, 2, 3)
    assert ops.stack([(2, 3)] * 3, axis=-1) == (2, 3, 3)
    raises(lambda: ops.stack([(2, 3), (3, 2)]), "same shape")
    assert ops.unstack((2, 3), axis=1) == ((2,), (2,), (2,))
    raises(lambda: ops.unstack((None, 3)), "num")


def test_split():
    assert ops.split((None, 10), 2, axis=-1) == ((None, 5), (None, 5))
    # Parts start at 0, 2 and 5: sizes 2, 3 and 10 - 5.
    assert ops.split((None, 10), [2, 5], axis=1) == ((None, 2), (None, 3), (None, 5))
    assert ops.split((None, 4), 2) == ((None, 4), (None, 4))
    assert ops.split((None,), [2, 5]) == ((2,), (3,), (None,))
    raises(lambda: ops.split((10,), 3), "divisible", "indices_or_sections=3")
    raises(lambda: ops.split((10,), [5, 3]), "sorted", "[5, 3]")
    raises(lambda: ops.split((10,), [3, 20]), "sorted")


def test_repeating_and_padding():
    assert ops.tile((2, 3), 2) == (2, 6)  # repeats (2,) becomes (1, 2)
    assert ops.tile((3,), (2, 2)) == (2, 6)  # the shape becomes (1, 3)
    assert ops.tile((None, 3), (2, 1)) == (None, 3)
    assert ops.repeat((2, 3), 2) == (12,)  # flattened: 6 values, each twice
    assert ops.repeat((2, 3), [1, 2, 3], axis=1) == (2, 1 + 2 + 3)
    assert ops.repeat((2, 3), 2, axis=0) == (4, 3)
    raises(lambda: ops.repeat((2, 3), [1, 2], axis=1), "compatible")
    assert ops.pad((None, 5, 3), ((0, 0), (1, 2), (0, 0))) == (None, 8, 3)
    assert ops.pad((4, 5), 1) == (6, 7)
    assert ops.pad((4, 5), (1, 2)) == (7, 8)  # before 1 and after 2 on every axis
    assert ops.pad((4, 5), [[1], [2]]) == (6, 9)
    raises(lambda: ops.pad((4, 5), ((-1, 0), (0, 0))), "negative")
    raises(lambda: ops.pad((4, 5), ((1, 1),) * 3), "same length")
    assert ops.broadcast_to((3, 1), (2, 3, 4)) == (2, 3, 4)
    raises(lambda: ops.broadcast_to((3, 4), (4,)), "x.shape=(3, 4)", "shape=(4,)")


def test_getitem():
    x = (None, 10, 128)
    assert ops.getitem(x, K[:, 0]) == (None, 128)
    assert ops.getitem(x, K[..., :64]) == (None, 10, 64)
    assert ops.getitem(x, K[:, None, :]) == (None, 1, 10, 128)
    assert ops.getitem(x, K[..., None]) == (None, 10, 128, 1)
    assert ops.getitem(x, K[None]) == (1, None, 10, 128)
    assert ops.getitem(x, K[0]) == (10, 128)
    assert ops.getitem(x, K[1:3]) == (None, 10, 128)  # a slice of an unknown size
    assert ops.getitem(x, K[:, -3:]) == (None, 3, 128)
    assert ops.getitem(x, K[:, ::2]) == (None, 5, 128)  # 0, 2, 4, 6, 8
    assert ops.getitem(x, K[:, ::-3]) == (None, 4, 128)  # 9, 6, 3, 0
    assert ops.getitem(x, K[:, 2:100]) == (None, 8, 128)
    assert ops.getitem(x, K[:, 8:2]) == (None, 0, 128)
    assert ops.getitem(x, K[:, -10, 5]) == (None,)
    raises(lambda: ops.getitem(x, K[:, 10]), "out of bounds", "size 10")
    raises(lambda: ops.getitem(x, K[:, -11]), "out of bounds")
    raises(lambda: ops.getitem(x, K[0, 0, 0, 0]), "Too many indices")
    raises(lambda: ops.getitem(x, K[..., 0, ...]), "one ellipsis")
    raises(lambda: ops.getitem(x, K[::0]), "step cannot be zero")
    raises(lambda: ops.getitem(x, K[[0, 1]]), "Unsupported key")
    raises(lambda: ops.getitem(x, K[True]), "Unsupported key")


def test_getitem_slices_like_python():
    # Python's own slicing of a list of n items is the reference for every slice.
    for n in range(5):
        items = list(range(n))
        for start in (None, -6, -2, 0, 1, 3, 6):
            for stop in (None, -6, -1, 0, 2, 6):
                for step in (None, 1, 2, -1, -3):
                    # (slice() cannot be called on MicroPython; slicing syntax works)
                    expected = len(items[start:stop:step])
                    got = ops.getitem((n,), K[start:stop:step])
                    assert got == (expected,), (n, start, stop, step)


def test_slice():
    # Size -1 runs to the end: 10 - 2 = 8 rows from row 2; 5 columns from 0.
    assert ops.slice_((None, 10, 6), (0, 2, 0), (-1, -1, 5)) == (None, 8, 5)
    assert ops.slice_((None, 10), (None, 0), (-1, 4)) == (None, 4)
    raises(lambda: ops.slice_((5, 5), (3, 3), (4, 1)), "past the end")
    raises(lambda: ops.slice_((5, 5), (0,), (1, 1)), "start_indices")


def test_products():
    assert ops.matmul((None, 5, 3), (3, 4)) == (None, 5, 4)
    assert ops.matmul((3,), (3, 4)) == (4,)  # a row: its axis is dropped
    assert ops.matmul((2, 5, 3), (3,)) == (2, 5)  # a column
    assert ops.matmul((3,), (3,)) == ()
    # Batch axes (2, 1) and (4,) broadcast to (2, 4).
    assert ops.matmul((2, 1, 5, 3), (4, 3, 2)) == (2, 4, 5, 2)
    # Attention scores: (q_len, d) @ (d, k_len) for each batch and head.
    assert ops.matmul((None, 8, None, 16), (None, 8, 16, None)) == (None, 8, None, None)
    raises(lambda: ops.matmul((2, 3), (4, 5)), "Inner dimensions", "x1.shape=(2, 3)")
    raises(lambda: ops.matmul((), (3,)), "rank 1")
    assert ops.dot((2, 3), (3, 4)) == (2, 4)
    # Sum over x1's last and x2's second-to-last: (2, 3) + (5,) + (6,).
    assert ops.dot((2, 3, 4), (5, 4, 6)) == (2, 3, 5, 6)
    assert ops.dot((3,), (3,)) == ()
    assert ops.dot((2, 3), (3,)) == (2,)
    assert ops.dot((), (2, 3)) == (2, 3)
    raises(lambda: ops.dot((2, None), (3,)), "last axis")  # Keras compares exactly
    raises(lambda: ops.dot((3,), (4,)), "same length")
    assert ops.outer((None, 2), (3,)) == (None, 3)


def test_einsum():
    assert ops.einsum("ij,jk->ik", (2, 3), (3, 4)) == (2, 4)
    assert ops.einsum("bij,bjk->bik", (None, 2, 3), (None, 3, 5)) == (None, 2, 5)
    # '...' stands for (5, 1) and (4,): broadcast to (5, 4).
    assert ops.einsum("...ij,...jk->...ik", (5, 1, 2, 3), (4, 3, 6)) == (5, 4, 2, 6)
    assert ops.einsum("bhqd,bhkd->bhqk", (None, 8, 10, 64), (None, 8, 12, 64)) == (None, 8, 10, 12)
    assert ops.einsum("b...c,cd->b...d", (2, 7, 3), (3, 5)) == (2, 7, 5)
    # Without '->': the letters used once, alphabetically (ASCII: capitals first).
    assert ops.einsum("ij,jk", (2, 3), (3, 4)) == (2, 4)
    assert ops.einsum("ba", (3, 2)) == (2, 3)
    assert ops.einsum("aB", (2, 3)) == (3, 2)
    assert ops.einsum("...j,jk", (None, 7, 3), (3, 6)) == (None, 7, 6)
    assert ops.einsum("ii->i", (3, 3)) == (3,)
    assert ops.einsum("i,i->", (3,), (3,)) == ()
    assert ops.einsum("...i->i", (3,)) == (3,)  # '...' stands for no axis here
    raises(lambda: ops.einsum("ij,jk->ik", (2, 3), (4, 5)), "Subscript j", "3", "4")
    raises(lambda: ops.einsum("ij,jk->ik", (2, 3, 1), (3, 5)), "Number of dimensions")
    raises(lambda: ops.einsum("ij->ijk", (2, 3)), "output subscript")
    raises(lambda: ops.einsum("ij->ii", (3, 3)), "output subscript")
    raises(lambda: ops.einsum("...i->i", (2, 3)), "'...'")
    raises(lambda: ops.einsum("ij, jk->ik", (2, 3), (3, 5)), "letters")
    raises(lambda: ops.einsum("ij,jk->ik", (2, 3)), "Number of operands (1)")
    raises(lambda: ops.einsum("i->i->i", (2,)), "At most one '->'")


def test_reductions():
    assert call("mean", (None, 10, 64), axis=1) == (None, 64)
    assert call("sum", (None, 10, 64), axis=(1, 2), keepdims=True) == (None, 1, 1)
    assert call("max", (None, 10, 64)) == ()
    assert call("std", (None, 10, 64), keepdims=True) == (1, 1, 1)
    assert call("argmax", (None, 10), -1) == (None,)
    assert call("count_nonzero", (4, 5), 0) == (5,)
    raises(lambda: call("var", (2, 3), axis=(1, -1)), "same axis twice")
    raises(lambda: call("min", (2, 3), axis=2), "out of bounds", "axis=2")
    raises(lambda: call("argmin", (2, 3), axis=(0, 1)), "single integer")
    assert ops.moments((None, 10, 64), (0, 1)) == ((64,), (64,))
    assert call("cumsum", (2, 3, 4)) == (24,)  # axis=None flattens
    assert call("cumsum", (None, 3)) == (None,)
    assert call("cumprod", (2, 3), axis=1) == (2, 3)
    assert call("sort", (2, 3)) == (2, 3)
    raises(lambda: call("argsort", ()), "axis")


def test_gathering():
    assert ops.take((100, 16), (None, 7), axis=0) == (None, 7, 16)
    assert ops.take((100, 16), (None, 7)) == (None, 7)  # axis=None: x flattened
    assert ops.take_along_axis((3, 4), (3, 2), axis=1) == (3, 2)
    assert ops.top_k((None, 10), 3) == ((None, 3), (None, 3))
    raises(lambda: ops.top_k((None, 10), 11), "k=11")
    assert ops.one_hot((None, 5), 10) == (None, 5, 10)
    assert ops.one_hot((None, 5), 10, axis=0) == (10, None, 5)
    raises(lambda: ops.one_hot((None, 5), 10, axis=2), "axis must be -1")


def test_new_tensors():
    assert ops.arange(5) == (5,)
    assert ops.arange(2, 10, 3) == (3,)  # 2, 5, 8
    assert ops.arange(0, 1, 0.3) == (4,)  # 0, 0.3, 0.6, 0.9
    assert ops.arange(10, 0, -2) == (5,)  # 10, 8, 6, 4, 2
    assert ops.arange(5, 5) == (0,)
    assert ops.arange(None) == (None,)  # a size known at run time only
    assert ops.arange(1, None) == (None,)
    raises(lambda: ops.arange(5, 2), "towards", "start=5")
    raises(lambda: ops.arange(0, 5, 0), "step=0")
    assert ops.zeros((None, 3)) == (None, 3)
    assert call("ones", 4) == (4,)
    assert ops.full((2, 2), 0.5) == (2, 2)
    raises(lambda: ops.full(3, 1.0), "tuple or a list")
    raises(lambda: ops.zeros((2, -1)), "non-negative")
    assert ops.eye(3) == (3, 3)
    assert call("tri", 3, 4) == (3, 4)
    assert ops.identity(2) == (2, 2)
    assert ops.shape((None, 5)) == (None, 5)  # the value the code reads


def test_value_shape():
    assert ops.value_shape(2.0) == ()
    assert ops.value_shape([[1, 2], [3, 4], [5, 6]]) == (3, 2)
    assert ops.value_shape([]) == (0,)
    raises(lambda: ops.value_shape([[1, 2], [3]]), "rectangular")
    raises(lambda: ops.value_shape("ab"), "Received: 'ab'")
    deep = 1
    for _ in range(ops.MAX_NESTING + 1):
        deep = [deep]
    raises(lambda: ops.value_shape(deep), "nest")


def test_tables():
    kinds = ("x", "x1 x2", "x y", "x indices", "data segment_ids", "condition x1 x2", "[xs]", "[x]",
             "*operands", "inputs", "variable", "images", "")
    for name, (function, tensors) in FUNCTIONS.items():
        assert callable(function) and tensors in kinds, name
    for table in (ops.OPERATORS, ops.UNARY_OPERATORS):
        for name in table.values():
            assert name in FUNCTIONS, name
    assert FUNCTIONS["shape"][0] is ops.shape


def test_extract_patches_cuts_an_image_into_tokens():
    # ViT on CIFAR: 72x72 images in 6x6 patches: 12x12 patches of 6*6*3 = 108 values.
    assert ops.extract_patches((None, 72, 72, 3), 6) == (None, 12, 12, 108)
    assert ops.extract_patches((None, 10, 10, 1), 3, strides=1, padding="same") == (None, 10, 10, 9)
    raises(lambda: ops.extract_patches((None, 2, 2, 1), 3), "do not fit", "Received")
