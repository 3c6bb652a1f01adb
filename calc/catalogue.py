"""The catalogue: one entry per Keras layer class, and the one function that counts.

An entry (a LayerSpec, calc/spec.py) declares the layer's arguments, its inputs, the
weight tensors it creates for a config and input shape (``build``) and its output shape
(``output_shape``). The entries live in the family modules of calc/layers/, which this
module loads by name; the CLI, the site's widgets and the tests all read the catalogue
through the functions here.
"""

from calc import spec
from calc.args import check_shapes, parse_input_shapes
from calc.layers import INDEX, MODULES, import_all, import_module
from calc.spec import LayerSpec
from calc.text import did_you_mean, shorten
from calc.weights import Result

FAMILIES = (
    ("core", "Core layers"),
    ("convolution", "Convolution layers"),
    ("recurrent", "Recurrent layers"),
    ("normalization", "Normalization layers"),
    ("attention", "Attention layers"),
    ("activation", "Activation layers"),
    ("preprocessing", "Preprocessing layers"),
    ("pooling", "Pooling layers"),
    ("reshaping", "Reshaping layers"),
    ("merging", "Merging layers"),
    ("regularization", "Regularization layers"),
    ("augmentation", "Image augmentation layers"),
    ("applications", "Layers of Keras Applications"),
)



class _Catalogue:
    """Every entry, in catalogue order. Reading it imports every family module (see
    calc/layers/__init__.py); counting one layer with `find` imports only its own."""

    _all = None  # sorted once: after import_all() nothing registers any more

    def _entries(self):
        if self._all is not None:
            return self._all
        import_all()
        order = {}
        for i in range(len(MODULES)):
            order[MODULES[i]] = i
        position = {}
        registered = spec.REGISTERED
        for i in range(len(registered)):
            position[id(registered[i])] = i
            if registered[i].name.lower() not in INDEX:  # a new entry, before the command
                raise ValueError("%s is not in calc/keras_classes.py yet: run "
                                 ".venv/bin/python -m tools.keras_classes" % registered[i].name)
        # MicroPython's sort is not stable: the registration position breaks ties.
        self._all = sorted(registered, key=lambda e: (order[INDEX[e.name.lower()]], position[id(e)]))
        return self._all

    def __iter__(self):
        return iter(self._entries())

    def __len__(self):
        return len(self._entries())

    def __getitem__(self, index):
        return self._entries()[index]


LAYERS = _Catalogue()


class _TorchCatalogue:
    """Every torch.nn entry, in calc/torch_layers' MODULES order (then registration order)."""

    def _entries(self):
        from calc import torch_spec
        from calc.torch_layers import import_all

        import_all()
        return torch_spec.REGISTERED

    def __iter__(self):
        return iter(self._entries())

    def __len__(self):
        return len(self._entries())


TORCH_LAYERS = _TorchCatalogue()


def torch_by_family():
    """[(family key, title, entries)] of the PyTorch catalogue, as by_family()."""
    from calc.torch_spec import TORCH_FAMILIES

    groups = []
    for key, title in TORCH_FAMILIES:
        entries = [e for e in TORCH_LAYERS if e.family == key]
        if entries:
            groups.append((key, title, entries))
    return groups


def all_names():
    names = []
    for e in LAYERS:
        names.append(e.name)
        names.extend(e.aliases)
    return names


def by_family():
    """[(family key, title, entries)] in FAMILIES order; families without entries left out."""
    groups = []
    for key, title in FAMILIES:
        entries = [e for e in LAYERS if e.family == key]
        if entries:
            groups.append((key, title, entries))
    return groups


def find(name):
    """The entry for a Keras class name or alias (case-insensitive), or a torch.nn class
    written nn.Linear or torch.nn.Linear (case-sensitive, as PyTorch is); imports its module.

    A name in the other framework's casing is refused with both candidates: `Conv2d` is
    PyTorch's spelling, so it is not read as Keras's Conv2D, and `nn.Conv2D` is not a
    torch.nn class."""
    entry = spec.BY_KERAS_NAME.get(name) if isinstance(name, str) else None
    if entry is not None:
        return entry  # Keras's own spelling
    if not isinstance(name, str) or not name.strip():
        raise ValueError("A layer class name is required. Received: %s" % shorten(name))
    name = name.strip()
    if name.startswith("torch.nn."):
        name = name[len("torch."):]
    if name.startswith("nn."):
        entry = _torch_entry(name)
        if entry is None:
            raise ValueError("Unknown torch.nn class %s.%s Run `python -m calc layers --framework "
                             "torch` for the list." % (shorten(name), _both_frameworks(name[3:])))
        return entry
    key = name.lower()
    entry = spec.BY_NAME.get(key)
    if entry is None and key in INDEX:
        import_module(INDEX[key])
        entry = spec.BY_NAME.get(key)
    # Only a name Keras does not spell this way loads the PyTorch catalogue.
    if (entry is None or name not in (entry.name,) + entry.aliases) and _torch_entry("nn." + name) is not None:
        raise ValueError("Unknown layer class %s.%s" % (shorten(name), _both_frameworks(name)))
    if entry is None:
        raise ValueError("Unknown layer class %s.%s Run `python -m calc layers` for the list."
                         % (shorten(name), did_you_mean(name, all_names())))
    return entry


