"""A whole model's summary from its Keras description (``model.to_json()``), without Keras.

One row per layer as ``model.summary()`` shows it, counted by the catalogue; nested models
become rows whose children can be expanded; a layer called twice (shared) counts once.
"""

import json

from calc.catalogue import compute_entry, find, read_config
from calc.text import shorten

MODEL_CLASSES = ("Sequential", "Functional", "Model")
MAX_LAYERS = 20000  # bounded work: the largest Keras Application has about 1,000 layers
MAX_JSON_TEXT = 64 * 1024 * 1024
MAX_JSON_DEPTH = 200
# Characters in one JSON string. MicroPython's json.loads reads a string in time quadratic in
# its length (400,000 characters: 0.25 s; 4 MB: 25 s); a model's longest strings are a few
# thousand characters.
MAX_JSON_STRING = 100000

# Bytes per parameter for the memory estimates.
DTYPE_BYTES = (("float32", 4), ("bfloat16 / float16", 2), ("int8", 1))


class Row:
    """One line of the summary."""

    def __init__(self, name, class_name, output_shape, params, trainable_params, trainable,
                 connected_to=(), result=None, children=None, known=True, problem=None,
                 buffers=None, dtypes=None, note=None):
        self.name = name
        self.class_name = class_name
        self.output_shape = output_shape
        self.params = params
        self.trainable_params = trainable_params
        self.trainable = trainable
        self.connected_to = list(connected_to)
        self.result = result  # the layer's Result (weights, formula), when counted here
        self.children = children  # a nested model's Summary
        self.known = known
        self.problem = problem  # why a row could not be counted
        # PyTorch keeps running statistics as buffers, apart from its parameters: their
        # element count, or None where the framework has none (Keras) or it is not known.
        self.buffers = buffers
        # Values per dtype ({"F32": 9408}), where a checkpoint says them; None for Keras.
        self.dtypes = dtypes
        # How a counted row was read, where the source leaves room for doubt (a PyTorch
        # subclass counted as the torch.nn class whose arguments it prints).
        self.note = note

    def to_json(self):
        data = {"name": self.name, "class_name": self.class_name,
                "output_shape": _shape_json(self.output_shape), "params": self.params,
                "trainable": self.trainable, "connected_to": self.connected_to}
        if self.buffers is not None:
            data["buffers"] = self.buffers
        if self.dtypes is not None:
            data["dtypes"] = self.dtypes
        if self.children is not None:
            data["layers"] = [r.to_json() for r in self.children.rows]
        if self.note:
            data["note"] = self.note
        if not self.known:
            data["unknown"] = True
            data["problem"] = self.problem
        return data


class Summary:
    def __init__(self, model_name, class_name, rows, skipped=(), not_followed=(), framework="keras",
                 remarks=(), stored=None):
        self.model_name = model_name
        self.class_name = class_name
        self.rows = rows
        # From pasted code (calc.code_reader): lines skipped because they do not build the
        # model, and statements that could not be followed (those make the totals partial).
        self.skipped = list(skipped)
        self.not_followed = list(not_followed)
        # "keras", or "torch" for PyTorch and Hugging Face sources: their JSON then carries
        # "framework" and "buffers" (the Keras JSON keys stay as they were).
        self.framework = framework
        # How a reader counted what it could not see (a checkpoint's buffers told by name,
        # its tied weights): said beside the totals, which they do not make partial.
        self.remarks = list(remarks)
        # A checkpoint's tensors per dtype, [{"dtype", "values", "bytes"}]: its real memory,
        # instead of the estimates per dtype from the parameter count.
        self.stored = stored

    @property
    def buffers(self):
        """Buffer elements of all rows (PyTorch's running statistics), None if no row knows."""
        known = [r.buffers for r in self.rows if r.buffers is not None]
        return sum(known) if known else None

    @property
    def total_params(self):
        return sum(r.params or 0 for r in self.rows)

    @property
    def trainable_params(self):
        return sum(r.trainable_params or 0 for r in self.rows)

    @property
    def non_trainable_params(self):
        return self.total_params - self.trainable_params

    @property
    def partial(self):
        """True when some rows could not be counted: the totals are then lower bounds."""
        return bool(self.not_followed) or any(
            not r.known or r.children is not None and r.children.partial for r in self.rows)

    def memory(self):
        """Bytes for the parameters in each dtype (a checkpoint's: the bytes it stores per
        dtype), and a training estimate: weights, their gradients and Adam's two moment
        estimates (one copy each per trainable weight)."""
        total, trainable = self.total_params, self.trainable_params
        if self.stored is not None:
            weights = [dict(m) for m in self.stored]
        else:
            weights = [{"dtype": d, "bytes": total * b} for d, b in DTYPE_BYTES]
        return {
            "weights": weights,
            "training_adam_float32": {
                "bytes": total * 4 + trainable * 4 * 3,
                "what": "weights + gradients + Adam's two moments, float32; activations not included",
            },
        }

    def to_json(self, source=None):
        data = {"source": source, "model_name": self.model_name,
                "layers": [r.to_json() for r in self.rows],
                "total_params": self.total_params, "trainable_params": self.trainable_params,
                "non_trainable_params": self.non_trainable_params, "memory": self.memory()}
        if self.framework != "keras":
            data["framework"] = self.framework
            data["buffers"] = self.buffers or 0
        if self.partial:
            data["partial"] = True
        if self.skipped or self.not_followed or self.remarks:
            data["notes"] = {"skipped": self.skipped, "not_followed": self.not_followed}
            if self.remarks:
                data["notes"]["remarks"] = self.remarks
        return data


