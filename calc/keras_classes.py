"""Keras's layer classes, one line each, in TABLE.

The catalogue's index (calc/layers/__init__.py: which module to import for a name), the
aliases register() gives an entry, and the code reader's classes and positional
arguments all come from this one table. It is written by
`.venv/bin/python -m tools.keras_classes` from Keras's own classes and signatures and
from what each calc/layers module registers: do not edit it by hand, change the entry
and run the command (tests/test_keras_classes.py fails until you do).

A line "[MODULE]" starts the classes that Keras module exports (keras.layers, then
the modules of the catalogue's other classes). Each line after it holds, separated by
spaces: the name as exported; the class Keras writes into model JSON (an alias such as
MaxPool2D is saved as MaxPooling2D); the calc/layers module whose entry counts it, or -
when the catalogue has none; its first positional parameters, comma-separated (- if none).
"""

TABLE = """
# Keras 3.15.1: name, class in model JSON, calc/layers module, positional parameters
[keras.layers]
Activation Activation activation activation
ActivityRegularization ActivityRegularization regularization l1,l2
AdaptiveAveragePooling1D AdaptiveAveragePooling1D pooling output_size,data_format
AdaptiveAveragePooling2D AdaptiveAveragePooling2D pooling output_size,data_format
AdaptiveAveragePooling3D AdaptiveAveragePooling3D pooling output_size,data_format
AdaptiveMaxPooling1D AdaptiveMaxPooling1D pooling output_size,data_format
AdaptiveMaxPooling2D AdaptiveMaxPooling2D pooling output_size,data_format
AdaptiveMaxPooling3D AdaptiveMaxPooling3D pooling output_size,data_format
Add Add merging -
AdditiveAttention AdditiveAttention attention use_scale,dropout
AlphaDropout AlphaDropout regularization rate,noise_shape,seed
Attention Attention attention use_scale,score_mode,dropout,seed
AugMix AugMix augmentation value_range,num_chains,chain_depth,factor
AutoContrast AutoContrast augmentation value_range
Average Average merging -
AveragePooling1D AveragePooling1D pooling pool_size,strides,padding,data_format
AveragePooling2D AveragePooling2D pooling pool_size,strides,padding,data_format
AveragePooling3D AveragePooling3D pooling pool_size,strides,padding,data_format
AvgPool1D AveragePooling1D pooling pool_size,strides,padding,data_format
AvgPool2D AveragePooling2D pooling pool_size,strides,padding,data_format
AvgPool3D AveragePooling3D pooling pool_size,strides,padding,data_format
BatchNormalization BatchNormalization normalization axis,momentum,epsilon,center
Bidirectional Bidirectional wrappers layer,merge_mode,weights,backward_layer
CategoryEncoding CategoryEncoding preprocessing num_tokens,output_mode,sparse
CenterCrop CenterCrop preprocessing height,width,data_format
Concatenate Concatenate merging axis
ContrastLimitedAdaptiveHistogramEqualization ContrastLimitedAdaptiveHistogramEqualization augmentation value_range,clip_limit,tile_grid_size,data_format
Conv1D Conv1D convolution filters,kernel_size,strides,padding
Conv1DTranspose Conv1DTranspose convolution filters,kernel_size,strides,padding
Conv2D Conv2D convolution filters,kernel_size,strides,padding
Conv2DTranspose Conv2DTranspose convolution filters,kernel_size,strides,padding
Conv3D Conv3D convolution filters,kernel_size,strides,padding
Conv3DTranspose Conv3DTranspose convolution filters,kernel_size,strides,padding
ConvLSTM1D ConvLSTM1D recurrent filters,kernel_size,strides,padding
ConvLSTM2D ConvLSTM2D recurrent filters,kernel_size,strides,padding
ConvLSTM3D ConvLSTM3D recurrent filters,kernel_size,strides,padding
Convolution1D Conv1D convolution filters,kernel_size,strides,padding
Convolution1DTranspose Conv1DTranspose convolution filters,kernel_size,strides,padding
Convolution2D Conv2D convolution filters,kernel_size,strides,padding
Convolution2DTranspose Conv2DTranspose convolution filters,kernel_size,strides,padding
Convolution3D Conv3D convolution filters,kernel_size,strides,padding
Convolution3DTranspose Conv3DTranspose convolution filters,kernel_size,strides,padding
Cropping1D Cropping1D reshaping cropping
Cropping2D Cropping2D reshaping cropping,data_format
Cropping3D Cropping3D reshaping cropping,data_format
CutMix CutMix augmentation factor,seed,data_format
Dense Dense core units,activation,use_bias,kernel_initializer
DepthwiseConv1D DepthwiseConv1D convolution kernel_size,strides,padding,depth_multiplier
DepthwiseConv2D DepthwiseConv2D convolution kernel_size,strides,padding,depth_multiplier
Discretization Discretization preprocessing bin_boundaries,num_bins,epsilon,output_mode
Dot Dot merging axes,normalize
Dropout Dropout regularization rate,noise_shape,seed
ELU ELU activation alpha
EinsumDense EinsumDense einsum equation,output_shape,activation,bias_axes
Embedding Embedding core input_dim,output_dim,embeddings_initializer,embeddings_regularizer
Equalization Equalization augmentation value_range,bins,data_format
Flatten Flatten reshaping data_format
GRU GRU recurrent units,activation,recurrent_activation,use_bias
GRUCell GRUCell - units,activation,recurrent_activation,use_bias
GaussianDropout GaussianDropout regularization rate,seed
GaussianNoise GaussianNoise regularization stddev,seed
GlobalAveragePooling1D GlobalAveragePooling1D pooling data_format,keepdims
GlobalAveragePooling2D GlobalAveragePooling2D pooling data_format,keepdims
GlobalAveragePooling3D GlobalAveragePooling3D pooling data_format,keepdims
GlobalAvgPool1D GlobalAveragePooling1D pooling data_format,keepdims
GlobalAvgPool2D GlobalAveragePooling2D pooling data_format,keepdims
GlobalAvgPool3D GlobalAveragePooling3D pooling data_format,keepdims
GlobalMaxPool1D GlobalMaxPooling1D pooling data_format,keepdims
GlobalMaxPool2D GlobalMaxPooling2D pooling data_format,keepdims
GlobalMaxPool3D GlobalMaxPooling3D pooling data_format,keepdims
GlobalMaxPooling1D GlobalMaxPooling1D pooling data_format,keepdims
GlobalMaxPooling2D GlobalMaxPooling2D pooling data_format,keepdims
GlobalMaxPooling3D GlobalMaxPooling3D pooling data_format,keepdims
GroupNormalization GroupNormalization normalization groups,axis,epsilon,center
GroupQueryAttention GroupedQueryAttention attention head_dim,num_query_heads,num_key_value_heads,dropout
HashedCrossing HashedCrossing preprocessing num_bins,output_mode,sparse
Hashing Hashing preprocessing num_bins,mask_value,salt,output_mode
Identity Identity core_weightfree -
InputLayer InputLayer core_weightfree shape,batch_size
IntegerLookup IntegerLookup preprocessing max_tokens,num_oov_indices,mask_token,oov_token
LSTM LSTM recurrent units,activation,recurrent_activation,use_bias
LSTMCell LSTMCell - units,activation,recurrent_activation,use_bias
Lambda Lambda - function,output_shape,mask,arguments
LayerNormalization LayerNormalization normalization axis,epsilon,center,scale
LeakyReLU LeakyReLU activation negative_slope
Masking Masking core_weightfree mask_value
MaxNumBoundingBoxes MaxNumBoundingBoxes augmentation max_number,fill_value
MaxPool1D MaxPooling1D pooling pool_size,strides,padding,data_format
MaxPool2D MaxPooling2D pooling pool_size,strides,padding,data_format
MaxPool3D MaxPooling3D pooling pool_size,strides,padding,data_format
MaxPooling1D MaxPooling1D pooling pool_size,strides,padding,data_format
MaxPooling2D MaxPooling2D pooling pool_size,strides,padding,data_format
MaxPooling3D MaxPooling3D pooling pool_size,strides,padding,data_format
Maximum Maximum merging -
MelSpectrogram MelSpectrogram preprocessing fft_length,sequence_stride,sequence_length,window
Minimum Minimum merging -
MixUp MixUp augmentation alpha,data_format,seed
MultiHeadAttention MultiHeadAttention attention num_heads,key_dim,value_dim,dropout
Multiply Multiply merging -
Normalization Normalization preprocessing axis,mean,variance,invert
PReLU PReLU activation alpha_initializer,alpha_regularizer,alpha_constraint,shared_axes
Permute Permute reshaping dims
RMSNormalization RMSNormalization normalization axis,epsilon
RNN RNN - cell,return_sequences,return_state,go_backwards
RandAugment RandAugment augmentation value_range,num_ops,factor,interpolation
RandomBrightness RandomBrightness augmentation factor,value_range,seed
RandomColorDegeneration RandomColorDegeneration augmentation factor,value_range,data_format,seed
RandomColorJitter RandomColorJitter augmentation value_range,brightness_factor,contrast_factor,saturation_factor
RandomContrast RandomContrast augmentation factor,value_range,seed
RandomCrop RandomCrop augmentation height,width,seed,data_format
RandomElasticTransform RandomElasticTransform augmentation factor,scale,interpolation,fill_mode
RandomErasing RandomErasing augmentation factor,scale,fill_value,value_range
RandomFlip RandomFlip augmentation mode,seed,data_format
RandomGaussianBlur RandomGaussianBlur augmentation factor,kernel_size,sigma,value_range
RandomGrayscale RandomGrayscale augmentation factor,data_format,seed
RandomHue RandomHue augmentation factor,value_range,data_format,seed
RandomInvert RandomInvert augmentation factor,value_range,seed,data_format
RandomPerspective RandomPerspective augmentation factor,scale,interpolation,fill_value
RandomPosterization RandomPosterization augmentation factor,value_range,data_format,seed
RandomRotation RandomRotation augmentation factor,fill_mode,interpolation,seed
RandomSaturation RandomSaturation augmentation factor,value_range,data_format,seed
RandomSharpness RandomSharpness augmentation factor,value_range,data_format,seed
RandomShear RandomShear augmentation x_factor,y_factor,interpolation,fill_mode
RandomTranslation RandomTranslation augmentation height_factor,width_factor,fill_mode,interpolation
RandomZoom RandomZoom augmentation height_factor,width_factor,fill_mode,interpolation
ReLU ReLU activation max_value,negative_slope,threshold
RepeatVector RepeatVector reshaping n
Rescaling Rescaling preprocessing scale,offset
Reshape Reshape reshaping target_shape
Resizing Resizing preprocessing height,width,interpolation,crop_to_aspect_ratio
ReversibleEmbedding ReversibleEmbedding embedding_extra input_dim,output_dim,tie_weights,embeddings_initializer
STFTSpectrogram STFTSpectrogram preprocessing mode,frame_length,frame_step,fft_length
SeparableConv1D SeparableConv1D convolution filters,kernel_size,strides,padding
SeparableConv2D SeparableConv2D convolution filters,kernel_size,strides,padding
SeparableConvolution1D SeparableConv1D convolution filters,kernel_size,strides,padding
SeparableConvolution2D SeparableConv2D convolution filters,kernel_size,strides,padding
SimpleRNN SimpleRNN recurrent units,activation,use_bias,kernel_initializer
SimpleRNNCell SimpleRNNCell - units,activation,use_bias,kernel_initializer
Softmax Softmax activation axis
Solarization Solarization augmentation addition_factor,threshold_factor,value_range,seed
SpatialDropout1D SpatialDropout1D regularization rate,seed
SpatialDropout2D SpatialDropout2D regularization rate,data_format,seed
SpatialDropout3D SpatialDropout3D regularization rate,data_format,seed
SpectralNormalization SpectralNormalization wrappers layer,power_iterations
StackedRNNCells StackedRNNCells - cells
StringLookup StringLookup preprocessing max_tokens,num_oov_indices,mask_token,oov_token
Subtract Subtract merging -
TextVectorization TextVectorization preprocessing max_tokens,standardize,split,ngrams
TimeDistributed TimeDistributed wrappers layer
UnitNormalization UnitNormalization normalization axis
UpSampling1D UpSampling1D reshaping size
UpSampling2D UpSampling2D reshaping size,data_format,interpolation
UpSampling3D UpSampling3D reshaping size,data_format
ZeroPadding1D ZeroPadding1D reshaping padding,data_format
ZeroPadding2D ZeroPadding2D reshaping padding,data_format
ZeroPadding3D ZeroPadding3D reshaping padding,data_format
[keras.src.applications.convnext]
LayerScale LayerScale applications init_values,projection_dim
[keras.src.applications.inception_resnet_v2]
CustomScaleLayer CustomScaleLayer applications scale
"""


