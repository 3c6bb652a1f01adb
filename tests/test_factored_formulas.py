"""The factored formulas a layer page shows beside the per-tensor sum ((C_in + 1)·units,
4·(units·(C_in + units) + units), 4·d² + 4·d) evaluate to Keras's own count, for the page's
example and for other configurations; the build refuses a form that does not add up."""

import pytest

from tools.sitegen.layer_page import LayerPage, factored_forms
from tools.sitegen.layers import load_catalogue

keras_oracle = pytest.importorskip("tests.keras_oracle")
keras = keras_oracle.keras
L = keras.layers

CATALOGUE, CALCVIEW = load_catalogue()

CASES = [  # (layer, calc fields, Keras layer, Keras inputs, expected text of the first form)
    ("Dense", dict(units="10", input_shape="7744"), lambda: L.Dense(10), [(7744,)], "(C_in + 1)·units"),
    ("Conv2D", dict(filters="64", kernel_size="3,3", groups="2", input_shape="None,None,32"),
     lambda: L.Conv2D(64, 3, groups=2), [(None, None, 32)], "(kh·kw·(C_in/groups) + 1)·filters"),
    ("Conv2DTranspose", dict(filters="16", kernel_size="5,5", input_shape="8,8,3"),
     lambda: L.Conv2DTranspose(16, 5), [(8, 8, 3)], "(kh·kw·C_in + 1)·filters"),
    ("SimpleRNN", dict(units="7", input_shape="None,5"), lambda: L.SimpleRNN(7), [(None, 5)],
     "units·(C_in + units) + units"),
    ("LSTM", dict(units="64", input_shape="None,32"), lambda: L.LSTM(64), [(None, 32)],
     "4·(units·(C_in + units) + units)"),
    ("GRU", dict(units="10", input_shape="None,3"), lambda: L.GRU(10), [(None, 3)],
     "3·(units·(C_in + units) + 2·units)"),
    ("GRU", dict(units="10", reset_after="false", input_shape="None,3"),
     lambda: L.GRU(10, reset_after=False), [(None, 3)], "3·(units·(C_in + units) + units)"),
    ("ConvLSTM2D", dict(filters="16", kernel_size="3,3", input_shape="3,32,32,3"),
     lambda: L.ConvLSTM2D(16, 3), [(3, 32, 32, 3)], "4·(kh·kw·filters·(C_in + filters) + filters)"),
    ("MultiHeadAttention", dict(num_heads="4", key_dim="32", input_shape="10,128;10,128"),
     lambda: L.MultiHeadAttention(4, 32), [(10, 128), (10, 128)], None),
    ("MultiHeadAttention", dict(num_heads="4", key_dim="8", input_shape="10,128;6,64"),
     lambda: L.MultiHeadAttention(4, 8), [(10, 128), (6, 64)], None),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "%s-%s" % (c[0], c[1]["input_shape"]))
def test_factored_forms_give_keras_count(case):
    name, fields, make, shapes, text = case
    layer = make()
    inputs = [keras.Input(batch_shape=(None,) + s) for s in shapes]
    layer(*inputs) if len(inputs) > 1 else layer(inputs[0])
    entry = CATALOGUE.find(name)
    fields = dict(fields)
    shape = fields.pop("input_shape")
    result = CATALOGUE.compute(entry, fields, input_shape=shape)
    forms = factored_forms(entry, result.weights)
    assert forms, name
    assert [f.value for f in forms] == [layer.count_params()] * len(forms)
    if text is not None:
        assert forms[0].text == text
    if name == "MultiHeadAttention":
        # 4·d² + 4·d only when query, key, value and output all have d features.
        agree = shapes[0][-1] == shapes[1][-1] == 4 * int(fields["key_dim"])
        assert ("4·d² + 4·d" in [f.text for f in forms]) == agree


def test_a_form_that_does_not_add_up_fails_the_build(monkeypatch):
    from mkdocs.exceptions import PluginError
    from tools.sitegen import layer_page
    page = LayerPage(CATALOGUE.find("Dense"), CATALOGUE, CALCVIEW)
    wrong = layer_page.Factored("(C_in + 2)·units", "", page.result.total_params + 128)
    monkeypatch.setattr(layer_page, "factored_forms", lambda entry, weights: [wrong])
    with pytest.raises(PluginError):
        page.factored()
