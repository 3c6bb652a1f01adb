"""The values pasted Keras code meets in calc.code_reader's Keras: modules, layer classes,
layers, symbolic tensors, Sequential and functional models, the code's own Layer and Model
classes (their Keras side), and how a model is written as model.to_json() writes it. Each
asks the reader (calc.code_reader.Reader) for what Keras does when it is called."""

import json

from calc.catalogue import find, read_config
from calc.pyeval import Builtin, HostClass, HostValue, Instance, Unknown, fail
from calc.pyparse import ELLIPSIS, CodeError
from calc import ops_shapes
from calc.text import fmt_shape

# What a layer or model holds once it runs (its variables, losses...): not followed.
LAYER_STATE = ("weights", "trainable_weights", "non_trainable_weights", "variables",
               "trainable_variables", "non_trainable_variables", "set_weights", "get_weights",
               "compute_mask", "losses", "metrics", "add_loss", "input_spec", "supports_masking",
               "compute_output_shape", "dtype", "kernel", "bias")
# Methods of a model whose lines are skipped unread (they train, save or print).
IGNORED_METHODS = ("summary", "compile", "fit", "evaluate", "predict", "save", "save_weights",
                   "load_weights", "count_params", "get_config", "to_json", "export")


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


class KerasNumpy(HostValue):
    """NumPy in Keras code: its number helpers (np.prod(shape), np.sqrt(d)), and the array
    functions keras.ops mirrors (np.arange, np.zeros, np.concatenate...; np.array stacks) as
    constant tensors, because model code sizes layers from them (edges.shape[1]). An array
    made from anything the reader does not follow (a dataset) stays Unknown: not followed."""

    def __init__(self, reader, numbers):
        self.reader = reader
        self.numbers = numbers  # calc.pybuiltins.numpy_module()

    def get_attr(self, ev, name, where):
        if name in self.numbers.members:
            return self.numbers.members[name]
        if name in ("array", "asarray") or name in ops_shapes.FUNCTIONS:
            return Builtin("numpy." + name, lambda ev, a, k, w: self.array_function(name, a, k, w))
        return Unknown("numpy." + name)

    def array_function(self, name, args, kwargs, where):
        if _not_followed([args, kwargs]):
            return Unknown("numpy.%s(...)" % name)
        if name in ("array", "asarray"):
            if not args:
                fail(where, "numpy.%s needs the array's values" % name)
            value = args[0]
            if isinstance(value, Tensor):
                return value
            op = "stack" if _tensors_in(value, []) else "convert_to_tensor"  # np.array([a, b])
            return self.reader.call_op(op, [value], {}, where)
        return self.reader.call_op(name, args, kwargs, where)

    def describe(self):
        return "the module numpy"


