"""Regularization layers: Dropout and its variants, Gaussian noise, activity regularization.

They act only while training (dropping or perturbing values, or adding a loss term) and
pass the input through unchanged at inference, so none has weights and the output shape
is the input shape. The random layers keep a seed-generator state variable, but Keras
does not list it among the layer's weights and counts no parameters for it.
"""

from calc.args import Arg, Input, to_int
from calc.spec import LayerSpec, register
from calc.text import is_none

RANDOM = ("It only drops or perturbs values at random while training; nothing is learned, "
          "and the random-seed state it keeps is not a weight.")


def seed_value(raw, arg):
    """Any integer (negative ones too), or None for a random seed."""
    if is_none(raw):
        return None
    return to_int(raw, arg.name)


def rate_arg(what):
    return Arg("rate", "float", help="Fraction of the input units %s, from 0 to 1; never changes "
               "the count." % what, example=0.5, low=0.0, high=1.0, sample=(-0.1, 1.1))


SEED = Arg("seed", seed_value, None, "Seed of the random generator; never changes the count.")


def noise_shape_arg(low):
    return Arg("noise_shape", "dims", None, "Shape of the random mask (None: the input's), e.g. "
               "None,1,64 to drop the same units at every time step; never changes the count.",
               none_ok=True, low=low)


def data_format_arg():
    return Arg("data_format", "choice", None, "Which axis holds the channels whose maps are "
               "dropped whole; never changes the count.",
               choices=("channels_last", "channels_first", None))


class Regularization(LayerSpec):
    family = "regularization"
    inputs = (Input("input", 1, example=(10, 64)),)
    weight_free_reason = RANDOM

    def output_shape(self, cfg, shapes):
        return shapes[0]


def spatial(rank, with_format):
    """SpatialDropout1D/2D/3D: the input must be (batch, steps or pixels..., channels)."""
    args = (rate_arg("whose whole feature maps are dropped while training"), SEED)
    if with_format:
        args = args[:1] + (data_format_arg(),) + args[1:]
    where = {1: "time step", 2: "pixel", 3: "voxel"}[rank]
    return Regularization(
        "SpatialDropout%dD" % rank,
        summary=("Dropout that drops whole channels (the same channel at every %s) instead of "
                 "single values." % where),
        args=args,
        inputs=(Input("input", rank + 1, rank + 1,
                      example=(10, 64) if rank == 1 else (8,) * rank + (16,)),))


register(
    Regularization(
        "Dropout",
        summary="While training, sets a random fraction of the input to 0 and scales up the rest.",
        args=(rate_arg("set to 0 while training"), noise_shape_arg(1), SEED)),
    spatial(1, False),
    spatial(2, True),
    spatial(3, True),
    Regularization(
        "GaussianDropout",
        summary=("While training, multiplies every input value by random noise centred on 1, a "
                 "smooth alternative to dropout."),
        args=(rate_arg("dropped (it sets the noise's spread)"), SEED)),
    Regularization(
        "GaussianNoise",
        summary="While training, adds random noise centred on 0 to every input value.",
        args=(Arg("stddev", "float", help="Standard deviation of the noise, from 0 to 1; never "
                  "changes the count.", example=0.1, low=0.0, high=1.0, sample=(-0.1, 1.1)),
              SEED)),
    Regularization(
        "AlphaDropout",
        summary=("Dropout for self-normalizing (SELU) networks: dropped values take SELU's "
                 "floor, and the output keeps the input's mean and variance."),
        # Keras does not check AlphaDropout's noise_shape at all.
        args=(rate_arg("dropped while training"), noise_shape_arg(None), SEED)),
    Regularization(
        "ActivityRegularization",
        summary=("Passes its input through unchanged and adds an L1/L2 penalty on it to the "
                 "training loss."),
        args=(Arg("l1", "float", 0.0, "L1 penalty factor; never changes the count.", low=0.0),
              Arg("l2", "float", 0.0, "L2 penalty factor; never changes the count.", low=0.0)),
        weight_free_reason=("It only adds a penalty on its input to the loss; nothing is "
                            "learned or stored.")),
)
