"""Keras layers and their torch.nn twins: one configuration translated both ways, and why
the two counts differ (or match).

A Twin pairs one Keras class with the torch.nn class(es) that do the same job. It
translates

- a Keras entry's checked config and input shapes (with the batch axis, as entries see
  them) into one torch.nn module's keyword arguments (`to_torch`), and
- a torch.nn module's checked config into the Keras layers that do the same, each with its
  input shape (`to_keras`): one layer usually, a stack for nn.LSTM(num_layers=2), a
  Bidirectional for bidirectional=True, so that the counts stay comparable.

Only the arguments that shape a tensor are carried over; the rest stay at their defaults.
A configuration with no faithful equivalent in the other framework (nn.LSTM's proj_size,
Keras's GRU with reset_after=False, LoRA) raises NoTwin with the reason, instead of a
guess. Each Twin's `why` says once why the counts differ: the Keras page, the PyTorch page
and the comparison page all show that text.

TWINS is the one table of pairs: a PyTorch entry knows no twin of its own.
"""

from calc.args import parse_input_shapes
from calc.catalogue import compute, compute_entry, default_shapes, find, read_config
from calc.text import fmt_int, fmt_shape, shorten


class NoTwin(Exception):
    """This configuration has no faithful equivalent in the other framework; str() says why."""


class KerasLayer:
    """One Keras layer of a translation: its class, its arguments (Python values) and its
    input shapes without the batch axis."""

    def __init__(self, name, args, input_shape):
        self.name = name
        self.args = args
        self.input_shape = input_shape  # [shape, ...]: one per input

    def code(self):
        return module_code(self.name, self.args)

    def shape_text(self):
        return "; ".join(fmt_shape((None,) + tuple(s)) for s in self.input_shape)


def module_code(name, kwargs):
    """LSTM(units=64) or nn.LSTM(input_size=32, hidden_size=64): the arguments that are not
    the class's defaults, in the order the class declares them (MicroPython's dicts keep no
    order)."""
    shown = []
    for arg in find(name).all_args():
        if arg.name in kwargs and (arg.required or kwargs[arg.name] != arg.default):
            shown.append((arg.name, kwargs[arg.name]))
    return "%s(%s)" % (name, kwargs_text(shown))


def kwargs_text(pairs):
    """units=64, use_bias=False: Python's spelling of the values."""
    return ", ".join("%s=%s" % (k, value_text(v)) for k, v in pairs)


def value_text(value):
    if isinstance(value, KerasLayer):
        return value.code()
    if isinstance(value, str):
        return '"%s"' % value
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return "(%s,)" % value_text(value[0])
        return "(%s)" % ", ".join(value_text(v) for v in value)
    return repr(value)


def keras_layer_json(layer):
    """The {"class_name", "config"} a wrapper's `layer` argument takes."""
    return {"class_name": layer.name, "config": dict(layer.args)}


def _lora(cfg, torch_name):
    if cfg.get("lora_rank"):
        raise NoTwin("%s has no LoRA: lora_rank=%s adds Keras's trainable factors A and B, "
                     "which no torch.nn module creates" % (torch_name, cfg["lora_rank"]))


def _last(shapes):
    return shapes[0][-1]


class Twin:
    keras = ""  # the Keras class
    torch = ()  # the torch.nn classes; the first is the Keras page's twin
    why = ""  # why the counts differ, or that they match: one short paragraph
    note = None  # said with every comparison of the pair

    def __init__(self, keras, torch, why):
        self.keras = keras
        self.torch = torch
        self.why = why

    def to_torch(self, cfg, shapes):
        """(torch.nn name, kwargs) for a Keras config and input shapes (batch axis included)."""
        raise NotImplementedError

    def to_keras(self, name, cfg):
        """[KerasLayer] doing what the torch.nn module `name` with config `cfg` does."""
        raise NotImplementedError

    def notes_for(self, name):
        """What every comparison of the class `name` (either side's) says besides `why`."""
        return [self.note] if self.note else []


class DenseTwin(Twin):
    def to_torch(self, cfg, shapes):
        _lora(cfg, "nn.Linear")
        return "nn.Linear", {"in_features": _last(shapes), "out_features": cfg["units"],
                             "bias": cfg["use_bias"]}

    def to_keras(self, name, cfg):
        return [KerasLayer("Dense", {"units": cfg["out_features"], "use_bias": cfg["bias"]},
                           [(cfg["in_features"],)])]


