# Source: https://github.com/keras-team/keras-io/blob/master/examples/vision/super_resolution_sub_pixel.py (keras-io, Apache-2.0)
# Edits: written anew after the example's ESPCN model and its DepthToSpace layer (same layers), not copied; BSDS500 download, preprocessing and training left out; upscale_factor=3 as the example states.
import keras
from keras import layers
from keras import ops

import os
import math
import numpy as np

crop_size = 300
upscale_factor = 3
input_size = crop_size // upscale_factor
batch_size = 8


class DepthToSpace(layers.Layer):
    def __init__(self, block_size):
        super().__init__()
        self.block_size = block_size

    def call(self, input):
        batch, height, width, depth = ops.shape(input)
        depth = depth // (self.block_size**2)

        x = ops.reshape(input, [batch, height, width, self.block_size, self.block_size, depth])
        x = ops.transpose(x, [0, 1, 3, 2, 4, 5])
        x = ops.reshape(x, [batch, height * self.block_size, width * self.block_size, depth])
        return x


def get_model(upscale_factor=3, channels=1):
    conv_args = {
        "activation": "relu",
        "kernel_initializer": "orthogonal",
        "padding": "same",
    }
    inputs = keras.Input(shape=(None, None, channels))
    x = layers.Conv2D(64, 5, **conv_args)(inputs)
    x = layers.Conv2D(64, 3, **conv_args)(x)
    x = layers.Conv2D(32, 3, **conv_args)(x)
    x = layers.Conv2D(channels * (upscale_factor**2), 3, **conv_args)(x)
    outputs = DepthToSpace(upscale_factor)(x)

    return keras.Model(inputs, outputs)


model = get_model(upscale_factor=upscale_factor, channels=1)
model.summary()
# model: model
