"""Read pasted PyTorch code -- `nn.Sequential(...)`, `class Net(nn.Module)` -- into a Summary.

The code is never run: calc.pyparse parses it and calc.pyeval evaluates it with its own
values (the limits and refusals of the Keras code reader, calc/code_reader.py). This module
is the torch those values meet: `torch.nn`'s classes, each leaf counted by the catalogue
(calc/torch_layers) from its constructor's arguments; Sequential, ModuleList and ModuleDict;
the code's own nn.Module subclasses, whose __init__ registers sub-modules, parameters
(`nn.Parameter(torch.zeros(1, 1, 768))`) and buffers (`register_buffer`) in PyTorch's
order. forward() is never needed for a count, and never read. What does not build the
model (training loops, optimizers, data) is skipped and listed; a statement that cannot be
followed is listed and makes the totals partial.
"""

from calc.catalogue import compute_entry, read_config
from calc.model import Row, Summary
from calc.pybuiltins import builtins, math_module, numpy_module
from calc.pyeval import Builtin, Evaluator, HostClass, HostValue, Instance, Unknown
from calc.pyparse import CodeError, fail, parse
from calc.code_reader import REFUSED_MODULES, REFUSED_NAMES
from calc.keras_values import SystemModule
from calc.text import shorten
from calc.torch_print import CONTAINERS, torch_entry

MAX_MODULES = 20000
MAX_TENSOR_RANK = 16
# torch functions that make a tensor of the shape they are given.
FACTORIES = ("zeros", "ones", "empty", "randn", "rand", "full", "randint")
LIKE = ("zeros_like", "ones_like", "empty_like", "randn_like", "rand_like", "full_like")
# torch's namespaces and functions that train, load, save or place: their lines are skipped.
NOT_MODEL = ("optim", "utils", "cuda", "device", "save", "load", "manual_seed", "no_grad",
             "backends", "onnx", "jit", "compile", "distributed", "set_grad_enabled", "autograd")
DTYPES = ("float32", "float64", "float16", "bfloat16", "float", "double", "half", "int64",
          "int32", "long", "int", "bool", "uint8", "int8")


class State:
    """One nn.Module being built: its own parameters and buffers and its sub-modules, in the
    order they are registered (PyTorch's named_parameters() and state_dict() order)."""

    def __init__(self, class_name, kind):
        self.class_name = class_name
        self.kind = kind  # "module", "Sequential", "ModuleList", "ModuleDict" or "leaf"
        self.result = None  # a leaf's Result
        self.cfg = None
        self.children = []  # [name, module value]
        self.parameters = []  # [name, Tensor]
        self.buffers = []  # [name, Tensor, persistent]

    def add_child(self, name, module):
        for item in self.children:
            if item[0] == name:
                item[1] = module
                return
        self.children.append([name, module])

    def add_parameter(self, name, tensor):
        for item in self.parameters:
            if item[0] == name:
                item[1] = tensor
                return
        self.parameters.append([name, tensor])


def state_of(value):
    if isinstance(value, NNModule):
        return value.state
    if isinstance(value, Instance) and isinstance(value.host, State):
        return value.host
    return None


class Tensor(HostValue):
    """A tensor's shape (its values are never known); a Parameter when `parameter` is set."""

    def __init__(self, shape, parameter=False, requires_grad=True):
        self.shape = tuple(shape)
        self.parameter = parameter
        self.requires_grad = requires_grad

    @property
    def count(self):
        n = 1
        for d in self.shape:
            n *= d
        return n

    def get_attr(self, ev, name, where):
        if name == "shape":
            return self.shape
        if name == "data":
            return self
        if name in ("size", "dim", "numel"):
            return Builtin("Tensor." + name, lambda e, a, k, w: self.shape if name == "size" and not a
                           else self.shape[a[0]] if name == "size" else len(self.shape) if name == "dim"
                           else self.count)
        if name.endswith("_") or name in ("to", "float", "double", "half", "cuda", "cpu", "detach", "clone"):
            # In-place initialisers (uniform_, normal_, zero_) and dtype/device moves keep the shape.
            return Builtin("Tensor." + name, lambda e, a, k, w: self)
        return Unknown("a tensor's " + name)

    def binop(self, ev, op, other, reflected, where):
        if op == "isinstance":
            return NotImplemented
        if isinstance(other, Tensor) and other.shape != self.shape:
            return Unknown("a tensor computed from tensors of other shapes")
        return Tensor(self.shape)  # scaling or shifting an initial value: torch.randn(...) * 0.02

    def describe(self):
        return "a %s of shape %s" % ("Parameter" if self.parameter else "tensor", self.shape)