def read():
    """Each line of TABLE as (Keras module, name, class name, calc/layers module or None,
    [positional parameter names])."""
    rows = []
    keras_module = None
    for line in TABLE.split("\n"):
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            keras_module = line[1:-1]
        elif line and not line.startswith("#"):
            name, class_name, module, positional = line.split()
            rows.append((keras_module, name, class_name, None if module == "-" else module,
                         [] if positional == "-" else positional.split(",")))
    return rows


# What every page needs, read once at import (the rows themselves are not kept: the
# browser's MicroPython pays for every string held):
MODULE_OF = {}  # lowercase name or class name -> the calc/layers module whose entry counts it
OTHER_NAMES = {}  # name -> Keras's other names for the same class, for register()


def _load():
    names_of = {}  # class name -> the names it is exported under, in table order
    for keras_module, name, class_name, module, positional in read():
        if module is not None:
            MODULE_OF[name.lower()] = module
            MODULE_OF[class_name.lower()] = module
        names_of[class_name] = names_of.get(class_name, []) + [name]
    for class_name in names_of:
        names = names_of[class_name]
        # keras.layers exports the class GroupedQueryAttention only as GroupQueryAttention:
        # the class name is one more name for it.
        every = names if class_name in names else names + [class_name]
        if len(every) > 1:
            for name in names:
                OTHER_NAMES[name] = tuple(n for n in every if n != name)


_load()
