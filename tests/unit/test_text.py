"""calc.text: how values, shapes, layers and names are written, both ways. Expectations
written by hand (from the form's syntax in README.md, Python's repr, Keras's naming.py)."""

from calc import compute
from calc.args import Arg, Input, parse_input_shapes
from calc.text import (fmt_shape, form_text, is_name, is_none, layer_text, parse_layer_text,
                       received, received_names, shapes_text, snake_case, split_items,
                       split_top_level, text_literal, tuple_text)
from tests.unit.check import raises


# Values in the form's syntax -----------------------------------------------------------

def test_form_text_writes_what_a_field_holds():
    assert form_text(None) == ""
    assert form_text(True) == "true" and form_text(False) == "false"
    assert form_text(64) == "64" and form_text(-1) == "-1" and form_text(0.5) == "0.5"
    assert form_text("same") == "same"
    assert form_text((3, 3)) == "3,3"
    assert form_text((5,)) == "5"
    assert form_text((None, 64)) == "None,64"
    assert form_text(((1, 1), (2, 2))) == "(1,1),(2,2)"
    assert form_text(((1, 2),)) == "(1,2)"
    assert form_text(()) == "()"  # "" is None
    assert form_text((None,)) == "(None,)"  # "None" is None


def test_the_form_text_reads_back_through_arg_parse():
    assert Arg("kernel_size", "ints", rank=2).parse("3,3") == (3, 3)
    assert Arg("use_bias", "bool").parse("false") is False
    assert Arg("axes", "axes", none_ok=True).parse("") is None
    assert Arg("axes", "axes", none_ok=True).parse("()") == ()
    assert Arg("output_shape", "dims").parse("None,64") == (None, 64)
    assert Arg("shape", "dims", None, none_ok=True).parse("(None,)") == (None,)
    assert compute("Cropping2D", {"cropping": "(1,1),(2,2)"}, input_shape="8,8,3").output_shape == (
        None, 6, 4, 3)


def test_split_items_and_none_words():
    assert split_items("3,3") == split_items("(3, 3)") == split_items("[3,3]") == ["3", "3"]
    assert split_items("3,") == ["3"] and split_items("") == [] and split_items("()") == []
    assert split_items([3, 3]) == [3, 3] and split_items(3) == [3]
    assert is_none(None) and is_none("") and is_none(" None ") and is_none("null")
    assert not is_none("0") and not is_none(0)


# Values in Python's syntax -------------------------------------------------------------

def test_text_literal_reads_a_value_as_written():
    assert text_literal("3,3") == text_literal("(3, 3)") == text_literal("[3, 3]") == (3, 3)
    assert text_literal("(1,1),(2,2)") == ((1, 1), (2, 2))
    assert text_literal("(3,)") == text_literal("3,") == (3,)
    assert text_literal("()") == ()
    assert text_literal("-1") == -1 and text_literal("0.5") == 0.5
    assert text_literal("true") is True and text_literal("True") is True
    assert text_literal("None") is None and text_literal("") is None
    assert text_literal("same") == text_literal("'same'") == text_literal('"same"') == "same"
    assert text_literal("'a,b'") == "a,b"  # a quoted comma is no separator
    raises(lambda: text_literal("(1,2"), "Unbalanced brackets")


def test_text_literal_reads_back_what_repr_writes():
    for value in ((3, 3), (3,), (), ((1, 1), (2, 2)), (None, 5), True, False, None, -7, 0.25,
                  "same", "3", "true", ("a", "b")):
        assert text_literal(repr(value)) == value, value


# Shapes --------------------------------------------------------------------------------

def test_shapes_text_has_no_batch_axis():
    assert shapes_text([(None, None, 25)]) == "None,None,25"
    assert shapes_text([(10, 64), (12, 32)]) == "10,64;12,32"
    assert shapes_text([(128,)]) == "128"
    assert shapes_text([()]) == "()" and shapes_text([(), (3,)]) == "();3"
    assert shapes_text([(5,), None]) == "5"  # an optional input without an example
    assert shapes_text([]) == ""
    assert shapes_text([(None, 10, 64), (None, 12, 32)], batch_axis=True) == "10,64;12,32"
    assert shapes_text([(None,)], batch_axis=True) == "()"