def load_json(text, what="the model JSON", walk_depth=True):
    """json.loads with the checks pasted text needs: the size is capped before parsing and
    the nesting depth after it, so a 100,000-deep '[[[...' is refused, not walked by the
    recursive code below. (CPython's parser gives up on deep nesting by itself, with a
    RecursionError; MicroPython's parses it without recursing.) The depth walk visits the
    parsed containers, not the text's characters: on a ResNet152 config that is tens of
    thousands of steps instead of a million."""
    if len(text) > MAX_JSON_TEXT:
        raise ValueError("%s is too large (%d bytes; the limit is %d)." % (what, len(text), MAX_JSON_TEXT))
    if len(text) > MAX_JSON_STRING and _has_long_string(text.encode("utf-8"), MAX_JSON_STRING):
        raise ValueError("%s holds a string of more than %d characters: a model's are far shorter."
                         % (what, MAX_JSON_STRING))
    too_deep = "%s is nested more than %d levels deep." % (what, MAX_JSON_DEPTH)
    try:
        data = json.loads(text)
    except RuntimeError:  # CPython's RecursionError
        raise ValueError(too_deep)
    except ValueError as e:
        raise ValueError("%s is not valid JSON (%s)." % (what, e))
    # walk_depth=False: the caller reads a fixed structure and checks each value's type
    # itself, never recursing (a safetensors header), so the walk would cost time for nothing.
    if walk_depth and _deeper_than(data, MAX_JSON_DEPTH):
        raise ValueError(too_deep)
    return data


def _has_long_string(data, limit):
    """Whether the JSON text `data` (bytes: indexing a str is O(i) in MicroPython) holds a
    string longer than `limit`, found at C speed where possible. Without escaped quotes, a
    string longer than `limit` leaves a window of limit / 2 bytes without a quote: when every
    window has one, no scan is needed (real model JSON). Otherwise each string is measured,
    in time linear in the number of quotes, which json.loads would spend anyway."""
    if data.find(b'\\"') < 0:
        windows_have_quotes = True
        window = limit // 2
        for start in range(0, len(data), window):
            if data.find(b'"', start, start + window) < 0:
                windows_have_quotes = False
                break
        if windows_have_quotes:
            return False
    find = data.find
    start = find(b'"')
    while start >= 0:
        end = find(b'"', start + 1)
        while end > 0 and _escaped(data, end):
            if end - start > limit:
                return True
            end = find(b'"', end + 1)
        if end < 0:
            return False  # an unterminated string: json.loads says so
        if end - start > limit:
            return True
        start = find(b'"', end + 1)
    return False


def _escaped(data, at):
    """Whether the quote at `at` follows an odd number of backslashes."""
    k = at - 1
    while k >= 0 and data[k] == 92:  # a backslash
        k -= 1
    return (at - 1 - k) % 2 == 1


