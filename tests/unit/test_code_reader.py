"""calc.code_reader: pasted Keras code read (never run) into a model description.
Pure Python (runs on MicroPython too); expectations written by hand from Keras's rules."""

import calc.code_reader as code_reader
import calc.pyparse as pyparse
from calc.code_reader import read_code
from tests.unit.check import raises


def names(model):
    return [(l["class_name"], l["config"]["name"]) for l in model["config"]["layers"]]


def layer(model, name):
    for l in model["config"]["layers"]:
        if l["config"]["name"] == name:
            return l
    raise AssertionError("no layer " + name)


def history(node, i=0):
    return node["args"][i]["config"]["keras_history"]


MNIST = """
import keras
from keras import layers

num_classes = 10
input_shape = (28, 28, 1)

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),  # trailing comma
    ]
)
model.summary()
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=15, validation_split=0.1)
"""


def test_sequential_mnist_convnet():
    m = read_code(MNIST)
    assert m["class_name"] == "Sequential"
    assert m["config"]["name"] == "sequential"
    assert names(m) == [("InputLayer", "input_layer"), ("Conv2D", "conv2d"), ("MaxPooling2D", "max_pooling2d"),
                        ("Conv2D", "conv2d_1"), ("MaxPooling2D", "max_pooling2d_1"), ("Flatten", "flatten"),
                        ("Dropout", "dropout"), ("Dense", "dense")]
    assert layer(m, "input_layer")["config"]["batch_shape"] == [None, 28, 28, 1]
    assert layer(m, "conv2d")["config"]["filters"] == 32
    assert layer(m, "conv2d")["config"]["kernel_size"] == [3, 3]
    assert layer(m, "dense")["config"]["units"] == 10
    assert layer(m, "dropout")["config"]["rate"] == 0.5


def test_mnist_counts_through_summarize():
    from calc.model import summarize
    s = summarize(read_code(MNIST))
    conv1 = 3 * 3 * 1 * 32 + 32
    conv2 = 3 * 3 * 32 * 64 + 64
    dense = (5 * 5 * 64) * 10 + 10  # 28 -> 26 -> 13 -> 11 -> 5
    assert s.total_params == conv1 + conv2 + dense == 34826
    assert s.trainable_params == s.total_params


def test_add_chain_with_legacy_input_shape_and_bare_names():
    m = read_code("from keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
                  "model = Sequential(name='mlp')\n"
                  "model.add(Dense(512, 'relu', input_shape=(784,)))\n"
                  "model.add(Dropout(0.2)); model.add(Dense(10, activation='softmax'))\n")
    assert m["config"]["name"] == "mlp"
    assert names(m) == [("InputLayer", "input_layer"), ("Dense", "dense"), ("Dropout", "dropout"),
                        ("Dense", "dense_1")]
    assert layer(m, "input_layer")["config"]["batch_shape"] == [None, 784]
    assert layer(m, "dense")["config"]["activation"] == "relu"  # second positional of Dense
    assert "input_shape" not in layer(m, "dense")["config"]


def test_input_dim_keyword_and_build():
    m = read_code("model = keras.Sequential([layers.Dense(32, input_dim=784)])")
    assert layer(m, "input_layer")["config"]["batch_shape"] == [None, 784]
    m = read_code("model = keras.Sequential()\nmodel.add(layers.Dense(4))\nmodel.build((None, 16))")
    assert names(m) == [("InputLayer", "input_layer"), ("Dense", "dense")]
    assert layer(m, "input_layer")["config"]["batch_shape"] == [None, 16]
    # Embedding's own input_dim is an argument, not the legacy keyword.
    m = read_code("model = keras.Sequential([keras.Input((5,)), layers.Embedding(input_dim=100, output_dim=8)])")
    assert layer(m, "embedding")["config"]["input_dim"] == 100


def test_prefixes_and_aliases():
    for prefix, imports in (("tf.keras.layers.", "import tensorflow as tf\n"),
                            ("tensorflow.keras.layers.", "import tensorflow\n"),
                            ("keras.layers.", "import keras\n"),
                            ("L.", "import keras.layers as L\n"),
                            ("", "from keras.layers import *\n"),
                            ("", "")):
        m = read_code(imports + "model = keras.models.Sequential([%sInput((8,)), %sMaxPool1D(), %sDense(2)])"
                      % (prefix, prefix, prefix))
        assert names(m) == [("InputLayer", "input_layer"), ("MaxPooling1D", "max_pooling1d"), ("Dense", "dense")]
    m = read_code("from tensorflow.keras.layers import Dense as D, Input\nfrom tensorflow.keras import Model\n"
                  "i = Input(shape=(3,))\nmodel = Model(i, D(1)(i))")
    assert m["class_name"] == "Functional"


