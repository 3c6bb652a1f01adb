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
from calc.application_code import application_member
from calc.args import check_shapes
from calc.catalogue import compute_entry, find
from calc.keras_classes import read as read_keras_classes
from calc.pybuiltins import builtins, copy_module, math_module, numpy_module
from calc.keras_ops import OP_CLASSES, OP_MODULE, op_result
from calc.keras_values import (IGNORED_METHODS, BaseClass, Custom, KerasFunction, KerasNumpy, Layer,
                               LayerClass, Model, Module, Node, Opaque, SystemModule, Tensor,
                               _PLAIN, _name_of, _tensors_in)
from calc.pyeval import MAX_SEQUENCE, Builtin, Evaluator, Instance, Unknown
from calc.pyparse import CodeError, fail
from calc.text import snake_case

MAX_LAYERS = 20000

# keras.layers helper functions: name -> the layer class they create and call.
MERGE_HELPERS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                 "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                 "concatenate": "Concatenate", "dot": "Dot"}
# Layers that create auto-named sub-layers when they are built (first called): those
# take the next names, as in Keras (a Dropout after a MultiHeadAttention is "dropout_1").
BUILD_SUBLAYERS = {"MultiHeadAttention": ("Softmax", "Dropout"),
                   "GroupedQueryAttention": ("Softmax", "Dropout")}
# The name sets below are frozensets, not tuples: _keras_name tests several of them on every
# attribute access (layers.Dense in a 1,000-layer loop), and MicroPython tests `in` on a tuple
# item by item (about 0.6 us each), on a set by its hash.
# Modules whose callables only configure training or weights' values, never a count:
# their calls become opaque placeholders and their arguments are not even read.
OPAQUE_MODULES = frozenset(("regularizers", "initializers", "constraints", "optimizers", "losses",
                            "metrics", "callbacks", "schedules", "mixed_precision"))
# Submodules of keras.ops (keras.ops.nn.relu, keras.ops.image.extract_patches).
OPS_SUBMODULES = frozenset(("nn", "numpy", "image", "core", "math", "linalg"))
# TensorFlow's names for keras.ops functions, in model code written for tf.keras.
TF_OPS = {"concat": "concatenate", "reduce_mean": "mean", "reduce_sum": "sum", "reduce_max": "max",
          "reduce_min": "min", "reduce_prod": "prod", "range": "arange",
          "expand_dims": "expand_dims", "multiply": "multiply", "add": "add", "subtract": "subtract",
          "divide": "divide", "pow": "power", "squared_difference": "subtract", "identity": "copy",
          "floordiv": "floor_divide", "floormod": "mod", "truediv": "true_divide",
          # One row per segment, whatever the reduction (a mean, a product: the same shape).
          "unsorted_segment_sum": "segment_sum", "unsorted_segment_max": "segment_max",
          "unsorted_segment_mean": "segment_sum", "unsorted_segment_min": "segment_max",
          "unsorted_segment_prod": "segment_sum", "segment_mean": "segment_sum",
          "l2_normalize": "normalize"}
SUBMODULES = frozenset(("keras", "layers", "models", "activations", "experimental", "preprocessing",
                        "random", "nn", "ops", "src", "core", "v1", "compat", "v2", "backend", "config",
                        "utils", "layer", "operation_utils", "file_utils")) | OPAQUE_MODULES
# Modules of Keras's settings and helpers: keras.backend, keras.config, keras.utils (and the
# keras.src modules that Keras's own application code imports them from).
UTILITY_MODULES = frozenset(("backend", "config", "utils", "operation_utils", "file_utils"))
ACTIVATIONS = frozenset(("relu", "relu6", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu",
                         "swish", "softplus", "softsign", "exponential", "linear", "leaky_relu",
                         "hard_sigmoid", "hard_silu", "hard_swish", "mish", "log_softmax"))
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


# The reader: Keras's behaviour, as the evaluator calls it ---------------------------------


def library_module(dotted):
    """What an import of anything but the framework gives, in Keras and PyTorch code alike:
    math and NumPy's number helpers, copy; a module that reaches the system (sys, subprocess, os)
    refused by name; any other library (matplotlib, pandas, datasets) a module nothing of
    which is followed, so its lines are skipped and listed."""
    top = dotted[0]
    if top == "math":
        return math_module()
    if top in ("numpy", "np"):
        return numpy_module()
    if top == "copy":
        return copy_module()
    if top in REFUSED_MODULES or top == "os":
        return SystemModule(top)
    return Unknown(".".join(dotted))

