# Source: https://github.com/keras-team/keras-io/blob/master/examples/keras_recipes/memory_efficient_embeddings.py (keras-io, Apache-2.0)
# Edits: written anew after the example's baseline and quotient-remainder recommenders (same embedding_encoder helper, QREmbedding layer with two Embeddings, Dot similarity), not copied; the mixed-dimension variant, MovieLens download and training left out; the user and movie vocabularies the example collects from the ratings are written as 6040 and 3706 id strings.
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

from zipfile import ZipFile
from urllib.request import urlretrieve
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from keras.layers import StringLookup

# list(ratings_data.user_id.unique()) and list(ratings_data.movie_id.unique()) in the example
user_vocabulary = [f"user_{i}" for i in range(1, 6041)]
movie_vocabulary = [f"movie_{i}" for i in range(1, 3707)]

base_embedding_dim = 64
learning_rate = 0.001
batch_size = 128
num_epochs = 3


def embedding_encoder(vocabulary, embedding_dim, num_oov_indices=0, name=None):
    return keras.Sequential(
        [
            StringLookup(vocabulary=vocabulary, mask_token=None, num_oov_indices=num_oov_indices),
            layers.Embedding(input_dim=len(vocabulary) + num_oov_indices, output_dim=embedding_dim),
        ],
        name=f"{name}_embedding" if name else None,
    )


def create_baseline_model():
    # Receive the user as an input.
    user_input = layers.Input(name="user_id", shape=(), dtype=tf.string)
    # Get user embedding.
    user_embedding = embedding_encoder(vocabulary=user_vocabulary, embedding_dim=base_embedding_dim, name="user")(
        user_input
    )

    # Receive the movie as an input.
    movie_input = layers.Input(name="movie_id", shape=(), dtype=tf.string)
    # Get embedding.
    movie_embedding = embedding_encoder(vocabulary=movie_vocabulary, embedding_dim=base_embedding_dim, name="movie")(
        movie_input
    )

    # Compute dot product similarity between user and movie embeddings.
    logits = layers.Dot(axes=1, name="dot_similarity")([user_embedding, movie_embedding])
    # Convert to rating scale.
    prediction = keras.activations.sigmoid(logits) * 5
    # Create the model.
    model = keras.Model(inputs=[user_input, movie_input], outputs=prediction, name="baseline_model")
    return model


baseline_model = create_baseline_model()
baseline_model.summary()


class QREmbedding(keras.layers.Layer):
    def __init__(self, vocabulary, embedding_dim, num_buckets, name=None):
        super().__init__(name=name)
        self.num_buckets = num_buckets

        self.index_lookup = StringLookup(vocabulary=vocabulary, mask_token=None, num_oov_indices=0)
        self.q_embeddings = layers.Embedding(
            num_buckets,
            embedding_dim,
        )
        self.r_embeddings = layers.Embedding(
            num_buckets,
            embedding_dim,
        )

    def call(self, inputs):
        # Get the item index.
        embedding_index = self.index_lookup(inputs)
        # Get the quotient index.
        quotient_index = tf.math.floordiv(embedding_index, self.num_buckets)
        # Get the reminder index.
        remainder_index = tf.math.floormod(embedding_index, self.num_buckets)
        # Lookup the quotient_embedding using the quotient_index.
        quotient_embedding = self.q_embeddings(quotient_index)
        # Lookup the remainder_embedding using the remainder_index.
        remainder_embedding = self.r_embeddings(remainder_index)
        # Use multiplication as a combiner operation
        return quotient_embedding * remainder_embedding


user_embedding_num_buckets = len(user_vocabulary) // 50


def create_memory_efficient_model():
    # Take the user as an input.
    user_input = layers.Input(name="user_id", shape=(), dtype="string")
    # Get user embedding.
    user_embedding = QREmbedding(
        vocabulary=user_vocabulary,
        embedding_dim=base_embedding_dim,
        num_buckets=user_embedding_num_buckets,
        name="user_embedding",
    )(user_input)

    # Take the movie as an input.
    movie_input = layers.Input(name="movie_id", shape=(), dtype="string")
    # Get embedding.
    movie_embedding = embedding_encoder(vocabulary=movie_vocabulary, embedding_dim=base_embedding_dim, name="movie")(
        movie_input
    )

    # Compute dot product similarity between user and movie embeddings.
    logits = layers.Dot(axes=1, name="dot_similarity")([user_embedding, movie_embedding])
    # Convert to rating scale.
    prediction = keras.activations.sigmoid(logits) * 5
    # Create the model.
    model = keras.Model(inputs=[user_input, movie_input], outputs=prediction, name="memory_efficient_model")
    return model


memory_efficient_model = create_memory_efficient_model()
memory_efficient_model.summary()
# model: memory_efficient_model, baseline_model