def _not_followed(value):
    """Whether `value` holds something an array cannot be made from here: a value the reader
    does not follow, or a model's symbolic tensor (NumPy cannot take those either)."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Tensor):
        return not value.constant
    if isinstance(value, (list, tuple)):
        return any(_not_followed(v) for v in value)
    if isinstance(value, dict):
        return any(_not_followed(value[k]) for k in value)
    return False


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
    def __init__(self, args, kwargs, is_input=False, inputs=None):
        self.args = args
        self.kwargs = kwargs
        self.is_input = is_input
        # The symbolic tensors in the arguments (a layer call has just found them: given
        # then); a constant is an argument, not an input.
        found = inputs if inputs is not None else _tensors_in([args, kwargs], [])
        self.inputs = []  # a loop: MicroPython makes an object for a comprehension
        for t in found:
            if not t.constant:
                self.inputs.append(t)
        self.output_shape = None  # what the call gave (a list of shapes for several outputs)


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
        """(catalogue entry, config read and checked by it, {input shapes: output shape}),
        read once: a StringLookup's 6,000-word vocabulary is not converted again at every
        call. Layers of the same class and config (made in a loop: 1,000 Dense(32)) share one
        reading, which is most of the work of a layer, and the output shapes found for it;
        the reader keeps them by that text, so none can be outdated."""
        if self._checked is None:
            config = self.config
            for key in config:  # a config of plain values (most) is its own JSON: not copied
                if type(config[key]) not in _PLAIN:
                    config = _json(config)
                    break
            key = self.class_name + json.dumps(config)
            self._checked = self.reader.checked.get(key)
            if self._checked is None:
                entry = find(self.class_name)
                self._checked = self.reader.checked[key] = (entry, read_config(entry, config), {})
        return self._checked

    def spec(self):
        config = {"name": self.name}
        for key in self.config:
            value = self.config[key]
            config[key] = value if type(value) in _PLAIN else _json(value)
        spec = {"module": self.module, "class_name": self.class_name, "config": config,
                "registered_name": None}
        if self.build_shapes is not None:
            spec["build_config"] = _build_config(self.build_shapes)
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
        if name == "output":  # Keras: the output of the layer's first call
            if not self.nodes:
                fail(where, "The layer %s has never been called and thus has no defined output."
                     % self.name)
            return Tensor(self.reader, self, 0, 0, shape=self.nodes[0].output_shape)
        if name == "build":
            return Builtin("layer.build", lambda ev, a, k, w: self.reader.build_layer(self, a, w))
        if name in ("get_vocabulary", "vocabulary_size") and self.class_name in ("StringLookup", "IntegerLookup"):
            return Builtin(name, lambda ev, a, k, w: self.reader.vocabulary(self, name, w))
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

    def __init__(self, reader, layer, node_index, tensor_index, whole=True, shape=None, constant=False):
        self.reader = reader
        self.layer = layer
        self.node_index = node_index
        self.tensor_index = tensor_index
        self.whole = whole  # the whole result of a call (may be unpacked or indexed)
        self.shape = shape  # a tuple, a list of tuples for several outputs, or None
        # Made from no symbolic tensor (ops.convert_to_tensor([...]), ops.ones(...)): Keras
        # computes it at once, and an operation on it and a model's tensor stays in the model.
        self.constant = constant

    def node(self):
        return self.layer.nodes[self.node_index]

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
        if self.constant:  # an array of data (np.arange(n).astype(...)): not followed
            return Unknown("an array's %s" % name)
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
        # The evaluator's `...` (calc.pyparse.ELLIPSIS) is Python's Ellipsis to keras.ops.
        if isinstance(key, tuple):
            key = tuple(Ellipsis if k is ELLIPSIS else k for k in key)
        elif key is ELLIPSIS:
            key = Ellipsis
        return self.reader_op("get_item", [self, key], {}, where)

    def setitem(self, ev, key, value, where):
        if not self.constant:
            fail(where, "cannot set an item of a tensor (Keras tensors are immutable)")
        # mask[:3, ...] = 1.0 writes values into an array of data: its shape stays.

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
        self._graph = None  # Functional: _functional_graph's answer, see graph()

    def graph(self):
        """A functional model's operations in Keras's order and the nodes of its graph,
        found once (keras.Model() checks it at once, to_json() reads it). It cannot change
        later: it runs from the output tensors back to the inputs through the nodes of the
        calls that made them, and a node is never altered once made (a later call of a
        layer adds a node outside this graph)."""
        if self._graph is None:
            self._graph = _functional_graph(self)
        return self._graph

    def spec(self):
        spec = self.to_json()
        if self.build_shapes is not None and self.class_name == "Sequential":
            spec["build_config"] = _build_config(self.build_shapes)
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
            return Builtin("model." + name,
                           lambda ev, a, k, w: self.reader.model_method(self, name, a, k, w))
        if name == "trainable":
            return self.trainable
        if name == "name":
            return self.name
        if name == "layers":
            return self.layer_list()
        if name == "get_layer":
            return Builtin("model.get_layer", lambda ev, a, k, w: self.get_layer(ev, a, k, w))
        if name in ("output", "input", "outputs", "inputs") and self.class_name == "Functional":
            return self.outputs if name.startswith("output") else self.inputs
        if name in IGNORED_METHODS or name in LAYER_STATE or name in ("optimizer", "history", "stop_training"):
            return Unknown("model.%s" % name)
        fail(where, "the model's attribute %s is not read" % name)

    def layer_list(self):
        """model.layers as Keras gives it: a Sequential's layers without its InputLayer; a
        functional model's in graph order, its InputLayers included and keras.ops
        operations left out."""
        if self.class_name == "Sequential":
            first = self.layers[0] if self.layers else None
            if isinstance(first, Layer) and first.class_name == "InputLayer":
                return self.layers[1:]
            return list(self.layers)
        ops = self.graph()[0]
        return [op for op in ops if not (isinstance(op, Layer) and op.module.startswith("keras.src.ops"))]

    def get_layer(self, ev, args, kwargs, where):
        """model.get_layer(name=None, index=None)."""
        values = dict(zip(("name", "index"), args))
        values.update(kwargs)
        layers = self.layer_list()
        index = values.get("index")
        if index is not None:
            if not isinstance(index, int) or not 0 <= index < len(layers):
                fail(where, "Was asked to retrieve layer at index %s but model only has %d layers."
                     % (ev.repr_text(index, where, 40), len(layers)))
            return layers[index]
        name = values.get("name")
        for layer in layers:
            if _name_of(layer) == name:
                return layer
        fail(where, "No such layer: %s. Existing layers are: %s." % (
            ev.repr_text(name, where, 60), ev.repr_text([_name_of(l) for l in layers], where, 200)))

    def set_attr(self, ev, name, value, where):
        if name != "trainable" or not isinstance(value, bool):
            fail(where, "only model.trainable = True/False is read, not model.%s" % name)
        self.trainable = value
        # Keras sets every layer's flag too: a layer the model shares with another model
        # (an application built on input_tensor=) is frozen there as well.
        for layer in self.layer_list():
            if not (isinstance(layer, Layer) and layer.class_name == "InputLayer"):  # holds no weights
                ev.set_attr(layer, "trainable", value, where)

    def describe(self):
        return "the model %s" % self.name


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


def _build_config(shapes):
    """Keras's build_config: the input shape it was built for (a list of them for several)."""
    shapes = [list(s) for s in shapes]
    return {"input_shape": shapes[0] if len(shapes) == 1 else shapes}


