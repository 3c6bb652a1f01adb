"""The core layers without weights: Identity, InputLayer and Masking (family "core";
Dense and Embedding are in core.py). Imported by reshaping.py."""

from calc.args import Arg, Input
from calc.spec import LayerSpec, register
from calc.text import fmt_shape


class PassThrough(LayerSpec):
    """Identity and Masking: the output is the input, same shape."""

    family = "core"
    inputs = (Input("input", 1, example=(10, 16)),)


class InputLayer(LayerSpec):
    """Keras's InputLayer is not called on a tensor: it makes the model's input tensor
    from `shape` (or `batch_shape`), so this entry has no input shape of its own and
    its output shape is (batch_size, *shape)."""

    family = "core"
    keras_call = "none"
    summary = ("The entry point of a model: declares the shape of the data fed in; it "
               "computes nothing.")
    weight_free_reason = "It only declares the shape and dtype of the model's input."
    inputs = ()
    args = (
        Arg("shape", "dims", None, "Shape of one example, without the batch axis, e.g. "
            "(28, 28, 1); None marks an unknown axis.", example=(28, 28, 1), low=0,
            none_ok=True),
        Arg("batch_size", "int", None, "A fixed batch size (the first output axis); None "
            "leaves it unknown.", none_ok=True, sample=(1, 64)),
        Arg("batch_shape", "dims", None, "The full shape with the batch axis, instead of "
            "shape and batch_size.", low=0, none_ok=True),
    )

    def check(self, cfg, shapes):
        if cfg["shape"] is not None and cfg["batch_shape"] is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time. "
                             "Received: shape=%s, batch_shape=%s"
                             % (fmt_shape(cfg["shape"]), fmt_shape(cfg["batch_shape"])))
        if cfg["batch_size"] is not None and cfg["batch_shape"] is not None:
            raise ValueError("You cannot pass both `batch_size` and `batch_shape` at the same "
                             "time. Received: batch_size=%s, batch_shape=%s"
                             % (cfg["batch_size"], fmt_shape(cfg["batch_shape"])))
        if cfg["shape"] is None and cfg["batch_shape"] is None:
            raise ValueError("You must pass a `shape` argument.")

    def output_shape(self, cfg, shapes):
        if cfg["batch_shape"] is not None:
            return tuple(cfg["batch_shape"])
        return (cfg["batch_size"],) + tuple(cfg["shape"])

    def sample(self, rng):
        dims = tuple(None if rng.chance(0.1) else rng.randint(1, 32)
                     for _ in range(rng.randint(0, 3)))
        args = {}
        kind = rng.randint(0, 9)
        if kind < 6:
            args["shape"] = dims
        elif kind < 8:
            args["batch_shape"] = (rng.choice([None, 8]),) + dims
        if rng.chance(0.3):
            args["batch_size"] = rng.randint(1, 64)
        return args, []


register(
    PassThrough("Identity", summary="Returns its input unchanged (a placeholder layer).",
                weight_free_reason="It returns its input as is."),
    PassThrough("Masking", summary="Marks time steps whose features all equal mask_value "
                "so later layers (RNNs, attention) skip them; values pass through.",
                weight_free_reason="It only compares values with a constant to build a mask.",
                args=(Arg("mask_value", "float", 0.0, "The value that marks a padded time "
                          "step; never changes the count."),)),
    InputLayer("InputLayer"),
)
