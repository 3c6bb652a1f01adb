"""The PyTorch catalogue's entries, one module per family of torch.nn, the counterpart of
calc/layers/ for Keras. They are few enough to import together the first time a torch.nn
name is asked for (calc.catalogue.find)."""

# The order of the PyTorch catalogue (CLI listing, site navigation).
MODULES = (
    "linear",
    "conv", "batchnorm", "normalization", "sparse", "activation", "pooling", "weight_free",
    "recurrent",
    "transformer",
    "loss",
)


def import_all():
    for module in MODULES:
        __import__("calc.torch_layers." + module)
