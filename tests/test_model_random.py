"""Generated whole models against real Keras: every catalogued layer inside a Functional
model (chained to a second layer, shared, frozen, or nested in an inner model), and
random Sequential stacks (some with a nested Sequential). Each model is saved with
to_json() and as a .keras file; calc's summary of both must equal what model.summary()
shows, row by row (name, class, output shape, parameters, trainable flag, and the
trainable parameters the totals count) and in its totals (see check_saved for the one
case where Keras's reloaded model is the judge instead).

The generator is seeded: MODEL_SEED (default 4) changes the models, MODEL_CASES
(default 1) is the number of models per catalogued layer and multiplies the number of
stacks (24 each). A failure prints the command that replays it.
"""

import os

import pytest

from calc.catalogue import LAYERS, compute
from calc.keras_file import read_keras_config
from calc.model import load_json, summarize
from calc.sample import Rng, sample
from calc.text import shapes_text

keras_oracle = pytest.importorskip("tests.keras_oracle")
keras = keras_oracle.keras
from keras.src.utils.summary_utils import count_params  # noqa: E402  (what summary() sums)

from tests.oracle_adapters import DEFAULT, call, make_inputs  # noqa: E402

SEED = int(os.environ.get("MODEL_SEED", "4"))
CASES = int(os.environ.get("MODEL_CASES", "1"))
STACKS = 24 * CASES
ATTEMPTS = 25  # samples tried until Keras builds one (some random examples are invalid)
ENTRIES = list(LAYERS)
VARIANTS = ("chain", "shared", "frozen", "frozen_in_constructor", "nested")

# Sequential stacks: layers with one float input, built from their arguments alone.
TYPED_INPUT = ("StringLookup", "TextVectorization", "IntegerLookup", "Hashing",
               "CategoryEncoding", "HashedCrossing")
STACKABLE = [e for e in ENTRIES if len(e.inputs) == 1 and e.name not in TYPED_INPUT + ("InputLayer",)]


def replay(request):
    return "replay: MODEL_SEED=%d MODEL_CASES=%d .venv/bin/python -m pytest '%s'" % (
        SEED, CASES, request.node.nodeid)


def rng_for(name, case):
    return Rng(SEED * 1000003 + sum(ord(c) * (i + 1) for i, c in enumerate(name)) * 101 + case)


# Building -----------------------------------------------------------------------------

def call_layer(entry, layer, inputs):
    """(output, the Inputs the output depends on)."""
    return call(entry, layer, inputs), inputs


def new_layer(entry, args):
    adapter = keras_oracle.ADAPTERS.get(entry.name, DEFAULT)
    return keras_oracle.keras_class(entry)(**adapter.kwargs(dict(args)))


def inputs_like(tensors):
    return [keras.Input(batch_shape=t.shape, dtype=t.dtype) for t in tensors]


def call_again(entry, layer, used, rng):
    """The shared layer's second call: on inputs of the first call's shapes, or, half
    the time, with one more axis (summary() shows the last call's output shape, which
    then differs) for a one-input layer that takes any rank, when Keras accepts it once
    built. (Several inputs are left out: a built merge layer accepts shapes it would
    refuse to build with, such as Concatenate(axis=2) on mismatched axes.)"""
    if len(entry.inputs) == 1 and entry.inputs[0].max_rank is None and rng.chance(0.5):
        longer = [keras.Input(batch_shape=(None, 2) + tuple(t.shape[1:]), dtype=t.dtype) for t in used]
        try:
            return call_layer(entry, layer, longer)
        except Exception:  # Keras refuses the other rank for this layer: same shapes then
            pass
    return call_layer(entry, layer, inputs_like(used))


def chain(out, rng):
    """A Dense after the layer (through a Flatten when the output is rank 3+ and fully
    known) so rows chain; the output unchanged when no Dense fits."""
    if isinstance(out, (list, tuple)) or "float" not in str(out.dtype) or len(out.shape) < 2:
        return out
    known = all(d is not None for d in out.shape[1:])
    if len(out.shape) > 2 and known and rng.chance(0.5):
        out = keras.layers.Flatten()(out)
    if out.shape[-1] is None:
        return out
    return keras.layers.Dense(rng.randint(1, 8), trainable=not rng.chance(0.2))(out)


