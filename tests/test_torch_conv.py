"""The convolution refusals that PyTorch makes at a module's first call, not in its
constructor (so the meta-device oracle, tests/test_torch_oracle.py, cannot see them):
a transposed convolution's output_padding at least as large as both stride and
dilation, and a Lazy convolution's out_channels that groups does not divide. calc
refuses both; real PyTorch on the CPU must refuse them too, and accept the neighbours.
One case calc refuses on purpose although it runs: a LazyConvTranspose with bias=False and
out_channels not a multiple of groups runs with weight (in, out_channels // groups, ...)
and gives fewer channels than out_channels says (4 asked, 3 made with groups=3)."""

import pytest

torch = pytest.importorskip("torch")

from calc.catalogue import compute  # noqa: E402

CASES = [
    ("ConvTranspose1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2,
                         "output_padding": 2}, (1, 2, 5)),
    ("ConvTranspose2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 2, "stride": 2,
                         "output_padding": (2, 0), "dilation": (1, 2)}, (1, 2, 5, 5)),
    ("ConvTranspose3d", {"in_channels": 1, "out_channels": 1, "kernel_size": 1,
                         "output_padding": 1}, (1, 1, 3, 3, 3)),
    ("LazyConv1d", {"out_channels": 7, "kernel_size": 3, "groups": 3}, (1, 6, 8)),
    ("LazyConvTranspose2d", {"out_channels": 4, "kernel_size": 2, "groups": 3}, (1, 6, 4, 4)),
]


def first_call(name, kwargs, shape):
    """None when PyTorch runs the module on a zero input of `shape`, else the error."""
    module = getattr(torch.nn, name)(**kwargs)
    try:
        module(torch.zeros(shape))
    except RuntimeError as e:
        return e
    return None


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=[c[0] for c in CASES])
def test_refused_by_calc_and_by_the_first_call(name, kwargs, shape):
    ours = dict(kwargs)
    if name.startswith("Lazy"):
        ours["in_channels"] = shape[1]
    with pytest.raises(ValueError):
        compute("nn." + name, ours)
    assert first_call(name, kwargs, shape) is not None


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=[c[0] for c in CASES])
def test_the_valid_neighbour_runs(name, kwargs, shape):
    """One step back (output_padding 0, out_channels a multiple of groups): both accept."""
    fixed = dict(kwargs)
    if "output_padding" in fixed:
        fixed["output_padding"] = 0
    else:
        fixed["out_channels"] = fixed["groups"] * 2
    ours = dict(fixed)
    if name.startswith("Lazy"):
        ours["in_channels"] = shape[1]
    compute("nn." + name, ours)
    assert first_call(name, fixed, shape) is None
