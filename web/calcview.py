"""What a calculator widget shows, computed from the catalogue: shared by the site build
(CPython, to pre-render the default answer) and the browser (MicroPython, live).

Everything returned is text, so big integers stay exact on their way to JavaScript.
"""

import json

from calc.catalogue import compute, find
from calc.keras_call import call_form, keras_inputs
from calc.text import fmt_int, fmt_shape, form_text, received_names, shapes_text, text_literal
from web.picture import picture


def default_fields(entry):
    """{name: text} for every argument, plus input_shape for a Keras layer (a torch.nn
    module's sizes are arguments): the example the page starts from."""
    examples = dict(entry.example_args())
    fields = {}
    for a in entry.all_args():
        if a.name in examples:
            fields[a.name] = form_text(examples[a.name])
        elif a.required:
            fields[a.name] = ""
        else:
            fields[a.name] = form_text(a.default)
    if entry.framework != "torch":
        fields["input_shape"] = shapes_text(entry.example_shapes())
    return fields


def offending(entry, fields, message):
    """The field names to mark aria-invalid for an error message."""
    for a in entry.all_args():
        if a.name in fields:
            try:
                a.parse(fields[a.name])
            except ValueError:
                return [a.name]
    if message.startswith("input_shape"):
        return ["input_shape"]
    names = [n for n in received_names(message) if n in fields]
    if names:
        return names
    for a in entry.all_args():
        if a.name in message and a.name in fields:
            return [a.name]
    return ["input_shape"] if "input_shape" in fields else []


def evaluate(layer, fields):
    """fields: {argument name or 'input_shape': text}. Returns a JSON-able dict of text."""
    entry = find(layer)
    args = {}
    for key in fields:
        if key != "input_shape" and entry.arg(key) is not None:
            args[key] = fields[key]
    shape = fields.get("input_shape")
    try:
        r = compute(entry, args, input_shape=shape)
    except ValueError as e:
        message = str(e)
        return {"ok": False, "error": message, "fields": offending(entry, fields, message)}
    answer = {
        "ok": True,
        "trainable_params": str(r.trainable_params),
        "non_trainable_params": str(r.non_trainable_params),
        "total_params": str(r.total_params),
        "trainable_text": fmt_int(r.trainable_params),
        "non_trainable_text": fmt_int(r.non_trainable_params),
        "total_text": fmt_int(r.total_params),
        "weights": [[w.label, fmt_shape(w.shape_values()), "yes" if w.trainable else "no",
                     fmt_int(w.count)] for w in r.weights],
        "steps": list(r.steps),
        "output_shape": fmt_shape(r.output_shape),
        "picture": picture([(w.label, w.shape_values(), w.trainable, fmt_int(w.count)) for w in r.weights]),
    }
    if entry.framework == "torch":  # buffers, apart from the parameters; no output shape
        answer["buffers"] = str(r.buffer_count)
        answer["buffers_text"] = fmt_int(r.buffer_count)
        answer["buffer_tensors"] = [[b.label, fmt_shape(b.shape_values()), b.dtype or "the module's",
                                     fmt_int(b.count)] for b in r.buffers]
        del answer["output_shape"]
    return answer


def evaluate_json(layer, fields_json):
    """The browser's entry point: JSON text in, JSON text out."""
    try:
        return json.dumps(evaluate(layer, json.loads(fields_json)))
    except Exception as e:  # never let the page hang on an unexpected failure
        return json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e), "fields": []})


# The "Check it in Keras" snippet (a torch.nn module's is web/torch_snippet.py) -------------

def python_source(arg, raw, parsed):
    if arg.holds_layer:  # a wrapped layer: an InnerLayer
        return layer_source(parsed.entry, [(k, parsed.given[k], parsed.given[k]) for k in parsed.given])
    if isinstance(parsed, str):  # equations, modes, activations: the text itself
        return repr(parsed)
    return repr(text_literal(raw) if isinstance(raw, str) else raw)


def layer_source(entry, values):
    """keras.layers.Conv2D(filters=64, ...) for [(name, raw, parsed)], defaults left out."""
    kwargs = []
    for name, raw, parsed in values:
        arg = entry.arg(name)
        if arg is None or parsed == arg.default:
            continue
        kwargs.append("%s=%s" % (name, python_source(arg, raw, parsed)))
    prefix = "keras.layers." if entry.keras_module == "keras.layers" else ""
    return "%s%s(%s)" % (prefix, entry.name, ", ".join(kwargs))


def keras_snippet(layer, fields):
    """A runnable Keras 3 program that builds the layer with these fields (the widget's
    text values, or example values) and prints its three counts."""
    entry = find(layer)
    values = []
    for name in fields:
        arg = entry.arg(name)
        if name != "input_shape" and arg is not None and fields[name] not in (None, ""):
            values.append((name, fields[name], arg.parse(fields[name])))
    lines = ["import math", "", "import keras"]
    if entry.keras_module != "keras.layers":
        lines.append("from %s import %s" % (entry.keras_module, entry.name))
    lines += ["", "layer = " + layer_source(entry, values)]
    shape_field = fields.get("input_shape") or ""
    shapes = [_as_tuple(text_literal(part)) for part in shape_field.split(";")] if shape_field.strip() else []
    inputs = ["keras.Input(batch_shape=%r%s)" % (shape, "" if dtype == "float32" else ", dtype=%r" % dtype)
              for shape, dtype in keras_inputs(entry, shapes)]
    form = call_form(entry, len(inputs))
    if inputs and form == "separate":
        lines.append("layer(%s)" % ", ".join(inputs))
    elif inputs and form == "one":
        lines.append("layer(%s)" % inputs[0])
    elif inputs and form == "list":
        lines.append("layer([%s])" % ", ".join(inputs))
    lines += [
        "# Each weight's own flag, as model.summary() counts: layer.trainable_weights is",
        "# empty when the layer's trainable is False, even where its sub-layers still train.",
        "trainable = sum(math.prod(w.shape) for w in layer.weights if w.trainable)",
        "non_trainable = sum(math.prod(w.shape) for w in layer.weights if not w.trainable)",
        'print("total:", layer.count_params())',
        'print("trainable:", trainable)',
        'print("non-trainable:", non_trainable)',
    ]
    return "\n".join(lines)


def _as_tuple(value):
    """'25' reads as 25 and '' as None: a shape is always a tuple."""
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def snippet(layer, fields):
    """The program that checks the count in the layer's own framework."""
    if find(layer).framework == "torch":
        from web.torch_snippet import torch_snippet  # only in the PyTorch pages' bundle
        return torch_snippet(layer, fields)
    return keras_snippet(layer, fields)


def snippet_json(layer, fields_json):
    """The browser's "Copy Keras code" / "Copy PyTorch code": {"ok", "text"} or
    {"ok": False, "error"}, JSON text."""
    try:
        return json.dumps({"ok": True, "text": snippet(layer, json.loads(fields_json))})
    except ValueError as e:
        return json.dumps({"ok": False, "error": str(e)})
    except Exception as e:  # like evaluate_json: the page must never hang
        return json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
