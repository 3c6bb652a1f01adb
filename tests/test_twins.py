"""Keras layers and their torch.nn twins (calc/twins.py) against both real frameworks.

For every pair, configurations are generated on each side: Keras ones by the catalogue's
own samplers (the ones the Keras oracle uses), torch.nn ones by TORCH_SAMPLERS below,
written from the constructors' documentation (torch/nn/modules/*.py in PyTorch 2.14).
Each is translated to the other framework; both sides are then built for real (Keras
3.15 layers on keras.Input tensors, torch.nn modules on the meta device) and

- each framework's counts (parameters, trainable, non-trainable, buffers) must equal
  calc's for that side,
- the two sides must differ as the pair's explanation says, by the amounts DIFFERENCE
  writes down independently of calc (two biases per RNN layer and direction, BatchNorm's
  moving statistics against buffers, equality elsewhere).

The issue's four figures (#15, "Why") are checked against both frameworks by themselves.
"""

import random

import pytest

torch = pytest.importorskip("torch")
# nn.Embedding's initializer imports torch._dynamo on first use; after TensorFlow is loaded
# that import crashes the process (a segmentation fault), so it comes first.
import torch._dynamo  # noqa: E402,F401

from tests import keras_oracle  # noqa: E402  (sets the Keras backend first)
from tests import torch_oracle  # noqa: E402
from tests.torch_oracle import persistent_buffers  # noqa: E402

from calc import twins  # noqa: E402
from calc.catalogue import TORCH_LAYERS, compute, find, read_config  # noqa: E402
from calc.sample import Rng  # noqa: E402
from calc.text import shapes_text  # noqa: E402

CASES = 10  # per weighted pair and direction (17 pairs), 2 per weight-free pair (26): ~50 s


def cases_for(twin):
    return 2 if isinstance(twin, twins.WeightFreeTwin) else CASES


# What a real framework builds -------------------------------------------------------------

def torch_counts(name, kwargs):
    """(parameters, buffers) of the module PyTorch builds, on the meta device (a Lazy module
    called once, as the PyTorch oracle does)."""
    entry = find(name)
    module = torch_oracle.build(entry, read_config(entry, None, kwargs))
    params = sum(p.numel() for p in module.parameters())
    saved = dict(module.named_buffers())
    buffers = sum(saved[n].numel() for n, _ in persistent_buffers(module))
    return params, buffers


def keras_counts(layers):
    """(total, trainable, non-trainable) of a translated Keras stack, each layer built on its
    input shapes by Keras."""
    total = trainable = non_trainable = 0
    for layer in layers:
        entry = find(layer.name)
        args = dict((k, twins.keras_layer_json(v) if isinstance(v, twins.KerasLayer) else v)
                    for k, v in layer.args.items())
        built, _ = keras_oracle.keras_build(entry, args, layer.input_shape)
        total += built.count_params()
        trainable += sum(int(_size(w)) for w in built.weights if w.trainable)
        non_trainable += sum(int(_size(w)) for w in built.weights if not w.trainable)
    return total, trainable, non_trainable


def _size(w):
    n = 1
    for d in w.shape:
        n *= d
    return n


# The differences, written from the two frameworks' sources, not from calc ---------------------

def _rnn_layers(torch_kwargs):
    return torch_kwargs.get("num_layers", 1) * (2 if torch_kwargs.get("bidirectional") else 1)


def _second_bias(gates):
    """PyTorch's b_hh: gates·hidden_size more per layer and direction (none without bias)."""
    def difference(kwargs, keras_total):
        if not kwargs.get("bias", True):
            return 0
        return gates * kwargs["hidden_size"] * _rnn_layers(kwargs)
    return difference


def _batch_norm(kwargs, keras_total):
    # Keras's moving_mean and moving_variance are weights (non-trainable), PyTorch's buffers.
    return -2 * kwargs["num_features"]


def _same(kwargs, keras_total):
    return 0


# torch parameters - Keras total, for a translated pair.
DIFFERENCE = {
    "SimpleRNN": _second_bias(1),
    "LSTM": _second_bias(4),
    "GRU": _same,  # reset_after=True: both have two bias rows
    "BatchNormalization": _batch_norm,
}


