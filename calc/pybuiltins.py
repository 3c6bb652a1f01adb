"""The pure builtins, `math` and the numpy number helpers that model code uses, for
calc.pyeval. Each works on the evaluator's values and never reaches the host's objects:
`isinstance` knows the basic types only, and nothing here opens, imports or runs anything.
"""

import math

from calc.pyeval import MAX_SEQUENCE, Builtin, Class, HostValue, Instance, Unknown, fail


def _one(name, args, kwargs, where, count=1):
    if kwargs or len(args) != count:
        fail(where, "%s() takes %d argument%s here" % (name, count, "" if count == 1 else "s"))
    return args[0] if count == 1 else args


def _number(ev, value, name, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(where, "%s() needs a number, not %s" % (name, ev.kind(value)))
    return value


def _len(ev, args, kwargs, where):
    value = _one("len", args, kwargs, where)
    if isinstance(value, Unknown):
        return Unknown("len(%s)" % value.origin)  # print(len(model.weights)): not followed
    if isinstance(value, (str, list, tuple, dict, set, range)):
        return len(value)
    return len(ev.iterate(value, where))


def _range(ev, args, kwargs, where):
    if kwargs or not 1 <= len(args) <= 3 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        fail(where, "range() takes one to three integers. Received: %s" % ", ".join(ev.kind(a) for a in args))
    if len(args) == 3 and args[2] == 0:
        fail(where, "range()'s step must not be zero")
    result = range(*args)
    if len(result) > MAX_SEQUENCE:
        fail(where, "range() of %d items; the limit is %d" % (len(result), MAX_SEQUENCE))
    return result


def _convert(kind):
    def convert(ev, args, kwargs, where):
        if not args:
            return kind()
        value = args[0]
        if isinstance(value, (Unknown, HostValue)) and kind is not str:
            if isinstance(value, HostValue):
                converted = value.binop(ev, "convert_" + kind.__name__, None, False, where)
                if converted is not NotImplemented:
                    return converted
            fail(where, "%s() of %s, which the reader does not know" % (kind.__name__, ev.kind(value)))
        if kind is str:
            return ev.text(value, where)
        if kind is bool:
            return ev.truth(value, where)
        if kind is int and isinstance(value, str) and len(value) > 80:
            fail(where, "int() of a %d-character string; the limit is 80 digits" % len(value))
        try:
            return kind(*args)
        except (ValueError, TypeError, OverflowError) as e:
            fail(where, "%s(%s) fails: %s" % (kind.__name__, ev.text(value, where)[:40], e))
    return convert


def _container(kind):
    def make(ev, args, kwargs, where):
        if kind is dict:
            result = dict(ev.iterate(args[0], where) if args and not isinstance(args[0], dict) else
                          (args[0] if args else {}))
            result.update(kwargs)
            return result
        if kwargs or len(args) > 1:
            fail(where, "%s() takes at most one argument" % kind.__name__)
        items = ev.iterate(args[0], where) if args else []
        return kind(ev.hashable(v, where) for v in items) if kind is set else kind(items)
    return make


def _minmax(pick):
    def choose(ev, args, kwargs, where):
        items = ev.iterate(args[0], where) if len(args) == 1 else list(args)
        key = kwargs.get("key")
        if not items:
            if "default" in kwargs:
                return kwargs["default"]
            fail(where, "%s() of an empty sequence" % pick)
        best = items[0]
        best_key = ev.call(key, [best], {}, where) if key is not None else best
        for item in items[1:]:
            k = ev.call(key, [item], {}, where) if key is not None else item
            if ev.compare_pair("<" if pick == "min" else ">", k, best_key, where):
                best, best_key = item, k
        return best
    return choose


def _abs(ev, args, kwargs, where):
    return abs(_number(ev, _one("abs", args, kwargs, where), "abs", where))


def _round(ev, args, kwargs, where):
    value = _number(ev, args[0] if args else None, "round", where)
    digits = args[1] if len(args) > 1 else kwargs.get("ndigits")
    return round(value) if digits is None else round(value, digits)


def _sum(ev, args, kwargs, where):
    items = ev.iterate(args[0], where) if args else []
    total = args[1] if len(args) > 1 else kwargs.get("start", 0)
    for item in items:
        total = ev.binary("+", total, item, where)
    return total


def _enumerate(ev, args, kwargs, where):
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    return [(start + i, v) for i, v in enumerate(ev.iterate(args[0], where))]


def _zip(ev, args, kwargs, where):
    lists = [ev.iterate(a, where) for a in args]
    return [tuple(row) for row in zip(*lists)] if lists else []


def _sorted(ev, args, kwargs, where):
    items = list(ev.iterate(args[0], where))
    method = ev.get_attr(items, "sort", where)
    method.call(ev, [], kwargs, where)
    return items


def _reversed(ev, args, kwargs, where):
    items = list(ev.iterate(_one("reversed", args, kwargs, where), where))
    items.reverse()
    return items


def _map(ev, args, kwargs, where):
    fn = args[0]
    lists = [ev.iterate(a, where) for a in args[1:]]
    return [ev.call(fn, list(row), {}, where) for row in zip(*lists)]


def _filter(ev, args, kwargs, where):
    fn, items = _one("filter", args, kwargs, where, 2)
    return [x for x in ev.iterate(items, where)
            if ev.truth(x if fn is None else ev.call(fn, [x], {}, where), where)]


def _any_all(which):
    def check(ev, args, kwargs, where):
        values = [ev.truth(v, where) for v in ev.iterate(_one(which, args, kwargs, where), where)]
        return any(values) if which == "any" else all(values)
    return check


def _isinstance(ev, args, kwargs, where):
    value, kinds = _one("isinstance", args, kwargs, where, 2)
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    for k in kinds:
        if isinstance(k, Builtin) and k.name in TYPES:
            if isinstance(value, TYPES[k.name]):
                return True
        elif isinstance(k, Class):
            if isinstance(value, Instance) and k in value.cls.mro():
                return True
        elif isinstance(k, HostValue):
            if k.binop(ev, "isinstance", value, False, where) is True:
                return True
    return False


def _print(ev, args, kwargs, where):
    return None  # printing never builds a model (the summary lists the line as skipped)


def _same(ev, args, kwargs, where):
    return _one("decorator", args, kwargs, where)


def _divmod(ev, args, kwargs, where):
    a, b = _one("divmod", args, kwargs, where, 2)
    return (ev.binary("//", a, b, where), ev.binary("%", a, b, where))


def _pow(ev, args, kwargs, where):
    a, b = _one("pow", args, kwargs, where, 2)
    return ev.binary("**", a, b, where)


def _repr(ev, args, kwargs, where):
    return ev.repr_text(_one("repr", args, kwargs, where), where)


def _chr(ev, args, kwargs, where):
    return chr(_number(ev, _one("chr", args, kwargs, where), "chr", where))


def _ord(ev, args, kwargs, where):
    value = _one("ord", args, kwargs, where)
    if not isinstance(value, str) or len(value) != 1:
        fail(where, "ord() takes one character")
    return ord(value)


def _super(ev, args, kwargs, where):
    from calc.pyeval import Super

    if len(args) == 2:
        return Super(args[0], args[1])
    frame = ev.method_frames[-1] if ev.method_frames else None
    if frame is None:
        fail(where, "super() without arguments works only inside a method")
    return Super(frame[0], frame[1])


TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "tuple": tuple,
         "dict": dict, "set": set}


