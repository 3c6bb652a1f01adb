"""Layers that wrap another layer: Bidirectional, TimeDistributed, SpectralNormalization.

The wrapped layer is an argument like any other. It arrives either as a Keras config dict
({"class_name": "LSTM", "config": {...}}, as model.to_json() writes it) or as a layer
text (``LSTM(units=64, return_sequences=True)``, read and written by calc/text.py). It is
counted by its own catalogue entry on the input shape the wrapper hands it, and its
weights are listed under its name, so the wrapper's formula is the inner layer's formula.

Counting the inner layer goes through calc.catalogue, which loads this module by name: it
is imported inside the functions that use it, never at the top, so no family module
imports the catalogue that imports it.
"""

from calc.args import REQUIRED, Arg, Input
from calc.sample import sample as sample_layer
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, layer_text, parse_layer_text, shorten, snake_case
from calc.weights import Weight

MAX_NESTING = 8  # wrappers inside wrappers; deeper text is refused, not recursed into


# The argument kind ----------------------------------------------------------------

class InnerLayer:
    """A wrapped layer: its catalogue entry, its checked config, and the arguments that
    were given (for showing it back and for rebuilding it in Keras)."""

    def __init__(self, entry, cfg, given):
        self.entry = entry
        self.cfg = cfg
        self.given = given

    @property
    def name(self):
        """The name Keras gives it, which starts its weights' paths."""
        return self.cfg.get("name") or snake_case(self.entry.name)

    def __str__(self):
        return layer_text(self.entry.name, self.given)

    __repr__ = __str__

    def result(self, shape, wrapper):
        """Count it on one input shape (with the batch axis), after the rank check that
        parsing the wrapper's own input_shape did not do."""
        specs = [i for i in self.entry.inputs if not i.optional]
        if len(specs) != 1:
            raise ValueError("%s wraps a layer with one input; %s takes %d."
                             % (wrapper, self.entry.name, len(specs)))
        spec = specs[0]
        if not spec.accepts_rank(len(shape) - 1):
            raise ValueError("%s inside %s needs an input with %s dimensions (without the batch "
                             "axis); it receives %s." % (self.entry.name, wrapper, spec.ranks_text(),
                                                         fmt_shape(tuple(shape[1:]))))
        from calc import catalogue

        return catalogue.compute_entry(self.entry, self.cfg, [shape])


_nesting = [0]


def layer_arg(raw, arg):
    """The Arg kind of a layer-valued argument: a config dict or text -> InnerLayer."""
    if isinstance(raw, InnerLayer):
        return raw
    if _nesting[0] >= MAX_NESTING:
        raise ValueError("%s: layers nested more than %d deep." % (arg.name, MAX_NESTING))
    from calc import catalogue

    _nesting[0] += 1
    try:
        if isinstance(raw, dict):
            class_name = raw.get("class_name")
            config = raw.get("config", {})
            if not isinstance(class_name, str) or not isinstance(config, dict):
                raise ValueError("a layer config needs 'class_name' and a 'config' object")
            entry = catalogue.find(class_name)
            cfg = catalogue.read_config(entry, config)
            given = {}
            for key in config:
                if entry.arg(key) is not None and key not in ("name", "dtype"):
                    given[key] = cfg[key]
        elif isinstance(raw, str):
            class_name, args = parse_layer_text(raw)
            entry = catalogue.find(class_name)
            cfg = catalogue.read_config(entry, None, args)
            given = {}
            for key in args:
                given[key] = cfg[key]
        else:
            raise ValueError("expected a layer such as LSTM(units=64) or a Keras layer config")
    except ValueError as e:
        raise ValueError("%s=%s: %s" % (arg.name, shorten(raw), e))
    finally:
        _nesting[0] -= 1
    return InnerLayer(entry, cfg, given)


class LayerArg(Arg):
    """An argument whose value is another layer, read by layer_arg into an InnerLayer."""

    holds_layer = True

    def __init__(self, name, default=REQUIRED, help="", **options):
        Arg.__init__(self, name, layer_arg, default, help, **options)


def layer_value(class_name, args, rng):
    """A sampled inner layer, as text or (one time in three) as a config dict."""
    if rng.chance(0.33):
        config = {}
        for key in args:
            v = args[key]
            config[key] = list(v) if isinstance(v, tuple) else v  # JSON has lists
        return {"class_name": class_name, "config": config}
    return layer_text(class_name, args)


def _registered(names):
    from calc import catalogue

    entries = []
    for n in names:
        try:
            entries.append(catalogue.find(n))
        except ValueError:
            pass  # a family not written yet
    return entries


# The entries ----------------------------------------------------------------------

