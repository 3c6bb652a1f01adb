"""Weight tensors and everything derived from them: counts, formula, LaTeX, substituted steps."""

from calc.dims import Dim, as_dim
from calc.text import fmt_int, tuple_text


class Weight:
    """One tensor a layer creates, as ``add_weight(name, shape, trainable)`` would.

    ``scope`` says where in a composite layer it lives (``query``, ``forward``), so the
    weights table can tell apart the four ``kernel`` tensors of a MultiHeadAttention.
    """

    def __init__(self, name, shape, trainable=True, scope=None, freezable=True):
        self.name = name
        self.shape = [as_dim(d) for d in shape]
        self.trainable = trainable
        self.scope = scope
        # False for weights of sub-layers that a constructor's trainable=False does not
        # reach in Keras 3.15: wrappers (Bidirectional, TimeDistributed,
        # SpectralNormalization), the projections MultiHeadAttention builds, ConvLSTM's
        # cell. Those variables stay trainable, and model.summary() counts them so.
        self.freezable = freezable

    @property
    def label(self):
        return self.scope + "/" + self.name if self.scope else self.name

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
        if not self.freezable:
            return self
        return Weight(self.name, self.shape, False, self.scope)

    def scoped(self, scope):
        return Weight(self.name, self.shape, self.trainable,
                      scope + "/" + self.scope if self.scope else scope, self.freezable)

    def beyond_layer_trainable(self):
        """This weight as a sub-layer's, out of reach of the outer layer's trainable=False."""
        return Weight(self.name, self.shape, self.trainable, self.scope, False)

    def to_json(self):
        return {"name": self.label, "shape": list(self.shape_values()),
                "trainable": self.trainable, "count": self.count}


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


def steps_of(weights):
    """The formula, then numbers substituted, then each term's value, then the total."""
    text, _, numbers, values = formula_parts(weights)
    steps = [text]
    if numbers != text:
        steps.append("= " + numbers)
    if len(values) > 1:
        steps.append("= " + " + ".join(fmt_int(v) for v in values))
    total = "= " + fmt_int(sum(w.count for w in weights))
    if steps[-1] != total:
        steps.append(total)
    return steps


class Result:
    """What a layer creates for one config and input shape, and what follows from it."""

    def __init__(self, layer, weights, output_shape, notes=()):
        self.layer = layer
        self.weights = list(weights)
        self.output_shape = output_shape
        self.notes = list(notes)

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
    def formula(self):
        return formula_parts(self.weights)[0]

    @property
    def formula_latex(self):
        return formula_parts(self.weights)[1]

    @property
    def steps(self):
        return steps_of(self.weights)

    def to_json(self):
        return {
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


def _shape_json(shape):
    if isinstance(shape, list):
        return [_shape_json(s) for s in shape]
    return None if shape is None else list(shape)