def test_functional_graph_shared_layer_and_merges():
    m = read_code("""
inp = keras.Input((8,), name="x")
d = layers.Dense(8)
a = d(inp)
b = d(a)           # the same layer again: one layer, two nodes
c = a + b          # a keras.ops Add named "add"
e = layers.concatenate([a, c])
f = layers.Add()([a, b])
o = layers.Dense(3)(layers.Dense(4)(e))
model = keras.Model(inputs=inp, outputs=[o, f])
""")
    assert m["class_name"] == "Functional"
    assert m["config"]["name"] == "functional"
    # Keras's order: by depth from the inputs, ties in traversal order from the outputs.
    assert names(m) == [("InputLayer", "x"), ("Dense", "dense"), ("Add", "add"), ("Concatenate", "concatenate"),
                        ("Dense", "dense_2"), ("Dense", "dense_1"), ("Add", "add_1")]
    dense = layer(m, "dense")
    assert [history(n) for n in dense["inbound_nodes"]] == [["x", 0, 0], ["dense", 0, 0]]
    add = layer(m, "add")
    assert add["module"] == "keras.src.ops.numpy"
    assert [history(add["inbound_nodes"][0], i) for i in (0, 1)] == [["dense", 0, 0], ["dense", 1, 0]]
    concat_args = layer(m, "concatenate")["inbound_nodes"][0]["args"]
    assert [t["config"]["keras_history"] for t in concat_args[0]] == [["dense", 0, 0], ["add", 0, 0]]
    # Dense(3) is created before Dense(4) (Python evaluates the callee first).
    assert layer(m, "dense_1")["config"]["units"] == 3
    assert history(layer(m, "dense_1")["inbound_nodes"][0]) == ["dense_2", 0, 0]
    assert layer(m, "x")["inbound_nodes"] == []
    assert m["config"]["input_layers"] == ["x", 0, 0]  # a single tensor, not a list
    assert m["config"]["output_layers"] == [["dense_1", 0, 0], ["add_1", 0, 0]]


def test_multi_output_unpacking_and_call_kwargs():
    m = read_code("""
x = keras.Input((None, 4))
out, h, c = layers.LSTM(8, return_state=True)(x)
y = layers.LSTM(8)(x, initial_state=[h, c])
model = keras.Model(x, [out, y])
""")
    node = layer(m, "lstm_1")["inbound_nodes"][0]
    assert [t["config"]["keras_history"] for t in node["kwargs"]["initial_state"]] == [["lstm", 0, 1], ["lstm", 0, 2]]


def test_constants_and_arithmetic():
    m = read_code("""
num_classes = 10
base = 16
shape = (32, 32) + (3,)
hidden = [base * 2, base * (2 + 2), (base * 8) // 2 - 1]
model = keras.Sequential([
    keras.Input(shape=shape, batch_size=4, name="img", dtype="float16"),
    layers.Conv2D(hidden[0], 3, strides=(1, 1), padding='same'),
    layers.Conv2D(hidden[-1], kernel_size=-(-5), use_bias=False),
    layers.Flatten(),
    layers.Dense(num_classes * 2 ** 2),
    layers.Dense(shape[0] // 4),
])
""")
    inp = layer(m, "img")["config"]
    assert inp["batch_shape"] == [4, 32, 32, 3] and inp["dtype"] == "float16"
    assert layer(m, "conv2d")["config"]["filters"] == 32
    assert layer(m, "conv2d")["config"]["strides"] == [1, 1]
    assert layer(m, "conv2d_1")["config"]["filters"] == 16 * 8 // 2 - 1
    assert layer(m, "conv2d_1")["config"]["kernel_size"] == 5
    assert layer(m, "conv2d_1")["config"]["use_bias"] is False
    assert layer(m, "dense")["config"]["units"] == 40
    assert layer(m, "dense_1")["config"]["units"] == 8