def _window(value, rank):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank


class ConvTwin(Twin):
    def __init__(self, rank, keras, torch, why, transposed=False):
        Twin.__init__(self, keras, torch, why)
        self.rank = rank
        self.transposed = transposed

    def to_torch(self, cfg, shapes):
        _lora(cfg, self.torch[0])
        channels = find(self.keras).channels(cfg, shapes).value
        kwargs = {"in_channels": channels, "out_channels": cfg["filters"],
                  "kernel_size": _window(cfg["kernel_size"], self.rank)}
        if not self.transposed:
            kwargs["groups"] = cfg["groups"]
        kwargs["bias"] = cfg["use_bias"]
        return self.torch[0], kwargs

    def to_keras(self, name, cfg):
        if self.transposed and cfg["groups"] != 1:
            raise NoTwin("Keras's %s has no groups: %s(groups=%d) splits its channels into "
                         "groups, which no Keras transposed convolution does"
                         % (self.keras, name, cfg["groups"]))
        args = {"filters": cfg["out_channels"], "kernel_size": _window(cfg["kernel_size"], self.rank)}
        if not self.transposed:
            args["groups"] = cfg["groups"]
        args["use_bias"] = cfg["bias"]
        return [KerasLayer(self.keras, args, [(None,) * self.rank + (cfg["in_channels"],)])]


class RecurrentTwin(Twin):
    """SimpleRNN / LSTM / GRU and nn.RNN / nn.LSTM / nn.GRU. PyTorch's num_layers and
    bidirectional are a stack of Keras layers, each wrapped in Bidirectional when
    bidirectional: layer i reads the previous one's output (hidden_size, twice that when
    both directions are concatenated)."""

    def to_torch(self, cfg, shapes):
        name = self.torch[0]
        if cfg.get("reset_after") is False:
            raise NoTwin("nn.GRU always applies the reset gate after the recurrent matrix "
                         "product, as Keras's reset_after=True (the default) does: "
                         "reset_after=False computes another GRU, with one bias row instead of "
                         "two, that no torch.nn module implements")
        kwargs = {"input_size": _last(shapes), "hidden_size": cfg["units"], "bias": cfg["use_bias"],
                  "batch_first": True}
        if self.keras == "SimpleRNN":
            if cfg["activation"] not in ("tanh", "relu"):
                raise NoTwin("nn.RNN's nonlinearity is tanh or relu. Received: activation=%s"
                             % shorten(cfg["activation"]))
            kwargs["nonlinearity"] = cfg["activation"]
        return name, kwargs

    def notes_for(self, name):
        if name.endswith("Cell"):
            return ["%s is one step of %s: Keras's %sCell has the weights of %s(units) (the "
                    "layer wraps that cell), whose page counts them." % (name, self.torch[0], self.keras, self.keras)]
        return []

    def to_keras(self, name, cfg):
        if cfg.get("proj_size"):
            raise NoTwin("Keras's LSTM has no projection: nn.LSTM(proj_size=%d) multiplies each "
                         "hidden state by a (proj_size, hidden_size) matrix, which no Keras "
                         "layer's LSTM does" % cfg["proj_size"])
        args = {"units": cfg["hidden_size"], "use_bias": cfg["bias"]}
        if self.keras == "SimpleRNN":
            args["activation"] = cfg["nonlinearity"]
        layers = []
        features = cfg["input_size"]
        # A cell (nn.LSTMCell) is one layer, one direction.
        directions = 2 if cfg.get("bidirectional") else 1
        count = cfg.get("num_layers", 1)
        for _ in range(count):
            layer = KerasLayer(self.keras, dict(args), [(None, features)])
            if directions == 2:
                layer = KerasLayer("Bidirectional", {"layer": layer}, [(None, features)])
            if len(layers) < count - 1:  # the next layer reads every step
                (layer.args["layer"] if directions == 2 else layer).args["return_sequences"] = True
            layers.append(layer)
            features = cfg["hidden_size"] * directions
        return layers


def _rank_note(rank):
    return "Keras's input has %d axes after the batch axis" % rank


