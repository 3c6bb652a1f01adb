"""Attention layers: MultiHeadAttention and GroupQueryAttention (learned projections),
Attention and AdditiveAttention (at most a scale or two).

MultiHeadAttention and GroupQueryAttention build their weights as Keras does: one
EinsumDense per projection (query, key, [gate,] value, attention_output), each shaped
by the einsum analysis in calc.layers.einsum, so unusual ranks give Keras's shapes.
"""

from calc.args import Arg, Input
from calc.dims import sym
from calc.layers.common import use_bias_arg
from calc.layers.einsum import Symbols, analyze, einsum_weights
from calc.sample import sample_value
from calc.spec import LayerSpec, register
from calc.text import fmt_shape
from calc.weights import Weight

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def arg_sym(name, value, meaning=None):
    return sym(name, value, r"\mathrm{" + name.replace("_", r"\_") + "}", meaning)


def channel_sym(which, value):
    """The last axis of the query, key or value input: C_query, C_key, C_value."""
    meaning = "the last axis of the %s input" % which
    if which == "value":
        meaning += " (also the key's, when no key is passed)"
    return sym("C_" + which, value, r"C_{\mathrm{" + which + "}}", meaning=meaning)


def proj_equation(free, bound, outputs):
    """Keras's _build_proj_equation: `free` axes pass through, `bound` axes are summed
    with the kernel, `outputs` axes come from it. Returns the equation, the bias axes
    (the output letters), and the bound and output letters."""
    a = LETTERS[:free]
    b = LETTERS[free:free + bound]
    c = LETTERS[free + bound:free + bound + outputs]
    return "%s%s,%s%s->%s%s" % (a, b, b, c, a, c), c, b, c


def project(layer, cfg, scope, equation, bias_axes, shape, partial, names, label):
    """One EinsumDense sub-layer's weights and output shape."""
    return einsum_weights(layer, equation, bias_axes if cfg["use_bias"] else None, shape,
                          partial, Symbols(names, letters=False), scope, label)


def key_shape(shapes):
    return shapes[2] if len(shapes) > 2 else shapes[1]


def check_value_key(shapes):
    value, key = shapes[1], key_shape(shapes)
    if value[1:-1] != key[1:-1]:
        raise ValueError("All dimensions of `value` and `key`, except the last one, must be "
                         "equal. Received: value_shape=%s and key_shape=%s"
                         % (fmt_shape(value), fmt_shape(key)))


HEAD_INPUTS = (
    Input("query", 1, example=(10, 512)),
    Input("value", 1, example=(10, 512)),
    Input("key", 1, example=(10, 512), optional=True),
)


# Arguments MultiHeadAttention and GroupQueryAttention share.
USE_GATE = Arg("use_gate", "bool", False, "Adds a gate projection of the query (sigmoid) that "
               "multiplies the attention output.", counts=True)
SLIDING_WINDOW = Arg("sliding_window", "int", None, "Attends only to keys this close; never "
                     "changes the count.", none_ok=True)


