"""Recurrent layers: SimpleRNN, LSTM, GRU and ConvLSTM1D/2D/3D.

Keras builds each of them around a cell (lstm_cell, gru_cell, ...) that owns three
tensors: `kernel` (input -> gates), `recurrent_kernel` (previous output -> gates) and
`bias`. A layer with G gates stacks the gates' matrices side by side, so every tensor's
last axis is G·units: 1 gate for SimpleRNN, 3 for GRU, 4 for LSTM and ConvLSTM.
The wrappers (Bidirectional, TimeDistributed, SpectralNormalization) are in wrappers.py.
"""

from calc.args import REQUIRED, Arg, Input
from calc.dims import const, sym
from calc.layers.common import use_bias_arg
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.weights import Weight

C_IN_LATEX = r"C_{\mathrm{in}}"


def _states_error(shapes):
    return ValueError("When using `stateful=True` in a RNN, the batch size must be static. "
                      "Found dynamic batch size: sequence.shape=%s. calc's input_shape has no "
                      "batch axis; stateful never changes the count." % (tuple(shapes[0]),))


def _sequence_args(unroll=True):
    """What every recurrent layer takes about its sequence; none of it changes the count."""
    args = [
        Arg("return_sequences", "bool", False, "True returns the output at every time step "
            "(adds the time axis to the output); never changes the count."),
        Arg("return_state", "bool", False, "True also returns the last state(s) as extra "
            "outputs; never changes the count."),
        Arg("go_backwards", "bool", False, "True reads the sequence in reverse; never changes "
            "the count."),
        Arg("stateful", "bool", False, "True carries the last state into the next batch (needs "
            "a fixed batch size); the state is not a weight, so the count stays."),
    ]
    if unroll:
        args.append(Arg("unroll", "bool", False, "True unrolls the loop (faster on short "
                        "sequences, more memory); never changes the count."))
    return args


def _dropout_args():
    return [
        Arg("dropout", "float", 0.0, "Fraction of the inputs dropped while training; never "
            "changes the count.", sample=(0, 0.5)),
        Arg("recurrent_dropout", "float", 0.0, "Fraction of the recurrent state dropped while "
            "training; never changes the count.", sample=(0, 0.5)),
    ]


def _cell_args(gates, recurrent_activation, forget_bias, reset_after, unit="unit"):
    args = [Arg("activation", "str", "tanh", "Activation of the candidate/output; never changes "
                "the count.", none_ok=True)]
    if recurrent_activation:
        args.append(Arg("recurrent_activation", "str", "sigmoid", "Activation of the gates; "
                        "never changes the count.", none_ok=True))
    args.append(use_bias_arg("Adds a bias vector per gate: %s extra parameters per %s."
                             % (gates, unit) if gates > 1 else
                             "Adds a bias vector: one extra parameter per %s." % unit))
    if forget_bias:
        args.append(Arg("unit_forget_bias", "bool", True, "Starts the forget gate's bias at 1; "
                        "changes initial values only, never the count."))
    if reset_after:
        args.append(Arg("reset_after", "bool", True, "Applies the reset gate after the "
                        "recurrent matrix (the cuDNN convention); this needs a second bias "
                        "row, so the bias becomes (2, 3·units) instead of (3·units,).",
                        counts=True))
    return args + _dropout_args()


class Recurrent(LayerSpec):
    """SimpleRNN, LSTM and GRU: one cell with `gates` gates over a (time, features) input."""

    family = "recurrent"
    is_recurrent = True
    inputs = (Input("sequence", 2, 2, example=(None, 32)),)
    gates = 1
    states = 1  # LSTM carries two (h and c)
    cell = ""

    def check(self, cfg, shapes):
        if cfg["stateful"] and shapes[0][0] is None:
            raise _states_error(shapes)

    def build(self, cfg, shapes):
        c_in = self.input_dim(shapes, -1, "C_in", "last axis (features per time step)", C_IN_LATEX)
        units = sym("units", cfg["units"], r"\mathrm{units}")
        gated = units if self.gates == 1 else const(self.gates) * units
        weights = [Weight("kernel", [c_in, gated], scope=self.cell),
                   Weight("recurrent_kernel", [units, gated], scope=self.cell)]
        if cfg["use_bias"]:
            # GRU's reset_after keeps one bias row for the input side and one for the
            # recurrent side.
            shape = [2, gated] if cfg.get("reset_after") else [gated]
            weights.append(Weight("bias", shape, scope=self.cell))
        return weights

    def output_shape(self, cfg, shapes):
        batch, steps = shapes[0][0], shapes[0][1]
        out = (batch, steps, cfg["units"]) if cfg["return_sequences"] else (batch, cfg["units"])
        if cfg["return_state"]:
            return [out] + [(batch, cfg["units"])] * self.states
        return out

    def sample(self, rng):
        args = sample_args(self, rng)
        args["stateful"] = rng.chance(0.05)  # refused without a batch size: keep it rare
        steps = None if rng.chance(0.2) else rng.randint(1, 16)
        return args, [(steps, None if rng.chance(0.03) else rng.randint(1, 40))]


