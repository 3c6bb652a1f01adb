"""Catalogue entries, one module per family. Importing this package registers them all."""

from calc.layers import core  # noqa: F401
from calc.layers import einsum  # noqa: F401
from calc.layers import embedding_extra  # noqa: F401
from calc.layers import core_weightfree  # noqa: F401
from calc.layers import convolution  # noqa: F401
from calc.layers import pooling  # noqa: F401
from calc.layers import recurrent  # noqa: F401
from calc.layers import wrappers  # noqa: F401
from calc.layers import attention  # noqa: F401
from calc.layers import normalization  # noqa: F401
from calc.layers import activation  # noqa: F401
from calc.layers import merging  # noqa: F401
from calc.layers import regularization  # noqa: F401
from calc.layers import reshaping  # noqa: F401
from calc.layers import preprocessing  # noqa: F401
from calc.layers import augmentation  # noqa: F401
from calc.layers import applications  # noqa: F401