class HeadAttention(LayerSpec):
    """Shared by MultiHeadAttention and GroupQueryAttention: the subclasses say which
    projections Keras builds (`projections`); building, naming and checking are here."""

    family = "attention"
    inputs = HEAD_INPUTS
    example_input = [(10, 512), (10, 512)]  # self-attention style: no separate key
    keras_call = "separate"  # layer(query, value, key)

    def projections(self, cfg, shapes):
        """[(scope, equation, bias_axes, input shape, partial output shape, names, label)]"""
        raise NotImplementedError

    def check(self, cfg, shapes):
        check_value_key(shapes)
        self.build(cfg, shapes)

    def build(self, cfg, shapes):
        weights = []
        for p in self.projections(cfg, shapes):
            weights.extend(project(self.name, cfg, *p)[0])
        # The projections are sub-layers created in build(): a constructor's
        # trainable=False does not reach them (model.summary() counts them trainable).
        return [w.beyond_layer_trainable() for w in weights]

    def channels(self, shapes):
        """Symbols for the last axes of query, key, value (a missing key is the value)."""
        names = []
        for which, shape in (("query", shapes[0]), ("key", key_shape(shapes)), ("value", shapes[1])):
            if which == "key" and len(shapes) < 3:
                which = "value"
            names.append(channel_sym(which, shape[-1]) if shape[-1] is not None else None)
        return names

    def sample(self, rng):
        """Heads and dims small; value and key agree except (sometimes) the last axis;
        now and then a shape Keras refuses."""
        args = {}
        for arg in self.args:
            value = sample_value(arg, rng)
            if arg.name in ("num_heads", "key_dim", "head_dim", "num_key_value_heads"):
                value = rng.randint(1, 6)
            if value is not None and arg.name not in ("dropout",):
                args[arg.name] = value
        if rng.chance(0.125):
            args["trainable"] = False
        self.sample_args(args, rng)
        q_rank = self.sample_rank(rng)
        v_rank = self.sample_rank(rng)
        dim = lambda: None if rng.chance(0.04) else rng.randint(1, 12)
        query = tuple(dim() for _ in range(q_rank))
        value = tuple(dim() for _ in range(v_rank))
        if self.same_channels and rng.chance(0.9):
            value = value[:-1] + (query[-1],)
        shapes = [query, value]
        if rng.chance(0.5):
            key = value[:-1] + (dim(),)
            if rng.chance(0.9):
                key = key[:-1] + (value[-1],) if self.same_channels else key
            if rng.chance(0.05):
                key = (dim(),) + key
            shapes.append(key)
        return args, shapes


class MultiHeadAttention(HeadAttention):
    sublayers = "the query, key, value and output projections (EinsumDense layers) it builds"
    summary = ("Attention with several heads: the query, key and value are each projected "
               "into num_heads smaller spaces, attended to separately, and projected back.")
    args = (
        Arg("num_heads", "int", help="Number of attention heads.", counts=True, example=8),
        Arg("key_dim", "int", help="Size of each head's query and key projection.",
            counts=True, example=64),
        Arg("value_dim", "int", None, "Size of each head's value projection; None means "
            "key_dim.", counts=True, none_ok=True, sample=(1, 6)),
        Arg("dropout", "float", 0.0, "Dropout on the attention scores; never changes the "
            "count.", low=0, high=1),
        use_bias_arg("Adds a bias to each of the four projections."),
        Arg("output_shape", "dims", None, "Size(s) of the output's last axes; None keeps the "
            "query's last axis.", counts=True, none_ok=True, low=1),
        Arg("attention_axes", "axes", None, "Axes attention runs over; None means all axes "
            "between the batch and the features. Never changes the count.", none_ok=True),
        USE_GATE,
        SLIDING_WINDOW,
    )
    same_channels = False

    def projections(self, cfg, shapes):
        query, value, key = shapes[0], shapes[1], key_shape(shapes)
        c_query, c_key, c_value = self.channels(shapes)
        heads = arg_sym("num_heads", cfg["num_heads"])
        key_dim = arg_sym("key_dim", cfg["key_dim"])
        # Keras: value_dim if value_dim else key_dim
        value_dim = arg_sym("value_dim", cfg["value_dim"]) if cfg["value_dim"] else key_dim
        plan = []

        def head_projection(scope, shape, channel, size, label):
            equation, bias_axes, bound, out = proj_equation(len(shape) - 1, 1, 2)
            partial = [None] * (len(shape) - 2) + [heads.value, size.value]
            names = {out[0]: heads, out[1]: size}
            if channel is not None:
                names[bound] = channel
            plan.append((scope, equation, bias_axes, shape, partial, names, label))

        head_projection("query", query, c_query, key_dim, "input_shape (query)")
        head_projection("key", key, c_key, key_dim, "input_shape (key)")
        if cfg["use_gate"]:
            head_projection("gate", query, c_query, value_dim, "input_shape (query)")
        head_projection("value", value, c_value, value_dim, "input_shape (value)")
        self.check_attention_axes(cfg, value)

        # attention_output maps (..., num_heads, value_dim) to output_shape, by default
        # the query's last axis.
        if cfg["output_shape"]:
            sizes = list(cfg["output_shape"])
            if len(sizes) == 1:
                out_syms = [arg_sym("out", sizes[0], "`output_shape`, the output's last axis")
                            if sizes[0] is not None else None]
            else:
                out_syms = [sym("out_%d" % (i + 1), s, r"\mathrm{out}_{%d}" % (i + 1),
                                "`output_shape[%d]`" % i)
                            if s is not None else None for i, s in enumerate(sizes)]
        else:
            sizes, out_syms = [query[-1]], [c_query]
        q_equation, q_bias, _, _ = proj_equation(len(query) - 1, 1, 2)
        heads_shape = list(analyze(q_equation, q_bias, query, plan[0][4])[2])
        heads_shape[-1] = value_dim.value
        equation, bias_axes, bound, out = proj_equation(len(query) - 1, 2, len(sizes))
        names = {bound[0]: heads, bound[1]: value_dim}
        for letter, s in zip(out, out_syms):
            if s is not None:
                names[letter] = s
        partial = [None] * (len(query) - 2) + sizes
        plan.append(("attention_output", equation, bias_axes, tuple(heads_shape), partial,
                     names, "output_shape"))
        return plan

    def check_attention_axes(self, cfg, value):
        """Keras drops the attention axes from range(rank) with numpy.delete, which
        refuses an index outside [-rank, rank); rank counts the projected value's axes."""
        axes = cfg["attention_axes"]
        if axes is None:
            return
        rank = len(value) + 1
        for axis in axes:
            n = axis if axis >= 0 else rank - 1 + axis
            if not -rank <= n < rank:
                raise ValueError("attention_axes: axis %d is out of range for a value input "
                                 "of rank %d (with the batch axis). Received: attention_axes=%s"
                                 % (axis, len(value), fmt_shape(axes)))

    def output_shape(self, cfg, shapes):
        if cfg["output_shape"]:
            return shapes[0][:-1] + tuple(cfg["output_shape"])
        return shapes[0]

    def sample_rank(self, rng):
        return rng.choice((1, 2, 2, 2, 3))

    def sample_args(self, args, rng):
        if rng.chance(0.3):
            args["output_shape"] = tuple(rng.randint(1, 8) for _ in range(rng.randint(1, 2)))
        if rng.chance(0.2):
            args["attention_axes"] = (rng.choice((-3, -2, -1, 1, 2, 3, 4)),)


