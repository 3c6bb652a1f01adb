"""ReversibleEmbedding: an Embedding that can also project back to the vocabulary.

Keras's class extends Embedding, so this entry extends the Embedding entry: the same
table (and LoRA factors), plus a second matrix when the two directions are not tied.
"""

from calc.args import Arg
from calc.dims import sym
from calc.layers.core import Embedding
from calc.spec import register
from calc.weights import Weight


class ReversibleEmbedding(Embedding):
    family = "core"
    summary = ("An embedding table that also runs backwards, turning vectors into one score "
               "per token id, with the table itself or with a separate matrix.")
    args = Embedding.args + (
        Arg("tie_weights", "bool", True, "Reuses the embedding table (transposed) for the "
            "reverse projection; False adds a separate output_dim × input_dim matrix.",
            counts=True),
        Arg("logit_soft_cap", "float", None, "Caps the reverse logits with tanh; never "
            "changes the count.", none_ok=True, low=0),
        Arg("reverse_dtype", "str", None, "Dtype of the reverse projection; never changes "
            "the count.", none_ok=True),
    )

    def check(self, cfg, shapes):
        # Keras enables LoRA at the end of Embedding.build() and locks the layer's
        # variables; ReversibleEmbedding.build() then fails to add reverse_embeddings.
        if cfg["lora_rank"] and not cfg["tie_weights"]:
            raise ValueError("ReversibleEmbedding cannot use lora_rank with tie_weights=False: "
                             "Keras enables LoRA before it creates reverse_embeddings and then "
                             "refuses the new weight. Received: lora_rank=%d, tie_weights=False"
                             % cfg["lora_rank"])

    def build(self, cfg, shapes):
        weights = Embedding.build(self, cfg, shapes)
        if not cfg["tie_weights"]:
            rows = sym("output_dim", cfg["output_dim"], r"\mathrm{output\_dim}")
            cols = sym("input_dim", cfg["input_dim"], r"\mathrm{input\_dim}")
            weights.append(Weight("reverse_embeddings", [rows, cols]))
        return weights


register(ReversibleEmbedding("ReversibleEmbedding"))
