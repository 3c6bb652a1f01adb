"""The sixteen corrections of issue #14, each checked against real Keras where it is a
count, a shape or a behaviour, and against the page text the build writes where it is a
sentence. The expected numbers come from Keras, never from calc."""

import contextlib
import io
import math
import os
import re

import numpy as np
import pytest

from tools.sitegen.layer_page import LayerPage
from tools.sitegen.layers import load_catalogue

keras_oracle = pytest.importorskip("tests.keras_oracle")
keras = keras_oracle.keras
L = keras.layers

CATALOGUE, CALCVIEW = load_catalogue()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUBLAYER_LAYERS = ("MultiHeadAttention", "GroupQueryAttention", "ConvLSTM1D", "ConvLSTM2D",
                   "ConvLSTM3D", "Bidirectional", "TimeDistributed", "SpectralNormalization")


def page(name):
    return LayerPage(CATALOGUE.find(name), CATALOGUE, CALCVIEW)


def doc(path):
    with open(os.path.join(ROOT, "docs", path), encoding="utf-8") as f:
        return f.read()


def calc_counts(name, **fields):
    entry = CATALOGUE.find(name)
    shape = fields.pop("input_shape")
    r = CATALOGUE.compute(entry, fields, input_shape=shape)
    return r.total_params, r.trainable_params, r.non_trainable_params


def model_counts(layer, inputs, outputs):
    """(total, trainable, non-trainable) as model.summary() reports them."""
    model = keras.Model(inputs, outputs)
    size = lambda ws: sum(math.prod(w.shape) for w in ws)
    return model.count_params(), size(model.trainable_weights), size(model.non_trainable_weights)


# 1. ConvLSTM's data_format picks the channel axis ------------------------------------

@pytest.mark.parametrize("rank,kernel,shape", [(1, 3, (3, 8, 32)), (2, (3, 3), (3, 3, 32, 32)),
                                               (3, (3, 3, 3), (2, 3, 8, 8, 8))])
@pytest.mark.parametrize("data_format", ["channels_first", "channels_last"])
def test_1_convlstm_data_format_changes_the_count(rank, kernel, shape, data_format):
    name = "ConvLSTM%dD" % rank
    layer = getattr(L, name)(16, kernel, data_format=data_format)
    layer(keras.Input(batch_shape=(None,) + shape))
    ks = ",".join(str(k) for k in (kernel if isinstance(kernel, tuple) else (kernel,)))
    assert calc_counts(name, filters=16, kernel_size=ks, data_format=data_format,
                       input_shape=",".join(map(str, shape)))[0] == layer.count_params()
    assert CATALOGUE.find(name).arg("data_format").counts
    text = page(name).arguments()
    assert "`data_format`" in text.split("These never change it")[0]


def test_1_the_convlstm2d_figures_of_the_issue():
    x = keras.Input(batch_shape=(None, 3, 3, 32, 32))
    first, last = L.ConvLSTM2D(16, (3, 3), data_format="channels_first"), L.ConvLSTM2D(16, (3, 3))
    first(x), last(x)
    assert (first.count_params(), last.count_params()) == (11008, 27712)


# 2 and 3. trainable=False on layers that build sub-layers ------------------------------