def check_pair(twin, torch_name, torch_kwargs, keras_layers, where):
    """The problems of one translated configuration, [] when both frameworks agree with calc
    and with DIFFERENCE."""
    problems = []
    params, buffers = torch_counts(torch_name, torch_kwargs)
    k_total, k_trainable, k_non_trainable = keras_counts(keras_layers)
    keras_side = twins.keras_side(keras_layers)
    mine = (keras_side.total, keras_side.trainable, keras_side.non_trainable)
    if mine != (k_total, k_trainable, k_non_trainable):
        problems.append("%s: Keras %s counts %s, calc %s" % (where, keras_side.code,
                                                               (k_total, k_trainable, k_non_trainable), mine))
    torch_side = twins.torch_side(torch_name, torch_kwargs)
    if (torch_side.total, torch_side.buffers) != (params, buffers):
        problems.append("%s: PyTorch %s has %d parameters and %d buffer values, calc %d and %d"
                        % (where, torch_side.code, params, buffers, torch_side.total, torch_side.buffers))
    expected = DIFFERENCE.get(twin.keras, _same)(torch_kwargs, k_total)
    if params - k_total != expected:
        problems.append("%s: PyTorch %s(%s) has %d parameters, Keras %s %d: %d apart, the "
                        "explanation says %d" % (where, torch_name, torch_kwargs, params,
                                                 keras_side.code, k_total, params - k_total, expected))
    if twin.keras == "BatchNormalization":
        wanted = 2 * torch_kwargs["num_features"] + 1 if torch_kwargs.get("track_running_stats", True) else 0
        if buffers != wanted:
            problems.append("%s: %d buffer values, the explanation says %d (running mean and "
                            "variance, num_batches_tracked)" % (where, buffers, wanted))
    return problems


def round_trip(twin, torch_name, kwargs, layers, where):
    """A one-layer translation translated back is a module with the same parameter count
    (nn.Conv2d and its Conv2D, say; buffers may not survive: Keras's BatchNormalization
    always keeps statistics); Bidirectional and stacks have no way back (to_torch reads one
    layer of the twin's class)."""
    if len(layers) != 1 or layers[0].name != twin.keras:
        return []
    entry = find(twin.keras)
    cfg = read_config(entry, None, dict((k, v) for k, v in layers[0].args.items()))
    back, back_kwargs = twin.to_torch(cfg, [(None,) + tuple(s) for s in layers[0].input_shape])
    if torch_counts(back, back_kwargs)[0] != torch_counts(torch_name, kwargs)[0]:
        return ["%s: translated to Keras %s and back to %s(%s), which counts %s, not %s"
                % (where, layers[0].code(), back, back_kwargs, torch_counts(back, back_kwargs),
                   torch_counts(torch_name, kwargs))]
    return []


# torch.nn configurations, from the constructors' documented arguments ----------------------

def _bool(r):
    return r.random() < 0.5


def _linear(r):
    return {"in_features": r.randint(1, 64), "out_features": r.randint(1, 64), "bias": _bool(r)}


def _conv(rank, transposed=False):
    def sample(r):
        # Keras's transposed convolutions have no groups: mostly 1 there, to compare counts.
        groups = r.choice([1, 1, 1, 1, 2] if transposed else [1, 1, 2, 4])
        return {"in_channels": groups * r.randint(1, 8), "out_channels": groups * r.randint(1, 8),
                "kernel_size": tuple(r.randint(1, 5) for _ in range(rank)), "groups": groups,
                "bias": _bool(r)}
    return sample


def _cell(r):
    return {"input_size": r.randint(1, 32), "hidden_size": r.randint(1, 32), "bias": _bool(r)}


def _rnn(mode):
    def sample(r):
        kwargs = {"input_size": r.randint(1, 32), "hidden_size": r.randint(1, 32),
                  "num_layers": r.randint(1, 3), "bias": _bool(r), "bidirectional": _bool(r)}
        if mode == "RNN":
            kwargs["nonlinearity"] = r.choice(["tanh", "relu"])
        if mode == "LSTM" and r.random() < 0.2:
            kwargs["proj_size"] = r.randint(1, kwargs["hidden_size"]) if kwargs["hidden_size"] > 1 else 0
        return kwargs
    return sample


def _batch_norm_sample(r):
    affine = _bool(r) or _bool(r)
    return {"num_features": r.randint(1, 64), "affine": affine, "bias": _bool(r) if affine else True,
            "track_running_stats": r.random() < 0.8}


def _layer_norm(r):
    shape = tuple(r.randint(1, 16) for _ in range(r.randint(1, 2)))
    affine = r.random() < 0.8
    return {"normalized_shape": shape if len(shape) > 1 or _bool(r) else shape[0],
            "elementwise_affine": affine, "bias": _bool(r) if affine else True}


def _group_norm(r):
    groups = r.randint(1, 8)
    affine = r.random() < 0.8
    return {"num_groups": groups, "num_channels": groups * r.randint(1, 8), "affine": affine,
            "bias": _bool(r) if affine else True}


