"""Round trips of calc/text.py (hypothesis): a value written as form text reads back as
the same value through its argument's own parser, for every argument of every layer in
the catalogue; input shapes written as text read back as the same shapes; Python's
syntax (repr) reads back through text_literal; and snake_case names layers as Keras's
own to_snake_case does.

Derandomized, as tests/test_properties.py: the same examples every run.
"""

import string
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc
from calc.args import REQUIRED, parse_input_shapes
from calc.layers.preprocessing import parse_stat
from calc.layers.wrappers import InnerLayer
from calc.sample import Rng, sample
from calc.text import form_text, shapes_text, snake_case, text_literal

SETTINGS = settings(max_examples=300, deadline=timedelta(seconds=2), derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
ENTRIES = list(calc.LAYERS)


def comparable(value):
    """A parsed value with its wrapped layers as (class, config): InnerLayer has no ==."""
    if isinstance(value, InnerLayer):
        return ("layer", value.entry.name, comparable(value.cfg))
    if isinstance(value, dict):
        return tuple(sorted((k, comparable(value[k])) for k in value))
    if isinstance(value, (list, tuple)):
        return tuple(comparable(v) for v in value)
    return value


def kind_name(arg):
    return arg.kind if isinstance(arg.kind, str) else arg.kind.__name__


# Values in the form's syntax ---------------------------------------------------------

# parse_stat's value is a ("scalar" | "list", numbers) pair that only Normalization's
# check reads; no field ever shows it. Its raw values are covered by the fields' own
# tests (a one-element list has to be typed "[0.5]": the form writes (0.5,) as "0.5").
NOT_WRITTEN_BACK = (parse_stat,)


def reads_back(arg, raw):
    """parse(form_text(parse(raw))) == parse(raw); False when raw itself is refused."""
    try:
        value = arg.parse(raw)
    except ValueError:
        return False
    text = form_text(value)
    assert comparable(arg.parse(text)) == comparable(value), (arg.name, raw, value, text)
    return True


def test_every_argument_of_every_layer_reads_back_its_form_text():
    """Each argument's example, default and values drawn by calc.sample (the values the
    pages and practice mode write into fields): every kind is exercised."""
    checked = set()
    kinds = set()
    for entry in ENTRIES:
        drawn = [sample(entry, Rng(seed))[0] for seed in range(6)]
        for arg in entry.all_args():
            if arg.kind in NOT_WRITTEN_BACK:
                continue
            kinds.add(kind_name(arg))
            values = [arg.example] + ([] if arg.required else [arg.default])
            values += [args[arg.name] for args in drawn if arg.name in args]
            for raw in values:
                if raw is not REQUIRED and reads_back(arg, raw):
                    checked.add(kind_name(arg))
    assert checked == kinds, kinds - checked


def values_of(arg):
    """Raw values of a built-in kind, wider than the sampler's: big, negative, None."""
    kind = arg.kind
    low = arg.low
    high = arg.high
    if kind == "int":
        return st.integers(low if low is not None else -(10 ** 30),
                           high if high is not None else 10 ** 30)
    if kind == "axis":
        return st.integers(-10, 10)
    if kind == "float":
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "bool":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from(arg.choices)
    if kind == "str":
        return st.text(string.ascii_letters + string.digits + "_-.,;()/ ", max_size=20)
    if kind == "ints":
        item = st.integers(low if low is not None else 1, high if high is not None else 10 ** 12)
        return st.lists(item, min_size=arg.rank or 1, max_size=arg.rank or 5).map(tuple)
    if kind == "axes":
        return st.lists(st.integers(-6, 6), max_size=5).map(tuple)
    if kind == "dims":
        return st.lists(st.none() | st.integers(1, 10 ** 12), min_size=1, max_size=5).map(tuple)
    return None


BUILT_IN = [(entry, arg) for entry in ENTRIES for arg in entry.all_args() if values_of(arg) is not None]


@SETTINGS
@given(st.sampled_from(BUILT_IN).flatmap(
    lambda pair: st.tuples(st.just(pair[1]), values_of(pair[1]) | st.none())))
def test_drawn_values_read_back_from_their_form_text(arg_and_raw):
    arg, raw = arg_and_raw
    reads_back(arg, raw)


# Shapes ------------------------------------------------------------------------------

@st.composite
def shapes_for(draw, entry):
    """One shape per input of `entry` (the optional ones now and then left out), without
    the batch axis, of a rank the input accepts."""
    shapes = []
    for spec in entry.inputs:
        if spec.optional and shapes and draw(st.booleans()):
            break
        top = spec.max_rank if spec.max_rank is not None else spec.min_rank + 3
        dims = st.none() | st.integers(1, 10 ** 12)
        shapes.append(tuple(draw(st.lists(dims, min_size=spec.min_rank, max_size=top))))
    return shapes


WITH_INPUTS = [e for e in ENTRIES if e.inputs]  # InputLayer takes none


@pytest.mark.parametrize("entry", WITH_INPUTS, ids=[e.name for e in WITH_INPUTS])
@settings(SETTINGS, max_examples=10)
@given(st.data())
def test_shapes_read_back_from_their_text(entry, data):
    shapes = data.draw(shapes_for(entry))
    text = shapes_text(shapes)
    assert text != ""  # "" means "no shape given": compute takes the defaults
    with_batch = [(None,) + s for s in shapes]
    assert parse_input_shapes(text, entry.inputs) == with_batch, text
    assert shapes_text(with_batch, batch_axis=True) == text


# Values in Python's syntax -----------------------------------------------------------

PLAIN = (st.none() | st.booleans() | st.integers(-(10 ** 20), 10 ** 20)
         | st.floats(allow_nan=False, allow_infinity=False)
         | st.text(string.ascii_letters + string.digits + "_-., ", max_size=12))


@SETTINGS
@given(st.recursive(PLAIN, lambda inner: st.lists(inner, max_size=4).map(tuple), max_leaves=10))
def test_text_literal_reads_back_what_repr_writes(value):
    assert text_literal(repr(value)) == value, repr(value)


# Names -------------------------------------------------------------------------------

@SETTINGS
@given(st.text(string.ascii_letters + string.digits + "_- .", max_size=30)
       | st.sampled_from([e.name for e in ENTRIES]))
def test_snake_case_is_keras_to_snake_case(name):
    naming = pytest.importorskip("keras.src.utils.naming")
    assert snake_case(name) == naming.to_snake_case(name)