class BatchNormTwin(Twin):
    """BatchNorm1d on (N, C) or (N, C, L), 2d on (N, C, H, W), 3d on (N, C, D, H, W): the
    module follows the input's rank, the count only its channels."""

    BY_RANK = {1: "nn.BatchNorm1d", 2: "nn.BatchNorm1d", 3: "nn.BatchNorm2d", 4: "nn.BatchNorm3d"}

    def to_torch(self, cfg, shapes):
        if cfg["renorm"]:
            raise NoTwin("nn.BatchNorm has no batch renormalization: renorm=True keeps three more "
                         "running statistics per channel")
        if not isinstance(cfg["axis"], int) and len(cfg["axis"]) != 1:
            raise NoTwin("nn.BatchNorm normalizes one channel axis. Received: axis=%s"
                         % shorten(cfg["axis"]))
        rank = len(shapes[0]) - 1
        if rank not in self.BY_RANK:
            raise NoTwin("nn.BatchNorm1d/2d/3d take 1 to 3 axes after the channels; "
                         + _rank_note(rank))
        channels = find("BatchNormalization").weight_shape(cfg, shapes)[0].value
        kwargs = {"num_features": channels}
        kwargs.update(_affine(cfg, "affine", "nn.BatchNorm"))
        return self.BY_RANK[rank], kwargs

    def to_keras(self, name, cfg):
        # Channels last, as Keras's default axis=-1 reads them; spatial sizes do not count.
        # SyncBatchNorm takes any (N, C, ...): shown on (N, C) like BatchNorm1d.
        spatial = {"nn.BatchNorm1d": 0, "nn.BatchNorm2d": 2, "nn.BatchNorm3d": 3, "nn.SyncBatchNorm": 0}[name]
        args = _center_scale(cfg, "affine")
        return [KerasLayer("BatchNormalization", args, [(None,) * spatial + (cfg["num_features"],)])]


def _affine(cfg, flag, torch_name):
    """PyTorch's affine (or elementwise_affine) and bias for Keras's scale and center; bias
    only when False (its default is True)."""
    if cfg["center"] and not cfg["scale"]:
        raise NoTwin("%s cannot learn an offset without a scale: its bias=True needs "
                     "%s=True, which adds the weight (Keras's gamma) too. Received: center=True, "
                     "scale=False" % (torch_name, flag))
    if not cfg["scale"]:
        return {flag: False}
    return {flag: True} if cfg["center"] else {flag: True, "bias": False}


def _center_scale(cfg, flag):
    affine = cfg[flag]
    return {"center": affine and cfg.get("bias", True), "scale": affine}


def _trailing(keras_name, torch_name, cfg, shapes):
    """The sizes of the normalized axes, when they are the input's last ones: PyTorch's
    normalized_shape always names the last len(normalized_shape) axes."""
    rank = len(shapes[0])
    axes = sorted(a % rank for a in find(keras_name).axes(cfg, shapes))
    if axes != list(range(rank - len(axes), rank)):
        raise NoTwin("%s normalizes over the last len(normalized_shape) axes; axis=%s names "
                     "others of an input with %d axes" % (torch_name, shorten(cfg["axis"]), rank))
    sizes = tuple(shapes[0][a] for a in axes)
    if None in sizes:  # Keras allows it when center and scale are both False: no weights
        raise NoTwin("%s's normalized_shape must be known: the input's axes %s are %s"
                     % (torch_name, fmt_shape(tuple(axes)), fmt_shape(sizes)))
    return sizes


class LayerNormTwin(Twin):
    def to_torch(self, cfg, shapes):
        if cfg["rms_scaling"]:
            raise NoTwin("rms_scaling=True divides by the root mean square, which nn.LayerNorm "
                         "never does (nn.RMSNorm is that layer)")
        kwargs = {"normalized_shape": _trailing("LayerNormalization", "nn.LayerNorm", cfg, shapes)}
        kwargs.update(_affine(cfg, "elementwise_affine", "nn.LayerNorm"))
        return "nn.LayerNorm", kwargs

    def to_keras(self, name, cfg):
        normalized = _window(cfg["normalized_shape"], 1)
        axis = -1 if len(normalized) == 1 else tuple(range(-len(normalized), 0))
        args = {"axis": axis}
        args.update(_center_scale(cfg, "elementwise_affine"))
        return [KerasLayer("LayerNormalization", args, [normalized])]


