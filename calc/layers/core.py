"""Core layers: Dense and Embedding."""

from calc.args import Arg, Input
from calc.dims import sym
from calc.layers.common import LORA_ALPHA, LORA_RANK, lora_rank_arg, use_bias_arg, with_lora
from calc.spec import LayerSpec, register
from calc.weights import Weight

C_IN_LATEX = r"C_{\mathrm{in}}"


class Dense(LayerSpec):
    family = "core"
    summary = ("A fully connected layer: every output unit is a weighted sum of every "
               "input feature, plus a bias.")
    args = (
        Arg("units", "int", help="Number of output units (the size of the output's last axis).",
            counts=True, example=128, sample=(1, 64)),
        Arg("activation", "str", None, "Activation applied after the sum; never changes the count.",
            none_ok=True),
        use_bias_arg(),
        LORA_RANK,
        LORA_ALPHA,
    )
    inputs = (Input("input", 1, example=(128,)),)

    def build(self, cfg, shapes):
        c_in = self.input_dim(shapes, -1, "C_in", "last axis (input features)", C_IN_LATEX)
        units = sym("units", cfg["units"], r"\mathrm{units}")
        weights = [Weight("kernel", [c_in, units])]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [units]))
        return with_lora(weights, cfg)

    def output_shape(self, cfg, shapes):
        return shapes[0][:-1] + (cfg["units"],)


class Embedding(LayerSpec):
    family = "core"
    summary = ("A lookup table: each integer token id in the input selects one row, a "
               "vector of output_dim numbers.")
    args = (
        Arg("input_dim", "int", help="Vocabulary size: the number of distinct token ids (rows).",
            counts=True, example=28, sample=(1, 200)),
        Arg("output_dim", "int", help="Length of each embedding vector (columns).",
            counts=True, example=25, sample=(1, 64)),
        Arg("mask_zero", "bool", False, "Treats id 0 as padding to mask; never changes the count."),
        lora_rank_arg("embeddings"),
        LORA_ALPHA,
    )
    # Any rank: the token ids' shape never enters the count, and saved models record build
    # shapes such as [1] or [null] (one id per example) that Keras accepts.
    inputs = (Input("input", 0, example=(None,)),)

    def build(self, cfg, shapes):
        rows = sym("input_dim", cfg["input_dim"], r"\mathrm{input\_dim}")
        cols = sym("output_dim", cfg["output_dim"], r"\mathrm{output\_dim}")
        return with_lora([Weight("embeddings", [rows, cols])], cfg, "embeddings", "lora_embeddings")

    def output_shape(self, cfg, shapes):
        return shapes[0] + (cfg["output_dim"],)


register(Dense("Dense"), Embedding("Embedding"))
