"""keras.applications for the code reader: Keras's own code of each application
(calc/keras_applications), run by the reader's evaluator when pasted code names it.

A module's text is parsed and run once per reading, into its own global scope, the first
time the code names it; its functions then build layers in the reader like any pasted
function. Errors inside Keras's code are told at the pasted line that called it, prefixed by
the application's name ("keras.applications.ResNet50: ValueError('Input size must be at
least 32x32; ...')"), and the evaluator's notes about Keras's own lines (a skipped
warnings.warn) are dropped: they are not the user's lines.
"""

from calc.pyeval import RAISES, Function, HostValue, Scope, Unknown, UserRaise
from calc.pyparse import CodeError, fail, parse

# keras.applications.X: the module whose SOURCE defines X.
MODULE_OF = {
    "ConvNeXtBase": "convnext", "ConvNeXtLarge": "convnext", "ConvNeXtSmall": "convnext",
    "ConvNeXtTiny": "convnext", "ConvNeXtXLarge": "convnext",
    "DenseNet121": "densenet", "DenseNet169": "densenet", "DenseNet201": "densenet",
    "EfficientNetB0": "efficientnet", "EfficientNetB1": "efficientnet",
    "EfficientNetB2": "efficientnet", "EfficientNetB3": "efficientnet",
    "EfficientNetB4": "efficientnet", "EfficientNetB5": "efficientnet",
    "EfficientNetB6": "efficientnet", "EfficientNetB7": "efficientnet",
    "EfficientNetV2B0": "efficientnet_v2", "EfficientNetV2B1": "efficientnet_v2",
    "EfficientNetV2B2": "efficientnet_v2", "EfficientNetV2B3": "efficientnet_v2",
    "EfficientNetV2L": "efficientnet_v2", "EfficientNetV2M": "efficientnet_v2",
    "EfficientNetV2S": "efficientnet_v2",
    "InceptionResNetV2": "inception_resnet_v2", "InceptionV3": "inception_v3",
    "MobileNet": "mobilenet", "MobileNetV2": "mobilenet_v2",
    "MobileNetV3Large": "mobilenet_v3", "MobileNetV3Small": "mobilenet_v3",
    "NASNetLarge": "nasnet", "NASNetMobile": "nasnet",
    "ResNet50": "resnet", "ResNet101": "resnet", "ResNet152": "resnet",
    "ResNet50V2": "resnet_v2", "ResNet101V2": "resnet_v2", "ResNet152V2": "resnet_v2",
    "VGG16": "vgg16", "VGG19": "vgg19", "Xception": "xception",
}
# keras.applications.<submodule>: the module each is (keras.applications.resnet50 is resnet).
SUBMODULES = {"resnet50": "resnet"}
for _module in MODULE_OF.values():
    SUBMODULES[_module] = _module
SUBMODULES["imagenet_utils"] = "imagenet_utils"
del _module


def source(module):
    """The Keras source text of one application module ("resnet"), imported when first
    asked for: on the Model summary page calc/keras_applications comes in a bundle of its
    own, fetched only for code that names keras.applications (web/worker.js)."""
    try:
        return __import__("calc.keras_applications." + module, None, None, ["SOURCE"]).SOURCE
    except ImportError:
        raise CodeError("Keras's application code (assets/calc/applications.bin) did not load: "
                        "reload the page, or paste the model's to_json() instead")


# Names of an application module that are data, not code the user may call.
NOT_FOLLOWED = ("decode_predictions",)


def application_member(reader, after, name, where):
    """keras.applications.<after...>.name: an application, a submodule, or Unknown."""
    if not after:
        if name in MODULE_OF:
            return module(reader, MODULE_OF[name]).get_attr(reader.ev, name, where)
        if name in SUBMODULES:
            return module(reader, SUBMODULES[name])
    elif len(after) == 1 and after[0] in SUBMODULES:
        return module(reader, SUBMODULES[after[0]]).get_attr(reader.ev, name, where)
    return Unknown("keras.applications.%s" % ".".join(after + (name,)))


def module(reader, name):
    """The application module `name` ("resnet"), run on first use in this reading."""
    found = reader.applications.get(name)
    if found is None:
        found = ApplicationModule(reader, name)
        reader.applications[name] = found
        scope = Scope()
        try:
            for statement in parse(source(name)):
                reader.ev.execute(statement, scope)
        except CodeError as e:
            # Keras's own module failed to load: a gap in the reader, not in the user's code.
            raise CodeError("keras.applications.%s could not be read: %s" % (name, e))
        found.names = scope.vars
    return found


class ApplicationModule(HostValue):
    """keras.applications.resnet (or keras.src.applications.resnet, inside Keras's code)."""

    def __init__(self, reader, name):
        self.reader = reader
        self.name = name
        self.names = {}

    def get_attr(self, ev, name, where):
        if name in NOT_FOLLOWED:
            return Unknown("keras.applications.%s.%s" % (self.name, name))
        value = self.names.get(name)
        if isinstance(value, Function):
            return Application(self.reader, "keras.applications.%s" % (
                name if name in MODULE_OF else self.name + "." + name), value)
        if value is None or name.startswith("_"):
            fail(where, "keras.applications.%s has no attribute %s" % (self.name, name))
        return value

    def describe(self):
        return "the module keras.applications.%s" % self.name


class Application(HostValue):
    """A function of Keras's application code (ResNet50, preprocess_input)."""

    def __init__(self, reader, dotted, function):
        self.reader = reader
        self.dotted = dotted
        self.function = function

    def call(self, ev, args, kwargs, where):
        reader = self.reader
        if reader.in_application:  # Keras's code calling its own: nothing to translate
            return ev.call_function(self.function, args, kwargs, where)
        notes = len(ev.notes)
        reader.in_application = True
        try:
            return ev.call_function(self.function, args, kwargs, where)
        except CodeError as e:
            message = _without_position(str(e))
            if isinstance(e, UserRaise) and message.startswith(RAISES):  # Keras's own ValueError
                message = message[len(RAISES):]
            fail(where, "%s: %s" % (self.dotted, message))
        finally:
            reader.in_application = False
            del ev.notes[notes:]

    def describe(self):
        return self.dotted


def _without_position(message):
    """The text of a CodeError without its "line 3, column 7: " prefix."""
    if message.startswith("line "):
        cut = message.find(": ")
        if cut > 0:
            return message[cut + 2:]
    return message
