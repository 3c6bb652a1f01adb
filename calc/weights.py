"""Weight tensors and everything derived from them: counts, formula, LaTeX, substituted steps."""

from calc.dims import Dim, as_dim
from calc.text import fmt_int, tuple_text


class Weight:
    """One tensor a layer creates, as ``add_weight(name, shape, trainable)`` would.

    ``scope`` says where in a composite layer it lives (``query``, ``forward``), so the
    weights table can tell apart the four ``kernel`` tensors of a MultiHeadAttention.
    """

    def __init__(self, name, shape, trainable=True, scope=None, freezable=True, buffer=False,
                 dtype=None, separator="/"):
        self.name = name
        self.shape = [as_dim(d) for d in shape]
        self.trainable = trainable
        self.scope = scope
        # False for weights of sub-layers that a constructor's trainable=False does not
        # reach in Keras 3.15: wrappers (Bidirectional, TimeDistributed,
        # SpectralNormalization), the projections MultiHeadAttention builds, ConvLSTM's
        # cell. Those variables stay trainable, and model.summary() counts them so.
        self.freezable = freezable
        # PyTorch's buffers (BatchNorm's running_mean, running_var, num_batches_tracked):
        # state saved with the module but not a parameter, so outside every parameter count.
        # `dtype` is set where a tensor's dtype is not the module's (num_batches_tracked: int64).
        self.buffer = buffer
        self.dtype = dtype
        # What joins scope and name: Keras's "/" (query/kernel), PyTorch's "." (self_attn.in_proj_weight).
        self.separator = separator

    @property
    def label(self):
        return self.scope + self.separator + self.name if self.scope else self.name

    @property
    def count(self):
        n = 1
        for d in self.shape:
            n *= d.value
        return n

    def shape_values(self):
        return tuple(d.value for d in self.shape)

    def shape_text(self):
        """The shape in symbols, as Python writes a tuple: (kernel_size, C_in, filters)."""
        return tuple_text([d.text for d in self.shape])

    def term(self):
        """The product of the shape's dims, as one Dim (a scalar weight counts as 1)."""
        # Axes that are a literal 1 (a pointwise kernel's 1x1 window) add nothing to read.
        dims = [d for d in self.shape if d.text != "1"] or [as_dim(1)]
        product = dims[0]
        for d in dims[1:]:
            product = product * d
        return product

    def frozen(self):
        if not self.freezable or self.buffer:
            return self
        return Weight(self.name, self.shape, False, self.scope, separator=self.separator)

    def scoped(self, scope, separator="/"):
        """This weight inside a sub-layer `scope`; PyTorch joins names with '.'."""
        return Weight(self.name, self.shape, self.trainable,
                      scope + separator + self.scope if self.scope else scope, self.freezable,
                      self.buffer, self.dtype, separator)

    def beyond_layer_trainable(self):
        """This weight as a sub-layer's, out of reach of the outer layer's trainable=False."""
        return Weight(self.name, self.shape, self.trainable, self.scope, False, self.buffer, self.dtype,
                      self.separator)

    def to_json(self):
        data = {"name": self.label, "shape": list(self.shape_values()), "count": self.count}
        if self.buffer:
            data["dtype"] = self.dtype
        else:
            data["trainable"] = self.trainable
        return data


def _grouped_terms(weights):
    """Sum terms in first-seen order, identical terms merged: [(times, Dim)]."""
    order = []
    seen = {}
    for w in weights:
        term = w.term()
        # Same symbols with other values are other terms, and so are tensors of other
        # shapes whose products read alike (a bias (units,) and a vector_u (1, units)).
        key = (w.shape_text(), term.text, term.value)
        if key in seen:
            seen[key][0] += 1
        else:
            entry = [1, term]
            seen[key] = entry
            order.append(entry)
    return [(times, term) for times, term in order]


def _times(times, term):
    return term if times == 1 else Dim(times, str(times), str(times), str(times), atoms=[]) * term


def formula_parts(weights):
    """(text, latex, numbers, values) of the sum of the weights' terms."""
    terms = [_times(times, term) for times, term in _grouped_terms(weights)]
    if not terms:
        return "0", "0", "0", []
    text = " + ".join(t.text for t in terms)
    latex = " + ".join(t.latex for t in terms)
    numbers = " + ".join(t.numbers for t in terms)
    return text, latex, numbers, [t.value for t in terms]


# Bytes per element, for the memory figures of a PyTorch module.
TORCH_DTYPE_BYTES = (("float32", 4), ("bfloat16 / float16", 2), ("int8", 1))


class Result:
    """What a layer creates for one config and input shape, and what follows from it.

    `weights` are the parameters (Keras's weights), in the order the framework lists them;
    `buffers` PyTorch's buffers, kept apart: no parameter count includes them."""

    def __init__(self, layer, weights, output_shape, notes=(), framework="keras"):
        self.layer = layer
        self.weights = [w for w in weights if not w.buffer]
        self.buffers = [w for w in weights if w.buffer]
        self.output_shape = output_shape
        self.notes = list(notes)
        self.framework = framework

    @property
    def trainable_params(self):
        return sum(w.count for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self):
        return sum(w.count for w in self.weights if not w.trainable)

    @property
    def total_params(self):
        return sum(w.count for w in self.weights)

    @property
    def buffer_count(self):
        return sum(b.count for b in self.buffers)

    def memory(self):
        """Bytes of the parameters and buffers with the module in each dtype; a buffer with
        a dtype of its own (num_batches_tracked, int64) keeps it."""
        rows = []
        for name, size in TORCH_DTYPE_BYTES:
            own = sum(b.count * dtype_size(b.dtype) for b in self.buffers if b.dtype)
            floating = self.total_params + sum(b.count for b in self.buffers if not b.dtype)
            rows.append({"dtype": name, "bytes": floating * size + own})
        return rows

    @property
    def formula(self):
        return formula_parts(self.weights)[0]

    @property
    def formula_latex(self):
        return formula_parts(self.weights)[1]

    @property
    def steps(self):
        """The formula, then numbers substituted, then each term's value, then the total."""
        text, _, numbers, values = formula_parts(self.weights)
        steps = [text]
        if numbers != text:
            steps.append("= " + numbers)
        if len(values) > 1:
            steps.append("= " + " + ".join(fmt_int(v) for v in values))
        total = "= " + fmt_int(self.total_params)
        if steps[-1] != total:
            steps.append(total)
        return steps

    def to_json(self):
        data = {
            "layer": self.layer,
            "weights": [w.to_json() for w in self.weights],
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "total_params": self.total_params,
            "output_shape": _shape_json(self.output_shape),
            "formula": self.formula,
            "formula_latex": self.formula_latex,
            "steps": self.steps,
        }
        if self.framework != "keras":
            data["framework"] = self.framework
            data["buffers"] = self.buffer_count
            data["buffer_tensors"] = [b.to_json() for b in self.buffers]
            data["memory"] = self.memory()
        return data


def dtype_size(dtype):
    """Bytes per element of a buffer's own dtype."""
    return {"int64": 8, "int32": 4, "bool": 1}[dtype]


def _shape_json(shape):
    if isinstance(shape, list):
        return [_shape_json(s) for s in shape]
    return None if shape is None else list(shape)
