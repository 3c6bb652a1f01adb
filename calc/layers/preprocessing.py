"""Preprocessing layers: feature normalization and encoding, text and audio front ends,
and the image resizers.

Only two of them create weights: Normalization (a mean, a variance and a sample count,
all non-trainable, filled by adapt()) and STFTSpectrogram (its Fourier transform is a
convolution whose kernels start as sines and cosines and are trainable). The others
are fixed functions; for them the output shape is what matters, and for the lookup
layers it depends on the vocabulary. Keras only knows the vocabulary size once a
vocabulary is given (or adapt() ran), so here the vocabulary is an argument: a list.
"""

from calc.args import Arg, Input, to_float, to_int
from calc.dims import sym
from calc.layers.reshaping import data_format_arg
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, received, shorten, split_items
from calc.weights import Weight

FIXED = "It applies a fixed rule set by its arguments; nothing is learned."


def float_list(raw, arg):
    """A list of numbers: '0, 0.5, 1' or [0, 0.5, 1]."""
    return tuple(to_float(x, arg.name) for x in split_items(raw))


def int_tokens(raw, arg):
    return tuple(to_int(x, arg.name) for x in split_items(raw))


def str_tokens(raw, arg):
    if isinstance(raw, str):
        items = split_items(raw)
        return tuple(x.strip("'\"") if isinstance(x, str) else x for x in items)
    return tuple(str(x) for x in raw)


def int_token(raw, arg):
    return to_int(raw, arg.name)  # any integer: mask 0 and OOV -1 are usual


def str_token(raw, arg):
    if not isinstance(raw, str):
        raise ValueError("%s must be a string. %s" % (arg.name, received(arg.name, raw)))
    return raw


def _output_mode(modes, default="int"):
    return Arg("output_mode", "choice", default, "How each value is encoded: 'int' keeps "
               "one index per value; the others add or replace an axis of size depth.",
               choices=modes)


# Normalization ----------------------------------------------------------------------

def parse_axis(raw, arg):
    """An int, a tuple of ints, or None (= one mean and variance for everything)."""
    return tuple(to_int(x, arg.name) for x in split_items(raw))