def _recurrent(name, gates, states, cell, summary, forget_bias=False, reset_after=False):
    args = ([Arg("units", "int", help="Size of the output (and of the state) at each time step.",
                 counts=True, example=64, sample=(1, 32))]
            + _cell_args(gates, gates > 1, forget_bias, reset_after) + _sequence_args())
    return Recurrent(name, gates=gates, states=states, cell=cell, summary=summary, args=tuple(args))


SPATIAL = {1: ("k",), 2: ("kh", "kw"), 3: ("kd", "kh", "kw")}
SPATIAL_LATEX = {"k": "k", "kh": "k_h", "kw": "k_w", "kd": "k_d"}
SPATIAL_NAMES = {"k": "length", "kh": "height", "kw": "width", "kd": "depth"}


def conv_length(n, k, stride, dilation, padding):
    """One spatial axis after a convolution, as Keras's compute_conv_output_shape."""
    if n is None:
        return None
    if padding == "same":
        return (n + stride - 1) // stride
    return (n - dilation * (k - 1) - 1) // stride + 1


class ConvLSTM(LayerSpec):
    """ConvLSTM1D/2D/3D: an LSTM whose four gates are convolutions instead of matrices."""

    sublayers = "the ConvLSTM cell it builds, which holds the three tensors"
    family = "recurrent"
    is_recurrent = True
    cell = "conv_lstm_cell"
    states = 2
    rank = 2

    def _spatial_axes(self, cfg, shapes):
        """(positions of the spatial axes, position of the channel axis) in the input."""
        n = len(shapes[0])
        if cfg["data_format"] == "channels_first":
            return list(range(3, n)), 2
        return list(range(2, n - 1)), n - 1

    def check(self, cfg, shapes):
        if max(cfg["strides"]) > 1 and max(cfg["dilation_rate"]) > 1:
            raise ValueError("Specifying `strides > 1` is not compatible with `dilation_rate > 1`. "
                             "Please provide `strides=1` or `dilation_rate=1`. Received: "
                             "strides=%s and dilation_rate=%s" % (cfg["strides"], cfg["dilation_rate"]))
        spatial, _ = self._spatial_axes(cfg, shapes)
        shape = shapes[0]
        if None in [shape[i] for i in spatial]:
            raise ValueError("ConvLSTM layers only support static input shapes for the spatial "
                             "dimension. Received invalid input shape: input_shape=%s" % (tuple(shape),))
        for i, axis in enumerate(spatial):
            if conv_length(shape[axis], cfg["kernel_size"][i], cfg["strides"][i],
                           cfg["dilation_rate"][i], cfg["padding"]) <= 0:
                raise ValueError("Computed output size would be zero or negative. Received "
                                 "inputs shape=%s, kernel_size=%s, dilation_rate=%s, strides=%s, "
                                 "padding=%s" % (tuple(shape), cfg["kernel_size"],
                                                 cfg["dilation_rate"], cfg["strides"], cfg["padding"]))
        if cfg["stateful"] and shape[0] is None:
            raise _states_error(shapes)

    def build(self, cfg, shapes):
        _, channel = self._spatial_axes(cfg, shapes)
        c_in = self.input_dim(shapes, channel, "C_in", "last axis, its channels (channels_last)"
                              if cfg["data_format"] != "channels_first" else
                              "axis 2 (after time), its channels (channels_first)", C_IN_LATEX)
        filters = sym("filters", cfg["filters"], r"\mathrm{filters}")
        gated = const(4) * filters  # input, forget, cell and output gates
        window = [sym(s, k, SPATIAL_LATEX[s], meaning="`kernel_size[%d]`, the window's %s"
                      % (i, SPATIAL_NAMES[s]))
                  for i, (s, k) in enumerate(zip(SPATIAL[self.rank], cfg["kernel_size"]))]
        weights = [Weight("kernel", window + [c_in, gated], scope=self.cell),
                   Weight("recurrent_kernel", window + [filters, gated], scope=self.cell)]
        if cfg["use_bias"]:
            weights.append(Weight("bias", [gated], scope=self.cell))
        # Keras builds the cell without the layer's `trainable`: ConvLSTM(trainable=False)
        # leaves these variables trainable, and model.summary() counts them so.
        return [w.beyond_layer_trainable() for w in weights]

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        spatial, _ = self._spatial_axes(cfg, shapes)
        sizes = tuple(conv_length(shape[axis], cfg["kernel_size"][i], cfg["strides"][i],
                                  cfg["dilation_rate"][i], cfg["padding"])
                      for i, axis in enumerate(spatial))
        if cfg["data_format"] == "channels_first":
            state = (shape[0], cfg["filters"]) + sizes
        else:
            state = (shape[0],) + sizes + (cfg["filters"],)
        out = state[:1] + (shape[1],) + state[1:] if cfg["return_sequences"] else state
        if cfg["return_state"]:
            return [out, state, state]
        return out

    def sample(self, rng):
        args = sample_args(self, rng)
        args["stateful"] = rng.chance(0.05)
        if rng.chance(0.7):
            args["dilation_rate"] = (1,) * self.rank
        if rng.chance(0.5):
            args["strides"] = (1,) * self.rank
        spatial = tuple(rng.randint(3, 12) for _ in range(self.rank))
        channels = None if rng.chance(0.03) else rng.randint(1, 8)
        steps = None if rng.chance(0.2) else rng.randint(1, 6)
        if args.get("data_format") == "channels_first":
            return args, [(steps, channels) + spatial]
        return args, [(steps,) + spatial + (channels,)]