# What the summary reads instead, for a library whose models it cannot build from code.
READ_INSTEAD = {"transformers": "paste the model's config.json, or what print(model) shows",
                "timm": "paste what print(model) shows"}


def made_elsewhere(env):
    """" that calc can read (<name> = <library>.<...>(...) is built by ...)" when the code
    keeps a value another library made (KerasHub's from_preset, transformers' AutoModel, timm's
    create_model): the likely model, whose code neither reader (Keras's, PyTorch's) has."""
    for name in sorted(env):  # sorted: the same answer on MicroPython, whose dicts are unordered
        value = env[name]
        if isinstance(value, Unknown) and value.origin.endswith("(...)"):
            library = value.origin.split(".")[0].split("(")[0]
            instead = READ_INSTEAD.get(library)
            return (" that calc can read (%s = %s is built by the %s library, whose code calc does not "
                    "have%s)" % (name, value.origin, library, "; " + instead if instead else ""))
    return ""


class Reader:
    def __init__(self):
        self.uids = {}
        self.layer_count = 0
        self.models = []  # every model made (Sequential, functional, the code's Model classes), in order
        self.tracing = 0  # > 0 inside a custom layer's call(): tensors carry shapes only
        self.problems = []  # (line, text): statements that could not be followed
        self.prefixes = {}  # class name -> its auto-names' prefix (snake_case): auto_name
        self.checked = {}  # class name + config JSON -> (entry, checked config, outputs): Layer.checked_config
        self.members = {}  # path + (name,) -> what member() found of Keras's own names
        self.ev = Evaluator(self.builtins(), self.importer, REFUSED_NAMES)
        self.applications = {}  # keras.applications modules run so far (calc.application_code)
        self.in_application = False  # True while Keras's application code runs

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
        if top in ("numpy", "np"):
            return KerasNumpy(self, numpy_module())
        return library_module(dotted)

    def member(self, path, name, where):
        """keras.<path>.name. Keras's names and modules hold no state: each is made once in a
        reading, not at every use (layers.Dense in a 1,000-layer loop: 10 us each time)."""
        key = path + (name,)
        found = self.members.get(key)
        if found is not None:
            return found
        found = _keras_name(self, path, name)
        if found is None and (name in SUBMODULES or path[0] == "tensorflow" and name in ("math", "nn", "linalg", "image")):
            found = Module(self, key)
        if found is not None:
            self.members[key] = found
            return found
        if path[-1:] == ("layers",) and name[:1].isupper():
            fail(where, "%s.%s is not a Keras name this reader knows (a custom layer? paste its "
                 "class too)" % (".".join(path), name))
        if "applications" in path:
            return application_member(self, path[path.index("applications") + 1:], name, where)
        if name == "applications":
            return Module(self, path + (name,))
        return Unknown(".".join(path + (name,)))

    def auto_name(self, class_name):
        prefix = self.prefixes.get(class_name)
        if prefix is None:  # found once per class: a model's unnamed layers each come here
            prefix = self.prefixes[class_name] = snake_case(class_name)
        uid = self.next_uid(prefix)
        return prefix if uid == 1 else "%s_%d" % (prefix, uid - 1)

    def next_uid(self, prefix):
        """keras.backend.get_uid(prefix): 1, 2, 3... per prefix, the counter auto-names use."""
        uid = self.uids.get(prefix, 0) + 1
        self.uids[prefix] = uid
        return uid

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
            value = config[key]
            if type(value) not in _PLAIN and _tensors_in(value, []):
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
        model.graph()  # checks the graph now, so errors name this line
        self.models.append(model)
        return model

    # Calling layers ---------------------------------------------------------------------

    def call_layer(self, layer, args, kwargs, where):
        """layer(x): in a model's graph a new node; inside a custom call(), shapes only."""
        tensors = _tensors_in(args, [])
        if kwargs:
            _tensors_in(kwargs, tensors)
        if not tensors:
            given = [a for a in args if isinstance(a, Unknown)]
            if given:
                fail(where, "%s is called on %s, which the reader does not follow" % (layer.name, given[0].origin))
            fail(where, "calling %s on something that is not a tensor is not read" % layer.name)
        if isinstance(layer, Model) and layer.class_name == "Sequential" and not layer.layers:
            fail(where, "the Sequential model %s has no layers" % layer.name)
        # Without keywords the inputs are the tensors just found (most calls: layer(x)).
        inputs = _call_inputs(layer, args, kwargs) if kwargs else tensors
        # One loop, without a comprehension or a call per question: MicroPython makes an
        # object for a comprehension, and every layer call asks these.
        shapes = []
        known = True  # every input's shape is a tuple
        for t in inputs:
            shapes.append(t.shape)
            if not isinstance(t.shape, tuple):
                known = False
        output = self.apply(layer, shapes if shapes and known else None, args, kwargs, where)
        in_graph = True
        for t in tensors:
            if t.layer is None:
                in_graph = False
        if self.tracing or not in_graph:
            return Tensor(self, None, 0, 0, shape=output)
        node = Node(args, kwargs, inputs=tensors)
        node.output_shape = output
        layer.nodes.append(node)
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
            entry, cfg, outputs = layer.checked_config()
        except ValueError:
            return None  # calc.model reports the layer's problem on its row
        # Layers of one config called on the same shapes (a loop's 1,000 Dense(32)) have the
        # same output: checked and found once.
        key = _shapes_key(shapes)
        if key is not None and key in outputs:
            output = outputs[key]
        else:
            try:
                check_shapes(shapes, entry.inputs, any_count=entry.accepts_any_input_count)
                entry.check(cfg, shapes)
                output = entry.output_shape(cfg, shapes)
            except ValueError:
                output = None  # calc.model reports the layer's problem on its row
            if key is not None:
                outputs[key] = output
        return list(output) if isinstance(output, list) else output  # several outputs: a list each

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
        tensors = _tensors_in(args, [])
        if kwargs:
            _tensors_in(kwargs, tensors)
        kind, shape = op_result(name, args, kwargs, where)
        if kind == "value":
            return shape
        symbolic = [t for t in tensors if not t.constant]
        if not symbolic and not self.tracing:
            return Tensor(self, None, 0, 0, shape=shape, constant=True)
        graph = symbolic and not self.tracing and all(t.layer is not None for t in symbolic)
        if not graph:
            return Tensor(self, None, 0, 0, shape=shape)
        # Keras records the operation in the model's graph: x + y is an Add node named
        # "add", "add_1", ... (keras.src.ops).
        class_name = OP_CLASSES.get(name) or _camel(name)
        layer = self.new_layer(class_name, None, {}, where, module=OP_MODULE)
        layer.built = True
        layer.build_shapes = [t.shape for t in symbolic if isinstance(t.shape, tuple)] or None
        layer.output_shapes.append(shape)
        node = Node(list(args), kwargs)
        node.output_shape = shape
        layer.nodes.append(node)
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
            return Builtin("Layer.__init__", lambda ev, a, k, w: self.layer_init(instance, a, k, w))
        if name == "add_weight":
            return Builtin("add_weight", lambda ev, a, k, w: self.add_weight(instance, a, k, w))
        if name == "build":
            return Builtin("build", lambda ev, a, k, w: self.default_build(instance, a, k, w))
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
            return Builtin(name, lambda ev, a, k, w: None)
        if name in IGNORED_METHODS or name in ("get_build_config", "compute_output_shape"):
            return Unknown("%s.%s" % (instance.cls.name, name))
        fail(where, "%s has no attribute %s" % (instance.cls.name, name))

    def base_attr(self, state, name, where):
        """An attribute a catalogued base class gives its subclass: its arguments (self.strides,
        self.use_bias, with their defaults), its weights once built (self.kernel), and its
        call() (super().call(x))."""
        layer = state.base
        if name == "call":
            return Builtin("call", lambda ev, a, k, w: Tensor(self, None, 0, 0, shape=self.apply(
                layer, [t.shape for t in _tensors_in(list(a), [])] or None, a, k, w)))
        try:
            entry, cfg, _ = layer.checked_config()
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
            raise CodeError("The code defines no model%s: use keras.Sequential([...]), "
                            "keras.Model(inputs, outputs) or a keras.Model subclass.%s"
                            % (made_elsewhere(env), skipped))
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
    if kwargs and isinstance(layer, Layer) and layer.class_name in LAYER_CLASSES:  # no keyword: no look-up
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


