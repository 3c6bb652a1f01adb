"""How Keras builds a catalogued layer: the keras.Input tensors it is called on (the batch
axis first, and the dtype the layer reads, such as strings for StringLookup) and how the
call is written. The page's "Check it in Keras" snippet writes this as code
(web/calcview.py); the tests' Keras oracle does it (tests/oracle_adapters.py).
"""


def keras_inputs(entry, shapes):
    """[(batch shape, dtype)] for input shapes given without the batch axis."""
    dtypes = entry.input_dtypes
    return [((None,) + tuple(shapes[i]), dtypes[i] if i < len(dtypes) else "float32")
            for i in range(len(shapes))]


def call_form(entry, count):
    """How the layer is called on `count` inputs: "none" (InputLayer: constructing it makes
    the input), "separate" (layer(query, value, key)), "one" (layer(x)) or "list"
    (layer([x, y]): merges, Attention)."""
    if entry.keras_call == "none":
        return "none"
    if entry.keras_call == "separate":
        return "separate"
    return "one" if count == 1 else "list"