def keras_example(name, trainable):
    """The layer built on small inputs by Keras, and calc's fields for the same."""
    kw = {} if trainable else {"trainable": False}
    if name == "MultiHeadAttention":
        layer, shapes = L.MultiHeadAttention(2, 4, **kw), [(4, 8), (4, 8)]
        fields = dict(num_heads="2", key_dim="4", input_shape="4,8;4,8")
    elif name == "GroupQueryAttention":
        layer, shapes = L.GroupQueryAttention(2, 4, 2, **kw), [(4, 8), (4, 8)]
        fields = dict(head_dim="2", num_query_heads="4", num_key_value_heads="2", input_shape="4,8;4,8")
    elif name.startswith("ConvLSTM"):
        rank = int(name[8])
        layer = getattr(L, name)(4, (3,) * rank, **kw)
        shapes = [(3,) + (6,) * rank + (2,)]
        fields = dict(filters="4", kernel_size=",".join(["3"] * rank),
                      input_shape=",".join(map(str, shapes[0])))
    elif name == "Bidirectional":
        layer, shapes = L.Bidirectional(L.LSTM(4), **kw), [(5, 8)]
        fields = dict(layer="LSTM(units=4)", input_shape="5,8")
    elif name == "TimeDistributed":
        layer, shapes = L.TimeDistributed(L.Dense(4), **kw), [(5, 8)]
        fields = dict(layer="Dense(units=4)", input_shape="5,8")
    else:
        layer, shapes = L.SpectralNormalization(L.Dense(4), **kw), [(8,)]
        fields = dict(layer="Dense(units=4)", input_shape="8")
    if not trainable:
        fields["trainable"] = "false"
    inputs = [keras.Input(batch_shape=(None,) + s) for s in shapes]
    outputs = layer(*inputs) if len(inputs) > 1 else layer(inputs[0])
    return layer, inputs, outputs, fields


@pytest.mark.parametrize("name", SUBLAYER_LAYERS)
def test_2_trainable_help_says_what_keras_does(name):
    help_text = CATALOGUE.find(name).arg("trainable").help
    assert "move" not in help_text and "does not reach" in help_text
    assert help_text in page(name).arguments()
    # What the help says: the constructor's False leaves the split as it is...
    layer, inputs, outputs, fields = keras_example(name, trainable=False)
    frozen = model_counts(layer, inputs, outputs)
    assert frozen == calc_counts(name, **fields)
    layer, inputs, outputs, fields = keras_example(name, trainable=True)
    assert frozen == model_counts(layer, inputs, outputs)
    # ...and setting it on the built layer freezes its weights.
    layer.trainable = False
    assert model_counts(layer, inputs, outputs)[1] == 0


@pytest.mark.parametrize("name", SUBLAYER_LAYERS + ("Dense", "BatchNormalization"))
def test_3_snippet_with_trainable_false_prints_the_calculators_counts(name):
    entry = CATALOGUE.find(name)
    if name in SUBLAYER_LAYERS:
        fields = keras_example(name, trainable=False)[3]
    else:
        fields = dict(CALCVIEW.default_fields(entry), trainable="false")
    code = CALCVIEW.keras_snippet(name, fields)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})  # the test runs Keras; calc never executes code
    answer = CALCVIEW.evaluate(name, dict(CALCVIEW.default_fields(entry), **fields))
    assert out.getvalue().split() == [
        "total:", answer["total_params"], "trainable:", answer["trainable_params"],
        "non-trainable:", answer["non_trainable_params"]], code


def test_4_conventions_home_and_glossary_give_the_caveat():
    conventions = doc("conventions.md")
    assert "moves to the non-trainable list" not in conventions
    assert "does not reach them" in conventions and "layers/multiheadattention.md" in conventions
    assert "conventions.md#what-keras-reports" in doc("index.md")
    assert "conventions.md#what-keras-reports" in doc("glossary.md")


# 5, 6, 7. The lookup layers ------------------------------------------------------------

def test_5_tf_idf_weights_are_an_untracked_non_trainable_variable():
    import tensorflow as tf
    layer = L.StringLookup(vocabulary=["a", "b"], idf_weights=[0.5, 0.7], output_mode="tf_idf")
    layer(keras.Input(batch_shape=(None, 3), dtype="string"))
    assert isinstance(layer.idf_weights, tf.Variable) and not layer.idf_weights.trainable
    assert layer.weights == [] and layer.count_params() == 0
    for name in ("stringlookup", "integerlookup", "textvectorization"):
        text = doc("layers/%s.md" % name)
        assert "constant tensor" not in text and "`tf.Variable` created with `trainable=False`" in text


