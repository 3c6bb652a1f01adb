"""torch.nn's batch and instance norms against hand derivations: weight and bias
(num_features,) when affine, and the buffers running_mean, running_var (num_features,)
and num_batches_tracked (one int64) when track_running_stats. BatchNorm2d(64) is the
issue's check: 128 parameters plus 129 buffer values."""

from calc import compute
from tests.unit.check import shapes


def buffers(result):
    return [(b.label, b.shape_values(), b.dtype) for b in result.buffers]


def test_batchnorm2d_64():
    r = compute("nn.BatchNorm2d", {"num_features": 64})
    assert r.total_params == 2 * 64 == 128
    assert r.buffer_count == 64 + 64 + 1 == 129
    assert shapes(r) == [("weight", (64,), True), ("bias", (64,), True)]
    assert buffers(r) == [("running_mean", (64,), None), ("running_var", (64,), None),
                          ("num_batches_tracked", (), "int64")]
    # float32: (128 + 128) · 4 bytes, and 8 for the int64 counter
    assert r.memory()[0] == {"dtype": "float32", "bytes": 256 * 4 + 8}


def test_options_remove_tensors():
    r = compute("nn.BatchNorm1d", {"num_features": 10, "affine": False})
    assert r.total_params == 0 and r.buffer_count == 21
    r = compute("nn.BatchNorm3d", {"num_features": 10, "track_running_stats": False})
    assert r.total_params == 20 and r.buffers == []
    r = compute("nn.BatchNorm2d", {"num_features": 10, "bias": False})
    assert shapes(r) == [("weight", (10,), True)]


def test_instance_norm_defaults_to_nothing():
    r = compute("nn.InstanceNorm2d", {"num_features": 64})
    assert r.total_params == 0 and r.buffer_count == 0
    r = compute("nn.InstanceNorm1d", {"num_features": 64, "affine": True})
    assert r.total_params == 128 and r.buffer_count == 0


def test_lazy_instance_norm_defaults_to_affine_and_statistics():
    # torch/nn/modules/batchnorm.py: _LazyNormBase(affine=True, track_running_stats=True)
    r = compute("nn.LazyInstanceNorm2d", {"num_features": 8})
    assert r.total_params == 16 and r.buffer_count == 17


def test_sync_batchnorm_and_lazy():
    assert compute("nn.SyncBatchNorm", {"num_features": 32}).total_params == 64
    r = compute("nn.LazyBatchNorm2d", {"num_features": 64})
    assert r.total_params == 128 and r.buffer_count == 129


def test_every_rank_has_the_same_tensors():
    """torch/nn/modules/batchnorm.py's and instancenorm.py's examples: BatchNorm1d(100),
    BatchNorm3d(100), InstanceNorm3d(100, affine=True): 2·100 parameters, and 2·100 + 1
    buffer values where statistics are tracked."""
    for name, args, params, buffer_values in [
            ("nn.BatchNorm1d", {"num_features": 100}, 200, 201),
            ("nn.BatchNorm3d", {"num_features": 100}, 200, 201),
            ("nn.InstanceNorm3d", {"num_features": 100, "affine": True}, 200, 0),
            ("nn.InstanceNorm1d", {"num_features": 100, "track_running_stats": True}, 0, 201),
            ("nn.LazyBatchNorm1d", {"num_features": 100}, 200, 201),
            ("nn.LazyBatchNorm3d", {"num_features": 100, "affine": False}, 0, 201),
            ("nn.LazyInstanceNorm1d", {"num_features": 100}, 200, 201),
            ("nn.LazyInstanceNorm3d", {"num_features": 100, "track_running_stats": False}, 200, 0)]:
        r = compute(name, args)
        assert (r.total_params, r.buffer_count) == (params, buffer_values), name