# Inner layers the random examples draw from (the oracle checks these combinations).
TIME_DISTRIBUTED_SAMPLES = ("Dense", "Conv1D", "Conv2D", "LSTM", "GRU", "Embedding", "EinsumDense",
                            "DepthwiseConv2D", "SeparableConv1D", "Conv2DTranspose",
                            "BatchNormalization", "LayerNormalization", "MaxPooling2D", "Flatten",
                            "Dropout", "Bidirectional")
SPECTRAL_SAMPLES = ("Dense", "Embedding", "Conv1D", "Conv2D", "Conv3DTranspose", "EinsumDense",
                    "DepthwiseConv1D", "SeparableConv2D", "LayerNormalization", "LSTM")

RNN_NAMES = ("SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")


class Bidirectional(LayerSpec):
    sublayers = "the forward and backward copies of the wrapped layer"
    family = "recurrent"
    summary = ("Runs a recurrent layer over the sequence forwards and a copy of it backwards, "
               "and merges the two outputs: twice the weights of the layer it wraps.")
    args = (
        LayerArg("layer", help="The recurrent layer run forwards (SimpleRNN, LSTM, GRU or "
            "ConvLSTM), e.g. LSTM(units=64); its copy runs backwards.", counts=True,
            example="LSTM(units=64)"),
        Arg("merge_mode", "choice", "concat", "How the two outputs combine: concat (last axis "
            "doubles), sum, mul, ave, or None (both returned); never changes the count.",
            choices=("concat", "sum", "mul", "ave", None)),
        LayerArg("backward_layer", None, "A different recurrent layer for the backward "
            "pass (with go_backwards=true); None copies `layer`.", counts=True, none_ok=True),
    )
    inputs = (Input("sequence", 2, 5, example=(None, 32)),)

    def _layers(self, cfg):
        forward, backward = cfg["layer"], cfg["backward_layer"]
        for key, inner in (("layer", forward), ("backward_layer", backward)):
            if inner is not None and not inner.entry.is_recurrent:
                raise ValueError("Bidirectional needs a recurrent layer (%s) as %s. Received: "
                                 "%s=%s" % (", ".join(RNN_NAMES), key, key, inner))
        back = backward.cfg["go_backwards"] if backward is not None else True
        if forward.cfg["go_backwards"] == back:
            raise ValueError("Forward layer and backward layer should have different "
                             "`go_backwards` value. Received: forward_layer.go_backwards=%s, "
                             "backward_layer.go_backwards=%s" % (forward.cfg["go_backwards"], back))
        if backward is not None:
            for a in ("stateful", "return_sequences", "return_state"):
                if forward.cfg[a] != backward.cfg[a]:
                    raise ValueError("Forward layer and backward layer are expected to have the "
                                     "same value for attribute \"%s\", got \"%s\" for forward "
                                     "layer and \"%s\" for backward layer"
                                     % (a, forward.cfg[a], backward.cfg[a]))
        return forward, backward

    def check(self, cfg, shapes):
        forward, backward = self._layers(cfg)
        forward.result(shapes[0], self.name)
        if backward is not None:
            backward.result(shapes[0], self.name)

    def build(self, cfg, shapes):
        forward, backward = self._layers(cfg)
        # Keras names the copies forward_<name> and backward_<name>; a backward_layer
        # given explicitly keeps its own name.
        weights = [w.scoped("forward_" + _drop_prefix(forward.name, "forward_")).beyond_layer_trainable()
                   for w in forward.result(shapes[0], self.name).weights]
        if backward is None:
            scope, backward = "backward_" + _drop_prefix(forward.name, "backward_"), forward
        else:
            scope = backward.name
        return weights + [w.scoped(scope).beyond_layer_trainable()
                          for w in backward.result(shapes[0], self.name).weights]

    def output_shape(self, cfg, shapes):
        # As Keras: from the forward layer alone.
        forward = cfg["layer"]
        out = forward.result(shapes[0], self.name).output_shape
        states = []
        if forward.cfg["return_state"]:
            out, states = out[0], out[1:]
        if cfg["merge_mode"] == "concat":
            outs = [out[:-1] + (out[-1] * 2,)]
        elif cfg["merge_mode"] is None:
            outs = [out, out]
        else:
            outs = [out]
        outs = outs + states + states
        return outs if len(outs) > 1 else outs[0]

    def sample(self, rng):
        entries = _registered(RNN_NAMES[:5] if rng.chance(0.9) else RNN_NAMES)
        entry = rng.choice(entries)
        args, shapes = sample_layer(entry, rng)
        args["go_backwards"] = rng.chance(0.1)
        out = {"layer": layer_value(entry.name, args, rng),
               "merge_mode": rng.choice(self.arg("merge_mode").choices)}
        if rng.chance(0.3):
            back_args = dict(args)
            back_entry = entry
            if entry.name in RNN_NAMES[:3]:
                back_entry = rng.choice(entries[:3])
                back_args, _ = sample_layer(back_entry, rng)
                for a in ("stateful", "return_sequences", "return_state"):
                    if rng.chance(0.9):
                        back_args[a] = args[a]
            # Now and then the same direction, which Keras refuses.
            back_args["go_backwards"] = args["go_backwards"] != rng.chance(0.9)
            out["backward_layer"] = layer_value(back_entry.name, back_args, rng)
        if rng.chance(0.1):
            out["trainable"] = False
        return out, shapes


