"""torch.nn's attention and Transformer modules (torch/nn/modules/activation.py,
transformer.py): MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer,
TransformerEncoder, TransformerDecoder and Transformer.

MultiheadAttention keeps the query, key and value projections in one in_proj_weight
(3·embed_dim, embed_dim) when keys and values are embed_dim wide, and in three
q/k/v_proj_weight tensors when kdim or vdim differ; in_proj_bias is (3·embed_dim,) either
way. Its output projection is a Linear named out_proj. A Transformer layer adds a
feed-forward block (linear1, linear2) and LayerNorms (norm1, norm2, and norm3 in a decoder
layer); TransformerEncoder/Decoder deep-copy the layer they are given num_layers times
(layers.0, layers.1, ...) and may end with a norm. Keras's MultiHeadAttention keeps a
(embed, heads, key_dim) kernel per projection instead; with key_dim = embed_dim/num_heads the
count is the same.
"""

from calc.args import REQUIRED, Arg
from calc.dims import const, sym
from calc.torch_layers.linear import linear_weights
from calc.text import received
from calc.torch_spec import (BY_NAME, MAX_LAYERS, REGISTERED, InnerModule, ModuleArg, TorchSpec,
                             bias_arg, register, size_arg)
from calc.weights import Weight


def scoped(weights, scope):
    return [w.scoped(scope, ".") for w in weights]


def mha_weights(embed, kdim, vdim, bias, add_bias_kv):
    """MultiheadAttention's parameters in registration order. `kdim`/`vdim` are Dims, or None
    where they equal embed_dim (then one in_proj_weight holds the three projections)."""
    if kdim is None and vdim is None:
        weights = [Weight("in_proj_weight", [const(3) * embed, embed])]
    else:
        weights = [Weight("q_proj_weight", [embed, embed]),
                   Weight("k_proj_weight", [embed, kdim or embed]),
                   Weight("v_proj_weight", [embed, vdim or embed])]
    if bias:
        weights.append(Weight("in_proj_bias", [const(3) * embed]))
    if add_bias_kv:
        weights += [Weight("bias_k", [1, 1, embed]), Weight("bias_v", [1, 1, embed])]
    return weights + scoped(linear_weights(embed, embed, bias), "out_proj")


def layer_norm_weights(d_model, bias):
    """nn.LayerNorm(d_model, bias=bias)'s parameters, as a Transformer layer makes them."""
    return [Weight("weight", [d_model])] + ([Weight("bias", [d_model])] if bias else [])


def check_heads(embed, heads, names):
    if embed % heads:
        raise ValueError("%s must be divisible by %s. Received: %s=%d, %s=%d"
                         % (names[0], names[1], names[0], embed, names[1], heads))


class MultiheadAttention(TorchSpec):
    family = "transformer"

    def check(self, cfg, shapes):
        check_heads(cfg["embed_dim"], cfg["num_heads"], ("embed_dim", "num_heads"))

    def build(self, cfg, shapes):
        embed = sym("embed_dim", cfg["embed_dim"], r"\mathrm{embed\_dim}",
                    meaning="`embed_dim`, the width of the queries and of the output")
        other = {}
        for name, what in (("kdim", "keys"), ("vdim", "values")):
            if cfg[name] is not None and cfg[name] != cfg["embed_dim"]:
                other[name] = sym(name, cfg[name], r"\mathrm{%s}" % name,
                                  meaning="`%s`, the width of the %s" % (name, what))
        return mha_weights(embed, other.get("kdim"), other.get("vdim"), cfg["bias"], cfg["add_bias_kv"])

    def sample(self, rng):
        args, shapes = TorchSpec.sample(self, rng)
        # now and then a width the heads do not divide, which both refuse
        args["embed_dim"] = rng.randint(1, 32) if rng.chance(0.1) else args["num_heads"] * rng.randint(1, 8)
        for name in ("kdim", "vdim"):  # None, embed_dim itself, or another width
            args[name] = rng.choice([None, args["embed_dim"], rng.randint(1, 32)])
        return args, shapes


def d_model_dim(cfg):
    return sym("d_model", cfg["d_model"], r"d_{\mathrm{model}}",
               meaning="`d_model`, the width of every token's vector")


def check_layer_sizes(cfg):
    check_heads(cfg["d_model"], cfg["nhead"], ("d_model", "nhead"))
    if not 0 <= cfg["dropout"] <= 1:
        raise ValueError("dropout probability has to be between 0 and 1. Received: dropout=%s"
                         % cfg["dropout"])


