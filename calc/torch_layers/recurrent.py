"""torch.nn's recurrent modules (torch/nn/modules/rnn.py): RNN, LSTM, GRU, their cells, and
the two base classes torch.nn.modules.__all__ exports, RNNBase and RNNCellBase.

Every layer l and direction of a multi-layer module owns weight_ih_l{l} (gates·hidden_size,
its input size), weight_hh_l{l} (gates·hidden_size, hidden_size) and two biases, bias_ih_l{l}
and bias_hh_l{l} (gates·hidden_size,); the reverse direction's names end in _reverse. The
gates are stacked as rows: 4 for LSTM (input, forget, cell, output), 3 for GRU (reset,
update, new), 1 for RNN. Keras keeps one bias per gate row (GRU's reset_after aside), which
is why PyTorch counts gates·hidden_size more parameters per layer and direction.
LSTM's proj_size adds weight_hr_l{l} (proj_size, hidden_size) and makes the hidden state
proj_size wide. A cell is one layer, one direction, without the _l0 suffix.
"""

from calc.args import Arg
from calc.dims import sym
from calc.torch_spec import MAX_LAYERS, TorchSpec, bias_arg, exact_choice, register, size_arg
from calc.weights import Weight

# mode -> (gates, what they are), as RNNBase reads its mode.
MODES = (
    ("LSTM", 4, "LSTM's 4 gates (input, forget, cell, output), stacked as rows"),
    ("GRU", 3, "GRU's 3 gates (reset, update, new), stacked as rows"),
    ("RNN_TANH", 1, ""),
    ("RNN_RELU", 1, ""),
)


def mode_gates(mode):
    for name, gates, meaning in MODES:
        if name == mode:
            return gates, meaning


def gated_size(hidden, gates, meaning):
    """gates·hidden_size, the rows of every matrix; an RNN's one gate is left out."""
    if gates == 1:
        return hidden
    return sym("gates", gates, r"\mathrm{gates}", meaning=meaning) * hidden


def input_size_dim(cfg):
    return sym("input_size", cfg["input_size"], r"\mathrm{input\_size}",
               meaning="`input_size`, the features of each time step's input x_t")


def hidden_size_dim(cfg):
    return sym("hidden_size", cfg["hidden_size"], r"\mathrm{hidden\_size}",
               meaning="`hidden_size`, the features of the hidden state h")


class RecurrentBase(TorchSpec):
    """RNNBase and the modules built on it: num_layers stacked layers, one or two directions."""

    family = "recurrent"
    mode = None  # fixed by RNN (from nonlinearity), LSTM and GRU; an argument of RNNBase

    def cfg_mode(self, cfg):
        if self.mode is not None:
            return self.mode
        if "mode" in cfg:
            return cfg["mode"]
        return "RNN_" + cfg["nonlinearity"].upper()  # RNN: tanh -> RNN_TANH

    def check(self, cfg, shapes):
        if not 0 <= cfg["dropout"] <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed. Received: dropout=%s"
                             % cfg["dropout"])
        proj = cfg.get("proj_size", 0)
        if proj >= cfg["hidden_size"]:
            raise ValueError("proj_size has to be smaller than hidden_size. Received: "
                             "proj_size=%d, hidden_size=%d" % (proj, cfg["hidden_size"]))

    def build(self, cfg, shapes):
        gates, meaning = mode_gates(self.cfg_mode(cfg))
        hidden = hidden_size_dim(cfg)
        rows = gated_size(hidden, gates, meaning)
        proj = None
        if cfg.get("proj_size", 0) > 0:
            proj = sym("proj_size", cfg["proj_size"], r"\mathrm{proj\_size}",
                       meaning="`proj_size`, the width h is projected down to by weight_hr")
        state = proj or hidden  # what each step outputs and feeds back
        directions = 2 if cfg["bidirectional"] else 1
        below = input_size_dim(cfg)
        weights = []
        for layer in range(cfg["num_layers"]):
            for direction in range(directions):
                suffix = "_l%d%s" % (layer, "_reverse" if direction else "")
                weights.append(Weight("weight_ih" + suffix, [rows, below]))
                weights.append(Weight("weight_hh" + suffix, [rows, state]))
                if cfg["bias"]:
                    weights.append(Weight("bias_ih" + suffix, [rows]))
                    weights.append(Weight("bias_hh" + suffix, [rows]))
                if proj is not None:
                    weights.append(Weight("weight_hr" + suffix, [proj, hidden]))
            # the next layer reads both directions' outputs, side by side
            below = state if directions == 1 else sym(
                "num_directions", 2, r"\mathrm{num\_directions}",
                meaning="2 directions (bidirectional=True): a layer above reads both outputs") * state
        return weights

    def sample(self, rng):
        args, shapes = TorchSpec.sample(self, rng)
        if "proj_size" in args:  # mostly off, and below hidden_size when on
            args["proj_size"] = 0 if rng.chance(0.5) else rng.randint(0, args["hidden_size"] - 1)
        return args, shapes


def num_layers_arg():
    return Arg("num_layers", "int", 1, "Recurrent layers stacked, each reading the one below's "
               "outputs; every layer and direction has its own four tensors.", counts=True,
               high=MAX_LAYERS, sample=(1, 3))


