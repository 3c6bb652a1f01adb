"""MultiHeadAttention and GroupQueryAttention take query, value and key as separate
arguments (layer(query, value, key)); Attention and AdditiveAttention take one list,
which the default call already passes."""

from tests.oracle_adapters import Adapter

HEADS = Adapter(call=lambda layer, inputs: layer(*inputs))

ADAPTERS = {"MultiHeadAttention": HEADS, "GroupQueryAttention": HEADS}
