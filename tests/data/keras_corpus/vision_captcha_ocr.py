# Source: https://github.com/keras-team/keras-io/blob/master/examples/vision/captcha_ocr.py (keras-io, Apache-2.0)
# Edits: written anew after the example's OCR model and CTC endpoint layer (same layers and sizes), not copied; the captcha download, dataset and training left out; the 19 characters found in the dataset are written out, img_width=200 and img_height=50 as the example states; the CTC loss uses keras.ops.ctc_loss.
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
from pathlib import Path

import keras
from keras import ops
from keras import layers

# The example finds these in the file names of the dataset's images.
characters = sorted(set("2345678bcdefgmnpwxy"))
batch_size = 16
img_width = 200
img_height = 50
# Factor by which the image is downsampled by the two max-pooling layers
downsample_factor = 4
max_length = 5

# Mapping characters to integers
char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)

# Mapping integers back to original characters
num_to_char = layers.StringLookup(vocabulary=char_to_num.get_vocabulary(), mask_token=None, invert=True)


class CTCLayer(layers.Layer):
    """Adds the CTC loss of the prediction to the model and passes the prediction on."""

    def __init__(self, name=None):
        super().__init__(name=name)

    def call(self, y_true, y_pred):
        batch_len = ops.shape(y_true)[0]
        input_length = ops.shape(y_pred)[1] * ops.ones((batch_len,), dtype="int32")
        label_length = ops.shape(y_true)[1] * ops.ones((batch_len,), dtype="int32")
        loss = ops.ctc_loss(ops.cast(y_true, "int32"), y_pred, label_length, input_length)
        self.add_loss(ops.mean(loss))
        # At test time, just return the computed predictions
        return y_pred


def build_model():
    # Inputs to the model
    input_img = layers.Input(shape=(img_width, img_height, 1), name="image", dtype="float32")
    labels = layers.Input(name="label", shape=(None,), dtype="float32")

    # First conv block
    x = layers.Conv2D(32, (3, 3), activation="relu", kernel_initializer="he_normal", padding="same", name="Conv1")(input_img)
    x = layers.MaxPooling2D((2, 2), name="pool1")(x)

    # Second conv block
    x = layers.Conv2D(64, (3, 3), activation="relu", kernel_initializer="he_normal", padding="same", name="Conv2")(x)
    x = layers.MaxPooling2D((2, 2), name="pool2")(x)

    # Two max pools with pool size and strides 2: the feature maps are 4x smaller, and
    # the last conv layer has 64 filters.
    new_shape = ((img_width // 4), (img_height // 4) * 64)
    x = layers.Reshape(target_shape=new_shape, name="reshape")(x)
    x = layers.Dense(64, activation="relu", name="dense1")(x)
    x = layers.Dropout(0.2)(x)

    # RNNs
    x = layers.Bidirectional(layers.LSTM(128, return_sequences=True, dropout=0.25))(x)
    x = layers.Bidirectional(layers.LSTM(64, return_sequences=True, dropout=0.25))(x)

    # Output layer: one unit per character, plus one for the CTC blank
    x = layers.Dense(len(char_to_num.get_vocabulary()) + 1, activation="softmax", name="dense2")(x)

    # Add CTC layer for calculating CTC loss at each step
    output = CTCLayer(name="ctc_loss")(labels, x)

    model = keras.models.Model(inputs=[input_img, labels], outputs=output, name="ocr_model_v1")
    opt = keras.optimizers.Adam()
    model.compile(optimizer=opt)
    return model


# Get the model
model = build_model()
model.summary()
# model: model