def parse_stat(raw, arg):
    """mean / variance given directly: a number or a flat list of numbers. Returned as
    ("scalar", value) or ("list", values) since only the shape matters here."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return ("scalar", to_float(raw, arg.name))
    items = split_items(raw)
    if isinstance(raw, str) and raw.strip()[:1] not in ("[", "(") and len(items) == 1:
        return ("scalar", to_float(items[0], arg.name))
    return ("list", tuple(to_float(x, arg.name) for x in items))


class Normalization(LayerSpec):
    family = "preprocessing"
    summary = ("Standardizes features to zero mean and unit variance, using a mean and "
               "variance learned by adapt() (or given).")
    args = (
        Arg("axis", parse_axis, (-1,), "Axis or axes that keep their own mean and variance "
            "(the others are averaged over); None means one for everything.", counts=True,
            none_ok=True),
        Arg("mean", parse_stat, None, "A fixed mean (number or list); with variance, the "
            "layer stores constants instead of weights.", counts=True, none_ok=True),
        Arg("variance", parse_stat, None, "A fixed variance, same shape as mean.",
            counts=True, none_ok=True),
        Arg("invert", "bool", False, "Undo the normalization instead; never changes the count."),
    )
    inputs = (Input("input", 1, example=(16,)),)

    def _kept(self, cfg, shapes):
        """The kept axes, as Keras sorts them (indices in the shape with the batch axis)."""
        ndim = len(shapes[0])
        axes = cfg["axis"] or ()
        for a in axes:
            if a < -ndim or a >= ndim:
                raise ValueError("All `axis` values must be in the range [-ndim, ndim). "
                                 "Received inputs with ndim=%d, while axis=%s"
                                 % (ndim, fmt_shape(axes)))
        kept = sorted(a + ndim if a < 0 else a for a in axes)
        for i in range(1, len(kept)):
            if kept[i] == kept[i - 1]:
                # Keras builds it but fails on first use (its reshape sizes disagree).
                raise ValueError("`axis` names axis %d twice. Received: axis=%s"
                                 % (kept[i], fmt_shape(axes)))
        return kept

    def check(self, cfg, shapes):
        mean, var = cfg["mean"], cfg["variance"]
        axes = cfg["axis"] or ()
        if (mean is None) != (var is None):
            raise ValueError("When setting values directly, both `mean` and `variance` must "
                             "be set. Received: mean=%s and variance=%s" % (mean, var))
        if mean is not None:
            if mean[0] != var[0] or mean[0] == "list" and len(mean[1]) != len(var[1]):
                raise ValueError("When setting values directly, `mean` and `variance` must "
                                 "have the same shape.")
            if mean[0] == "list" and len(axes) < 1:
                raise ValueError("The rank of `mean` must be less than or equal to the number "
                                 "of axes (0). Received: mean of rank 1 for axis=None")
        kept = self._kept(cfg, shapes)
        for d in kept:
            if shapes[0][d] is None:
                raise ValueError("All `axis` values to be kept must have a known shape. "
                                 "Received axis=%s, inputs.shape=%s, with unknown axis at "
                                 "index %d" % (fmt_shape(axes), fmt_shape(shapes[0]), d))
        if mean is not None and mean[0] == "list":
            # The list lines up with the last kept axis and must broadcast to it.
            n = shapes[0][kept[-1]]
            if len(mean[1]) not in (1, n):
                raise ValueError("`mean` has %d values but the kept axis %d has size %d. "
                                 "Received: mean=%s" % (len(mean[1]), kept[-1], n,
                                                       shorten(list(mean[1]))))

    def build(self, cfg, shapes):
        if cfg["mean"] is not None:
            return []  # given constants are stored as plain tensors, not weights
        dims = [self.input_dim(shapes, d, "d%d" % d, "axis %d (kept by `axis`: one mean and variance per position)" % d, "d_{%d}" % d)
                for d in self._kept(cfg, shapes)]
        return [Weight("mean", dims, False), Weight("variance", dims, False),
                Weight("count", [], False)]

    def sample(self, rng):
        rank = rng.randint(1, 3)
        shape = tuple(None if rng.chance(0.05) else rng.randint(1, 12) for _ in range(rank))
        args = {}
        choice = rng.randint(0, 5)
        if choice == 1:
            args["axis"] = None
        elif choice == 2 and rank >= 2:
            args["axis"] = (1, rank)
        elif choice == 3:
            args["axis"] = rng.randint(-rank, rank)
        if rng.chance(0.2):
            args["mean"], args["variance"] = 0.5, 2.0
        if rng.chance(0.1):
            args["trainable"] = False
        return args, [shape]


# Discretization ---------------------------------------------------------------------

class Discretization(LayerSpec):
    family = "preprocessing"
    summary = "Buckets numbers into ranges (bins) and outputs the bin index or its encoding."
    weight_free_reason = "Its bin boundaries are constants, given or found by adapt(); no weights."
    args = (
        Arg("bin_boundaries", float_list, None, "Sorted edges of the bins, e.g. (0, 1, 2): "
            "n edges make n + 1 bins.", none_ok=True, example=(0.0, 1.0, 2.0)),
        Arg("num_bins", "int", None, "Number of bins to find with adapt(), instead of "
            "bin_boundaries.", low=0, none_ok=True),
        _output_mode(("int", "one_hot", "multi_hot", "count")),
    )
    inputs = (Input("input", 1, example=(5,)),)

    def check(self, cfg, shapes):
        if cfg["num_bins"] is not None and cfg["bin_boundaries"] is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             "`num_bins=%s` and `bin_boundaries=%s`"
                             % (cfg["num_bins"], list(cfg["bin_boundaries"])))
        if cfg["num_bins"] is None and cfg["bin_boundaries"] is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        mode = cfg["output_mode"]
        if mode == "int":
            return shape
        b = cfg["bin_boundaries"]
        depth = len(b) + 1 if b is not None else cfg["num_bins"]
        if mode == "one_hot":
            if shape[-1] == 1 and len(shape) > 1:
                return shape[:-1] + (depth,)
            return shape + (depth,)
        # Keras drops the axis after the batch axis here, whatever the rank.
        return (shape[0],) + shape[2:] + (depth,)

    def sample(self, rng):
        args = {"output_mode": rng.choice(self.arg("output_mode").choices)}
        if rng.chance(0.8):
            args["bin_boundaries"] = tuple(float(i) for i in range(rng.randint(0, 6)))
        else:
            args["num_bins"] = rng.randint(1, 8)
        return args, [tuple(rng.randint(1, 8) for _ in range(rng.randint(1, 3)))]


# Vocabulary lookups -----------------------------------------------------------------

def vocabulary_size(cfg, mask_token, oov_token, name):
    """Keras's index_lookup: the number of indices the layer outputs (its depth), or None
    when no vocabulary is given. Raises what set_vocabulary() raises."""
    mode = cfg["output_mode"]
    oov_start = 1 if mask_token is not None and mode == "int" else 0
    token_start = oov_start + cfg["num_oov_indices"]
    vocab = cfg["vocabulary"]
    idf = cfg.get("idf_weights")
    if vocab is None:
        return None
    if mode == "tf_idf" and idf is None:
        raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
    if not vocab:
        raise ValueError("Cannot set an empty vocabulary. Received: vocabulary=[]")
    # A vocabulary may start with exactly the special tokens; they are not counted twice.
    # The list of special tokens is built only when the vocabulary is long enough to hold
    # it: num_oov_indices=300000000 is a valid count, not 300 million list items.
    tokens = vocab
    if token_start <= len(vocab):
        special = [mask_token] * oov_start + [oov_token] * cfg["num_oov_indices"]
        if list(vocab[:token_start]) == special:
            tokens = vocab[token_start:]
    seen = {}  # a dict, not a list: a 6,000-word vocabulary was checked in O(n^2), 100 ms a time
    for t in tokens:
        key = repr(t)  # 1, True, 1.0 and "1" are different tokens
        if key in seen:
            raise ValueError("The passed vocabulary has at least one repeated term. Please "
                             "uniquify your dataset. The repeated terms are: [%r]" % (t,))
        seen[key] = True
    if mask_token is not None and mask_token in tokens:
        raise ValueError("Found reserved mask token at unexpected location in `vocabulary`. "
                         "Received: mask_token=%r" % (mask_token,))
    if oov_token is not None and cfg.get("invert") and oov_token in tokens:
        raise ValueError("Found reserved OOV token at unexpected location in `vocabulary`. "
                         "Received: oov_token=%r" % (oov_token,))
    size = token_start + len(tokens)
    if cfg["max_tokens"] is not None and size > cfg["max_tokens"]:
        raise ValueError("Attempted to set a vocabulary larger than the maximum vocab size. "
                         "Received vocabulary size is %d; `max_tokens` is %d."
                         % (size, cfg["max_tokens"]))
    if mode == "tf_idf" and len(idf) != len(vocab):
        raise ValueError("`idf_weights` must be the same length as vocabulary. "
                         "len(idf_weights) is %d; len(vocabulary) is %d" % (len(idf), len(vocab)))
    return size


def check_lookup_args(cfg, name):
    mode = cfg["output_mode"]
    if cfg["max_tokens"] is not None and cfg["max_tokens"] <= 1:
        raise ValueError("If `max_tokens` is set for `%s`, it must be greater than 1. "
                         "Received: max_tokens=%s" % (name, cfg["max_tokens"]))
    if cfg["pad_to_max_tokens"] and cfg["max_tokens"] is None:
        raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. "
                         "Received: max_tokens=None")
    if cfg.get("invert") and mode != "int":
        raise ValueError("`output_mode` must be `'int'` when `invert` is true. "
                         "Received: output_mode=%s" % mode)
    if cfg.get("idf_weights") is not None and mode != "tf_idf":
        raise ValueError("`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                         "Received: output_mode=%s" % mode)


def lookup_output(shape, mode, depth):
    """Keras's index_lookup compute_output_shape."""
    if mode == "int":
        return shape
    if mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            return shape[:-1] + (depth,)
        return shape + (depth,)
    return shape[:-1] + (depth,)  # multi_hot, count, tf_idf: the last axis is the sample


LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def lookup_args(token_kind, tokens_kind, oov_default, example_vocab):
    return (
        Arg("max_tokens", "int", None, "Largest vocabulary size allowed (with the mask and "
            "OOV indices); the depth when pad_to_max_tokens.", none_ok=True, low=0),
        Arg("num_oov_indices", "int", 1, "How many indices out-of-vocabulary tokens share.",
            low=0),
        Arg("mask_token", token_kind, None, "A token meaning 'padding', given index 0 in "
            "'int' mode.", none_ok=True),
        Arg("oov_token", token_kind, oov_default, "The token standing for out-of-vocabulary "
            "values (used when invert=True)."),
        Arg("vocabulary", tokens_kind, None, "The vocabulary as a list; its length (plus mask "
            "and OOV indices) is the depth of the encoded outputs. Without it Keras needs "
            "adapt() and the depth is unknown (None).", none_ok=True, example=example_vocab),
        Arg("idf_weights", float_list, None, "Inverse document frequencies, one per "
            "vocabulary entry (tf_idf mode only).", none_ok=True),
        Arg("invert", "bool", False, "Map indices back to tokens ('int' mode only)."),
        _output_mode(LOOKUP_MODES),
        Arg("pad_to_max_tokens", "bool", False, "Make the encoded axis max_tokens long "
            "whatever the vocabulary size."),
    )