def test_nested_layers_opaque_values_and_trainable():
    m = read_code("""
import keras
from keras import layers, regularizers
emb = layers.Embedding(1000, 64, embeddings_initializer=keras.initializers.RandomNormal(stddev=0.01))
emb.trainable = False
model = keras.Sequential([
    keras.Input((None,), dtype="int32"),
    emb,
    layers.Bidirectional(layers.LSTM(32, return_sequences=True), merge_mode="sum"),
    layers.Dense(1, kernel_regularizer=regularizers.l2(0.01), activation=keras.activations.sigmoid),
])
""")
    assert names(m)[1:] == [("Embedding", "embedding"), ("Bidirectional", "bidirectional"), ("Dense", "dense")]
    assert layer(m, "embedding")["config"]["trainable"] is False
    inner = layer(m, "bidirectional")["config"]["layer"]
    assert inner["class_name"] == "LSTM"
    assert inner["config"]["units"] == 32 and inner["config"]["name"] == "lstm"
    dense = layer(m, "dense")["config"]
    assert dense["activation"] == "sigmoid"
    assert dense["kernel_regularizer"]["class_name"] == "__opaque__"
    assert "l2" in dense["kernel_regularizer"]["config"]["source"]


def test_multi_head_attention_takes_dropout_and_softmax_names():
    # Building a MultiHeadAttention creates an unnamed Softmax and Dropout inside it.
    m = read_code("x = keras.Input((10, 16))\ny = layers.MultiHeadAttention(2, 8)(x, x)\n"
                  "y = layers.Dropout(0.1)(y)\nmodel = keras.Model(x, layers.Softmax()(y))")
    assert names(m)[2:] == [("Dropout", "dropout_1"), ("Softmax", "softmax_1")]
    assert layer(m, "multi_head_attention")["config"]["key_dim"] == 8


def test_nested_model():
    m = read_code("""
encoder = keras.Sequential([keras.Input((16,)), layers.Dense(4)], name="encoder")
inp = keras.Input((16,))
model = keras.Model(inp, layers.Dense(1)(encoder(inp)))
""")
    assert names(m) == [("InputLayer", "input_layer_1"), ("Sequential", "encoder"), ("Dense", "dense_1")]
    inner = layer(m, "encoder")
    assert [l["config"]["name"] for l in inner["config"]["layers"]] == ["input_layer", "dense"]
    # "functional" went to the Sequential's internal build, as in Keras.
    assert m["config"]["name"] == "functional_1"


def test_comments_blank_lines_continuations_and_docstring():
    m = read_code('"""A docstring."""\n\n# a comment\nunits = \\\n    8  # trailing\n'
                  'model = keras.Sequential([keras.Input((3,)),\n\n   # inside brackets\n'
                  '   layers.Dense(units,\n      activation="re" "lu")])\r\nprint("done", model)\n')
    assert layer(m, "dense")["config"] == {"name": "dense", "units": 8, "activation": "relu"}


def test_the_model_named_model_wins_else_the_last():
    code = "a = keras.Sequential([layers.Dense(1)], name='a')\nb = keras.Sequential([layers.Dense(1)], name='b')\n"
    assert read_code(code)["config"]["name"] == "b"
    assert read_code(code + "model = a\n")["config"]["name"] == "a"


def test_python_that_model_code_uses_is_evaluated():
    code = """
import os
os.environ["KERAS_BACKEND"] = "jax"
import keras
from keras import layers

def block(x, units, name):
    for i in range(2):
        x = layers.Dense(units * (i + 1), name=f"{name}_{i}")(x)
    return layers.Dropout(0.1 if units > 4 else 0.0)(x)

sizes = [n for n in (4, 8) if n != 3]
inputs = keras.Input(shape=(None, *(6,)))
x = inputs
for size in sizes:
    x = block(x, size, name="b%d" % size)
scale = (lambda v: v * 2)(1)
model = keras.Model(inputs, layers.Dense(scale)(x))
model.compile(optimizer="adam")
"""
    m = read_code(code)
    names = [l["config"]["name"] for l in m["config"]["layers"]]
    assert names == ["input_layer", "b4_0", "b4_1", "dropout", "b8_0", "b8_1", "dropout_1", "dense"]
    assert layer(m, "b8_1")["config"]["units"] == 16
    assert layer(m, "dense")["config"]["units"] == 2
    assert any("os.environ" in n for n in m["calc_notes"]["skipped"])


