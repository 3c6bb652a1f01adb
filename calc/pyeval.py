"""A safe evaluator of the Python subset model code uses, walking calc.pyparse's tree.

Nothing the code says reaches the host Python as code: there is no eval, exec or compile,
no import but the evaluator's own modules, and attribute access works only on the
evaluator's own values (functions, classes and instances the code defines, a fixed list of
methods of str, list, dict, tuple and set, and what the host world -- calc.code_reader's
Keras -- chooses to expose). Work is bounded: evaluation steps, call depth, and the size of
strings, lists and numbers built.

The host world plugs in through HostValue (attribute access, calls, operators, items) and
HostClass (a class the code may subclass: keras.layers.Layer, keras.Model).
Unknown stands for what the evaluator deliberately does not follow (os.environ, plotting,
data loading): every operation on it gives Unknown again, and whoever meets it where a
real value is needed says so.
"""

from calc.pyparse import ELLIPSIS, CodeError, fail, parse
from calc.text import bounded_repr

# The largest corpus script (a 10,000-word vocabulary built by comprehensions) takes about
# 20,000 steps; 300,000 is 15 times that, and about a second of MicroPython in the browser.
MAX_STEPS = 300000
MAX_CALL_DEPTH = 16  # user function calls in progress: the browser MicroPython has room for about 150 Python frames, and one user call costs about 7
MAX_SEQUENCE = 100000  # longest string, list or tuple the code may build
MAX_INT_BITS = 512


class Unknown:
    """A value the evaluator does not follow, with where it came from ('os.environ')."""

    def __init__(self, origin):
        self.origin = origin

    def __repr__(self):
        return "<%s>" % self.origin


class HostValue:
    """Base of the host world's values. Each hook gets the evaluator and the position."""

    def get_attr(self, ev, name, where):
        fail(where, "%s has no attribute %s" % (ev.kind(self), name))

    def set_attr(self, ev, name, value, where):
        fail(where, "cannot set the attribute %s of %s" % (name, ev.kind(self)))

    def call(self, ev, args, kwargs, where):
        fail(where, "%s cannot be called" % ev.kind(self))

    def binop(self, ev, op, other, reflected, where):
        """self OP other (or other OP self when reflected); NotImplemented if unsupported."""
        return NotImplemented

    def getitem(self, ev, key, where):
        fail(where, "%s cannot be indexed" % ev.kind(self))

    def setitem(self, ev, key, value, where):
        fail(where, "cannot set an item of %s" % ev.kind(self))

    def iterate(self, ev, where):
        fail(where, "%s cannot be iterated over" % ev.kind(self))

    def truth(self, ev, where):
        """bool(value): true, as for any Python object, unless the value says otherwise."""
        return True

    def describe(self):
        return "a value"


class HostClass(HostValue):
    """A host class that the code's classes may derive from. Instances are Instance objects
    whose `host` slot the host fills in `new_instance`."""

    name = "?"

    def new_instance(self, ev, instance, where):
        """Called once when an instance of a derived class is created, before __init__."""

    def instance_attr(self, ev, instance, name, where):
        """An attribute that neither the instance nor the code's classes define; raise
        AttributeError-like CodeError if there is none."""
        fail(where, "%s has no attribute %s" % (instance.cls.name, name))

    def instance_set(self, ev, instance, name, value, where):
        """Every attribute assignment on an instance (after it is stored)."""

    def instance_call(self, ev, instance, args, kwargs, where):
        fail(where, "%s objects cannot be called" % instance.cls.name)

    def describe(self):
        return "the class %s" % self.name


class Function:
    def __init__(self, name, params, body, scope, defaults, where, is_lambda=False):
        self.name = name
        self.params = params
        self.body = body  # statements, or an expression for a lambda
        self.scope = scope
        self.defaults = defaults  # name -> default value
        self.where = where
        self.is_lambda = is_lambda
        self.owner = None  # the class whose body defined it: what super() means inside


class Builtin:
    """A function of the evaluator's own: fn(ev, args, kwargs, where)."""

    def __init__(self, name, fn):
        self.name = name
        self.fn = fn


class Class:
    def __init__(self, name, bases, namespace, where):
        self.name = name
        self.bases = bases  # Class or HostClass
        self.namespace = namespace
        self.where = where

    def mro(self):
        """The code's classes in method resolution order (depth-first, left to right,
        duplicates kept last: enough for the single inheritance model code uses)."""
        order = [self]
        for base in self.bases:
            if isinstance(base, Class):
                for c in base.mro():
                    if c in order:
                        order.remove(c)
                    order.append(c)
        return order

    def host_base(self):
        for base in self.bases:
            if isinstance(base, HostClass):
                return base
            if isinstance(base, Class):
                found = base.host_base()
                if found is not None:
                    return found
        return None

    def lookup(self, name, after=None):
        classes = self.mro()
        if after is not None:
            classes = classes[classes.index(after) + 1:] if after in classes else []
        for c in classes:
            if name in c.namespace:
                return c.namespace[name]
        raise KeyError(name)


class Instance:
    def __init__(self, cls):
        self.cls = cls
        self.attrs = {}
        self.host = None  # the host world's state for a derived instance (a Keras layer)


class BoundMethod:
    def __init__(self, function, instance):
        self.function = function
        self.instance = instance