def _tensors_in(value, found):
    if isinstance(value, Tensor):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:  # a tensor, a number, a string or an empty {} is settled without a call
            if isinstance(v, Tensor):
                found.append(v)
            elif v and isinstance(v, (list, tuple, dict)):
                _tensors_in(v, found)
    elif isinstance(value, dict) and value:
        for k in sorted(value):  # keras.tree.flatten orders a dict by its keys
            _tensors_in(value[k], found)
    return found


# The values JSON writes as they are. Their type is looked up in a set, without a call for each
# of a config's numbers and strings: MicroPython's isinstance() on a tuple of types tries
# each in turn (_json of a Dense config: 10 -> 4 us).
_PLAIN = frozenset((type(None), bool, int, float, str))


def _json(value):
    """A value as it appears in Keras's JSON: tuples become lists, layers their specs."""
    if type(value) in _PLAIN:
        return value  # first: a vocabulary is thousands of these
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            out.append(v if type(v) in _PLAIN else _json(v))
        return out
    if isinstance(value, dict):  # a loop: MicroPython makes a function for a comprehension
        out = {}
        for k in value:
            v = value[k]
            out[k] = v if type(v) in _PLAIN else _json(v)
        return out
    if isinstance(value, (Layer, Model)):
        return value.spec()
    if isinstance(value, Instance) and value.host is not None:
        return value.host.spec()
    if isinstance(value, Opaque):
        return value.to_json()
    if value is Ellipsis:  # x[..., 0] in an operation's arguments
        return {"class_name": "__ellipsis__", "config": {}}
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