def test_constructs_still_not_read_name_line_and_column():
    for code, where, what in (
            ("def f():\n    yield 1\n", "line 2, column 5", "'yield'"),
            ("x = 1\n  y = 2\n", "line 2, column 3", "indentation"),
            ("if (n := 3):\n    pass\n", "line 1, column 7", ":="),
            ("from .models import x", "line 1, column 1", "relative import"),
            ("async def f():\n    pass\n", "line 1, column 1", "async"),
            ("x = 3j", "line 1, column 5", "complex"),
    ):
        raises(lambda: read_code(code), where, what)


def test_dangerous_code_is_refused_never_run():
    for code, where, what in (
            ("__import__('os').system('rm -rf /')", "line 1, column 1", "__import__"),
            ("import subprocess as s\ns.run(['ls'])", "line 2", "subprocess.run is never run"),
            ("import sys\nsys.exit()", "line 2", "sys.exit is never run"),
            ("open('/etc/passwd')", "line 1, column 1", "open is refused"),
            ("eval('1')", "line 1, column 1", "eval is refused"),
            ("exec('x=1')", "line 1, column 1", "exec is refused"),
            ("x = keras.__builtins__", "line 1, column 11", "__builtins__"),
            ("x = keras.layers.Dense.__init__", "line 1, column 24", "__init__"),
            ("x = layers.Dense(1).__class__", "line 1, column 21", "__class__"),
            ("x = ().__class__.__bases__", "line 1, column 8", "__class__"),
            ("getattr(keras, 'x')", "line 1, column 1", "getattr is refused"),
            ("f = lambda: 1\nx = f.__globals__", "line 2, column 7", "refused"),
    ):
        raises(lambda: read_code(code), where, what)
    # os and numpy are not followed: their lines are skipped and listed, never run.
    m = read_code("import os\nos.environ['X'] = '1'\nmodel = keras.Sequential([layers.Dense(1)])")
    assert m["calc_notes"]["skipped"] == ["line 2: skipped: setting an item of os.environ does not build the model"]
    m = read_code("import os\nos.system('ls')\nmodel = keras.Sequential([layers.Dense(1)])")
    assert m["calc_notes"] == {"skipped": ["line 2: refused and skipped: os.system is never run"],
                               "not_followed": []}


def test_bad_models_and_values():
    raises(lambda: read_code("x = 1"), "defines no model")
    raises(lambda: read_code("model = keras.Sequential([Foo(3)])"), "line 1, column 27", "Foo is not defined")
    raises(lambda: read_code("model = keras.Sequential([layers.Foo(3)])"), "line 1, column 34",
           "keras.layers.Foo is not a Keras name")
    raises(lambda: read_code("model = keras.Sequential([layers.Dense(1, 2, 3, 4, 5)])"), "line 1, column 39",
           "Dense takes at most 4 positional arguments")
    raises(lambda: read_code("model = keras.Sequential([layers.Dense(1, units=2)])"), "units twice")
    raises(lambda: read_code("x = keras.Input((3,))\ny = layers.Dense(2)(x)\nmodel = keras.Model(y, y)"),
           "line 3", "keras.Input")
    raises(lambda: read_code("a = keras.Input((3,))\nb = keras.Input((3,))\nmodel = keras.Model(a, layers.Dense(2)(b))"),
           "disconnected")
    raises(lambda: read_code("x = keras.Input(3)"), "shape must be a tuple")
    raises(lambda: read_code("model = keras.Model()"), "needs inputs and outputs")
    raises(lambda: read_code("x = 1 / 0"), "division by zero")
    raises(lambda: read_code("x = 10 ** 10 ** 10"), "too large")
    raises(lambda: read_code("x = (1,) * 200000"), "the limit is")
    raises(lambda: read_code("x = 'abc"), "line 1, column 5", "never closed")
    raises(lambda: read_code("x = (1, 2"), "expected ')'")
    raises(lambda: read_code("x = $"), "line 1, column 5", "unexpected character")
    raises(lambda: read_code("model = keras.Sequential([keras.Input((2,)), layers.Dense(1, name='a'), "
                             "layers.Dense(1, name='a')])"), "unique names")
    # Indexing a tensor is a keras.ops GetItem in the graph, as in Keras.
    m = read_code("x = keras.Input((2, 3))\nmodel = keras.Model(x, layers.Dense(4)(x[:, 0]))")
    assert [l["class_name"] for l in m["config"]["layers"]] == ["InputLayer", "GetItem", "Dense"]


