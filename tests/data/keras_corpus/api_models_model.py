# Source: https://github.com/keras-team/keras/blob/master/keras/src/models/model.py (Keras API docs, keras.io/api/models/model/, Apache-2.0)
# Edits: written anew after the docstring's two ways to make a Model (functional, and a subclass with layers in __init__ and a call() taking `training`), not copied; the subclass is built by calling it on keras.Input (the docs leave it unbuilt).
import keras

inputs = keras.Input(shape=(37,))
x = keras.layers.Dense(32, activation="relu")(inputs)
outputs = keras.layers.Dense(5, activation="softmax")(x)
functional_model = keras.Model(inputs=inputs, outputs=outputs)


class MyModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense1 = keras.layers.Dense(32, activation="relu")
        self.dense2 = keras.layers.Dense(5, activation="softmax")
        self.dropout = keras.layers.Dropout(0.5)

    def call(self, inputs, training=False):
        x = self.dense1(inputs)
        x = self.dropout(x, training=training)
        return self.dense2(x)


model = MyModel()
model(keras.Input(shape=(37,)))
# model: model, functional_model
