"""What a PyTorch catalogue entry is (TorchSpec), and the registry the torch.nn families fill.

A torch.nn module is described like a Keras layer (calc/spec.py): its constructor's
arguments, the tensors it creates and the formula that follows. What differs:

- names are PyTorch's, written `nn.Linear` (`torch.nn.Linear` is accepted too), and each
  entry declares its arguments in the constructor's order, so a positional repr
  (`Conv2d(3, 64, kernel_size=(7, 7))`) reads the same way;
- sizes are arguments (`in_features`), never read off an input shape, so an entry takes
  no input_shape; a Lazy module has its input size as an extra argument;
- tensors are parameters or buffers (Weight(buffer=True)): running statistics are not
  parameters, and `sum(p.numel() for p in m.parameters())` leaves them out;
- there is no `trainable` argument: every parameter a constructor makes has
  requires_grad=True.

Every module in calc/torch_layers/ imports this module and ends with one register(...) call.
"""

from calc.args import REQUIRED, Arg
from calc.sample import sample_value
from calc.spec import LayerSpec
from calc.text import is_digit, received, shorten, split_items

# The dtype names PyTorch's factory keyword `dtype` takes, as written after `torch.`.
TORCH_DTYPES = ("float32", "float64", "float16", "bfloat16")


def torch_dtype(raw, arg):
    """'float32', also written torch.float32 or float; None is the default dtype."""
    if raw is None or isinstance(raw, str) and raw.strip() in ("", "None"):
        return "float32"
    if isinstance(raw, str):
        name = raw.strip()
        if name.startswith("torch."):
            name = name[len("torch."):]
        name = {"float": "float32", "double": "float64", "half": "float16"}.get(name, name)
        if name in TORCH_DTYPES:
            return name
    raise ValueError("dtype must be a floating point dtype such as torch.float32 (one of %s). "
                     "Received: dtype=%s" % (", ".join(TORCH_DTYPES), shorten(raw)))


# The factory keywords every module with parameters takes. Neither changes a count.
FACTORY_ARGS = (
    Arg("device", "str", "", "Where the tensors are created (cpu, cuda, meta); never changes "
        "the count."),
    Arg("dtype", torch_dtype, "float32", "The parameters' dtype; changes memory, not the count."),
)

# PyTorch takes any number of stacked layers (RNN's num_layers, TransformerEncoder's); past
# this many, listing every tensor would stall the page.
MAX_LAYERS = 1000

TORCH_FAMILIES = (
    ("linear", "Linear layers"),
    ("convolution", "Convolution layers"),
    ("normalization", "Normalization layers"),
    ("recurrent", "Recurrent layers"),
    ("transformer", "Transformer and attention layers"),
    ("sparse", "Embedding layers"),
    ("activation", "Activations"),
    ("pooling", "Pooling layers"),
    ("padding", "Padding layers"),
    ("dropout", "Dropout layers"),
    ("shape", "Shape and vision layers"),
    ("distance", "Distance functions"),
    ("loss", "Loss functions"),
    ("module", "The base class"),
)


class TorchSpec(LayerSpec):
    """A catalogue entry for one torch.nn class. Subclasses describe one family."""

    framework = "torch"
    inputs = ()  # sizes are arguments: no input shape
    takes_factory_args = True  # device= and dtype=; False on modules without parameters

    @property
    def class_name(self):
        """The name PyTorch gives the class: Linear for nn.Linear."""
        return self.name[len("nn."):]

    def all_args(self):
        return tuple(self.args) + (FACTORY_ARGS if self.takes_factory_args else ())

    def output_shape(self, cfg, shapes):
        return None

    def sample(self, rng):
        """Random arguments: every declared one (the factory keywords keep their defaults)."""
        args = {}
        for arg in self.args:
            value = sample_value(arg, rng)
            if value is not REQUIRED:
                args[arg.name] = value
        return args, []

    def lazy_example_input(self, cfg):
        """The shapes of a first input from which a Lazy module would infer its input size
        (given here as an argument): the oracle tests call the module on it. None on the
        other modules."""
        return None

    def torch_kwargs(self, cfg):
        """The keyword arguments to build this module in PyTorch (the oracle tests and the
        page's "Check it in PyTorch" snippet): every declared argument except the ones an
        entry marks as not the constructor's (a Lazy module's input size)."""
        kwargs = {}
        for a in self.args:
            if not getattr(a, "not_constructor", False):
                kwargs[a.name] = cfg[a.name]
        return kwargs


def size_arg(name, help, example=None, sample=(1, 16)):
    """A size PyTorch requires (in_features, hidden_size): a positive integer."""
    return Arg(name, "int", help=help, counts=True, example=example, sample=sample)


def exact_choice(choices):
    """A parser for an argument PyTorch compares as a string (RNN's nonlinearity, a loss's
    reduction): exactly one of `choices`, case included, as PyTorch is."""
    def parse(raw, arg):
        value = raw.strip() if isinstance(raw, str) else raw
        if value in choices:
            return value
        raise ValueError("%s must be one of %s. %s" % (arg.name, ", ".join(repr(c) for c in choices),
                                                       received(arg.name, raw)))
    return parse


