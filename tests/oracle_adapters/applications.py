"""ConvNeXt's LayerScale calls add_weight() without a name: Keras names such variables
variable, variable_1, ... across the session, so the number is dropped to compare."""

from tests.oracle_adapters import Adapter


def _unnumbered(name):
    return "variable" if name.startswith("variable") else name


ADAPTERS = {"LayerScale": Adapter(weight_name=_unnumbered)}