def _shapes_key(shapes):
    """A layer's input shapes as a dict key; None when they cannot be one (a shape that is
    a list of shapes: the several outputs of the layer before)."""
    key = tuple(shapes)
    try:
        hash(key)
    except TypeError:
        return None
    return key


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
    if name == "Layer" and last in ("layers", "keras", "engine", "layer"):
        return BaseClass(reader, "Layer", False)
    if name == "Input":
        return KerasFunction(reader, "input", name)
    if name == "InputLayer":
        return LayerClass(reader, name, ())
    if last in OPAQUE_MODULES:
        return Opaque(".".join(path + (name,)))
    if last in UTILITY_MODULES:
        return _utility(reader, last, name)
    if name in UTILITY_MODULES:  # keras.src.ops.operation_utils is no keras.ops function
        return Module(reader, path + (name,))
    if name == "get" and last == "activations":  # the activation's name: compared, never run
        return Builtin("keras.activations.get", lambda ev, a, k, w: _activation_name(
            _one_argument("keras.activations.get", a, k, w)))
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
        if name in ("depth_to_space", "space_to_depth", "gather"):
            return KerasFunction(reader, "op", "tf_" + name)
        if name in ops_shapes.FUNCTIONS or name in ops_shapes.ACTIVATIONS:
            return KerasFunction(reader, "op", name)
        return None
    if name in LAYER_CLASSES:
        canonical, params = LAYER_CLASSES[name]
        return LayerClass(reader, canonical, params)
    if name in MERGE_HELPERS and last != "ops":
        return KerasFunction(reader, "merge", name)
    return None


