# Source: https://github.com/keras-team/keras-io/blob/master/examples/generative/lstm_character_level_text_generation.py (keras-io, Apache-2.0)
# Edits: written anew after the example's character-level LSTM (same layers), not copied; the Nietzsche download, vectorization, training and sampling left out; the example's 56 distinct characters are a stand-in list of the same length.
import keras
from keras import layers

import numpy as np
import random
import io

chars = [chr(32 + i) for i in range(56)]  # sorted(list(set(text))) in the example: 56 characters
print("Total chars:", len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3

model = keras.Sequential(
    [
        keras.Input(shape=(maxlen, len(chars))),
        layers.LSTM(128),
        layers.Dense(len(chars), activation="softmax"),
    ]
)
optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer)


def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


epochs = 40
batch_size = 128
# model: model
