# Source: https://github.com/keras-team/keras-io/blob/master/examples/graph/node2vec_movielens.py (keras-io, Apache-2.0)
# Edits: written anew after the example's skip-gram model (one shared item Embedding and a Dot similarity, inputs in a dict), not copied; the MovieLens download, graph building, random walks and training left out; the vocabulary the example makes from the movie graph's nodes is a stand-in of the same size ("NA" and the 1405 nodes the example prints).
import os
from collections import defaultdict
import math
import random
import numpy as np
import keras
from keras import layers

# ["NA"] + list(movies_graph.nodes) in the example.
vocabulary = ["NA"] + [f"movie_{i}" for i in range(1405)]
vocabulary_lookup = {token: idx for idx, token in enumerate(vocabulary)}

learning_rate = 0.001
batch_size = 1024
num_epochs = 15
embedding_dim = 50


def create_model(vocabulary_size, embedding_dim):
    inputs = {
        "target": layers.Input(name="target", shape=(), dtype="int32"),
        "context": layers.Input(name="context", shape=(), dtype="int32"),
    }
    # Initialize item embeddings.
    embed_item = layers.Embedding(
        input_dim=vocabulary_size,
        output_dim=embedding_dim,
        embeddings_initializer="he_normal",
        embeddings_regularizer=keras.regularizers.l2(1e-6),
        name="item_embeddings",
    )
    # Lookup embeddings for target.
    target_embeddings = embed_item(inputs["target"])
    # Lookup embeddings for context.
    context_embeddings = embed_item(inputs["context"])
    # Compute dot similarity between target and context embeddings.
    logits = layers.Dot(axes=1, normalize=False, name="dot_similarity")([target_embeddings, context_embeddings])
    # Create the model.
    model = keras.Model(inputs=inputs, outputs=logits)
    return model


model = create_model(len(vocabulary), embedding_dim)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
)
# model: model