class Super:
    def __init__(self, cls, instance):
        self.cls = cls
        self.instance = instance


class Scope:
    def __init__(self, parent=None, is_class=False):
        self.vars = {}
        self.parent = parent
        self.is_class = is_class
        self.globals_declared = None
        self.nonlocals = None


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class UserRaise(CodeError):
    """The code itself raised an exception (caught by its own try/except, if any)."""


RAISES = "the code raises "  # what a UserRaise's message says after its line


SAFE_METHODS = {
    str: ("format", "join", "split", "rsplit", "upper", "lower", "replace", "strip", "lstrip",
          "rstrip", "startswith", "endswith", "title", "capitalize", "find", "count", "index",
          "isdigit", "isalpha", "zfill", "center", "ljust", "rjust", "splitlines", "partition"),
    list: ("append", "extend", "insert", "pop", "index", "count", "reverse", "copy", "remove",
           "clear", "sort"),
    tuple: ("index", "count"),
    dict: ("get", "items", "keys", "values", "update", "pop", "setdefault", "copy", "clear"),
    set: ("add", "update", "discard", "remove", "union", "intersection", "difference", "copy"),
}
# bool before int: True is an int too.
BASIC_KINDS = ((bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"),
               (tuple, "a tuple"), (list, "a list"), (dict, "a dict"), (set, "a set"))
GROWING_METHODS = ("join", "format", "replace", "extend", "center", "ljust", "rjust", "zfill",
                   "update", "union")


class Evaluator:
    """Runs a module's statements. `builtins` maps names to values; `importer(dotted, where)`
    returns the value a module import binds (or fails)."""

    def __init__(self, builtins, importer, refused=()):
        self.builtins = builtins
        self.importer = importer
        self.refused = refused  # builtin names whose use is refused (eval, open, getattr...)
        self.globals = Scope()
        self.steps = 0
        self.call_depth = 0
        self.notes = []  # (line, text): what was skipped, and why
        self.current_line = 0
        self.method_frames = []  # (class, instance) of the methods running, for super()

    # Running ------------------------------------------------------------------------------

    def run_module(self, text, on_error=None):
        """Run the code's top-level statements one by one. A statement that fails is passed
        to on_error(where, error) when given (which may note it and go on), else raised."""
        return self.run_statements(parse(text), on_error)

    def run_statements(self, statements, on_error=None):
        """run_module's work on parsed top-level statements."""
        for statement in statements:
            try:
                try:
                    self.execute(statement, self.globals)
                except RuntimeError:  # the Python stack ran out (MicroPython's is small)
                    self.call_depth = 0
                    self.method_frames = []
                    fail(statement[1], "this statement nests calls too deeply for this reader "
                         "(the Python stack ran out)")
            except (_Break, _Continue, _Return):
                fail(statement[1], "'return', 'break' or 'continue' outside a function or loop")
            except CodeError as e:
                if on_error is None:
                    raise
                on_error(statement, e)
        return self.globals.vars

    def tick(self, where):
        self.steps += 1
        if self.steps > MAX_STEPS:
            fail(where, "the code takes more than %d evaluation steps; the limit keeps the work "
                 "bounded" % MAX_STEPS)

    def note(self, where, text):
        line = where[0] if where else 0
        for existing in self.notes:
            if existing == (line, text):
                return
        self.notes.append((line, text))

    # Statements ---------------------------------------------------------------------------

    def execute_block(self, statements, scope):
        for statement in statements:
            self.execute(statement, scope)

    def execute(self, s, scope):
        kind = s[0]
        where = s[1]
        self.current_line = where[0]
        self.tick(where)
        if kind == "expr":
            value = self.evaluate(s[2], scope)
            if isinstance(value, Unknown) and s[2][0] == "call":
                self.note(where, "skipped: %s does not build the model" % value.origin)
        elif kind == "assign":
            value = self.evaluate(s[3], scope)
            for target in s[2]:
                self.assign(target, value, scope, where)
        elif kind == "augassign":
            target = s[2]
            current = self.evaluate(target, scope)
            value = self.binary(s[3], current, self.evaluate(s[4], scope), where)
            self.assign(target, value, scope, where)
        elif kind == "annassign":
            if s[3] is not None:
                self.assign(s[2], self.evaluate(s[3], scope), scope, where)
        elif kind == "if":
            if self.truth(self.evaluate(s[2], scope), where):
                self.execute_block(s[3], scope)
            else:
                self.execute_block(s[4], scope)
        elif kind == "for":
            self.execute_for(s, scope)
        elif kind == "while":
            broke = False
            while self.truth(self.evaluate(s[2], scope), where):
                self.tick(where)
                try:
                    self.execute_block(s[3], scope)
                except _Break:
                    broke = True
                    break
                except _Continue:
                    pass
            if not broke:
                self.execute_block(s[4], scope)
        elif kind == "def":
            function = self.make_function(s[2], s[3], s[4], scope, where)
            self.bind(s[2], self.decorate(function, s[5], scope, where), scope)
        elif kind == "class":
            self.bind(s[2], self.decorate(self.make_class(s, scope), s[6], scope, where), scope)
        elif kind == "return":
            raise _Return(None if s[2] is None else self.evaluate(s[2], scope))
        elif kind == "pass":
            pass
        elif kind == "break":
            raise _Break()
        elif kind == "continue":
            raise _Continue()
        elif kind == "import":
            for dotted, alias in s[2]:
                value = self.importer(dotted, where)
                if alias:
                    self.bind(alias, value, scope)
                else:
                    self.bind(dotted[0], self.importer(dotted[:1], where), scope)
        elif kind == "from":
            if s[3]:
                fail(where, "a relative import (from .x import y) is not read")
            module = self.importer(s[2], where)
            if s[4] == "*":
                return  # Keras names resolve when used bare (see the host's builtins)
            for name, alias in s[4]:
                self.bind(alias or name, self.get_attr(module, name, where, from_import=True), scope)
        elif kind == "global":
            if scope.globals_declared is None:
                scope.globals_declared = {}
            for name in s[2]:
                scope.globals_declared[name] = True
        elif kind == "nonlocal":
            if scope.nonlocals is None:
                scope.nonlocals = {}
            for name in s[2]:
                scope.nonlocals[name] = True
        elif kind == "del":
            targets = s[2][2] if s[2][0] == "tuple" else [s[2]]
            for t in targets:
                if t[0] == "name" and t[2] in scope.vars:
                    del scope.vars[t[2]]
        elif kind == "assert":
            pass  # an assertion checks, it never builds
        elif kind == "raise":
            value = None if s[2] is None else self.evaluate(s[2], scope)
            raise UserRaise("line %d: %s%s" % (where[0], RAISES, self.text(value, where)[:200]))
        elif kind == "try":
            self.execute_try(s, scope)
        elif kind == "with":
            for value, target in s[2]:
                entered = self.evaluate(value, scope)
                if target is not None:
                    self.assign(target, entered, scope, where)
            self.execute_block(s[3], scope)
        else:
            fail(where, "this statement is not read")

    def execute_for(self, s, scope):
        where = s[1]
        items = self.iterate(self.evaluate(s[3], scope), where)
        broke = False
        for item in items:
            self.tick(where)
            self.assign(s[2], item, scope, where)
            try:
                self.execute_block(s[4], scope)
            except _Break:
                broke = True
                break
            except _Continue:
                pass
        if not broke:
            self.execute_block(s[5], scope)

    def execute_try(self, s, scope):
        try:
            self.execute_block(s[2], scope)
        except UserRaise:
            if not s[3]:
                raise
            _, name, body = s[3][0]
            self.execute_block(body, scope)
        else:
            self.execute_block(s[4], scope)
        finally:
            self.execute_block(s[5], scope)

    def decorate(self, value, decorators, scope, where):
        for d in reversed(decorators):
            decorator = self.evaluate(d, scope)
            if isinstance(decorator, Unknown) or isinstance(decorator, HostValue):
                # @keras.saving.register_keras_serializable(), @tf.function: they register or
                # compile, never change what the class or function builds.
                continue
            value = self.call(decorator, [value], {}, where)
        return value

    # Names and assignment -------------------------------------------------------------------

    def bind(self, name, value, scope):
        if scope.globals_declared and name in scope.globals_declared:
            self.globals.vars[name] = value
            return
        if scope.nonlocals and name in scope.nonlocals:
            outer = scope.parent
            while outer is not None:
                if name in outer.vars and not outer.is_class:
                    outer.vars[name] = value
                    return
                outer = outer.parent
        scope.vars[name] = value

    def lookup(self, name, scope, where):
        current = scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.vars:
                return current.vars[name]
            first = False
            current = current.parent
        if name in self.refused or name.startswith("__"):
            fail(where, "%s is refused: the code is read, never run" % name)
        if name in self.builtins:
            return self.builtins[name]
        fail(where, "%s is not defined" % name)

    def assign(self, target, value, scope, where):
        kind = target[0]
        if kind == "name":
            self.bind(target[2], value, scope)
        elif kind == "attr":
            obj = self.evaluate(target[2], scope)
            self.set_attr(obj, target[3], value, where)
        elif kind == "sub":
            obj = self.evaluate(target[2], scope)
            key = self.evaluate(target[3], scope)
            if isinstance(obj, Unknown):
                self.note(where, "skipped: setting an item of %s does not build the model" % obj.origin)
            elif isinstance(obj, (list, dict)):
                try:
                    obj[key] = value
                except (IndexError, KeyError, TypeError) as e:
                    fail(where, "cannot set the item %s: %s" % (self.text(key, where)[:40], e))
            elif isinstance(obj, HostValue):
                obj.setitem(self, key, value, where)
            else:
                fail(where, "cannot set an item of %s" % self.kind(obj))
        elif kind in ("tuple", "list"):
            self.unpack(target[2], value, scope, where)
        else:
            fail(where, "cannot assign to this expression")

    def unpack(self, targets, value, scope, where):
        items = self.iterate(value, where)
        star = -1
        for i in range(len(targets)):
            if targets[i][0] == "star":
                star = i
        if star < 0:
            if len(items) != len(targets):
                fail(where, "cannot unpack %d values into %d names" % (len(items), len(targets)))
            for i in range(len(targets)):
                self.assign(targets[i], items[i], scope, where)
            return
        after = len(targets) - star - 1
        if len(items) < len(targets) - 1:
            fail(where, "cannot unpack %d values into %d names" % (len(items), len(targets) - 1))
        for i in range(star):
            self.assign(targets[i], items[i], scope, where)
        self.assign(targets[star][2], list(items[star:len(items) - after]), scope, where)
        for i in range(after):
            self.assign(targets[star + 1 + i], items[len(items) - after + i], scope, where)

    # Expressions --------------------------------------------------------------------------

    def evaluate(self, e, scope):
        kind = e[0]
        if kind == "const":
            return e[2]
        if kind == "name":
            return self.lookup(e[2], scope, e[1])
        if kind == "attr":
            return self.get_attr(self.evaluate(e[2], scope), e[3], e[1])
        if kind == "call":
            return self.evaluate_call(e, scope)
        if kind == "bin":
            return self.binary(e[2], self.evaluate(e[3], scope), self.evaluate(e[4], scope), e[1])
        if kind == "sub":
            return self.getitem(self.evaluate(e[2], scope), self.evaluate(e[3], scope), e[1])
        if kind == "tuple":
            return tuple(self.items(e[2], scope))
        if kind == "list":
            return self.items(e[2], scope)
        if kind == "dict":
            result = {}
            for key, value in e[2]:
                if key is None:
                    mapping = self.evaluate(value, scope)
                    if not isinstance(mapping, dict):
                        fail(e[1], "** needs a dict, not %s" % self.kind(mapping))
                    result.update(mapping)
                else:
                    result[self.hashable(self.evaluate(key, scope), e[1])] = self.evaluate(value, scope)
            return result
        if kind == "set":
            return set(self.hashable(v, e[1]) for v in self.items(e[2], scope))
        if kind == "unary":
            value = self.evaluate(e[3], scope)
            for i in range(len(e[2]) - 1, -1, -1):  # the sign nearest the operand first
                value = self.unary(e[2][i], value, e[1])
            return value
        if kind == "not":
            return not self.truth(self.evaluate(e[2], scope), e[1])
        if kind == "bool":
            value = None
            for operand in e[3]:
                value = self.evaluate(operand, scope)
                truth = self.truth(value, e[1])
                if truth if e[2] == "or" else not truth:
                    return value
            return value
        if kind == "cmp":
            return self.compare(e, scope)
        if kind == "ifexp":
            if self.truth(self.evaluate(e[2], scope), e[1]):
                return self.evaluate(e[3], scope)
            return self.evaluate(e[4], scope)
        if kind == "fstr":
            return self.fstring(e[2], scope, e[1])
        if kind == "comp":
            return self.comprehension(e, scope)
        if kind == "lambda":
            return self.make_function("<lambda>", e[2], e[3], scope, e[1], is_lambda=True)
        if kind == "slice":
            return _SLICE[None if e[2] is None else self.evaluate(e[2], scope):
                          None if e[3] is None else self.evaluate(e[3], scope):
                          None if e[4] is None else self.evaluate(e[4], scope)]
        if kind == "star":
            fail(e[1], "a starred expression is only allowed in a call, a list or a tuple")
        fail(e[1], "this expression is not read")

    def items(self, nodes, scope):
        out = []
        for node in nodes:
            if node[0] == "star":
                out.extend(self.iterate(self.evaluate(node[2], scope), node[1]))
            else:
                out.append(self.evaluate(node, scope))
        # len() first: every call's arguments come here, and check_size's isinstance() over
        # five types costs a few microseconds on MicroPython.
        if len(out) > MAX_SEQUENCE:
            self.check_size(out, nodes[0][1])
        return out

    def evaluate_call(self, e, scope):
        fn = self.evaluate(e[2], scope)
        if isinstance(fn, Unknown):
            # model.fit(x_train, ...), plt.plot(history...): the call is not followed, so
            # neither are its arguments, which often name data the paste does not define.
            try:
                self.items(e[3], scope)
                for name, value in e[4]:
                    self.evaluate(value, scope)
            except CodeError:
                pass
            return Unknown(fn.origin + "(...)")
        args = self.items(e[3], scope) if e[3] else []
        kwargs = {}
        for name, value in e[4]:
            if name is None:
                mapping = self.evaluate(value, scope)
                if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
                    fail(e[1], "** in a call needs a dict with string keys, not %s" % self.kind(mapping))
                for k in mapping:
                    if k in kwargs:
                        fail(e[1], "the argument %s is given twice" % k)
                    kwargs[k] = mapping[k]
            else:
                if name in kwargs:
                    fail(e[1], "the argument %s is given twice" % name)
                kwargs[name] = self.evaluate(value, scope)
        return self.call(fn, args, kwargs, e[1])

    def compare(self, e, scope):
        """a < b < c is (a < b) and (b < c), each operand evaluated once; the value is the
        last comparison's (a tensor, for a comparison of tensors)."""
        left = self.evaluate(e[2], scope)
        pairs = e[3]
        for i in range(len(pairs)):
            op, right_node = pairs[i]
            right = self.evaluate(right_node, scope)
            result = self.compare_pair(op, left, right, e[1])
            if i == len(pairs) - 1 or not self.truth(result, e[1]):
                return result
            left = right

    def compare_pair(self, op, left, right, where):
        if op == "is":
            return left is right or left is None and right is None
        if op == "is not":
            return not (left is right)
        if op in ("<", ">", "<=", ">=", "!=") and (isinstance(left, HostValue) or isinstance(right, HostValue)):
            result = NotImplemented
            if isinstance(left, HostValue):
                result = left.binop(self, op, right, False, where)
            if result is NotImplemented and isinstance(right, HostValue):
                result = right.binop(self, op, left, True, where)
            if result is not NotImplemented:
                return result
        if isinstance(left, (Unknown, HostValue)) or isinstance(right, (Unknown, HostValue)):
            if op in ("==", "!="):
                return (left is right) == (op == "==")
            if op in ("in", "not in") and isinstance(right, (list, tuple, dict, set)):
                found = any(left is x for x in right)
                return found == (op == "in")
            fail(where, "cannot compare %s with %s" % (self.kind(left), self.kind(right)))
        try:
            if op == "==":
                return left == right
            if op == "!=":
                return left != right
            if op == "<":
                return left < right
            if op == ">":
                return left > right
            if op == "<=":
                return left <= right
            if op == ">=":
                return left >= right
            if op == "in":
                return left in right
            if op == "not in":
                return left not in right
        except TypeError:
            fail(where, "cannot compare %s with %s using %s" % (self.kind(left), self.kind(right), op))
        fail(where, "the comparison %s is not read" % op)

    def comprehension(self, e, scope):
        kind, element, loops = e[2], e[3], e[4]
        inner = Scope(scope)
        out = {} if kind == "dict" else []

        def run(level):
            if level == len(loops):
                if kind == "dict":
                    out[self.hashable(self.evaluate(element[0], inner), e[1])] = self.evaluate(element[1], inner)
                else:
                    out.append(self.evaluate(element, inner))
                    if len(out) > MAX_SEQUENCE:
                        self.check_size(out, e[1])
                return
            target, iterable, conditions = loops[level]
            source = self.evaluate(iterable, inner if level else scope)
            for item in self.iterate(source, e[1]):
                self.tick(e[1])
                self.assign(target, item, inner, e[1])
                if all(self.truth(self.evaluate(c, inner), e[1]) for c in conditions):
                    run(level + 1)

        run(0)
        if kind == "set":
            return set(self.hashable(v, e[1]) for v in out)
        if kind == "gen":
            return tuple(out)  # consumed at once by sum(), tuple(), list()... in model code
        return out

    def fstring(self, parts, scope, where):
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            prefix = None
            if part[0] == "prefixed":
                prefix = part[1]
                part = part[2]
            value = self.evaluate(part[0], scope)
            spec = self.fstring(part[2], scope, where) if part[2] else ""
            if part[1] == "r":
                text = self.repr_text(value, where)
            elif spec:
                text = self.format_value(value, spec, where)
            else:
                text = self.text(value, where)
            out.append((prefix or "") + text)
        result = "".join(out)
        if len(result) > MAX_SEQUENCE:
            self.check_size(result, where)
        return result

    def format_value(self, value, spec, where):
        if isinstance(value, (Unknown, HostValue)):
            return self.text(value, where)
        try:
            return ("{:" + spec + "}").format(value)  # MicroPython has no format() builtin
        except (ValueError, TypeError, KeyError, IndexError) as e:
            fail(where, "the format %r does not apply to %s (%s)" % (spec[:20], self.kind(value), e))

    # Functions and classes ----------------------------------------------------------------

    def make_function(self, name, params, body, scope, where, is_lambda=False):
        defaults = {}
        for kind, pname, default in params:
            if default is not None:
                defaults[pname] = self.evaluate(default, scope)
        return Function(name, params, body, scope, defaults, where, is_lambda)

    def make_class(self, s, scope):
        where = s[1]
        bases = []
        for b in s[3]:
            base = self.evaluate(b, scope)
            if isinstance(base, Unknown) or isinstance(base, HostValue) and not isinstance(base, HostClass):
                continue  # a base the evaluator does not follow (keras.regularizers.Regularizer)
            if not isinstance(base, (Class, HostClass)):
                fail(where, "the base class %s is not a class" % self.kind(base))
            bases.append(base)
        body_scope = Scope(scope, is_class=True)
        self.execute_block(s[5], body_scope)
        cls = Class(s[2], bases, body_scope.vars, where)
        for value in body_scope.vars.values():
            if isinstance(value, Function):
                value.owner = cls
        return cls

    def call(self, fn, args, kwargs, where):
        if isinstance(fn, HostValue):  # first: most calls in model code are Keras's (layers)
            return fn.call(self, args, kwargs, where)
        if isinstance(fn, Function):
            return self.call_function(fn, args, kwargs, where)
        if isinstance(fn, BoundMethod):
            return self.call_function(fn.function, [fn.instance] + list(args), kwargs, where)
        if isinstance(fn, Builtin):
            return fn.fn(self, args, kwargs, where)
        if isinstance(fn, Class):
            return self.instantiate(fn, args, kwargs, where)
        if isinstance(fn, Instance):
            try:
                method = fn.cls.lookup("__call__")
            except KeyError:
                host = fn.cls.host_base()
                if host is None:
                    fail(where, "%s objects cannot be called" % fn.cls.name)
                return host.instance_call(self, fn, args, kwargs, where)
            return self.call_function(method, [fn] + list(args), kwargs, where)
        if isinstance(fn, Unknown):
            return Unknown(fn.origin + "(...)")
        if isinstance(fn, _PyMethod):
            return fn.call(self, args, kwargs, where)
        fail(where, "%s cannot be called" % self.kind(fn))

    def instantiate(self, cls, args, kwargs, where):
        instance = Instance(cls)
        host = cls.host_base()
        if host is not None:
            host.new_instance(self, instance, where)
        try:
            init = cls.lookup("__init__")
        except KeyError:
            init = None
        if init is not None:
            self.call(init, [instance] + list(args), kwargs, where)
        elif host is not None:
            self.call(host.instance_attr(self, instance, "__init__", where), args, kwargs, where)
        elif args or kwargs:
            fail(where, "%s() takes no arguments" % cls.name)
        return instance

    def call_function(self, fn, args, kwargs, where):
        if not isinstance(fn, Function):
            return self.call(fn, args, kwargs, where)
        self.call_depth += 1
        if self.call_depth > MAX_CALL_DEPTH:
            self.call_depth = 0
            fail(where, "function calls are nested more than %d deep (endless recursion?)" % MAX_CALL_DEPTH)
        method = fn.owner is not None and len(args) > 0
        if method:
            self.method_frames.append((fn.owner, args[0]))
        try:
            scope = Scope(fn.scope)
            self.bind_arguments(fn, args, kwargs, scope, where)
            if fn.is_lambda:
                return self.evaluate(fn.body, scope)
            try:
                self.execute_block(fn.body, scope)
            except _Return as r:
                return r.value
            except (_Break, _Continue):
                fail(where, "'break' or 'continue' outside a loop in %s" % fn.name)
            return None
        finally:
            self.call_depth -= 1
            if method:
                self.method_frames.pop()

    def bind_arguments(self, fn, args, kwargs, scope, where):
        params = fn.params
        values = scope.vars
        positional = [p for p in params if p[0] == "pos"]
        star = None
        dstar = None
        for p in params:
            if p[0] == "star":
                star = p[1]
            elif p[0] == "dstar":
                dstar = p[1]
        if len(args) > len(positional) and star is None:
            fail(where, "%s() takes %d positional argument%s but %d were given" % (
                fn.name, len(positional), "" if len(positional) == 1 else "s", len(args)))
        for i in range(min(len(args), len(positional))):
            values[positional[i][1]] = args[i]
        if star is not None:
            values[star] = tuple(args[len(positional):])
        extra = {}
        names = {}
        for p in params:
            if p[0] in ("pos", "kwonly"):
                names[p[1]] = True
        for key in kwargs:
            if key in names:
                if key in values:
                    fail(where, "%s() got several values for the argument %s" % (fn.name, key))
                values[key] = kwargs[key]
            elif dstar is not None:
                extra[key] = kwargs[key]
            else:
                fail(where, "%s() got an unexpected keyword argument %s" % (fn.name, key))
        if dstar is not None:
            values[dstar] = extra
        for p in params:
            if p[0] in ("pos", "kwonly") and p[1] not in values:
                if p[1] in fn.defaults:
                    values[p[1]] = fn.defaults[p[1]]
                else:
                    fail(where, "%s() is missing the argument %s" % (fn.name, p[1]))

    # Attributes -----------------------------------------------------------------------------

    def get_attr(self, obj, name, where, from_import=False):
        if name.startswith("__") and not (
                name == "__init__" and isinstance(obj, (Super, Instance, Class)) or
                name in ("__name__", "__class__") and isinstance(obj, (Instance, Class, Function))):
            fail(where, "the attribute %s is refused: the code is read, never run" % name)
        if isinstance(obj, HostValue):  # first: keras.layers.Dense, model.add... (not an Instance, Super or Class)
            return obj.get_attr(self, name, where)
        if isinstance(obj, Instance):
            if name in obj.attrs:
                return obj.attrs[name]
            if name == "__class__":
                return obj.cls
            try:
                value = obj.cls.lookup(name)
            except KeyError:
                host = obj.cls.host_base()
                if host is None:
                    fail(where, "%s has no attribute %s" % (obj.cls.name, name))
                return host.instance_attr(self, obj, name, where)
            if isinstance(value, Function):
                return BoundMethod(value, obj)
            return value
        if isinstance(obj, Super):
            try:
                value = obj.instance.cls.lookup(name, after=obj.cls)
            except KeyError:
                host = obj.instance.cls.host_base()
                if host is None:
                    if name == "__init__":
                        return Builtin("object.__init__", lambda ev, a, k, w: None)
                    fail(where, "super() has no attribute %s" % name)
                return host.instance_attr(self, obj.instance, name, where)
            if isinstance(value, Function):
                return BoundMethod(value, obj.instance)
            return value
        if isinstance(obj, Class):
            if name == "__name__":
                return obj.name
            try:
                return obj.lookup(name)
            except KeyError:
                fail(where, "the class %s has no attribute %s" % (obj.name, name))
        if isinstance(obj, Unknown):
            return Unknown(obj.origin + "." + name)
        if isinstance(obj, (Function, BoundMethod, Builtin)) and name == "__name__":
            return obj.name if not isinstance(obj, BoundMethod) else obj.function.name
        for py_type in SAFE_METHODS:
            if isinstance(obj, py_type) and not isinstance(obj, bool):
                if name in SAFE_METHODS[py_type]:
                    return _PyMethod(obj, name)
                break
        fail(where, "%s has no attribute %s here (only a few methods of strings, lists and "
             "dicts are read)" % (self.kind(obj), name))

    def set_attr(self, obj, name, value, where):
        if name.startswith("__"):
            fail(where, "setting the attribute %s is refused" % name)
        if isinstance(obj, Instance):
            obj.attrs[name] = value
            host = obj.cls.host_base()
            if host is not None:
                host.instance_set(self, obj, name, value, where)
            return
        if isinstance(obj, HostValue):
            obj.set_attr(self, name, value, where)
            return
        if isinstance(obj, Unknown):
            self.note(where, "skipped: setting %s.%s does not build the model" % (obj.origin, name))
            return
        fail(where, "cannot set the attribute %s of %s" % (name, self.kind(obj)))

    # Operators ------------------------------------------------------------------------------

    def binary(self, op, left, right, where):
        if isinstance(left, HostValue):
            result = left.binop(self, op, right, False, where)
            if result is not NotImplemented:
                return result
        if isinstance(right, HostValue):
            result = right.binop(self, op, left, True, where)
            if result is not NotImplemented:
                return result
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return left if isinstance(left, Unknown) else right
        if isinstance(left, (HostValue, Instance)) or isinstance(right, (HostValue, Instance)):
            fail(where, "the operator %s does not apply to %s and %s" % (op, self.kind(left), self.kind(right)))
        if op == "*":
            self.check_repeat(left, right, where)
        elif op == "**" and isinstance(left, int) and isinstance(right, int) and not isinstance(right, bool):
            if right > 0 and abs(left) > 1 and right * _bit_length(abs(left)) > MAX_INT_BITS:
                fail(where, "%s ** %s is too large a number" % (left, right))
        elif op in ("<<",) and isinstance(right, int) and right > MAX_INT_BITS:
            fail(where, "%s << %s is too large a number" % (left, right))
        try:
            if op == "+":
                result = left + right
            elif op == "-":
                result = left - right
            elif op == "*":
                result = left * right
            elif op == "/":
                result = left / right
            elif op == "//":
                result = left // right
            elif op == "%":
                result = self.percent(left, right, where) if isinstance(left, str) else left % right
            elif op == "**":
                result = left ** right
            elif op == "&":
                result = left & right
            elif op == "|":
                result = left | right
            elif op == "^":
                result = left ^ right
            elif op == "<<":
                result = left << right
            elif op == ">>":
                result = left >> right
            else:
                fail(where, "the operator %s is not read" % op)
        except ZeroDivisionError:
            fail(where, "division by zero")
        except OverflowError:
            fail(where, "the result of %s is too large a number" % op)
        except (TypeError, ValueError):
            fail(where, "the operator %s does not apply to %s and %s" % (op, self.kind(left), self.kind(right)))
        if _HAS_COMPLEX and isinstance(result, complex):
            fail(where, "the result of %s is a complex number" % op)
        if isinstance(result, int) and not isinstance(result, bool) and _bit_length(abs(result)) > MAX_INT_BITS:
            fail(where, "the result of %s is too large a number" % op)
        if isinstance(result, float) and (result != result or result in (float("inf"), float("-inf"))):
            fail(where, "the result of %s is too large: not a finite number" % op)
        self.check_size(result, where)
        return result

    def percent(self, template, values, where):
        if not isinstance(values, tuple):
            values = (values,)
        values = tuple(self.text(v, where) if isinstance(v, (HostValue, Unknown, Instance)) else v
                       for v in values)
        return template % values

    def check_repeat(self, left, right, where):
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                if len(seq) * max(0, count) > MAX_SEQUENCE:
                    fail(where, "the result would hold %d items; the limit is %d" % (
                        len(seq) * max(0, count), MAX_SEQUENCE))

    def check_size(self, value, where):
        if isinstance(value, (str, list, tuple, dict, set)) and len(value) > MAX_SEQUENCE:
            fail(where, "a value holds %d items; the limit is %d" % (len(value), MAX_SEQUENCE))

    def unary(self, op, value, where):
        if isinstance(value, HostValue):
            result = value.binop(self, "unary" + op, None, False, where)
            if result is not NotImplemented:
                return result
        if isinstance(value, Unknown):
            return value
        if op == "-" and isinstance(value, (int, float)):
            return -value
        if op == "+" and isinstance(value, (int, float)):
            return value
        if op == "~" and isinstance(value, int):
            return ~value
        fail(where, "unary %s does not apply to %s" % (op, self.kind(value)))

    def getitem(self, obj, key, where):
        if isinstance(obj, HostValue):
            return obj.getitem(self, key, where)
        if isinstance(obj, Unknown):
            return Unknown(obj.origin + "[...]")
        if isinstance(obj, (list, tuple, str, dict, range)):
            try:
                return obj[key]
            except (IndexError, KeyError):
                fail(where, "%s: no item %s" % (self.kind(obj), self.text(key, where)[:40]))
            except TypeError:
                fail(where, "%s cannot be indexed by %s" % (self.kind(obj), self.kind(key)))
        fail(where, "%s cannot be indexed" % self.kind(obj))

    def truth(self, value, where):
        if isinstance(value, HostValue):
            return value.truth(self, where)
        if isinstance(value, Unknown):
            fail(where, "the code decides on %s, which the reader does not know" % self.kind(value))
        if isinstance(value, (Instance, Function, Class, BoundMethod, Builtin)):
            return True
        return bool(value)

    def iterate(self, value, where):
        if isinstance(value, (list, tuple, str)):
            return list(value)
        if isinstance(value, range):
            if len(value) > MAX_SEQUENCE:
                fail(where, "a range of %d items; the limit is %d" % (len(value), MAX_SEQUENCE))
            return list(value)
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, set):
            return sorted(value) if all(isinstance(v, (int, float, str)) for v in value) else list(value)
        if isinstance(value, HostValue):
            return value.iterate(self, where)
        fail(where, "%s cannot be iterated over" % self.kind(value))

    def hashable(self, value, where):
        if isinstance(value, (list, dict, set)):
            fail(where, "%s cannot be a dict key or a set item" % self.kind(value))
        return value

    # Text -----------------------------------------------------------------------------------

    def text(self, value, where):
        """str(value) for the evaluator's values."""
        if isinstance(value, (str, int, float)):  # bool too: str(True) is "True"
            return str(value)
        if isinstance(value, (Unknown, HostValue, Instance, Function, Class, BoundMethod, Builtin)):
            return "<%s>" % self.kind(value)
        if isinstance(value, (list, tuple, dict, set)):
            return self.repr_text(value, where)
        return str(value)

    def repr_text(self, value, where, budget=None):
        """repr() with a budget, so a huge nested value never builds a huge string."""
        return bounded_repr(value, MAX_SEQUENCE if budget is None else budget, self.leaf_text)

    def leaf_text(self, value):
        if isinstance(value, (int, float, bool)) or value is None:
            return repr(value)
        if value is ELLIPSIS:
            return "Ellipsis"
        return "<%s>" % self.kind(value)

    def kind(self, value):
        """What a value is, for a message: 'an integer', 'the function build_model'."""
        if value is None:
            return "None"
        for py_type, name in BASIC_KINDS:
            if isinstance(value, py_type):
                return name
        if isinstance(value, Function):
            return "the function %s" % value.name
        if isinstance(value, BoundMethod):
            return "the method %s" % value.function.name
        if isinstance(value, Class):
            return "the class %s" % value.name
        if isinstance(value, Instance):
            return "a %s object" % value.cls.name
        if isinstance(value, Builtin):
            return value.name
        if isinstance(value, Unknown):
            return value.origin
        if isinstance(value, HostValue):
            return value.describe()
        return "a value"


