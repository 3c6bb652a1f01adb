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
from calc.pybuiltins import builtins
from calc.pyeval import Builtin, Evaluator, HostClass, HostValue, Instance, Unknown
from calc.pyparse import CodeError, fail, parse
from calc.code_reader import REFUSED_NAMES, library_module, made_elsewhere
from calc.text import shorten
from calc.weights import Result, Weight
from calc.torch_print import CONTAINERS, torch_entry

MAX_MODULES = 20000
PARAMETER_CONTAINERS = ("ParameterList", "ParameterDict")
# Unknown values that are known not to be modules: torch's devices and dtypes, tensors'
# attributes, calls of a module (its forward, never followed).
KNOWN_NOT_MODULES = ("torch.", "a tensor", "an item of a tensor", "calling ")
MAX_TENSOR_RANK = 16
# torch functions that make a tensor of the shape they are given.
FACTORIES = ("zeros", "ones", "empty", "randn", "rand", "full", "randint")
LIKE = ("zeros_like", "ones_like", "empty_like", "randn_like", "rand_like", "full_like")
# torch's namespaces and functions that train, load, save or place: their lines are skipped.
NOT_MODEL = ("optim", "utils", "cuda", "device", "save", "load", "manual_seed", "no_grad",
             "backends", "onnx", "jit", "compile", "distributed", "set_grad_enabled", "autograd")
# nn.Module methods that return the module itself, its tensors' shapes unchanged.
SAME_MODULE = ("to", "cuda", "cpu", "float", "double", "half", "bfloat16", "train", "eval",
               "apply", "requires_grad_", "share_memory", "to_empty")
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
        self.tied = {}  # a leaf's tensor name -> (State, name) of the module it is shared with

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


class UnknownState(State):
    """An attribute set to a value the reader does not follow (timm.create_model(...))."""

    def __init__(self, origin):
        State.__init__(self, "?", "unknown")
        self.origin = origin


def state_of(value):
    if isinstance(value, NNModule):
        return value.state
    if isinstance(value, Instance) and isinstance(value.host, State):
        return value.host
    return None


class Tensor(HostValue):
    """A tensor's shape (its values are never known); a Parameter when `parameter` is set."""

    def __init__(self, shape, parameter=False, requires_grad=True, owner=None):
        self.shape = tuple(shape)
        self.parameter = parameter
        self.requires_grad = requires_grad
        self.owner = owner  # (State, name) of a module's own tensor: assigning it elsewhere ties it

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
        if name == "size":
            return Builtin("Tensor.size", self.size)
        if name == "dim":
            return Builtin("Tensor.dim", lambda e, a, k, w: len(self.shape))
        if name == "numel":
            return Builtin("Tensor.numel", lambda e, a, k, w: self.count)
        if name.endswith("_") or name in ("to", "float", "double", "half", "cuda", "cpu", "detach",
                                           "clone", "exp", "sin", "cos", "log", "sqrt", "abs"):
            # In-place initialisers (uniform_, normal_, zero_), elementwise functions and
            # dtype/device moves keep the shape.
            return Builtin("Tensor." + name, lambda e, a, k, w: self)
        if name in ("unsqueeze", "squeeze", "transpose", "permute", "view", "reshape", "flatten"):
            return Builtin("Tensor." + name, lambda e, a, k, w: Tensor(reshaped(self.shape, name, a, w)))
        return Unknown("a tensor's " + name)

    def size(self, ev, args, kwargs, where):
        """t.size() or t.size(dim)."""
        if not args:
            return self.shape
        dim = args[0]
        if not isinstance(dim, int) or isinstance(dim, bool) or not -len(self.shape) <= dim < len(self.shape):
            fail(where, "size(%s) of a tensor of shape %s" % (shorten(dim), self.shape))
        return self.shape[dim]

    def setitem(self, ev, key, value, where):
        pass  # pe[:, 0::2] = torch.sin(...): values, never a shape

    def getitem(self, ev, key, where):
        return Unknown("an item of a tensor")

    def binop(self, ev, op, other, reflected, where):
        if op == "isinstance":
            return NotImplemented
        if isinstance(other, Tensor):
            shape = broadcast(self.shape, other.shape)
            return Unknown("a tensor computed from tensors of shapes that do not broadcast") \
                if shape is None else Tensor(shape)
        return Tensor(self.shape)  # scaling or shifting an initial value: torch.randn(...) * 0.02

    def describe(self):
        return "a %s of shape %s" % ("Parameter" if self.parameter else "tensor", self.shape)


