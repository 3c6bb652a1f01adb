"""What several torch.nn families share: window sizes (an int or one int per spatial axis,
as torch.nn.modules.utils._pair reads them), `inplace`, Dropout's probability, and
WeightFree, the entry of a module that has no parameters or buffers. Not a family:
nothing here registers."""

from calc.args import Arg, to_float
from calc.text import received
from calc.torch_spec import TorchSpec


def window_arg(name, rank, default, help, low=1, counts=False, example=None, sample=(1, 4)):
    """kernel_size, stride, padding, dilation: an int or `rank` ints (3 means (3, 3) on a 2d
    module). `low` is 0 for a convolution's padding, None for the padding modules' (a
    negative width crops)."""
    a = Arg(name, "ints", default, help, counts=counts, example=example, rank=rank, sample=sample)
    a.low = low  # Arg reads None as 1 for ints
    return a


def per_axis(cfg, name, rank):
    """A window argument as one int per axis: a default (stride=1) is spread as a given
    int is, since defaults are kept as PyTorch writes them."""
    value = cfg[name]
    return value if isinstance(value, tuple) else (value,) * rank


def inplace_arg():
    return Arg("inplace", "bool", False, "True writes the result into the input tensor; never "
               "changes the count.")


def float_arg(name, default, help, low=None, high=None, sample=None):
    """A float that shapes no tensor (alpha, negative_slope, eps)."""
    return Arg(name, "float", default, help + "; never changes the count.", low=low, high=high,
               sample=sample)


def dim_arg(default=None, help="The axis it works along", name="dim"):
    """An axis (negative from the end); a None default means None is accepted."""
    return Arg(name, "axis", default, help + "; never changes the count.",
               none_ok=default is None, sample=(-3, 3))


def probability(raw, arg):
    """Dropout's p: PyTorch's constructor refuses a probability outside [0, 1]."""
    value = to_float(raw, arg.name)
    if value < 0 or value > 1:
        raise ValueError("dropout probability has to be between 0 and 1, but got %s. %s"
                         % (value, received(arg.name, raw)))
    return value


def tensor_arg(name, help):
    """A private tensor argument (Embedding's _weight, FractionalMaxPool's _random_samples):
    declared so the arguments are the constructor's, but only None is taken, since a value
    here cannot be a tensor; PyTorch requires the shape the other arguments give, so it
    never changes a count."""
    def refuse(raw, arg):
        raise ValueError("%s takes a tensor, which cannot be given here: leave it None (%s). %s"
                         % (name, help, received(name, raw)))
    return Arg(name, refuse, None, help, none_ok=True)


class WeightFree(TorchSpec):
    """A module without parameters or buffers: its constructor's arguments (PyTorch's names,
    defaults and order) and the checks the constructor makes, functions of the config
    that raise ValueError."""

    takes_factory_args = False
    checks = ()

    def check(self, cfg, shapes):
        for check in self.checks:
            check(cfg)
