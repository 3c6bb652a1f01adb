"""The Keras oracle: build a catalogue example in real Keras and compare what it creates
(weight names, shapes, trainable flags, output shape) with what calc says."""

import importlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402,F401  (the tests take keras from here, once the environment is set)

from calc.catalogue import compute  # noqa: E402
from calc.text import shapes_text  # noqa: E402
from tests.oracle_adapters import ADAPTERS, DEFAULT, call, make_inputs  # noqa: E402


def keras_class(entry):
    return getattr(importlib.import_module(entry.keras_module), entry.name)


def keras_build(entry, args, shapes):
    """(layer, output shape) from Keras, or raise whatever Keras raises."""
    adapter = ADAPTERS.get(entry.name, DEFAULT)
    layer = keras_class(entry)(**adapter.kwargs(args))
    out = call(entry, layer, make_inputs(entry, shapes))
    return layer, shape_of(out)


def shape_of(out):
    if isinstance(out, (list, tuple)):
        return [shape_of(o) for o in out]
    return tuple(out.shape)


def our_shape(shape):
    if isinstance(shape, list):
        return [our_shape(s) for s in shape]
    return tuple(shape)


def scope_matches(scope, path):
    """Each part of our scope starts one part of Keras's path, in order
    ('forward_lstm' matches 'bidirectional/forward_lstm_1/lstm_cell/kernel')."""
    if not scope:
        return True
    parts = path.split("/")
    i = 0
    for want in scope.split("/"):
        while i < len(parts) and not parts[i].startswith(want):
            i += 1
        if i == len(parts):
            return False
        i += 1
    return True


REFUSED_BY_BOTH = "refused by both"


def compare(entry, args, shapes):
    """None if calc and Keras build the same thing, REFUSED_BY_BOTH if both refuse the
    example, else a description of the difference."""
    shape_text = shapes_text(shapes)  # a rank-0 input is "()": "" would mean the defaults
    try:
        ours = compute(entry, dict(args), input_shape=shape_text or None)
        our_error = None
    except ValueError as e:
        ours, our_error = None, str(e)
    try:
        layer, keras_out = keras_build(entry, args, shapes)
        keras_error = None
    except Exception as e:  # Keras raises many types; any refusal counts as a refusal
        keras_error = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
    where = "%s(%s) on input_shape=%s" % (entry.name, args, shape_text)
    if our_error and keras_error:
        return REFUSED_BY_BOTH
    if our_error:
        return "%s: calc refused (%s) but Keras built it" % (where, our_error)
    if keras_error:
        return "%s: calc counted %d but Keras refused (%s)" % (where, ours.total_params, keras_error)
    rename = ADAPTERS.get(entry.name, DEFAULT).weight_name
    theirs = [(rename(w.name), tuple(w.shape), bool(w.trainable), w.path) for w in layer.weights]
    mine = [(w.name, w.shape_values(), w.trainable, w.scope) for w in ours.weights]
    if len(theirs) != len(mine):
        return "%s: calc has weights %s, Keras %s" % (where, mine, theirs)
    for m, t in zip(mine, theirs):
        if m[:3] != t[:3] or not scope_matches(m[3], t[3]):
            return "%s: calc has weights %s, Keras %s" % (where, mine, theirs)
    if our_shape(ours.output_shape) != keras_out:
        return "%s: calc's output shape %s, Keras's %s" % (where, ours.output_shape, keras_out)
    return None