def _drop_prefix(text, prefix):
    return text[len(prefix):] if text.startswith(prefix) else text


class TimeDistributed(LayerSpec):
    sublayers = "the wrapped layer"
    family = "recurrent"
    summary = ("Applies the same layer to every time step of a sequence: the weights are the "
               "wrapped layer's, shared across steps, whatever the sequence length.")
    args = (
        LayerArg("layer", help="The layer applied to each time step (one input), e.g. "
            "Dense(units=64) or Conv2D(filters=16, kernel_size=(3,3)).", counts=True,
            example="Dense(units=64)"),
    )
    inputs = (Input("sequence", 2, example=(10, 128)),)

    def _inner(self, cfg, shapes):
        shape = shapes[0]
        result = cfg["layer"].result((shape[0],) + shape[2:], self.name)
        if isinstance(result.output_shape, list):
            raise ValueError("TimeDistributed needs a layer with one output; %s returns %d."
                             % (cfg["layer"], len(result.output_shape)))
        return result

    def check(self, cfg, shapes):
        self._inner(cfg, shapes)

    def build(self, cfg, shapes):
        return [w.scoped(cfg["layer"].name).beyond_layer_trainable() for w in self._inner(cfg, shapes).weights]

    def output_shape(self, cfg, shapes):
        out = self._inner(cfg, shapes).output_shape
        return (out[0], shapes[0][1]) + tuple(out[1:])

    def sample(self, rng):
        entry = rng.choice(_registered(TIME_DISTRIBUTED_SAMPLES))
        args, shapes = sample_layer(entry, rng)
        steps = None if rng.chance(0.2) else rng.randint(1, 12)
        out = {"layer": layer_value(entry.name, args, rng)}
        return out, [(steps,) + tuple(shapes[0])]


class SpectralNormalization(LayerSpec):
    sublayers = "the wrapped layer's kernel and bias (vector_u is never trainable)"
    family = "normalization"
    summary = ("Divides a layer's kernel by its largest singular value, estimated with a "
               "stored vector; that vector is the only weight it adds, and it is not trained.")
    args = (
        LayerArg("layer", help="The layer to normalise; it must have a kernel or embeddings "
            "(Dense, Conv2D, Embedding, ...).", counts=True, example="Dense(units=64)"),
        Arg("power_iterations", "int", 1, "Power-iteration steps per call; never changes the "
            "count."),
    )
    # Any rank its layer takes (an Embedding's ids may be one per example): the wrapped
    # layer checks the shape.
    inputs = (Input("input", 0, example=(128,)),)

    def _parts(self, cfg, shapes):
        inner = cfg["layer"]
        result = inner.result(shapes[0], self.name)
        for name in ("kernel", "embeddings"):
            for i in range(len(result.weights)):
                w = result.weights[i]
                if w.name == name and not w.scope:
                    return inner, result.weights, i
        raise ValueError("%s object has no attribute 'kernel' nor 'embeddings'" % inner.entry.name)

    def check(self, cfg, shapes):
        self._parts(cfg, shapes)

    def build(self, cfg, shapes):
        inner, weights, k = self._parts(cfg, shapes)
        vector_u = Weight("vector_u", [1, weights[k].shape[-1]], False)
        weights = [w.scoped(inner.name).beyond_layer_trainable() for w in weights]
        if inner.cfg.get("lora_rank") is not None:
            # With LoRA the inner `kernel` is a computed tensor, not a variable: the
            # wrapper owns only vector_u, which Keras lists first.
            return [vector_u] + weights
        # The wrapper keeps a reference to the inner kernel, so Keras lists it as the
        # wrapper's own variable, before vector_u and the inner layer's other weights.
        return [weights[k], vector_u] + weights[:k] + weights[k + 1:]

    def output_shape(self, cfg, shapes):
        return cfg["layer"].result(shapes[0], self.name).output_shape

    def sample(self, rng):
        entry = rng.choice(_registered(SPECTRAL_SAMPLES))
        args, shapes = sample_layer(entry, rng)
        out = {"layer": layer_value(entry.name, args, rng)}
        if rng.chance(0.1):
            out["trainable"] = False
        return out, shapes


register(Bidirectional("Bidirectional"), TimeDistributed("TimeDistributed"),
         SpectralNormalization("SpectralNormalization"))