# Exceptions model code raises or catches (a config check, a try around an import): an
# exception value is its text, which the evaluator shows when the code raises it.
EXCEPTIONS = ("Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError",
              "NotImplementedError", "AttributeError", "ImportError", "AssertionError")


def _exception(name):
    def make(ev, args, kwargs, where):
        return "%s(%s)" % (name, ", ".join(ev.repr_text(a, where, 200) for a in args))
    return make


def builtins():
    """name -> value for the evaluator's builtins."""
    table = {
        "len": _len, "range": _range, "int": _convert(int), "float": _convert(float),
        "str": _convert(str), "bool": _convert(bool), "list": _container(list),
        "tuple": _container(tuple), "dict": _container(dict), "set": _container(set),
        "min": _minmax("min"), "max": _minmax("max"), "abs": _abs, "round": _round, "sum": _sum,
        "enumerate": _enumerate, "zip": _zip, "sorted": _sorted, "reversed": _reversed,
        "map": _map, "filter": _filter, "any": _any_all("any"), "all": _any_all("all"),
        "isinstance": _isinstance, "print": _print, "divmod": _divmod, "pow": _pow,
        "repr": _repr, "chr": _chr, "ord": _ord, "super": _super,
        # Decorators of methods: what they wrap is what the code calls (a property's value
        # is read by calling it, which model code rarely needs).
        "property": _same, "staticmethod": _same, "classmethod": _same,
    }
    for name in EXCEPTIONS:
        table[name] = _exception(name)
    out = {}
    for name in table:
        out[name] = Builtin(name, table[name])
    out["Ellipsis"] = None
    return out


# math and numpy ---------------------------------------------------------------------------

def _math_fn(name, fn, count=1):
    def apply(ev, args, kwargs, where):
        if count is None:
            given = args
        elif count == 1:
            given = [_one(name, args, kwargs, where)]
        else:
            given = _one(name, args, kwargs, where, count)
        values = [_number(ev, a, name, where) for a in given]
        try:
            return fn(*values)
        except (ValueError, OverflowError) as e:
            fail(where, "%s(%s) fails: %s" % (name, ", ".join(str(v) for v in values), e))
    return Builtin(name, apply)


