"""keras.applications in pasted code, read by Keras's own application code
(calc/keras_applications) under calc's evaluator. Pure Python: these run on MicroPython too,
the runtime of the Model summary page. The figures are Keras 3.15's, quoted in issue #12's
tests (tests/test_applications.py holds the same three); tests/test_application_code.py
compares all 40 applications, and other arguments, with real Keras."""

from calc.model_source import summarize_text
from tests.unit.check import raises


def counts(code):
    s = summarize_text("import keras\n" + code)
    assert s.not_followed == []
    return (s.total_params, s.trainable_params, s.non_trainable_params)


def test_resnet50_as_keras_counts_it():
    assert counts("model = keras.applications.ResNet50(weights=None)") == (25636712, 25583592, 53120)


def test_imagenet_weights_are_never_loaded_and_count_the_same():
    assert counts("model = keras.applications.resnet50.ResNet50()") == (25636712, 25583592, 53120)


def test_efficientnet_from_an_import_line():
    code = "from keras.applications import EfficientNetB0\nmodel = EfficientNetB0(weights=None)"
    assert counts(code)[0] == 5330571 and counts(code)[2] == 42023


def test_a_frozen_base_under_a_new_head():
    # ResNet50 without its 2,049,000-weight top (Dense 2048 -> 1000), frozen; a Dense(1) head.
    code = """base = keras.applications.ResNet50(weights=None, include_top=False, pooling="avg")
base.trainable = False
inputs = keras.Input((224, 224, 3))
model = keras.Model(inputs, keras.layers.Dense(1)(base(inputs)))"""
    assert counts(code) == (25636712 - 2049000 + 2049, 2049, 25636712 - 2049000)


def test_keras_own_refusal_is_told_at_the_pasted_line():
    raises(lambda: summarize_text("import keras\nmodel = keras.applications.ResNet50(\n"
                                  "    weights=None, include_top=False, input_shape=(16, 16, 3))"),
           "line 2, column 36: keras.applications.ResNet50: ValueError('Input size must be at "
           "least 32x32; Received: input_shape=(16, 16, 3)')")


def test_a_wrong_keyword_is_named():
    raises(lambda: summarize_text("import keras\nmodel = keras.applications.VGG16(weight=None)"),
           "keras.applications.VGG16: VGG16() got an unexpected keyword argument weight")
