"""How values, shapes, layers and names are written as text, both ways, on every runtime.

Values have two syntaxes:

- the form's, typed in a calculator field, a URL or ARG=VALUE on the command line:
  "3,3", "true", "(1,1),(2,2)", "" for None. `form_text` writes it; each argument's
  `Arg.parse` (calc/args.py) reads it back, as it knows the kind it expects.
- Python's, for Keras code and layer texts: (3, 3), True, None, 'same'. `repr` writes it
  (the same on CPython and MicroPython for these values); `text_literal` reads it back,
  and so does `Arg.parse`, which takes True and (3, 3) too.

Shapes: `input_shape` text never has the batch axis ("None,25", ";" between inputs;
`shapes_text` writes it, `calc.args.parse_input_shapes` reads it); `fmt_shape` writes a
shape as Python and Keras's summary do, batch axis included.

Also here: layer texts (LSTM(units=64)), Keras's default layer names (`snake_case`), the
"Received: x=..." quoting of error messages, thousands separators and "did you mean".
Only ASCII counts as a letter or a digit, on every runtime; no `re` (MicroPython's is
small), no difflib, no format(",").
"""

import json

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
NONE_WORDS = ("none", "null", "")
QUOTES = "\"'"
MAX_BRACKETS = 32  # brackets nested deeper are refused, not recursed into


# Characters ---------------------------------------------------------------------------

def is_upper(c):
    return "A" <= c <= "Z"


def is_lower(c):
    return "a" <= c <= "z"


def is_letter(c):
    return is_upper(c) or is_lower(c)


def is_digit(c):
    return "0" <= c <= "9"


def is_word_char(c):
    """What a regular expression's \\w matches in ASCII: a letter, a digit or '_'."""
    return is_letter(c) or is_digit(c) or c == "_"


def is_name(text):
    """A Python identifier in ASCII (MicroPython has no str.isidentifier)."""
    if not text or is_digit(text[0]):
        return False
    for c in text:
        if not is_word_char(c):
            return False
    return True


# Reading the form's text --------------------------------------------------------------

def is_none(raw):
    return raw is None or isinstance(raw, str) and raw.strip().lower() in NONE_WORDS


def split_items(raw):
    """'3,3', '(3, 3)', '[3,3]', [3, 3] or 3 -> a list of items (strings or JSON values).
    Flat: brackets inside are not looked at (see split_top_level)."""
    if isinstance(raw, (list, tuple)):
        return list(raw)
    if isinstance(raw, str):
        t = raw.strip()
        while len(t) >= 2 and (t[0], t[-1]) in (("(", ")"), ("[", "]")):
            t = t[1:-1].strip()
        if t.endswith(","):
            t = t[:-1]
        return [] if t == "" else [part.strip() for part in t.split(",")]
    return [raw]


def split_top_level(text, sep=","):
    """Split on `sep` outside brackets and quotes: 'a=(1, 2), b=X(c=3)' -> ['a=(1, 2)', 'b=X(c=3)']."""
    parts = []
    depth = 0
    quote = None
    start = 0
    for i in range(len(text)):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
        elif c in QUOTES:
            quote = c
        elif c in "([{":
            depth += 1
            if depth > MAX_BRACKETS:
                raise ValueError("Too deeply nested: %s" % shorten(text))
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                raise ValueError("Unbalanced brackets in %s" % shorten(text))
        elif c == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    if depth or quote:
        raise ValueError("Unbalanced %s in %s" % ("quotes" if quote else "brackets", shorten(text)))
    parts.append(text[start:].strip())
    return parts


def unquote(text):
    if len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        return text[1:-1]
    return text


def text_literal(text):
    """What a text means as a Python value, as written, with no argument kind to guide it:
    '3,3' and '(3, 3)' -> (3, 3), '(1,1),(2,2)' -> ((1, 1), (2, 2)), '(3,)' -> (3,),
    '()' -> (), '-1' -> -1, 'true' and 'True' -> True, 'None' and '' -> None,
    'same' and "'same'" -> 'same'. It reads back what repr() writes."""
    t = text.strip()
    lower = t.lower()
    if lower in ("true", "false"):
        return lower == "true"
    if lower in NONE_WORDS:
        return None
    items = [i for i in split_top_level(t) if i.strip()]
    if len(items) > 1 or t.endswith(","):
        return tuple(text_literal(i) for i in items)
    if len(t) >= 2 and t[0] in "([" and t[-1] in ")]":
        if not t[1:-1].strip():
            return ()
        inner = text_literal(t[1:-1])
        return inner if isinstance(inner, tuple) else (inner,)
    for number in (int, float):
        try:
            return number(t)
        except ValueError:
            pass
    return unquote(t)


# Writing the form's text --------------------------------------------------------------

def form_text(value):
    """A value as a form field holds it: (3, 3) -> '3,3', (3,) -> '3', True -> 'true',
    None -> '', ((1, 1), (2, 2)) -> '(1,1),(2,2)', () -> '()', (None,) -> '(None,)'.
    Arg.parse reads it back."""
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        if not value:
            return "()"  # "" would read as None
        if len(value) == 1 and value[0] is None:
            return "(None,)"  # "None" would read as None
        return ",".join(_form_item(v) for v in value)
    return _form_item(value)


