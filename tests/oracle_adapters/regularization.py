"""SpatialDropout1D/2D/3D take only rate, seed, name, dtype (and data_format): their
constructor refuses `trainable`. They have no weights, so freezing changes nothing; the
oracle builds them without it."""

from tests.oracle_adapters import Adapter


def _without_trainable(args):
    return dict((k, v) for k, v in args.items() if k != "trainable")


SPATIAL = Adapter(kwargs=_without_trainable)

ADAPTERS = {"SpatialDropout1D": SPATIAL, "SpatialDropout2D": SPATIAL, "SpatialDropout3D": SPATIAL}