def bias_arg(help="False leaves out the bias: no bias tensor is created."):
    return Arg("bias", "bool", True, help, counts=True)


def lazy_input_arg(name, help, example=None):
    """A Lazy module's input size: PyTorch reads it from the first input, here it is given.
    Not a constructor argument (see TorchSpec.torch_kwargs)."""
    a = Arg(name, "int", help=help + " A Lazy module learns it from its first input; give it "
            "here to count the parameters it will have.", counts=True, example=example,
            sample=(1, 16))
    a.not_constructor = True
    return a


def json_or_text(raw):
    """A value typed as text (the CLI's ARG=VALUE, a URL field) that may hold JSON: the JSON
    value, or the text itself when it is not JSON."""
    import json

    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except (ValueError, RuntimeError):  # not JSON, or too deep for CPython (RecursionError)
        return raw


class ModuleArg(Arg):
    """An argument whose value is a module (nn.TransformerEncoder's encoder_layer): a JSON
    object {"class": "nn.TransformerEncoderLayer", "kwargs": {...}}, or text holding one."""

    holds_layer = True

    def __init__(self, name, help, classes, default=REQUIRED, none_ok=False, example=None):
        Arg.__init__(self, name, self.parse_module, default, help, counts=True, none_ok=none_ok,
                     example=example)
        self.classes = classes  # the torch.nn classes it accepts

    def parse_module(self, raw, arg):
        from calc.catalogue import compute_entry, find, read_config

        value = json_or_text(raw)
        if not isinstance(value, dict) or not isinstance(value.get("class"), str):
            raise ValueError('%s must be a module, written {"class": "%s", "kwargs": {...}}. '
                             "Received: %s=%s" % (self.name, self.classes[0], self.name, shorten(raw)))
        entry = find(value["class"])
        if not self.accepts(entry):
            raise ValueError("%s must be %s. Received: %s=%s"
                             % (self.name, self.accepted_text(), self.name, shorten(value["class"])))
        kwargs = value.get("kwargs", {})
        if not isinstance(kwargs, dict):
            raise ValueError("%s's kwargs must be a JSON object. Received: %s"
                             % (self.name, shorten(kwargs)))
        cfg = read_config(entry, None, kwargs)
        return InnerModule(entry, cfg, kwargs, compute_entry(entry, cfg, []))


    def accepts(self, entry):
        return entry.name in self.classes

    def accepted_text(self):
        return "one of " + ", ".join(self.classes)


class InnerModule:
    """A module given as another module's argument: its entry, checked config, the raw
    keyword arguments as given (for snippets) and its counted Result."""

    def __init__(self, entry, cfg, given, result):
        self.entry = entry
        self.cfg = cfg
        self.given = given
        self.result = result

    def __eq__(self, other):
        return isinstance(other, InnerModule) and self.entry is other.entry and self.cfg == other.cfg


REGISTERED = []  # entries in the order their modules registered them
BY_NAME = {}  # "nn.Linear" -> entry: PyTorch's names are case-sensitive


def register(*entries):
    for entry in entries:
        if not entry.name.startswith("nn."):
            raise ValueError("a PyTorch entry's name starts with nn.: " + entry.name)
        if entry.name in BY_NAME:
            raise ValueError("duplicate catalogue name " + entry.name)
        BY_NAME[entry.name] = entry
        REGISTERED.append(entry)


class TensorArg(Arg):
    """A tensor argument (a loss's `weight`, `pos_weight`): written as its length (10) or its
    values (0.2,0.8 or a JSON list); None, the default, gives no tensor. The module keeps it as
    a buffer (register_buffer), so it counts in the buffers, never in the parameters."""

    def __init__(self, name, help):
        Arg.__init__(self, name, self.parse_tensor, None, help + " Written as its length (10) or "
                     "its values (0.2,0.8); it becomes a buffer, never a parameter.", counts=True,
                     none_ok=True, sample=[None, 1, 3, 10])

    def parse_tensor(self, raw, arg):
        from calc.args import to_float, to_int

        listed = isinstance(raw, (list, tuple)) or isinstance(raw, str) and ("," in raw or "[" in raw)
        if listed:
            items = split_items(raw)
            for item in items:
                to_float(item, self.name)
            length = len(items)
        elif isinstance(raw, int) or isinstance(raw, str) and raw.strip() and all(is_digit(c) for c in raw.strip()):
            length = to_int(raw, self.name)
        else:
            raise ValueError("%s must be the tensor's length (an integer) or its values (0.2,0.8). %s"
                             % (self.name, received(self.name, raw)))
        if length < 1:
            raise ValueError("%s must have at least one element. %s" % (self.name, received(self.name, raw)))
        return TensorValue(length)


class TensorValue:
    """A 1-D tensor given as an argument: only its length matters to the count."""

    def __init__(self, length):
        self.length = length

    def __eq__(self, other):
        return isinstance(other, TensorValue) and self.length == other.length
