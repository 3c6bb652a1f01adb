"""keras/src/applications/imagenet_utils.py of Keras 3.15.1, as calc.code_reader runs it: see
calc/keras_applications/__init__.py for what was changed, and LICENSE (Apache 2.0)."""

SOURCE = r'''
import warnings
import numpy as np
from keras.src import activations
from keras.src import backend
from keras.src import ops


def preprocess_input(x, data_format=None, mode="caffe"):
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(
            f"Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode={mode}"
        )
    if data_format is None:
        data_format = backend.image_data_format()
    elif data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            f"Expected data_format to be one of `channels_first` or `channels_last`. Received: data_format={data_format}"
        )
    return _preprocess_tensor_input(x, data_format=data_format, mode=mode)


def _preprocess_tensor_input(x, data_format, mode):
    ndim = len(x.shape)
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    elif mode == "torch":
        x /= 255.0
        mean = [0.485, 0.456, 0.406]
        std = [0.229, 0.224, 0.225]
    else:
        if data_format == "channels_first":
            if len(x.shape) == 3:
                x = ops.stack([x[i, ...] for i in (2, 1, 0)], axis=0)
            else:
                x = ops.stack([x[:, i, :] for i in (2, 1, 0)], axis=1)
        else:
            x = ops.stack([x[..., i] for i in (2, 1, 0)], axis=-1)
        mean = [103.939, 116.779, 123.68]
        std = None
    mean_tensor = ops.convert_to_tensor(-np.array(mean), dtype=x.dtype)
    if data_format == "channels_first":
        if len(x.shape) == 3:
            mean_tensor = ops.reshape(mean_tensor, (3, 1, 1))
        else:
            mean_tensor = ops.reshape(mean_tensor, (1, 3) + (1,) * (ndim - 2))
    else:
        mean_tensor = ops.reshape(mean_tensor, (1,) * (ndim - 1) + (3,))
    x += mean_tensor
    if std is not None:
        std_tensor = ops.convert_to_tensor(np.array(std), dtype=x.dtype)
        if data_format == "channels_first":
            std_tensor = ops.reshape(std_tensor, (-1, 1, 1))
        x /= std_tensor
    return x


def obtain_input_shape(
    input_shape, default_size, min_size, data_format, require_flatten, weights=None
):
    if weights != "imagenet" and input_shape and (len(input_shape) == 3):
        if data_format == "channels_first":
            correct_channel_axis = 1 if len(input_shape) == 4 else 0
            if input_shape[correct_channel_axis] not in {1, 3}:
                warnings.warn(
                    f"This model usually expects 1 or 3 input channels. However, it was passed an input_shape with {input_shape[0]} input channels.",
                    stacklevel=2,
                )
            default_shape = (input_shape[0], default_size, default_size)
        else:
            if input_shape[-1] not in {1, 3}:
                warnings.warn(
                    f"This model usually expects 1 or 3 input channels. However, it was passed an input_shape with {input_shape[-1]} input channels.",
                    stacklevel=2,
                )
            default_shape = (default_size, default_size, input_shape[-1])
    elif data_format == "channels_first":
        default_shape = (3, default_size, default_size)
    else:
        default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None:
            if input_shape != default_shape:
                raise ValueError(
                    f"When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be {default_shape}.  Received: input_shape={input_shape}"
                )
        return default_shape
    if input_shape:
        if data_format == "channels_first":
            if input_shape is not None:
                if len(input_shape) != 3:
                    raise ValueError("`input_shape` must be a tuple of three integers.")
                if input_shape[0] != 3 and weights == "imagenet":
                    raise ValueError(
                        f"The input must have 3 channels; Received `input_shape={input_shape}`"
                    )
                if (
                    input_shape[1] is not None
                    and input_shape[1] < min_size
                    or (input_shape[2] is not None and input_shape[2] < min_size)
                ):
                    raise ValueError(
                        f"Input size must be at least {min_size}x{min_size}; Received: input_shape={input_shape}"
                    )
        elif input_shape is not None:
            if len(input_shape) != 3:
                raise ValueError("`input_shape` must be a tuple of three integers.")
            if input_shape[-1] != 3 and weights == "imagenet":
                raise ValueError(
                    f"The input must have 3 channels; Received `input_shape={input_shape}`"
                )
            if (
                input_shape[0] is not None
                and input_shape[0] < min_size
                or (input_shape[1] is not None and input_shape[1] < min_size)
            ):
                raise ValueError(
                    f"Input size must be at least {min_size}x{min_size}; Received: input_shape={input_shape}"
                )
    elif require_flatten:
        input_shape = default_shape
    elif data_format == "channels_first":
        input_shape = (3, None, None)
    else:
        input_shape = (None, None, 3)
    if require_flatten:
        if None in input_shape:
            raise ValueError(
                f"If `include_top` is True, you should specify a static `input_shape`. Received: input_shape={input_shape}"
            )
    return input_shape


def correct_pad(inputs, kernel_size):
    img_dim = 2 if backend.image_data_format() == "channels_first" else 1
    input_size = inputs.shape[img_dim : img_dim + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if input_size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - input_size[0] % 2, 1 - input_size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights):
    if weights is None:
        return
    classifier_activation = activations.get(classifier_activation)
    if classifier_activation not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError(
            f"Only `None` and `softmax` activations are allowed for the `classifier_activation` argument when using pretrained weights, with `include_top=True`; Received: classifier_activation={classifier_activation}"
        )
'''