def _sample_lookup(entry, rng, tokens):
    args = {"output_mode": rng.choice(LOOKUP_MODES)}
    if rng.chance(0.9):
        args["vocabulary"] = tuple(tokens[:rng.randint(1, len(tokens))])
        if args["output_mode"] == "tf_idf":
            args["idf_weights"] = tuple(1.0 for _ in args["vocabulary"])
    if rng.chance(0.3):
        args["num_oov_indices"] = rng.randint(0, 3)
    if rng.chance(0.2):
        args["mask_token"] = tokens[-1]
    if rng.chance(0.3):
        args["max_tokens"] = rng.randint(2, 16)
        args["pad_to_max_tokens"] = rng.chance(0.5)
    if args["output_mode"] == "int" and rng.chance(0.2):
        args["invert"] = True
    return args


class Lookup(LayerSpec):
    """IntegerLookup and StringLookup: map each token to its vocabulary index."""

    family = "preprocessing"
    weight_free_reason = ("Its vocabulary is a lookup table of constants, not weights; "
                          "count_params() is 0.")
    # Any rank: a model may feed it one token per example, (batch,).
    inputs = (Input("input", 0, example=(5,)),)

    def __init__(self, name, token_kind, tokens_kind, oov_default, example_vocab, sample_tokens,
                 what, dtype):
        self.sample_tokens = sample_tokens
        LayerSpec.__init__(self, name, args=lookup_args(token_kind, tokens_kind, oov_default,
                                                        example_vocab), input_dtypes=(dtype,),
                           summary="Maps %s to their indices in a vocabulary, then optionally "
                           "encodes the indices (one-hot, multi-hot, counts, TF-IDF)." % what)

    def check(self, cfg, shapes):
        check_lookup_args(cfg, self.name)
        vocabulary_size(cfg, cfg["mask_token"], cfg["oov_token"], self.name)

    def output_shape(self, cfg, shapes):
        mode = cfg["output_mode"]
        depth = cfg["max_tokens"] if cfg["pad_to_max_tokens"] else \
            vocabulary_size(cfg, cfg["mask_token"], cfg["oov_token"], self.name)
        return lookup_output(shapes[0], mode, depth)

    def sample(self, rng):
        args = _sample_lookup(self, rng, self.sample_tokens)
        return args, [tuple(rng.randint(1, 8) for _ in range(rng.randint(1, 3)))]