def broadcast(a, b):
    """The shape of an elementwise operation on tensors of shapes a and b (None if they do
    not broadcast): axes aligned from the right, a 1 stretched to the other's size."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and 1 not in (x, y):
            return None
        out.insert(0, y if x == 1 else x)
    return tuple(out)


def reshaped(shape, how, args, where):
    """The shape after unsqueeze, squeeze, transpose, permute, view/reshape or flatten."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        fail(where, "Tensor.%s is read with whole numbers only" % how)
    dims = list(shape)
    rank = len(dims)
    try:
        if how == "unsqueeze":
            at = args[0] if args[0] >= 0 else args[0] + rank + 1
            dims.insert(at, 1)
        elif how == "squeeze":
            dims = [d for d in dims if d != 1] if not args else [
                dims[i] for i in range(rank) if not (i == args[0] % rank and dims[i] == 1)]
        elif how == "transpose":
            a, b = args[0] % rank, args[1] % rank
            dims[a], dims[b] = dims[b], dims[a]
        elif how == "permute":
            dims = [shape[a] for a in args]
        elif how == "flatten":
            n = 1
            for d in dims:
                n *= d
            dims = [n]
        else:
            total = 1
            for d in shape:
                total *= d
            known = 1
            for a in args:
                if a != -1:
                    known *= a
            dims = [a if a != -1 else total // max(known, 1) for a in args]
    except (IndexError, ZeroDivisionError):
        fail(where, "Tensor.%s%s does not apply to a tensor of shape %s" % (how, tuple(args), tuple(shape)))
    return tuple(dims)


def tensor_shape(ev, args, kwargs, where, what):
    """torch.zeros(1, 2, 3), torch.zeros((1, 2, 3)) or torch.zeros(size=[1, 2, 3])."""
    dims = kwargs.get("size", args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args)
    if isinstance(dims, int) and not isinstance(dims, bool):
        dims = (dims,)
    if not isinstance(dims, (list, tuple)) or \
            not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims):
        fail(where, "%s needs a shape of whole numbers >= 0. Received: %s" % (what, shorten(dims)))
    if len(dims) > MAX_TENSOR_RANK:
        fail(where, "%s: a tensor of %d dimensions; the reader takes up to %d. Received: %s"
             % (what, len(dims), MAX_TENSOR_RANK, shorten(dims)))
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
        self.kind = "leaf" if entry is not None else name if name in CONTAINERS + PARAMETER_CONTAINERS else "module"

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
        self.counted = {}  # a torch.nn class and its arguments -> (cfg, Result)
        self.made = []  # the top-level candidates: every module made, in order
        self.problems = []
        table = builtins()
        # Snippets often leave the imports out: nn.Linear(...) reads as torch.nn.Linear.
        table["torch"] = TorchModule(self, ("torch",))
        table["nn"] = TorchModule(self, ("torch", "nn"))
        table["F"] = TorchModule(self, ("torch", "nn", "functional"))
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
        if top == "functools":
            return Namespace("functools", {"partial": Builtin("functools.partial", _partial)})
        return library_module(dotted)

    def member(self, path, name, where):
        """torch.<path>.name."""
        last = path[-1]
        if last == "nn" and len(path) == 2:
            if name in ("Module",) + CONTAINERS + PARAMETER_CONTAINERS:
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
            if name in ("exp", "sin", "cos", "log", "sqrt", "tanh", "sigmoid", "abs"):
                return Builtin("torch." + name, lambda ev, a, k, w: _like(a, w, name))
            if name == "arange":
                return Builtin("torch.arange", _arange)
            if name == "eye":
                return Builtin("torch.eye", lambda ev, a, k, w: Tensor((a[0], a[1] if len(a) > 1 else a[0])))
            if name in DTYPES:
                return "torch." + name
            if name == "Tensor":
                return Unknown("torch.Tensor")
        if name == "is_available" and last in ("cuda", "accelerator", "mps", "mkldnn"):
            # device checks (device = "cuda" if torch.cuda.is_available() else "cpu"): the
            # count is the same on every device.
            self.ev.note(where, "skipped: torch.%s.is_available() is read as False (the device "
                         "never changes the count)" % last)
            return Builtin("is_available", lambda ev, a, k, w: False)
        if path == ("torch",) and name in ("cuda", "accelerator", "backends") or path == ("torch", "backends"):
            return TorchModule(self, path + (name,))
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
            given = _plain(self.ev, given, where)
            # Model code builds the same module many times (a loop of 12 blocks): counted once.
            key = entry.name + repr(sorted(given.items()))
            if key not in self.counted:
                try:
                    cfg = read_config(entry, None, given)
                    self.counted[key] = (cfg, compute_entry(entry, cfg, []))
                except ValueError as e:
                    fail(where, str(e))
            state.cfg, state.result = self.counted[key]
        elif cls.kind == "Sequential":
            if len(args) == 1 and isinstance(args[0], dict):
                for key in args[0]:
                    self.add_child(state, str(key), args[0][key], where)
            else:
                for i in range(len(args)):
                    self.add_child(state, str(i), args[i], where)
        elif cls.kind in PARAMETER_CONTAINERS:
            items = args[0] if args else kwargs.get("values", kwargs.get("parameters"))
            if items is None:
                return None
            if cls.kind == "ParameterDict":
                items = items if isinstance(items, dict) else dict(self.ev.iterate(items, where))
                for key in items:
                    self.add_listed_parameter(state, str(key), items[key], where)
            else:
                for tensor in self.ev.iterate(items, where):
                    self.add_listed_parameter(state, str(len(state.parameters)), tensor, where)
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

    def add_listed_parameter(self, state, name, tensor, where):
        """An item of a ParameterList or ParameterDict: a plain tensor becomes a Parameter."""
        if not isinstance(tensor, Tensor):
            fail(where, "%s holds %s, not a tensor of known shape" % (state.class_name, self.ev.kind(tensor)))
        state.add_parameter(name, tensor if tensor.parameter else Tensor(tensor.shape, True))

    def module_set(self, state, name, value, where):
        """self.name = value: a module or a Parameter is registered, as nn.Module.__setattr__
        does. Another module's parameter set as a leaf's own (decoder.weight = encoder.weight)
        ties the two: PyTorch then lists it once, under its first name."""
        if state_of(value) is not None:
            state.add_child(name, value)
        elif isinstance(value, Unknown) and not value.origin.startswith(KNOWN_NOT_MODULES):
            # A value from outside what the reader follows (a library's class): if it is a
            # module, its tensors are missing, and its row says so.
            state.add_child(name, NNModule(self, UnknownState(value.origin)))
        elif isinstance(value, Tensor) and value.parameter:
            if value.owner is not None and value.owner[0] is not state:
                state.tied[name] = value.owner
            elif state.result is None:
                state.add_parameter(name, value)
            else:
                fail(where, "a new Parameter for %s.%s: replacing a torch.nn module's tensor is not read"
                     % (state.class_name, name))

    def module_attr(self, value, state, name, where):
        for child, module in state.children:
            if child == name:
                return module
        for pname, tensor in state.parameters:
            if pname == name:
                return Tensor(tensor.shape, True, tensor.requires_grad, (state, name))
        for bname, tensor, _ in state.buffers:
            if bname == name:
                return tensor
        if state.result is not None:
            if name in state.cfg:
                return state.cfg[name]
            if name in state.tied:
                owner, owned = state.tied[name]
                return self.module_attr(None, owner, owned, where)
            for w in state.result.weights + state.result.buffers:
                if w.label == name:
                    return Tensor(w.shape_values(), not w.buffer, owner=(state, name))
        methods = {
            "register_buffer": self.register_buffer, "register_parameter": self.register_parameter,
            "add_module": self.add_module, "register_module": self.add_module,
            "append": self.append, "extend": self.extend, "insert": self.insert,
        }
        if name in methods:
            method = methods[name]
            return Builtin(name, lambda ev, a, k, w: method(state, a, k, w))
        if name in ("modules", "children") and value is not None:
            # for m in self.modules(): if isinstance(m, nn.Conv2d): nn.init...(m.weight)
            return Builtin(name, lambda ev, a, k, w: _modules(value, name == "modules", []))
        if name in SAME_MODULE and value is not None:
            # model.to(device), .apply(init), .eval(): the same module, its tensors unchanged.
            return Builtin(name, lambda ev, a, k, w: value)
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
        if state.kind == "ParameterList":
            self.add_listed_parameter(state, str(len(state.parameters)), args[0] if args else None, where)
        else:
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
            self.ev.run_statements([statement], self.statement_failed)
        env = self.ev.globals.vars
        chosen = state_of(env.get("model"))
        if chosen is None:
            # The last module made that no other module holds, kept in a name; a model of
            # several modules before a single one (the loss: criterion = nn.BCELoss()).
            held = {}
            for state in self.made:
                for _, module in state.children:
                    held[id(state_of(module))] = True
            named = {}
            for value in env.values():
                if state_of(value) is not None:
                    named[id(state_of(value))] = True
            for state in self.made:
                if id(state) in named and id(state) not in held and (
                        chosen is None or chosen.kind == "leaf" or state.kind != "leaf"):
                    chosen = state
        if chosen is None:
            if self.problems:
                raise CodeError(self.problems[0])
            raise CodeError("The code defines no PyTorch model%s: build one with nn.Sequential(...) "
                            "or a class derived from nn.Module, and keep it in a name (model = Net())."
                            % made_elsewhere(env))
        seen = {id(chosen): "the model"}
        if chosen.result is not None and not chosen.children and not chosen.parameters:
            rows = [_leaf_row(chosen.class_name, chosen, seen)]  # model = nn.LSTM(...): one row
        else:
            rows = _rows("", chosen, seen)
        # The model's name is the variable that holds it, as the code calls it (net = Net()).
        # (Sorted: MicroPython's dict order is not the insertion order.)
        names = sorted([key for key in env if state_of(env[key]) is chosen])
        summary = Summary("model" if "model" in names else (names[0] if names else ""),
                          chosen.class_name, rows, framework="torch")
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
        rows.append(_tensor_row(prefix + name, Weight(name, tensor.shape, tensor.requires_grad)))
    for name, tensor, persistent in state.buffers:
        row = _tensor_row(prefix + name, Weight(name, tensor.shape, buffer=True))
        if not persistent:
            row.buffers = 0
            row.note = "not persistent: outside the state_dict"
        rows.append(row)
    for name, item in _slots(state):
        full = prefix + name
        if isinstance(item, Weight):  # the torch.nn parent's own tensor (a Linear's weight)
            rows.append(_tensor_row(full, item))
            continue
        if isinstance(item, Result):  # tensors of the torch.nn class the code's class derives from
            rows.append(Row(full, item.layer, None, item.total_params, item.trainable_params, True,
                            result=item, buffers=item.buffer_count,
                            note="made by %s.__init__, which %s derives from" % (item.layer, state.class_name)))
            continue
        child = state_of(item)
        if id(child) in seen:
            rows.append(Row(full, child.class_name, None, 0, 0, True, buffers=0,
                            note="the same module as %s: counted once (shared)" % seen[id(child)]))
            continue
        seen[id(child)] = full
        if isinstance(child, UnknownState):
            rows.append(Row(full, "?", None, None, None, True, known=False,
                            problem="set to %s, which the reader does not follow: if it is a module, "
                                    "its tensors are not counted" % shorten(child.origin, 80)))
            continue
        if child.result is not None and not child.children and not child.parameters:
            rows.append(_leaf_row(full, child, seen))
            continue
        inner = Summary(full, child.class_name, _rows(full + ".", child, seen), framework="torch")
        rows.append(Row(full, child.class_name, None, inner.total_params, inner.trainable_params, True,
                        children=inner, buffers=inner.buffers or 0))
    return rows


