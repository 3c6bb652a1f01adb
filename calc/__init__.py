"""Parameter counts of Keras layers, derived from the weight tensors each layer creates.

    >>> import calc
    >>> calc.compute("Conv2D", {"filters": 64, "kernel_size": "3,3"}, input_shape="None,None,25").total_params
    14464

Pure Python with no dependencies: it runs unchanged on CPython, Pyodide and MicroPython.
"""

from calc.catalogue import FAMILIES, LAYERS, compute, find  # noqa: F401
# The family modules in calc/layers/ are imported on demand: by `find` (one module) or by
# reading LAYERS (all of them).