def test_6_lookup_tables_need_tensorflow_on_every_backend():
    from keras.src.layers.preprocessing import index_lookup
    import tensorflow
    # The module takes TensorFlow whatever the backend, and keeps a StaticHashTable.
    assert index_lookup.tf.__name__ == tensorflow.__name__
    with open(index_lookup.__file__, encoding="utf-8") as f:
        assert "StaticHashTable" in f.read()
    for name in ("stringlookup", "integerlookup", "textvectorization"):
        text = doc("layers/%s.md" % name)
        assert "on the TensorFlow backend" not in text and "every backend" in text


def test_7_padding_index_only_in_int_mode():
    texts = ["the cat sat", "the dog ran"]
    as_int = L.TextVectorization(output_mode="int")
    as_int.adapt(texts)
    multi = L.TextVectorization(output_mode="multi_hot")
    multi.adapt(texts)
    assert as_int.get_vocabulary()[:2] == ["", "[UNK]"]
    assert multi.get_vocabulary()[0] == "[UNK]"
    assert 'With `output_mode="int"` (the default) index 0' in doc("layers/textvectorization.md")


def test_8_bidirectional_rebuilds_the_layer_passed():
    lstm = L.LSTM(4)
    wrapper = L.Bidirectional(lstm)
    assert wrapper.forward_layer is not lstm and wrapper.backward_layer is not lstm
    assert wrapper.forward_layer.name.startswith("forward_")
    text = doc("layers/bidirectional.md")
    assert "the layer you pass reads it" not in text and "does not run the instance you pass" in text


def test_9_spectral_normalization_bias_and_vector_u_are_separate_terms():
    layer = L.SpectralNormalization(L.Dense(64))
    layer(keras.Input(batch_shape=(None, 128)))
    shapes = {w.path.split("/")[-1]: (tuple(w.shape), w.trainable) for w in layer.weights}
    assert shapes["bias"] == ((64,), True) and shapes["vector_u"] == ((1, 64), False)
    formula = page("SpectralNormalization").result.formula
    assert formula == "C_in·units + units + units", formula


def test_10_lora_still_uses_the_frozen_kernel():
    layer = L.Dense(3, use_bias=False)
    layer.build((None, 5))
    layer.enable_lora(2, lora_alpha=4.0)  # alpha/r = 2, so the scale is seen
    rng = np.random.default_rng(0)
    layer.lora_kernel_a.assign(rng.normal(size=(5, 2)).astype("float32"))
    layer.lora_kernel_b.assign(rng.normal(size=(2, 3)).astype("float32"))
    x = rng.normal(size=(4, 5)).astype("float32")
    w = keras.ops.convert_to_numpy(layer._kernel)
    a, b = (keras.ops.convert_to_numpy(v) for v in (layer.lora_kernel_a, layer.lora_kernel_b))
    want = x @ (w + (4.0 / 2) * a @ b)
    assert np.allclose(keras.ops.convert_to_numpy(layer(x)), want, atol=1e-4)
    # The glossary's aside: a constructor's lora_alpha is reset to r when Keras 3.15 builds.
    built = L.Dense(3, lora_rank=2, lora_alpha=4.0)
    built.build((None, 5))
    assert built.lora_alpha == 2
    glossary = doc("glossary.md")
    assert "learned instead" not in glossary and "W + (α/r)·A·B" in glossary


def test_11_multiheadattention_prose_uses_the_tables_symbols():
    p = page("MultiHeadAttention")
    table = {w.label: w.shape_text() for w in p.result.weights}
    text = doc("layers/multiheadattention.md")
    for label in ("query/kernel", "key/kernel"):
        assert "`%s` `%s`" % (label, table[label]) in text
    assert "C_key" not in table.values() and "`C_key`" not in text.split("pass a key")[0]
    # value_dim defaults to key_dim, in Keras as on the page.
    layer = L.MultiHeadAttention(8, 64)
    x = keras.Input(batch_shape=(None, 10, 512))
    layer(x, x)
    assert tuple(layer._value_dense.kernel.shape) == (512, 8, 64)
    assert "`value_dim` defaults to `key_dim`" in text


