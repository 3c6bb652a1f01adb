"""LayerSpec's declarations: what an entry may set, and the capabilities the rest of calc
asks of it instead of testing family names."""

from calc.catalogue import compute_entry, find, read_config
from calc.spec import LayerSpec
from tests.unit.check import raises


def _type_error(fn):
    try:
        fn()
    except TypeError as e:
        return str(e)
    raise AssertionError("expected TypeError, nothing was raised")


def test_an_entry_sets_only_what_its_class_declares():
    entry = LayerSpec("Mine", summary="A layer.", weight_free_reason="Nothing is learned.")
    assert (entry.summary, entry.has_weights) == ("A layer.", False)
    message = _type_error(lambda: LayerSpec("Mine", sumary="A layer."))
    assert "sumary" in message and "LayerSpec" in message and "Mine" in message, message

    class Scaled(LayerSpec):
        factor = 1

    assert Scaled("Twice", factor=2).factor == 2
    message = _type_error(lambda: Scaled("Twice", factr=2))
    assert "factr" in message and "Scaled" in message, message


def test_a_merge_takes_any_number_of_inputs_from_a_model_file():
    # NASNet concatenates six tensors; `x * 3.0` is saved as a Multiply of one tensor.
    concatenate = find("Concatenate")
    six = [(None, 4, 4, 2)] * 6
    assert compute_entry(concatenate, read_config(concatenate), six).output_shape == (None, 4, 4, 12)
    multiply = find("Multiply")
    assert compute_entry(multiply, read_config(multiply), [(None, 5)]).output_shape == (None, 5)
    dense = find("Dense")
    raises(lambda: compute_entry(dense, read_config(dense, {"units": 3}), [(None, 5), (None, 5)]),
           "one shape per input")


def test_only_recurrent_layers_are_recurrent():
    recurrent = [e.name for e in (find("SimpleRNN"), find("LSTM"), find("GRU"), find("ConvLSTM2D"))
                 if e.is_recurrent]
    assert recurrent == ["SimpleRNN", "LSTM", "GRU", "ConvLSTM2D"]
    assert not find("Dense").is_recurrent and not find("Bidirectional").is_recurrent