class TextVectorization(LayerSpec):
    family = "preprocessing"
    summary = ("Turns strings into sequences of token indices (or bag-of-words vectors): "
               "standardize, split, then look each token up in a vocabulary.")
    weight_free_reason = ("Its vocabulary is a lookup table of constants, not weights; "
                          "count_params() is 0.")
    args = (
        Arg("max_tokens", "int", None, "Largest vocabulary size (with the mask and OOV "
            "tokens).", none_ok=True, low=0),
        Arg("split", "choice", "whitespace", "How strings are cut into tokens; None keeps "
            "each string whole (changes the encoded shape).",
            choices=("whitespace", "character", None)),
        _output_mode(LOOKUP_MODES),
        Arg("output_sequence_length", "int", None, "Pad or cut every sequence to this length "
            "('int' mode only); None leaves the length unknown.", none_ok=True, low=0),
        Arg("pad_to_max_tokens", "bool", False, "Make the encoded axis max_tokens long."),
        Arg("vocabulary", str_tokens, None, "The vocabulary as a list of strings; with the "
            "OOV token it gives the encoded depth. Without it Keras needs adapt() and the "
            "depth is unknown (None).", none_ok=True, example=("the", "cat", "sat")),
        Arg("idf_weights", float_list, None, "Inverse document frequencies, one per "
            "vocabulary entry (tf_idf mode only).", none_ok=True),
    )
    input_dtypes = ("string",)  # its tokens, as Keras is fed them
    inputs = (Input("input", 0, 2, example=(1,)),)

    def _cfg(self, cfg):
        # The layer's inner StringLookup: mask "" (index 0 in 'int' mode), one OOV "[UNK]".
        inner = dict(cfg)
        inner["num_oov_indices"] = 1
        return inner

    def check(self, cfg, shapes):
        if cfg["output_mode"] != "int" and cfg["output_sequence_length"] is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is "
                             "not 'int'. Received output_sequence_length=%s."
                             % cfg["output_sequence_length"])
        check_lookup_args(self._cfg(cfg), self.name)
        vocabulary_size(self._cfg(cfg), "", "[UNK]", self.name)

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        mode = cfg["output_mode"]
        if mode == "int":
            return (shape[0], cfg["output_sequence_length"])
        if cfg["split"] is None:
            if len(shape) <= 1:
                shape = shape + (1,)
        else:
            shape = shape + (None,)  # the tokens of each string
        depth = cfg["max_tokens"] if cfg["pad_to_max_tokens"] else \
            vocabulary_size(self._cfg(cfg), "", "[UNK]", self.name)
        return lookup_output(shape, mode, depth)

    def sample(self, rng):
        args = _sample_lookup(self, rng, ("a", "b", "c", "d", "e", "f"))
        args.pop("num_oov_indices", None)
        args.pop("mask_token", None)
        args.pop("invert", None)
        if args["output_mode"] == "int" and rng.chance(0.5):
            args["output_sequence_length"] = rng.randint(1, 20)
        if rng.chance(0.3):
            args["split"] = rng.choice(["character", None])
        return args, [tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))]


# Categorical encoders ---------------------------------------------------------------

