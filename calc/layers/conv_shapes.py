"""Output-length arithmetic shared by the convolution and pooling families.

Keras computes a sliding window's output length the same way for a convolution and a
pooling layer (a pool is a window with dilation 1), and puts the channels axis last or
right after the batch axis depending on ``data_format``. Unknown (None) lengths stay
unknown, and Keras refuses a "valid" window that does not fit in a known length.
"""

from calc.args import Arg
from calc.text import fmt_shape

DATA_FORMAT = Arg("data_format", "choice", None,
                  "Where the channels are: channels_last (batch, ..., channels) or "
                  "channels_first (batch, channels, ...); None means channels_last.",
                  counts=True, choices=("channels_last", "channels_first", None))

def is_channels_last(cfg):
    return cfg.get("data_format") != "channels_first"


def channel_axis(cfg):
    return -1 if is_channels_last(cfg) else 1


def spatial(shape, cfg):
    """The spatial lengths of a shape that includes the batch axis."""
    return shape[1:-1] if is_channels_last(cfg) else shape[2:]


def assemble(shape, cfg, lengths, channels):
    """Batch axis, then the new spatial lengths and channels in data_format's order."""
    if is_channels_last(cfg):
        return (shape[0],) + tuple(lengths) + (channels,)
    return (shape[0], channels) + tuple(lengths)


def window_length(n, size, stride, dilation, padding):
    """One output length of a sliding window. "same" and "causal" pad so that only the
    stride shrinks the axis; "valid" keeps the windows that fit entirely. Floor
    division matches Keras's numpy floor, also when the window is longer than the axis."""
    if n is None:
        return None
    if padding == "valid":
        return (n - dilation * (size - 1) - 1) // stride + 1
    return (n - 1) // stride + 1


def window_output(shape, cfg, channels, size_name, dilation=None):
    """The output shape of a convolution or pooling window over every spatial axis.

    size_name is the argument holding the window ("kernel_size" or "pool_size");
    dilation is a tuple, or None for pooling."""
    sizes = cfg[size_name]
    strides = cfg["strides"] if cfg.get("strides") is not None else sizes
    dilation = dilation or (1,) * len(sizes)
    padding = cfg["padding"]
    lengths = []
    for i, n in enumerate(spatial(shape, cfg)):
        length = window_length(n, sizes[i], strides[i], dilation[i], padding)
        if length is not None and length <= 0:
            dilated = ""
            if size_name == "kernel_size":
                dilated = ", dilation_rate=%s" % fmt_shape(dilation)
            raise ValueError("Computed output size would be zero or negative. Received: "
                             "input_shape=%s, %s=%s, strides=%s%s, padding=%s. A 'valid' "
                             "window must fit in the input: use a smaller window or "
                             "padding='same'."
                             % (fmt_shape(shape[1:]), size_name, fmt_shape(sizes),
                                fmt_shape(strides), dilated, padding))
        lengths.append(length)
    return assemble(shape, cfg, lengths, channels)


def transpose_length(n, size, stride, dilation, padding, output_padding):
    """One output length of a transposed convolution (Keras's TF-style rule: the inverse
    of a strided window; output_padding picks among the lengths that invert the same way)."""
    if n is None:
        return None
    size = (size - 1) * dilation + 1
    if padding == "valid":
        extra = max(size, stride) - size if output_padding is None else output_padding
        return (n - 1) * stride + size + extra
    if output_padding is None:
        return n * stride
    return (n - 1) * stride + size % 2 + output_padding


def transpose_output(shape, cfg, channels):
    op = cfg.get("output_padding")
    lengths = []
    for i, n in enumerate(spatial(shape, cfg)):
        lengths.append(transpose_length(n, cfg["kernel_size"][i], cfg["strides"][i],
                                        cfg["dilation_rate"][i], cfg["padding"],
                                        None if op is None else op[i]))
    return assemble(shape, cfg, lengths, channels)