def outputs_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def functional_model(entry, variant, rng, path):
    """One Functional model around a sampled `entry`, saved as `path`, or None if Keras
    refuses every sample (Keras cannot save some either: a tf_idf lookup layer never
    adapted). Returns (model, description of what was built). After half the attempts a
    variant Keras cannot build for this layer (a constructor without `trainable`, like
    Discretization's; Equalization in a nested model) falls back to a plain chain."""
    for attempt in range(ATTEMPTS):
        if attempt == ATTEMPTS // 2:
            variant = "chain"
        args, shapes = sample(entry, rng)
        if variant == "frozen_in_constructor":
            args["trainable"] = False
        try:
            model = build_variant(entry, variant, args, shapes, rng)
            model.save(path)
            return model, (variant, args, shapes)
        except Exception:  # Keras raises many types; an invalid sample is drawn again
            continue
    return None, (variant, None, None)


def build_variant(entry, variant, args, shapes, rng):
    layer = new_layer(entry, args)
    if entry.keras_call == "none":  # InputLayer: the layer is the model's input
        inp = layer.output
        return keras.Model(inp, chain(inp, rng))
    inputs = make_inputs(entry, shapes)
    if variant == "nested":
        out, used = call_layer(entry, layer, inputs)
        if len(used) == 1 and not isinstance(out, (list, tuple)) and rng.chance(0.5):
            inner = keras.Sequential([keras.Input(batch_shape=used[0].shape, dtype=used[0].dtype), layer])
        else:
            inner = keras.Model(used, out)
        if rng.chance(0.5):
            inner.trainable = False
        outer_inputs = inputs_like(used)
        out = inner(outer_inputs[0] if len(outer_inputs) == 1 else outer_inputs)
        return keras.Model(outer_inputs, chain(out, rng))
    out, used = call_layer(entry, layer, inputs)
    if variant == "shared":
        again, used_again = call_again(entry, layer, used, rng)
        return keras.Model(used + list(used_again), outputs_list(out) + outputs_list(again))
    model = keras.Model(used, outputs_list(chain(out, rng)))
    if variant == "frozen":
        layer.trainable = False  # after build: reaches every sub-layer, unlike the constructor's
    return model


def stack_model(rng, path):
    """A random Sequential stack of 2 to 5 layers, each chosen among those that calc
    accepts on the previous layer's output shape (Keras judges the result). Now and
    then a run of them is an inner Sequential (a nested model, sometimes frozen)."""
    rank = rng.randint(1, 4)
    shape = tuple(rng.randint(1, 12) for _ in range(rank))
    start = shape
    shapes = [shape]  # the input shape of each chosen layer, then the output
    chosen = []
    for _ in range(rng.randint(2, 5)):
        picked = None
        for _ in range(ATTEMPTS):
            entry = rng.choice(STACKABLE)
            spec = entry.inputs[0]
            if len(shape) < spec.min_rank or (spec.max_rank is not None and len(shape) > spec.max_rank):
                continue
            args, _ = sample(entry, rng)
            text = shapes_text([shape])
            try:
                result = compute(entry, dict(args), input_shape=text)
            except ValueError:
                continue
            if isinstance(result.output_shape, list):
                continue
            picked = (entry, args)
            shape = tuple(result.output_shape[1:])
            break
        if picked is None:
            break
        chosen.append(picked)
        shapes.append(shape)
    layers = [new_layer(e, a) for e, a in chosen]
    described = [(e.name, a) for e, a in chosen]
    if len(layers) >= 2 and rng.chance(0.3):
        first = rng.randint(0, len(layers) - 2)
        last = rng.randint(first + 1, len(layers))
        inner = keras.Sequential([keras.Input(shapes[first])] + layers[first:last])
        if rng.chance(0.5):
            inner.trainable = False
        layers[first:last] = [inner]
        described[first:last] = [("Sequential", described[first:last], inner.trainable)]
    model = keras.Sequential([keras.Input(start)] + layers)
    if rng.chance(0.15):
        model.trainable = False
    model.save(path)
    return model, described, start


# Comparing ----------------------------------------------------------------------------

def shape_of(tensors):
    if isinstance(tensors, (list, tuple)):
        flat = [shape_of(t) for t in tensors]
        return flat[0] if len(flat) == 1 else flat
    return tuple(tensors.shape)


# summary() shows the Python class; the file (and so calc) has the name Keras exports.
SAVED_CLASS_NAMES = {"GroupedQueryAttention": "GroupQueryAttention"}


def keras_rows(model, trainable_ids):
    """What model.summary() shows per layer: the output shape of the layer's last call,
    count_params(), the trainable flag (None for a layer without weights, where it shows
    "-"); plus its trainable parameters as the totals count them (a weight is trainable
    if the model lists it so)."""
    rows = []
    for layer in model.layers:
        output = shape_of(layer._inbound_nodes[-1].output_tensors) if layer._inbound_nodes else None
        trainable = sum(count_params([w]) for w in layer.weights if id(w) in trainable_ids)
        children = keras_rows(layer, trainable_ids) if isinstance(layer, keras.Model) else None
        class_name = SAVED_CLASS_NAMES.get(type(layer).__name__, type(layer).__name__)
        flag = layer.trainable if layer.weights else None  # summary() shows "-" then
        rows.append((layer.name, class_name, output, layer.count_params(), trainable, flag, children))
    return rows