def transformer_layer_weights(cfg, decoder):
    """An encoder or decoder layer's parameters: self_attn (and multihead_attn, attending to
    the encoder's output), then linear1, linear2 and the norms, in registration order."""
    d_model = d_model_dim(cfg)
    feedforward = sym("dim_feedforward", cfg["dim_feedforward"], r"\mathrm{dim\_feedforward}",
                      meaning="`dim_feedforward`, the hidden width of the feed-forward block")
    bias = cfg["bias"]
    attention = mha_weights(d_model, None, None, bias, False)
    weights = scoped(attention, "self_attn")
    if decoder:
        weights += scoped(attention, "multihead_attn")
    weights += scoped(linear_weights(d_model, feedforward, bias), "linear1")
    weights += scoped(linear_weights(feedforward, d_model, bias), "linear2")
    for i in range(3 if decoder else 2):
        weights += scoped(layer_norm_weights(d_model, bias), "norm%d" % (i + 1))
    activation = cfg["activation"]
    if isinstance(activation, InnerModule):
        weights += scoped(activation.result.weights + activation.result.buffers, "activation")
    return weights


class TransformerLayer(TorchSpec):
    family = "transformer"
    decoder = False

    def check(self, cfg, shapes):
        check_layer_sizes(cfg)

    def build(self, cfg, shapes):
        return transformer_layer_weights(cfg, self.decoder)

    def sample(self, rng):
        return sample_layer_sizes(TorchSpec.sample(self, rng)[0], rng), []


def sample_layer_sizes(args, rng):
    """Small sizes that fit together: d_model a multiple of nhead (the meta device makes
    any size free, but a small one keeps the oracle's module quick to build)."""
    args["nhead"] = rng.randint(1, 4)
    args["d_model"] = rng.randint(1, 32) if rng.chance(0.1) else args["nhead"] * rng.randint(1, 8)
    args["dim_feedforward"] = rng.randint(1, 32)
    args["activation"] = sample_activation(rng)
    return args


class ActivationArg(ModuleArg):
    """A Transformer layer's activation: 'relu' or 'gelu' (PyTorch's functions), or an
    activation module such as {"class": "nn.PReLU"}, which the layer registers as its
    submodule `activation`, after the norms: nn.PReLU's weight is then every layer's own."""

    def __init__(self):
        ModuleArg.__init__(self, "activation", "The feed-forward block's activation: 'relu' or "
                           "'gelu', or an activation module written {\"class\": \"nn.GELU\", "
                           "\"kwargs\": {}}; only a module with parameters (nn.PReLU) changes the "
                           "count.", ("nn.GELU",), default="relu")

    def parse_module(self, raw, arg):
        text = raw.strip() if isinstance(raw, str) else None
        if text in ("relu", "gelu"):
            return text
        if isinstance(raw, dict) or text is not None and text.startswith("{"):
            return ModuleArg.parse_module(self, raw, arg)
        raise ValueError("activation should be relu/gelu or an activation module such as "
                         "{\"class\": \"nn.GELU\", \"kwargs\": {}}. %s" % received("activation", raw))

    def accepts(self, entry):
        return entry.framework == "torch" and entry.family == "activation"

    def accepted_text(self):
        return "an activation module (nn.GELU, nn.PReLU, ...)"


def sample_activation(rng):
    """'relu', 'gelu', or now and then a catalogued activation module that needs no argument."""
    modules = [e.name for e in REGISTERED if e.family == "activation" and
               not [a for a in e.args if a.required]]
    if not modules or rng.chance(0.7):
        return rng.choice(["relu", "gelu"])
    return {"class": rng.choice(modules), "kwargs": {}}


def layer_args(d_model_default=REQUIRED, nhead_default=REQUIRED):
    """What TransformerEncoderLayer, TransformerDecoderLayer and Transformer share, in the
    layers' order (Transformer puts its layer counts and custom modules in between); the
    layers require d_model and nhead, Transformer has defaults."""
    sizes = [
        Arg("d_model", "int", d_model_default, "The number of expected features in the input "
            "(every token's width); embed_dim of the attention.", counts=True, example=512),
        Arg("nhead", "int", nhead_default, "The number of attention heads; d_model must be "
            "divisible by it. Heads split d_model, so they never change the count.", example=8),
    ]
    rest = [
        Arg("dim_feedforward", "int", 2048, "The hidden width of the feed-forward block: "
            "linear1 (dim_feedforward, d_model) and linear2 (d_model, dim_feedforward).", counts=True),
        Arg("dropout", "float", 0.1, "The dropout probability; never changes the count."),
        ActivationArg(),
    ]
    tail = [
        Arg("layer_norm_eps", "float", 1e-5, "The eps of the LayerNorms; never changes the count."),
        Arg("batch_first", "bool", False, "True takes (batch, seq, feature) inputs; never changes "
            "the count."),
        Arg("norm_first", "bool", False, "True applies the LayerNorms before attention and the "
            "feed-forward block instead of after; never changes the count."),
        bias_arg("False leaves out every bias of the Linears and LayerNorms (PyTorch 2.1 and later)."),
    ]
    return sizes, rest, tail


