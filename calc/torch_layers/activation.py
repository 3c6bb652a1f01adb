"""torch.nn's activations (torch/nn/modules/activation.py), except MultiheadAttention (in
the transformer family). Only PReLU learns anything: one slope, or one per channel. The
others are fixed functions; their entries carry the constructor's arguments and checks.
"""

from calc.args import Arg
from calc.dims import sym
from calc.torch_layers.common import WeightFree, dim_arg, float_arg, inplace_arg
from calc.torch_spec import TorchSpec, register
from calc.weights import Weight

REASON = "an activation is a fixed function of its input: nothing is learned"


class PReLU(TorchSpec):
    """y = max(0, x) + a·min(0, x) with a learned a: weight (num_parameters,)."""

    family = "activation"

    def build(self, cfg, shapes):
        return [Weight("weight", [sym("num_parameters", cfg["num_parameters"], r"\mathrm{num\_parameters}")])]


def hardtanh_range(cfg):
    """max_val > min_val; the deprecated min_value and max_value replace them when given."""
    low_name = "min_val" if cfg["min_value"] is None else "min_value"
    high_name = "max_val" if cfg["max_value"] is None else "max_value"
    low, high = cfg[low_name], cfg[high_name]
    if high <= low:
        raise ValueError("max_val (%s) must be greater than min_val (%s). Received: %s=%s, %s=%s"
                         % (high, low, low_name, low, high_name, high))


def rrelu_args():
    return (float_arg("lower", 0.125, "Lower bound of the random negative slope"),
            float_arg("upper", 1 / 3, "Upper bound of the random negative slope"), inplace_arg())


def alpha_args(help):
    return (float_arg("alpha", 1.0, help), inplace_arg())


def lambd_arg():
    return (float_arg("lambd", 0.5, "The threshold below which (in absolute value) the output "
                      "is 0"),)


def softmax_dim():
    return (dim_arg(None, "The axis whose values sum to 1 (None: chosen from the input's rank, "
                    "deprecated)"),)


# (class name, summary, arguments in the constructor's order)
PLAIN = (
    ("ELU", "x for x > 0, alpha·(eˣ - 1) otherwise.", alpha_args("The value ELU tends to for "
                                                                  "very negative inputs")),
    ("Hardshrink", "x where |x| > lambd, 0 otherwise.", lambd_arg()),
    ("Hardsigmoid", "A piecewise linear sigmoid: 0 below -3, 1 above 3, x/6 + 1/2 between.",
     (inplace_arg(),)),
    ("Hardtanh", "x clipped to [min_val, max_val].",
     # sampled to overlap now and then: the constructor refuses max_val <= min_val
     (float_arg("min_val", -1.0, "The lower end of the linear region", sample=(-2.0, 0.5)),
      float_arg("max_val", 1.0, "The upper end of the linear region", sample=(-0.5, 2.0)),
      inplace_arg(),
      Arg("min_value", "float", None, "Deprecated name of min_val; replaces it when given.",
          none_ok=True, sample=(-2.0, 2.0)),
      Arg("max_value", "float", None, "Deprecated name of max_val; replaces it when given.",
          none_ok=True, sample=(-2.0, 2.0)))),
    ("Hardswish", "x·hardsigmoid(x), the cheap swish of MobileNetV3.", (inplace_arg(),)),
    ("LeakyReLU", "x for x ≥ 0, negative_slope·x otherwise.",
     (float_arg("negative_slope", 0.01, "The slope for negative inputs", sample=(0.0, 0.5)), inplace_arg())),
    ("LogSigmoid", "log(1 / (1 + e⁻ˣ)).", ()),
    ("ReLU", "max(0, x).", (inplace_arg(),)),
    ("ReLU6", "min(max(0, x), 6).", (inplace_arg(),)),
    ("RReLU", "A leaky ReLU whose negative slope is drawn from [lower, upper] in training.",
     rrelu_args()),
    ("SELU", "scale·ELU(x) with the fixed constants that make a network self-normalizing.",
     (inplace_arg(),)),
    ("CELU", "max(0, x) + min(0, alpha·(e^(x/alpha) - 1)).",
     alpha_args("The α of the CELU formulation")),
    ("GELU", "x·Φ(x), Φ the standard normal CDF ('tanh' approximates it).",
     (Arg("approximate", "choice", "none", "'none' (exact) or 'tanh' (the tanh approximation); "
          "never changes the count.", choices=("none", "tanh")),)),
    ("Sigmoid", "1 / (1 + e⁻ˣ).", ()),
    ("SiLU", "x·sigmoid(x), also called swish.", (inplace_arg(),)),
    ("Mish", "x·tanh(softplus(x)).", (inplace_arg(),)),
    ("Softplus", "log(1 + e^(beta·x)) / beta, linear above the threshold.",
     (float_arg("beta", 1.0, "The β of the Softplus formulation"),
      float_arg("threshold", 20.0, "Above beta·x > threshold the output is x"))),
    ("Softshrink", "x - lambd or x + lambd outside [-lambd, lambd], 0 inside.", lambd_arg()),
    ("Softsign", "x / (1 + |x|).", ()),
    ("Tanh", "tanh(x).", ()),
    ("Tanhshrink", "x - tanh(x).", ()),
    ("Threshold", "x where x > threshold, value otherwise.",
     (Arg("threshold", "float", help="The value to threshold at; never changes the count.",
          example=0.1),
      Arg("value", "float", help="The value that replaces x where x ≤ threshold; never changes "
          "the count.", example=20.0), inplace_arg())),
    ("GLU", "The gated linear unit: the input split in halves a, b along dim, a·sigmoid(b).",
     (dim_arg(-1, "The axis split in halves"),)),
    ("Softmin", "softmax(-x) along dim: values in [0, 1] that sum to 1.", softmax_dim()),
    ("Softmax", "eˣ / Σ eˣ along dim: values in [0, 1] that sum to 1.", softmax_dim()),
    ("Softmax2d", "Softmax over the channels at each spatial location of a (N, C, H, W) or "
     "(C, H, W) input.", ()),
    ("LogSoftmax", "log(softmax(x)) along dim.", softmax_dim()),
)

CHECKS = {"Hardtanh": (hardtanh_range,)}


def entries():
    made = [PReLU("nn.PReLU", summary="y = max(0, x) + a·min(0, x) with a learned slope a: one "
                  "shared by every channel, or one per channel (num_parameters = C).", args=(
                      Arg("num_parameters", "int", 1, "Number of slopes a to learn: 1 (shared) "
                          "or the input's number of channels.", counts=True, example=64,
                          sample=(1, 16)),
                      float_arg("init", 0.25, "The slopes' initial value")))]
    for name, summary, args in PLAIN:
        made.append(WeightFree("nn." + name, family="activation", summary=summary, args=args,
                               weight_free_reason=REASON, checks=CHECKS.get(name, ())))
    return made


register(*entries())