def _tensor_row(name, weight):
    """A module's own Parameter or buffer as a row; its Result holds the one tensor."""
    result = Result("nn.Parameter" if not weight.buffer else "buffer", [weight], None, framework="torch")
    return Row(name, "buffer" if weight.buffer else "Parameter", None, result.total_params,
               result.trainable_params, weight.trainable and not weight.buffer, result=result,
               buffers=result.buffer_count)


def _slots(state):
    """[(name, module or Result)]: the sub-modules, and for a class derived from a torch.nn
    class that registers modules of its own (nn.Transformer: encoder, decoder), the tensors
    of each of those, in their place unless the code replaced the module by its name."""
    if state.result is None or not (state.children or state.parameters):
        return state.children
    slots = []
    where = {}
    for w in state.result.weights + state.result.buffers:
        top, _, rest = w.label.partition(".")
        if not rest:
            slots.append([top, w])
            continue
        if top not in where:
            where[top] = len(slots)
            slots.append([top, []])
        slots[where[top]][1].append(Weight(rest or top, w.shape, w.trainable, buffer=w.buffer, dtype=w.dtype))
    layer = state.result.layer
    slots = [[name, Result(layer, item, None, framework="torch") if isinstance(item, list) else item]
             for name, item in slots]
    for name, module in state.children:
        if name in where:
            slots[where[name]][1] = module
        else:
            slots.append([name, module])
    return slots