# keras.backend's (and keras.config's) settings, as a fresh Keras has them. The counts are
# the same on every backend; "tensorflow" is the one the tests compare with.
BACKEND_SETTINGS = {"image_data_format": "channels_last", "floatx": "float32", "epsilon": 1e-07,
                    "backend": "tensorflow"}


def _utility(reader, module, name):
    """keras.backend.X, keras.config.X, keras.utils.X: what model code asks of them. The
    settings are Keras's defaults (no ~/.keras/keras.json), as the tests' Keras has them."""
    dotted = "keras.%s.%s" % (module, name)
    if name == "get_source_inputs":
        return Builtin(dotted, lambda ev, a, k, w: _source_inputs(_one_argument(dotted, a, k, w)))
    if module == "file_utils":  # exists(weights file): the reader never looks at files
        return Builtin(dotted, lambda ev, a, k, w: True) if name == "exists" else None
    if module in ("backend", "config"):
        if name == "get_uid":  # the counter behind Keras's auto-names
            return Builtin(dotted, lambda ev, a, k, w: reader.next_uid(k.get("prefix", a[0] if a else "")))
        if name == "is_keras_tensor":
            return Builtin(dotted, lambda ev, a, k, w: _is_symbolic(_one_argument(dotted, a, k, w)))
        if name == "name_scope":  # names layers' weights, never a layer or a count
            return Builtin(dotted, lambda ev, a, k, w: None)
        if name in BACKEND_SETTINGS:
            value = BACKEND_SETTINGS[name]
            return Builtin(dotted, lambda ev, a, k, w: value)
    return None


def _is_symbolic(value):
    """keras.backend.is_keras_tensor: a model's tensor, not a constant made from values."""
    return isinstance(value, Tensor) and not value.constant


def _activation_name(identifier):
    """keras.activations.get(identifier), as a name: None is "linear"."""
    if identifier is None:
        return "linear"
    if isinstance(identifier, KerasFunction) and identifier.kind == "activation":
        return identifier.name
    return identifier


def _one_argument(dotted, args, kwargs, where):
    if len(args) + len(kwargs) != 1:
        fail(where, "%s takes one argument" % dotted)
    return args[0] if args else kwargs[list(kwargs)[0]]


def _source_inputs(tensor):
    """keras.utils.get_source_inputs: the keras.Input tensors `tensor` is computed from,
    in Keras's order (depth first, inputs left to right), each once."""
    if not isinstance(tensor, Tensor) or tensor.layer is None:
        return tensor
    found = []
    seen = {}
    stack = [tensor]
    while stack:
        t = stack.pop()
        node = t.node()
        key = (id(t.layer), t.node_index, t.tensor_index)
        if key in seen:  # a graph with skip connections reaches a layer by many paths
            continue
        seen[key] = True
        if node.is_input:
            found.append(t)
            continue
        stack.extend(reversed(node.inputs))
    return found


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