def _prod(ev, args, kwargs, where):
    items = ev.iterate(args[0], where) if args else []
    total = 1
    for item in items:
        total = ev.binary("*", total, item, where)
    return total


def _gcd(a, b):
    a, b = abs(int(a)), abs(int(b))
    while b:
        a, b = b, a % b
    return a


def _isqrt(n):
    if n < 0:
        raise ValueError("isqrt() of a negative number")
    x = int(math.sqrt(n))
    while x * x > n:
        x -= 1
    while (x + 1) * (x + 1) <= n:
        x += 1
    return x


def _log(x, base=None):
    return math.log(x) if base is None else math.log(x) / math.log(base)


MATH_FUNCTIONS = {
    "sqrt": (math.sqrt, 1), "ceil": (lambda x: int(math.ceil(x)), 1),
    "floor": (lambda x: int(math.floor(x)), 1), "log": (_log, None), "log2": (lambda x: math.log(x) / math.log(2), 1),
    "log10": (lambda x: math.log(x) / math.log(10), 1), "exp": (math.exp, 1),
    "gcd": (_gcd, 2), "isqrt": (_isqrt, 1), "pow": (math.pow, 2), "fabs": (math.fabs, 1),
    "trunc": (lambda x: int(x), 1), "sin": (math.sin, 1), "cos": (math.cos, 1), "tanh": (math.tanh, 1),
}
NUMPY_FUNCTIONS = {
    "sqrt": (math.sqrt, 1), "ceil": (math.ceil, 1), "floor": (math.floor, 1),
    "log": (math.log, 1), "log2": (lambda x: math.log(x) / math.log(2), 1), "exp": (math.exp, 1),
    "abs": (abs, 1), "round": (round, None), "int32": (int, 1), "int64": (int, 1),
    "float32": (float, 1), "float64": (float, 1),
}


class LibraryModule(HostValue):
    """A module of Python's or NumPy's that the evaluator provides in part: its `members`;
    any other name of it is Unknown (not followed)."""

    def __init__(self, name, members):
        self.name = name
        self.members = members

    def get_attr(self, ev, name, where):
        if name in self.members:
            return self.members[name]
        return Unknown(self.name + "." + name)

    def describe(self):
        return "the module %s" % self.name


class NumberModule(LibraryModule):
    """`math`, or `numpy` as model code uses it: for numbers (np.prod(shape), np.sqrt(d)).
    Anything else of numpy (arrays, random) is Unknown: not followed."""

    def __init__(self, name, functions, constants):
        members = {"prod": Builtin(name + ".prod", _prod)}
        for key in functions:
            fn, count = functions[key]
            members[key] = _math_fn(name + "." + key, fn, count)
        for key in constants:
            members[key] = constants[key]
        LibraryModule.__init__(self, name, members)


def _linspace(ev, args, kwargs, where):
    names = ("start", "stop", "num")
    values = dict(zip(names, args))
    values.update(kwargs)
    start = _number(ev, values.get("start"), "linspace", where)
    stop = _number(ev, values.get("stop"), "linspace", where)
    num = values.get("num", 50)
    if not isinstance(num, int) or not 0 <= num <= MAX_SEQUENCE:
        fail(where, "linspace's num must be an integer from 0 to %d. Received: num=%s" % (MAX_SEQUENCE, num))
    if num == 1:
        return [float(start)]
    return [start + (stop - start) * i / (num - 1) for i in range(num)]


def math_module():
    return NumberModule("math", MATH_FUNCTIONS, {"pi": math.pi, "e": math.e, "inf": float("inf")})


def numpy_module():
    module = NumberModule("numpy", NUMPY_FUNCTIONS, {"pi": math.pi, "e": math.e, "newaxis": None})
    module.members["linspace"] = Builtin("numpy.linspace", _linspace)
    return module


def _copier(deep):
    name = "copy.deepcopy" if deep else "copy.copy"

    def copy(ev, args, kwargs, where):
        return _copied(ev, _one(name, args, kwargs, where), deep, name, where)
    return copy


def _copied(ev, value, deep, name, where):
    """copy.copy / copy.deepcopy of the evaluator's own values (numbers, strings and the
    containers holding them). A layer or a tensor cannot be copied here: refused, not shared."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        items = [_copied(ev, v, deep, name, where) for v in value] if deep else list(value)
        return type(value)(items)
    if isinstance(value, dict):
        return {k: _copied(ev, value[k], deep, name, where) if deep else value[k] for k in value}
    fail(where, "%s of %s is not read (only numbers, strings, lists, tuples, dicts and sets)"
         % (name, ev.kind(value)))


def copy_module():
    return LibraryModule("copy", {"copy": Builtin("copy.copy", _copier(False)),
                                  "deepcopy": Builtin("copy.deepcopy", _copier(True))})