def test_limits_bound_the_work():
    raises(lambda: read_code("x = 1\n" * 200000), "too large")
    raises(lambda: read_code("x = " + "(" * 150 + "1" + ")" * 150), "line 1, column", "nested more than 15")
    raises(lambda: read_code("x = " + "[" * 16 + "]" * 16), "nested more than 15")
    read_code("model = keras.Sequential([keras.Input((((((((((((1,))))))))))))])")  # 14 levels
    raises(lambda: read_code("x = " + "-" * 5000 + "1"), "defines no model")  # signs: a loop, no recursion
    saved = code_reader.MAX_LAYERS
    code_reader.MAX_LAYERS = 5
    try:
        raises(lambda: read_code("model = keras.Sequential([%s])" % ", ".join(["layers.Dense(1)"] * 6)),
               "more than 5 layers")
    finally:
        code_reader.MAX_LAYERS = saved
    saved = pyparse.MAX_TOKENS
    pyparse.MAX_TOKENS = 50
    try:
        raises(lambda: read_code("x = [%s]" % ", ".join(["1"] * 100)), "more than 50 tokens")
    finally:
        pyparse.MAX_TOKENS = saved
    raises(lambda: read_code("def f(n):\n    return f(n + 1)\nf(0)"), "nested more than")
    raises(lambda: read_code("while True:\n    pass"), "evaluation steps")
    raises(lambda: read_code("x = 'a' * 10 ** 6"), "the limit is")


def test_long_functional_chain_is_not_recursive():
    # A 600-layer chain: the graph walk uses an explicit stack (MicroPython's is small).
    code = "x = keras.Input((3,))\ny = x\n" + "y = layers.Dense(2)(y)\n" * 600 + "model = keras.Model(x, y)"
    m = read_code(code)
    assert len(m["config"]["layers"]) == 601
    assert m["config"]["layers"][-1]["config"]["name"] == "dense_599"
    assert m["config"]["output_layers"] == ["dense_599", 0, 0]


def test_a_subclass_of_a_keras_layer_counts_as_that_layer():
    # class MyConv(layers.Conv2D) overriding call(): Keras builds and shapes it as Conv2D
    # (its compute_output_shape), named after the subclass: 3*3*1*8 + 8 = 80 weights.
    code = """
class MyConv(layers.Conv2D):
    def call(self, inputs):
        return super().call(inputs) * 2.0

model = keras.Sequential([keras.Input((28, 28, 1)), MyConv(8, 3), layers.Flatten()])
"""
    from calc.model import summarize
    m = read_code(code)
    conv = m["config"]["layers"][1]
    assert (conv["class_name"], conv["config"]["name"], conv["calc_class_name"]) == ("Conv2D", "my_conv", "MyConv")
    rows = summarize(m).rows
    assert [(r.class_name, r.params, r.output_shape) for r in rows] == [
        ("MyConv", 80, (None, 26, 26, 8)), ("Flatten", 0, (None, 5408))]


def test_a_functional_model_lists_and_finds_its_layers():
    # model.layers as Keras gives it: InputLayer included, keras.ops operations left out;
    # get_layer(name).output is the tensor of that layer's first call.
    code = """
inputs = keras.Input((8,))
h = layers.Dense(4, name="hidden")(inputs * 2.0)
base = keras.Model(inputs, layers.Dense(2, name="top")(h))
found = [l.name for l in base.layers]
features = keras.Model(base.inputs, base.get_layer("hidden").output)
model = features
"""
    from calc.model import summarize
    m = read_code(code)
    assert names(m) == [("InputLayer", "input_layer"), ("Multiply", "multiply"), ("Dense", "hidden")]
    assert summarize(m).total_params == 8 * 4 + 4
    from calc.model_source import summarize_text
    wrong = summarize_text(code.replace('"hidden").output', '"nope").output'))
    assert "No such layer: 'nope'. Existing layers are: ['input_layer', 'hidden', 'top']." \
        in wrong.not_followed[0]


