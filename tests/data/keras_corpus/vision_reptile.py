# Source: https://github.com/keras-team/keras-io/blob/master/examples/vision/reptile.py (keras-io, Apache-2.0)
# Edits: written anew after the example's few-shot classifier (same conv_bn blocks), not copied; Omniglot loading (and the matplotlib and tensorflow_datasets imports) and the meta-training loop left out; classes=5 as the example states.
import keras
from keras import layers

import numpy as np
import random
import tensorflow as tf

learning_rate = 0.003
meta_step_size = 0.25

inner_batch_size = 25
eval_batch_size = 25

meta_iters = 2000
eval_iters = 5
inner_iters = 4

eval_interval = 1
train_shots = 20
shots = 5
classes = 5


def conv_bn(x):
    x = layers.Conv2D(filters=64, kernel_size=3, strides=2, padding="same")(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


inputs = layers.Input(shape=(28, 28, 1))
x = conv_bn(inputs)
x = conv_bn(x)
x = conv_bn(x)
x = conv_bn(x)
x = layers.Flatten()(x)
outputs = layers.Dense(classes, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile()
optimizer = keras.optimizers.SGD(learning_rate=learning_rate)
# model: model
