"""torch.nn's lookup tables (torch/nn/modules/sparse.py): Embedding and EmbeddingBag, one
weight (num_embeddings, embedding_dim) each, one row per index. padding_idx only zeroes a
row (the count stays); max_norm, norm_type, mode and sparse change how rows are read or
updated, never how many there are.

The private `_weight` argument (a tensor to use as the table) takes only None here: its
shape must be (num_embeddings, embedding_dim), so it changes no count. Embedding's
`_freeze` counts: True makes the table non-trainable (requires_grad=False).
"""

from calc.args import Arg
from calc.dims import sym
from calc.torch_layers.common import tensor_arg
from calc.torch_spec import TorchSpec, register, size_arg
from calc.weights import Weight


class Lookup(TorchSpec):
    family = "sparse"

    def check(self, cfg, shapes):
        index, n = cfg["padding_idx"], cfg["num_embeddings"]
        if index is not None and not -n <= index < n:
            raise ValueError("padding_idx must be within num_embeddings. Received: "
                             "padding_idx=%d, num_embeddings=%d" % (index, n))

    def build(self, cfg, shapes):
        rows = sym("num_embeddings", cfg["num_embeddings"], r"\mathrm{num\_embeddings}")
        dim = sym("embedding_dim", cfg["embedding_dim"], r"\mathrm{embedding\_dim}")
        return [Weight("weight", [rows, dim], trainable=not cfg.get("_freeze", False))]

    def sample(self, rng):
        args, _ = TorchSpec.sample(self, rng)
        if args.get("padding_idx") is not None:  # mostly a row that exists, from either end
            n = args["num_embeddings"]
            args["padding_idx"] = rng.randint(-n, n - 1) if rng.chance(0.9) else n
        return args, []


def table_args():
    return (size_arg("num_embeddings", "Size of the dictionary: one row per index.", example=28,
                     sample=(1, 64)),
            size_arg("embedding_dim", "Size of each embedding vector: the row's length.", example=25))


def padding_idx_arg():
    return Arg("padding_idx", "axis", None, "The index whose row is zeros and gets no gradient "
               "(negative counts from the end); never changes the count.", none_ok=True,
               sample=(-8, 8))


def max_norm_args():
    return (Arg("max_norm", "float", None, "Rows longer than this are rescaled when looked "
                "up; never changes the count.", none_ok=True),
            Arg("norm_type", "float", 2.0, "The p of the p-norm for max_norm; never changes the "
                "count."),
            Arg("scale_grad_by_freq", "bool", False, "True scales gradients by the inverse "
                "frequency of the indices in the batch; never changes the count."))


def weight_arg():
    return tensor_arg("_weight", "a table of shape (num_embeddings, embedding_dim) to start from")


def sparse_arg():
    return Arg("sparse", "bool", False, "True makes the weight's gradient a sparse tensor; "
               "never changes the count.")


register(
    Lookup("nn.Embedding", summary="A table of num_embeddings vectors of size embedding_dim, "
           "looked up by index: weight (num_embeddings, embedding_dim).",
           args=table_args() + (padding_idx_arg(),) + max_norm_args() + (
               sparse_arg(), weight_arg(),
               Arg("_freeze", "bool", False, "True makes the table non-trainable "
                   "(requires_grad=False): it moves to the non-trainable count.", counts=True))),
    Lookup("nn.EmbeddingBag", summary="An Embedding whose rows for each bag of indices are "
           "summed, averaged or maxed without building the intermediate embeddings: weight "
           "(num_embeddings, embedding_dim).",
           args=table_args() + max_norm_args() + (
               Arg("mode", "choice", "mean", "'sum', 'mean' or 'max': how a bag's rows are "
                   "reduced; never changes the count.", choices=("mean", "sum", "max")),
               sparse_arg(), weight_arg(),
               Arg("include_last_offset", "bool", False, "True reads offsets as the CSR format "
                   "(one more offset than bags); never changes the count."),
               padding_idx_arg())),
)
