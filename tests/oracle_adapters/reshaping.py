"""Reshaping layers need no adapter (InputLayer's "call" is LayerSpec.keras_call)."""

ADAPTERS = {}
