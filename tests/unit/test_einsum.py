"""EinsumDense and ReversibleEmbedding, checked against hand derivations (and the shapes
Keras 3.15 reports for the same configs, quirks included)."""

from calc import compute
from tests.unit.check import raises, shapes


def einsum(equation, output_shape, input_shape, bias_axes=None, **more):
    args = {"equation": equation, "output_shape": output_shape}
    if bias_axes is not None:
        args["bias_axes"] = bias_axes
    args.update(more)
    return compute("EinsumDense", args, input_shape=input_shape)


def test_dense_written_as_einsum():
    # ab,bc->ac: kernel (b, c) = (32, 64), bias over c
    r = einsum("ab,bc->ac", "64", "32", "c")
    assert shapes(r) == [("kernel", (32, 64), True), ("bias", (64,), True)]
    assert r.total_params == 32 * 64 + 64 == 2112
    assert r.output_shape == (None, 64)
    assert r.formula == "b·c + c"
    assert r.steps[1] == "= 32·64 + 64"


def test_sequence_with_free_axis():
    # abc,cd->abd on (32, 128): b passes through (None in output_shape), kernel (c, d)
    r = einsum("abc,cd->abd", "None,64", "32,128", "d")
    assert shapes(r) == [("kernel", (128, 64), True), ("bias", (64,), True)]
    assert r.total_params == 128 * 64 + 64
    # Keras 3.15 keeps the None it was given (its docstring shows 32 here, but
    # compute_output_shape returns output_shape as given for the non-elided axes)
    assert r.output_shape == (None, None, 64)


def test_no_bias_by_default():
    r = einsum("ab,bc->ac", "10", "3")
    assert shapes(r) == [("kernel", (3, 10), True)]
    assert r.total_params == 3 * 10


def test_ellipsis_on_the_left():
    r = einsum("...x,xy->...y", "64", "32,128", "y")
    assert shapes(r) == [("kernel", (128, 64), True), ("bias", (64,), True)]
    assert r.output_shape == (None, 32, 64)
    # Keras inserts the elided axes one by one at position 1, so with two of them their
    # order comes out reversed: (3, 5) becomes (5, 3) in the output shape.
    r = einsum("...b,bc->...c", "4", "3,5,6", "c")
    assert shapes(r) == [("kernel", (6, 4), True), ("bias", (4,), True)]
    assert r.output_shape == (None, 5, 3, 4)


def test_ellipsis_on_the_right_pads_the_bias():
    # ab...,bc->ac... on (3, 5, 6): kernel (b, c) = (3, 4); the two elided axes follow c,
    # so the bias gets two trailing 1s to broadcast: (4, 1, 1)
    r = einsum("ab...,bc->ac...", "4", "3,5,6", "c")
    assert shapes(r) == [("kernel", (3, 4), True), ("bias", (4, 1, 1), True)]
    assert r.total_params == 3 * 4 + 4
    assert r.output_shape == (None, 4, 5, 6)


def test_multi_axis_kernel_and_partial_bias():
    # abc,cde->abde: kernel (c, d, e) = (5, 2, 4)
    r = einsum("abc,cde->abde", "None,2,4", "3,5", "de")
    assert shapes(r) == [("kernel", (5, 2, 4), True), ("bias", (2, 4), True)]
    assert r.total_params == 5 * 2 * 4 + 2 * 4
    assert r.output_shape == (None, None, 2, 4)
    # bias on e only: the bias starts at e, so it is just (4,)
    r = einsum("abc,cde->abde", "None,2,4", "3,5", "e")
    assert shapes(r)[1] == ("bias", (4,), True)
    # bias on b (a passed-through axis): (b, d) with d padded to 1 -> (3, 1)
    r = einsum("abc,cd->abd", "3,4", "3,5", "b")
    assert shapes(r) == [("kernel", (5, 4), True), ("bias", (3, 1), True)]
    assert r.total_params == 5 * 4 + 3


def test_lora_factors_follow_the_kernel():
    # A: kernel shape with the last axis replaced by r; B: (r, last axis)
    r = einsum("abc,cde->abde", "None,2,4", "3,5", "de", lora_rank=3)
    assert shapes(r) == [("kernel", (5, 2, 4), False), ("bias", (2, 4), True),
                         ("lora_kernel_a", (5, 2, 3), True), ("lora_kernel_b", (3, 4), True)]
    assert r.non_trainable_params == 5 * 2 * 4
    assert r.trainable_params == 2 * 4 + 5 * 2 * 3 + 3 * 4


def test_letter_r_does_not_clash_with_lora_rank():
    r = einsum("ar,rc->ac", "8", "32", lora_rank=2)
    assert r.total_params == 32 * 8 + 32 * 2 + 2 * 8
    assert "r_axis" in r.formula


def test_frozen():
    r = einsum("ab,bc->ac", "64", "32", "c", trainable="false")
    assert (r.trainable_params, r.non_trainable_params) == (0, 32 * 64 + 64)


def test_refusals_match_keras():
    raises(lambda: einsum("ab,bc", "4", "3"), "Invalid einsum equation 'ab,bc'")
    raises(lambda: einsum("ab,cd->ac", "4", "3"), "Weight dimension 'd'")
    raises(lambda: einsum("ab,bc->ad", "4", "3"), "Dimension 'd' was specified in the output")
    raises(lambda: einsum("ab,bc->ac", "4", "3", "x"), "Bias dimension 'x'")
    raises(lambda: einsum("abc,cd->abd", "4,6", "3,5"), "shared dimension 'b'",
           "Input shape is 3")
    raises(lambda: einsum("abc,cd->abd", "None,64", "32"), "does not fit", "input_shape")
    raises(lambda: einsum("ab,bc->ac", "4", "None"), "input_shape", "None", "'b'")
    raises(lambda: einsum("ab,bc->ac", "None", "3"), "output_shape", "'c'")
    raises(lambda: einsum("abc,cd->abd", "None,4", "3,5", "b"), "output_shape", "bias")


def test_reversible_embedding_tied_and_untied():
    tied = compute("ReversibleEmbedding", {"input_dim": 100, "output_dim": 32}, input_shape="50")
    assert shapes(tied) == [("embeddings", (100, 32), True)]
    assert tied.total_params == 100 * 32
    assert tied.output_shape == (None, 50, 32)
    untied = compute("ReversibleEmbedding", {"input_dim": 100, "output_dim": 32,
                                             "tie_weights": "false"}, input_shape="50")
    assert shapes(untied) == [("embeddings", (100, 32), True),
                              ("reverse_embeddings", (32, 100), True)]
    assert untied.total_params == 2 * 100 * 32
    assert untied.formula == "input_dim·output_dim + output_dim·input_dim"


def test_reversible_embedding_lora():
    r = compute("ReversibleEmbedding", {"input_dim": 100, "output_dim": 32, "lora_rank": 4},
                input_shape="50")
    assert shapes(r) == [("embeddings", (100, 32), False), ("lora_embeddings_a", (100, 4), True),
                         ("lora_embeddings_b", (4, 32), True)]
    assert r.trainable_params == 4 * (100 + 32)
    # Keras locks the layer when LoRA is enabled, before reverse_embeddings is added
    raises(lambda: compute("ReversibleEmbedding", {"input_dim": 100, "output_dim": 32,
                                                   "lora_rank": 4, "tie_weights": "false"}),
           "tie_weights", "lora_rank=4")