def test_freezing_a_model_freezes_its_layers_where_they_are_shared():
    # input_tensor-style sharing: the layers of `base` are the outer model's own layers.
    code = """
inputs = keras.Input((8,))
base = keras.Model(inputs, layers.Dense(4, name="d1")(inputs))
base.trainable = False
model = keras.Model(inputs, layers.Dense(1, name="d2")(base.output))
"""
    from calc.model import summarize
    s = summarize(read_code(code))
    assert (s.total_params, s.trainable_params) == (8 * 4 + 4 + 4 + 1, 4 + 1)


def test_a_constant_joins_the_graph_as_an_argument():
    # x + ops.convert_to_tensor([...]) is one Add node of the model, the constant written as
    # Keras writes a tensor value (here unknown: the reader does not keep data).
    code = """
from keras import ops
inputs = keras.Input((4, 3))
mean = ops.reshape(ops.convert_to_tensor([1.0, 2.0, 3.0]), (1, 1, 3))
model = keras.Model(inputs, layers.Dense(2)(inputs + mean))
"""
    m = read_code(code)
    assert names(m) == [("InputLayer", "input_layer"), ("Add", "add"), ("Dense", "dense")]
    add = layer(m, "add")["inbound_nodes"][0]["args"]
    assert add[1] == {"class_name": "__tensor__", "config": {"value": None, "dtype": "float32"}}
    assert layer(m, "dense")["build_config"]["input_shape"] == [None, 4, 3]


def test_numpy_arrays_of_known_values_have_shapes():
    # Sizes taken from NumPy arrays built in the script (not from data files).
    code = """
import numpy as np
edges = np.array([np.arange(50), (np.arange(50) + 1) % 50])
mask = np.zeros((3, 3))
mask[:1, ...] = 1.0
model = keras.Sequential([keras.Input((edges.shape[1],)), layers.Dense(mask.shape[0])])
"""
    from calc.model import summarize
    assert summarize(read_code(code)).total_params == 50 * 3 + 3


def test_keras_backend_and_utils_helpers():
    code = """
import copy
fmt = keras.backend.image_data_format()
uid = keras.backend.get_uid("block")
config = copy.deepcopy([{"filters": 4}])
config[0]["filters"] = 8
inputs = keras.Input((2,))
x = layers.Dense(3)(inputs)
sources = keras.utils.get_source_inputs(layers.Dense(2)(x))
model = keras.Model(sources, x) if fmt == "channels_last" and uid == 1 else None
"""
    from calc.model import summarize
    assert summarize(read_code(code)).total_params == 2 * 3 + 3
    raises(lambda: read_code("import copy\nx = copy.deepcopy(layers.Dense(2))"),
           "copy.deepcopy of the layer dense is not read")


def test_a_sequential_lists_its_layers_without_its_input():
    # Keras's Sequential.layers leaves out the InputLayer: layers[0] is the Dense (3*2 + 2).
    from calc.model_source import summarize_text
    s = summarize_text("import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
                       "m.layers[0].trainable = False\nmodel = m")
    assert (s.total_params, s.trainable_params) == (8, 0)


def test_a_model_another_library_builds_is_named():
    # OpenVINO's documentation, "Converting a Keras Model" (its first example, as published).
    raises(lambda: read_code('import keras_hub\nimport openvino as ov\n\n'
                             'model = keras_hub.models.BertTextClassifier.from_preset(\n'
                             '    "bert_base_en_uncased",\n    num_classes=4,\n    preprocessor=None,\n)\n\n'
                             '# export to SavedModel\nmodel.export("bert_base")\n\n'
                             '# convert to OpenVINO model\nov_model = ov.convert_model("bert_base")\n'),
           "defines no model that calc can read",
           "model = keras_hub.models.BertTextClassifier.from_preset(...) is built by the keras_hub library")
    # Hugging Face's model card code: the page reads the model's config.json instead.
    raises(lambda: read_code('from transformers import AutoModel\n'
                             'model = AutoModel.from_pretrained("bert-base-uncased")\n'),
           "built by the transformers library", "paste the model's config.json")
    # A plain value is no model of another library.
    raises(lambda: read_code("import numpy as np\nx = 1"), "The code defines no model: use keras")