def _leaf_row(name, state, seen):
    """A torch.nn module's row; a tensor tied to another module's is counted there."""
    result = state.result
    if not state.tied:
        return Row(name, state.class_name, None, result.total_params, result.trainable_params,
                   True, result=result, buffers=result.buffer_count)
    own = Result(result.layer, [w for w in result.weights if w.label not in state.tied] + result.buffers,
                 None, framework="torch")
    ties = ", ".join("%s is %s" % (label, "%s.%s" % (seen.get(id(owner), owner.class_name), owned))
                     for label, (owner, owned) in sorted(state.tied.items()))
    return Row(name, state.class_name, None, own.total_params, own.trainable_params, True,
               result=own, buffers=own.buffer_count, note="tied: %s, counted once there" % ties)


class Namespace(HostValue):
    def __init__(self, name, members):
        self.name = name
        self.members = members

    def get_attr(self, ev, name, where):
        return self.members.get(name, Unknown(self.name + "." + name))

    def describe(self):
        return "the module " + self.name


class Partial(HostValue):
    """functools.partial(nn.BatchNorm2d, eps=1e-3): called, it calls the function with the
    arguments given first, then the call's."""

    def __init__(self, fn, args, kwargs):
        self.fn = fn
        self.args = list(args)
        self.kwargs = kwargs

    def call(self, ev, args, kwargs, where):
        merged = dict(self.kwargs)
        merged.update(kwargs)
        return ev.call(self.fn, self.args + list(args), merged, where)

    def describe(self):
        return "a functools.partial"


