"""Preprocessing layers: Normalization's and STFTSpectrogram's weights, and output shapes
(vocabulary sizes counted by hand)."""

from calc import compute
from tests.unit.check import raises, shapes


def test_normalization_weights():
    r = compute("Normalization", {}, input_shape="16")
    # mean and variance per feature, plus one sample count: 16 + 16 + 1, none trainable.
    assert shapes(r) == [("mean", (16,), False), ("variance", (16,), False), ("count", (), False)]
    assert (r.trainable_params, r.non_trainable_params) == (0, 16 + 16 + 1)
    r = compute("Normalization", {"axis": "(1, 2)"}, input_shape="4,5,6")
    assert r.total_params == 4 * 5 * 2 + 1
    r = compute("Normalization", {"axis": "None"}, input_shape="4,5")
    assert r.total_params == 1 + 1 + 1
    r = compute("Normalization", {"axis": 1}, input_shape="4,5,6")
    assert shapes(r)[0] == ("mean", (4,), False)
    # Given mean and variance are constants, not weights.
    assert compute("Normalization", {"mean": 0.5, "variance": 2}, input_shape="16").total_params == 0
    raises(lambda: compute("Normalization", {"mean": 0.5}, input_shape="16"), "variance")
    raises(lambda: compute("Normalization", {}, input_shape="None"), "known")
    raises(lambda: compute("Normalization", {"axis": 3}, input_shape="16"), "axis")


def test_stft_kernels():
    # frame_length 256 -> fft_length 256 -> 256/2 + 1 = 129 bins; kernels (256, 1, 129).
    r = compute("STFTSpectrogram", {}, input_shape="16000,1")
    assert shapes(r) == [("real_kernel", (256, 1, 129), True), ("imag_kernel", (256, 1, 129), True)]
    assert r.total_params == 2 * 256 * 129
    # valid frames: (16000 - 256) // 128 + 1 = 124
    assert r.output_shape == (None, (16000 - 256) // 128 + 1, 129)
    r = compute("STFTSpectrogram", {"mode": "real", "frame_length": 8, "frame_step": 3,
                                    "fft_length": 10}, input_shape="100,3")
    assert shapes(r) == [("real_kernel", (8, 1, 10 // 2 + 1), True)]
    assert r.output_shape == (None, (100 - 8) // 3 + 1, 6 * 3)
    raises(lambda: compute("STFTSpectrogram", {}, input_shape="100,1"), "zero or negative")
    raises(lambda: compute("STFTSpectrogram", {"fft_length": 8, "frame_length": 16},
                           input_shape="100,1"), "fft_length")


def test_mel_spectrogram_frames():
    r = compute("MelSpectrogram", {}, input_shape="16000")
    assert r.total_params == 0
    assert r.output_shape == (None, 128, (16000 + 512 + 1) // 512)


def test_lookup_depths():
    # 3 tokens + 1 OOV index = 4.
    r = compute("IntegerLookup", {"vocabulary": "1,2,3", "output_mode": "multi_hot"}, input_shape="5")
    assert r.total_params == 0 and r.output_shape == (None, 3 + 1)
    assert compute("IntegerLookup", {"vocabulary": "1,2,3"}, input_shape="5").output_shape == (None, 5)
    r = compute("IntegerLookup", {"vocabulary": "1,2", "output_mode": "one_hot"}, input_shape="5")
    assert r.output_shape == (None, 5, 2 + 1)
    # A leading OOV token in the vocabulary is not counted twice.
    r = compute("IntegerLookup", {"vocabulary": "-1,2,3", "output_mode": "count"}, input_shape="5")
    assert r.output_shape == (None, 2 + 1)
    r = compute("StringLookup", {"vocabulary": "a,b", "num_oov_indices": 2,
                                 "output_mode": "multi_hot"}, input_shape="5")
    assert r.output_shape == (None, 2 + 2)
    r = compute("StringLookup", {"max_tokens": 10, "pad_to_max_tokens": "true",
                                 "output_mode": "multi_hot"}, input_shape="5")
    assert r.output_shape == (None, 10)
    assert compute("StringLookup", {"output_mode": "multi_hot"}, input_shape="5").output_shape == (None, None)
    raises(lambda: compute("IntegerLookup", {"vocabulary": "1,2,3", "max_tokens": 3}), "max_tokens")
    raises(lambda: compute("StringLookup", {"vocabulary": "a,a"}), "repeated")
    raises(lambda: compute("StringLookup", {"vocabulary": "a", "output_mode": "tf_idf"}), "idf_weights")


def test_text_vectorization():
    r = compute("TextVectorization", {"vocabulary": "a,b", "output_sequence_length": 7},
                input_shape="1")
    assert r.output_shape == (None, 7)
    # multi_hot: 2 tokens + the OOV token = 3, after a new (unknown) tokens axis.
    r = compute("TextVectorization", {"vocabulary": "a,b", "output_mode": "multi_hot"},
                input_shape="1")
    assert r.output_shape == (None, 1, 3)
    raises(lambda: compute("TextVectorization", {"output_mode": "count",
                                                 "output_sequence_length": 3}), "output_sequence_length")


def test_encoders():
    assert compute("CategoryEncoding", {"num_tokens": 4}, input_shape="5").output_shape == (None, 4)
    r = compute("CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot"}, input_shape="5")
    assert r.output_shape == (None, 5, 4)
    r = compute("Discretization", {"bin_boundaries": "0,1,2", "output_mode": "one_hot"}, input_shape="5")
    assert r.output_shape == (None, 5, 3 + 1)
    raises(lambda: compute("Discretization", {}, input_shape="5"), "bin_boundaries")
    assert compute("Hashing", {"num_bins": 3, "output_mode": "count"}, input_shape="4,5").output_shape == (None, 4, 3)
    r = compute("HashedCrossing", {"num_bins": 5, "output_mode": "one_hot"}, input_shape="1;1")
    assert r.output_shape == (None, 5)
    raises(lambda: compute("HashedCrossing", {"num_bins": 5}, input_shape="2;3"), "identical")


def test_image_resizers():
    assert compute("Resizing", {"height": 10, "width": 12}, input_shape="5,6,3").output_shape == (None, 10, 12, 3)
    r = compute("CenterCrop", {"height": 4, "width": 4, "data_format": "channels_first"},
                input_shape="3,5,6")
    assert r.output_shape == (None, 3, 4, 4)
    assert compute("Rescaling", {"scale": 0.5}, input_shape="5,6,3").output_shape == (None, 5, 6, 3)


def test_stft_odd_fft_length_halves_to_a_floor_and_says_so():
    r = compute("STFTSpectrogram", {"frame_length": 31, "fft_length": 31}, input_shape="100,1")
    bins = 31 // 2 + 1  # 16 frequency bins: 0..15
    assert r.total_params == 2 * 31 * 1 * bins == 992
    assert "floor(fft_length/2)" in r.formula
