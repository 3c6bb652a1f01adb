"""Preprocessing layers whose Keras input is not float: string and integer tokens.

(Keras's symbolic call accepts float inputs for most of them too, since the output
shape comes from compute_output_shape; typed inputs keep the examples realistic.)"""

import keras

from tests.oracle_adapters import Adapter


def typed(dtype):
    def call(layer, inputs):
        return layer(keras.Input(batch_shape=inputs[0].shape, dtype=dtype))
    return Adapter(call=call)


ADAPTERS = {
    "StringLookup": typed("string"),
    "TextVectorization": typed("string"),
    "IntegerLookup": typed("int64"),
    "Hashing": typed("string"),
    "CategoryEncoding": typed("int32"),
    "HashedCrossing": Adapter(call=lambda layer, inputs: layer(
        (keras.Input(batch_shape=inputs[0].shape, dtype="string"),
         keras.Input(batch_shape=inputs[1].shape, dtype="int64")))),
}
