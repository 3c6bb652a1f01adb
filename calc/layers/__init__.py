"""Catalogue entries, one module per family, imported only when a layer of theirs is asked for.

Importing every family module is most of calc's start-up time (about 170 ms in the browser's
MicroPython), and a page or a command needs one or two of them. INDEX says which module
registers each class name and alias, from the table in calc/keras_classes.py;
`calc.catalogue.find` imports just that module, and `calc.catalogue.LAYERS` imports them
all, in MODULES order. tests/test_catalogue_index.py checks INDEX against what each module
really registers.
"""

from calc.keras_classes import MODULE_OF

# The order of the catalogue (CLI listing, site navigation).
MODULES = ("core", "einsum", "embedding_extra", "core_weightfree", "convolution", "pooling",
           "recurrent", "wrappers", "attention", "normalization", "activation", "merging",
           "regularization", "reshaping", "preprocessing", "augmentation", "applications")

# lowercase class name or alias -> the module that registers it
INDEX = MODULE_OF


def import_module(module):
    """Import calc.layers.<module>, which registers its entries in the catalogue."""
    __import__("calc.layers." + module)


def import_all():
    for module in MODULES:
        import_module(module)