def tensor_shape(ev, args, kwargs, where, what):
    """torch.zeros(1, 2, 3), torch.zeros((1, 2, 3)) or torch.zeros(size=[1, 2, 3])."""
    dims = kwargs.get("size", args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args)
    if isinstance(dims, int) and not isinstance(dims, bool):
        dims = (dims,)
    if not isinstance(dims, (list, tuple)) or len(dims) > MAX_TENSOR_RANK or \
            not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims):
        fail(where, "%s needs a shape of whole numbers >= 0. Received: %s" % (what, shorten(dims)))
    return tuple(dims)


class TorchModule(HostValue):
    """`torch`, `torch.nn`, `torch.nn.functional`...: what code reaches through them."""

    def __init__(self, reader, path):
        self.reader = reader
        self.path = tuple(path)

    def get_attr(self, ev, name, where):
        return self.reader.member(self.path, name, where)

    def describe(self):
        return "the module %s" % ".".join(self.path)


class ModuleClass(HostClass):
    """nn.Module, nn.Sequential, nn.ModuleList, nn.ModuleDict or a catalogued torch.nn class:
    called to make a module, or subclassed by the code's own classes."""

    def __init__(self, reader, name, entry=None):
        self.reader = reader
        self.name = name
        self.entry = entry
        self.kind = "leaf" if entry is not None else name if name in CONTAINERS else "module"

    def call(self, ev, args, kwargs, where):
        module = NNModule(self.reader, State(self.name, self.kind))
        self.reader.made.append(module.state)
        self.reader.initialise(module.state, self, args, kwargs, where)
        return module

    def new_instance(self, ev, instance, where):
        instance.host = State(instance.cls.name, self.kind)
        self.reader.made.append(instance.host)

    def instance_attr(self, ev, instance, name, where):
        if name == "__init__":
            return Builtin(self.name + ".__init__",
                           lambda e, a, k, w: self.reader.initialise(instance.host, self, a, k, w))
        return self.reader.module_attr(instance, instance.host, name, where)

    def instance_set(self, ev, instance, name, value, where):
        self.reader.module_set(instance.host, name, value, where)

    def instance_call(self, ev, instance, args, kwargs, where):
        return Unknown("calling %s (forward is not needed for the count)" % instance.cls.name)

    def binop(self, ev, op, other, reflected, where):
        if op != "isinstance":
            return NotImplemented
        state = state_of(other)
        if state is None:
            return False
        if isinstance(other, Instance):
            host = other.cls.host_base()
            return host is self or self.name == "Module"
        return self.name in ("Module", state.class_name)


class NNModule(HostValue):
    """A module made by calling a torch.nn class (not the code's own class)."""

    def __init__(self, reader, state):
        self.reader = reader
        self.state = state

    def get_attr(self, ev, name, where):
        return self.reader.module_attr(self, self.state, name, where)

    def set_attr(self, ev, name, value, where):
        self.reader.module_set(self.state, name, value, where)

    def call(self, ev, args, kwargs, where):
        return Unknown("calling %s (forward is not needed for the count)" % self.state.class_name)

    def getitem(self, ev, key, where):
        children = self.state.children
        if self.state.kind == "ModuleDict":
            for name, module in children:
                if name == key:
                    return module
            fail(where, "the ModuleDict has no key %s" % shorten(key))
        if isinstance(key, int) and not isinstance(key, bool) and -len(children) <= key < len(children):
            return children[key][1]
        if isinstance(key, slice):
            part = NNModule(self.reader, State(self.state.class_name, self.state.kind))
            for name, module in children[key]:
                part.state.children.append([name, module])
            return part
        fail(where, "%s has no item %s" % (self.state.class_name, shorten(key)))

    def setitem(self, ev, key, value, where):
        if self.state.kind == "ModuleDict":
            self.reader.add_child(self.state, str(key), value, where)
        elif isinstance(key, int) and 0 <= key < len(self.state.children):
            self.reader.add_child(self.state, self.state.children[key][0], value, where)
        else:
            fail(where, "cannot set the item %s of %s" % (shorten(key), self.state.class_name))

    def iterate(self, ev, where):
        if self.state.kind == "ModuleDict":
            return [name for name, _ in self.state.children]
        return [module for _, module in self.state.children]

    def describe(self):
        return "an nn.%s module" % self.state.class_name