def _conv_lstm(rank, example):
    ints = lambda name, default, help, **kw: Arg(name, "ints", default, help, rank=rank, **kw)
    args = [
        Arg("filters", "int", help="Number of output channels (feature maps) of each gate's "
            "convolution, and of the state.", counts=True, example=16, sample=(1, 12)),
        ints("kernel_size", REQUIRED, "Size of the convolution window, one value per "
             "spatial axis.", counts=True, example=(3,) * rank, sample=(1, 3)),
        ints("strides", (1,) * rank, "Step of the window over the input; changes the output "
             "size, never the count.", sample=(1, 3)),
        Arg("padding", "choice", "valid", "'valid' (no padding) or 'same' (output as large as "
            "the input divided by the strides); never changes the count.",
            choices=("valid", "same")),
        Arg("data_format", "choice", "channels_last", "Which axis holds the channels C_in: "
            "the last (time, ..., channels) or the one right after time (time, channels, "
            "...). It picks the axis the kernel's C_in is read from.", counts=True,
            choices=("channels_last", "channels_first", None)),
        ints("dilation_rate", (1,) * rank, "Spacing between the window's taps; never changes "
             "the count.", sample=(1, 3)),
    ] + _cell_args(4, True, True, False, unit="filter") + _sequence_args(unroll=False)
    summary = ("An LSTM over a sequence of %s whose gates are %dD convolutions, so the state "
               "keeps its spatial layout." % (("1D signals", "images", "volumes")[rank - 1], rank))
    return ConvLSTM("ConvLSTM%dD" % rank, rank=rank, summary=summary, args=tuple(args),
                    inputs=(Input("sequence", rank + 2, rank + 2, example=example),))


register(
    _recurrent("SimpleRNN", 1, 1, "simple_rnn_cell",
               "A fully connected recurrent layer: each step's output is computed from the "
               "step's input and the previous output."),
    _recurrent("LSTM", 4, 2, "lstm_cell",
               "Long short-term memory: a recurrent layer with input, forget and output gates "
               "and a cell state, which helps it keep information over long sequences.",
               forget_bias=True),
    _recurrent("GRU", 3, 1, "gru_cell",
               "Gated recurrent unit: a recurrent layer with update and reset gates, lighter "
               "than an LSTM (three gate matrices instead of four).", reset_after=True),
    _conv_lstm(1, (None, 32, 8)),
    _conv_lstm(2, (None, 32, 32, 3)),
    _conv_lstm(3, (None, 8, 16, 16, 3)),
)
