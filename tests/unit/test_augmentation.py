"""Image augmentation layers: no weights; the shape changes only for RandomCrop."""

from calc import compute
from calc.catalogue import LAYERS
from tests.unit.check import raises


def test_every_augmentation_is_weight_free_and_keeps_the_shape():
    entries = [e for e in LAYERS if e.family == "augmentation"]
    assert len(entries) == 29
    for e in entries:
        if e.name == "RandomCrop":
            continue
        r = compute(e, dict(e.example_args()), input_shape="32,48,3")
        assert r.total_params == 0, e.name
        assert r.output_shape == (None, 32, 48, 3), e.name


def test_random_crop_sets_height_and_width():
    r = compute("RandomCrop", {"height": 24, "width": 20}, input_shape="32,48,3")
    assert r.output_shape == (None, 24, 20, 3)
    r = compute("RandomCrop", {"height": 24, "width": 20, "data_format": "channels_first"},
                input_shape="3,32,48")
    assert r.output_shape == (None, 3, 24, 20)


def test_required_arguments_and_rgb_check():
    raises(lambda: compute("RandomRotation", {}, input_shape="32,32,3"), "factor")
    raises(lambda: compute("RandomColorDegeneration", {"factor": 0.2}, input_shape="32,32,1"),
           "3 channels")
    r = compute("RandomColorDegeneration", {"factor": 0.2}, input_shape="32,32,None")
    assert r.output_shape == (None, 32, 32, None)


def test_factor_as_saved_pair():
    # get_config() saves RandomRotation(0.5) as factor=[-0.5, 0.5] and
    # RandomPosterization's range as [1, 2]: a model file carries the pair.
    r = compute("RandomRotation", {"factor": [-0.5, 0.5]}, input_shape="32,32,3")
    assert (r.total_params, r.output_shape) == (0, (None, 32, 32, 3))
    assert compute("RandomPosterization", {"factor": [1, 2]}, input_shape="8,8,3").total_params == 0
    raises(lambda: compute("RandomRotation", {"factor": "(0.1, 0.2, 0.3)"}, input_shape="32,32,3"),
           "factor must be a number or a (low, high) pair", "Received: factor=")
    raises(lambda: compute("RandomContrast", {"factor": [0.1, 3]}, input_shape="32,32,3"),
           "factor must be <= 1.0")
    raises(lambda: compute("RandomPosterization", {"factor": [1, 9]}, input_shape="8,8,3"),
           "factor must be <= 8")
