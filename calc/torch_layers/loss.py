"""torch.nn's loss functions (torch/nn/modules/loss.py) and AdaptiveLogSoftmaxWithLoss
(adaptive.py).

A loss has no parameters. The losses that take a `weight` (one rescaling factor per class or
element) or BCEWithLogitsLoss's `pos_weight` keep the tensor given with register_buffer: it is
saved in state_dict() but no parameter count includes it. Here such a tensor is written as
its length or its values (calc.torch_spec.TensorArg) and counted as a buffer. The two losses
that learn are LinearCrossEntropyLoss (PyTorch 2.14: a Linear, `linear`, fused with the cross
entropy) and AdaptiveLogSoftmaxWithLoss (a head Linear and one two-Linear projection per
cluster of rare classes).

Left out of the catalogue: LinearCrossEntropyOptions, which torch.nn.modules.__all__ lists
too, is a frozen dataclass of options for LinearCrossEntropyLoss's chunked path, not a
Module (see tests/test_torch_oracle.py).
"""

from calc.args import Arg
from calc.dims import sym
from calc.torch_layers.linear import linear_weights
from calc.torch_spec import (ModuleArg, TensorArg, TorchSpec, exact_choice, json_or_text, register,
                             size_arg)
from calc.text import shorten
from calc.weights import Weight

NO_PARAMETERS = ("a loss has no parameters; a weight tensor given to it is kept as a buffer, "
                 "apart from the parameters")


def reduction_arg():
    return Arg("reduction", exact_choice(("mean", "sum", "none")), "mean", "How the per-element "
               "losses are combined: 'mean', 'sum' or 'none'; never changes the count.",
               sample=["mean", "sum", "none"])


# The deprecated size_average and reduce, which PyTorch still takes (they set reduction).
SIZE_AVERAGE = Arg("size_average", "bool", None, "Deprecated (use reduction); never changes the "
                   "count.", none_ok=True)
REDUCE = Arg("reduce", "bool", None, "Deprecated (use reduction); never changes the count.",
             none_ok=True)


def weight_arg(what="A manual rescaling weight given to each class."):
    return TensorArg("weight", what)


def float_arg(name, default, help):
    return Arg(name, "float", default, help + "; never changes the count.")


def ignore_index_arg(default=-100, none_ok=False):
    return Arg("ignore_index", "axis", default, "A target value that is ignored and adds nothing "
               "to the gradient; never changes the count.", none_ok=none_ok)


def margin_arg(default):
    return float_arg("margin", default, "The margin")


def class_weight(value, name="weight"):
    """The buffer of a TensorArg's value, or nothing for None."""
    if value is None:
        return []
    n = sym("len(%s)" % name, value.length, meaning="the length of the `%s` tensor given" % name)
    return [Weight(name, [n], buffer=True)]


class Loss(TorchSpec):
    """A loss: no parameters; its TensorArg arguments become buffers, in signature order."""

    family = "loss"
    takes_factory_args = False
    weight_free_reason = NO_PARAMETERS
    margin_must_be_positive = False  # TripletMarginLoss and TripletMarginWithDistanceLoss
    p_is_1_or_2 = False  # MultiMarginLoss

    def check(self, cfg, shapes):
        if self.margin_must_be_positive and cfg["margin"] <= 0:
            raise ValueError("%s: expected margin to be greater than 0. Received: margin=%s"
                             % (self.class_name, cfg["margin"]))
        if self.p_is_1_or_2 and cfg["p"] not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported. Received: p=%s" % cfg["p"])

    def build(self, cfg, shapes):
        weights = []
        for a in self.args:
            if isinstance(a, TensorArg):
                weights += class_weight(cfg[a.name], a.name)
            elif isinstance(a, ModuleArg) and cfg[a.name] is not None:
                inner = cfg[a.name].result
                weights += [w.scoped(a.name, ".") for w in inner.weights + inner.buffers]
        return weights


def loss(name, summary, *args, **declared):
    return Loss(name, summary=summary, args=tuple(args), **declared)


def swap_arg():
    return Arg("swap", "bool", False, "True uses the distance swap; never changes the count.")


def plain(name, summary, *args, **declared):
    """A loss of PyTorch's common signature (size_average, reduce, reduction), with `args`
    around it as the class puts them: a string "*" marks where the common three go."""
    if "*" not in args:
        args = args + ("*",)
    full = []
    for a in args:
        full += [SIZE_AVERAGE, REDUCE, reduction_arg()] if a == "*" else [a]
    return loss(name, summary, *full, **declared)