class GroupQueryAttention(HeadAttention):
    sublayers = "the query, key, value and output projections (EinsumDense layers) it builds"
    summary = ("Attention where groups of query heads share one key head and one value "
               "head, so the key and value projections are smaller.")
    args = (
        Arg("head_dim", "int", help="Size of each head.", counts=True, example=64),
        Arg("num_query_heads", "int", help="Number of query heads.", counts=True, example=8),
        Arg("num_key_value_heads", "int", help="Number of key and value heads; must divide "
            "num_query_heads.", counts=True, example=2),
        Arg("dropout", "float", 0.0, "Dropout on the attention scores; never changes the "
            "count.", low=0, high=1),
        use_bias_arg("Adds a bias to each of the four projections."),
        USE_GATE,
        SLIDING_WINDOW,
    )
    same_channels = True

    def check(self, cfg, shapes):
        if cfg["num_query_heads"] % cfg["num_key_value_heads"]:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`. "
                             "Received: num_query_heads=%d, num_key_value_heads=%d"
                             % (cfg["num_query_heads"], cfg["num_key_value_heads"]))
        HeadAttention.check(self, cfg, shapes)
        query, value = shapes[0], shapes[1]
        if query[-1] != value[-1]:
            raise ValueError("The last dimension of `query_shape` and `value_shape` must be "
                             "equal, but are %s, %s. Received: query_shape=%s, value_shape=%s"
                             % (query[-1], value[-1], fmt_shape(query), fmt_shape(value)))

    def projections(self, cfg, shapes):
        # The output projection maps back to the query's last axis: it must be known.
        features = self.input_dim(shapes, -1, "C_query", "last axis (features)",
                                  r"C_{\mathrm{query}}", 0)
        c_query, c_key, c_value = self.channels(shapes)
        head = arg_sym("head_dim", cfg["head_dim"])
        q_heads = arg_sym("num_query_heads", cfg["num_query_heads"])
        kv_heads = arg_sym("num_key_value_heads", cfg["num_key_value_heads"])
        # Keras's fixed equations (b batch, q/k length, m features, u/v heads, h head_dim)
        query = ("bqm,muh->bquh", "uh", shapes[0], [None, q_heads.value, head.value],
                 {"m": c_query, "u": q_heads, "h": head}, "input_shape (query)")
        plan = [("query",) + query,
                ("key", "bkm,mvh->bkvh", "vh", key_shape(shapes), [None, kv_heads.value, head.value],
                 {"m": c_key, "v": kv_heads, "h": head}, "input_shape (key)")]
        if cfg["use_gate"]:
            plan.append(("gate",) + query)
        plan.append(("value", "bkm,mvh->bkvh", "vh", shapes[1], [None, kv_heads.value, head.value],
                     {"m": c_value, "v": kv_heads, "h": head}, "input_shape (value)"))
        plan.append(("attention_output", "bquh,uhm->bqm", "m",
                     (None, None, q_heads.value, head.value), [None, features.value],
                     {"u": q_heads, "h": head, "m": features}, "output_shape"))
        return plan

    def output_shape(self, cfg, shapes):
        return shapes[0]

    def sample_rank(self, rng):
        return rng.choice((1, 2, 2, 2, 2, 2, 3))

    def sample_args(self, args, rng):
        if rng.chance(0.9):
            args["num_query_heads"] = args["num_key_value_heads"] * rng.randint(1, 3)


class ScoreAttention(LayerSpec):
    """Attention and AdditiveAttention: no projections; at most a learned scale (and, for
    Attention's concat scores, one more scalar)."""

    family = "attention"
    inputs = (
        Input("query", 1, example=(10, 16)),
        Input("value", 1, example=(12, 16)),
        Input("key", 1, example=(12, 16), optional=True),
    )
    example_input = [(10, 16), (12, 16)]
    additive = False  # True for AdditiveAttention: its scale has one factor per feature

    def build(self, cfg, shapes):
        weights = []
        if cfg["use_scale"]:
            if self.additive:
                # one scale per feature of the query's last axis
                dim = self.input_dim(shapes, -1, "C_query", "last axis (features)",
                                     r"C_{\mathrm{query}}", 0)
                weights.append(Weight("scale", [dim]))
            else:
                weights.append(Weight("scale", []))
        if cfg.get("score_mode") == "concat":
            weights.append(Weight("concat_score_weight", []))
        return weights

    def output_shape(self, cfg, shapes):
        return shapes[0][:-1] + (shapes[1][-1],)


DROPOUT = Arg("dropout", "float", 0.0, "Dropout on the attention scores; never changes the "
              "count.", low=0, high=1)

register(
    MultiHeadAttention("MultiHeadAttention"),
    GroupQueryAttention("GroupQueryAttention"),
    ScoreAttention(
        "Attention", additive=False,
        summary=("Dot-product attention: each query position takes a weighted average of the "
                 "values, weighted by how well the query matches each key."),
        args=(
            Arg("use_scale", "bool", False, "Learns one scalar scale: on the scores in 'dot' "
                "mode, on query + key inside the tanh in 'concat' mode.",
                counts=True),
            Arg("score_mode", "choice", "dot", "How scores are computed: dot product, or tanh "
                "of the sum ('concat'), which adds one learned scalar.", counts=True,
                choices=("dot", "concat")),
            DROPOUT,
        )),
    ScoreAttention(
        "AdditiveAttention", additive=True,
        summary=("Bahdanau-style attention: scores are a learned-scale sum of tanh(query + "
                 "key), then each query takes a weighted average of the values."),
        args=(
            Arg("use_scale", "bool", True, "Learns one scale per feature of the query's last "
                "axis.", counts=True),
            DROPOUT,
        )),
)