def _rms_norm(r):
    return {"normalized_shape": tuple(r.randint(1, 16) for _ in range(r.randint(1, 2))),
            "elementwise_affine": r.random() < 0.8}


def _embedding(r):
    n = r.randint(1, 100)
    return {"num_embeddings": n, "embedding_dim": r.randint(1, 32),
            "padding_idx": r.randint(0, n - 1) if _bool(r) else None}


def _prelu(r):
    return {"num_parameters": r.choice([1, 1, r.randint(2, 64)])}


def _attention(r):
    heads = r.randint(1, 8)
    embed = heads * r.randint(1, 16)
    return {"embed_dim": embed, "num_heads": heads, "bias": _bool(r),
            "add_bias_kv": r.random() < 0.15, "add_zero_attn": r.random() < 0.1,
            "kdim": r.choice([None, r.randint(1, 64)]), "vdim": r.choice([None, r.randint(1, 64)])}


TORCH_SAMPLERS = {
    "nn.Linear": _linear, "nn.LazyLinear": _linear,
    "nn.Conv1d": _conv(1), "nn.Conv2d": _conv(2), "nn.Conv3d": _conv(3),
    "nn.ConvTranspose1d": _conv(1, True), "nn.ConvTranspose2d": _conv(2, True),
    "nn.ConvTranspose3d": _conv(3, True),
    "nn.RNN": _rnn("RNN"), "nn.LSTM": _rnn("LSTM"), "nn.GRU": _rnn("GRU"),
    "nn.RNNCell": _cell, "nn.LSTMCell": _cell, "nn.GRUCell": _cell,
    "nn.SyncBatchNorm": _batch_norm_sample,
    "nn.BatchNorm1d": _batch_norm_sample, "nn.BatchNorm2d": _batch_norm_sample,
    "nn.BatchNorm3d": _batch_norm_sample,
    "nn.LayerNorm": _layer_norm, "nn.GroupNorm": _group_norm, "nn.RMSNorm": _rms_norm,
    "nn.Embedding": _embedding, "nn.PReLU": _prelu, "nn.MultiheadAttention": _attention,
}


def _weight_free(name):
    # No argument shapes a tensor: the page's example (PyTorch checks that it is valid).
    return lambda r: dict(find(name).example_args())


TORCH_SAMPLERS.update((torch, _weight_free(torch)) for _, torch in twins.WEIGHT_FREE)


def torch_config(name, kwargs):
    """The checked config calc's entry reads."""
    return read_config(find(name), None, kwargs)


# The tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("twin", twins.TWINS, ids=[t.keras for t in twins.TWINS])
def test_keras_configurations_translate_to_pytorch(twin):
    entry = find(twin.keras)
    rng = Rng(sum(ord(c) for c in twin.keras))
    problems, compared, refused = [], 0, []
    tries = 0
    cases = cases_for(twin)
    while compared < cases and tries < 30 * cases:
        tries += 1
        args, shapes = entry.sample(rng)
        try:  # calc refuses an invalid sample (the Keras oracle checks that it is right to)
            compute(entry, args, input_shape=shapes_text(shapes) or None)
        except ValueError:
            continue
        cfg = read_config(entry, None, args)
        try:
            torch_name, kwargs = twin.to_torch(cfg, [(None,) + tuple(s) for s in shapes])
        except twins.NoTwin as e:
            refused.append(str(e))
            continue
        comparison = twins.compare(entry.name, args, shapes_text(shapes) or None)  # the pages'
        if comparison.other is None or comparison.other.code != twins.module_code(torch_name, kwargs):
            problems.append("compare() disagrees with to_torch: %s" % comparison.reason)
        layer = twins.KerasLayer(entry.name, dict(args), list(shapes))
        problems += check_pair(twin, torch_name, kwargs, [layer], "%s(%s) on %s" % (entry.name, args, shapes))
        compared += 1
    print("%s: %d compared, %d without a twin" % (twin.keras, compared, len(refused)))
    assert problems == []
    # Most MultiHeadAttention samples have no twin (num_heads·key_dim is seldom the query's
    # size); the round trip of test_pytorch_configurations_translate_to_keras covers it.
    assert compared >= min(2, cases), "only %d samples translated: %s" % (compared, refused[:3])


