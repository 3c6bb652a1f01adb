"""EinsumDense and ReversibleEmbedding build with the default adapter (cls(**args) on one
input); nothing to adapt."""

ADAPTERS = {}
