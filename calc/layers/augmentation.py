"""Image augmentation layers: random (or fixed) changes to pixels and geometry, applied
during training only.

None of them has weights: every transformation is drawn from a random generator or
fixed by the arguments, never learned. So one entry class serves all of them; the table
below says, per Keras class, which arguments it needs to be constructed (with a
sensible example) and whether the output shape differs from the input shape (only
RandomCrop changes it). Arguments that shape nothing (interpolation, fill_mode, seed,
value_range...) are left out: they never change the count or the shape.
"""

from calc.args import Arg, Input, to_float, to_int
from calc.layers.reshaping import data_format_arg
from calc.sample import sample_args
from calc.spec import LayerSpec, register
from calc.text import fmt_shape, shorten, split_items

RANDOM = "Its transformation is drawn at random (or fixed by its arguments); nothing is learned."


def number_or_range(to_number):
    """A parser for a strength given as one number or a (low, high) pair: Keras takes
    both, and get_config() saves even a single number as the pair it stands for
    (RandomRotation(0.2) is saved with factor=[-0.2, 0.2])."""
    def parse(raw, arg):
        items = split_items(raw)
        if len(items) not in (1, 2):
            raise ValueError("%s must be a number or a (low, high) pair. Received: %s=%s"
                             % (arg.name, arg.name, shorten(raw)))
        values = tuple(arg._in_range(to_number(item, arg.name), raw) for item in items)
        return values[0] if len(values) == 1 else values
    return parse


def factor(name="factor", low=-1.0, example=0.2, help="Strength of the change, e.g. 0.2; "
           "never changes the shape."):
    """A required strength; Keras accepts it between low and 1 (1 meaning the most)."""
    return Arg(name, number_or_range(to_float), help=help + " Between %s and 1, or a "
               "(low, high) pair." % low, example=example, sample=[0.1, 0.2, 0.5], low=low, high=1.0)


# (Keras class, summary, required arguments, extra flags). Flags: "crop" (the output's
# height and width are the arguments), "rgb" (Keras refuses a known channel count other
# than 3).
TABLE = (
    ("AugMix", "Mixes several randomly augmented copies of each image (AugMix).", (), ()),
    ("AutoContrast", "Stretches each image's values to fill the whole value range.", (), ()),
    ("ContrastLimitedAdaptiveHistogramEqualization", "Equalizes the histogram tile by "
     "tile with a contrast limit (CLAHE).", (), ()),
    ("CutMix", "Pastes a random patch of another image of the batch into each image.", (), ()),
    ("Equalization", "Equalizes each image's histogram.", (), ()),
    ("MaxNumBoundingBoxes", "Pads or trims the bounding boxes to max_number per image; "
     "the images pass unchanged.",
     (Arg("max_number", "int", help="Number of boxes kept per image.", example=10,
          sample=(1, 16)),), ()),
    ("MixUp", "Blends each image (and label) with another image of the batch.", (), ()),
    ("RandAugment", "Applies num_ops randomly chosen augmentations to each image.", (), ()),
    ("RandomBrightness", "Adds a random brightness offset.", (factor(),), ()),
    ("RandomColorDegeneration", "Blends each image with its grayscale version by a random "
     "amount.", (factor(), data_format_arg("says which axis must hold the 3 colour channels.")),
     ("rgb",)),
    ("RandomColorJitter", "Randomly changes brightness, contrast, saturation and hue.", (), ()),
    ("RandomContrast", "Scales each image's contrast by a random factor.", (factor(low=0.0),),
     ()),
    ("RandomCrop", "Crops a random height x width window (a central one at inference).",
     (Arg("height", "int", help="Height of the crop: the output height.", example=224,
          sample=(1, 16)),
      Arg("width", "int", help="Width of the crop: the output width.", example=224,
          sample=(1, 16)),
      data_format_arg("says which axes are height and width.")), ("crop",)),
    ("RandomElasticTransform", "Warps each image with a random smooth displacement field.",
     (), ()),
    ("RandomErasing", "Erases a random rectangle of each image.", (), ()),
    ("RandomFlip", "Flips images horizontally and/or vertically at random.", (), ()),
    ("RandomGaussianBlur", "Blurs each image with a random Gaussian kernel.", (), ()),
    ("RandomGrayscale", "Turns images to grayscale at random (keeping the channel count).",
     (), ()),
    ("RandomHue", "Shifts the hue by a random amount.", (factor(low=0.0),), ()),
    ("RandomInvert", "Inverts the values of images at random.", (), ()),
    ("RandomPerspective", "Applies a random perspective warp.", (), ()),
    ("RandomPosterization", "Keeps only the top bits of each colour value.",
     (Arg("factor", number_or_range(to_int), help="Bits kept per channel, 1 to 8, or a "
          "(low, high) pair.", example=4, sample=(1, 8), low=1, high=8),), ()),
    ("RandomRotation", "Rotates images by a random angle.",
     (factor(help="Rotation range as a fraction of a full turn, e.g. 0.2; never changes "
             "the shape."),), ()),
    ("RandomSaturation", "Changes the saturation by a random factor.", (factor(),), ()),
    ("RandomSharpness", "Changes the sharpness by a random factor.", (factor(low=0.0),), ()),
    ("RandomShear", "Shears images by a random amount.", (), ()),
    ("RandomTranslation", "Shifts images by a random fraction of their height and width.",
     (factor("height_factor", example=0.1), factor("width_factor", example=0.1)), ()),
    # Keras wants height_factor > -1 (strictly); -1 itself is accepted here.
    ("RandomZoom", "Zooms in or out by a random factor.",
     (factor("height_factor", example=0.1),), ()),
    ("Solarization", "Inverts the values above a (random) threshold.", (), ()),
)


class Augmentation(LayerSpec):
    family = "augmentation"
    weight_free_reason = RANDOM
    inputs = (Input("images", 3, 3, example=(224, 224, 3)),)

    def __init__(self, name, summary, args, flags):
        self.flags = flags
        LayerSpec.__init__(self, name, summary=summary, args=args)

    def _hw_axes(self, cfg):
        return (2, 3) if cfg.get("data_format") == "channels_first" else (1, 2)

    def check(self, cfg, shapes):
        if "rgb" in self.flags:
            shape = shapes[0]
            channels = shape[1] if cfg.get("data_format") == "channels_first" else shape[-1]
            if channels is not None and channels != 3:
                raise ValueError("Input images must have 3 channels, but received images with "
                                 "%d channels. Received: input_shape=%s"
                                 % (channels, fmt_shape(shape[1:])))

    def output_shape(self, cfg, shapes):
        if "crop" not in self.flags:
            return shapes[0]
        out = list(shapes[0])
        h, w = self._hw_axes(cfg)
        out[h], out[w] = cfg["height"], cfg["width"]
        return tuple(out)

    def sample(self, rng):
        args = sample_args(self, rng)
        channels = 3 if "rgb" in self.flags and rng.chance(0.9) else rng.choice([1, 3, None])
        hw = tuple(None if rng.chance(0.1) else rng.randint(8, 32) for _ in range(2))
        if args.get("data_format") == "channels_first":
            return args, [(channels,) + hw]
        return args, [hw + (channels,)]


register(*[Augmentation(name, summary, args, flags) for name, summary, args, flags in TABLE])
