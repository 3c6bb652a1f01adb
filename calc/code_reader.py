"""Read pasted Keras Python code into the model description ``model.to_json()`` would give.

The code is never run. calc.pyparse parses it and calc.pyeval evaluates it with its own
values; this module is the Keras those values meet: modules, layer classes, keras.Input,
Sequential and functional models, keras.ops, and the code's own Layer and Model subclasses,
whose build() and call() are traced with symbolic tensors (shapes only) to find the
sub-layers' input shapes and the weights they add. Layers are created -- and auto-named --
in Python's own evaluation order, as Keras names them. Lines that do not build the model
(os.environ, plotting, training) are skipped and listed; a statement that cannot be
followed is listed too and the rest goes on. Written for MicroPython too.

    read_code("model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])")
    -> {"class_name": "Sequential", "config": {"name": "sequential", "layers": [...]}, ...}
"""

from calc import ops_shapes
from calc.args import check_shapes
from calc.catalogue import compute_entry, find, read_config
from calc.keras_classes import read as read_keras_classes
from calc.pybuiltins import builtins, math_module, numpy_module
from calc.pyeval import MAX_SEQUENCE, Evaluator, HostClass, HostValue, Instance, Unknown
from calc.pyparse import CodeError, fail
from calc.text import fmt_shape, snake_case

MAX_LAYERS = 20000

# keras.layers helper functions: name -> the layer class they create and call.
MERGE_HELPERS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                 "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                 "concatenate": "Concatenate", "dot": "Dot"}
# Layers that create auto-named sub-layers when they are built (first called): those
# take the next names, as in Keras (a Dropout after a MultiHeadAttention is "dropout_1").
BUILD_SUBLAYERS = {"MultiHeadAttention": ("Softmax", "Dropout"),
                   "GroupedQueryAttention": ("Softmax", "Dropout")}
# Modules whose callables only configure training or weights' values, never a count:
# their calls become opaque placeholders and their arguments are not even read.
OPAQUE_MODULES = ("regularizers", "initializers", "constraints", "optimizers", "losses",
                  "metrics", "callbacks", "schedules", "mixed_precision")
# Submodules of keras.ops (keras.ops.nn.relu, keras.ops.image.extract_patches).
OPS_SUBMODULES = ("nn", "numpy", "image", "core", "math", "linalg")
# TensorFlow's names for keras.ops functions, in model code written for tf.keras.
TF_OPS = {"concat": "concatenate", "reduce_mean": "mean", "reduce_sum": "sum", "reduce_max": "max",
          "reduce_min": "min", "reduce_prod": "prod", "range": "arange", "gather": "take",
          "expand_dims": "expand_dims", "multiply": "multiply", "add": "add", "subtract": "subtract",
          "divide": "divide", "pow": "power", "squared_difference": "subtract", "identity": "copy",
          "floordiv": "floor_divide", "floormod": "mod", "truediv": "true_divide"}
SUBMODULES = ("keras", "layers", "models", "activations", "experimental", "preprocessing", "random",
              "nn", "ops", "src", "core", "v1", "compat", "v2") + OPAQUE_MODULES
ACTIVATIONS = ("relu", "relu6", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu",
               "swish", "softplus", "softsign", "exponential", "linear", "leaky_relu",
               "hard_sigmoid", "hard_silu", "hard_swish", "mish", "log_softmax")
# What a layer or model holds once it runs (its variables, losses...): not followed.
LAYER_STATE = ("weights", "trainable_weights", "non_trainable_weights", "variables",
               "trainable_variables", "non_trainable_variables", "set_weights", "get_weights",
               "compute_mask", "losses", "metrics", "add_loss", "input_spec", "supports_masking",
               "compute_output_shape", "dtype", "kernel", "bias")
# Methods of a model whose lines are skipped unread (they train, save or print).
IGNORED_METHODS = ("summary", "compile", "fit", "evaluate", "predict", "save", "save_weights",
                   "load_weights", "count_params", "get_config", "to_json", "export")
# Builtins whose use is refused: they run, open or inspect things. Assigning to one of
# these names is fine (model code often calls a tensor `input`); only the builtin is refused.
REFUSED_NAMES = ("eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "globals",
                 "locals", "vars", "input", "breakpoint", "__import__", "__builtins__", "type",
                 "object", "exit", "quit", "help", "dir", "memoryview", "id", "hasattr")
# Modules that exist to run programs, touch files or load code: their import is refused
# outright (os, whose environ lines start most Keras 3 examples, is read as skipped).
REFUSED_MODULES = ("sys", "subprocess", "shutil", "importlib", "builtins", "ctypes", "socket",
                   "pickle", "marshal", "multiprocessing", "threading", "runpy", "code", "pty")


def _layer_classes():
    """The classes code may name as keras.layers.X (calc/keras_classes.py): X -> (the class
    Keras writes into the JSON, MaxPool2D -> MaxPooling2D; its positional parameters)."""
    classes = {}
    for keras_module, name, class_name, _, positional in read_keras_classes():
        if keras_module == "keras.layers":
            classes[name] = (class_name, positional)
    return classes


LAYER_CLASSES = _layer_classes()


# The Keras world the evaluator sees -------------------------------------------------------

class Module(HostValue):
    """A module bound by an import, e.g. ('keras', 'layers') for `from keras import layers`."""

    def __init__(self, reader, path):
        self.reader = reader
        self.path = tuple(path)

    def dotted(self):
        return ".".join(self.path)

    def get_attr(self, ev, name, where):
        return self.reader.member(self.path, name, where)

    def describe(self):
        return "the module %s" % self.dotted()


class SystemModule(HostValue):
    """os, sys, subprocess, shutil...: modules that run programs or touch files. Nothing of
    theirs is ever called: os.environ["KERAS_BACKEND"] = "jax" (the first line of most
    Keras 3 examples), os.path and os.getenv are skipped as not building the model; any other
    use (os.system, shutil.rmtree, sys.exit) is refused and skipped, and both are listed."""

    NOT_FOLLOWED = ("environ", "path", "getenv", "cpu_count", "sep", "argv", "version", "platform")

    def __init__(self, name):
        self.name = name

    def get_attr(self, ev, name, where):
        if self.name in ("os", "sys") and name in self.NOT_FOLLOWED:
            return Unknown("%s.%s" % (self.name, name))
        return Refused("%s.%s" % (self.name, name))

    def describe(self):
        return "the module %s" % self.name


class Refused(HostValue):
    """os.system, shutil.rmtree...: refused. The statement is skipped and listed."""

    def __init__(self, text):
        self.text = text

    def call(self, ev, args, kwargs, where):
        ev.note(where, "refused and skipped: %s is never run" % self.text)
        return None

    def get_attr(self, ev, name, where):
        return Refused(self.text + "." + name)

    def describe(self):
        return self.text


class Opaque(HostValue):
    """A value that never changes a count (a regularizer, an initializer...): kept as text."""

    def __init__(self, text):
        self.text = text

    def call(self, ev, args, kwargs, where):
        return Opaque(self.text + "(...)")

    def get_attr(self, ev, name, where):
        return Opaque(self.text + "." + name)

    def to_json(self):
        return {"class_name": "__opaque__", "config": {"source": self.text}}

    def describe(self):
        return self.text


class KerasFunction(HostValue):
    """keras.Input, keras.Sequential, keras.Model(inputs, outputs), a merge helper such as
    layers.add, an activation (keras.activations.relu), or a keras.ops function."""

    def __init__(self, reader, kind, name):
        self.reader = reader
        self.kind = kind  # input, sequential, merge, activation, op
        self.name = name

    def call(self, ev, args, kwargs, where):
        return self.reader.call_function(self, args, kwargs, where)

    def describe(self):
        return "keras %s" % self.name


class LayerClass(HostClass):
    """A catalogued Keras layer class: calling it makes a Layer; the code may subclass it
    (then it counts as a custom layer built on the class's own behaviour: its sub-layers
    and weights are those the code adds)."""

    def __init__(self, reader, name, params):
        self.reader = reader
        self.name = name
        self.params = params

    def call(self, ev, args, kwargs, where):
        return self.reader.construct(self, args, kwargs, where)

    def binop(self, ev, op, other, reflected, where):
        if op == "isinstance":
            return isinstance(other, Layer) and other.class_name == self.name
        return NotImplemented

    def new_instance(self, ev, instance, where):
        self.reader.new_custom(instance, where)

    def instance_attr(self, ev, instance, name, where):
        return self.reader.custom_attr(instance, name, where)

    def instance_set(self, ev, instance, name, value, where):
        self.reader.custom_set(instance, name, value, where)

    def instance_call(self, ev, instance, args, kwargs, where):
        return self.reader.call_custom(instance, args, kwargs, where)

    def describe(self):
        return "the class %s" % self.name


