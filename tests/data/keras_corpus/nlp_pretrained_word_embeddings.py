# Source: https://github.com/keras-team/keras-io/blob/master/examples/nlp/pretrained_word_embeddings.py (keras-io, Apache-2.0)
# Edits: written anew after the example's classifier on a frozen, pre-built Embedding (same layers; the layer is built with build((1,)) and given its matrix with set_weights, as the example does), not copied; the Newsgroup20 and GloVe downloads, adapt() and training left out; the 20,000-word vocabulary is a stand-in list, the GloVe matrix zeros, and the 20 class names are written out.
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
import tensorflow.data as tf_data
import keras
from keras import layers

class_names = [
    "alt.atheism", "comp.graphics", "comp.os.ms-windows.misc", "comp.sys.ibm.pc.hardware",
    "comp.sys.mac.hardware", "comp.windows.x", "misc.forsale", "rec.autos", "rec.motorcycles",
    "rec.sport.baseball", "rec.sport.hockey", "sci.crypt", "sci.electronics", "sci.med",
    "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast",
    "talk.politics.misc", "talk.religion.misc",
]

vectorizer = layers.TextVectorization(max_tokens=20000, output_sequence_length=200)
voc = [f"word{i}" for i in range(20000)]  # vectorizer.get_vocabulary() after adapt()
word_index = dict(zip(voc, range(len(voc))))

num_tokens = len(voc) + 2
embedding_dim = 100
hits = 0
misses = 0

# The GloVe vectors of the vocabulary's words (zeros here: the file is not read).
embedding_matrix = np.zeros((num_tokens, embedding_dim))
print(f"Converted {hits} words ({misses} misses)")

embedding_layer = layers.Embedding(
    num_tokens,
    embedding_dim,
    trainable=False,
)
embedding_layer.build((1,))
embedding_layer.set_weights([embedding_matrix])

int_sequences_input = keras.Input(shape=(None,), dtype="int32")
embedded_sequences = embedding_layer(int_sequences_input)
x = layers.Conv1D(128, 5, activation="relu")(embedded_sequences)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(128, 5, activation="relu")(x)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(128, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.5)(x)
preds = layers.Dense(len(class_names), activation="softmax")(x)
model = keras.Model(int_sequences_input, preds)
model.summary()
# model: model
