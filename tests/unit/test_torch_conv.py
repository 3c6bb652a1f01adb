"""torch.nn's convolutions against hand derivations: weight (out_channels,
in_channels/groups, k...), transposed weight (in_channels, out_channels/groups, k...),
bias (out_channels,). The configurations are the issue's check (Conv2d(25, 64, 3) =
14,464) and the layers of torchvision's ResNet-18 and DCGAN's generator
(pytorch/examples dcgan/main.py: ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False))."""

from calc import compute
from tests.unit.check import raises, shapes


def test_conv2d_25_to_64_3x3():
    r = compute("nn.Conv2d", {"in_channels": 25, "out_channels": 64, "kernel_size": 3})
    assert r.total_params == 64 * 25 * 3 * 3 + 64 == 14464
    assert shapes(r) == [("weight", (64, 25, 3, 3), True), ("bias", (64,), True)]
    assert r.buffers == []
    assert r.steps[-1] == "= 14,464"


def test_resnet_stem_positional_order():
    # torchvision resnet.py: nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
    r = compute("nn.Conv2d", {"in_channels": 3, "out_channels": 64, "kernel_size": 7, "stride": 2,
                              "padding": 3, "bias": False})
    assert r.total_params == 64 * 3 * 7 * 7 == 9408


def test_groups_divide_the_input_channels():
    r = compute("nn.Conv2d", {"in_channels": 32, "out_channels": 64, "kernel_size": 3, "groups": 4})
    assert shapes(r)[0] == ("weight", (64, 8, 3, 3), True)
    assert r.total_params == 64 * 8 * 9 + 64


def test_conv1d_and_conv3d():
    r = compute("nn.Conv1d", {"in_channels": 16, "out_channels": 33, "kernel_size": 3})
    assert shapes(r)[0] == ("weight", (33, 16, 3), True) and r.total_params == 33 * 16 * 3 + 33
    r = compute("nn.Conv3d", {"in_channels": 16, "out_channels": 33, "kernel_size": (3, 5, 2)})
    assert shapes(r)[0] == ("weight", (33, 16, 3, 5, 2), True)
    assert r.total_params == 33 * 16 * 30 + 33


def test_transposed_weight_is_input_channels_first():
    # DCGAN generator: ConvTranspose2d(100, 512, 4, 1, 0, bias=False)
    r = compute("nn.ConvTranspose2d", {"in_channels": 100, "out_channels": 512, "kernel_size": 4,
                                       "stride": 1, "padding": 0, "bias": False})
    assert shapes(r) == [("weight", (100, 512, 4, 4), True)]
    assert r.total_params == 100 * 512 * 16 == 819200
    r = compute("nn.ConvTranspose2d", {"in_channels": 16, "out_channels": 32, "kernel_size": 3,
                                       "groups": 4})
    assert shapes(r)[0] == ("weight", (16, 8, 3, 3), True)
    assert r.total_params == 16 * 8 * 9 + 32


def test_lazy_conv_takes_in_channels():
    r = compute("nn.LazyConv2d", {"out_channels": 64, "kernel_size": 3, "in_channels": 25})
    assert r.total_params == 14464
    r = compute("nn.LazyConvTranspose1d", {"out_channels": 8, "kernel_size": 2, "in_channels": 4})
    assert shapes(r)[0] == ("weight", (4, 8, 2), True)


def test_padding_strings():
    r = compute("nn.Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "padding": "same"})
    assert r.total_params == 4 * 3 * 9 + 4
    raises(lambda: compute("nn.Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3,
                                         "padding": "full"}),
           "Invalid padding string 'full'", "padding=full")
    raises(lambda: compute("nn.Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3,
                                         "padding": "same", "stride": 2}),
           "padding='same' is not supported for strided convolutions", "stride=(2, 2)")


def test_refusals_quote_the_values():
    raises(lambda: compute("nn.Conv2d", {"in_channels": 25, "out_channels": 64, "kernel_size": 3,
                                         "groups": 2}),
           "in_channels must be divisible by groups. Received: in_channels=25, groups=2")
    raises(lambda: compute("nn.Conv2d", {"in_channels": 4, "out_channels": 6, "kernel_size": 3,
                                         "groups": 4}),
           "out_channels must be divisible by groups. Received: out_channels=6, groups=4")
    raises(lambda: compute("nn.Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3,
                                         "groups": 0}), "groups must be a positive integer", "groups=0")
    raises(lambda: compute("nn.Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3,
                                         "padding_mode": "mirror"}), "padding_mode must be one of")
    raises(lambda: compute("nn.ConvTranspose2d", {"in_channels": 4, "out_channels": 4,
                                                  "kernel_size": 3, "padding_mode": "reflect"}),
           'Only "zeros" padding mode is supported for ConvTranspose2d')
    raises(lambda: compute("nn.ConvTranspose2d", {"in_channels": 4, "out_channels": 4,
                                                  "kernel_size": 3, "stride": 2, "output_padding": 2}),
           "output padding must be smaller than either stride or dilation",
           "output_padding=(2, 2), stride=(2, 2), dilation=(1, 1)")
    raises(lambda: compute("nn.Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": (3, 3, 3)}),
           "kernel_size must be an integer or a tuple of 2 integers")


def test_docstring_examples_of_every_rank():
    """The examples in torch/nn/modules/conv.py's docstrings, derived by hand:
    out·in·∏k + out, and in·out·∏k + out when transposed."""
    cases = [
        ("nn.ConvTranspose1d", {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2},
         (16, 33, 3), 16 * 33 * 3 + 33),
        ("nn.ConvTranspose2d", {"in_channels": 16, "out_channels": 33, "kernel_size": (3, 5),
                                "stride": (2, 1), "padding": (4, 2)}, (16, 33, 3, 5), 16 * 33 * 15 + 33),
        ("nn.ConvTranspose3d", {"in_channels": 16, "out_channels": 33, "kernel_size": (3, 5, 2),
                                "stride": (2, 1, 1), "padding": (0, 4, 2)}, (16, 33, 3, 5, 2),
         16 * 33 * 30 + 33),
        ("nn.LazyConv1d", {"out_channels": 33, "kernel_size": 3, "in_channels": 16}, (33, 16, 3),
         33 * 16 * 3 + 33),
        ("nn.LazyConv3d", {"out_channels": 33, "kernel_size": 3, "in_channels": 16, "groups": 1},
         (33, 16, 3, 3, 3), 33 * 16 * 27 + 33),
        ("nn.LazyConvTranspose2d", {"out_channels": 33, "kernel_size": (3, 5), "in_channels": 16},
         (16, 33, 3, 5), 16 * 33 * 15 + 33),
        ("nn.LazyConvTranspose3d", {"out_channels": 8, "kernel_size": 2, "in_channels": 4,
                                    "groups": 2, "bias": False}, (4, 4, 2, 2, 2), 4 * 4 * 8),
    ]
    for name, args, shape, total in cases:
        r = compute(name, args)
        assert shapes(r)[0] == ("weight", shape, True), name
        assert r.total_params == total, name
