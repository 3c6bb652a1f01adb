"""Practice mode: grade a student's parameter count and draw new exercises.

Runs in the browser (MicroPython, imported only when a student uses practice mode) and in
CPython for the tests. The grader does not just say "wrong": it tries the usual mistakes one
at a time on the layer's weight breakdown (a tensor left out or counted twice, only the
trainable weights, one axis of one tensor taken from the wrong place such as output channels
for input channels, one gate of an LSTM's four) and names the first one that reproduces the
student's number.
"""

import json

from calc.catalogue import compute, find
from calc.sample import Rng, sample
from calc.text import FALSE_WORDS, fmt_int, form_text, shapes_text
from web.calcview import default_fields

# How many draws "new example" tries before giving up (some random arguments are refused
# by Keras, e.g. a kernel larger than the input).
TRIES = 40


def parse_answer(text):
    """'1,792' or '1 792' or '1_792' -> 1792; anything else is a ValueError naming the field."""
    raw = str(text)
    cleaned = raw.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned or not all("0" <= c <= "9" for c in cleaned):  # ASCII only, as calc.args
        raise ValueError("Your count: expected a whole number such as 1792, received %r."
                         % raw[:40])
    return int(cleaned)


def parse_seed(text):
    raw = str(text).strip()
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isdigit() or len(digits) > 12:
        raise ValueError("seed: expected a whole number such as 42, received %r." % raw[:40])
    return int(raw)


def layer_result(entry, fields):
    args = {}
    for key in fields:
        if key != "input_shape" and entry.arg(key) is not None:
            args[key] = fields[key]
    return compute(entry, args, input_shape=fields.get("input_shape") or None)


def _axes(result):
    """[(weight, index, Dim)] of every named axis (a literal 1 or 3 names nothing)."""
    out = []
    for w in result.weights:
        for i, d in enumerate(w.shape):
            if not d.text.isdigit():
                out.append((w, i, d))
    return out


def _with_axis(weight, index, value):
    """The weight's size with one axis given another value."""
    n = 1
    for i, d in enumerate(weight.shape):
        n *= value if i == index else d.value
    return n


def _bias_switched_off(entry, fields):
    """The name of the layer's bias switch (Keras's use_bias, PyTorch's bias) when the fields
    set it false, else None."""
    for name in ("use_bias", "bias"):
        if entry.arg(name) is not None and str(fields.get(name, "")).strip().lower() in FALSE_WORDS:
            return name
    return None


def diagnose(entry, result, fields, answer):
    """(term, message) for the first usual mistake that gives `answer`, else None. A bias
    counted that is switched off is found by counting the layer with it switched on: its size
    is the output's, which is not one axis of the kernel in every layer (Conv2DTranspose's
    kernel ends with the input channels, PyTorch's Linear weight starts with the outputs)."""
    total = result.total_params
    weights = result.weights
    frozen = [w for w in weights if not w.trainable]
    if frozen and answer == result.trainable_params:
        return ("non-trainable", "You counted only the trainable weights. %s %s not trained by "
                "gradients but %s still parameters: count_params() includes them." % (
                    " and ".join(w.label for w in frozen), "is" if len(frozen) == 1 else "are",
                    "it is" if len(frozen) == 1 else "they are"))
    for w in weights:
        if answer == total - w.count:
            if "bias" in w.name:
                return (w.label, "You forgot the bias: %s %s adds one value per output unit "
                        "and counts too." % (w.label, w.shape_text()))
            return (w.label, "You left out one weight tensor: %s %s." % (w.label, w.shape_text()))
    bias = _bias_switched_off(entry, fields)
    if bias is not None and answer == layer_result(entry, dict(fields, **{bias: "true"})).total_params:
        return ("bias", "%s is false: this layer has no bias, so do not count one." % bias)
    for w in weights:
        if answer == total + w.count:
            return (w.label, "You counted the %s tensor %s twice." % (w.label, w.shape_text()))
    axes = _axes(result)
    for w, i, d in axes:
        # Another named axis's value in this axis' place (output size for input size...).
        for other_w, other_i, other in axes:
            if other.text == d.text or other.value == d.value:
                continue
            if answer == total - w.count + _with_axis(w, i, other.value):
                return (w.label, "Check the axis %s of %s %s: it is %s, but your count uses "
                        "%s, the value of %s. Which size belongs there, the input's or the "
                        "output's?" % (d.text, w.label, w.shape_text(), d.value, other.value, other.text))
        if d.value != 1 and answer == total - w.count + _with_axis(w, i, 1):
            return (w.label, "Your count leaves out the axis %s (%s) of %s %s: multiply by "
                    "every axis of the tensor." % (d.text, d.value, w.label, w.shape_text()))
    for parts in (2, 3, 4, 8):
        # One of several identical blocks: an LSTM's 4 gates, a GRU's 3, both directions.
        if answer > 0 and answer * parts == total:
            return ("parts", "Your count is exactly 1/%d of the total: did you count only one "
                    "of %d identical parts (gates, directions, heads)? Look for a factor in the "
                    "weight shapes." % (parts, parts))
    return None