def _deeper_than(value, limit):
    """Whether lists and dicts nest more than `limit` levels, found without recursion."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in (node.values() if isinstance(node, dict) else node):
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


class _Work:
    """What one summary has done so far: the layers seen (capped) and the results counted,
    by layer description. Real models repeat the same layer many times (ResNet152 has 36
    identical bottleneck blocks), and a description with the same class, config (its name
    aside), input shapes and trainable flag always counts the same: each is counted once."""

    def __init__(self):
        self.layers = 0
        self.results = {}

    def count_layer(self):
        self.layers += 1
        if self.layers > MAX_LAYERS:
            raise ValueError("The model has more than %d layers; the limit keeps the work bounded." % MAX_LAYERS)

    def result(self, entry, config, shapes, trainable):
        """(Result, its total and its trainable parameters): the sums over its weights are
        taken once too, not again for each of the 1,000 rows that share them."""
        if "name" in config:
            config = dict(config)
            del config["name"]
        key = entry.name + json.dumps([config, shapes, trainable])
        counted = self.results.get(key)
        if counted is None:
            cfg = read_config(entry, config)
            if not trainable:
                cfg["trainable"] = False
            result = compute_entry(entry, cfg, shapes)
            counted = self.results[key] = (result, result.total_params, result.trainable_params)
        return counted


def summarize(model, work=None, input_shapes=None, frozen=None):
    """The Summary of a model description: the dict that ``json.loads(model.to_json())``
    gives (a Sequential, a Functional or a nested mix). `input_shapes` and `frozen` are what
    an outer model gives a nested one: whether it is frozen itself (a nested model's own
    trainable flag freezes nothing, see _row). By default the model's own flag decides."""
    if not isinstance(model, dict) or "class_name" not in model or not isinstance(model.get("config"), dict):
        keys = sorted(model)[:10] if isinstance(model, dict) else type(model).__name__
        raise ValueError("A Keras model description needs 'class_name' and 'config' (the output of "
                         "model.to_json()). Received: %s" % shorten(keys))
    work = work if work is not None else _Work()
    class_name = model["class_name"]
    config = model["config"]
    notes = model.get("calc_notes") if isinstance(model.get("calc_notes"), dict) else {}
    skipped, not_followed = _texts(notes.get("skipped")), _texts(notes.get("not_followed"))
    if isinstance(model.get("calc_custom"), dict):  # a subclassed keras.Model, from pasted code
        child = _custom_summary(model, work, config.get("trainable") is False)
        return Summary(child.model_name, class_name, child.rows, skipped, not_followed)
    functional_subclass = isinstance(config.get("layers"), list) and "input_layers" in config
    if class_name not in MODEL_CLASSES and not functional_subclass:
        if not isinstance(config.get("layers"), list) and "registered_name" in model:
            raise ValueError("%s is a subclassed model: its JSON holds its config, not its layers. "
                             "Paste the class's code (with the line that builds it) to count it."
                             % shorten(class_name))
        raise ValueError("This is a %s layer, not a model (Sequential or Functional)." % shorten(class_name))
    layers = config.get("layers")
    if not isinstance(layers, list):
        raise ValueError("The model's config has no 'layers' list.")
    if frozen is None:
        frozen = config.get("trainable") is False
    if class_name == "Sequential":
        rows = _sequential_rows(layers, frozen, work, input_shapes)
    else:
        rows = _functional_rows(layers, frozen, work)
    return Summary(config.get("name", ""), class_name, rows, skipped, not_followed)


def _texts(value):
    """The strings of a list (the code reader's notes); anything else is dropped."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _custom_summary(spec, work, frozen):
    """A layer or model class written in the pasted code: its sub-layers, each counted as
    built by the code's call(), then the weights its own add_weight() calls created."""
    custom = spec["calc_custom"]
    config = spec.get("config") if isinstance(spec.get("config"), dict) else {}
    layers = custom.get("layers")
    weights = custom.get("weights")
    rows = []
    for child in layers if isinstance(layers, list) else []:
        work.count_layer()
        rows.append(_row(child, _build_shapes(child) if isinstance(child, dict) else None, frozen, work,
                         _inbound(child, {})[1] if isinstance(child, dict) else []))
    for weight in weights if isinstance(weights, list) else []:
        work.count_layer()
        rows.append(_weight_row(weight, frozen))
    return Summary(str(config.get("name", "")), str(spec.get("class_name")), rows)