def _form_item(value):
    """An item inside a tuple, where None has to be written and tuples keep their brackets."""
    if value is None:
        return "None"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_form_item(v) for v in value) + ")"
    if isinstance(value, dict):  # a module argument, {"class": ..., "kwargs": ...}: JSON
        return json.dumps(value)
    return str(value)  # ints, floats, strings, a wrapped layer's text


# Shapes -------------------------------------------------------------------------------

def shapes_text(shapes, batch_axis=False):
    """The input_shape text of a list of shapes: [(None, 25), (10,)] -> 'None,25;10'; a
    rank-0 shape is '()' ('' means "no shape given"). With batch_axis the shapes start
    with the batch axis, which the text leaves out. Anything that is not a shape (an
    optional input's missing example, junk from a model file) is skipped."""
    parts = []
    for shape in shapes:
        if not isinstance(shape, (tuple, list)):
            continue
        dims = shape[1:] if batch_axis else shape
        parts.append(",".join("None" if d is None else str(d) for d in dims) or "()")
    return ";".join(parts)


def tuple_text(items):
    """Texts as Python writes a tuple of them: ['a', 'b'] -> '(a, b)', ['a'] -> '(a,)'."""
    inner = ", ".join(items)
    return "(" + inner + ",)" if len(items) == 1 else "(" + inner + ")"


def fmt_shape(shape):
    """(None, 5, 3) -> '(None, 5, 3)'; a one-element tuple keeps Python's trailing comma;
    a list of shapes (several outputs) -> '[(None, 5), (None, 3)]'."""
    if shape is None:
        return "None"
    if isinstance(shape, list):
        return "[" + ", ".join(fmt_shape(s) for s in shape) + "]"
    return tuple_text(["None" if d is None else str(d) for d in shape])


# Layer texts --------------------------------------------------------------------------

def parse_layer_text(text):
    """'LSTM(units=64, return_sequences=True)' or 'LSTM' -> ('LSTM', {'units': '64', ...}).

    Values stay text (quotes removed), to be read by the layer's own Args; a value may be
    a layer itself ('Bidirectional(layer=LSTM(units=8))'). A 'keras.layers.' prefix is
    dropped. Arguments must be named: the order of Keras's positional arguments is not
    part of the catalogue.
    """
    t = text.strip()
    open_at = t.find("(")
    if open_at < 0:
        name, inside = t, ""
    elif not t.endswith(")"):
        raise ValueError("A layer is written Name(arg=value, ...). Received: %s" % shorten(text))
    else:
        name, inside = t[:open_at].strip(), t[open_at + 1:-1]
    name = name.split(".")[-1]
    if not is_name(name):
        raise ValueError("A layer is written Name(arg=value, ...), with a Keras class name. "
                         "Received: %s" % shorten(text))
    args = {}
    parts = split_top_level(inside) if inside.strip() else []
    if parts and parts[-1] == "":
        parts.pop()  # a trailing comma, as Python allows
    for part in parts:
        eq = part.find("=")
        key = part[:eq].strip() if eq > 0 else ""
        if not is_name(key):
            raise ValueError("Write the arguments of %s as name=value (e.g. units=64). "
                             "Received: %s" % (name, shorten(part)))
        if key in args:
            raise ValueError("%s: argument %s is given twice." % (name, key))
        args[key] = unquote(part[eq + 1:].strip())
    return name, args


def layer_text(class_name, args):
    """('LSTM', {'units': 64, 'go_backwards': True}) -> 'LSTM(go_backwards=True, units=64)':
    the values in Python's syntax, so the text is also Keras code; arguments sorted so the
    text is stable. parse_layer_text reads it back."""
    keys = sorted(args)
    return "%s(%s)" % (class_name, ", ".join("%s=%r" % (k, args[k]) for k in keys))


# Names --------------------------------------------------------------------------------

def snake_case(name):
    """Keras's default layer name for a class, as keras/src/utils/naming.py to_snake_case
    writes it, without re: drop non-word characters, '_' before an uppercase letter
    followed by a lowercase one (not at the start), then '_' between a lowercase letter and
    an uppercase one, lowercase. 'Conv2D' -> 'conv2d', 'SimpleRNN' -> 'simple_rnn',
    'PReLU' -> 'p_re_lu'. ASCII only, as every Keras class name (Keras's \\W would also
    keep non-ASCII letters)."""
    s = "".join(c for c in name if is_word_char(c))
    # Keras's re.sub("(.)([A-Z][a-z]+)", ...) skips a capital right after the lowercase run
    # of its previous match, but its second step then puts the '_' there all the same.
    out = ""
    for i in range(len(s)):
        if i > 0 and is_upper(s[i]) and i + 1 < len(s) and is_lower(s[i + 1]):
            out += "_"
        out += s[i]
    s = out
    out = ""
    for i in range(len(s)):
        if i > 0 and is_lower(s[i - 1]) and is_upper(s[i]):
            out += "_"
        out += s[i]
    return out.lower()


# Numbers and messages -----------------------------------------------------------------