class GroupNormTwin(Twin):
    def to_torch(self, cfg, shapes):
        channels = find("GroupNormalization").weight_shape(cfg, shapes)[0].value
        if cfg["axis"] not in (-1, len(shapes[0]) - 1):
            raise NoTwin("nn.GroupNorm's channels are axis 1 of a channels-first input; "
                         "Keras's axis=%s with channels last is the same layer only on the last "
                         "axis" % shorten(cfg["axis"]))
        groups = channels if cfg["groups"] == -1 else cfg["groups"]
        kwargs = {"num_groups": groups, "num_channels": channels}
        kwargs.update(_affine(cfg, "affine", "nn.GroupNorm"))
        return "nn.GroupNorm", kwargs

    def to_keras(self, name, cfg):
        args = {"groups": cfg["num_groups"]}
        args.update(_center_scale(cfg, "affine"))
        return [KerasLayer("GroupNormalization", args, [(None, cfg["num_channels"])])]


class RMSNormTwin(Twin):
    def to_torch(self, cfg, shapes):
        return "nn.RMSNorm", {"normalized_shape": _trailing("RMSNormalization", "nn.RMSNorm", cfg, shapes)}

    def to_keras(self, name, cfg):
        if not cfg["elementwise_affine"]:
            raise NoTwin("Keras's RMSNormalization always learns its scale: "
                         "nn.RMSNorm(elementwise_affine=False) has no Keras equivalent")
        normalized = _window(cfg["normalized_shape"], 1)
        axis = -1 if len(normalized) == 1 else tuple(range(-len(normalized), 0))
        return [KerasLayer("RMSNormalization", {"axis": axis}, [normalized])]


class EmbeddingTwin(Twin):
    def to_torch(self, cfg, shapes):
        _lora(cfg, "nn.Embedding")
        kwargs = {"num_embeddings": cfg["input_dim"], "embedding_dim": cfg["output_dim"]}
        if not cfg["trainable"]:  # a frozen table: from_pretrained(freeze=True) sets _freeze
            kwargs["_freeze"] = True
        return "nn.Embedding", kwargs

    def to_keras(self, name, cfg):
        args = {"input_dim": cfg["num_embeddings"], "output_dim": cfg["embedding_dim"]}
        if cfg["_freeze"]:
            args["trainable"] = False
        return [KerasLayer("Embedding", args, [(None,)])]


class PReLUTwin(Twin):
    """nn.PReLU learns one slope, or one per channel (axis 1 of its input). Keras's alpha has
    the input's shape with 1 on each shared axis: one slope is every axis shared, one per
    channel is every axis but the last (channels last)."""

    def to_torch(self, cfg, shapes):
        alpha = find("PReLU").build(cfg, shapes)[0].shape_values()
        free = [n for n in alpha if n != 1]
        if len(free) > 1 or free and alpha[-1] == 1:
            raise NoTwin("nn.PReLU learns one slope, or one per channel; Keras's alpha here has "
                         "the shape %s (%s slopes, shared_axes=%s), which no nn.PReLU has"
                         % (fmt_shape(alpha), fmt_int(_product(alpha)), shorten(cfg["shared_axes"])))
        return "nn.PReLU", {"num_parameters": free[0] if free else 1}

    def to_keras(self, name, cfg):
        # One spatial axis keeps the example readable: (None, C) with axis 1 shared.
        if cfg["num_parameters"] == 1:
            return [KerasLayer("PReLU", {"shared_axes": (1, 2)}, [(None, None)])]
        return [KerasLayer("PReLU", {"shared_axes": (1,)}, [(None, cfg["num_parameters"])])]


def _product(values):
    n = 1
    for v in values:
        n *= v
    return n