def test_12_a_shared_letter_kept_by_the_output_is_not_summed():
    layer = L.EinsumDense("ab,bc->abc", output_shape=(32, 64))
    out = layer(keras.Input(batch_shape=(None, 32)))
    assert tuple(out.shape) == (None, 32, 64) and layer.count_params() == 2048
    assert calc_counts("EinsumDense", equation="ab,bc->abc", output_shape="32,64",
                       input_shape="32")[0] == 2048
    text = doc("layers/einsumdense.md")
    assert "summed over only when the output does not have it" in text


def test_13_a_transposed_convolution_is_the_convolutions_input_gradient():
    import tensorflow as tf
    rng = np.random.default_rng(1)
    kernel = rng.normal(size=(3, 3, 2, 5)).astype("float32")  # (kh, kw, C_in, filters)
    x = tf.constant(rng.normal(size=(1, 7, 7, 2)).astype("float32"))
    g = rng.normal(size=(1, 5, 5, 5)).astype("float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = keras.ops.conv(x, kernel)
        loss = tf.reduce_sum(y * g)
    grad = tape.gradient(loss, x).numpy()
    transpose = L.Conv2DTranspose(2, 3, use_bias=False)
    transpose.build((None, 5, 5, 5))
    transpose.kernel.assign(kernel)  # Conv2DTranspose's kernel is (kh, kw, filters, C_in)
    assert np.allclose(keras.ops.convert_to_numpy(transpose(g)), grad, atol=1e-4)
    for rank in (1, 2, 3):
        assert "backwards" not in doc("layers/conv%ddtranspose.md" % rank)
        assert "backwards" not in CATALOGUE.find("Conv%dDTranspose" % rank).summary


def test_14_each_pool_names_its_one_operation():
    assert "maximum" in CATALOGUE.find("MaxPooling2D").weight_free_reason
    assert "mean" not in CATALOGUE.find("MaxPooling2D").weight_free_reason
    assert "maximum" not in CATALOGUE.find("GlobalAveragePooling2D").weight_free_reason
    assert "mean" in CATALOGUE.find("GlobalAveragePooling2D").weight_free_reason
    # UpSampling2D's interpolation: accepted by both, never a weight.
    layer = L.UpSampling2D(interpolation="bilinear")
    layer(keras.Input(batch_shape=(None, 14, 14, 3)))
    assert layer.count_params() == 0
    assert calc_counts("UpSampling2D", interpolation="bilinear", input_shape="14,14,3")[0] == 0
    assert "interpolation" in CATALOGUE.find("UpSampling2D").weight_free_reason


@pytest.mark.parametrize("entry", [e for e in CATALOGUE.LAYERS if not e.has_weights][:200],
                         ids=lambda e: e.name)
def test_15_weight_free_pitfalls_point_at_nothing_missing(entry):
    assert "listed above" not in LayerPage(entry, CATALOGUE, CALCVIEW).pitfalls()


@pytest.mark.parametrize("name", ["Embedding", "ReversibleEmbedding"])
def test_16_lora_on_embeddings_freezes_embeddings(name):
    help_text = CATALOGUE.find(name).arg("lora_rank").help
    assert "`embeddings`" in help_text and "kernel" not in help_text
    layer = keras_oracle.keras_class(CATALOGUE.find(name))(28, 25, lora_rank=2)
    layer.build((None, 4))
    frozen = [re.sub(r".*/", "", w.path) for w in layer.non_trainable_weights]
    assert frozen == ["embeddings"]
    assert "kernel" not in page(name).pitfalls().split("lora_rank")[-1]