def layer_entry_args():
    sizes, rest, tail = layer_args()
    return tuple(sizes + rest + tail)


def layer_module(class_name, rng):
    """A sampled {"class", "kwargs"} of a small encoder or decoder layer."""
    kwargs = sample_layer_sizes({}, rng)
    if rng.chance(0.3):
        kwargs["bias"] = False
    if rng.chance(0.3):
        kwargs["norm_first"] = True
    return {"class": class_name, "kwargs": kwargs}


# What a stack's norm usually is; both are the normalization family's entries.
NORM_CLASSES = ("nn.LayerNorm", "nn.RMSNorm")


def norm_module(rng, d_model):
    """None, or a sampled norm of the catalogued NORM_CLASSES."""
    names = [n for n in NORM_CLASSES if n in BY_NAME]
    if not names or rng.chance(0.4):
        return None
    return {"class": rng.choice(names), "kwargs": {"normalized_shape": d_model}}


def stack_weights(layer, num_layers, norm):
    """TransformerEncoder/Decoder: num_layers deep copies of `layer` (an InnerModule), then
    the norm's tensors; parameters and buffers alike."""
    tensors = layer.result.weights + layer.result.buffers
    weights = []
    for i in range(num_layers):
        weights += scoped(tensors, "layers.%d" % i)
    if norm is not None:
        weights += scoped(norm.result.weights + norm.result.buffers, "norm")
    return weights


def num_layers_arg(name="num_layers", default=REQUIRED, help="How many deep copies of the layer "
                   "are stacked (layers.0, layers.1, ...)."):
    return Arg(name, "int", default, help, counts=True, low=0, high=MAX_LAYERS, example=6, sample=(0, 3))


class TransformerStack(TorchSpec):
    """TransformerEncoder and TransformerDecoder: a layer given as an argument, copied."""

    family = "transformer"
    takes_factory_args = False  # the layer given already has its device and dtype
    layer_class = ""

    def build(self, cfg, shapes):
        layer_name = self.args[0].name
        return stack_weights(cfg[layer_name], cfg["num_layers"], cfg["norm"])

    def sample(self, rng):
        layer = layer_module(self.layer_class, rng)
        args = {self.args[0].name: layer, "num_layers": rng.randint(0, 3),
                "norm": norm_module(rng, layer["kwargs"]["d_model"])}
        for a in self.args[3:]:
            args[a.name] = rng.chance(0.5)
        return args, []


def stack_args(layer_name, layer_class, extra=()):
    # The example is the one in PyTorch's docstrings: the layer (d_model=512, nhead=8), 6 copies.
    example = {"class": layer_class, "kwargs": {"d_model": 512, "nhead": 8}}
    return (ModuleArg(layer_name, "The layer to copy, written {\"class\": \"%s\", \"kwargs\": "
                      "{...}} with its constructor's keyword arguments." % layer_class, (layer_class,),
                      example=example),
            num_layers_arg(),
            ModuleArg("norm", "An optional module applied to the last layer's output, usually "
                      "{\"class\": \"nn.LayerNorm\", \"kwargs\": {\"normalized_shape\": d_model}}; "
                      "its tensors are named norm.weight, norm.bias.", NORM_CLASSES, default=None,
                      none_ok=True)) + tuple(extra)


class Transformer(TorchSpec):
    """nn.Transformer: an encoder of num_encoder_layers layers and a LayerNorm, and a decoder
    of num_decoder_layers layers and a LayerNorm, unless custom ones are given."""

    family = "transformer"

    def check(self, cfg, shapes):
        if cfg["custom_encoder"] is None or cfg["custom_decoder"] is None:
            check_layer_sizes(cfg)

    def build(self, cfg, shapes):
        weights = []
        for part, count in (("encoder", "num_encoder_layers"), ("decoder", "num_decoder_layers")):
            custom = cfg["custom_" + part]
            if custom is not None:
                weights += scoped(custom.result.weights + custom.result.buffers, part)
                continue
            layer = transformer_layer_weights(cfg, part == "decoder")
            for i in range(cfg[count]):
                weights += scoped(layer, "%s.layers.%d" % (part, i))
            weights += scoped(layer_norm_weights(d_model_dim(cfg), cfg["bias"]), part + ".norm")
        return weights

    def sample(self, rng):
        args = sample_layer_sizes(TorchSpec.sample(self, rng)[0], rng)
        for part in ("encoder", "decoder"):
            args["custom_" + part] = None
            if rng.chance(0.15):
                stack = TRANSFORMER_STACKS[part]
                args["custom_" + part] = {"class": stack.name, "kwargs": stack.sample(rng)[0]}
        return args, []