def sequence_args(proj_size):
    """What follows num_layers in RNNBase's signature (RNN puts nonlinearity before it)."""
    args = [
        bias_arg("False leaves out bias_ih and bias_hh in every layer and direction."),
        Arg("batch_first", "bool", False, "True takes (batch, seq, feature) inputs instead of "
            "(seq, batch, feature); never changes the count."),
        Arg("dropout", "float", 0.0, "Probability of zeroing each layer's outputs but the last "
            "while training, in [0, 1]; never changes the count.", sample=(0, 1)),
        Arg("bidirectional", "bool", False, "True adds a reverse direction to every layer (its "
            "tensors end in _reverse) and doubles the input of the layers above.", counts=True),
    ]
    if proj_size:
        args.append(Arg("proj_size", "int", 0, "If > 0, an LSTM with projections: weight_hr "
                        "(proj_size, hidden_size) per layer and direction, and the state fed back "
                        "and passed up is proj_size wide. Must be smaller than hidden_size.",
                        counts=True, low=0, sample=(0, 8)))
    return args


def sizes_args():
    return [
        size_arg("input_size", "The number of expected features in the input x.", example=32,
                 sample=(1, 24)),
        size_arg("hidden_size", "The number of features in the hidden state h.", example=64,
                 sample=(1, 24)),
    ]


RNN_NONLINEARITY = Arg("nonlinearity", exact_choice(("tanh", "relu")), "tanh",
                       "The non-linearity, 'tanh' or 'relu'; never changes the count.",
                       sample=["tanh", "relu"])


class Cell(TorchSpec):
    """RNNCellBase and its cells: one step, weight_ih (num_chunks·hidden_size, input_size),
    weight_hh (num_chunks·hidden_size, hidden_size), bias_ih and bias_hh."""

    family = "recurrent"
    gates = None  # LSTMCell 4, GRUCell 3, RNNCell 1; RNNCellBase takes num_chunks
    gates_meaning = ""

    def build(self, cfg, shapes):
        hidden = hidden_size_dim(cfg)
        if self.gates is None:
            rows = sym("num_chunks", cfg["num_chunks"], r"\mathrm{num\_chunks}",
                       meaning="`num_chunks`, the gates stacked as rows") * hidden
        else:
            rows = gated_size(hidden, self.gates, self.gates_meaning)
        weights = [Weight("weight_ih", [rows, input_size_dim(cfg)]), Weight("weight_hh", [rows, hidden])]
        if cfg["bias"]:
            weights.append(Weight("bias_ih", [rows]))
            weights.append(Weight("bias_hh", [rows]))
        return weights


CELL_BIAS = bias_arg("False leaves out bias_ih and bias_hh.")

# The cells have no Keras twin in calc/twins.py: Keras's SimpleRNNCell, LSTMCell and GRUCell
# (the same roles) are not in calc's Keras catalogue (calc/keras_classes.py lists them with
# "-"), and a twin must be a catalogued Keras class.

RNN_SUMMARY = ("An Elman RNN: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_(t-1) + b_hh), with num_layers "
               "stacked layers and an optional reverse direction.")

register(
    RecurrentBase(
        "nn.RNN", mode=None, summary=RNN_SUMMARY,
        args=tuple(sizes_args() + [num_layers_arg(), RNN_NONLINEARITY] + sequence_args(False))),
    RecurrentBase(
        "nn.LSTM", mode="LSTM",
        summary="Long short-term memory: per layer and direction, weight_ih and weight_hh stack "
                "the 4 gates' matrices as 4·hidden_size rows, with two bias vectors.",
        args=tuple(sizes_args() + [num_layers_arg()] + sequence_args(True))),
    RecurrentBase(
        "nn.GRU", mode="GRU",
        summary="Gated recurrent unit: per layer and direction, the 3 gates' matrices stacked "
                "as 3·hidden_size rows, with two bias vectors (Keras's reset_after=True).",
        args=tuple(sizes_args() + [num_layers_arg()] + sequence_args(False))),
    # The base classes are constructible (nn.RNNBase('LSTM', 10, 20) has an LSTM's parameters,
    # without LSTM's forward): catalogued with their real arguments. RNNBase takes proj_size
    # in every mode.
    RecurrentBase(
        "nn.RNNBase", summary="The base class of RNN, LSTM and GRU, built for a mode; it has "
        "their parameters but no forward of its own.",
        args=tuple([Arg("mode", exact_choice(tuple(m[0] for m in MODES)), help="Which module's "
                        "parameters to make: 'LSTM' (4 gates), 'GRU' (3), 'RNN_TANH' or 'RNN_RELU' "
                        "(1).", counts=True, example="LSTM", sample=[m[0] for m in MODES])]
                   + sizes_args() + [num_layers_arg()] + sequence_args(True))),
    Cell("nn.RNNCell", gates=1,
         summary="One step of an Elman RNN: h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh).",
         args=tuple(sizes_args() + [CELL_BIAS, RNN_NONLINEARITY])),
    Cell("nn.LSTMCell", gates=4, gates_meaning=MODES[0][2],
         summary="One step of an LSTM: the 4 gates' matrices stacked as 4·hidden_size rows.",
         args=tuple(sizes_args() + [CELL_BIAS])),
    Cell("nn.GRUCell", gates=3, gates_meaning=MODES[1][2],
         summary="One step of a GRU: the 3 gates' matrices stacked as 3·hidden_size rows.",
         args=tuple(sizes_args() + [CELL_BIAS])),
    Cell("nn.RNNCellBase", summary="The base class of the cells, built for num_chunks gates; "
         "it has their parameters but no forward of its own.",
         args=tuple(sizes_args() + [
             Arg("bias", "bool", help="False leaves out bias_ih and bias_hh (required here: the "
                 "base class has no default).", counts=True, example=True),
             size_arg("num_chunks", "The gates stacked as rows: 4 in LSTMCell, 3 in GRUCell, 1 in "
                      "RNNCell.", example=4, sample=(1, 4))])),
)