def _weight_row(weight, frozen):
    """One add_weight() tensor, {"name", "shape", "trainable"} (a damaged entry is a row
    that says so, never an exception)."""
    shape = _shape(weight.get("shape")) if isinstance(weight, dict) else None
    if isinstance(weight, dict) and weight.get("shape") == []:
        shape = ()  # a scalar weight (add_weight(shape=())): one value
    name = weight.get("name") if isinstance(weight, dict) and isinstance(weight.get("name"), str) else "?"
    if shape is None or any(d is None or d < 0 for d in shape) or not isinstance(weight.get("trainable"), bool):
        return Row(name, "weight", None, None, None, False, known=False,
                   problem="a weight needs a shape of known sizes and trainable true or false")
    count = 1
    for d in shape:
        count *= d
    trainable = weight["trainable"] and not frozen
    return Row(name, "weight", shape, count, count if trainable else 0, trainable)


def _sequential_rows(layers, frozen, work, input_shapes):
    """Each layer takes the previous one's output (or its own build_config, when saved)."""
    rows = []
    previous = input_shapes[0] if input_shapes else None
    for spec in layers:
        work.count_layer()
        shapes = _build_shapes(spec) or ([previous] if previous is not None else None)
        row = _row(spec, shapes, frozen, work, _inbound(spec, {})[1] if isinstance(spec, dict) else [])
        previous = row.output_shape if not isinstance(row.output_shape, list) else None
        if row.class_name != "InputLayer":
            rows.append(row)
    return rows


def _functional_rows(layers, frozen, work):
    """Walk the graph in the saved order; each call's output shapes are remembered under
    (layer name, call index) so later calls can look up their inputs' shapes."""
    rows = []
    outputs = {}
    for spec in layers:
        work.count_layer()
        if not isinstance(spec, dict):
            rows.append(_row(spec, None, frozen, work, []))
            continue
        calls, links = _inbound(spec, outputs)
        first = calls[0] if calls else None
        shapes = _build_shapes(spec) or first
        row = _row(spec, shapes, frozen, work, links)
        name = row.name
        outputs[(name, 0)] = row.output_shape
        for index in range(1, len(calls)):
            outputs[(name, index)] = _output_for_call(spec, row, calls[index])
        if len(calls) > 1:
            # model.summary() shows a shared layer's output shape for its last call.
            row.output_shape = outputs[(name, len(calls) - 1)]
        rows.append(row)
    return rows


def _inbound(spec, outputs):
    """One walk over a layer's inbound nodes: for each call, the list of its input shapes
    (None where one is unknown; `outputs` holds the shapes of the calls before it), and the
    "layer[node][tensor]" links of model.summary()'s "Connected to" (keyword inputs too)."""
    nodes = spec.get("inbound_nodes")
    calls = []
    links = []
    if not isinstance(nodes, list):
        return calls, links
    for node in nodes:
        if not isinstance(node, dict):
            continue
        shapes = []
        for tensor in _keras_tensors(node.get("args", []), []):
            history = tensor.get("keras_history")
            shape = _shape(tensor.get("shape"))
            shapes.append(shape if shape is not None else _history_shape(history, outputs))
            if isinstance(history, list) and len(history) == 3:
                links.append("%s[%s][%s]" % tuple(history))
        calls.append(shapes if shapes and None not in shapes else None)
        for tensor in _keras_tensors(node.get("kwargs", {}), []):
            history = tensor.get("keras_history")
            if isinstance(history, list) and len(history) == 3:
                links.append("%s[%s][%s]" % tuple(history))
    return calls, links


def _history_shape(history, outputs):
    # [layer name, call index, output index]; anything else (a damaged file) is unknown.
    if not isinstance(history, list) or len(history) != 3 or not isinstance(history[0], str) \
            or not isinstance(history[1], int):
        return None
    out = outputs.get((history[0], history[1]))
    if isinstance(out, list):
        index = history[2]
        return out[index] if isinstance(index, int) and 0 <= index < len(out) else None
    return out if history[2] == 0 else None


def _output_for_call(spec, row, shapes):
    """A shared layer called again: its output for that call's input shapes."""
    if row.result is None or shapes is None:
        return row.output_shape
    try:
        entry = find(str(spec.get("class_name")))
        return entry.output_shape(read_config(entry, spec.get("config")), shapes)
    except ValueError:
        return None


