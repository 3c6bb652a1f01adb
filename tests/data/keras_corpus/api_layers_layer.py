# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/layer.py (Keras API docs, keras.io/api/layers/base_layer/, Apache-2.0)
# Edits: written anew after the docstring's SimpleDense layer (weights made with add_weight in build) and ComputeSum layer (a non-trainable weight made in __init__), not copied; the two are put in a functional model, which the docs do not show, and ComputeSum returns its input plus the total (the docs return the total alone).
import keras
from keras import ops
from keras.layers import Layer


class SimpleDense(Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    # Create the state of the layer (weights)
    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="glorot_uniform",
            trainable=True,
            name="kernel",
        )
        self.bias = self.add_weight(
            shape=(self.units,),
            initializer="zeros",
            trainable=True,
            name="bias",
        )

    # Defines the computation
    def call(self, inputs):
        return ops.matmul(inputs, self.kernel) + self.bias


class ComputeSum(Layer):
    def __init__(self, input_dim):
        super(ComputeSum, self).__init__()
        # Create a non-trainable weight.
        self.total = self.add_weight(
            shape=(),
            initializer="zeros",
            trainable=False,
            name="total",
        )

    def call(self, inputs):
        self.total.assign(self.total + ops.sum(inputs))
        return inputs + self.total


inputs = keras.Input(shape=(16,))
x = SimpleDense(units=32)(inputs)
outputs = ComputeSum(32)(x)
model = keras.Model(inputs, outputs)
# model: model