class LinearCrossEntropyLoss(Loss):
    """A Linear (in_features -> num_classes·prod(out_features)) fused with the cross entropy,
    stored as the 2-D `linear.weight` and reshaped in forward."""

    takes_factory_args = True
    weight_free_reason = None

    def check(self, cfg, shapes):
        weight = cfg["weight"]
        if weight is not None and weight.length != cfg["num_classes"]:
            raise ValueError("expected weight shape to be (%d,), got (%d,). Received: weight=%d, "
                             "num_classes=%d" % (cfg["num_classes"], weight.length, weight.length,
                                                 cfg["num_classes"]))
        if not 0 <= cfg["label_smoothing"] <= 1:
            raise ValueError("expected label_smoothing to be in range [0, 1]. Received: "
                             "label_smoothing=%s" % cfg["label_smoothing"])

    def build(self, cfg, shapes):
        n_in = sym("in_features", cfg["in_features"], r"\mathrm{in\_features}",
                   meaning="`in_features`, the size of each input sample")
        out = sym("num_classes", cfg["num_classes"], r"\mathrm{num\_classes}",
                  meaning="`num_classes`, the classes scored")
        for i, size in enumerate(cfg["out_features"]):
            out = out * sym("out_features[%d]" % i, size, meaning="an extra output axis per class")
        linear = [w.scoped("linear", ".") for w in linear_weights(n_in, out, cfg["bias"])]
        return class_weight(cfg["weight"]) + linear

    def sample(self, rng):
        args, shapes = TorchSpec.sample(self, rng)
        args["out_features"] = tuple(rng.randint(1, 4) for _ in range(rng.randint(0, 2)))
        args["weight"] = None if rng.chance(0.5) else args["num_classes"]
        args["ignore_index"] = None
        args["options"] = None
        return args, shapes


# LinearCrossEntropyOptions' fields in PyTorch 2.14 (a frozen dataclass, not a module).
OPTIONS_FIELDS = ("allow_retain_graph", "batch_chunk_size", "chunking_method", "acc_policy", "acc_dtype")


def parse_options(raw, arg):
    """LinearCrossEntropyLoss's options: None or a JSON object of the dataclass's fields."""
    value = json_or_text(raw)
    if not isinstance(value, dict):
        raise ValueError("options must be None or a JSON object of LinearCrossEntropyOptions' "
                         "fields (%s). Received: options=%s" % (", ".join(OPTIONS_FIELDS), shorten(raw)))
    for key in value:
        if key not in OPTIONS_FIELDS:
            raise ValueError("LinearCrossEntropyOptions has no field %s; its fields: %s. Received: "
                             "options=%s" % (shorten(key), ", ".join(OPTIONS_FIELDS), shorten(raw)))
    return value


def options_arg():
    return Arg("options", parse_options, None, "LinearCrossEntropyOptions for the chunked path, "
               "as a JSON object of its fields (%s), or None; never changes the count."
               % ", ".join(OPTIONS_FIELDS), none_ok=True)