class BaseClass(LayerClass):
    """keras.layers.Layer or keras.Model: what the code's own classes derive from. Calling
    keras.Model(inputs, outputs) itself builds a functional model."""

    def __init__(self, reader, name, is_model):
        LayerClass.__init__(self, reader, name, ())
        self.is_model = is_model

    def call(self, ev, args, kwargs, where):
        if self.is_model:
            return self.reader.make_functional(args, kwargs, where)
        fail(where, "keras.layers.Layer itself holds nothing: subclass it")

    def binop(self, ev, op, other, reflected, where):
        if op == "isinstance":
            if self.is_model:
                return isinstance(other, Model) or isinstance(other, Instance) and other.host is not None \
                    and other.host.is_model
            return isinstance(other, (Layer, Model)) or isinstance(other, Instance) and other.host is not None
        return NotImplemented


class Node:
    def __init__(self, args, kwargs, is_input=False):
        self.args = args
        self.kwargs = kwargs
        self.is_input = is_input
        self.inputs = _tensors_in([args, kwargs], [])


class Layer(HostValue):
    """A standard Keras layer made by the code (or an operation of keras.ops)."""

    def __init__(self, reader, class_name, name, config, module="keras.layers"):
        self.reader = reader
        self.class_name = class_name
        self.name = name
        self.config = config
        self.module = module
        self.nodes = []
        self.input_shape_arg = None  # legacy input_shape=/input_dim= keyword
        self.batch_shape = None  # InputLayer only
        self.built = False
        self.build_shapes = None  # the input shapes of its first call
        self.output_shapes = []  # one per call, for an operation
        self._checked = None  # (entry, config) once read, for every later call

    def checked_config(self):
        """(catalogue entry, config read and checked by it), read once: a StringLookup's
        6,000-word vocabulary is not converted again at every call."""
        if self._checked is None:
            entry = find(self.class_name)
            self._checked = (entry, read_config(entry, _json(self.config)))
        return self._checked

    def spec(self):
        config = {"name": self.name}
        for key in self.config:
            config[key] = _json(self.config[key])
        spec = {"module": self.module, "class_name": self.class_name, "config": config,
                "registered_name": None}
        if self.build_shapes is not None:
            shapes = [list(s) for s in self.build_shapes]
            spec["build_config"] = {"input_shape": shapes[0] if len(shapes) == 1 else shapes}
        elif not self.built and self.class_name != "InputLayer":
            spec["calc_unbuilt"] = True  # never called: Keras never builds it (a called layer
            # whose input shape the reader could not follow gets no mark, and calc.model
            # reports that its input shape is unknown)
        if (self.module.startswith("keras.src.ops") or self.class_name == "Lambda") and self.output_shapes:
            spec["calc_output_shape"] = _json(self.output_shapes[-1])
        return spec

    def call(self, ev, args, kwargs, where):
        return self.reader.call_layer(self, args, kwargs, where)

    def get_attr(self, ev, name, where):
        if name == "trainable":
            return self.config.get("trainable", True) is not False
        if name == "name":
            return self.name
        if name == "output" and self.class_name == "InputLayer" and self.nodes:
            return Tensor(self.reader, self, 0, 0, shape=tuple(self.batch_shape))
        if name == "build":
            return Bound(lambda ev, a, k, w: self.reader.build_layer(self, a, w), "layer.build")
        if name in ("get_vocabulary", "vocabulary_size") and self.class_name in ("StringLookup", "IntegerLookup"):
            return Bound(lambda ev, a, k, w: self.reader.vocabulary(self, name, w), name)
        if name in IGNORED_METHODS or name in LAYER_STATE:
            return Unknown("%s.%s" % (self.name, name))
        fail(where, "the attribute %s of the layer %s is not read" % (name, self.name))

    def set_attr(self, ev, name, value, where):
        if name != "trainable" or not isinstance(value, bool):
            fail(where, "only layer.trainable = True/False is read, not layer.%s" % name)
        self.config["trainable"] = value

    def describe(self):
        return "the layer %s" % self.name


class Tensor(HostValue):
    """A symbolic tensor: its shape (batch axis first, None where unknown) and, in a model's
    graph, the layer call that made it. Inside a custom layer's call() tensors are traced
    for their shapes only (layer is None)."""

    def __init__(self, reader, layer, node_index, tensor_index, whole=True, shape=None):
        self.reader = reader
        self.layer = layer
        self.node_index = node_index
        self.tensor_index = tensor_index
        self.whole = whole  # the whole result of a call (may be unpacked or indexed)
        self.shape = shape  # a tuple, a list of tuples for several outputs, or None

    def node(self):
        return self.layer.nodes[self.node_index]

    def same(self, other):
        return (isinstance(other, Tensor) and other.layer is self.layer and
                other.node_index == self.node_index and other.tensor_index == self.tensor_index)

    def get_attr(self, ev, name, where):
        if name == "shape":
            return self.shape if isinstance(self.shape, tuple) else Unknown("a tensor's shape")
        if name == "ndim" and isinstance(self.shape, tuple):
            return len(self.shape)
        if name == "dtype":
            return "float32"
        if name == "T":
            return self.reader_op("transpose", [self], {}, where)
        if name in ("assign", "assign_add", "assign_sub", "numpy", "trainable", "name"):
            return Unknown("a variable's %s" % name)
        fail(where, "a tensor's attribute %s is not read" % name)

    def reader_op(self, name, args, kwargs, where):
        return self.reader.call_op(name, args, kwargs, where)

    def binop(self, ev, op, other, reflected, where):
        if op.startswith("convert_") or op == "isinstance":
            return NotImplemented
        if op.startswith("unary"):
            if op == "unary+":
                return self
            name = ops_shapes.UNARY_OPERATORS.get(op[len("unary"):])
            if name is None:
                fail(where, "the operator %s on tensors is not read" % op[len("unary"):])
            return self.reader_op(name, [self], {}, where)
        name = ops_shapes.OPERATORS.get(op)
        if name is None:
            fail(where, "the operator %s on tensors is not read" % op)
        args = [other, self] if reflected else [self, other]
        return self.reader_op(name, args, {}, where)

    def getitem(self, ev, key, where):
        if self.whole and isinstance(self.shape, list) and isinstance(key, int) and not isinstance(key, bool):
            # out, h, c = LSTM(..., return_state=True)(x): one call, several outputs.
            if not -len(self.shape) <= key < len(self.shape):
                fail(where, "the call has %d outputs; no output %d" % (len(self.shape), key))
            key = key % len(self.shape)
            return Tensor(self.reader, self.layer, self.node_index, key, False, self.shape[key])
        return self.reader_op("get_item", [self, key], {}, where)

    def truth(self, ev, where):
        fail(where, "a symbolic tensor has no truth value (Keras refuses `if tensor:` too)")

    def iterate(self, ev, where):
        if self.whole and isinstance(self.shape, list):
            return [Tensor(self.reader, self.layer, self.node_index, i, False, self.shape[i])
                    for i in range(len(self.shape))]
        fail(where, "iterating over a tensor is not read")

    def describe(self):
        if self.layer is not None:
            return "a tensor (output of %s)" % self.layer.name
        return "a tensor of shape %s" % (fmt_shape(self.shape) if isinstance(self.shape, tuple) else "?")


class Model(HostValue):
    """A Sequential or Functional model built by the code; also usable as a layer."""

    def __init__(self, reader, class_name, name):
        self.reader = reader
        self.class_name = class_name
        self.name = name
        self.layers = []  # Sequential
        self.inputs = None  # Functional: the structures given
        self.outputs = None
        self.trainable = True
        # A Functional model starts with a node linking its inputs to its outputs; calls
        # on it are nodes 1, 2, ... (as in Keras's serialization).
        self.nodes = [Node([], {}, True)] if class_name == "Functional" else []
        self.config = {}
        self.build_shapes = None

    def spec(self):
        spec = self.to_json()
        if self.build_shapes is not None and self.class_name == "Sequential":
            shapes = [list(s) for s in self.build_shapes]
            spec["build_config"] = {"input_shape": shapes[0] if len(shapes) == 1 else shapes}
        return spec

    def to_json(self):
        if self.class_name == "Sequential":
            config = {"name": self.name, "trainable": self.trainable,
                      "layers": [_json(layer) for layer in self.layers]}
        else:
            config = _functional_config(self)
        return {"module": "keras", "class_name": self.class_name, "config": config,
                "registered_name": None}

    def call(self, ev, args, kwargs, where):
        return self.reader.call_layer(self, args, kwargs, where)

    def get_attr(self, ev, name, where):
        if name in ("add", "build", "pop"):
            return Bound(lambda ev, a, k, w: self.reader.model_method(self, name, a, k, w), "model." + name)
        if name == "trainable":
            return self.trainable
        if name == "name":
            return self.name
        if name == "layers":
            return list(self.layers) if self.class_name == "Sequential" else Unknown("model.layers")
        if name in ("output", "input", "outputs", "inputs") and self.class_name == "Functional":
            return self.outputs if name.startswith("output") else self.inputs
        if name in IGNORED_METHODS or name in LAYER_STATE or name in ("optimizer", "history", "stop_training"):
            return Unknown("model.%s" % name)
        fail(where, "the model's attribute %s is not read" % name)

    def set_attr(self, ev, name, value, where):
        if name != "trainable" or not isinstance(value, bool):
            fail(where, "only model.trainable = True/False is read, not model.%s" % name)
        self.trainable = value

    def describe(self):
        return "the model %s" % self.name


