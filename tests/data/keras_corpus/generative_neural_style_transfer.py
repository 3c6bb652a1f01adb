# Source: https://github.com/keras-team/keras-io/blob/master/examples/generative/neural_style_transfer.py (keras-io, Apache-2.0)
# Edits: written anew after the example's VGG19 feature extractor (a model whose outputs are a dict built from model.layers), not copied; VGG19(weights=None) instead of "imagenet" (no download, same weights); image loading, losses and the optimization loop left out.
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras
import numpy as np
import tensorflow as tf

from keras.applications import vgg19

base_image_path = "paris.jpg"  # keras.utils.get_file(...) in the example
result_prefix = "paris_generated"

# Weights of the different loss components
total_variation_weight = 1e-6
style_weight = 1e-6
content_weight = 2.5e-8

# Dimensions of the generated picture.
width, height = 512, 384
img_nrows = 400
img_ncols = int(width * img_nrows / height)

# Build a VGG19 model (the example loads the ImageNet weights)
model = vgg19.VGG19(weights=None, include_top=False)

# Get the symbolic outputs of each "key" layer (we gave them unique names).
outputs_dict = dict([(layer.name, layer.output) for layer in model.layers])

# Set up a model that returns the activation values for every layer in
# VGG19 (as a dict).
feature_extractor = keras.Model(inputs=model.inputs, outputs=outputs_dict)

# List of layers to use for the style loss.
style_layer_names = [
    "block1_conv1",
    "block2_conv1",
    "block3_conv1",
    "block4_conv1",
    "block5_conv1",
]
# The layer to use for the content loss.
content_layer_name = "block5_conv2"
# model: model, feature_extractor
