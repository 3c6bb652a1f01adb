# Source: https://github.com/keras-team/keras-io/blob/master/examples/structured_data/collaborative_filtering_movielens.py (keras-io, Apache-2.0)
# Edits: written anew after the example's RecommenderNet (a keras.Model subclass with four Embeddings, same sizes), not copied; the MovieLens download, encoding and training left out; num_users=610 and num_movies=9724 as the example prints them; the model is built by calling it on keras.Input (the example builds it on data).
from pathlib import Path
import numpy as np
from zipfile import ZipFile

import keras
from keras import layers
from keras import ops

num_users = 610  # len(user2user_encoded) in the example
num_movies = 9724  # len(movie_encoded2movie) in the example
print("Number of users: {}, Number of Movies: {}".format(num_users, num_movies))

EMBEDDING_SIZE = 50


class RecommenderNet(keras.Model):
    def __init__(self, num_users, num_movies, embedding_size, **kwargs):
        super().__init__(**kwargs)
        self.num_users = num_users
        self.num_movies = num_movies
        self.embedding_size = embedding_size
        self.user_embedding = layers.Embedding(
            num_users,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.user_bias = layers.Embedding(num_users, 1)
        self.movie_embedding = layers.Embedding(
            num_movies,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.movie_bias = layers.Embedding(num_movies, 1)

    def call(self, inputs):
        user_vector = self.user_embedding(inputs[:, 0])
        user_bias = self.user_bias(inputs[:, 0])
        movie_vector = self.movie_embedding(inputs[:, 1])
        movie_bias = self.movie_bias(inputs[:, 1])
        dot_user_movie = ops.tensordot(user_vector, movie_vector, 2)
        # Add all the components (including bias)
        x = dot_user_movie + user_bias + movie_bias
        # The sigmoid activation forces the rating to between 0 and 1
        return ops.nn.sigmoid(x)


model = RecommenderNet(num_users, num_movies, EMBEDDING_SIZE)
model(keras.Input(shape=(2,), dtype="int32"))
model.compile(
    loss=keras.losses.BinaryCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=0.001),
)
# model: model
