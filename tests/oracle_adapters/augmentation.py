"""Image augmentation layers need no adapter: each is built from its arguments and called
on one float image batch, as the default does."""

ADAPTERS = {}