def test_shapes_text_reads_back_through_parse_input_shapes():
    two = (Input("query", 1), Input("value", 1))
    assert parse_input_shapes("None,None,25", (Input("x", 3, 3),)) == [(None, None, None, 25)]
    assert parse_input_shapes("10,64;12,32", two) == [(None, 10, 64), (None, 12, 32)]
    assert parse_input_shapes("()", (Input("x", 0),)) == [(None,)]


def test_fmt_shape_is_python_with_the_batch_axis():
    assert fmt_shape((None, 5, 3)) == "(None, 5, 3)"
    assert fmt_shape((None,)) == "(None,)"
    assert fmt_shape([(None, 5), (None, 3)]) == "[(None, 5), (None, 3)]"
    assert fmt_shape(None) == "None"
    assert tuple_text(["C_in", "units"]) == "(C_in, units)" and tuple_text(["units"]) == "(units,)"
    assert tuple_text([]) == "()"


def test_the_rank_words_of_both_rank_messages():
    assert Input("x", 3, 3).ranks_text() == "3"
    assert Input("x", 2).ranks_text() == "at least 2"
    assert Input("x", 2, 5).ranks_text() == "2 to 5"
    assert Input("x", 2, 5).accepts_rank(5) and not Input("x", 2, 5).accepts_rank(6)
    assert not Input("x", 2).accepts_rank(1) and Input("x", 2).accepts_rank(40)
    raises(lambda: compute("Conv2D", {"filters": 2, "kernel_size": 3}, input_shape="8,3"),
           "input_shape must have 3 dimensions, without the batch axis. Received: input_shape='8,3'")
    raises(lambda: compute("Bidirectional", {"layer": "LSTM(units=4)"}, input_shape="5,3,3"),
           "LSTM inside Bidirectional needs an input with 2 dimensions (without the batch axis); "
           "it receives (5, 3, 3).")
    # The shapes a message quotes are written as they were typed, without the batch axis.
    raises(lambda: compute("Dense", {"units": 2}, input_shape="5,None"),
           "the last axis (input features) must be known", "Received: input_shape=5,None")


# Layer texts ---------------------------------------------------------------------------

def test_split_top_level_keeps_brackets_and_quotes_whole():
    assert split_top_level("a=1, b=(3, 3), c=X(d=1, e=2)") == ["a=1", "b=(3, 3)", "c=X(d=1, e=2)"]
    assert split_top_level("s='a,b', t=[1, 2]") == ["s='a,b'", "t=[1, 2]"]
    assert split_top_level("") == [""]
    raises(lambda: split_top_level("a=(1, 2"), "Unbalanced")
    raises(lambda: split_top_level("a=1)"), "Unbalanced")
    raises(lambda: split_top_level("a='x"), "Unbalanced quotes")
    raises(lambda: split_top_level("(" * 33 + ")" * 33), "Too deeply nested")


def test_parse_layer_text():
    assert parse_layer_text("LSTM") == ("LSTM", {})
    assert parse_layer_text("LSTM()") == ("LSTM", {})
    assert parse_layer_text(" LSTM(units=64, return_sequences=true) ") == (
        "LSTM", {"units": "64", "return_sequences": "true"})
    assert parse_layer_text("keras.layers.Conv2D(filters=8, kernel_size=(3,3), padding='same',)") == (
        "Conv2D", {"filters": "8", "kernel_size": "(3,3)", "padding": "same"})
    assert parse_layer_text("Bidirectional(layer=LSTM(units=4), merge_mode=None)") == (
        "Bidirectional", {"layer": "LSTM(units=4)", "merge_mode": "None"})
    raises(lambda: parse_layer_text("LSTM(64)"), "name=value")
    raises(lambda: parse_layer_text("LSTM(units=4"), "Name(arg=value")
    raises(lambda: parse_layer_text("LSTM(units=4, units=5)"), "twice")
    raises(lambda: parse_layer_text("4LSTM"), "class name")
    raises(lambda: parse_layer_text("LSTM(=4)"), "name=value")


