"""Catalogue entries, one module per family, imported only when a layer of theirs is asked for.

Importing all sixteen modules is most of calc's start-up time (about 170 ms in the browser's
MicroPython), and a page or a command needs one or two of them. INDEX says which module
registers each class name and alias; `calc.catalogue.find` imports just that module, and
`calc.catalogue.LAYERS` imports them all, in MODULES order. tests/test_catalogue_index.py
checks INDEX against what each module really registers.
"""

# The order of the catalogue (CLI listing, site navigation).
MODULES = ("core", "einsum", "embedding_extra", "core_weightfree", "convolution", "pooling",
           "recurrent", "wrappers", "attention", "normalization", "activation", "merging",
           "regularization", "reshaping", "preprocessing", "augmentation", "applications")

_NAMES = {
    "core": "Dense Embedding",
    "einsum": "EinsumDense",
    "embedding_extra": "ReversibleEmbedding",
    "core_weightfree": "Identity Masking InputLayer",
    "convolution": "Conv1D Convolution1D Conv2D Convolution2D Conv3D Convolution3D Conv1DTranspose "
                   "Convolution1DTranspose Conv2DTranspose Convolution2DTranspose Conv3DTranspose "
                   "Convolution3DTranspose SeparableConv1D SeparableConvolution1D SeparableConv2D "
                   "SeparableConvolution2D DepthwiseConv1D DepthwiseConv2D",
    "pooling": "MaxPooling1D MaxPool1D MaxPooling2D MaxPool2D MaxPooling3D MaxPool3D "
               "AveragePooling1D AvgPool1D AveragePooling2D AvgPool2D AveragePooling3D AvgPool3D "
               "GlobalMaxPooling1D GlobalMaxPool1D GlobalMaxPooling2D GlobalMaxPool2D "
               "GlobalMaxPooling3D GlobalMaxPool3D GlobalAveragePooling1D GlobalAvgPool1D "
               "GlobalAveragePooling2D GlobalAvgPool2D GlobalAveragePooling3D GlobalAvgPool3D "
               "AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D "
               "AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D",
    "recurrent": "SimpleRNN LSTM GRU ConvLSTM1D ConvLSTM2D ConvLSTM3D",
    "wrappers": "Bidirectional TimeDistributed SpectralNormalization",
    "attention": "MultiHeadAttention GroupQueryAttention GroupedQueryAttention Attention "
                 "AdditiveAttention",
    "normalization": "BatchNormalization LayerNormalization GroupNormalization RMSNormalization "
                     "UnitNormalization",
    "activation": "PReLU Activation ELU ReLU LeakyReLU Softmax",
    "merging": "Add Subtract Multiply Average Maximum Minimum Concatenate Dot",
    "regularization": "Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D GaussianDropout "
                      "GaussianNoise AlphaDropout ActivityRegularization",
    "reshaping": "Cropping1D Cropping2D Cropping3D ZeroPadding1D ZeroPadding2D ZeroPadding3D "
                 "UpSampling1D UpSampling2D UpSampling3D Flatten Permute RepeatVector Reshape",
    "preprocessing": "Normalization Discretization IntegerLookup StringLookup TextVectorization "
                     "CategoryEncoding Hashing HashedCrossing MelSpectrogram STFTSpectrogram Rescaling "
                     "Resizing CenterCrop",
    "augmentation": "AugMix AutoContrast ContrastLimitedAdaptiveHistogramEqualization CutMix "
                    "Equalization MaxNumBoundingBoxes MixUp RandAugment RandomBrightness "
                    "RandomColorDegeneration RandomColorJitter RandomContrast RandomCrop "
                    "RandomElasticTransform RandomErasing RandomFlip RandomGaussianBlur "
                    "RandomGrayscale RandomHue RandomInvert RandomPerspective RandomPosterization "
                    "RandomRotation RandomSaturation RandomSharpness RandomShear RandomTranslation "
                    "RandomZoom Solarization",
    "applications": "LayerScale CustomScaleLayer",
}

# lowercase class name or alias -> the module that registers it
INDEX = {}
for _module in _NAMES:
    for _name in _NAMES[_module].split():
        INDEX[_name.lower()] = _module
del _module, _name


def import_module(module):
    """Import calc.layers.<module>, which registers its entries in the catalogue."""
    __import__("calc.layers." + module)


def import_all():
    for module in MODULES:
        import_module(module)
