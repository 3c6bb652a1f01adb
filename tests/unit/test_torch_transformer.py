"""torch.nn's attention and Transformer modules against hand derivations from PyTorch 2.14's
source (torch/nn/modules/activation.py, transformer.py): MultiheadAttention registers
in_proj_weight (3E, E), in_proj_bias (3E,), out_proj (E, E) + (E,); an encoder layer adds
linear1 (F, E) + (F,), linear2 (E, F) + (E,) and two LayerNorms (E,) + (E,), a decoder layer a
second attention and a third LayerNorm; nn.Transformer() is 6 + 6 layers of E=512, F=2048,
each stack ending in a LayerNorm. The totals are the ones issue #15 quotes."""

from calc import compute
from tests.unit.check import raises


def attention(e, bias=True):
    return 3 * e * e + (3 * e if bias else 0) + e * e + (e if bias else 0)


def encoder_layer(e, f):
    return attention(e) + f * e + f + e * f + e + 2 * 2 * e


def decoder_layer(e, f):
    return 2 * attention(e) + f * e + f + e * f + e + 3 * 2 * e


def test_multihead_attention_512_8_is_1050624():
    r = compute("nn.MultiheadAttention", {"embed_dim": 512, "num_heads": 8})
    assert r.total_params == attention(512) == 1050624
    assert [w.label for w in r.weights] == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]


def test_kdim_vdim_split_the_projections():
    r = compute("nn.MultiheadAttention", {"embed_dim": 8, "num_heads": 2, "kdim": 5, "vdim": 3,
                                          "add_bias_kv": True})
    assert [(w.label, w.shape_values()) for w in r.weights] == [
        ("q_proj_weight", (8, 8)), ("k_proj_weight", (8, 5)), ("v_proj_weight", (8, 3)),
        ("in_proj_bias", (24,)), ("bias_k", (1, 1, 8)), ("bias_v", (1, 1, 8)),
        ("out_proj.weight", (8, 8)), ("out_proj.bias", (8,))]
    # kdim equal to embed_dim is no different width
    same = compute("nn.MultiheadAttention", {"embed_dim": 8, "num_heads": 2, "kdim": 8})
    assert same.weights[0].label == "in_proj_weight"


def test_encoder_layer_512_8_is_3152384():
    r = compute("nn.TransformerEncoderLayer", {"d_model": 512, "nhead": 8})
    assert r.total_params == encoder_layer(512, 2048) == 3152384
    assert r.weights[-1].label == "norm2.bias"


def test_transformer_defaults_are_44140544():
    r = compute("nn.Transformer", {})
    expected = 6 * encoder_layer(512, 2048) + 2 * 512 + 6 * decoder_layer(512, 2048) + 2 * 512
    assert r.total_params == expected == 44140544
    labels = [w.label for w in r.weights]
    assert labels[0] == "encoder.layers.0.self_attn.in_proj_weight"
    assert "decoder.layers.5.multihead_attn.out_proj.bias" in labels
    assert labels[-2:] == ["decoder.norm.weight", "decoder.norm.bias"]


def test_encoder_copies_the_layer():
    layer = {"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 64, "nhead": 4, "bias": False}}
    r = compute("nn.TransformerEncoder", {"encoder_layer": layer, "num_layers": 2})
    no_bias = 4 * 64 * 64 + 2 * 64 * 2048 + 2 * 64
    assert r.total_params == 2 * no_bias
    assert r.weights[0].label == "layers.0.self_attn.in_proj_weight"
    assert r.weights[-1].label == "layers.1.norm2.weight"


def test_module_argument_as_text():
    text = '{"class": "nn.TransformerDecoderLayer", "kwargs": {"d_model": 16, "nhead": 2, "dim_feedforward": 32}}'
    r = compute("nn.TransformerDecoder", {"decoder_layer": text, "num_layers": "3"})
    assert r.total_params == 3 * decoder_layer(16, 32)


def test_refusals_quote_the_value():
    raises(lambda: compute("nn.MultiheadAttention", {"embed_dim": 10, "num_heads": 3}),
           "embed_dim must be divisible by num_heads", "embed_dim=10, num_heads=3")
    raises(lambda: compute("nn.TransformerEncoderLayer", {"d_model": 10, "nhead": 4}),
           "d_model must be divisible by nhead", "d_model=10, nhead=4")
    raises(lambda: compute("nn.TransformerEncoderLayer", {"d_model": 8, "nhead": 2, "activation": "tanh"}),
           "activation should be relu/gelu", "Received: activation=tanh")
    raises(lambda: compute("nn.TransformerEncoderLayer", {"d_model": 8, "nhead": 2, "activation": {"class": "ReLU"}}),
           "activation must be an activation module", "activation='ReLU'")
    raises(lambda: compute("nn.TransformerEncoder", {"encoder_layer": {"class": "nn.Linear"}, "num_layers": 1}),
           "encoder_layer must be one of nn.TransformerEncoderLayer", "'nn.Linear'")
    raises(lambda: compute("nn.TransformerEncoder", {"encoder_layer": "12", "num_layers": 1}),
           "encoder_layer must be a module", "encoder_layer=")
    raises(lambda: compute("nn.Transformer", {"num_encoder_layers": 1001}), "num_encoder_layers must be <= 1000")


def test_a_module_argument_nested_too_deep_is_refused_in_one_line():
    deep = "[" * 4000 + "]" * 4000
    raises(lambda: compute("nn.TransformerEncoder", {"encoder_layer": deep, "num_layers": 1}),
           "encoder_layer must be a module")
