# Source: https://github.com/keras-team/keras/blob/master/keras/src/models/sequential.py (Keras API docs, keras.io/api/models/sequential/, Apache-2.0)
# Edits: written anew after the docstring's Sequential examples (one started with an Input, one without an Input and built later with build((None, 16))), not copied.
import keras

model = keras.Sequential()
model.add(keras.Input(shape=(16,)))
model.add(keras.layers.Dense(8))

# Note that you can also omit the initial `Input`.
# In that case the model doesn't have any weights until the first call
# to a training/evaluation method (since it isn't yet built):
model = keras.Sequential()
model.add(keras.layers.Dense(8))
model.add(keras.layers.Dense(4))
# model.weights not created yet

# Whereas if you specify an `Input`, the model gets built
# continuously as you are adding layers:
with_input = keras.Sequential()
with_input.add(keras.Input(shape=(16,)))
with_input.add(keras.layers.Dense(8))
len(with_input.weights)  # Returns "2"

# When using the delayed-build pattern (no input shape specified), you can
# choose to manually build your model by calling
# `build(batch_input_shape)`:
model.build((None, 16))
len(model.weights)  # Returns "4"
# model: model, with_input