class Bound(HostValue):
    """A method of the reader's values: model.add, model.build, self.add_weight..."""

    def __init__(self, fn, name):
        self.fn = fn
        self.name = name

    def call(self, ev, args, kwargs, where):
        return self.fn(ev, args, kwargs, where)

    def describe(self):
        return self.name


class Custom:
    """The Keras side of an instance of the code's own Layer or Model subclass: its name,
    the sub-layers and weights it tracks (in the order Keras tracks them), its calls."""

    def __init__(self, instance, is_model):
        self.instance = instance
        self.is_model = is_model
        self.name = None
        self.trainable = True
        self.weights = []  # (name, shape, trainable)
        self.tracked = []  # sub-layers and sub-models, in assignment order
        self.built = False
        self.nodes = []
        self.output_shapes = []
        self.build_shapes = None
        self.class_name = instance.cls.name
        self.module = "<pasted code>"
        self.functional = None  # CustomModel(inputs, outputs): the functional model it is
        self.base_class = None  # the catalogued class it derives from (class MyConv(Conv2D))
        self.base = None  # the Layer that class makes from the constructor's arguments

    def spec(self):
        if self.functional is not None:
            return self.functional.to_json()
        if self.base is not None and not self.weights and not self.tracked:
            # Counted as the class it derives from, shown under its own name.
            spec = self.base.spec()
            spec["config"]["name"] = self.name
            spec["calc_class_name"] = self.class_name
            return spec
        layers = [_json(item) for item in self.tracked]
        spec = {"module": self.module, "class_name": self.class_name, "registered_name": self.class_name,
                "config": {"name": self.name, "trainable": self.trainable},
                "calc_custom": {
                    "weights": [{"name": n, "shape": list(s), "trainable": t} for n, s, t in self.weights],
                    "layers": layers, "built": self.built, "model": self.is_model,
                    "output_shape": _json(self.output_shapes[-1]) if self.output_shapes else None}}
        return spec


def _tensors_in(value, found):
    if isinstance(value, Tensor):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _tensors_in(v, found)
    elif isinstance(value, dict):
        for k in sorted(value):  # keras.tree.flatten orders a dict by its keys
            _tensors_in(value[k], found)
    return found