class CategoryEncoding(LayerSpec):
    family = "preprocessing"
    summary = "Encodes integer ids below num_tokens as one-hot, multi-hot or count vectors."
    weight_free_reason = FIXED
    args = (
        Arg("num_tokens", "int", help="Number of distinct ids (the size of the encoded axis).",
            example=4, sample=(1, 16)),
        _output_mode(("one_hot", "multi_hot", "count"), "multi_hot"),
    )
    input_dtypes = ("int32",)  # its tokens, as Keras is fed them
    inputs = (Input("input", 1, example=(3,)),)

    def output_shape(self, cfg, shapes):
        shape, n = shapes[0], cfg["num_tokens"]
        if cfg["output_mode"] == "one_hot" and (shape[-1] != 1 or len(shape) == 1):
            return shape + (n,)
        return shape[:-1] + (n,)


class Hashing(LayerSpec):
    family = "preprocessing"
    summary = "Hashes each value (string or integer) into one of num_bins buckets."
    weight_free_reason = FIXED
    args = (
        Arg("num_bins", "int", help="Number of buckets (including the mask bucket, if any).",
            example=8, sample=(1, 16)),
        Arg("mask_value", "str", None, "A value sent to bucket 0 (others hash into the "
            "remaining buckets); never changes the shape.", none_ok=True),
        _output_mode(("int", "one_hot", "multi_hot", "count")),
    )
    input_dtypes = ("string",)  # its tokens, as Keras is fed them
    inputs = (Input("input", 1, example=(3,)),)

    def output_shape(self, cfg, shapes):
        if cfg["output_mode"] == "int":
            return shapes[0]
        return shapes[0][:-1] + (cfg["num_bins"],)


class HashedCrossing(LayerSpec):
    family = "preprocessing"
    summary = "Crosses two categorical features by hashing each pair of values into num_bins buckets."
    weight_free_reason = FIXED
    args = (
        Arg("num_bins", "int", help="Number of hash buckets.", example=5, sample=(1, 16)),
        _output_mode(("int", "one_hot")),
    )
    input_dtypes = ("string", "int64")  # its tokens, as Keras is fed them
    inputs = (Input("feature_1", 0, 1, example=(1,)), Input("feature_2", 0, 1, example=(1,)))

    def check(self, cfg, shapes):
        if shapes[0][-1] != shapes[1][-1]:
            raise ValueError("Expected the two input tensors to have identical shapes. "
                             "Received input_shape=[%s, %s]" % (fmt_shape(shapes[0]),
                                                                fmt_shape(shapes[1])))

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        if cfg["output_mode"] == "int":
            return shape
        if shape[-1] != 1:
            return shape + (cfg["num_bins"],)
        return shape[:-1] + (cfg["num_bins"],)

    def sample(self, rng):
        args = sample_args(self, rng)
        rank = rng.randint(0, 1)
        shape = tuple(rng.choice([1, 1, 4, None]) for _ in range(rank))
        other = shape if rng.chance(0.9) else (7,)
        return args, [shape, other]


# Audio ------------------------------------------------------------------------------

def next_power_of_two(n):
    p = 1
    while p < n:
        p *= 2
    return p


class MelSpectrogram(LayerSpec):
    family = "preprocessing"
    summary = ("Turns raw audio into a mel-scaled spectrogram: (batch, num_mel_bins, "
               "frames).")
    weight_free_reason = "Its Fourier transform and mel filters are fixed; nothing is learned."
    args = (
        Arg("fft_length", "int", 2048, "Samples per Fourier transform.", sample=(16, 1024)),
        Arg("sequence_stride", "int", 512, "Samples between frames; sets the number of frames.",
            sample=(8, 512)),
        Arg("sequence_length", "int", None, "Window length (at most fft_length); None means "
            "fft_length.", none_ok=True),
        Arg("num_mel_bins", "int", 128, "Number of mel bands (the output's second axis).",
            sample=(1, 128)),
    )
    inputs = (Input("audio", 1, 1, example=(16000,)),)

    def check(self, cfg, shapes):
        length = cfg["sequence_length"] or cfg["fft_length"]
        if cfg["fft_length"] < length:
            raise ValueError("`fft_length` must be greater than or equal to `sequence_length`. "
                             "Received: `sequence_length`=%d, `fft_length`=%d."
                             % (length, cfg["fft_length"]))

    def output_shape(self, cfg, shapes):
        n = shapes[0][1]
        stride = cfg["sequence_stride"]
        # Keras's frame count (with centred padding): (samples + stride + 1) // stride.
        frames = None if n is None else (n + stride + 1) // stride
        return (shapes[0][0], cfg["num_mel_bins"], frames)

    def sample(self, rng):
        args = sample_args(self, rng)
        return args, [(rng.choice([None, 100, 1000, 16000]),)]