def _functional_graph(model):
    """The model's operations in the order Keras serializes them (model.layers, the JSON's
    layers), and the id()s of the nodes in its graph. Raises CodeError, as Keras's
    Functional() does, when an output does not come from the inputs or two layers share a
    name. Nodes and operations are kept by their id(): MicroPython hashes and compares an
    instance as a dict key by looking up __hash__ and __eq__ in its classes (twice as slow)."""
    inputs = _tensors_in(model.inputs, [])
    outputs = _tensors_in(model.outputs, [])
    # The inputs' nodes, each with its tensor indices given: one look-up per node instead of
    # a comparison with every input.
    given = {}
    for t in inputs:
        given.setdefault(id(t.layer.nodes[t.node_index]), []).append(t.tensor_index)
    finished = {}  # nodes done
    order = []  # (operation, node) from inputs to outputs
    indices = {}  # id(operation) -> first traversal index
    operations = {}  # id -> operation

    def visit(start):
        """Keras's depth-first _build_map_helper, with an explicit stack instead of
        recursion (a 500-layer chain would exhaust MicroPython's stack)."""
        stack = [[start, -1]]  # [tensor, index of the next input to visit]
        while stack:
            entry = stack[-1]
            tensor = entry[0]
            op = tensor.layer
            node = op.nodes[tensor.node_index]
            if entry[1] < 0:
                k = id(node)
                if k in finished:
                    stack.pop()
                    continue
                is_given = k in given and tensor.tensor_index in given[k]
                if not node.is_input and is_given:
                    finished[k] = True
                    stack.pop()
                    continue
                if node.is_input and not is_given:
                    # Keras: "Output ... is not connected to `inputs`".
                    raise CodeError("The model's outputs are disconnected from its inputs: they "
                                    "use the input %s, which is not among the model's inputs." % op.name)
                if id(op) not in indices:
                    indices[id(op)] = len(indices)
                    operations[id(op)] = op
                entry[1] = 0
            children = () if node.is_input else node.inputs
            if entry[1] < len(children):
                entry[1] += 1
                stack.append([children[entry[1] - 1], -1])
                continue
            finished[id(node)] = True
            order.append((op, node))
            stack.pop()

    for t in outputs:
        visit(t)
    graph = {}
    for op, node in order:
        graph[id(node)] = True
    node_depth = {}
    op_depth = {}
    for op, node in reversed(order):
        k = id(node)
        d = max(node_depth.get(k, 0), op_depth.get(id(op), 0))
        op_depth[id(op)] = d
        node_depth[k] = d
        for t in node.inputs:
            k = id(t.layer.nodes[t.node_index])
            if k in graph:
                node_depth[k] = max(d + 1, node_depth.get(k, 0))
    for t in inputs:  # inputs not connected to the outputs still belong to the model
        node = t.layer.nodes[t.node_index]
        if id(t.layer) not in op_depth and node.is_input:
            op_depth[id(t.layer)] = 0
            indices[id(t.layer)] = -1
            operations[id(t.layer)] = t.layer
            graph[id(node)] = True
    for op, node in order:  # every tensor a node uses must come from the inputs
        for t in node.inputs:
            k = id(t.layer.nodes[t.node_index])
            if k not in graph and not (k in given and t.tensor_index in given[k]):
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
    return ops, graph


def _name_of(item):
    """The name of a layer, a model, or an instance of the code's own Layer class."""
    return item.host.name if isinstance(item, Instance) else item.name


def _functional_config(model):
    """model.get_config() of a functional model: its layers with their inbound nodes."""
    ops, graph = model.graph()

    def new_index(op, index):
        # Only nodes of this model count; a Functional's own first node always does.
        kept = 1 if isinstance(op, Model) and op.class_name == "Functional" else 0
        for j in range(index):
            if id(op.nodes[j]) in graph:
                kept += 1
        return kept

    def tensor_json(t):
        return {"class_name": "__keras_tensor__",
                "config": {"keras_history": [t.layer.name, new_index(t.layer, t.node_index), t.tensor_index]}}

    def node_json(value):
        if isinstance(value, Tensor) and value.constant:
            # Keras writes the constant's values, which the reader does not know.
            return {"class_name": "__tensor__", "config": {"value": None, "dtype": "float32"}}
        if isinstance(value, Tensor):
            return tensor_json(value)
        # Loops, not a comprehension or dict(generator): MicroPython makes an object for
        # those, and each layer call's arguments and keywords come here.
        if isinstance(value, (list, tuple)):
            out = []
            for v in value:
                out.append(node_json(v))
            return out
        if isinstance(value, dict):
            out = {}
            for k in value:
                out[k] = node_json(value[k])
            return out
        return _json(value)

    layers = []
    for op in ops:
        spec = op.spec()
        spec["name"] = op.name
        nodes = []
        for node in op.nodes:
            if id(node) in graph and node.inputs:
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


