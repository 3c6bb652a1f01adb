"""keras.applications.X(...) in pasted code, built by Keras's own application code
(calc/keras_applications, run by calc's evaluator), compared with real Keras:

- at the defaults, every one of the 40 applications against tests/data/applications.json.gz
  (the to_json() and counts Keras 3.15 gave, made by tools/make_application_configs.py):
  the same model name, the same layers in the same order, the same counts;
- with other arguments (input shapes, include_top=False, pooling, alpha, classes...),
  against the model real Keras builds from the same text;
- Keras's own argument errors, with Keras's message;
- the public names, against keras.applications itself.
"""

import gzip
import json
import os

import pytest

from calc.code_reader import read_code
from calc.application_code import MODULE_OF, SUBMODULES
from calc.model import summarize
from calc.model_source import summarize_text
from calc.pyparse import CodeError

DATA = os.path.join(os.path.dirname(__file__), "data", "applications.json.gz")
with gzip.open(DATA, "rt", encoding="utf-8") as f:
    RECORDED = json.load(f)


def counts(summary):
    return (summary.total_params, summary.trainable_params, summary.non_trainable_params)


def layers_of(config):
    return [(layer["class_name"], layer["config"]["name"]) for layer in config["config"]["layers"]]


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_every_application_is_built_as_keras_builds_it(name):
    code = "import keras\nmodel = keras.applications.%s(weights=None)\n" % name
    config = read_code(code)
    keras_config = RECORDED[name]["config"]
    assert config["config"]["name"] == keras_config["config"]["name"]
    assert layers_of(config) == layers_of(keras_config)
    summary = summarize(config)
    total, trainable = RECORDED[name]["total_params"], RECORDED[name]["trainable_params"]
    assert counts(summary) == (total, trainable, total - trainable)


def test_the_public_names_are_keras_applications():
    keras = pytest.importorskip("tests.keras_oracle").keras
    public = [n for n in dir(keras.applications) if not n.startswith("_")]
    functions = {n: getattr(keras.applications, n).__module__.rsplit(".", 1)[1]
                 for n in public if n[0].isupper()}
    assert MODULE_OF == functions
    modules = [n for n in public if not n[0].isupper()]
    assert sorted(SUBMODULES) == sorted(modules)
    for n in modules:  # keras.applications.resnet50 is the resnet module's ResNet50
        exported = {x for x in dir(getattr(keras.applications, n)) if x[0].isupper()}
        assert all(MODULE_OF[x] == SUBMODULES[n] for x in exported)


# Pasted code with non-default arguments: (code, the variable holding the model).
CALLS = [
    "model = keras.applications.ResNet50(weights=None, include_top=False, input_shape=(160, 160, 3), pooling='avg')",
    "model = keras.applications.MobileNetV2(weights=None, alpha=0.5, input_shape=(96, 96, 3), include_top=False)",
    "model = keras.applications.MobileNet(weights=None, alpha=0.25, depth_multiplier=2, classes=7, dropout=0.1)",
    "model = keras.applications.EfficientNetB3(weights=None, classes=10, classifier_activation=None)",
    "model = keras.applications.Xception(weights=None, include_top=False, pooling='max', input_shape=(71, 71, 1))",
    "model = keras.applications.MobileNetV3Small(weights=None, minimalistic=True, alpha=0.75, include_preprocessing=False)",
    "model = keras.applications.ConvNeXtTiny(weights=None, include_top=False, input_shape=(64, 64, 3))",
    "model = keras.applications.DenseNet121(weights=None, include_top=False, input_shape=(64, 64, 3), pooling='avg')",
    "model = keras.applications.NASNetMobile(weights=None, input_shape=(224, 224, 3), classes=5)",
    "model = keras.applications.EfficientNetV2B0(weights=None, include_top=False, input_shape=(128, 128, 3), include_preprocessing=False)",
    "model = keras.applications.InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3))",
    "model = keras.applications.vgg16.VGG16(weights=None, classes=3, input_shape=(32, 32, 3))",
    # input_tensor=: the application's layers join the outer model, frozen with it.
    """inputs = keras.Input((128, 128, 3))
x = keras.applications.resnet_v2.preprocess_input(inputs)
base = keras.applications.ResNet50V2(weights=None, include_top=False, input_tensor=x)
base.trainable = False
y = keras.layers.GlobalAveragePooling2D()(base.get_layer('conv4_block6_out').output)
model = keras.Model(inputs, keras.layers.Dense(3)(y))""",
    # A nested application, called on a tensor, partly unfrozen layer by layer.
    """base = keras.applications.EfficientNetB0(weights=None, include_top=False)
base.trainable = False
for layer in base.layers[-20:]:
    if not isinstance(layer, keras.layers.BatchNormalization):
        layer.trainable = True
inputs = keras.Input((224, 224, 3))
model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(base(inputs))))""",
]


