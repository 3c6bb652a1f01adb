"""The table of Keras classes as calc reads it (calc/keras_classes.py): Keras's aliases,
the class each name is saved as, and the classes the catalogue leaves out."""

from calc.catalogue import find
from calc.keras_classes import MODULE_OF, OTHER_NAMES, read


def test_keras_aliases_are_other_names_of_one_class():
    assert OTHER_NAMES["Conv2D"] == ("Convolution2D",)
    assert OTHER_NAMES["Convolution2D"] == ("Conv2D",)
    assert OTHER_NAMES["GlobalAveragePooling1D"] == ("GlobalAvgPool1D",)
    # keras.layers exports the class GroupedQueryAttention only as GroupQueryAttention.
    assert OTHER_NAMES["GroupQueryAttention"] == ("GroupedQueryAttention",)
    assert "Dense" not in OTHER_NAMES and "AdaptiveMaxPooling2D" not in OTHER_NAMES


def test_registered_entries_carry_the_aliases():
    assert find("convolution2d") is find("Conv2D")
    assert find("Conv2D").aliases == ("Convolution2D",)
    assert find("MaxPool3D").name == "MaxPooling3D"
    assert find("GroupedQueryAttention").name == "GroupQueryAttention"


def test_each_line_is_read_into_its_columns():
    rows = {}
    for row in read():
        rows[row[1]] = row
    assert rows["AvgPool2D"] == ("keras.layers", "AvgPool2D", "AveragePooling2D", "pooling",
                                 ["pool_size", "strides", "padding", "data_format"])
    assert rows["Add"][4] == []
    assert rows["Lambda"][3] is None and "lambda" not in MODULE_OF  # Keras's, not counted
    assert rows["LayerScale"][0] == "keras.src.applications.convnext"
    assert MODULE_OF["avgpool2d"] == MODULE_OF["averagepooling2d"] == "pooling"