def test_layer_text_is_python():
    assert layer_text("LSTM", {}) == "LSTM()"
    assert layer_text("LSTM", {"units": 64, "go_backwards": True, "activation": "tanh",
                               "dropout": 0.5, "seed": None}) == (
        "LSTM(activation='tanh', dropout=0.5, go_backwards=True, seed=None, units=64)")
    assert layer_text("Conv1D", {"kernel_size": (3,)}) == "Conv1D(kernel_size=(3,))"
    assert parse_layer_text(layer_text("Conv2D", {"kernel_size": (3, 3), "padding": "same"})) == (
        "Conv2D", {"kernel_size": "(3, 3)", "padding": "same"})


def test_is_name():
    assert is_name("units") and is_name("_x1") and is_name("Conv2D")
    assert not is_name("") and not is_name("4x") and not is_name("a-b") and not is_name("é")


# Names ---------------------------------------------------------------------------------

def test_snake_case_as_keras_names_layers():
    assert snake_case("Conv2D") == "conv2d"
    assert snake_case("PReLU") == "p_re_lu"
    assert snake_case("ConvLSTM2D") == "conv_lstm2d"
    assert snake_case("GlobalAveragePooling2D") == "global_average_pooling2d"
    assert snake_case("LSTM") == "lstm"
    assert snake_case("GRU") == "gru"
    assert snake_case("SimpleRNN") == "simple_rnn"
    assert snake_case("InputLayer") == "input_layer"
    assert snake_case("MultiHeadAttention") == "multi_head_attention"
    assert snake_case("Conv2DTranspose") == "conv2d_transpose"
    # Keras's "(.)([A-Z][a-z]+)" takes any character before the capital, a digit too:
    assert snake_case("Dense2Layer") == "dense2_layer"
    assert snake_case("ABcDe") == "a_bc_de"
    assert snake_case("my-Layer") == "my_layer"  # non-word characters are dropped first
    assert snake_case("_Ab") == "__ab"


# Messages ------------------------------------------------------------------------------

def test_received_quotes_as_keras_does():
    assert received("filters", "-1") == "Received: filters=-1"  # typed text as typed
    assert received("filters", -1) == "Received: filters=-1"
    assert received("padding", "") == "Received: padding=''"  # empty: quoted, so it shows
    assert received("padding", "sa me") == "Received: padding='sa me'"
    assert received("units", "9" * 70) == "Received: units=" + "9" * 57 + "..."
    assert received("units", [1, 2]) == "Received: units=[1, 2]"


def test_received_names_reads_the_names_back():
    assert received_names("groups must divide filters. Received: groups=4, filters=6") == [
        "groups", "filters"]
    assert received_names("x must be an integer. " + received("x", "a")) == ["x"]
    assert received_names("no quote here") == []


def test_shorten_is_repr_cut_and_costs_only_its_limit():
    from calc.text import shorten
    for value in ({"a": [1, (2,), "xyz"]}, (1,), [], {}, "ab", None, 3.5, [[1, 2], (3, 4)]):
        assert shorten(value) == repr(value)
    huge = "a" * 10000
    for _ in range(5):  # 32 copies of the string: its repr would be 320,000 characters
        huge = (huge, huge)
    text = shorten(huge)
    assert len(text) == 60 and text.startswith("((((('aaa") and text.endswith("...")


def test_terminal_text_shows_control_characters_instead_of_sending_them():
    from calc.text import terminal_text
    assert terminal_text("dense_1\n\tok") == "dense_1\n\tok"
    assert terminal_text("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert terminal_text("a\x9bb\x7f") == "a\\x9bb\\x7f"