class Reader:
    def __init__(self):
        self.modules = 0
        self.modules_before = 0  # when the top-level statement running began
        self.made = []  # the top-level candidates: every module made, in order
        self.problems = []
        table = builtins()
        self.ev = Evaluator(table, self.importer, REFUSED_NAMES)

    def count_module(self, where):
        self.modules += 1
        if self.modules > MAX_MODULES:
            fail(where, "the code makes more than %d modules; the limit keeps the work bounded" % MAX_MODULES)

    # Names ---------------------------------------------------------------------------------

    def importer(self, dotted, where):
        top = dotted[0]
        if top == "torch":
            return TorchModule(self, dotted)
        if top == "collections":
            return Namespace("collections", {"OrderedDict": self.ev.builtins["dict"]})
        if top == "math":
            return math_module()
        if top in ("numpy", "np"):
            return numpy_module()
        if top in REFUSED_MODULES or top == "os":
            return SystemModule(top)
        return Unknown(".".join(dotted))

    def member(self, path, name, where):
        """torch.<path>.name."""
        last = path[-1]
        if last == "nn" and len(path) == 2:
            if name in ("Module", "Sequential", "ModuleList", "ModuleDict"):
                return ModuleClass(self, name)
            if name == "Parameter":
                return Builtin("nn.Parameter", self.parameter)
            entry = torch_entry(name)
            if entry is not None:
                return ModuleClass(self, name, entry)
            if name[:1].isupper():
                fail(where, "nn.%s is not a torch.nn class this reader counts" % name)
            return TorchModule(self, path + (name,))
        if path == ("torch",):
            if name == "nn":
                return TorchModule(self, path + (name,))
            if name in FACTORIES:
                return Builtin("torch." + name, lambda ev, a, k, w: Tensor(
                    tensor_shape(ev, a[:1] if name == "full" else a[2:] if name == "randint" else a,
                                 k, w, "torch." + name)))
            if name in LIKE:
                return Builtin("torch." + name, lambda ev, a, k, w: _like(a, w, name))
            if name == "arange":
                return Builtin("torch.arange", _arange)
            if name == "eye":
                return Builtin("torch.eye", lambda ev, a, k, w: Tensor((a[0], a[1] if len(a) > 1 else a[0])))
            if name in DTYPES:
                return "torch." + name
            if name == "Tensor":
                return Unknown("torch.Tensor")
        if path == ("torch",) and name in NOT_MODEL:
            self.ev.note(where, "skipped: torch.%s does not build the model" % name)
        return Unknown(".".join(path + (name,)))

    def parameter(self, ev, args, kwargs, where):
        data = args[0] if args else kwargs.get("data")
        requires_grad = kwargs.get("requires_grad", args[1] if len(args) > 1 else True)
        if not isinstance(data, Tensor):
            fail(where, "nn.Parameter of %s: its shape is not known here" % ev.kind(data))
        return Tensor(data.shape, True, requires_grad is not False)

    # Modules --------------------------------------------------------------------------------

    def initialise(self, state, cls, args, kwargs, where):
        """What the torch.nn class's constructor does: a leaf counts its tensors; a
        Sequential registers its arguments (or an OrderedDict's items), a ModuleList a
        list's, a ModuleDict a dict's."""
        self.count_module(where)
        if cls.kind == "leaf":
            entry = cls.entry
            order = [a for a in entry.args if not getattr(a, "not_constructor", False)]
            given = {}
            if len(args) > len(order):
                fail(where, "%s takes %d positional arguments but %d were given"
                     % (entry.name, len(order), len(args)))
            for i in range(len(args)):
                given[order[i].name] = args[i]
            for key in kwargs:
                if key in given:
                    fail(where, "%s got several values for the argument %s" % (entry.name, key))
                given[key] = kwargs[key]
            try:
                state.cfg = read_config(entry, None, _plain(self.ev, given, where))
                state.result = compute_entry(entry, state.cfg, [])
            except ValueError as e:
                fail(where, str(e))
        elif cls.kind == "Sequential":
            if len(args) == 1 and isinstance(args[0], dict):
                for key in args[0]:
                    self.add_child(state, str(key), args[0][key], where)
            else:
                for i in range(len(args)):
                    self.add_child(state, str(i), args[i], where)
        elif cls.kind in ("ModuleList", "ModuleDict"):
            items = args[0] if args else kwargs.get("modules")
            if items is None:
                return None
            if cls.kind == "ModuleDict":
                if not isinstance(items, dict):
                    items = dict(self.ev.iterate(items, where))
                for key in items:
                    self.add_child(state, str(key), items[key], where)
            else:
                for module in self.ev.iterate(items, where):
                    self.add_child(state, str(len(state.children)), module, where)
        return None

    def add_child(self, state, name, module, where):
        if state_of(module) is None:
            fail(where, "%s holds %s, not a module" % (state.class_name, self.ev.kind(module)))
        state.add_child(name, module)

    def module_set(self, state, name, value, where):
        """self.name = value: a module or a Parameter is registered, as nn.Module.__setattr__ does."""
        if state_of(value) is not None:
            state.add_child(name, value)
        elif isinstance(value, Tensor) and value.parameter:
            state.add_parameter(name, value)

    def module_attr(self, value, state, name, where):
        for child, module in state.children:
            if child == name:
                return module
        for pname, tensor in state.parameters:
            if pname == name:
                return tensor
        for bname, tensor, _ in state.buffers:
            if bname == name:
                return tensor
        if state.result is not None:
            if name in state.cfg:
                return state.cfg[name]
            for w in state.result.weights + state.result.buffers:
                if w.label == name:
                    return Tensor(w.shape_values(), True)
        methods = {
            "register_buffer": self.register_buffer, "register_parameter": self.register_parameter,
            "add_module": self.add_module, "register_module": self.add_module,
            "append": self.append, "extend": self.extend, "insert": self.insert,
        }
        if name in methods:
            method = methods[name]
            return Builtin(name, lambda ev, a, k, w: method(state, a, k, w))
        return Unknown("%s.%s" % (state.class_name, name))

    def register_buffer(self, state, args, kwargs, where):
        name, tensor = (list(args) + [kwargs.get("name"), kwargs.get("tensor")])[:2] if len(args) < 2 else args[:2]
        persistent = kwargs.get("persistent", args[2] if len(args) > 2 else True)
        if not isinstance(name, str):
            fail(where, "register_buffer needs a name. Received: %s" % self.ev.kind(name))
        if tensor is None:
            return None
        if not isinstance(tensor, Tensor):
            fail(where, "register_buffer(%r, %s): its shape is not known here" % (name, self.ev.kind(tensor)))
        state.buffers.append([name, tensor, persistent is not False])
        return None

    def register_parameter(self, state, args, kwargs, where):
        if len(args) != 2 or not isinstance(args[0], str):
            fail(where, "register_parameter(name, parameter) takes a name and a Parameter")
        if isinstance(args[1], Tensor):
            state.add_parameter(args[0], args[1])
        elif args[1] is not None:
            fail(where, "register_parameter(%r, %s): not a Parameter" % (args[0], self.ev.kind(args[1])))
        return None

    def add_module(self, state, args, kwargs, where):
        if len(args) != 2 or not isinstance(args[0], str):
            fail(where, "add_module(name, module) takes a name and a module")
        self.add_child(state, args[0], args[1], where)
        return None

    def append(self, state, args, kwargs, where):
        self.add_child(state, str(len(state.children)), args[0] if args else None, where)
        return None

    def extend(self, state, args, kwargs, where):
        for module in self.ev.iterate(args[0] if args else None, where):
            self.append(state, [module], {}, where)
        return None

    def insert(self, state, args, kwargs, where):
        if len(args) != 2 or not isinstance(args[0], int):
            fail(where, "insert(index, module) takes an index and a module")
        if state_of(args[1]) is None:
            fail(where, "%s holds %s, not a module" % (state.class_name, self.ev.kind(args[1])))
        modules = [m for _, m in state.children]
        modules.insert(args[0], args[1])
        state.children = [[str(i), modules[i]] for i in range(len(modules))]
        return None

    # The result ---------------------------------------------------------------------------

    def run(self, text):
        for statement in parse(text):
            self.modules_before = self.modules
            env = self.ev.run_statements([statement], self.statement_failed)
        chosen = state_of(env.get("model"))
        if chosen is None:
            # The last module made that no other module holds, kept in a name.
            held = {}
            for state in self.made:
                for _, module in state.children:
                    held[id(state_of(module))] = True
            named = {}
            for value in env.values():
                if state_of(value) is not None:
                    named[id(state_of(value))] = True
            for state in self.made:
                if id(state) in named and id(state) not in held:
                    chosen = state
        if chosen is None:
            if self.problems:
                raise CodeError(self.problems[0])
            raise CodeError("The code defines no PyTorch model: build one with nn.Sequential(...) "
                            "or a class derived from nn.Module, and keep it in a name (model = Net()).")
        seen = {}
        summary = Summary("", chosen.class_name, _rows("", chosen, seen), framework="torch")
        summary.skipped = ["line %d: %s" % (line, text) for line, text in self.ev.notes]
        summary.not_followed = list(self.problems)
        return summary

    def statement_failed(self, statement, error):
        """A top-level statement the reader cannot follow. A loop or branch that made no
        module is a training or data loop (`for x, y in loader:`): skipped and listed; any
        other is listed as not followed, and the summary is partial."""
        if statement[0] in ("for", "while", "if", "with", "try") and self.modules == self.modules_before:
            self.ev.note(statement[1], "skipped: this %s builds no module (%s)" % (statement[0], error))
        else:
            self.problems.append(str(error))