def _partial(ev, args, kwargs, where):
    if not args:
        fail(where, "functools.partial needs a function")
    return Partial(args[0], args[1:], kwargs)


def _modules(value, recurse, found):
    """model.modules() (the module, then every sub-module, each once) or model.children()."""
    if recurse:
        found.append(value)
    for _, child in state_of(value).children:
        if any(child is f for f in found):
            continue
        if recurse:
            _modules(child, True, found)
        else:
            found.append(child)
    return found


def _like(args, where, name):
    if args and isinstance(args[0], Unknown):
        return args[0]  # values the reader does not follow (a positional encoding's sines)
    if not args or not isinstance(args[0], Tensor):
        fail(where, "torch.%s needs a tensor" % name)
    return Tensor(args[0].shape)


def _arange(ev, args, kwargs, where):
    if not args or len(args) > 3 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
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
    """PyTorch code imports torch, or uses nn.Module / nn.Sequential without importing (a
    snippet), and is not Keras (Keras code on the torch backend imports keras)."""
    torch = "import torch" in text or "from torch" in text or "nn.Module" in text or "nn.Sequential(" in text
    return torch and not ("import keras" in text or "from keras" in text or "tensorflow" in text)


def read_torch_code(text):
    """The Summary of pasted PyTorch code. Raises ValueError naming the line of anything it
    cannot read at all."""
    if not isinstance(text, str):
        raise CodeError("The code must be text.")
    try:
        return Reader().run(text)
    except RuntimeError:
        raise CodeError("The code is nested too deeply for this reader (the Python stack ran out).")
