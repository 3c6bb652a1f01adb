# Source: https://github.com/keras-team/keras-io/blob/master/examples/structured_data/imbalanced_classification.py (keras-io, Apache-2.0)
# Edits: written anew after the example's fraud classifier (same layers), not copied; the credit card CSV, normalization, class weights and training left out; the 30 features the example reads off train_features are written out.
import csv
import numpy as np
import keras

num_features = 30  # train_features.shape[1:] in the example: Time, V1..V28 and Amount

model = keras.Sequential(
    [
        keras.Input(shape=(num_features,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.summary()

metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.FalsePositives(name="fp"),
    keras.metrics.TrueNegatives(name="tn"),
    keras.metrics.TruePositives(name="tp"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
]

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)
# model: model