def fmt_int(n):
    """12345678 -> '12,345,678' (MicroPython's format() has no ',' option)."""
    if n is None:
        return "None"
    sign = "-" if n < 0 else ""
    digits = str(abs(n))
    head = len(digits) % 3 or 3  # the first group: 1 to 3 digits
    groups = [digits[:head]]
    for i in range(head, len(digits), 3):  # appended, not inserted in front: a summary writes one per row
        groups.append(digits[i:i + 3])
    return sign + ",".join(groups)


MAX_LISTED = 10  # names quoted in one sentence


def listed(names, more=0):
    """Names for a sentence: the first MAX_LISTED (each cut to 60 characters), then how many
    more (`more` counts those not even in `names`)."""
    shown = ", ".join(n if len(n) <= 60 else n[:57] + "..." for n in names[:MAX_LISTED])
    more += max(0, len(names) - MAX_LISTED)
    return shown + (" and %d more" % more if more else "")


def shorten(value, limit=60):
    """repr() of a received value, cut so a 1 MB paste never ends up in a message."""
    text = bounded_repr(value, limit + 1)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def terminal_text(text):
    """Text safe to print on a terminal: control characters (escape sequences that retitle
    the window, clear the screen or write the clipboard) are shown as \\x1b, not sent. A
    layer name in a pasted model is the user's, or anyone's."""
    out = []
    start = 0
    for i in range(len(text)):
        code = ord(text[i])
        if code < 32 and text[i] not in "\n\t" or 127 <= code < 160:
            out.append(text[start:i])
            out.append("\\x%02x" % code)
            start = i + 1
    if not out:
        return text
    out.append(text[start:])
    return "".join(out)


def bounded_repr(value, limit, leaf=repr):
    """repr() of nested lists, tuples and dicts that stops once `limit` characters are
    written: a 10,000-character string nested in tuples costs `limit`, not its whole repr.
    `leaf(value)` writes anything else (the evaluator passes its own, for its values)."""
    out = []
    budget = [limit]
    stack = [value]
    while stack and budget[0] > 0:
        item = stack.pop()
        if isinstance(item, _Text):
            text = item.text
        elif isinstance(item, (list, tuple)):
            opening, closing = ("[", "]") if isinstance(item, list) else ("(", ")")
            parts = [_Text(opening)]
            for i in range(len(item)):
                if i:
                    parts.append(_Text(", "))
                parts.append(item[i])
                if i > budget[0]:  # more items than characters left: no need to queue them
                    parts.append(_Text(", ..."))
                    break
            parts.append(_Text("," + closing if isinstance(item, tuple) and len(item) == 1 else closing))
            stack.extend(reversed(parts))
            continue
        elif isinstance(item, dict):
            parts = [_Text("{")]
            first = True
            for key in item:
                if not first:
                    parts.append(_Text(", "))
                first = False
                parts += [key, _Text(": "), item[key]]
                if len(parts) > budget[0]:
                    parts.append(_Text(", ..."))
                    break
            parts.append(_Text("}"))
            stack.extend(reversed(parts))
            continue
        elif isinstance(item, str):
            text = repr(item[:budget[0]] + ("..." if len(item) > budget[0] else ""))
        else:
            text = leaf(item)
        out.append(text[:budget[0]])
        budget[0] -= len(text)
    return "".join(out)


class _Text:
    """Punctuation queued by bounded_repr (a str would be repr'd)."""

    def __init__(self, text):
        self.text = text


def received(name, raw):
    """Keras's way of quoting a value: 'Received: filters=-1'. Text typed by a user is shown
    as typed (quoted only when it is empty or has spaces, so it stays visible)."""
    if isinstance(raw, str) and raw and raw.strip() == raw and " " not in raw:
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
    else:
        shown = shorten(raw)
    return "Received: %s=%s" % (name, shown)


def received_names(message):
    """The argument names a message quotes after its last 'Received:' ('Received: groups=4,
    filters=6' -> ['groups', 'filters']): the fields a form marks as wrong."""
    at = message.rfind("Received:")
    if at < 0:
        return []
    names = []
    for part in message[at + 9:].split(","):
        if "=" in part:
            names.append(part.split("=")[0].strip())
    return names


def edit_distance(a, b):
    """Levenshtein distance, case-insensitive (difflib does not exist on MicroPython)."""
    a = a.lower()
    b = b.lower()
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        previous = current
    return previous[len(b)]


def closest(word, candidates, limit=3):
    """The candidates nearest to `word`, best first, only those plausibly meant."""
    word = word[:100]  # bounded work on pasted junk
    scored = []
    for c in candidates:
        # The distance is at least the difference in length: skip hopeless candidates
        # before the quadratic work (a pasted 2,000-character name took a second).
        if len(word) - len(c) > max(2, len(c) // 3):
            continue
        d = edit_distance(word, c)
        if d <= max(2, len(c) // 3) or c.lower().startswith(word.lower()) and word:
            scored.append((d, c))
    scored.sort()
    return [c for _, c in scored[:limit]]


def did_you_mean(word, candidates):
    near = closest(word, candidates)
    if not near:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in near) + "?"