class AttentionTwin(Twin):
    """Keras's MultiHeadAttention projects each input to num_heads heads of key_dim; torch's
    MultiheadAttention splits embed_dim (the query's features and the output's) across
    num_heads heads. They are the same layer when num_heads·key_dim is the query's size and
    value_dim equals key_dim."""

    def to_torch(self, cfg, shapes):
        _lora(cfg, "nn.MultiheadAttention")
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        if len(query) != 3 or len(value) != 3 or len(key) != 3:
            raise NoTwin("nn.MultiheadAttention takes (batch, sequence, features) inputs; "
                         "Keras's attention over more axes (attention_axes) has no twin")
        embed, heads, key_dim = query[-1], cfg["num_heads"], cfg["key_dim"]
        value_dim = cfg["value_dim"] if cfg["value_dim"] is not None else key_dim
        if heads * key_dim != embed or value_dim != key_dim:
            raise NoTwin("nn.MultiheadAttention splits embed_dim (the query's %d features) into "
                         "num_heads heads of embed_dim/num_heads for queries, keys and values; "
                         "here num_heads·key_dim = %d·%d and value_dim = %d"
                         % (embed, heads, key_dim, value_dim))
        if cfg["output_shape"] is not None or cfg["use_gate"]:
            raise NoTwin("nn.MultiheadAttention's output has embed_dim features and no gate: "
                         "output_shape and use_gate have no equivalent")
        kwargs = {"embed_dim": embed, "num_heads": heads, "bias": cfg["use_bias"]}
        if key[-1] != embed:
            kwargs["kdim"] = key[-1]
        if value[-1] != embed:
            kwargs["vdim"] = value[-1]
        kwargs["batch_first"] = True
        return "nn.MultiheadAttention", kwargs

    def to_keras(self, name, cfg):
        if cfg["add_bias_kv"] or cfg["add_zero_attn"]:
            raise NoTwin("Keras's MultiHeadAttention has no add_bias_kv (PyTorch's two learned "
                         "(1, 1, embed_dim) rows appended to the keys and values) nor "
                         "add_zero_attn")
        embed = cfg["embed_dim"]
        kdim = cfg["kdim"] if cfg["kdim"] is not None else embed
        vdim = cfg["vdim"] if cfg["vdim"] is not None else embed
        shapes = [(None, embed), (None, vdim)]
        if kdim != vdim:  # Keras's key defaults to the value
            shapes.append((None, kdim))
        return [KerasLayer("MultiHeadAttention", {"num_heads": cfg["num_heads"],
                                                  "key_dim": embed // cfg["num_heads"],
                                                  "use_bias": cfg["bias"]}, shapes)]


class WeightFreeTwin(Twin):
    """Two classes without weights (ReLU and nn.ReLU, MaxPooling2D and nn.MaxPool2d): no
    argument changes either count, so each side is its own page's example."""

    note = ("Neither class has weights, so no argument changes either count: the twin is "
            "shown with its own page's example.")

    def __init__(self, keras, torch):
        Twin.__init__(self, keras, (torch,), "Neither has parameters nor buffers: both count 0 "
                      "for every configuration.")

    def to_torch(self, cfg, shapes):
        return self.torch[0], dict(find(self.torch[0]).example_args())

    def to_keras(self, name, cfg):
        entry = find(self.keras)
        return [KerasLayer(self.keras, dict(entry.example_args()), entry.example_shapes())]


# The weight-free pairs: (Keras class, torch.nn class).
WEIGHT_FREE = (
    ("ReLU", "nn.ReLU"), ("LeakyReLU", "nn.LeakyReLU"), ("ELU", "nn.ELU"), ("Softmax", "nn.Softmax"),
    ("MaxPooling1D", "nn.MaxPool1d"), ("MaxPooling2D", "nn.MaxPool2d"), ("MaxPooling3D", "nn.MaxPool3d"),
    ("AveragePooling1D", "nn.AvgPool1d"), ("AveragePooling2D", "nn.AvgPool2d"),
    ("AveragePooling3D", "nn.AvgPool3d"),
    ("AdaptiveMaxPooling1D", "nn.AdaptiveMaxPool1d"), ("AdaptiveMaxPooling2D", "nn.AdaptiveMaxPool2d"),
    ("AdaptiveMaxPooling3D", "nn.AdaptiveMaxPool3d"),
    ("AdaptiveAveragePooling1D", "nn.AdaptiveAvgPool1d"),
    ("AdaptiveAveragePooling2D", "nn.AdaptiveAvgPool2d"),
    ("AdaptiveAveragePooling3D", "nn.AdaptiveAvgPool3d"),
    ("ZeroPadding1D", "nn.ZeroPad1d"), ("ZeroPadding2D", "nn.ZeroPad2d"), ("ZeroPadding3D", "nn.ZeroPad3d"),
    ("Dropout", "nn.Dropout"), ("SpatialDropout1D", "nn.Dropout1d"), ("SpatialDropout2D", "nn.Dropout2d"),
    ("SpatialDropout3D", "nn.Dropout3d"), ("AlphaDropout", "nn.AlphaDropout"), ("Flatten", "nn.Flatten"),
    ("UpSampling2D", "nn.UpsamplingNearest2d"),
)

LAYOUT = ("Keras reads the input size from the input's shape when the layer is built; "
          "PyTorch takes it as a constructor argument (%s).")

