"""Argument declarations, and the one parser for every way a value arrives.

A value may come as text (CLI ``filters=64``, a URL query, a widget field) or as JSON
(a Keras ``get_config()`` dict). Each Arg turns either into a checked Python value or
raises ValueError naming the argument and quoting what it received, as Keras does. How
the text is split into items, and how a value is written back, is calc/text.py.
"""

from calc.text import (FALSE_WORDS, TRUE_WORDS, is_digit, is_none, received, shapes_text, shorten,
                       split_items)

REQUIRED = object()  # the default of an argument Keras requires (filters, units, ...)

MAX_TEXT = 10000  # longest raw value looked at; a pasted megabyte is refused, not parsed
# Most digits an integer argument may have. Counts past int64 stay exact, but a 10,000-digit
# filters= took MicroPython 5 s of arithmetic on the page's main thread, and CPython refuses
# to print an integer of over 4,300 digits.
MAX_DIGITS = 100
INT_LIMIT = 10 ** MAX_DIGITS  # computed once: a 100-digit power is slow arithmetic on MicroPython


def _float_like(body):
    """'1.5', '1e400', 'NaN', 'inf': a number, but not a whole one. Only ASCII counts, so
    '<img src=x>' or Arabic-Indic digits are "not an integer" on every runtime."""
    if body.lower() in ("nan", "inf", "infinity"):
        return True
    return any(is_digit(c) for c in body) and all(c in "0123456789.eE+-" for c in body)


def parse_int_text(text, name, raw):
    """An exact integer from text: ASCII digits only, any size, no float detour."""
    t = text.strip()
    body = t[1:] if t[:1] in ("-", "+") else t
    if not body or not all(is_digit(c) for c in body):
        if _float_like(body):
            raise ValueError("%s must be a whole number. %s" % (name, received(name, raw)))
        raise ValueError("%s must be an integer. %s" % (name, received(name, raw)))
    if len(body.lstrip("0")) > MAX_DIGITS:
        raise ValueError("%s has too many digits (%d; the limit is %d)." % (name, len(body), MAX_DIGITS))
    return int(t)


def to_int(raw, name):
    if isinstance(raw, bool):
        raise ValueError("%s must be an integer, not a boolean. %s" % (name, received(name, raw)))
    if isinstance(raw, int):
        if abs(raw) >= INT_LIMIT:
            raise ValueError("%s has too many digits (more than %d; the limit is %d)."
                             % (name, MAX_DIGITS, MAX_DIGITS))
        return raw
    if isinstance(raw, float):
        if raw == raw and raw not in (float("inf"), float("-inf")) and raw == int(raw):
            return int(raw)
        raise ValueError("%s must be a whole number. %s" % (name, received(name, raw)))
    if isinstance(raw, str):
        return parse_int_text(raw, name, raw)
    raise ValueError("%s must be an integer. %s" % (name, received(name, raw)))


def to_float(raw, name):
    if isinstance(raw, bool):
        raise ValueError("%s must be a number, not a boolean. %s" % (name, received(name, raw)))
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        t = raw.strip()
        ok = t != "" and all(c in "0123456789.eE+-" for c in t)
        try:
            value = float(t) if ok else None
        except ValueError:
            value = None
        if value is None:
            raise ValueError("%s must be a number. %s" % (name, received(name, raw)))
    else:
        raise ValueError("%s must be a number. %s" % (name, received(name, raw)))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("%s must be a finite number. %s" % (name, received(name, raw)))
    return value


def to_bool(raw, name):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS:
        return True
    if isinstance(raw, str) and raw.strip().lower() in FALSE_WORDS:
        return False
    raise ValueError("%s must be true or false. %s" % (name, received(name, raw)))