register(
    plain("nn.L1Loss", "The mean absolute error |x - y|."),
    loss("nn.NLLLoss", "The negative log likelihood of log-probabilities; an optional per-class "
         "weight is a buffer.", weight_arg(), SIZE_AVERAGE, ignore_index_arg(), REDUCE,
         reduction_arg()),
    # Deprecated since PyTorch 0.4 but still exported: NLLLoss with the same arguments.
    loss("nn.NLLLoss2d", "NLLLoss for 2-D inputs (deprecated: NLLLoss takes them).", weight_arg(),
         SIZE_AVERAGE, ignore_index_arg(), REDUCE, reduction_arg()),
    loss("nn.PoissonNLLLoss", "The negative log likelihood of a Poisson target.",
         Arg("log_input", "bool", True, "True takes log-rates as input; never changes the count."),
         Arg("full", "bool", False, "True adds the Stirling term; never changes the count."),
         SIZE_AVERAGE, float_arg("eps", 1e-8, "Added to avoid log(0)"), REDUCE, reduction_arg()),
    loss("nn.GaussianNLLLoss", "The negative log likelihood of a Gaussian target with predicted "
         "variances.", Arg("full", "bool", False, "True adds the constant term; never changes the "
                           "count."), float_arg("eps", 1e-6, "The variances' floor"), reduction_arg()),
    plain("nn.KLDivLoss", "The Kullback-Leibler divergence of log-probabilities from a target "
          "distribution.", "*", Arg("log_target", "bool", False, "True takes the target as "
                                    "log-probabilities; never changes the count.")),
    plain("nn.MSELoss", "The mean squared error (x - y)²."),
    plain("nn.BCELoss", "The binary cross entropy of probabilities; an optional weight is a buffer.",
          weight_arg("A manual rescaling weight given to each batch element's loss.")),
    plain("nn.BCEWithLogitsLoss", "A sigmoid and the binary cross entropy in one; weight and "
          "pos_weight, when given, are buffers.",
          weight_arg("A manual rescaling weight given to each batch element's loss."), "*",
          TensorArg("pos_weight", "A weight of the positive examples, one per class.")),
    plain("nn.HingeEmbeddingLoss", "The hinge embedding loss of distances and ±1 labels.",
          margin_arg(1.0)),
    plain("nn.MultiLabelMarginLoss", "A multi-class multi-label hinge loss."),
    plain("nn.SmoothL1Loss", "Squared error below beta, absolute error above it.", "*",
          float_arg("beta", 1.0, "Where the loss turns from squared to absolute")),
    loss("nn.HuberLoss", "Squared error below delta, delta-scaled absolute error above it.",
         reduction_arg(), float_arg("delta", 1.0, "Where the loss turns from squared to absolute")),
    plain("nn.SoftMarginLoss", "The two-class logistic loss log(1 + exp(-y·x))."),
    loss("nn.CrossEntropyLoss", "LogSoftmax and NLLLoss in one; an optional per-class weight is "
         "a buffer.", weight_arg(), SIZE_AVERAGE, ignore_index_arg(), REDUCE, reduction_arg(),
         float_arg("label_smoothing", 0.0, "How much of the target is spread evenly over the "
                   "classes")),
    LinearCrossEntropyLoss(
        "nn.LinearCrossEntropyLoss", summary="A Linear classifier head fused with the cross "
        "entropy (PyTorch 2.14): linear.weight (num_classes, in_features), without the logits "
        "ever being materialized whole.",
        args=(size_arg("in_features", "Size of each input sample.", example=512),
              size_arg("num_classes", "The classes scored: the rows of linear.weight.", example=1000),
              Arg("out_features", "ints", (), "Extra output axes per class (keyword-only): the "
                  "Linear's rows are num_classes times their product.", counts=True),
              Arg("bias", "bool", False, "True adds linear.bias (num_classes·prod(out_features),); "
                  "off by default.", counts=True),
              reduction_arg(), weight_arg("A manual rescaling weight given to each class; its length "
                                          "must be num_classes."),
              ignore_index_arg(None, none_ok=True),
              float_arg("label_smoothing", 0.0, "How much of the target is spread evenly over the "
                        "classes, in [0, 1]"),
              options_arg())),
    plain("nn.MultiLabelSoftMarginLoss", "A multi-label one-versus-all loss; an optional per-class "
          "weight is a buffer.", weight_arg()),
    plain("nn.CosineEmbeddingLoss", "A loss on the cosine similarity of pairs and ±1 labels.",
          margin_arg(0.0)),
    plain("nn.MarginRankingLoss", "A hinge loss on the ranking of two inputs.", margin_arg(0.0)),
    plain("nn.MultiMarginLoss", "A multi-class hinge loss; an optional per-class weight is a buffer.",
          Arg("p", "int", 1, "The norm's degree, 1 or 2; never changes the count.", sample=[1, 2]),
          margin_arg(1.0), weight_arg(), p_is_1_or_2=True),
    plain("nn.TripletMarginLoss", "A triplet loss on anchor-positive and anchor-negative p-norm "
          "distances.", margin_arg(1.0), float_arg("p", 2.0, "The norm's degree"),
          float_arg("eps", 1e-6, "Added to the distances"), swap_arg(), margin_must_be_positive=True),
    loss("nn.TripletMarginWithDistanceLoss", "A triplet loss on distances a function of its "
         "choice computes (nn.PairwiseDistance by default).",
         ModuleArg("distance_function", "The distance (keyword-only): None for "
                   "nn.PairwiseDistance(), or a distance module written {\"class\": "
                   "\"nn.PairwiseDistance\", \"kwargs\": {...}} (a Python function has no "
                   "tensors); neither has tensors.", ("nn.PairwiseDistance", "nn.CosineSimilarity"),
                   default=None, none_ok=True),
         margin_arg(1.0), swap_arg(), reduction_arg(), margin_must_be_positive=True),
    loss("nn.CTCLoss", "The Connectionist Temporal Classification loss of unaligned sequences.",
         Arg("blank", "axis", 0, "The blank label's index; never changes the count."),
         reduction_arg(), Arg("zero_infinity", "bool", False, "True zeroes infinite losses; never "
                              "changes the count.")),
)