def _json(value):
    """A value as it appears in Keras's JSON: tuples become lists, layers their specs."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value  # first: a vocabulary is thousands of these
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return dict((k, _json(value[k])) for k in value)
    if isinstance(value, (Layer, Model)):
        return value.spec()
    if isinstance(value, Instance) and value.host is not None:
        return value.host.spec()
    if isinstance(value, Opaque):
        return value.to_json()
    if isinstance(value, KerasFunction) and value.kind in ("activation", "op"):
        return value.name  # activation=keras.ops.gelu is saved as "gelu"
    # Anything else (a function given to Lambda, a set, an object the reader does not
    # follow) is kept as a placeholder: no count reads it, and the JSON stays JSON.
    return {"class_name": "__opaque__", "config": {"source": _placeholder_text(value)}}


def _placeholder_text(value):
    if isinstance(value, Unknown):
        return value.origin
    if isinstance(value, HostValue):
        return value.describe()
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else type(value).__name__


# The functional graph, as keras.src.ops.function.map_graph orders it ------------------

def _functional_config(model):
    inputs = _tensors_in(model.inputs, [])
    outputs = _tensors_in(model.outputs, [])
    finished = {}  # (operation, node index) keys of nodes done
    order = []  # nodes from inputs to outputs
    indices = {}  # id(operation) -> first traversal index
    operations = {}  # id -> operation

    def key(op, index):
        return (id(op), index)

    def visit(start):
        """Keras's depth-first _build_map_helper, with an explicit stack instead of
        recursion (a 500-layer chain would exhaust MicroPython's stack)."""
        stack = [[start, -1]]  # [tensor, index of the next input to visit]
        while stack:
            entry = stack[-1]
            tensor = entry[0]
            op = tensor.layer
            node = op.nodes[tensor.node_index]
            k = key(op, tensor.node_index)
            if entry[1] < 0:
                if k in finished:
                    stack.pop()
                    continue
                if not node.is_input and any(tensor.same(t) for t in inputs):
                    finished[k] = True
                    stack.pop()
                    continue
                if node.is_input and not any(tensor.same(t) for t in inputs):
                    # Keras: "Output ... is not connected to `inputs`".
                    raise CodeError("The model's outputs are disconnected from its inputs: they "
                                    "use the input %s, which is not among the model's inputs." % op.name)
                if id(op) not in indices:
                    indices[id(op)] = len(indices)
                    operations[id(op)] = op
                entry[1] = 0
            children = [] if node.is_input else node.inputs
            if entry[1] < len(children):
                entry[1] += 1
                stack.append([children[entry[1] - 1], -1])
                continue
            finished[k] = True
            order.append((op, tensor.node_index))
            stack.pop()

    for t in outputs:
        visit(t)
    graph = {}
    for op, i in order:
        graph[key(op, i)] = True
    node_depth = {}
    op_depth = {}
    for op, i in reversed(order):
        d = node_depth.setdefault(key(op, i), 0)
        d = max(d, op_depth.get(id(op), 0))
        op_depth[id(op)] = d
        node_depth[key(op, i)] = d
        for t in op.nodes[i].inputs:
            k = key(t.layer, t.node_index)
            if k in graph:
                node_depth[k] = max(d + 1, node_depth.get(k, 0))
    for t in inputs:  # inputs not connected to the outputs still belong to the model
        if id(t.layer) not in op_depth and t.node().is_input:
            op_depth[id(t.layer)] = 0
            indices[id(t.layer)] = -1
            operations[id(t.layer)] = t.layer
            graph[key(t.layer, t.node_index)] = True
    for op, i in order:  # every tensor a node uses must come from the inputs
        for t in op.nodes[i].inputs:
            if key(t.layer, t.node_index) not in graph and not any(t.same(x) for x in inputs):
                raise CodeError("The model's graph is disconnected: %s uses a tensor from %s, "
                                "which does not come from the model's inputs."
                                % (op.name, t.layer.name))
    ranked = [(-op_depth[k], indices[k], k) for k in op_depth]
    ranked.sort()
    ops = [operations[k] for _, _, k in ranked]
    seen = {}
    for op in ops:
        if op.name in seen:
            raise CodeError('The name "%s" is used more than once in the model. All layer names '
                            'should be unique.' % op.name)
        seen[op.name] = True

    def new_index(op, index):
        # Only nodes of this model count; a Functional's own first node always does.
        kept = 1 if isinstance(op, Model) and op.class_name == "Functional" else 0
        for j in range(index):
            if key(op, j) in graph:
                kept += 1
        return kept

    def tensor_json(t):
        return {"class_name": "__keras_tensor__",
                "config": {"keras_history": [t.layer.name, new_index(t.layer, t.node_index), t.tensor_index]}}

    def node_json(value):
        if isinstance(value, Tensor):
            return tensor_json(value)
        if isinstance(value, (list, tuple)):
            return [node_json(v) for v in value]
        if isinstance(value, dict):
            return dict((k, node_json(value[k])) for k in value)
        return _json(value)

    layers = []
    for op in ops:
        spec = op.spec()
        spec["name"] = op.name
        nodes = []
        for i in range(len(op.nodes)):
            node = op.nodes[i]
            if key(op, i) in graph and node.inputs:
                nodes.append({"args": node_json(node.args), "kwargs": node_json(node.kwargs)})
        spec["inbound_nodes"] = nodes
        layers.append(spec)

    def ends(value):
        if isinstance(value, Tensor):
            return [value.layer.name, new_index(value.layer, value.node_index), value.tensor_index]
        if isinstance(value, dict):
            return dict((k, ends(value[k])) for k in value)
        return [ends(v) for v in value]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": ends(model.inputs), "output_layers": ends(model.outputs)}


# Shapes of keras.ops calls ------------------------------------------------------------------

OP_MODULE = "keras.src.ops.numpy"
# keras.ops class names that are not the CamelCase of the function's name.
OP_CLASSES = {"get_item": "GetItem"}


def op_result(name, args, kwargs, where):
    """keras.ops.<name>(*args, **kwargs) on traced tensors: ("tensor", shape), where shape is
    None when some input's shape is unknown or the reader knows no rule for the function,
    or ("value", v) for ops.shape. calc.ops_shapes holds the rules."""
    if name.startswith("random_"):
        return ("tensor", _random_shape(name[len("random_"):], args, kwargs))
    if name in ("tf_depth_to_space", "tf_space_to_depth"):
        return ("tensor", _tf_block_move(name, args, kwargs, where))
    if name == "tf_extract_patches":  # TensorFlow's spelling of extract_patches
        (args, kwargs), name = _tf_extract_patches(args, kwargs), "extract_patches"
    name = OPS_ALIASES.get(name, name)
    rule = ops_shapes.FUNCTIONS.get(name)
    if rule is None and name in ops_shapes.ACTIVATIONS:
        rule = (ops_shapes.ACTIVATIONS[name], "x")
    if rule is None:
        return ("tensor", None)
    fn, tensors = rule
    call_args = list(args)
    kwargs = dict(kwargs)
    if name == "matmul" and ("transpose_a" in kwargs or "transpose_b" in kwargs):
        # tf.matmul(a, b, transpose_b=True): the same product of the transposed operands.
        for i, flag in ((0, kwargs.pop("transpose_a", False)), (1, kwargs.pop("transpose_b", False))):
            if flag is True and i < len(call_args) and isinstance(call_args[i], Tensor):
                t = call_args[i]
                swapped = None
                if isinstance(t.shape, tuple) and len(t.shape) >= 2:
                    swapped = t.shape[:-2] + (t.shape[-1], t.shape[-2])
                call_args[i] = Tensor(t.reader, None, 0, 0, shape=swapped)
    names = tensors.split()
    try:
        for i in range(len(names)):
            token = names[i]
            if token.startswith("*"):  # einsum's operands: every argument from here on
                for j in range(i, len(call_args)):
                    call_args[j] = _tensor_shape(call_args[j])
                break
            key = token.strip("[]")
            if i < len(call_args):
                call_args[i] = _tensor_shape(call_args[i])
            elif key in kwargs:
                kwargs[key] = _tensor_shape(kwargs[key])
        for key in kwargs:
            kwargs[key] = _tensor_shape(kwargs[key]) if isinstance(kwargs[key], Tensor) else _sizes(kwargs[key])
        call_args = [_sizes(a) for a in call_args]
    except _UnknownShape:
        return ("tensor", None)
    try:
        result = fn(*call_args, **kwargs)
    except (ValueError, TypeError) as e:
        fail(where, "keras.ops.%s: %s" % (name, e))
    if name == "shape":
        return ("value", tuple(UNKNOWN_DIM if d is None else d for d in result))
    return ("tensor", result)


class UnknownDim(HostValue):
    """A size ops.shape() gives for an axis known only at run time (the batch, an image of
    any size). Keras traces call() with the backend's symbolic sizes, so model code does
    arithmetic on it (height * block_size); so does this, and the result stays unknown."""

    def binop(self, ev, op, other, reflected, where):
        if op.startswith("convert_") or op == "isinstance":
            return NotImplemented
        if isinstance(other, (int, float, UnknownDim)) and not isinstance(other, bool) or other is None:
            return UNKNOWN_DIM
        return NotImplemented

    def truth(self, ev, where):
        fail(where, "the code decides on a size known only at run time")

    def describe(self):
        return "a size known only at run time"


UNKNOWN_DIM = UnknownDim()


def _sizes(value):
    """Sizes as calc.ops_shapes takes them: an unknown size is None."""
    if isinstance(value, UnknownDim):
        return None
    if isinstance(value, list):
        return [_sizes(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_sizes(v) for v in value)
    return value


def _tf_block_move(name, args, kwargs, where):
    """tf.nn.depth_to_space(x, block_size) moves channels into b x b blocks of pixels
    (sub-pixel upsampling); space_to_depth the other way. NHWC."""
    x = args[0] if args else kwargs.get("input")
    block = args[1] if len(args) > 1 else kwargs.get("block_size")
    if not isinstance(x, Tensor) or not isinstance(x.shape, tuple) or len(x.shape) != 4:
        return None
    if not isinstance(block, int) or isinstance(block, bool) or block < 2:
        fail(where, "block_size must be an integer of at least 2. Received: block_size=%s" % block)
    b, h, w, c = x.shape

    def times(n, k):
        return None if n is None else n * k

    if name == "tf_depth_to_space":
        if c is not None and c % (block * block):
            fail(where, "depth_to_space: the channels (%d) must be divisible by block_size**2 (%d)"
                 % (c, block * block))
        return (b, times(h, block), times(w, block), None if c is None else c // (block * block))
    for n in (h, w):
        if n is not None and n % block:
            fail(where, "space_to_depth: height and width must be divisible by block_size (%d)" % block)
    return (b, None if h is None else h // block, None if w is None else w // block, times(c, block * block))


# keras.ops functions whose output has the input's shape, under the rule that says so.
OPS_ALIASES = {"convert_to_tensor": "copy"}


def _tf_extract_patches(args, kwargs):
    """tf.image.extract_patches(images, sizes=[1, k, k, 1], strides=[1, s, s, 1],
    rates=[1, 1, 1, 1], padding="VALID") as keras.ops.image.extract_patches's arguments."""
    names = ("images", "sizes", "strides", "rates", "padding")
    values = dict(zip(names, args))
    values.update(kwargs)

    def middle(v):
        return tuple(v[1:3]) if isinstance(v, (list, tuple)) and len(v) == 4 else v

    return [values.get("images"), middle(values.get("sizes"))], {
        "strides": middle(values.get("strides")), "dilation_rate": middle(values.get("rates", 1)),
        "padding": str(values.get("padding", "VALID")).lower()}


class _UnknownShape(Exception):
    """An argument whose shape the reader cannot know: the result's shape is unknown too."""


def _random_shape(name, args, kwargs):
    """keras.random: normal(shape), uniform(shape)... make a tensor of that shape;
    dropout(x) and shuffle(x) keep x's."""
    if name in ("dropout", "shuffle"):
        x = args[0] if args else kwargs.get("inputs", kwargs.get("x"))
        return x.shape if isinstance(x, Tensor) and isinstance(x.shape, tuple) else None
    shape = _sizes(args[0] if args else kwargs.get("shape"))
    if isinstance(shape, (tuple, list)) and all(d is None or isinstance(d, int) and not isinstance(d, bool)
                                                for d in shape):
        return tuple(shape)
    return None


def _tensor_shape(value):
    """The shape a tensor argument stands for: a traced tensor's, a list of them (stack,
    concatenate), or a Python number's. Raises _UnknownShape where it cannot be known."""
    if isinstance(value, Tensor):
        if not isinstance(value.shape, tuple):
            raise _UnknownShape()
        return value.shape
    if isinstance(value, (list, tuple)) and any(isinstance(v, (Tensor, HostValue, Unknown)) for v in value):
        return [_tensor_shape(v) for v in value]
    if isinstance(value, UnknownDim):
        return ()
    if isinstance(value, (HostValue, Unknown, Instance)):
        raise _UnknownShape()
    try:
        return ops_shapes.value_shape(_sizes(value))
    except ValueError:
        raise _UnknownShape()


# The reader: Keras's behaviour, as the evaluator calls it ---------------------------------

class Reader:
    def __init__(self):
        self.uids = {}
        self.layer_count = 0
        self.models = []  # every model made (Sequential, functional, the code's Model classes), in order
        self.tracing = 0  # > 0 inside a custom layer's call(): tensors carry shapes only
        self.problems = []  # (line, text): statements that could not be followed
        self.ev = Evaluator(self.builtins(), self.importer, REFUSED_NAMES)

    # Names and modules -----------------------------------------------------------------------

    def builtins(self):
        table = builtins()
        # Snippets often leave the imports out: Dense(...) reads as keras.layers.Dense.
        for name in LAYER_CLASSES:
            table[name] = self.member(("keras", "layers"), name, None)
        for name in ("Sequential", "Model", "Input"):
            table[name] = self.member(("keras",), name, None)
        for name in ("keras", "tf", "tensorflow"):
            table[name] = Module(self, _canonical([name]))
        table["layers"] = Module(self, ("keras", "layers"))
        return table

    def importer(self, dotted, where):
        path = _canonical(dotted)
        top = path[0]
        if top in ("keras", "tensorflow", "tf_keras"):
            return Module(self, path)
        if top == "math":
            return math_module()
        if top in ("numpy", "np"):
            return numpy_module()
        if top in REFUSED_MODULES or top == "os":
            return SystemModule(top)
        # os, sys, matplotlib, pandas, datasets...: imported as modules nothing of which is
        # followed; their lines are skipped and listed.
        return Unknown(".".join(dotted))

    def member(self, path, name, where):
        """keras.<path>.name."""
        found = _keras_name(self, path, name)
        if found is not None:
            return found
        if name in SUBMODULES or path[0] == "tensorflow" and name in ("math", "nn", "linalg", "image"):
            return Module(self, path + (name,))
        if path[-1:] == ("layers",) and name[:1].isupper():
            fail(where, "%s.%s is not a Keras name this reader knows (a custom layer? paste its "
                 "class too)" % (".".join(path), name))
        if name == "applications" or "applications" in path:
            return Unknown("keras.applications.%s (paste the model's to_json() to count it)" % name
                           if name != "applications" else "keras.applications")
        return Unknown(".".join(path + (name,)))

    def auto_name(self, class_name):
        prefix = snake_case(class_name)
        uid = self.uids.get(prefix, 0) + 1
        self.uids[prefix] = uid
        return prefix if uid == 1 else "%s_%d" % (prefix, uid - 1)

    # Calls of keras functions -----------------------------------------------------------

    def call_function(self, fn, args, kwargs, where):
        if fn.kind == "input":
            return self.make_input(args, kwargs, where)
        if fn.kind == "sequential":
            return self.make_sequential(args, kwargs, where)
        if fn.kind == "merge":
            if not args:
                fail(where, "layers.%s needs a list of tensors" % fn.name)
            class_name = MERGE_HELPERS[fn.name]
            layer = self.construct(LayerClass(self, class_name, _class_params(class_name)),
                                   list(args[1:]), kwargs, where)
            return self.call_layer(layer, [args[0]], {}, where)
        if fn.kind in ("activation", "op"):
            return self.call_op(fn.name, args, kwargs, where)
        fail(where, "%s cannot be called here" % fn.name)

    def new_layer(self, class_name, name, config, where, module="keras.layers"):
        self.layer_count += 1
        if self.layer_count > MAX_LAYERS:
            fail(where, "more than %d layers; the limit keeps the work bounded" % MAX_LAYERS)
        if name is None:
            name = self.auto_name(class_name)
        return Layer(self, class_name, name, config, module)

    def construct(self, cls, args, kwargs, where):
        class_name = cls.name
        if class_name == "InputLayer":
            return self.make_input(args, kwargs, where, layer_only=True)
        config = {}
        params = cls.params
        if len(args) > len(params):
            fail(where, "%s takes at most %d positional argument%s (%s); pass the others by "
                 "keyword" % (class_name, len(params), "" if len(params) == 1 else "s",
                              ", ".join(params) or "none"))
        for i in range(len(args)):
            config[params[i]] = args[i]
        for key in kwargs:
            if key in config:
                fail(where, "%s got the argument %s twice" % (class_name, key))
            config[key] = kwargs[key]
        for key in config:
            if _tensors_in(config[key], []):
                fail(where, "a tensor as the argument %s of %s is not read (call the layer on "
                     "it instead)" % (key, class_name))
        name = config.pop("name", None)
        if name is not None and not isinstance(name, str):
            fail(where, "name must be a string. Received: name=%s" % self.ev.repr_text(name, where, 60))
        input_shape = config.pop("input_shape", None)
        # Legacy input_dim= (Dense(32, input_dim=784)); Embedding's own input_dim stays.
        input_dim = config.pop("input_dim", None) if "input_dim" not in params else None
        if input_dim is not None:
            input_shape = (input_dim,)
        if "batch_input_shape" in config:
            fail(where, "batch_input_shape= is refused by Keras 3; use keras.Input(batch_shape=...)")
        layer = self.new_layer(class_name, name, config, where)
        if input_shape is not None:
            layer.input_shape_arg = self.shape_value(input_shape, "input_shape", where)
        return layer

    def shape_value(self, shape, what, where):
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, (tuple, list)) or any(
                d is not None and (isinstance(d, bool) or not isinstance(d, int)) for d in shape):
            fail(where, "%s must be a tuple of integers or None. Received: %s=%s"
                 % (what, what, self.ev.repr_text(shape, where, 60)))
        return list(shape)

    def make_input(self, args, kwargs, where, layer_only=False):
        params = ("shape", "batch_size", "dtype", "sparse", "batch_shape", "name")
        if layer_only:
            params = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape")
        values = {}
        if len(args) > len(params):
            fail(where, "Input takes at most %d positional arguments" % len(params))
        for i in range(len(args)):
            values[params[i]] = args[i]
        for key in kwargs:
            values[key] = kwargs[key]
        if "input_shape" in values:  # InputLayer's legacy spellings
            values["shape"] = values.pop("input_shape")
        if "batch_input_shape" in values:
            values["batch_shape"] = values.pop("batch_input_shape")
        allowed = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name",
                   "tensor", "optional", "input_tensor")
        for key in values:
            if key not in allowed:
                fail(where, "Input got an unexpected argument %s" % key)
        if values.get("shape") is not None and values.get("batch_shape") is not None:
            fail(where, "You cannot pass both `shape` and `batch_shape` at the same time.")
        if values.get("batch_shape") is not None:
            batch_shape = self.shape_value(values["batch_shape"], "batch_shape", where)
        elif values.get("shape") is not None:
            if isinstance(values["shape"], int):
                fail(where, "shape must be a tuple, e.g. shape=(%d,). Received: shape=%d"
                     % (values["shape"], values["shape"]))
            batch_shape = [values.get("batch_size")] + self.shape_value(values["shape"], "shape", where)
        else:
            fail(where, "Input needs shape= or batch_shape= (the reader has no other way to know "
                 "the input's shape)")
        name = values.get("name")
        dtype = values.get("dtype")
        config = {"batch_shape": batch_shape, "dtype": dtype if isinstance(dtype, str) else "float32",
                  "sparse": values.get("sparse") is True, "ragged": values.get("ragged") is True,
                  "optional": values.get("optional") is True}
        layer = self.new_layer("InputLayer", name, config, where)
        layer.batch_shape = batch_shape
        layer.nodes.append(Node([], {}, True))
        if layer_only:
            return layer
        return Tensor(self, layer, 0, 0, shape=tuple(batch_shape))

    def make_sequential(self, args, kwargs, where):
        params = ("layers", "trainable", "name")
        values = {}
        for i in range(len(args)):
            if i >= len(params):
                fail(where, "Sequential takes at most 3 positional arguments")
            values[params[i]] = args[i]
        for key in kwargs:
            if key not in params:
                fail(where, "Sequential got an unexpected argument %s" % key)
            values[key] = kwargs[key]
        name = values.get("name")
        model = Model(self, "Sequential", name if name is not None else self.auto_name("Sequential"))
        if "trainable" in values:
            model.trainable = values["trainable"] is not False
        layers = values.get("layers")
        if layers is not None:
            if not isinstance(layers, (list, tuple)):
                fail(where, "Sequential's layers must be a list of layers")
            for item in layers:
                self.add(model, item, where, rebuild=False)
            self.maybe_rebuild(model, where)
        self.models.append(model)
        return model

    def add(self, model, item, where, rebuild=True):
        """Sequential.add, as Keras does it (legacy input_shape=, keras.Input tensors)."""
        if not model.layers and isinstance(item, Layer) and item.input_shape_arg is not None:
            self.add(model, self.make_input([item.input_shape_arg], {}, where, layer_only=True), where)
        if isinstance(item, Tensor) and item.layer is not None and item.layer.class_name == "InputLayer":
            item = item.layer
        if not isinstance(item, (Layer, Model)) and not (isinstance(item, Instance) and item.host is not None):
            fail(where, "Only instances of `keras.Layer` can be added to a Sequential model. "
                 "Received: %s" % self.ev.kind(item))
        for existing in model.layers:
            if _name_of(existing) == _name_of(item):
                fail(where, "All layers added to a Sequential model should have unique names. "
                     "Name '%s' is already the name of a layer in this model." % _name_of(item))
        if isinstance(item, Layer) and item.class_name == "InputLayer" and model.layers \
                and isinstance(model.layers[0], Layer) and model.layers[0].class_name == "InputLayer":
            fail(where, "Sequential model '%s' has already been configured to use input shape "
                 "%s. You cannot add a different Input layer to it." % (model.name, model.layers[0].batch_shape))
        model.layers.append(item)
        if rebuild:
            self.maybe_rebuild(model, where)

    def model_method(self, model, method, args, kwargs, where):
        if model.class_name != "Sequential":
            fail(where, "%s() on a functional model is not read" % method)
        if method == "pop":
            if len(model.layers) < 1 or isinstance(model.layers[-1], Layer) and model.layers[-1].class_name == "InputLayer":
                fail(where, "There are no layers in the model.")
            return model.layers.pop()
        if len(args) != 1 or kwargs:
            fail(where, "model.%s() takes one argument here" % method)
        value = args[0]
        if method == "add":
            self.add(model, value, where)
            return None
        # Sequential.build(input_shape) puts an InputLayer first.
        batch_shape = self.shape_value(value, "input_shape", where)
        if model.layers and isinstance(model.layers[0], Layer) and model.layers[0].class_name == "InputLayer":
            return None
        if not model.layers:
            fail(where, "the Sequential model %s has no layers to build" % model.name)
        layer = self.make_input([], {"batch_shape": batch_shape}, where, layer_only=True)
        model.layers.insert(0, layer)
        self.auto_name("Functional")
        self.chain(model, tuple(batch_shape), where)
        return None

    def maybe_rebuild(self, model, where):
        # Keras builds a Sequential once it knows its input, through an internal Functional
        # model: that takes the next "functional" name, which shows in later models' names.
        first = model.layers[0] if model.layers else None
        if isinstance(first, Layer) and first.class_name == "InputLayer" and len(model.layers) > 1:
            self.auto_name("Functional")
            self.chain(model, tuple(first.batch_shape), where)

    def chain(self, model, shape, where):
        """Build a Sequential's layers one after the other from its input shape; returns the
        output shape (None once a layer's output is unknown)."""
        for layer in model.layers:
            if isinstance(layer, Layer) and layer.class_name == "InputLayer":
                continue
            shape = self.apply(layer, [shape] if shape is not None else None, [], {}, where)
        return shape

    def make_functional(self, args, kwargs, where):
        values = {}
        params = ("inputs", "outputs", "name")
        for i in range(len(args)):
            if i >= len(params):
                fail(where, "Model takes at most 3 positional arguments here")
            values[params[i]] = args[i]
        for key in kwargs:
            if key not in ("inputs", "outputs", "name", "trainable"):
                fail(where, "Model got an argument this reader does not know: %s" % key)
            values[key] = kwargs[key]
        if "inputs" not in values or "outputs" not in values:
            fail(where, "keras.Model() needs inputs and outputs (or subclass keras.Model)")
        for what in ("inputs", "outputs"):
            value = values[what]
            if isinstance(value, dict):
                found = [value[k] for k in value]
            elif isinstance(value, (list, tuple)):
                found = list(value)
            else:
                found = [value]
            if not found or not all(isinstance(t, Tensor) and t.layer is not None for t in found):
                fail(where, "Model's %s must be tensors (from keras.Input and layer calls). "
                     "Received: %s" % (what, ", ".join(self.ev.kind(t) for t in found) or "nothing"))
            if isinstance(value, tuple):
                values[what] = list(value)
        for t in _tensors_in(values["inputs"], []):
            if t.layer.class_name != "InputLayer":
                fail(where, "a model input that does not come from keras.Input is not read")
        name = values.get("name")
        model = Model(self, "Functional", name if name is not None else self.auto_name("Functional"))
        model.trainable = values.get("trainable", True) is not False
        model.inputs = values["inputs"]
        model.outputs = values["outputs"]
        _functional_config(model)  # checks the graph now, so errors name this line
        self.models.append(model)
        return model

    # Calling layers ---------------------------------------------------------------------

    def call_layer(self, layer, args, kwargs, where):
        """layer(x): in a model's graph a new node; inside a custom call(), shapes only."""
        if not _tensors_in([args, kwargs], []):
            given = [a for a in args if isinstance(a, Unknown)]
            if given:
                fail(where, "%s is called on %s, which the reader does not follow" % (layer.name, given[0].origin))
            fail(where, "calling %s on something that is not a tensor is not read" % layer.name)
        if isinstance(layer, Model) and layer.class_name == "Sequential" and not layer.layers:
            fail(where, "the Sequential model %s has no layers" % layer.name)
        shapes = [t.shape for t in _call_inputs(layer, args, kwargs)]
        known = bool(shapes) and all(isinstance(s, tuple) for s in shapes)
        output = self.apply(layer, shapes if known else None, args, kwargs, where)
        graph = not self.tracing and all(t.layer is not None for t in _tensors_in([args, kwargs], []))
        if not graph:
            return Tensor(self, None, 0, 0, shape=output)
        layer.nodes.append(Node(args, kwargs))
        return Tensor(self, layer, len(layer.nodes) - 1, 0, shape=output)

    def apply(self, layer, shapes, args, kwargs, where):
        """Build `layer` for `shapes` (once) and return its output shape, or None when it
        cannot be known."""
        if isinstance(layer, Model):
            if layer.build_shapes is None and shapes is not None:
                layer.build_shapes = shapes
            if layer.class_name == "Sequential":
                first = layer.layers[0] if layer.layers else None
                if isinstance(first, Layer) and first.class_name == "InputLayer":
                    shape = tuple(first.batch_shape)
                else:
                    shape = shapes[0] if shapes else None
                return self.chain(layer, shape, where)
            outs = _tensors_in(layer.outputs, [])
            result = [t.shape for t in outs]
            return result[0] if len(result) == 1 else result
        if isinstance(layer, Instance):
            if not args:  # a custom layer inside a Sequential: called on the previous output
                if shapes is None:
                    return None
                args = [Tensor(self, None, 0, 0, shape=s) for s in shapes]
            return self.call_custom(layer, args, kwargs, where, shapes_only=True)
        if layer.class_name == "Lambda":
            return self.trace_lambda(layer, shapes, where)
        first_call = not layer.built
        if first_call:
            layer.built = True
            for class_name in BUILD_SUBLAYERS.get(layer.class_name, ()):
                self.auto_name(class_name)
        if shapes is None:
            return None
        if layer.build_shapes is None:
            layer.build_shapes = shapes
        try:
            entry, cfg = layer.checked_config()
            check_shapes(shapes, entry.inputs, any_count=entry.accepts_any_input_count)
            entry.check(cfg, shapes)
            return entry.output_shape(cfg, shapes)
        except ValueError:
            return None  # calc.model reports the layer's problem on its row

    def trace_lambda(self, layer, shapes, where):
        """Lambda(fn): fn called on traced tensors gives the output shape; no weights."""
        layer.built = True
        if shapes is None:
            return None
        if layer.build_shapes is None:
            layer.build_shapes = shapes
        given = layer.config.get("output_shape")
        if isinstance(given, (tuple, list)) and all(d is None or isinstance(d, int) for d in given):
            shape = (shapes[0][0],) + tuple(given)  # Keras takes it as given, batch axis first
            layer.output_shapes.append(shape)
            return shape
        fn = layer.config.get("function")
        tensors = [Tensor(self, None, 0, 0, shape=s) for s in shapes]
        self.tracing += 1
        try:
            out = self.ev.call(fn, [tensors[0] if len(tensors) == 1 else tensors], {}, where)
        except CodeError:
            return None  # the Lambda's row is weight-free either way; its shape is unknown
        finally:
            self.tracing -= 1
        shape = _shape_of(out)
        layer.output_shapes.append(shape)
        return shape

    def build_layer(self, layer, args, where):
        """layer.build(input_shape): built for that shape, as a first call would."""
        if len(args) != 1:
            fail(where, "layer.build() takes the input shape")
        shape = args[0]
        shapes = [tuple(self.shape_value(s, "input_shape", where)) for s in shape] \
            if isinstance(shape, list) and shape and isinstance(shape[0], (tuple, list)) else \
            [tuple(self.shape_value(shape, "input_shape", where))]
        self.apply(layer, shapes, [], {}, where)
        return None

    def vocabulary(self, layer, method, where):
        """StringLookup/IntegerLookup given a vocabulary: the mask token, the OOV tokens,
        then the vocabulary (what get_vocabulary() lists; its length is the layer's output
        size, which model code often feeds to a Dense)."""
        config = layer.config
        vocabulary = config.get("vocabulary")
        if not isinstance(vocabulary, (list, tuple)):
            return Unknown("%s.%s() (the vocabulary comes from adapt())" % (layer.name, method))
        string = layer.class_name == "StringLookup"
        mask = config.get("mask_token", None if string else None)
        oov = config.get("num_oov_indices", 1)
        if not isinstance(oov, int) or isinstance(oov, bool) or not 0 <= oov <= MAX_SEQUENCE:
            fail(where, "num_oov_indices must be a small non-negative integer")
        items = ([mask] if mask is not None else []) + [config.get("oov_token", "[UNK]" if string else -1)] * oov
        items += list(vocabulary)
        return len(items) if method == "vocabulary_size" else items

    # keras.ops and tensor operators ----------------------------------------------------

    def call_op(self, name, args, kwargs, where):
        tensors = _tensors_in([args, kwargs], [])
        kind, shape = op_result(name, args, kwargs, where)
        if kind == "value":
            return shape
        graph = tensors and not self.tracing and all(t.layer is not None for t in tensors)
        if not graph:
            return Tensor(self, None, 0, 0, shape=shape)
        # Keras records the operation in the model's graph: x + y is an Add node named
        # "add", "add_1", ... (keras.src.ops).
        class_name = OP_CLASSES.get(name) or _camel(name)
        layer = self.new_layer(class_name, None, {}, where, module=OP_MODULE)
        layer.built = True
        layer.build_shapes = [t.shape for t in tensors if isinstance(t.shape, tuple)] or None
        layer.output_shapes.append(shape)
        layer.nodes.append(Node(list(args), kwargs))
        return Tensor(self, layer, len(layer.nodes) - 1, 0, shape=shape)

    # The code's own Layer and Model classes ---------------------------------------------

    def new_custom(self, instance, where):
        host = instance.cls.host_base()
        is_model = isinstance(host, BaseClass) and host.is_model
        instance.host = Custom(instance, is_model)
        # class MyConv(layers.Conv2D): the catalogued class does the building and counting.
        instance.host.base_class = host if not isinstance(host, BaseClass) else None
        if is_model:
            self.models.append(instance)
        self.layer_count += 1
        if self.layer_count > MAX_LAYERS:
            fail(where, "more than %d layers; the limit keeps the work bounded" % MAX_LAYERS)

    def custom_attr(self, instance, name, where):
        """What keras.layers.Layer / keras.Model give a subclass that it does not define."""
        state = instance.host
        if name == "__init__":
            return Bound(lambda ev, a, k, w: self.layer_init(instance, a, k, w), "Layer.__init__")
        if name == "add_weight":
            return Bound(lambda ev, a, k, w: self.add_weight(instance, a, k, w), "add_weight")
        if name == "build":
            return Bound(lambda ev, a, k, w: self.default_build(instance, a, k, w), "build")
        if state.base is not None:
            found = self.base_attr(state, name, where)
            if found is not None:
                return found
        if name == "call":
            fail(where, "%s has no call() method" % instance.cls.name)
        if name == "name":
            return self.custom_name(instance)
        if name == "trainable":
            return state.trainable
        if name == "built":
            return state.built
        if name == "layers":
            return list(state.tracked)
        if name in ("add_loss", "add_metric", "compute_mask"):
            return Bound(lambda ev, a, k, w: None, name)
        if name in IGNORED_METHODS or name in ("get_build_config", "compute_output_shape"):
            return Unknown("%s.%s" % (instance.cls.name, name))
        fail(where, "%s has no attribute %s" % (instance.cls.name, name))

    def base_attr(self, state, name, where):
        """An attribute a catalogued base class gives its subclass: its arguments (self.strides,
        self.use_bias, with their defaults), its weights once built (self.kernel), and its
        call() (super().call(x))."""
        layer = state.base
        if name == "call":
            return Bound(lambda ev, a, k, w: Tensor(self, None, 0, 0, shape=self.apply(
                layer, [t.shape for t in _tensors_in(list(a), [])] or None, a, k, w)), "call")
        try:
            entry, cfg = layer.checked_config()
        except ValueError:
            return None
        if name in cfg:
            value = cfg[name]
            return list(value) if isinstance(value, list) else value
        if layer.build_shapes is not None:
            try:
                result = compute_entry(entry, cfg, layer.build_shapes)
            except ValueError:
                return None
            for w in result.weights:
                if w.name == name and not w.scope:
                    return Tensor(self, None, 0, 0, shape=tuple(w.shape_values()))
        return None

    def custom_name(self, instance):
        state = instance.host
        if state.name is None:
            state.name = self.auto_name(instance.cls.name)
        return state.name

    def layer_init(self, instance, args, kwargs, where):
        """keras.layers.Layer.__init__(name=None, trainable=True, dtype=None, ...): the auto
        name is taken here, as Keras does."""
        state = instance.host
        if state.base_class is not None:
            # super().__init__(filters, kernel_size, ...): the catalogued layer's own config,
            # named after the subclass as Keras names it.
            kwargs = dict(kwargs)
            state.name = kwargs.pop("name", None) or self.auto_name(instance.cls.name)
            state.base = self.construct(state.base_class, list(args), dict(kwargs, name=state.name), where)
            self.layer_count -= 1  # one layer, not two
            return None
        if state.is_model and (len(args) >= 2 or "inputs" in kwargs and "outputs" in kwargs):
            # CustomModel(inputs, outputs): a functional model whose class adds train_step
            # and the like, never weights.
            state.functional = self.make_functional(list(args), kwargs, where)
            state.name = state.functional.name
            state.built = True
            return None
        name = kwargs.get("name")
        if name is not None and not isinstance(name, str):
            fail(where, "name must be a string")
        if name is not None:
            state.name = name
        else:
            self.custom_name(instance)
        if kwargs.get("trainable") is False:
            state.trainable = False
        return None

    def custom_set(self, instance, name, value, where):
        state = instance.host
        if name == "trainable":
            if not isinstance(value, bool):
                fail(where, "trainable must be True or False")
            state.trainable = value
            return
        # Keras tracks the layers assigned to attributes, also inside lists and dicts.
        for item in _layers_in(value, []):
            if not any(item is t for t in state.tracked) and item is not instance:
                state.tracked.append(item)

    def add_weight(self, instance, args, kwargs, where):
        """Layer.add_weight(shape=None, initializer=None, dtype=None, trainable=True, ...,
        name=None); a name given first (Keras 2 style) is accepted too."""
        params = ("shape", "initializer", "dtype", "trainable")
        values = {}
        args = list(args)
        if args and isinstance(args[0], str) and "name" not in kwargs:
            values["name"] = args.pop(0)
        for i in range(min(len(args), len(params))):
            values[params[i]] = args[i]
        for key in kwargs:
            values[key] = kwargs[key]
        shape = values.get("shape")
        if shape is None:
            shape = ()
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, (tuple, list)) or not all(
                isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
            fail(where, "add_weight needs a shape of known integer sizes. Received: shape=%s"
                 % self.ev.repr_text(shape, where, 60))
        trainable = values.get("trainable", True)
        if not isinstance(trainable, bool):
            fail(where, "add_weight's trainable must be True or False")
        state = instance.host
        name = values.get("name")
        if not isinstance(name, str):
            name = "variable" if not state.weights else "variable_%d" % len(state.weights)
        state.weights.append((name, tuple(shape), trainable))
        return Tensor(self, None, 0, 0, shape=tuple(shape))

    def default_build(self, instance, args, kwargs, where):
        """Layer.build marks the layer built; Model.build(input_shape) traces call() on a
        symbolic input of that shape, as Keras does for a subclassed model."""
        state = instance.host
        if state.is_model and not state.built and args:
            shape = self.shape_value(args[0], "input_shape", where)
            state.built = True
            self.trace_call(instance, [Tensor(self, None, 0, 0, shape=tuple(shape))], {}, where)
        state.built = True
        return None

    def call_custom(self, instance, args, kwargs, where, shapes_only=False):
        """Layer.__call__: build(input_shape) once, then call(), traced for shapes."""
        state = instance.host
        self.custom_name(instance)
        tensors = _tensors_in(args, [])
        if not tensors:
            fail(where, "calling %s on something that is not a tensor is not read" % state.name)
        if state.base is not None:
            # Keras asks the base class's compute_output_shape, not call(), for the shape.
            shapes = [t.shape for t in tensors]
            state.built = True
            output = Tensor(self, None, 0, 0, shape=self.apply(
                state.base, shapes if all(isinstance(s, tuple) for s in shapes) else None, args, kwargs, where))
            state.output_shapes.append(output.shape)
            if shapes_only:
                return output.shape
            graph = not self.tracing and all(t.layer is not None for t in _tensors_in([args, kwargs], []))
            if not graph:
                return output
            state.base.nodes.append(Node(args, kwargs))
            return Tensor(self, state.base, len(state.base.nodes) - 1, 0, shape=output.shape)
        if not state.built:
            shapes = [t.shape for t in tensors]
            argument = shapes[0] if len(shapes) == 1 and not isinstance(args[0], (list, tuple)) else shapes
            try:
                build = instance.cls.lookup("build")
            except KeyError:
                build = None
            state.built = True
            if build is not None:
                if any(not isinstance(s, tuple) for s in shapes):
                    fail(where, "%s.build() needs its input shape, which the reader could not follow" % state.name)
                self.ev.call(build, [instance, argument], {}, where)
        output = self.trace_call(instance, args, kwargs, where)
        shape = _shape_of(output)
        state.output_shapes.append(shape)
        if shapes_only:
            return shape
        if state.build_shapes is None:
            state.build_shapes = [t.shape for t in tensors]
        graph = not self.tracing and all(t.layer is not None for t in _tensors_in([args, kwargs], []))
        if not graph:
            return _retag(self, output, None, 0)
        state.nodes.append(Node(args, kwargs))
        return _retag(self, output, state, len(state.nodes) - 1)

    def trace_call(self, instance, args, kwargs, where):
        try:
            call = instance.cls.lookup("call")
        except KeyError:
            fail(where, "%s has no call() method" % instance.cls.name)
        traced = [_traced(self, a) for a in args]
        traced_kwargs = {}
        for key in kwargs:
            traced_kwargs[key] = _traced(self, kwargs[key])
        self.tracing += 1
        try:
            return self.ev.call(call, [instance] + traced, traced_kwargs, where)
        finally:
            self.tracing -= 1

    # The result ---------------------------------------------------------------------------

    def run(self, text):
        globals_ = self.ev.run_module(text, self.statement_failed)
        return self.result(globals_)

    def statement_failed(self, statement, error):
        """A top-level statement the reader cannot follow: noted, and the rest goes on; the
        summary is then partial (unless the model never needed it)."""
        message = str(error)
        self.problems.append((statement[1][0], message))

    def result(self, env):
        chosen = env.get("model")
        if not _is_model(chosen):
            # The last built model the code keeps in a name, in the order the models were
            # made (a dict's order is not Python's on MicroPython), else the last made.
            named = list(env.values())
            chosen = None
            for model in self.models:
                if any(model is value for value in named) and (chosen is None or _is_built(model)):
                    chosen = model
            if chosen is None and self.models:
                chosen = self.models[-1]
        if chosen is None:
            if self.problems:
                more = len(self.problems) - 1
                raise CodeError("%s%s" % (self.problems[0][1], " (and %d more statement%s not followed)"
                                          % (more, "" if more == 1 else "s") if more else ""))
            skipped = "".join(" (%s, line %d)" % (text, line) for line, text in self.ev.notes[:3])
            raise CodeError("The code defines no model: use keras.Sequential([...]), "
                            "keras.Model(inputs, outputs) or a keras.Model subclass.%s" % skipped)
        if isinstance(chosen, Instance):
            if not chosen.host.built:
                # Keras builds a subclassed model when it is first called; until then only
                # the sub-models it was given (already built) hold weights.
                self.ev.note((0, 0), "the subclassed model %s is never built: only its built "
                             "sub-layers are counted (call model.build(input_shape) to count "
                             "the rest)" % chosen.cls.name)
            data = chosen.host.spec()
        else:
            data = chosen.to_json()
        notes = ["line %d: %s" % (line, text) for line, text in self.ev.notes]
        problems = [text for line, text in self.problems]  # each message names its line
        data["calc_notes"] = {"skipped": notes, "not_followed": problems}
        return data


def _call_inputs(layer, args, kwargs):
    """The tensors a call feeds the layer's inputs, in the catalogue's order: positional
    first, then by keyword (mha(query=q, value=v)); a list argument (merges) is its items."""
    tensors = _tensors_in(list(args), [])
    if isinstance(layer, Layer) and layer.class_name in LAYER_CLASSES:
        try:
            names = [i.name for i in find(layer.class_name).inputs]
        except ValueError:
            names = []
        for name in names[len(tensors):]:
            if isinstance(kwargs.get(name), Tensor):
                tensors.append(kwargs[name])
    if not tensors:
        tensors = _tensors_in(kwargs, [])
    return tensors


def _name_of(item):
    return item.host.name if isinstance(item, Instance) else item.name


def _is_model(value):
    return isinstance(value, Model) or isinstance(value, Instance) and value.host is not None \
        and value.host.is_model


def _is_built(model):
    """A subclassed model is built once called; Sequential and functional models always
    are (Keras cannot count an unbuilt one either)."""
    return not isinstance(model, Instance) or model.host.built


def _layers_in(value, found):
    if isinstance(value, (Layer, Model)) or isinstance(value, Instance) and value.host is not None:
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _layers_in(v, found)
    elif isinstance(value, dict):
        for k in value:
            _layers_in(value[k], found)
    return found


def _traced(reader, value):
    """The argument as call() sees it while traced: tensors with their shapes only."""
    if isinstance(value, Tensor):
        return Tensor(reader, None, 0, 0, shape=value.shape)
    if isinstance(value, list):
        return [_traced(reader, v) for v in value]
    if isinstance(value, tuple):
        return tuple(_traced(reader, v) for v in value)
    if isinstance(value, dict):
        return dict((k, _traced(reader, value[k])) for k in value)
    return value


def _shape_of(output):
    if isinstance(output, Tensor):
        return output.shape
    if isinstance(output, (list, tuple)):
        return [_shape_of(o) for o in output]
    if isinstance(output, dict):
        return [_shape_of(output[k]) for k in sorted(output)]
    return None


def _retag(reader, output, layer, node_index):
    """call()'s traced result as the outputs of the custom layer's node."""
    shapes = _shape_of(output)
    if isinstance(output, Tensor):
        return Tensor(reader, layer, node_index, 0, shape=shapes)
    if isinstance(output, (list, tuple)):
        items = [Tensor(reader, layer, node_index, i, False, shapes[i]) for i in range(len(shapes))]
        return items if isinstance(output, list) else tuple(items)
    fail(None, "a custom layer's call() must return tensors")


def _canonical(path):
    path = tuple(path)
    if path and path[0] == "tf":
        path = ("tensorflow",) + path[1:]
    return path


def _keras_name(reader, path, name):
    """What keras.<...>.name is, when it is a Keras name the reader knows."""
    last = path[-1] if path else ""
    if name == "Sequential":
        return KerasFunction(reader, "sequential", name)
    if name in ("Model", "Functional"):
        return BaseClass(reader, "Model", True)
    if name == "Layer" and last in ("layers", "keras", "engine"):
        return BaseClass(reader, "Layer", False)
    if name == "Input":
        return KerasFunction(reader, "input", name)
    if name == "InputLayer":
        return LayerClass(reader, name, ())
    if last in OPAQUE_MODULES:
        return Opaque(".".join(path + (name,)))
    if name == "epsilon" and last in ("backend", "config"):
        return Bound(lambda ev, a, k, w: 1e-07, "keras.backend.epsilon")  # Keras's default fuzz factor
    if name in ACTIVATIONS and last in ("activations", "nn"):
        return KerasFunction(reader, "activation", name)
    if last == "ops" and name in OPS_SUBMODULES:
        return Module(reader, path + (name,))
    if "ops" in path or last == "random" and "keras" in path:
        return KerasFunction(reader, "op", "random_" + name if last == "random" else name)
    if path[0] == "tensorflow" and "keras" not in path and last in ("tensorflow", "math", "nn", "linalg", "image"):
        name = TF_OPS.get(name, name)
        if name == "extract_patches" and last == "image":
            return KerasFunction(reader, "op", "tf_extract_patches")
        if name in ("depth_to_space", "space_to_depth"):
            return KerasFunction(reader, "op", "tf_" + name)
        if name in ops_shapes.FUNCTIONS or name in ops_shapes.ACTIVATIONS or name in OPS_ALIASES:
            return KerasFunction(reader, "op", name)
        return None
    if name in LAYER_CLASSES:
        canonical, params = LAYER_CLASSES[name]
        return LayerClass(reader, canonical, params)
    if name in MERGE_HELPERS and last != "ops":
        return KerasFunction(reader, "merge", name)
    return None


def _class_params(class_name):
    return LAYER_CLASSES.get(class_name, (class_name, []))[1]


def _camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def read_code(text):
    """The model description (as json.loads(model.to_json()) would give it) of pasted Keras
    code, with the reader's notes under "calc_notes". Raises ValueError naming the line of
    anything it cannot read at all."""
    if not isinstance(text, str):
        raise CodeError("The code must be text.")
    try:
        return Reader().run(text)
    except RuntimeError:  # RecursionError on CPython, "pystack exhausted" on MicroPython
        raise CodeError("The code is nested too deeply for this reader (the Python stack ran out).")