def _rows(prefix, state, seen):
    """A module's rows: its own parameters and buffers, then each sub-module; a module met a
    second time (shared) counts once, as named_parameters() does."""
    rows = []
    for name, tensor in state.parameters:
        count = tensor.count
        rows.append(Row(prefix + name, "Parameter", tensor.shape, count,
                        count if tensor.requires_grad else 0, tensor.requires_grad, buffers=0))
    for name, tensor, persistent in state.buffers:
        rows.append(Row(prefix + name, "buffer", tensor.shape, 0, 0, False,
                        buffers=tensor.count if persistent else 0,
                        note=None if persistent else "not persistent: outside the state_dict"))
    for name, module in state.children:
        child = state_of(module)
        full = prefix + name
        if id(child) in seen:
            rows.append(Row(full, child.class_name, None, 0, 0, True, buffers=0,
                            note="the same module as %s: counted once (shared)" % seen[id(child)]))
            continue
        seen[id(child)] = full
        if child.result is not None and not child.children and not child.parameters:
            result = child.result
            rows.append(Row(full, child.class_name, None, result.total_params, result.trainable_params,
                            True, result=result, buffers=result.buffer_count))
            continue
        inner = Summary(full, child.class_name, _rows(full + ".", child, seen), framework="torch")
        if child.result is not None:  # a subclass of a torch.nn class with modules of its own
            inner.rows.insert(0, Row(full, "nn." + child.result.layer[3:], None, child.result.total_params,
                                     child.result.trainable_params, True, result=child.result,
                                     buffers=child.result.buffer_count))
        rows.append(Row(full, child.class_name, None, inner.total_params, inner.trainable_params, True,
                        children=inner, buffers=inner.buffers or 0))
    return rows