class STFTSpectrogram(LayerSpec):
    family = "preprocessing"
    summary = ("A short-time Fourier transform written as a 1D convolution whose kernels "
               "start as the Fourier basis and can be trained.")
    args = (
        Arg("mode", "choice", "log", "What is output; 'real' keeps only the real kernel, "
            "'imag' only the imaginary one, 'stft' doubles the frequency axis.", counts=True,
            choices=("log", "magnitude", "psd", "real", "imag", "angle", "stft")),
        Arg("frame_length", "int", 256, "Samples per frame: the kernels' first axis.",
            counts=True, sample=(4, 64)),
        Arg("frame_step", "int", None, "Samples between frames; None means frame_length // 2.",
            none_ok=True, sample=(1, 8)),
        Arg("fft_length", "int", None, "FFT size (>= frame_length); fft_length // 2 + 1 "
            "frequency bins. None (the default) takes the smallest power of two that is at "
            "least frame_length: 256 for frame_length=256, 512 for 400.", counts=True, none_ok=True,
            sample=(4, 80)),
        Arg("padding", "choice", "valid", "'valid' or 'same' framing of the signal.",
            choices=("valid", "same")),
        Arg("expand_dims", "bool", False, "Keep frequencies and channels on separate axes."),
        data_format_arg("changes the output's axis order."),
    )
    inputs = (Input("audio", 2, 2, example=(16000, 1)),)

    def _fft(self, cfg):
        return cfg["fft_length"] or next_power_of_two(cfg["frame_length"])

    def check(self, cfg, shapes):
        step, length, fft = cfg["frame_step"], cfg["frame_length"], cfg["fft_length"]
        if step is not None and step > length:
            raise ValueError("`frame_step` should be a positive integer not greater than "
                             "`frame_length`. Received frame_step=%d, frame_length=%d"
                             % (step, length))
        if fft is not None and fft < length:
            raise ValueError("`fft_length` should be not less than `frame_length`. "
                             "Received fft_length=%d, frame_length=%d" % (fft, length))
        # Keras multiplies the channel count into the output shape: it must be known.
        self.input_dim(shapes, -1 if cfg["data_format"] != "channels_first" else 1,
                       "C_in", "channels axis", r"C_{\mathrm{in}}")
        self.output_shape(cfg, shapes)

    def build(self, cfg, shapes):
        length = sym("frame_length", cfg["frame_length"], r"\mathrm{frame\_length}")
        fft = sym("fft_length", self._fft(cfg), r"\mathrm{fft\_length}")
        # One kernel per output frequency bin 0..floor(fft_length/2); one input channel,
        # since Keras folds the channels into the batch.
        shape = [length, 1, fft.floor_div(2) + 1]
        weights = []
        if cfg["mode"] != "imag":
            weights.append(Weight("real_kernel", shape))
        if cfg["mode"] != "real":
            weights.append(Weight("imag_kernel", shape))
        return weights

    def output_shape(self, cfg, shapes):
        shape = shapes[0]
        last = cfg["data_format"] != "channels_first"
        n, channels = (shape[1], shape[2]) if last else (shape[2], shape[1])
        freq = self._fft(cfg) // 2 + 1
        if cfg["mode"] == "stft":
            freq *= 2
        step = cfg["frame_step"] or cfg["frame_length"] // 2
        frames = None
        if n is not None:
            if cfg["padding"] == "valid":
                frames = (n - cfg["frame_length"]) // step + 1
            else:
                frames = (n - 1) // step + 1
            if frames <= 0:
                raise ValueError("Computed output size would be zero or negative: %d samples "
                                 "are fewer than frame_length=%d with padding='valid'. "
                                 "Received: input_shape=%s"
                                 % (n, cfg["frame_length"], fmt_shape(shape[1:])))
        if cfg["expand_dims"]:
            return (shape[0], frames, freq, channels) if last else (shape[0], channels, frames, freq)
        both = None if channels is None else freq * channels
        return (shape[0], frames, both) if last else (shape[0], both, frames)

    def sample(self, rng):
        args = sample_args(self, rng)
        if args.get("fft_length") is not None and args["fft_length"] < args["frame_length"]:
            args["fft_length"] = args["frame_length"] + rng.randint(0, 8)
        n = rng.choice([None, 100, 500])
        c = rng.choice([1, 2, 3, 2, None])
        shape = (n, c) if args["data_format"] == "channels_last" else (c, n)
        return args, [shape]