class _Slicer:
    """_SLICE[a:b:c] is slice(a, b, c): MicroPython cannot call slice() itself."""

    def __getitem__(self, key):
        return key


_SLICE = _Slicer()

try:
    complex
    _HAS_COMPLEX = True
except NameError:  # MicroPython builds without complex numbers
    _HAS_COMPLEX = False


def _bit_length(n):
    # MicroPython's int has no bit_length(); the length of its hex digits is close enough.
    return len("%x" % n) * 4


class _PyMethod:
    """A whitelisted method of a str, list, dict, tuple or set, bound to its value."""

    def __init__(self, obj, name):
        self.obj = obj
        self.name = name

    def call(self, ev, args, kwargs, where):
        for a in args:
            if isinstance(a, (HostValue, Unknown, Instance, Function, Class)) and self.name in (
                    "join", "format", "sort", "index", "count", "remove"):
                if self.name == "format":
                    args = [ev.text(x, where) if isinstance(x, (HostValue, Unknown, Instance)) else x for x in args]
                    break
                fail(where, "%s.%s() on %s is not read" % (ev.kind(self.obj), self.name, ev.kind(a)))
        if self.name == "sort":
            return self._sort(ev, kwargs, where)
        if self.name == "format":
            kwargs = dict((k, ev.text(v, where) if isinstance(v, (HostValue, Unknown, Instance)) else v)
                          for k, v in kwargs.items())
        if self.name in GROWING_METHODS:
            total = len(self.obj)
            for a in list(args) + list(kwargs.values()):
                if isinstance(a, (str, list, tuple, dict)):
                    total += len(a)
                    if isinstance(a, (list, tuple)):
                        total += sum(len(x) for x in a if isinstance(x, str))
            if total > MAX_SEQUENCE:
                fail(where, "%s.%s() would build %d items; the limit is %d" % (
                    ev.kind(self.obj), self.name, total, MAX_SEQUENCE))
        try:
            result = getattr(self.obj, self.name)(*args, **kwargs)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
            fail(where, "%s.%s(): %s" % (ev.kind(self.obj), self.name, e))
        if self.name in ("items", "keys", "values"):
            result = list(result) if self.name != "items" else [tuple(i) for i in result]
        ev.check_size(result, where)
        return result

    def _sort(self, ev, kwargs, where):
        key = kwargs.get("key")
        reverse = bool(kwargs.get("reverse", False))
        items = self.obj
        keys = [ev.call(key, [x], {}, where) if key is not None else x for x in items]
        order = list(range(len(items)))
        try:
            order.sort(key=lambda i: (keys[i], i))  # the index keeps MicroPython's sort stable
        except TypeError:
            fail(where, "list.sort(): the items cannot be compared")
        if reverse:
            order.reverse()
        items[:] = [items[i] for i in order]
        return None