def is_keras_name(name):
    """Whether the catalogue has a Keras class or alias of this name (in any casing), found
    without the did-you-mean search and the PyTorch catalogue that find()'s refusal costs
    (a third of a second on MicroPython): find() still decides on the casing."""
    key = name.strip().lower()
    return key in spec.BY_NAME or key in INDEX


def _torch_entry(name):
    from calc import torch_spec

    if name not in torch_spec.BY_NAME:
        TORCH_LAYERS._entries()
    return torch_spec.BY_NAME.get(name)


def _both_frameworks(class_name):
    """' Did you mean nn.Conv2d (PyTorch) or Conv2D (Keras)?' for a bare class name, matched
    without regard to case in each catalogue; near misses otherwise."""
    key = class_name.lower()
    found = []
    for entry in TORCH_LAYERS:
        if entry.class_name.lower() == key:
            found.append(entry.name + " (PyTorch)")
    keras = spec.BY_NAME.get(key)
    if keras is None and key in INDEX:
        import_module(INDEX[key])
        keras = spec.BY_NAME.get(key)
    if keras is not None:
        found.append(keras.name + " (Keras)")
    if found:
        return " Did you mean " + " or ".join(found) + "?"
    return did_you_mean("nn." + class_name, [e.name for e in TORCH_LAYERS])


def read_config(entry, config=None, args=None):
    """Merge a Keras get_config() dict and ARG=VALUE overrides into checked values.

    Unknown keys in `args` are errors (with a did-you-mean); unknown keys in `config`
    are skipped (see below).
    """
    raw = {}
    if config is not None:
        if not isinstance(config, dict):
            raise ValueError("--config must be a JSON object (a layer's get_config() dict). "
                             "Received: %s" % shorten(config))
        # A real config carries every keyword the layer took (initializers, regularizers,
        # activation...). Entries declare what shapes the weights or the output; the rest
        # never changes a count and is skipped.
        for key in config:
            if entry.arg(key) is not None:
                raw[key] = config[key]
            elif entry.framework == "torch":  # a constructor's keywords: none is skipped
                names = [a.name for a in entry.all_args()]
                raise ValueError("%s has no argument %s.%s Its arguments: %s."
                                 % (entry.name, shorten(key), did_you_mean(key, names), ", ".join(names)))
    for key in args or {}:
        if entry.arg(key) is None:
            names = [a.name for a in entry.all_args()]
            raise ValueError("%s has no argument %s.%s Its arguments: %s."
                             % (entry.name, shorten(key), did_you_mean(key, names), ", ".join(names)))
        raw[key] = args[key]
    cfg = {}
    for a in entry.all_args():
        if a.name in raw:
            cfg[a.name] = a.parse(raw[a.name])
        elif a.required:
            raise ValueError("%s requires the argument %s (%s)" % (entry.name, a.name, a.help))
        else:
            cfg[a.name] = a.default
    return cfg


def default_shapes(entry):
    """Shapes used when none is given: every dim unknown, at the smallest rank allowed."""
    return [(None,) * (i.min_rank + 1) for i in entry.inputs if not i.optional]


def compute(layer, args=None, config=None, input_shape=None):
    """Count one layer. `layer` is a class name or an entry; `args` maps argument names to
    raw values (text or JSON); `config` is a Keras get_config() dict; `input_shape` is
    text ('None,None,25', ';' between inputs) or a list, without the batch axis.
    Raises ValueError with a Keras-style message on any bad input."""
    entry = layer if isinstance(layer, LayerSpec) else find(layer)
    cfg = read_config(entry, config, args)
    if entry.framework == "torch" and input_shape not in (None, ""):
        raise ValueError("%s takes no input_shape: PyTorch's sizes are constructor arguments "
                         "(%s). Received: input_shape=%s"
                         % (entry.name, ", ".join(a.name for a in entry.args if a.counts) or "none",
                            shorten(input_shape)))
    if input_shape is None or input_shape == "":
        shapes = default_shapes(entry)
    else:
        shapes = parse_input_shapes(input_shape, entry.inputs)
    return compute_entry(entry, cfg, shapes)


def compute_entry(entry, cfg, shapes):
    """Count from already-checked values (used by wrappers and the model reader); shapes
    from a model file are checked here, as nothing else has seen them."""
    check_shapes(shapes, entry.inputs, any_count=entry.accepts_any_input_count)
    entry.check(cfg, shapes)
    weights = entry.build(cfg, shapes)
    if not cfg.get("trainable", True):
        weights = [w.frozen() for w in weights]
    return Result(entry.name, weights, entry.output_shape(cfg, shapes), framework=entry.framework)