def _row(spec, shapes, frozen, work, connected):
    """The row of one layer description for its input `shapes` (None when unknown);
    `connected` is its "Connected to" (see _inbound)."""
    if not isinstance(spec, dict):
        return Row("?", "?", None, None, None, False, known=False, problem="not a layer description")
    class_name = str(spec.get("class_name", "?"))
    config = spec.get("config")
    if not isinstance(config, dict):
        config = {}
    name = str(spec.get("name") or config.get("name") or spec.get("class_name", "?"))
    trainable = not frozen and config.get("trainable", True) is not False
    if class_name in MODEL_CLASSES:
        # A nested model's weights count by their own layers' flags, not by the model's:
        # Keras 3 sums the variables' flags (model.trainable = False sets every layer's
        # flag at that moment; a layer unfrozen after it, or a model made with
        # trainable=False, keeps its own).
        child = summarize(spec, work, shapes, frozen)
        output = child.rows[-1].output_shape if child.rows else None
        return Row(name, class_name, output, child.total_params, child.trainable_params, trainable,
                   connected, children=child)
    if class_name == "InputLayer":
        shape = config.get("batch_shape") or config.get("batch_input_shape")
        return Row(name, class_name, _shape(shape), 0, 0, trainable, connected)
    if isinstance(spec.get("calc_custom"), dict):
        child = _custom_summary(spec, work, not trainable)
        output = _output_shape(spec["calc_custom"].get("output_shape"))
        return Row(name, class_name, output, child.total_params, child.trainable_params,
                   trainable, connected, children=child)
    if str(spec.get("module", "")).startswith("keras.src.ops") or class_name == "Lambda":
        # An operation of keras.ops recorded in a functional model (x + y, ops.mean,
        # preprocess_input's GetItem...), or a Lambda: neither ever holds weights.
        return Row(name, class_name, _shape(spec.get("calc_output_shape")), 0, 0, trainable, connected)
    if spec.get("calc_unbuilt"):
        # A layer the code creates but never calls: Keras never builds it, so it has no
        # weights (model.summary() says "0 (unbuilt)").
        return Row(name, class_name, None, 0, 0, trainable, connected, problem="unbuilt")
    try:
        entry = find(class_name)
    except ValueError:
        return Row(name, class_name, None, None, None, trainable, connected, known=False,
                   problem="%s is not a Keras layer: a custom class? Its JSON holds only its "
                           "config; paste the class's code with the model to count it" % shorten(class_name))
    try:
        if shapes is None:
            raise ValueError("the model description does not say this layer's input shape")
        result, total, trainable_params = work.result(entry, config, shapes, trainable)
    except ValueError as e:
        return Row(name, class_name, None, None, None, trainable, connected, known=False, problem=str(e))
    # A subclass of a Keras layer in pasted code (class MyConv(Conv2D)) is counted as its
    # base class and shown under its own name.
    shown = spec.get("calc_class_name") if isinstance(spec.get("calc_class_name"), str) else class_name
    return Row(name, shown, result.output_shape, total, trainable_params, trainable, connected, result=result)


def _shape(value):
    if not isinstance(value, list) or not value:
        return None
    for d in value:  # a loop, not all(...): MicroPython makes a generator per call, 3 per layer
        if d is not None and not isinstance(d, int):
            return None
    return tuple(value)


def _output_shape(value):
    """A shape, or a list of shapes for several outputs, from JSON; None if it is neither."""
    shape = _shape(value)
    if shape is not None or not isinstance(value, list) or not value:
        return shape
    shapes = [_shape(v) for v in value]
    return shapes if all(s is not None for s in shapes) else None


def _build_shapes(spec):
    """The input shapes saved in the layer's build_config, if any."""
    build = spec.get("build_config") if isinstance(spec, dict) else None
    if not isinstance(build, dict):
        return None
    shape = build.get("input_shape")
    one = _shape(shape)
    if one is not None:
        return [one]
    values = list(shape.values()) if isinstance(shape, dict) else shape  # several named inputs
    if isinstance(values, list) and values and all(_shape(v) is not None for v in values):
        return [_shape(v) for v in values]
    return None


def _keras_tensors(value, found):
    """Every __keras_tensor__ in a node's arguments, in order (they may sit in lists)."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__" and isinstance(value.get("config"), dict):
            found.append(value["config"])
        else:
            for v in value.values():
                _keras_tensors(v, found)
    elif isinstance(value, list):
        for v in value:
            _keras_tensors(v, found)
    return found


def _shape_json(shape):
    if isinstance(shape, list):
        return [_shape_json(s) for s in shape]
    return None if shape is None else list(shape)