class Arg:
    """One argument of a layer, as Keras names it.

    kind: "int", "axis" (an int that may be zero or negative, counted from the end),
    "float", "bool", "choice", "str", "ints" (a tuple of `rank` ints; a
    single int is repeated, as Keras does for kernel_size), "axes" (a tuple of ints that
    may be negative), "dims" (a tuple of ints or None, like a shape), or a function
    parse(raw, arg) for anything else.
    counts: whether the value can change a parameter count (total or trainable split).
    example: the value the page's worked example and the widget start from.
    sample: (low, high) for random but sensible values (practice mode, tests).
    """

    holds_layer = False  # True on LayerArg (calc/layers/wrappers.py): the value is a layer

    def __init__(self, name, kind, default=REQUIRED, help="", counts=False, example=None,
                 low=None, high=None, choices=None, rank=None, none_ok=False, sample=None):
        self.name = name
        self.kind = kind
        self.default = default
        self.help = help
        self.counts = counts
        self.example = default if example is None and default is not REQUIRED else example
        self.low = low if low is not None else (1 if kind in ("int", "ints") else None)
        self.high = high
        self.choices = choices
        self.rank = rank
        self.none_ok = none_ok
        self.sample = sample

    @property
    def required(self):
        return self.default is REQUIRED

    def parse(self, raw):
        name = self.name
        if isinstance(raw, str) and len(raw) > MAX_TEXT:
            raise ValueError("%s is too long (%d characters; the limit is %d)."
                             % (name, len(raw), MAX_TEXT))
        if self.none_ok and is_none(raw):
            return None
        kind = self.kind
        if not isinstance(kind, str):
            return kind(raw, self)
        if kind == "int":
            return self._in_range(to_int(raw, name), raw)
        if kind == "axis":
            return to_int(raw, name)
        if kind == "float":
            return self._in_range(to_float(raw, name), raw)
        if kind == "bool":
            return to_bool(raw, name)
        if kind == "str":
            if not isinstance(raw, str):
                raise ValueError("%s must be a string. %s" % (name, received(name, raw)))
            return raw.strip()
        if kind == "choice":
            return self._choice(raw)
        if kind in ("ints", "axes", "dims"):
            return self._tuple(raw)
        raise ValueError("unknown argument kind %r for %s" % (kind, name))

    def _in_range(self, value, raw):
        if self.low is not None and value < self.low:
            what = "a positive integer" if self.low == 1 and self.kind in ("int", "ints") else ">= %s" % self.low
            raise ValueError("%s must be %s. %s" % (self.name, what, received(self.name, raw)))
        if self.high is not None and value > self.high:
            raise ValueError("%s must be <= %s. %s" % (self.name, self.high, received(self.name, raw)))
        return value

    def _choice(self, raw):
        for c in self.choices:
            if raw == c or isinstance(raw, str) and isinstance(c, str) and raw.strip().lower() == c.lower():
                return c
            if c is None and is_none(raw):
                return None
        shown = ", ".join("None" if c is None else repr(c) for c in self.choices)
        raise ValueError("%s must be one of %s. %s" % (self.name, shown, received(self.name, raw)))

    def _tuple(self, raw):
        name = self.name
        items = split_items(raw)
        if self.kind == "ints" and len(items) == 1 and self.rank:
            items = items * self.rank  # kernel_size=3 means (3, 3) on Conv2D
        if self.rank and len(items) != self.rank:
            raise ValueError("%s must be an integer or a tuple of %d integers. %s"
                             % (name, self.rank, received(name, raw)))
        values = []
        for item in items:
            if self.kind == "dims" and is_none(item):
                values.append(None)
                continue
            value = to_int(item, name)
            if self.kind != "axes":
                self._in_range(value, raw)
            values.append(value)
        return tuple(values)


