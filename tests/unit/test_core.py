"""Dense and Embedding, checked against hand derivations (the seed article's figures)."""

from calc import compute
from tests.unit.check import raises, shapes


def test_seed_dense_128_to_128():
    # (input_units × units) + units = 128·128 + 128
    r = compute("Dense", {"units": 128}, input_shape="128")
    assert r.total_params == 128 * 128 + 128 == 16512
    assert shapes(r) == [("kernel", (128, 128), True), ("bias", (128,), True)]
    assert r.steps[-1] == "= 16,512"


def test_dense_on_3d_input_counts_only_last_axis():
    r = compute("Dense", {"units": 128}, input_shape="7,128")
    assert r.total_params == 16512
    assert r.output_shape == (None, 7, 128)


def test_dense_without_bias_and_with_lora():
    r = compute("Dense", {"units": 10, "use_bias": "false", "lora_rank": 2}, input_shape="30")
    assert shapes(r) == [("kernel", (30, 10), False), ("lora_kernel_a", (30, 2), True),
                         ("lora_kernel_b", (2, 10), True)]
    assert r.trainable_params == 2 * (30 + 10)
    assert r.non_trainable_params == 300


def test_lora_rank_zero_means_no_lora_as_in_keras():
    r = compute("Dense", {"units": 4, "lora_rank": 0}, input_shape="3")
    assert shapes(r) == [("kernel", (3, 4), True), ("bias", (4,), True)]
    assert r.total_params == r.trainable_params == 3 * 4 + 4
    raises(lambda: compute("Dense", {"units": 4, "lora_rank": -1}, input_shape="3"), "lora_rank")


def test_seed_embedding_700_and_frozen():
    r = compute("Embedding", {"input_dim": 28, "output_dim": 25})
    assert r.total_params == 28 * 25 == 700
    frozen = compute("Embedding", {"input_dim": 28, "output_dim": 25, "trainable": "false"})
    # The seed article says the weights vanish; they move to non-trainable instead.
    assert (frozen.trainable_params, frozen.non_trainable_params, frozen.total_params) == (0, 700, 700)


def test_embedding_sequence_length_does_not_matter():
    a = compute("Embedding", {"input_dim": 28, "output_dim": 25}, input_shape="10")
    b = compute("Embedding", {"input_dim": 28, "output_dim": 25}, input_shape="500")
    assert a.total_params == b.total_params == 700
    assert b.output_shape == (None, 500, 25)


def test_huge_integers_stay_exact():
    r = compute("Dense", {"units": "99999999999999999999"}, input_shape="3")
    assert r.total_params == 99999999999999999999 * 4


def test_bad_values_name_the_argument():
    raises(lambda: compute("Dense", {"units": -1}, input_shape="3"), "units", "Received: units=-1")
    raises(lambda: compute("Dense", {"units": "1e400"}, input_shape="3"), "units")
    raises(lambda: compute("Dense", {"units": "nan"}, input_shape="3"), "units")
    raises(lambda: compute("Dense", {"units": ""}, input_shape="3"), "units")
    raises(lambda: compute("Dense", {"units": 2.5}, input_shape="3"), "units")
    raises(lambda: compute("Dense", {"unit": 3}, input_shape="3"), "Did you mean 'units'")
    raises(lambda: compute("Dense", {}, input_shape="3"), "requires the argument units")
    raises(lambda: compute("Dense", {"units": 3}, input_shape="None"), "input_shape", "None")
    raises(lambda: compute("Dense", {"units": 3}, input_shape="0"), "input_shape")
    raises(lambda: compute("Dense", {"units": 3}, input_shape="3;4"), "input_shape")
    raises(lambda: compute("Dense", {"units": "x" * 1000000}, input_shape="3"), "units", "too long")


def test_unknown_layer_suggests_names():
    raises(lambda: compute("Denes", {}), "Unknown layer class 'Denes'", "Dense")


def test_formula_and_steps_follow_the_shapes():
    r = compute("Dense", {"units": 4}, input_shape="3")
    assert r.formula == "C_in·units + units"
    assert r.steps == ["C_in·units + units", "= 3·4 + 4", "= 12 + 4", "= 16"]


def test_weight_shapes_in_symbols_read_like_python_tuples():
    r = compute("Dense", {"units": 4}, input_shape="3")
    assert [w.shape_text() for w in r.weights] == ["(C_in, units)", "(units,)"]  # one axis: "(x,)"
