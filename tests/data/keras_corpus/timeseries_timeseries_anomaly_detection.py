# Source: https://github.com/keras-team/keras-io/blob/master/examples/timeseries/timeseries_anomaly_detection.py (keras-io, Apache-2.0)
# Edits: written anew after the example's convolutional reconstruction model (same layers), not copied; the NAB download, normalization and training left out; the example's create_sequences helper is kept but not called; the input shape (288, 1) read off x_train is written as (TIME_STEPS, 1).
import numpy as np
import keras
from keras import layers

TIME_STEPS = 288


# Generated training sequences for use in the model.
def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i : (i + time_steps)])
    return np.stack(output)


model = keras.Sequential(
    [
        layers.Input(shape=(TIME_STEPS, 1)),
        layers.Conv1D(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Dropout(rate=0.2),
        layers.Conv1D(filters=16, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Conv1DTranspose(filters=16, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Dropout(rate=0.2),
        layers.Conv1DTranspose(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()
# model: model
