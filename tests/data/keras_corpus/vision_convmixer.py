# Source: https://github.com/keras-team/keras-io/blob/master/examples/vision/convmixer.py (keras-io, Apache-2.0)
# Edits: written anew after the example's ConvMixer-256/8 (same blocks and defaults), not copied; CIFAR-10 loading, augmentation pipeline and training left out; image_size=32 and num_classes=10 as the example states.
import keras
from keras import layers

learning_rate = 0.001
weight_decay = 0.0001
batch_size = 128
num_epochs = 10
image_size = 32
auto = "auto"


def activation_block(x):
    x = layers.Activation("gelu")(x)
    return layers.BatchNormalization()(x)


def conv_stem(x, filters: int, patch_size: int):
    x = layers.Conv2D(filters, kernel_size=patch_size, strides=patch_size)(x)
    return activation_block(x)


def conv_mixer_block(x, filters: int, kernel_size: int):
    # Depthwise convolution, with a residual connection
    x0 = x
    x = layers.DepthwiseConv2D(kernel_size=kernel_size, padding="same")(x)
    x = layers.Add()([activation_block(x), x0])

    # Pointwise convolution
    x = layers.Conv2D(filters, kernel_size=1)(x)
    x = activation_block(x)
    return x


def get_conv_mixer_256_8(image_size=32, filters=256, depth=8, kernel_size=5, patch_size=2, num_classes=10):
    """ConvMixer-256/8: https://openreview.net/pdf?id=TVHS5Y4dNvM."""
    inputs = keras.Input((image_size, image_size, 3))
    x = layers.Rescaling(scale=1.0 / 255)(inputs)

    # Extract patch embeddings
    x = conv_stem(x, filters, patch_size)

    # ConvMixer blocks
    for _ in range(depth):
        x = conv_mixer_block(x, filters, kernel_size)

    # Classification block
    x = layers.GlobalAvgPool2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)

    return keras.Model(inputs, outputs)


conv_mixer_model = get_conv_mixer_256_8()
# model: conv_mixer_model