class Namespace(HostValue):
    def __init__(self, name, members):
        self.name = name
        self.members = members

    def get_attr(self, ev, name, where):
        return self.members.get(name, Unknown(self.name + "." + name))

    def describe(self):
        return "the module " + self.name


def _like(args, where, name):
    if not args or not isinstance(args[0], Tensor):
        fail(where, "torch.%s needs a tensor" % name)
    return Tensor(args[0].shape)


def _arange(ev, args, kwargs, where):
    if not args or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        fail(where, "torch.arange is read with whole numbers only")
    return Tensor((len(range(*args)),))


def _plain(ev, given, where):
    """The arguments, checked to be values the catalogue can read (not modules or tensors)."""
    out = {}
    for key in given:
        value = given[key]
        if isinstance(value, (HostValue, Unknown, Instance)):
            fail(where, "the argument %s is %s, which the reader does not know" % (key, ev.kind(value)))
        out[key] = value
    return out


def looks_like_torch(text):
    """PyTorch code imports torch and not Keras (Keras code on the torch backend imports keras)."""
    return ("import torch" in text or "from torch" in text) and not (
        "import keras" in text or "from keras" in text or "tensorflow" in text)


def read_torch_code(text):
    """The Summary of pasted PyTorch code. Raises ValueError naming the line of anything it
    cannot read at all."""
    if not isinstance(text, str):
        raise CodeError("The code must be text.")
    try:
        return Reader().run(text)
    except RuntimeError:
        raise CodeError("The code is nested too deeply for this reader (the Python stack ran out).")
