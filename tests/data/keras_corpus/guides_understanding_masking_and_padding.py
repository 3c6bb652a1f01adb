# Source: https://github.com/keras-team/keras-io/blob/master/guides/understanding_masking_and_padding.py (keras-io, Apache-2.0)
# Edits: written anew after the guide's masking examples (a layer that passes its Embedding's mask to an LSTM, and a mask-consuming TemporalSoftmax layer in a functional model), not copied; the padding demos and random data left out; MyLayer is called on keras.Input (the guide calls it on random integers).
import numpy as np
import keras
from keras import ops
from keras import layers


class MyLayer(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)
        self.lstm = layers.LSTM(32)

    def call(self, inputs):
        x = self.embedding(inputs)
        # Note that you could also prepare a `mask` tensor manually.
        # It only needs to be a boolean tensor
        # with the right shape, i.e. (batch_size, timesteps).
        mask = self.embedding.compute_mask(inputs)
        output = self.lstm(x, mask=mask)  # The layer will ignore the masked values
        return output


inputs = keras.Input(shape=(None,), dtype="int32")
lstm_model = keras.Model(inputs, MyLayer()(inputs))


class TemporalSoftmax(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        assert mask is not None
        broadcast_float_mask = ops.expand_dims(ops.cast(mask, "float32"), -1)
        inputs_exp = ops.exp(inputs) * broadcast_float_mask
        inputs_sum = ops.sum(inputs_exp * broadcast_float_mask, axis=-1, keepdims=True)
        return inputs_exp / inputs_sum


inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(input_dim=10, output_dim=32, mask_zero=True)(inputs)
x = layers.Dense(1)(x)
outputs = TemporalSoftmax()(x)

model = keras.Model(inputs, outputs)
# model: model, lstm_model