class Input:
    """One input of a layer: its name (for multi-input layers) and the ranks it accepts
    (without the batch axis)."""

    def __init__(self, name="input", min_rank=1, max_rank=None, example=None, optional=False):
        self.name = name
        self.min_rank = min_rank
        self.max_rank = max_rank
        self.example = example
        self.optional = optional

    def accepts_rank(self, rank):
        return rank >= self.min_rank and (self.max_rank is None or rank <= self.max_rank)

    def ranks_text(self):
        """The ranks it accepts, for a message: '3', 'at least 2', '2 to 5'."""
        if self.max_rank == self.min_rank:
            return "%d" % self.min_rank
        if self.max_rank is None:
            return "at least %d" % self.min_rank
        return "%d to %d" % (self.min_rank, self.max_rank)


MAX_SHAPE_TEXT = 1000


def parse_input_shapes(raw, inputs):
    """'None,None,25' or '10,64;12,32' (or JSON lists) -> a list of shapes with the batch axis.

    Ranks are checked against each input's declaration; dims must be positive or None.
    """
    if isinstance(raw, str):
        if len(raw) > MAX_SHAPE_TEXT:
            raise ValueError("input_shape is too long (%d characters)." % len(raw))
        parts = raw.split(";")
    elif isinstance(raw, (list, tuple)) and raw and isinstance(raw[0], (list, tuple)):
        parts = list(raw)
    else:
        parts = [raw]
    required = [i for i in inputs if not i.optional]
    if len(parts) < len(required) or len(parts) > len(inputs):
        names = ";".join(i.name for i in inputs)
        raise ValueError("input_shape needs one shape per input (%s), separated by ';'. "
                         "Received: input_shape=%s" % (names, shorten(raw)))
    shapes = []
    for part in parts:
        dims = []
        for item in split_items(part):
            if is_none(item):
                dims.append(None)
                continue
            value = to_int(item, "input_shape")
            if value < 1:
                raise ValueError("input_shape dimensions must be positive integers or None. "
                                 "Received: input_shape=%s" % shorten(raw))
            dims.append(value)
        shapes.append((None,) + tuple(dims))
    check_shapes(shapes, inputs, raw)
    return shapes


def _shown(raw, shapes):
    """The shapes as check_shapes's messages quote them: written only for a message (a
    model's every layer call is checked)."""
    return shorten(raw if raw is not None else shapes_text(shapes, batch_axis=True))


def check_shapes(shapes, inputs, raw=None, any_count=False):
    """Shapes (with the batch axis) against the layer's inputs: one per input (any number
    from 1 with `any_count`, the extra ones checked like the last input), each of a rank
    the input accepts, dims positive integers or None. Shapes read from a model file come
    here without parse_input_shapes."""
    # Loops without comprehensions, enumerate() or slices: a model's every layer call comes
    # here, and MicroPython makes an object for each of those.
    fewest = 1
    if not any_count:
        fewest = 0
        for i in inputs:
            if not i.optional:
                fewest += 1
    most = None if any_count else len(inputs)
    if not isinstance(shapes, list) or len(shapes) < fewest or most is not None and len(shapes) > most:
        names = ";".join(i.name for i in inputs)
        raise ValueError("input_shape needs one shape per input (%s), separated by ';'. "
                         "Received: input_shape=%s" % (names, _shown(raw, shapes)))
    last = len(inputs) - 1
    for index in range(len(shapes)):
        shape = shapes[index]
        spec = inputs[min(index, last)]
        if not isinstance(shape, tuple) or not shape:
            raise ValueError("input_shape must be a tuple of dimensions. Received: input_shape=%s"
                             % _shown(raw, shapes))
        for axis in range(1, len(shape)):
            d = shape[axis]
            if d is not None and (isinstance(d, bool) or not isinstance(d, int) or d < 1):
                raise ValueError("input_shape dimensions must be positive integers or None. "
                                 "Received: input_shape=%s" % _shown(raw, shapes))
        if not spec.accepts_rank(len(shape) - 1):
            label = "" if len(inputs) == 1 else " (%s)" % spec.name
            raise ValueError("input_shape%s must have %s dimensions, without the batch axis. "
                             "Received: input_shape=%s" % (label, spec.ranks_text(), _shown(raw, shapes)))
