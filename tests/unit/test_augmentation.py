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