TWINS = (
    DenseTwin("Dense", ("nn.Linear", "nn.LazyLinear"), (
        "The same count, in·out weights plus out biases. Keras's kernel is (in, units); "
        "PyTorch's weight is (out_features, in_features), its transpose. "
        + LAYOUT % "in_features")),
    ConvTwin(1, "Conv1D", ("nn.Conv1d",), "", ),
    ConvTwin(2, "Conv2D", ("nn.Conv2d",), ""),
    ConvTwin(3, "Conv3D", ("nn.Conv3d",), ""),
    ConvTwin(1, "Conv1DTranspose", ("nn.ConvTranspose1d",), "", transposed=True),
    ConvTwin(2, "Conv2DTranspose", ("nn.ConvTranspose2d",), "", transposed=True),
    ConvTwin(3, "Conv3DTranspose", ("nn.ConvTranspose3d",), "", transposed=True),
    RecurrentTwin("SimpleRNN", ("nn.RNN", "nn.RNNCell"), (
        "PyTorch keeps two bias vectors, b_ih and b_hh, where Keras has one bias: nn.RNN has "
        "hidden_size more parameters per layer and direction. num_layers and bidirectional "
        "are, in Keras, a stack of layers and Bidirectional.")),
    RecurrentTwin("LSTM", ("nn.LSTM", "nn.LSTMCell"), (
        "PyTorch keeps two bias vectors, b_ih and b_hh (4·hidden_size each), where Keras has "
        "one bias of 4·units: nn.LSTM has 4·hidden_size more parameters per layer and "
        "direction. num_layers and bidirectional are, in Keras, a stack of layers and "
        "Bidirectional; proj_size has no Keras equivalent.")),
    RecurrentTwin("GRU", ("nn.GRU", "nn.GRUCell"), (
        "The same count with Keras's reset_after=True (the default): both keep two bias rows "
        "of 3·units, one for the input side and one for the recurrent side (PyTorch's b_ih and "
        "b_hh). Keras's reset_after=False keeps one and applies the reset gate before the "
        "recurrent product, which nn.GRU never does.")),
    BatchNormTwin("BatchNormalization", ("nn.BatchNorm1d", "nn.BatchNorm2d", "nn.BatchNorm3d",
                                         "nn.SyncBatchNorm"), (
        "The same learned parameters, a scale and an offset per channel (Keras's gamma and "
        "beta, PyTorch's weight and bias). The running mean and variance are non-trainable "
        "weights in Keras, counted in its total, and buffers in PyTorch, outside parameters(), "
        "where num_batches_tracked (one int64) joins them.")),
    LayerNormTwin("LayerNormalization", ("nn.LayerNorm",), (
        "The same count, a scale and an offset per normalized position. PyTorch's bias=False "
        "is Keras's center=False, elementwise_affine=False both center and scale False. "
        "nn.LayerNorm normalizes over the last axes only, its normalized_shape; Keras's axis "
        "may name others.")),
    GroupNormTwin("GroupNormalization", ("nn.GroupNorm",), (
        "The same count, a scale and an offset per channel; Keras's groups=-1 is "
        "num_groups=num_channels. " + LAYOUT % "num_channels")),
    RMSNormTwin("RMSNormalization", ("nn.RMSNorm",), (
        "The same count, one scale per normalized position. Keras always learns it; "
        "nn.RMSNorm(elementwise_affine=False) has none and no Keras twin.")),
    EmbeddingTwin("Embedding", ("nn.Embedding",), (
        "The same count, one row of embedding_dim values per index. padding_idx changes no "
        "count: that row is zeroed and gets no gradient, it is still a parameter.")),
    PReLUTwin("PReLU", ("nn.PReLU",), (
        "Other defaults: nn.PReLU() learns one slope for every element (num_parameters=C: one "
        "per channel, axis 1), Keras's PReLU one per input element, alpha having the input's "
        "shape, unless shared_axes shares it. They match when shared_axes covers every axis "
        "but the channels.")),
    AttentionTwin("MultiHeadAttention", ("nn.MultiheadAttention",), (
        "The same count when Keras's key_dim is embed_dim / num_heads: Keras's key_dim is "
        "each head's size, PyTorch's embed_dim is split across the heads. PyTorch packs the "
        "query, key and value projections into in_proj_weight (3·embed_dim, embed_dim) "
        "unless kdim or vdim differ (Keras's key and value sizes); add_bias_kv (2·embed_dim "
        "more) has no Keras equivalent.")),
)

