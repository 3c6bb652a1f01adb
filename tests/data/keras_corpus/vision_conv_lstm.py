# Source: https://github.com/keras-team/keras-io/blob/master/examples/vision/conv_lstm.py (keras-io, Apache-2.0)
# Edits: written anew after the example's next-frame model (same layers), not copied; Moving MNIST download, frame shifting and training left out; the frame shape (64, 64, 1) that the example reads off x_train is written out.
import numpy as np

import keras
from keras import layers

frame_shape = (64, 64, 1)  # x_train.shape[2:] in the example

# Frames of any number, each 64x64 with one channel.
inp = layers.Input(shape=(None, *frame_shape))

# Three ConvLSTM2D layers with batch normalization, then a Conv3D layer for the output.
x = layers.ConvLSTM2D(filters=64, kernel_size=(5, 5), padding="same", return_sequences=True, activation="relu")(inp)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(filters=64, kernel_size=(3, 3), padding="same", return_sequences=True, activation="relu")(x)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(filters=64, kernel_size=(1, 1), padding="same", return_sequences=True, activation="relu")(x)
x = layers.Conv3D(filters=1, kernel_size=(3, 3, 3), activation="sigmoid", padding="same")(x)

# Next, we will build the complete model and compile it.
model = keras.models.Model(inp, x)
model.compile(loss=keras.losses.binary_crossentropy, optimizer=keras.optimizers.Adam())
# model: model