def calc_rows(summary):
    rows = []
    for r in summary.rows:
        output = r.output_shape
        if isinstance(output, list):
            output = output[0] if len(output) == 1 else [tuple(s) for s in output]
        children = calc_rows(r.children) if r.children is not None else None
        flag = r.trainable if r.params else None
        rows.append((r.name, r.class_name, output, r.params, r.trainable_params, flag, children))
    return rows


def differences(model, summary):
    """Every difference between calc's summary and Keras's model, as text lines."""
    trainable_ids = set(id(w) for w in model.trainable_weights)
    problems = []
    theirs = keras_rows(model, trainable_ids)
    ours = calc_rows(summary)
    if len(theirs) != len(ours):
        problems.append("rows: calc %s, Keras %s" % (ours, theirs))
    for mine, keras_row in zip(ours, theirs):
        if mine != keras_row:
            unknown = [r.problem for r in summary.rows if r.name == mine[0] and not r.known]
            problems.append("row %s: calc %s, Keras %s%s" % (mine[0], mine, keras_row,
                                                             " (%s)" % unknown[0] if unknown else ""))
    trainable = count_params(model.trainable_weights)
    non_trainable = count_params(model.non_trainable_weights)
    totals = (summary.total_params, summary.trainable_params, summary.non_trainable_params)
    if totals != (trainable + non_trainable, trainable, non_trainable):
        problems.append("totals (total, trainable, non-trainable): calc %s, Keras %s"
                        % (totals, (trainable + non_trainable, trainable, non_trainable)))
    if model.count_params() != trainable + non_trainable:
        problems.append("Keras's count_params %d differs from its weights' sum %d"
                        % (model.count_params(), trainable + non_trainable))
    return problems


def check_saved(model, path, built, request):
    """Summarize to_json() and the .keras file; each must match the Keras model, or
    else the model Keras loads back from that same file. The two differ where the
    file cannot say what was done to the model: `trainable = False` set after building
    on a layer whose config leaves it out (SpatialDropout) or whose sub-layers are not
    saved (ConvLSTM's cell, MultiHeadAttention's projections) is lost, and Keras
    reloads such a layer as its constructor makes it; either reading is accepted."""
    text = model.to_json()
    with open(path, "rb") as f:
        from_file = summarize(load_json(read_keras_config(f)))
    problems = []
    for source, summary, reload in (
            ("to_json()", summarize(load_json(text)), lambda: keras.models.model_from_json(text)),
            (".keras", from_file, lambda: keras.models.load_model(path, compile=False))):
        found = differences(model, summary)
        if found:
            reloaded = differences(reload(), summary)
            if reloaded:
                problems.extend("%s: %s" % (source, p) for p in found)
                problems.extend("%s, Keras reloaded: %s" % (source, p) for p in reloaded)
    assert not problems, "%s\nbuilt: %s\n%s" % (replay(request), built, "\n".join(problems[:6]))


# Tests --------------------------------------------------------------------------------

LAYER_CASES = [(entry, case) for case in range(CASES) for entry in ENTRIES]


@pytest.mark.parametrize("entry,case", LAYER_CASES,
                         ids=["%s-%d" % (e.name, c) for e, c in LAYER_CASES])
def test_layer_in_functional_model(entry, case, tmp_path, request):
    rng = rng_for(entry.name, case)
    # Variants rotate over the catalogue so each is used on about a fifth of the layers.
    variant = VARIANTS[(ENTRIES.index(entry) + case + SEED) % len(VARIANTS)]
    path = str(tmp_path / "model.keras")
    model, built = functional_model(entry, variant, rng, path)
    assert model is not None, "%s\nKeras refused %d samples of %s (%s)" % (
        replay(request), ATTEMPTS, entry.name, variant)
    check_saved(model, path, built, request)


@pytest.mark.parametrize("case", range(STACKS), ids=["stack-%d" % c for c in range(STACKS)])
def test_sequential_stack(case, tmp_path, request):
    rng = rng_for("stack", case)
    path = str(tmp_path / "model.keras")
    for _ in range(ATTEMPTS):
        try:
            model, layers, start = stack_model(rng, path)
            break
        except Exception:  # a stack calc accepts but Keras refuses (dtypes) or cannot save
            continue
    else:
        pytest.fail("%s\nKeras refused %d stacks in a row" % (replay(request), ATTEMPTS))
    check_saved(model, path, ("Sequential", start, layers, model.trainable), request)