def transformer_args():
    sizes, rest, tail = layer_args(512, 8)
    layers = [
        num_layers_arg("num_encoder_layers", 6, "The encoder's layers (encoder.layers.0, ...)."),
        num_layers_arg("num_decoder_layers", 6, "The decoder's layers (decoder.layers.0, ...)."),
    ]
    custom = [
        ModuleArg("custom_encoder", "An encoder to use instead of the default one (then "
                  "num_encoder_layers is not used), written {\"class\": \"nn.TransformerEncoder\", "
                  "\"kwargs\": {...}}.", ("nn.TransformerEncoder",), default=None, none_ok=True),
        ModuleArg("custom_decoder", "A decoder to use instead of the default one, written "
                  "{\"class\": \"nn.TransformerDecoder\", \"kwargs\": {...}}.",
                  ("nn.TransformerDecoder",), default=None, none_ok=True),
    ]
    return tuple(sizes + layers + rest + custom + tail)


MHA_ARGS = (
    size_arg("embed_dim", "Total dimension of the model: the queries' width, split across the "
             "heads.", example=512),
    size_arg("num_heads", "Parallel attention heads; embed_dim must be divisible by it. Each head "
             "gets embed_dim/num_heads, so the heads never change the count.", example=8,
             sample=(1, 4)),
    Arg("dropout", "float", 0.0, "Dropout probability on the attention weights; never changes "
        "the count."),
    bias_arg("False leaves out in_proj_bias and out_proj.bias."),
    Arg("add_bias_kv", "bool", False, "True adds the learned bias_k and bias_v (1, 1, embed_dim) "
        "to the keys and values.", counts=True),
    Arg("add_zero_attn", "bool", False, "True appends a batch of zeros to the keys and values; "
        "never changes the count."),
    Arg("kdim", "int", None, "The keys' width (None: embed_dim). Another width splits "
        "in_proj_weight into q_proj_weight, k_proj_weight and v_proj_weight.", counts=True,
        none_ok=True),
    Arg("vdim", "int", None, "The values' width (None: embed_dim); like kdim.", counts=True,
        none_ok=True),
    Arg("batch_first", "bool", False, "True takes (batch, seq, feature) inputs; never changes "
        "the count."),
)

TRANSFORMER_STACKS = {
    "encoder": TransformerStack(
        "nn.TransformerEncoder", layer_class="nn.TransformerEncoderLayer",
        summary="A stack of num_layers copies of a TransformerEncoderLayer, with an optional "
                "norm at the end.",
        args=stack_args("encoder_layer", "nn.TransformerEncoderLayer", (
            Arg("enable_nested_tensor", "bool", True, "True lets the encoder use nested tensors "
                "for padded inputs; never changes the count."),
            Arg("mask_check", "bool", True, "True checks that padding masks are left-aligned; "
                "never changes the count.")))),
    "decoder": TransformerStack(
        "nn.TransformerDecoder", layer_class="nn.TransformerDecoderLayer",
        summary="A stack of num_layers copies of a TransformerDecoderLayer, with an optional "
                "norm at the end.",
        args=stack_args("decoder_layer", "nn.TransformerDecoderLayer")),
}

register(
    MultiheadAttention(
        "nn.MultiheadAttention", args=MHA_ARGS,
        summary="Attention over num_heads heads: the query, key and value projections (one "
                "in_proj_weight, 3·embed_dim rows) and the output projection out_proj."),
    TransformerLayer(
        "nn.TransformerEncoderLayer", args=layer_entry_args(),
        summary="Self-attention and a feed-forward block (linear1, linear2), each followed (or, "
                "with norm_first, preceded) by a LayerNorm."),
    TransformerLayer(
        "nn.TransformerDecoderLayer", decoder=True, args=layer_entry_args(),
        summary="Self-attention, attention over the encoder's output (multihead_attn) and a "
                "feed-forward block, with three LayerNorms."),
    TRANSFORMER_STACKS["encoder"],
    TRANSFORMER_STACKS["decoder"],
    Transformer(
        "nn.Transformer", args=transformer_args(),
        summary="The model of \"Attention Is All You Need\": an encoder and a decoder stack, "
                "each ending in a LayerNorm."),
)