@pytest.mark.parametrize("code", CALLS, ids=range(len(CALLS)))
def test_arguments_build_what_keras_builds(code):
    keras = pytest.importorskip("tests.keras_oracle").keras
    keras.backend.clear_session()  # Keras's auto-names start afresh, as the reader's do
    scope = {"keras": keras}
    exec(code, scope)  # the test's own text, run by real Keras
    model = scope["model"]
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    expected = (model.count_params(), trainable, model.count_params() - trainable)
    keras_layers = [name for _, name in layers_of(json.loads(model.to_json()))]
    keras.backend.clear_session()
    summary = summarize_text("import keras\n" + code)
    assert counts(summary) == expected
    assert summary.not_followed == []
    assert [row.name for row in summary.rows] == keras_layers


# Arguments Keras refuses, with the words of Keras's ValueError.
REFUSED = [
    ("keras.applications.ResNet50(weights=None, include_top=False, input_shape=(16, 16, 3))",
     "Input size must be at least 32x32; Received: input_shape=(16, 16, 3)"),
    ("keras.applications.ResNet50(weights='imagenet', classes=10)",
     "`classes` should be 1000.  Received classes=10"),
    ("keras.applications.VGG16(weights=None, include_top=True, input_shape=(None, None, 3))",
     "If `include_top` is True, you should specify a static `input_shape`."),
    ("keras.applications.MobileNetV2(weights=None, alpha=0.5, pooling='avg', include_top=False, input_shape=(96, 96, 2))",
     None),  # Keras only warns about 2 channels: built, no error
]


@pytest.mark.parametrize("call,message", REFUSED, ids=range(len(REFUSED)))
def test_keras_refusals_are_told_with_keras_words(call, message):
    keras = pytest.importorskip("tests.keras_oracle").keras
    try:
        eval(call, {"keras": keras})  # the test's own text, run by real Keras
        keras_error = None
    except ValueError as e:
        keras_error = str(e)
    keras.backend.clear_session()
    if message is None:
        assert keras_error is None
        summarize_text("import keras\nmodel = " + call)
        return
    assert message in keras_error
    with pytest.raises(CodeError) as caught:
        summarize_text("import keras\nmodel = " + call)
    text = str(caught.value)
    assert text.startswith("line 2, column ") and ": keras.applications." in text
    assert message in text


def test_a_wrong_keyword_names_it():
    with pytest.raises(CodeError, match="ResNet50\\(\\) got an unexpected keyword argument weight"):
        summarize_text("import keras\nmodel = keras.applications.ResNet50(weight=None)")


@pytest.mark.parametrize("code,refused", [
    ("keras.applications.ResNet50.__globals__", "__globals__ is refused"),
    ("keras.applications.resnet._secret", "has no attribute _secret"),
    ("keras.applications.resnet.WEIGHTS_HASHES", "has no attribute WEIGHTS_HASHES"),
    ("keras.applications.ResNet50.function", "has no attribute function"),
])
def test_keras_code_is_reached_only_through_its_public_functions(code, refused):
    summary = summarize_text("import keras\nx = %s\nmodel = keras.Sequential([keras.Input((2,)), "
                             "keras.layers.Dense(1)])" % code)
    assert len(summary.not_followed) == 1 and refused in summary.not_followed[0]
    assert summary.total_params == 3


def test_keras_text_is_read_never_imported():
    """calc/keras_applications holds Keras's code as text: counting an application in a fresh
    process loads no framework (no keras, tensorflow, torch or jax module)."""
    import subprocess
    import sys

    script = ("import sys\nfrom calc.model_source import summarize_text\n"
              "s = summarize_text('import keras\\nmodel = keras.applications.ConvNeXtTiny(weights=None)')\n"
              "print(s.total_params, sorted(m for m in sys.modules if m.split('.')[0] in "
              "('keras', 'tensorflow', 'torch', 'jax')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.stdout.split() == [str(RECORDED["ConvNeXtTiny"]["total_params"]), "[]"]