# Image resizing ---------------------------------------------------------------------

class Rescaling(LayerSpec):
    family = "preprocessing"
    summary = "Multiplies every value by scale and adds offset (e.g. pixels 0-255 to 0-1)."
    weight_free_reason = "scale and offset are fixed constants, not weights."
    args = (
        Arg("scale", "float", help="The factor, e.g. 1/255 = 0.00392.", example=1 / 255,
            sample=[0.5, 0.00392, 2.0]),
        Arg("offset", "float", 0.0, "Added after scaling."),
    )
    inputs = (Input("input", 1, example=(224, 224, 3)),)


class ImageResize(LayerSpec):
    """Resizing and CenterCrop: the images' height and width become the arguments."""

    family = "preprocessing"
    weight_free_reason = FIXED
    inputs = (Input("images", 3, 3, example=(256, 256, 3)),)

    def output_shape(self, cfg, shapes):
        out = list(shapes[0])
        start = 2 if cfg["data_format"] == "channels_first" else 1
        out[start], out[start + 1] = cfg["height"], cfg["width"]
        return tuple(out)


def _height_width():
    return (Arg("height", "int", help="Output height.", example=224, sample=(1, 32)),
            Arg("width", "int", help="Output width.", example=224, sample=(1, 32)))


register(
    Normalization("Normalization"),
    Discretization("Discretization"),
    Lookup("IntegerLookup", int_token, int_tokens, -1, (12, 36, 1138, 42), (3, 5, 7, 9, 11, 13),
           "integer tokens", "int64"),
    Lookup("StringLookup", str_token, str_tokens, "[UNK]", ("a", "b", "c", "d"),
           ("a", "b", "c", "d", "e", "f"), "string tokens", "string"),
    TextVectorization("TextVectorization"),
    CategoryEncoding("CategoryEncoding"),
    Hashing("Hashing"),
    HashedCrossing("HashedCrossing"),
    MelSpectrogram("MelSpectrogram"),
    STFTSpectrogram("STFTSpectrogram"),
    Rescaling("Rescaling"),
    ImageResize("Resizing", summary="Resizes images to height x width (interpolating, or "
                "cropping/padding to keep the aspect ratio).",
                args=_height_width() + (
                    Arg("interpolation", "choice", "bilinear", "Resampling method; never "
                        "changes the shape.", choices=("bilinear", "nearest", "bicubic",
                                                       "lanczos3", "lanczos5", "area")),
                    Arg("crop_to_aspect_ratio", "bool", False, "Crop first so the aspect "
                        "ratio is kept; the output is still height x width."),
                    Arg("pad_to_aspect_ratio", "bool", False, "Pad first so the aspect "
                        "ratio is kept; the output is still height x width."),
                    data_format_arg("changes which axes are height and width."))),
    ImageResize("CenterCrop", summary="Crops the central height x width window of each "
                "image (resizing first if the image is smaller).",
                args=_height_width() + (data_format_arg("changes which axes are height "
                                                        "and width."),)),
)
