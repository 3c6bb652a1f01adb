"""torch.nn's linear layers: Identity, Linear, Bilinear and LazyLinear (torch/nn/modules/linear.py).

Linear stores its weight as (out_features, in_features), the transpose of Keras's Dense
kernel (in, out): y = x W^T + b. The count is the same, in_features * out_features + out_features.
"""

from calc.dims import sym
from calc.torch_spec import TorchSpec, bias_arg, lazy_input_arg, register, size_arg
from calc.weights import Weight

IN_LATEX = r"\mathrm{in\_features}"
OUT_LATEX = r"\mathrm{out\_features}"


def features(cfg, name, latex, meaning):
    return sym(name, cfg[name], latex, meaning=meaning)


def linear_weights(n_in, n_out, bias):
    """nn.Linear(n_in, n_out, bias)'s parameters, for the modules built of Linears too
    (Transformer layers' linear1/linear2, MultiheadAttention's out_proj)."""
    weights = [Weight("weight", [n_out, n_in])]
    if bias:
        weights.append(Weight("bias", [n_out]))
    return weights


class Identity(TorchSpec):
    family = "linear"
    summary = "Passes its input through unchanged; takes (and ignores) any arguments."
    weight_free_reason = "it returns its input as it is"
    takes_factory_args = False


class Linear(TorchSpec):
    family = "linear"

    def build(self, cfg, shapes):
        n_in = features(cfg, "in_features", IN_LATEX, "`in_features`, the size of each input sample")
        n_out = features(cfg, "out_features", OUT_LATEX, "`out_features`, the size of each output sample")
        return linear_weights(n_in, n_out, cfg["bias"])


LINEAR_ARGS = (
    size_arg("in_features", "Size of each input sample.", example=128),
    size_arg("out_features", "Size of each output sample: one row of weight per output.", example=128),
    bias_arg("False leaves out the bias vector (out_features,)."),
)


class LazyLinear(Linear):
    def lazy_example_input(self, cfg):
        return [(1, cfg["in_features"])]


class Bilinear(TorchSpec):
    """y = x1^T A x2 + b: one (in1_features, in2_features) matrix per output feature."""

    family = "linear"

    def build(self, cfg, shapes):
        n_out = features(cfg, "out_features", OUT_LATEX, "`out_features`, the size of each output sample")
        n1 = features(cfg, "in1_features", r"\mathrm{in1\_features}", "`in1_features`, the size of the first input")
        n2 = features(cfg, "in2_features", r"\mathrm{in2\_features}", "`in2_features`, the size of the second input")
        weights = [Weight("weight", [n_out, n1, n2])]
        if cfg["bias"]:
            weights.append(Weight("bias", [n_out]))
        return weights


register(
    Identity("nn.Identity"),
    Linear("nn.Linear", summary="A fully connected layer: y = x·Wᵀ + b, with the weight stored "
           "as (out_features, in_features).", args=LINEAR_ARGS),
    Bilinear("nn.Bilinear", summary="y = x₁ᵀ·A·x₂ + b: a bilinear form of two inputs per output "
             "feature.", args=(
                 size_arg("in1_features", "Size of each first input sample.", example=20),
                 size_arg("in2_features", "Size of each second input sample.", example=30),
                 size_arg("out_features", "Size of each output sample.", example=40),
                 bias_arg("False leaves out the bias vector (out_features,)."))),
    LazyLinear("nn.LazyLinear", summary="A Linear whose in_features is read from its first input.",
           args=(size_arg("out_features", "Size of each output sample.", example=128),
                 bias_arg("False leaves out the bias vector (out_features,)."),
                 lazy_input_arg("in_features", "Size of each input sample.", example=128))),
)