def hint(result, answer):
    """For a mistake we cannot name: which way it is off and what to add up."""
    total = result.total_params
    way = "too high" if answer > total else "too low"
    if not result.weights:
        return "Your count is %s. Does this layer create any weight tensor?" % way
    parts = ", ".join("%s %s" % (w.label, w.shape_text()) for w in result.weights)
    return ("Your count is %s. Multiply the axes of each weight tensor and add the tensors: "
            "%s." % (way, parts))


def grade(layer, fields, answer_text):
    """{ok, correct, message, term}; ok is False (with error) when the fields or the answer
    cannot be read."""
    entry = find(layer)
    try:
        result = layer_result(entry, fields)
    except ValueError as e:
        return {"ok": False, "error": "Fix the arguments first: %s" % e}
    try:
        answer = parse_answer(answer_text)
    except ValueError as e:
        return {"ok": False, "error": str(e)}
    total = result.total_params
    if answer == total:
        return {"ok": True, "correct": True, "term": "",
                "message": "Right: %s parameters (%s)." % (fmt_int(total), result.formula)}
    found = diagnose(entry, result, fields, answer)
    if found is None:
        return {"ok": True, "correct": False, "term": "", "message": "Not quite. " + hint(result, answer)}
    return {"ok": True, "correct": False, "term": found[0], "message": "Not quite. " + found[1]}


def new_example(layer, seed):
    """{ok, fields, seed}: random but sensible arguments and input shape that calc accepts,
    the same for the same seed on every runtime (calc.sample.Rng)."""
    entry = find(layer)
    rng = Rng(seed)
    fallback = None
    for _ in range(TRIES):
        args, shapes = sample(entry, rng)
        fields = default_fields(entry)
        for name in args:
            arg = entry.arg(name)
            if arg is not None:
                fields[name] = form_text(args[name])
        fields["input_shape"] = shapes_text(shapes)
        try:
            result = layer_result(entry, fields)
        except ValueError:
            continue
        if result.total_params > 0 or not entry.has_weights:
            return {"ok": True, "fields": fields, "seed": str(seed)}
        fallback = fallback or fields  # a layer with weights, drawn without any: keep looking
    if fallback is not None:
        return {"ok": True, "fields": fallback, "seed": str(seed)}
    return {"ok": False, "error": "No new %s example could be drawn from seed %s: "
            "change the fields by hand." % (entry.name, seed)}


def practice_json(request_json):
    """The browser's entry point: {"action": "grade"|"example", "layer", "fields", "answer",
    "seed"} as JSON text in, JSON text out."""
    try:
        request = json.loads(request_json)
        if request.get("action") == "grade":
            out = grade(request["layer"], request["fields"], request.get("answer", ""))
        elif request.get("action") == "example":
            out = new_example(request["layer"], parse_seed(request.get("seed", "")))
        else:
            out = {"ok": False, "error": "practice: unknown action %r." % request.get("action")}
    except ValueError as e:
        out = {"ok": False, "error": str(e)}
    except Exception as e:  # never leave the page waiting on an unexpected failure
        out = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    return json.dumps(out)
