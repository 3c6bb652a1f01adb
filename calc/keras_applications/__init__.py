"""Keras Applications (ResNet50, EfficientNetB0, ...) in Keras's own code, for the code reader.

Pasted code often builds its model on keras.applications.X(weights=None, include_top=False,
...). Each module here holds SOURCE, the text of one keras/src/applications/*.py of Keras
3.15.1 (Copyright the Keras team, Apache License 2.0: see LICENSE in this folder), and
calc/application_code.py runs that text with the code reader's own evaluator, exactly as it
runs pasted code: the model is built by Keras's code, layer by layer and name by name, for
the arguments given. The host Python never runs it either: it is a string here.

What was changed from Keras's files, all of it leaving out what cannot change a count:
docstrings, comments and the @keras_export decorators; the blocks that download and load
ImageNet weights (weights="imagenet" builds the same layers as weights=None);
decode_predictions; and preprocess_input's branch for NumPy arrays (the reader follows
tensors, not data); the __doc__ additions. The code was reformatted by `black -l 100` after
those cuts.
"""
