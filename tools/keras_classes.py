"""Rewrite the table of Keras layer classes in calc/keras_classes.py, from Keras itself.

    .venv/bin/python -m tools.keras_classes          # rewrite the table
    .venv/bin/python -m tools.keras_classes --check  # exit 1 with a diff if it is stale

Run it after adding, renaming or moving a catalogue entry, or after upgrading Keras. It
reads the classes keras.layers exports (and, for entries whose class lives elsewhere,
their `keras_module`), each class's constructor signature, and which calc/layers module
registers each entry (every module imported in turn, in MODULES order). Needs Keras (the
dev extras); calc itself never imports it. tests/test_keras_classes.py runs the check.
"""

import difflib
import importlib
import inspect
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "calc", "keras_classes.py")
START = 'TABLE = """\n'
END = '"""\n'

# keras.layers exports that never appear in a model a user writes or saves: the abstract
# bases and the bridges to other frameworks' models.
SKIPPED = ("FlaxLayer", "JaxLayer", "Layer", "Pipeline", "TFSMLayer", "TorchModuleWrapper",
           "Wrapper")
# Positional parameters kept per class: code passes the first few positionally
# (Conv2D(32, 3, 2, "same")); past these the code reader asks for keywords.
POSITIONAL = 4


def registering_modules():
    """{entry name: (calc/layers module, entry)}, each module imported in MODULES order and
    credited with the entries registered while it was imported."""
    from calc import spec
    from calc.layers import MODULES, import_module

    found = {}
    for module in MODULES:
        if "calc.layers." + module in sys.modules:
            raise SystemExit("calc.layers.%s was imported by a module before it in MODULES, so "
                             "its entries cannot be told apart: move it earlier in MODULES "
                             "(calc/layers/__init__.py)" % module)
        before = len(spec.REGISTERED)
        import_module(module)
        for entry in spec.REGISTERED[before:]:
            found[entry.name] = (module, entry)
    return found


def positional(cls):
    """The names of the first parameters Keras's constructor takes by position, before
    `name` and `dtype` (every layer's keywords)."""
    names = []
    for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.name in ("name", "dtype"):
            break
        names.append(p.name)
    return names[:POSITIONAL]


def table_text():
    """The table as calc/keras_classes.py should hold it."""
    import keras

    entries = registering_modules()
    module_of_class = {}  # Keras class -> the calc module whose entry counts it
    sections = {"keras.layers": []}  # Keras module -> the names it exports, for the table
    for name in sorted(entries):
        module, entry = entries[name]
        cls = getattr(importlib.import_module(entry.keras_module), name, None)
        if not inspect.isclass(cls):
            raise SystemExit("calc/layers/%s.py registers %s, but %s has no class of that name "
                             "(set the entry's keras_module)" % (module, name, entry.keras_module))
        if cls in module_of_class:
            raise SystemExit("%s is counted by two entries" % cls.__name__)
        module_of_class[cls] = module
        if entry.keras_module != "keras.layers":
            sections.setdefault(entry.keras_module, []).append(name)
    for name in dir(keras.layers):
        cls = getattr(keras.layers, name)
        if inspect.isclass(cls) and issubclass(cls, keras.layers.Layer) and name not in SKIPPED:
            sections["keras.layers"].append(name)
    lines = ["# Keras %s: name, class in model JSON, calc/layers module, positional parameters"
             % keras.__version__]
    for keras_module in ["keras.layers"] + sorted(m for m in sections if m != "keras.layers"):
        lines.append("[%s]" % keras_module)
        source = importlib.import_module(keras_module)
        for name in sorted(sections[keras_module]):
            cls = getattr(source, name)
            lines.append("%s %s %s %s" % (name, cls.__name__, module_of_class.get(cls, "-"),
                                          ",".join(positional(cls)) or "-"))
    return "\n".join(lines) + "\n"


def committed_table():
    with open(TARGET, encoding="utf-8") as f:
        text = f.read()
    start = text.index(START) + len(START)
    return text, start, text.index(END, start)


def diff(old, new):
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        "calc/keras_classes.py", "from Keras"))


def main(argv):
    new = table_text()
    text, start, end = committed_table()
    old = text[start:end]
    if "--check" in argv:
        if old != new:
            sys.stdout.write(diff(old, new))
            print("calc/keras_classes.py is out of date: run .venv/bin/python -m tools.keras_classes")
            return 1
        return 0
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text[:start] + new + text[end:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