class AdaptiveLogSoftmaxWithLoss(TorchSpec):
    """Efficient softmax approximation (Grave et al., 2016): a head Linear over the frequent
    classes (the shortlist, below cutoffs[0]) plus one logit per cluster, and per cluster i a
    projection in_features -> in_features // div_value^(i+1) -> its classes, both without bias."""

    family = "loss"

    def check(self, cfg, shapes):
        cutoffs = list(cfg["cutoffs"])
        if not cutoffs:
            raise ValueError("cutoffs should be a sequence of length larger than 0. Received: cutoffs=()")
        if (cutoffs != sorted(cutoffs) or max(cutoffs) > cfg["n_classes"] - 1
                or len(set(cutoffs)) != len(cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted in an "
                             "increasing order, where each value is between 1 and n_classes-1. "
                             "Received: cutoffs=%s, n_classes=%d" % (shorten(cfg["cutoffs"]), cfg["n_classes"]))
        if cfg["div_value"] <= 0:
            raise ValueError("div_value must be > 0 (each cluster's width is in_features divided by "
                             "a power of it). Received: div_value=%s" % cfg["div_value"])
        try:
            self.projection_sizes(cfg)
        except (OverflowError, ZeroDivisionError):
            raise ValueError("div_value ** %d is out of the float range: too many cutoffs for this "
                             "div_value. Received: div_value=%s, cutoffs=%s"
                             % (len(cutoffs), cfg["div_value"], shorten(cfg["cutoffs"])))

    def projection_sizes(self, cfg):
        """Each cluster's projection width, computed as PyTorch does: int(in_features //
        div_value ** (i + 1)), a float floor division."""
        return [int(cfg["in_features"] // (cfg["div_value"] ** (i + 1))) for i in range(len(cfg["cutoffs"]))]

    def build(self, cfg, shapes):
        n_in = sym("in_features", cfg["in_features"], r"\mathrm{in\_features}",
                   meaning="`in_features`, the size of each input sample")
        cutoffs = list(cfg["cutoffs"]) + [cfg["n_classes"]]
        head = sym("head_size", cutoffs[0] + len(cutoffs) - 1, r"\mathrm{head\_size}",
                   meaning="cutoffs[0] + len(cutoffs): the shortlist's classes and one logit per cluster")
        weights = [w.scoped("head", ".") for w in linear_weights(n_in, head, cfg["head_bias"])]
        widths = self.projection_sizes(cfg)
        for i in range(len(widths)):
            width = sym("h_%d" % i, widths[i], "h_{%d}" % i,
                        meaning="in_features // div_value^%d, cluster %d's projection width" % (i + 1, i))
            classes = sym("n_%d" % i, cutoffs[i + 1] - cutoffs[i], "n_{%d}" % i,
                          meaning="cutoffs[%d] - cutoffs[%d], the classes of cluster %d" % (i + 1, i, i))
            weights.append(Weight("weight", [width, n_in], scope="tail.%d.0" % i, separator="."))
            weights.append(Weight("weight", [classes, width], scope="tail.%d.1" % i, separator="."))
        return weights

    def sample(self, rng):
        args, shapes = TorchSpec.sample(self, rng)
        args["n_classes"] = rng.randint(2, 200)
        cutoffs = []
        for _ in range(rng.randint(1, 4)):
            low = cutoffs[-1] + 1 if cutoffs else 1
            if low <= args["n_classes"] - 1:
                cutoffs.append(rng.randint(low, min(low + 60, args["n_classes"] - 1)))
        args["cutoffs"] = tuple(cutoffs)
        args["div_value"] = rng.choice([1.0, 2.0, 4.0, 1.5, 0.5])
        return args, shapes


register(AdaptiveLogSoftmaxWithLoss(
    "nn.AdaptiveLogSoftmaxWithLoss",
    summary="A softmax over many classes made cheap: a head Linear for the frequent classes and "
            "the clusters, and a smaller two-Linear projection per cluster of rare classes.",
    args=(size_arg("in_features", "Number of features in the input tensor.", example=64, sample=(1, 64)),
          size_arg("n_classes", "Number of classes in the dataset.", example=1000),
          Arg("cutoffs", "ints", help="The cutoffs between clusters of classes: increasing, unique, "
              "between 1 and n_classes - 1; the classes below cutoffs[0] form the head's "
              "shortlist.", counts=True, example=(100, 500)),
          Arg("div_value", "float", 4.0, "Each cluster's projection width is in_features divided "
              "by div_value once more than the previous one's.", counts=True),
          Arg("head_bias", "bool", False, "True adds head.bias.", counts=True))))
