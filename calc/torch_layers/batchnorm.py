"""torch.nn's batch and instance normalizations (torch/nn/modules/batchnorm.py,
instancenorm.py): BatchNorm1d/2d/3d, SyncBatchNorm, InstanceNorm1d/2d/3d and the six Lazy
forms, all built by one base (_NormBase).

affine=True makes the parameters weight (γ) and bias (β), one per feature (bias=False, a
keyword-only argument, leaves out β). track_running_stats=True makes the buffers
running_mean and running_var, one per feature, and num_batches_tracked, one int64: state
saved with the module, in no parameter count. Keras's BatchNormalization keeps the same
statistics as non-trainable weights (moving_mean, moving_variance), so its total is larger.
"""

from calc.args import Arg
from calc.dims import sym
from calc.torch_spec import TorchSpec, lazy_input_arg, register, size_arg
from calc.weights import Weight

FEATURES_LATEX = r"\mathrm{num\_features}"


def norm_args(kind, lazy, process_group=False):
    """The constructor's arguments in its order; `kind` is "batch" or "instance", whose
    defaults differ (an InstanceNorm has neither parameters nor buffers by default; a Lazy
    InstanceNorm, built by the Lazy base, has both)."""
    instance = kind == "instance" and not lazy
    args = []
    if not lazy:
        args.append(size_arg("num_features", "C, the number of features (channels) of the "
                             "input (N, C, ...).", example=64))
    args += [
        Arg("eps", "float", 1e-5, "Added to the variance for numerical stability; never changes "
            "the count.", low=0),
        Arg("momentum", "float", 0.1, "How fast the running statistics follow the batches; None "
            "keeps a cumulative average. Never changes the count.", none_ok=kind == "batch"),
        Arg("affine", "bool", not instance, "True learns a weight (γ) and a bias (β) per feature.",
            counts=True),
        Arg("track_running_stats", "bool", not instance, "True keeps running_mean, running_var "
            "and num_batches_tracked as buffers (not parameters).", counts=True),
    ]
    if process_group:
        args.append(Arg("process_group", "str", None, "The processes whose batches are "
                        "synchronized; never changes the count.", none_ok=True))
    args.append(Arg("bias", "bool", True, "Keyword-only. False leaves out the bias (β) when "
                    "affine is True.", counts=True))
    if lazy:
        args.append(lazy_input_arg("num_features", "C, the number of features (channels) of "
                                   "the input (N, C, ...).", example=64))
    return tuple(args)


class Norm(TorchSpec):
    family = "normalization"

    def __init__(self, name, rank, kind, summary, lazy=False, process_group=False):
        TorchSpec.__init__(self, name, summary=summary)
        self.rank = rank  # spatial axes of the input after (N, C); None: any (SyncBatchNorm)
        self.lazy = lazy
        self.args = norm_args(kind, lazy, process_group)

    def build(self, cfg, shapes):
        c = sym("num_features", cfg["num_features"], FEATURES_LATEX)
        weights = []
        if cfg["affine"]:
            weights.append(Weight("weight", [c]))
            if cfg["bias"]:
                weights.append(Weight("bias", [c]))
        if cfg["track_running_stats"]:
            weights += [Weight("running_mean", [c], buffer=True),
                        Weight("running_var", [c], buffer=True),
                        Weight("num_batches_tracked", [], buffer=True, dtype="int64")]
        return weights

    def lazy_example_input(self, cfg):
        if not self.lazy:
            return None
        # a batch of 2 and lengths of 3: batch norm needs more than one value per channel
        return [tuple([2, cfg["num_features"]] + [3] * self.rank)]


def entries():
    made = []
    for rank in (1, 2, 3):
        inputs = {1: "(N, C) or (N, C, L)", 2: "(N, C, H, W)", 3: "(N, C, D, H, W)"}[rank]
        made.append(Norm("nn.BatchNorm%dd" % rank, rank, "batch", "Normalizes each of the C "
                         "channels of a %s input over the batch: weight and bias per channel, "
                         "running statistics as buffers." % inputs))
    for rank in (1, 2, 3):
        made.append(Norm("nn.LazyBatchNorm%dd" % rank, rank, "batch", "A BatchNorm%dd whose "
                         "num_features is read from its first input." % rank, lazy=True))
    made.append(Norm("nn.SyncBatchNorm", None, "batch", "BatchNorm over inputs of any rank, "
                     "with the statistics computed over the batches of every process.",
                     process_group=True))
    for rank in (1, 2, 3):
        made.append(Norm("nn.InstanceNorm%dd" % rank, rank, "instance", "Normalizes each sample's "
                         "channels on their own, over the %s: no parameters or buffers unless "
                         "affine or track_running_stats." % {1: "length", 2: "height and width",
                                                             3: "depth, height and width"}[rank]))
    for rank in (1, 2, 3):
        made.append(Norm("nn.LazyInstanceNorm%dd" % rank, rank, "instance", "An InstanceNorm%dd "
                         "whose num_features is read from its first input; its affine and "
                         "track_running_stats default to True (the Lazy base's defaults)." % rank,
                         lazy=True))
    return made


register(*entries())
