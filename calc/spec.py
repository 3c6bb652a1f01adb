"""What a catalogue entry is (LayerSpec), and the registry the family modules fill.

Every module in calc/layers/ imports this module (never calc.catalogue, which loads the
family modules by name: see calc/layers/__init__.py) and ends with one register(...) call.
"""

from calc.args import Arg, Input
from calc.dims import sym
from calc.keras_classes import OTHER_NAMES
from calc.sample import sample_args, sample_shapes
from calc.text import shapes_text, shorten

# Arguments every Keras layer takes. Only `trainable` matters here: False moves every
# weight to the non-trainable side without changing the total.
COMMON_ARGS = (
    Arg("trainable", "bool", True, "False freezes the layer's own weights: they move from "
        "trainable to non-trainable, the total stays.", counts=True),
    Arg("name", "str", "", "The layer's name; never changes the count."),
    Arg("dtype", lambda raw, arg: dtype_name(raw), "float32",
        "The variables' dtype; changes memory, not the count."),
)



def sublayer_trainable_arg(sublayers):
    """`trainable` on a layer whose weights belong to sub-layers it builds (`sublayers`
    names them): in Keras 3.15 the constructor's trainable=False does not reach them."""
    return Arg("trainable", "bool", True, "Passed to the constructor, False does not reach "
               "%s: in Keras 3.15 their weights stay trainable (in model.summary() and here), "
               "so the split does not change. To freeze them, build the layer with the default "
               "and set layer.trainable = False afterwards." % sublayers, counts=True)


def dtype_name(raw):
    """'float32', or the name inside a saved DTypePolicy {"class_name": "DTypePolicy",
    "config": {"name": "mixed_float16"}}."""
    if isinstance(raw, dict) and isinstance(raw.get("config"), dict):
        raw = raw["config"].get("name")
    if not isinstance(raw, str):
        raise ValueError("dtype must be a dtype name such as 'float32'. Received: dtype=%s" % shorten(raw))
    return raw.strip()


class LayerSpec:
    """A catalogue entry. Subclasses describe one family; instances one Keras class."""

    framework = "keras"  # "torch" on the PyTorch catalogue's entries (calc/torch_spec.py)
    family = "core"
    summary = ""
    args = ()
    inputs = (Input(),)
    weight_free_reason = None  # set on layers that never create weights
    example_input = None  # shapes without the batch axis, one per input
    # How Keras builds it, for the page's Keras snippet and the oracle tests:
    keras_module = "keras.layers"  # where the class lives
    # "tensor": layer(x), or layer([x, y]) for several inputs (merges, Attention);
    # "separate": layer(query, value, key); "none": the layer is the input (InputLayer).
    keras_call = "tensor"
    input_dtypes = ()  # the dtype of each keras.Input it is called on; float32 when not given
    aliases = ()  # Keras's other names for the class, set by register()
    # The sub-layers that hold the weights, for layers that build them (Bidirectional's two
    # copies): a constructor's trainable=False does not reach them, so `trainable` gets its
    # own help text (sublayer_trainable_arg). None: the weights are the layer's own.
    sublayers = None
    # What the rest of calc asks of an entry, declared here with the common answer:
    accepts_any_input_count = False  # merges: a model file may give them any number of inputs
    is_recurrent = False  # the layers Bidirectional accepts

    def __init__(self, name, **attributes):
        """`name` is the Keras class name; `attributes` set what the class declares
        (summary=..., args=...): a key it does not declare is a typo that would otherwise
        change nothing, so it is refused."""
        self.name = name
        for key in attributes:
            if not hasattr(type(self), key):
                raise TypeError("%s: %s has no attribute %s to set. Received: %s=%s"
                                % (name, type(self).__name__, key, key, shorten(attributes[key])))
            setattr(self, key, attributes[key])

    @property
    def has_weights(self):
        return self.weight_free_reason is None

    def all_args(self):
        if self.sublayers is None:
            return tuple(self.args) + COMMON_ARGS
        common = getattr(self, "_common_args", None)
        if common is None:
            common = self._common_args = (sublayer_trainable_arg(self.sublayers),) + COMMON_ARGS[1:]
        return tuple(self.args) + common

    def arg(self, name):
        for a in self.all_args():
            if a.name == name:
                return a
        return None

    # What subclasses write ---------------------------------------------------------

    def check(self, cfg, shapes):
        """Cross-argument validation (Keras-style ValueError); per-arg checks are in Arg."""

    def build(self, cfg, shapes):
        """The list of Weight objects, in the order ``layer.weights`` lists them."""
        return []

    def output_shape(self, cfg, shapes):
        return shapes[0]

    def sample(self, rng):
        """(args, shapes) of one random example (practice mode, the oracle tests); entries
        whose arguments constrain each other write their own."""
        args = sample_args(self, rng)
        return args, sample_shapes(self, rng, args)

    # Shared helpers ----------------------------------------------------------------

    def input_dim(self, shapes, axis, symbol, what, latex=None, which=0):
        """An input axis the count needs, as a symbol; None there is an error saying so."""
        shape = shapes[which]
        value = shape[axis]
        if value is None:
            label = "input_shape" if len(self.inputs) == 1 else "input_shape (%s)" % self.inputs[which].name
            raise ValueError("%s: the %s must be known to count the weights of %s, but it is "
                             "None. Received: input_shape=%s"
                             % (label, what, self.name, shapes_text(shapes, batch_axis=True)))
        where = "the input's" if len(self.inputs) == 1 else "the %s input's" % self.inputs[which].name
        return sym(symbol, value, latex, meaning="%s %s" % (where, what))

    def example_args(self):
        return [(a.name, a.example) for a in self.args if a.example is not None]

    def example_shapes(self):
        if self.example_input is not None:
            return list(self.example_input)
        return [i.example for i in self.inputs]


REGISTERED = []  # entries in the order their modules registered them
BY_NAME = {}  # lowercase class name or alias -> entry
# Class name as Keras spells it -> entry: catalogue.find's look-up without lower(), which
# costs a string per call (a model asks once or more per layer).
BY_KERAS_NAME = {}


def register(*entries):
    """Put entries in the catalogue, under their names and the aliases Keras exports for
    the same class (Conv2D is also Convolution2D: calc/keras_classes.py)."""
    for entry in entries:
        entry.aliases = OTHER_NAMES.get(entry.name, ())
        for key in (entry.name,) + entry.aliases:
            if key.lower() in BY_NAME:
                raise ValueError("duplicate catalogue name " + key)
            BY_NAME[key.lower()] = entry
        BY_KERAS_NAME[entry.name] = entry
        REGISTERED.append(entry)