@pytest.mark.parametrize("torch_name", sorted(TORCH_SAMPLERS), ids=sorted(TORCH_SAMPLERS))
def test_pytorch_configurations_translate_to_keras(torch_name):
    twin = twins.twin_of(torch_name)
    r = random.Random(torch_name)
    problems, compared, refused = [], 0, []
    for _ in range(cases_for(twin)):
        kwargs = TORCH_SAMPLERS[torch_name](r)
        torch_counts(torch_name, kwargs)  # PyTorch takes it (raises otherwise)
        try:
            layers = twin.to_keras(torch_name, torch_config(torch_name, kwargs))
        except twins.NoTwin as e:
            refused.append(str(e))
            continue
        where = "%s(%s)" % (torch_name, kwargs)
        problems += check_pair(twin, torch_name, kwargs, layers, where)
        problems += round_trip(twin, torch_name, kwargs, layers, where)
        compared += 1
    print("%s: %d compared, %d without a twin" % (torch_name, compared, len(refused)))
    assert problems == []
    assert compared >= cases_for(twin) // 2, refused[:3]


def test_no_twin_says_why():
    """The untranslatable cases of the issue's list are refused with their reason."""
    cases = [
        (twins.twin_of("GRU"), "GRU", {"units": 8, "reset_after": False}, [(None, None, 4)], "reset_after"),
        (twins.twin_of("Dense"), "Dense", {"units": 8, "lora_rank": 2}, [(None, 4)], "LoRA"),
        (twins.twin_of("PReLU"), "PReLU", {}, [(None, 28, 28, 16)], "12,544"),
        (twins.twin_of("MultiHeadAttention"), "MultiHeadAttention", {"num_heads": 8, "key_dim": 512},
         [(None, 10, 512), (None, 10, 512)], "8·512"),
    ]
    for twin, name, args, shapes, word in cases:
        with pytest.raises(twins.NoTwin, match=word):
            twin.to_torch(read_config(find(name), None, args), shapes)
    with pytest.raises(twins.NoTwin, match="proj_size"):
        twins.twin_of("nn.LSTM").to_keras("nn.LSTM", torch_config("nn.LSTM", {
            "input_size": 4, "hidden_size": 8, "proj_size": 2}))
    with pytest.raises(twins.NoTwin, match="add_bias_kv"):
        twins.twin_of("nn.MultiheadAttention").to_keras("nn.MultiheadAttention", torch_config(
            "nn.MultiheadAttention", {"embed_dim": 8, "num_heads": 2, "add_bias_kv": True}))


# The figures (#15, "Why"), each from both frameworks --------------------------------

def keras_one(name, args, shape):
    return keras_counts([twins.KerasLayer(name, args, shape)])


def test_lstm_keeps_two_bias_vectors():
    assert torch_counts("nn.LSTM", {"input_size": 32, "hidden_size": 64}) == (25088, 0)
    assert keras_one("LSTM", {"units": 64}, [(None, 32)])[0] == 24832
    c = twins.compare("nn.LSTM", {"input_size": 32, "hidden_size": 64})
    assert (c.side.total, c.other.total) == (25088, 24832)


def test_batch_norm_statistics_are_buffers_in_pytorch():
    assert torch_counts("nn.BatchNorm2d", {"num_features": 64}) == (128, 129)
    assert keras_one("BatchNormalization", {}, [(None, None, 64)]) == (256, 128, 128)
    c = twins.compare("BatchNormalization", {}, "None,None,64")
    assert (c.side.total, c.side.non_trainable, c.other.total, c.other.buffers) == (256, 128, 128, 129)


def test_gru_matches_only_with_reset_after():
    torch_gru = torch_counts("nn.GRU", {"input_size": 32, "hidden_size": 64})[0]
    assert torch_gru == keras_one("GRU", {"units": 64, "reset_after": True}, [(None, 32)])[0]
    assert torch_gru != keras_one("GRU", {"units": 64, "reset_after": False}, [(None, 32)])[0]
    assert twins.compare("GRU", {"units": 64, "reset_after": "false"}, "None,32").other is None


def test_prelu_defaults_differ():
    assert torch_counts("nn.PReLU", {}) == (1, 0)
    assert keras_one("PReLU", {}, [(28, 28, 16)])[0] == 28 * 28 * 16


# The table and the catalogue -----------------------------------------------------------------

def test_every_torch_entry_with_a_keras_twin_translates():
    """TWINS is the table of pairs: each PyTorch entry in it translates its example."""
    for entry in TORCH_LAYERS:
        if twins.twin_of(entry.name) is None:
            continue
        args = dict(entry.example_args())
        comparison = twins.compare(entry.name, args)
        assert comparison.other is not None, comparison.reason


def test_every_pair_names_catalogued_keras_classes_and_pytorch_classes():
    for twin in twins.TWINS:
        assert find(twin.keras).framework == "keras"
        for name in twin.torch:
            assert find(name).framework == "torch" and hasattr(torch.nn, name[len("nn."):]), name
            assert name in TORCH_SAMPLERS, "%s has no torch.nn sampler in this file" % name
        assert twin.why and len(twin.why) < 600
