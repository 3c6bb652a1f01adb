"""Convolutions, checked against hand derivations (the seed article's figures and the
rules of Keras's conv bases)."""

from calc import compute
from tests.unit.check import raises, shapes


def test_seed_conv1d_8064():
    # kernel_size · C_in · filters + filters = 5·25·64 + 64; the time length is free
    r = compute("Conv1D", {"filters": 64, "kernel_size": 5}, input_shape="None,25")
    assert r.total_params == 5 * 25 * 64 + 64 == 8064
    assert shapes(r) == [("kernel", (5, 25, 64), True), ("bias", (64,), True)]
    assert r.output_shape == (None, None, 64)
    assert r.steps[-1] == "= 8,064"


def test_dilated_padded_strided_conv1d_still_8064():
    # Only the kernel, the channels, filters, groups and use_bias count. On 100 steps
    # (strides and dilation one at a time: Keras refuses both > 1 together, see below):
    base = {"filters": 64, "kernel_size": 5}
    cases = (
        ({}, (100 - 5) // 1 + 1),  # valid: 96
        ({"dilation_rate": 2}, (100 - 2 * (5 - 1) - 1) // 1 + 1),  # 92
        ({"dilation_rate": 3, "padding": "same"}, 100),
        ({"strides": 3, "padding": "causal"}, (100 - 1) // 3 + 1),  # 34
        ({"strides": 2, "padding": "valid"}, (100 - 5) // 2 + 1),  # 48
    )
    for extra, length in cases:
        args = dict(base)
        args.update(extra)
        r = compute("Conv1D", args, input_shape="100,25")
        assert r.total_params == 8064, extra
        assert r.output_shape == (None, length, 64), (extra, r.output_shape)


def test_strides_with_dilation_refused_like_keras():
    raises(lambda: compute("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 2,
                                      "dilation_rate": 2}, input_shape="20,3"),
           "`strides > 1` not supported in conjunction with `dilation_rate > 1`",
           "strides=(2,)", "dilation_rate=(2,)")
    raises(lambda: compute("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2,
                                               "dilation_rate": 2}, input_shape="8,8,3"),
           "dilation_rate")
    # The depthwise and separable bases do not check it: Keras builds them.
    r = compute("SeparableConv1D", {"filters": 3, "kernel_size": 2, "strides": 2,
                                    "dilation_rate": 2}, input_shape="10,4")
    assert r.output_shape == (None, (10 - 2 * (2 - 1) - 1) // 2 + 1, 3)


def test_seed_conv2d_14464():
    r = compute("Conv2D", {"filters": 64, "kernel_size": "3,3"}, input_shape="None,None,25")
    assert r.total_params == 3 * 3 * 25 * 64 + 64 == 14464
    assert shapes(r) == [("kernel", (3, 3, 25, 64), True), ("bias", (64,), True)]
    assert r.output_shape == (None, None, None, 64)
    assert r.formula == "kh·kw·(C_in/groups)·filters + filters"


def test_conv2d_needs_a_rank_3_input():
    # The seed article's Conv2D cell used input_shape=(None, 25): Keras refuses it.
    raises(lambda: compute("Conv2D", {"filters": 64, "kernel_size": 3}, input_shape="None,25"),
           "input_shape must have 3 dimensions")


def test_channels_first_puts_channels_on_axis_1():
    args = {"filters": 64, "kernel_size": 3, "data_format": "channels_first"}
    r = compute("Conv2D", args, input_shape="25,32,32")
    assert r.total_params == 3 * 3 * 25 * 64 + 64
    assert r.output_shape == (None, 64, 32 - 3 + 1, 32 - 3 + 1)
    # The same input read as channels_first has 32 channels, not 25.
    r = compute("Conv2D", args, input_shape="32,32,25")
    assert shapes(r)[0] == ("kernel", (3, 3, 32, 64), True)
    assert r.total_params == 3 * 3 * 32 * 64 + 64
    assert r.output_shape == (None, 64, 32 - 3 + 1, 25 - 3 + 1)
    raises(lambda: compute("Conv2D", args, input_shape="None,32,32"), "channels", "None")


def test_groups_divide_channels_and_filters():
    r = compute("Conv2D", {"filters": 64, "kernel_size": 3, "groups": 4}, input_shape="8,8,24")
    assert shapes(r)[0] == ("kernel", (3, 3, 24 // 4, 64), True)
    assert r.total_params == 3 * 3 * (24 // 4) * 64 + 64
    assert r.steps[1] == "= 3·3·(24/4)·64 + 64"
    raises(lambda: compute("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 4},
                           input_shape="8,8,24"),
           "The number of filters must be evenly divisible by the number of groups",
           "Received: groups=4, filters=6")
    raises(lambda: compute("Conv2D", {"filters": 64, "kernel_size": 3, "groups": 4},
                           input_shape="8,8,25"),
           "The number of input channels must be evenly divisible by the number of groups",
           "groups=4", "25 channels")
    raises(lambda: compute("Conv1D", {"filters": 4, "kernel_size": 3, "groups": 0},
                           input_shape="8,4"), "groups")


def test_conv_lora_freezes_the_kernel():
    r = compute("Conv2D", {"filters": 8, "kernel_size": 3, "lora_rank": 2}, input_shape="9,9,4")
    assert shapes(r) == [("kernel", (3, 3, 4, 8), False), ("bias", (8,), True),
                         ("lora_kernel_a", (3, 3, 4, 2), True), ("lora_kernel_b", (2, 8), True)]
    assert r.non_trainable_params == 3 * 3 * 4 * 8
    assert r.trainable_params == 8 + 3 * 3 * 4 * 2 + 2 * 8


def test_conv3d_and_frozen():
    r = compute("Conv3D", {"filters": 32, "kernel_size": 3}, input_shape="16,64,64,3")
    assert r.total_params == 3 * 3 * 3 * 3 * 32 + 32
    assert r.output_shape == (None, 14, 62, 62, 32)
    f = compute("Conv3D", {"filters": 32, "kernel_size": 3, "trainable": False},
                input_shape="16,64,64,3")
    assert (f.trainable_params, f.non_trainable_params) == (0, 3 * 3 * 3 * 3 * 32 + 32)


def test_valid_window_must_fit():
    raises(lambda: compute("Conv1D", {"filters": 4, "kernel_size": 5}, input_shape="3,2"),
           "Computed output size would be zero or negative", "kernel_size=(5,)")
    # causal and same pad, so a short input is fine
    r = compute("Conv1D", {"filters": 4, "kernel_size": 5, "padding": "causal"}, input_shape="3,2")
    assert r.output_shape == (None, 3, 4)


def test_padding_choices_follow_keras():
    raises(lambda: compute("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"},
                           input_shape="8,8,3"), "padding")
    raises(lambda: compute("SeparableConv1D", {"filters": 4, "kernel_size": 3,
                                               "padding": "causal"}, input_shape="8,3"), "padding")
    r = compute("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "SAME"}, input_shape="8,3")
    assert r.output_shape == (None, 8, 4)


def test_transpose_kernel_is_filters_then_channels():
    args = {"filters": 32, "kernel_size": 3, "strides": 2}
    r = compute("Conv2DTranspose", args, input_shape="16,16,64")
    assert shapes(r) == [("kernel", (3, 3, 32, 64), True), ("bias", (32,), True)]
    assert r.total_params == 3 * 3 * 32 * 64 + 32
    # valid: (n - 1)·s + k + max(k - s, 0) = 15·2 + 3 + 0
    assert r.output_shape == (None, 15 * 2 + 3, 15 * 2 + 3, 32)
    args["padding"] = "same"  # n·s
    r = compute("Conv2DTranspose", args, input_shape="16,16,64")
    assert r.output_shape == (None, 16 * 2, 16 * 2, 32)
    args["output_padding"] = 1  # same with output_padding: (n - 1)·s + k % 2 + op
    assert compute("Conv2DTranspose", args, input_shape="16,16,64").output_shape == \
        (None, 15 * 2 + 1 + 1, 15 * 2 + 1 + 1, 32)
    args["padding"] = "valid"  # (n - 1)·s + k + op
    assert compute("Conv2DTranspose", args, input_shape="16,None,64").output_shape == \
        (None, 15 * 2 + 3 + 1, None, 32)
    args["output_padding"] = 2
    raises(lambda: compute("Conv2DTranspose", args, input_shape="16,16,64"),
           "`output_padding` must be strictly less than `strides`")


def test_depthwise_multiplies_channels():
    r = compute("DepthwiseConv2D", {"kernel_size": 3}, input_shape="None,None,25")
    assert r.total_params == 3 * 3 * 25 * 1 + 25 == 250
    r = compute("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2},
                input_shape="10,10,25")
    assert shapes(r) == [("kernel", (3, 3, 25, 2), True), ("bias", (2 * 25,), True)]
    assert r.output_shape == (None, 8, 8, 2 * 25)
    r = compute("DepthwiseConv1D", {"kernel_size": 4, "data_format": "channels_first"},
                input_shape="6,20")
    assert r.output_shape == (None, 6, 20 - 4 + 1)


def test_separable_is_depthwise_then_pointwise():
    r = compute("SeparableConv2D", {"filters": 64, "kernel_size": 3}, input_shape="None,None,25")
    assert shapes(r) == [("depthwise_kernel", (3, 3, 25, 1), True),
                         ("pointwise_kernel", (1, 1, 25, 64), True), ("bias", (64,), True)]
    assert r.total_params == 3 * 3 * 25 + 25 * 64 + 64 == 1889
    r = compute("SeparableConv1D", {"filters": 8, "kernel_size": 5, "depth_multiplier": 3,
                                    "use_bias": False}, input_shape="None,4")
    assert r.total_params == 5 * 4 * 3 + 3 * 4 * 8


def test_aliases_and_no_lora_where_keras_has_none():
    assert compute("Convolution2D", {"filters": 2, "kernel_size": 1},
                   input_shape="4,4,3").total_params == 3 * 2 + 2
    assert compute("SeparableConvolution1D", {"filters": 2, "kernel_size": 1},
                   input_shape="4,3").layer == "SeparableConv1D"
    raises(lambda: compute("Conv2DTranspose", {"filters": 2, "kernel_size": 1, "lora_rank": 2},
                           input_shape="4,4,3"), "lora_rank")
    raises(lambda: compute("DepthwiseConv2D", {"kernel_size": 1, "groups": 2},
                           input_shape="4,4,4"), "groups")
