"""Argument declarations and weight patterns that several families share."""

from calc.args import Arg
from calc.dims import sym
from calc.weights import Weight


def use_bias_arg(help="Adds a bias vector: one extra parameter per output unit."):
    return Arg("use_bias", "bool", True, help, counts=True)


# 0 means no LoRA, as in Keras (`if lora_rank: self.enable_lora(...)`).
def lora_rank_arg(tensor="kernel"):
    """lora_rank, its help naming the tensor LoRA freezes (`embeddings` for Embedding)."""
    return Arg("lora_rank", "int", None, "LoRA rank r: freezes `%s` (still used, plus the "
               "scaled product of two trainable low-rank factors; 0 or None: no LoRA)." % tensor,
               counts=True, none_ok=True, low=0, sample=(1, 8))


LORA_RANK = lora_rank_arg()
LORA_ALPHA = Arg("lora_alpha", "float", None, "LoRA scaling factor; never changes the count.",
                 none_ok=True, low=0)


def lora_rank_dim(cfg):
    return sym("r", cfg["lora_rank"], "r", meaning="`lora_rank`, the LoRA rank")


def with_lora(weights, cfg, kernel_name="kernel", prefix="lora_kernel"):
    """Keras's enable_lora(): the kernel stops training; two factors, A with the kernel's
    shape but its last axis replaced by r, and B of shape (r, last axis), train instead.
    Their product has the kernel's shape, so r·(rows + cols) parameters stand in for
    rows·cols."""
    if not cfg.get("lora_rank"):
        return weights
    r = lora_rank_dim(cfg)
    out = []
    kernel = None
    for w in weights:
        if w.name == kernel_name:
            kernel = w
            w = Weight(w.name, w.shape, False, w.scope)
        out.append(w)
    out.append(Weight(prefix + "_a", kernel.shape[:-1] + [r], True, kernel.scope))
    out.append(Weight(prefix + "_b", [r, kernel.shape[-1]], True, kernel.scope))
    return out