CONV_WHY = (
    "The same count, k·C_in/groups·filters + filters. Keras's kernel is (%s, C_in/groups, "
    "filters), PyTorch's weight (out_channels, in_channels/groups, %s). " + LAYOUT % "in_channels")
TRANSPOSED_WHY = (
    "The same count, k·C_in·filters + filters. Keras's kernel is (%s, filters, C_in), "
    "PyTorch's weight (in_channels, out_channels/groups, %s); Keras's transposed "
    "convolutions have no groups. " + LAYOUT % "in_channels")
TWINS += tuple(WeightFreeTwin(keras, torch) for keras, torch in WEIGHT_FREE)
for _twin in TWINS:
    if isinstance(_twin, ConvTwin):
        _window_text = ", ".join(("k",) if _twin.rank == 1 else ("k%d" % (i + 1) for i in range(_twin.rank)))
        _twin.why = (TRANSPOSED_WHY if _twin.transposed else CONV_WHY) % (_window_text, _window_text)


def twin_of(name):
    """The Twin of a Keras class or torch.nn class name, or None."""
    for twin in TWINS:
        if name == twin.keras or name in twin.torch:
            return twin
    return None


class Side:
    """One framework's half of a comparison: what is built and its counts."""

    def __init__(self, framework, code, shape_text, results):
        self.framework = framework  # "keras" or "torch"
        self.code = code  # nn.LSTM(input_size=32, hidden_size=64) or LSTM(units=64)
        self.shape_text = shape_text  # the Keras input shape, "" for PyTorch
        self.results = results  # one Result per layer (a Keras stack has several)
        self.total = sum(r.total_params for r in results)
        self.trainable = sum(r.trainable_params for r in results)
        self.non_trainable = sum(r.non_trainable_params for r in results)
        self.buffers = sum(r.buffer_count for r in results)


class Comparison:
    """A configuration in one framework, and its twin in the other (None with `reason`
    when it has no faithful one)."""

    def __init__(self, twin, side, other, reason, notes):
        self.twin = twin
        self.side = side
        self.other = other
        self.reason = reason
        self.notes = notes


def compare(layer, args=None, input_shape=None):
    """The Comparison of one configuration (the arguments of calc.catalogue.compute).
    ValueError when the configuration itself is wrong or the class has no twin."""
    entry = find(layer)
    twin = twin_of(entry.name)
    if twin is None:
        raise ValueError("%s has no twin in the other framework's catalogue" % entry.name)
    cfg = read_config(entry, None, args)
    if entry.framework == "torch":
        shapes = []
    elif input_shape in (None, ""):
        shapes = default_shapes(entry)
    else:
        shapes = parse_input_shapes(input_shape, entry.inputs)
    result = compute_entry(entry, cfg, shapes)
    notes = twin.notes_for(entry.name)
    try:
        if entry.framework == "torch":
            side = Side("torch", config_code(entry, cfg), "", [result])
            other = keras_side(twin.to_keras(entry.name, cfg))
        else:
            side = Side("keras", config_code(entry, cfg), _shapes_text(shapes), [result])
            name, kwargs = twin.to_torch(cfg, shapes)
            other = torch_side(name, kwargs)
            if not cfg.get("trainable", True) and not kwargs.get("_freeze"):
                notes.append("trainable=False has no constructor argument in PyTorch: freeze the "
                             "module with requires_grad_(False) after building it.")
    except NoTwin as e:
        return Comparison(twin, side, None, str(e), notes)
    return Comparison(twin, side, other, None, notes)


def config_code(entry, cfg):
    """LSTM(units=64): the arguments that shape a tensor, where required or not the default."""
    shown = [(a.name, cfg[a.name]) for a in entry.args
             if a.counts and (a.required or cfg[a.name] != a.default)]
    return "%s(%s)" % (entry.name, kwargs_text(shown))


def _shapes_text(shapes):
    return "; ".join(fmt_shape(s) for s in shapes)


def torch_side(name, kwargs):
    return Side("torch", module_code(name, kwargs), "", [compute(name, kwargs)])


def keras_side(layers):
    """The Keras stack's Side: each layer counted on its input shape."""
    results = []
    for layer in layers:
        args = {}
        for key in layer.args:
            value = layer.args[key]
            args[key] = keras_layer_json(value) if isinstance(value, KerasLayer) else value
        results.append(compute(layer.name, args, input_shape=layer.input_shape))
    return Side("keras", " then ".join(layer.code() for layer in layers), layers[0].shape_text(), results)
