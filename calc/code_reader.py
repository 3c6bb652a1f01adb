"""Read pasted Keras Python code into the model description ``model.to_json()`` would give.

The code is never run: no eval/exec/compile, imports are recorded, not imported. A small
tokenizer and a recursive-descent parser cover the subset notebooks use to define a model
(see SUPPORTED), evaluating as they parse, so layers are created -- and auto-named -- in
Python's own evaluation order, as Keras names them. Anything else is refused with the
line and column. Written for MicroPython too: no ast, tokenize or re.

    read_code("model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])")
    -> {"class_name": "Sequential", "config": {"name": "sequential", "layers": [...]}}
"""

from calc.keras_classes import read as read_keras_classes

SUPPORTED = ("import lines, constants (n = 10, shape = (28, 28, 1)) and arithmetic on them, "
             "keras.Sequential([...]) and model.add(...), keras.Input(...), functional calls "
             "x = layers.Dense(64)(x), x + y, layers.add/concatenate([...]), "
             "keras.Model(inputs, outputs), layer.trainable = False, and "
             "model.summary()/compile()/fit()/print(...) lines (ignored)")

MAX_TEXT = 1024 * 1024
MAX_TOKENS = 200000
# Brackets and calls nested in one expression. Real notebook code nests less than 10; the
# browser's MicroPython has a small Python stack (its default runs out near 30 levels of
# this parser), so the cap stays well below that. RuntimeError is caught too, just in case.
MAX_DEPTH = 20
MAX_LAYERS = 20000
MAX_INT = 2 ** 256  # constants beyond this are typos or attacks, not layer sizes
MAX_SEQUENCE = 10000  # longest tuple/list/string built by arithmetic

# keras.layers helper functions: name -> the layer class they create and call.
MERGE_HELPERS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                 "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                 "concatenate": "Concatenate", "dot": "Dot"}
# Layers that create auto-named sub-layers when they are built (first called): those
# take the next names, as in Keras (a Dropout after a MultiHeadAttention is "dropout_1").
BUILD_SUBLAYERS = {"MultiHeadAttention": ("Softmax", "Dropout"),
                   "GroupedQueryAttention": ("Softmax", "Dropout")}
# Tensor arithmetic becomes a keras.ops operation in the graph, as in Keras.
TENSOR_OPS = {"+": "Add", "-": "Subtract", "*": "Multiply", "/": "TrueDivide"}
# Modules whose callables only configure training or weights' values, never a count:
# their calls become opaque placeholders and their arguments are not even read.
OPAQUE_MODULES = ("regularizers", "initializers", "constraints", "optimizers", "losses",
                  "metrics", "callbacks", "schedules", "mixed_precision", "random")
SUBMODULES = ("keras", "layers", "models", "activations", "experimental", "preprocessing",
              "nn", "ops", "src", "core", "v1", "compat", "v2") + OPAQUE_MODULES
ACTIVATIONS = ("relu", "relu6", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu",
               "swish", "softplus", "softsign", "exponential", "linear", "leaky_relu",
               "hard_sigmoid", "hard_silu", "hard_swish", "mish", "log_softmax")
# Methods of a model whose lines are skipped unread (they train, save or print).
IGNORED_METHODS = ("summary", "compile", "fit", "evaluate", "predict", "save", "save_weights",
                   "load_weights", "count_params", "get_config", "to_json", "export")
IGNORED_FUNCTIONS = ("print", "plot_model")
REFUSED_NAMES = ("eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "globals",
                 "locals", "vars", "input", "breakpoint", "__import__", "__builtins__", "os",
                 "sys", "subprocess", "shutil", "importlib", "builtins", "type", "object")
KEYWORDS = ("def", "class", "for", "while", "if", "elif", "else", "try", "except", "finally",
            "with", "return", "lambda", "yield", "global", "nonlocal", "del", "assert", "raise",
            "pass", "break", "continue", "async", "await", "in", "is", "not", "and", "or")


def _layer_classes():
    """The classes code may name as keras.layers.X (calc/keras_classes.py): X -> (the class
    Keras writes into the JSON, MaxPool2D -> MaxPooling2D; its positional parameters)."""
    classes = {}
    for keras_module, name, class_name, _, positional in read_keras_classes():
        if keras_module == "keras.layers":
            classes[name] = (class_name, positional)
    return classes


LAYER_CLASSES = _layer_classes()


def snake_case(name):
    """Keras's to_snake_case without re: drop non-word characters, '_' before an uppercase
    letter that starts a lowercase run ('PReLU' -> 'P_ReLU'), then between a lowercase
    letter and an uppercase one; lowercase. 'Conv2D' -> 'conv2d', 'PReLU' -> 'p_re_lu'."""
    s = "".join(c for c in name if _is_word(c))
    out = ""
    i = 0
    while i < len(s):
        c = s[i]
        if i > 0 and _is_upper(c) and i + 1 < len(s) and _is_lower(s[i + 1]):
            out += "_"
        out += c
        i += 1
    s = out
    out = ""
    for i in range(len(s)):
        if i > 0 and _is_lower(s[i - 1]) and _is_upper(s[i]):
            out += "_"
        out += s[i]
    return out.lower()


def _is_upper(c):
    return "A" <= c <= "Z"


def _is_lower(c):
    return "a" <= c <= "z"


def _is_digit(c):
    return "0" <= c <= "9"


def _is_word(c):
    return _is_upper(c) or _is_lower(c) or _is_digit(c) or c == "_"


class CodeError(ValueError):
    pass


def _fail(where, message):
    raise CodeError("line %d, column %d: %s" % (where[0], where[1], message))


def _unsupported(where, what):
    _fail(where, "%s is not supported; supported: %s." % (what, SUPPORTED))


# Tokenizer ---------------------------------------------------------------------------

OPERATORS = ("**=", "//=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=",
             "/=", "%=", "&=", "|=", "^=", ":=", "<<", ">>", "(", ")", "[", "]", "{", "}", ",",
             ":", ".", ";", "=", "+", "-", "*", "/", "%", "@", "<", ">", "&", "|", "^", "~")
OPERATOR_SET = {}
for _op in OPERATORS:
    OPERATOR_SET[_op] = True
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"',
           "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\n": ""}


class Token:
    def __init__(self, kind, value, line, col):
        self.kind = kind  # name, number, string, op, newline, indent, end
        self.value = value
        self.where = (line, col)

    def __repr__(self):
        return "Token(%s, %r, %d:%d)" % (self.kind, self.value, self.where[0], self.where[1])


def tokenize(text):
    if len(text) > MAX_TEXT:
        raise CodeError("The code is too large (%d characters; the limit is %d)." % (len(text), MAX_TEXT))
    tokens = []
    i, n = 0, len(text)
    line, line_start = 1, 0
    depth = 0  # open brackets: newlines inside them do not end a statement
    at_line_start = True
    while i < n:
        if len(tokens) > MAX_TOKENS:
            raise CodeError("The code has more than %d tokens; the limit keeps the work bounded." % MAX_TOKENS)
        c = text[i]
        col = i - line_start + 1
        if at_line_start and depth == 0:
            # Indentation at statement level means a block body (def/for/if...). Reported by
            # the parser, so the block's header line is the one named in the error.
            j = i
            while j < n and text[j] in " \t\f":
                j += 1
            at_line_start = False
            if j < n and text[j] not in "\r\n#" and j > i:
                tokens.append(Token("indent", text[i:j], line, col))
            i = j
            continue
        if c == "\n" or c == "\r":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            if depth == 0 and tokens and tokens[-1].kind not in ("newline", "indent"):
                tokens.append(Token("newline", "", line, col))
            i += 1
            line += 1
            line_start = i
            at_line_start = True
        elif c in " \t\f":
            i += 1
        elif c == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
        elif c == "\\":
            j = i + 1
            if j < n and text[j] == "\r":
                j += 1
            if j < n and text[j] == "\n":
                i = j + 1
                line += 1
                line_start = i
            else:
                _fail((line, col), "a backslash outside a string is only allowed at the end of a line")
        elif _is_digit(c) or c == "." and i + 1 < n and _is_digit(text[i + 1]):
            i = _number(text, i, line, col, tokens)
        elif _is_word(c) or ord(c) > 127:
            j = i
            while j < n and (_is_word(text[j]) or ord(text[j]) > 127):
                j += 1
            word = text[i:j]
            if j < n and text[j] in "'\"" and word.lower() in ("r", "b", "u", "f", "rb", "br", "fr", "rf"):
                if "f" in word.lower():
                    _unsupported((line, col), "an f-string")
                i, line, line_start = _string(text, j, line, line_start, col, "r" in word.lower(), tokens)
            else:
                for ch in word:
                    if ord(ch) > 127:
                        _fail((line, col), "the name %r has non-ASCII characters; only ASCII names are read" % word[:40])
                tokens.append(Token("name", word, line, col))
                i = j
        elif c in "'\"":
            i, line, line_start = _string(text, i, line, line_start, col, False, tokens)
        else:
            op = None
            for size in (3, 2, 1):  # longest operator first
                if text[i:i + size] in OPERATOR_SET:
                    op = text[i:i + size]
                    break
            if op is None:
                _fail((line, col), "unexpected character %r" % c)
            if op in "([{":
                depth += 1
            elif op in ")]}":
                depth = max(0, depth - 1)
            tokens.append(Token("op", op, line, col))
            i += len(op)
    if tokens and tokens[-1].kind not in ("newline",):
        tokens.append(Token("newline", "", line, i - line_start + 1))
    tokens.append(Token("end", "", line, i - line_start + 1))
    return tokens


def _number(text, i, line, col, tokens):
    j = i
    n = len(text)
    while j < n and (_is_word(text[j]) or text[j] == "." or
                     text[j] in "+-" and text[j - 1] in "eE" and not text[i:i + 2].lower() in ("0x", "0b")):
        j += 1
    raw = text[i:j]
    s = raw.replace("_", "").lower()
    value = None
    try:
        if s.startswith("0x"):
            value = int(s[2:], 16)
        elif s.startswith("0o"):
            value = int(s[2:], 8)
        elif s.startswith("0b"):
            value = int(s[2:], 2)
        elif all(_is_digit(ch) for ch in s):
            value = int(s)
        elif all(_is_digit(ch) or ch in ".e+-" for ch in s):
            value = float(s)
    except ValueError:
        value = None
    if value is None:
        _fail((line, col), "%r is not a number this reader understands" % raw[:40])
    if isinstance(value, int) and value > MAX_INT:
        _fail((line, col), "the number %s... is too large" % raw[:20])
    tokens.append(Token("number", value, line, col))
    return j


def _string(text, i, line, line_start, col, raw, tokens):
    quote = text[i]
    triple = text.startswith(quote * 3, i)
    delim = quote * 3 if triple else quote
    j = i + len(delim)
    n = len(text)
    parts = []
    start_line = line
    while True:
        if j >= n:
            _fail((start_line, col), "a string is never closed")
        c = text[j]
        if text.startswith(delim, j):
            j += len(delim)
            break
        if c == "\n":
            if not triple:
                _fail((start_line, col), "a string is never closed on its line")
            line += 1
            line_start = j + 1
        if c == "\\" and j + 1 < n:
            nxt = text[j + 1]
            if raw:
                parts.append(c + nxt)
                j += 2
                continue
            if nxt in ESCAPES:
                parts.append(ESCAPES[nxt])
                j += 2
            elif nxt in "xuU":
                size = {"x": 2, "u": 4, "U": 8}[nxt]
                digits = text[j + 2:j + 2 + size]
                try:
                    parts.append(chr(int(digits, 16)))
                except ValueError:
                    _fail((line, j - line_start + 1), "a bad \\%s escape in a string" % nxt)
                j += 2 + size
            else:
                parts.append(c + nxt)
                j += 2
            if nxt == "\n":
                line += 1
                line_start = j
            continue
        parts.append(c)
        j += 1
    # Adjacent literals concatenate, as in Python.
    value = "".join(parts)
    if tokens and tokens[-1].kind == "string":
        tokens[-1].value += value
    else:
        tokens.append(Token("string", value, start_line, col))
    return j, line, line_start


# Values the evaluator works with ------------------------------------------------------

class Module:
    """A module name bound by an import, e.g. ('keras', 'layers') for `from keras import layers`."""

    def __init__(self, path):
        self.path = path

    def dotted(self):
        return ".".join(self.path)

    def is_keras(self):
        return "keras" in self.path


class Callable:
    """Something the code may call: a layer class, keras.Input, Sequential, Model, a merge
    helper, or an opaque factory (keras.regularizers.l2)."""

    def __init__(self, kind, name, params=(), text=""):
        self.kind = kind  # layer, input, sequential, model, merge, opaque, ignored
        self.name = name
        self.params = params
        self.text = text


class Opaque:
    """A value that never changes a count (a regularizer, an initializer...): kept as text."""

    def __init__(self, text):
        self.text = text

    def to_json(self):
        return {"class_name": "__opaque__", "config": {"source": self.text}}


class Node:
    def __init__(self, args, kwargs, is_input=False):
        self.args = args
        self.kwargs = kwargs
        self.is_input = is_input
        self.inputs = _tensors_in([args, kwargs], [])


class Layer:
    def __init__(self, class_name, name, config, module="keras.layers"):
        self.class_name = class_name
        self.name = name
        self.config = config
        self.module = module
        self.nodes = []
        self.input_shape_arg = None  # legacy input_shape=/input_dim= keyword
        self.batch_shape = None  # InputLayer only
        self.built = False

    def spec(self):
        config = {"name": self.name}
        for key in self.config:
            config[key] = _json(self.config[key])
        return {"module": self.module, "class_name": self.class_name, "config": config,
                "registered_name": None}


class Tensor:
    def __init__(self, layer, node_index, tensor_index, whole=True):
        self.layer = layer
        self.node_index = node_index
        self.tensor_index = tensor_index
        self.whole = whole  # the whole result of a call (may be unpacked or indexed)

    def node(self):
        return self.layer.nodes[self.node_index]

    def same(self, other):
        return (isinstance(other, Tensor) and other.layer is self.layer and
                other.node_index == self.node_index and other.tensor_index == self.tensor_index)


class Model:
    """A Sequential or Functional model built by the code; also usable as a layer."""

    def __init__(self, class_name, name):
        self.class_name = class_name
        self.name = name
        self.layers = []  # Sequential
        self.inputs = None  # Functional: the structures given
        self.outputs = None
        self.trainable = True
        # A Functional model starts with a node linking its inputs to its outputs; calls
        # on it are nodes 1, 2, ... (as in Keras's serialization).
        self.nodes = [Node([], {}, True)] if class_name == "Functional" else []
        self.config = {}

    def spec(self):
        return self.to_json()

    def to_json(self):
        if self.class_name == "Sequential":
            config = {"name": self.name, "trainable": self.trainable,
                      "layers": [layer.spec() for layer in self.layers]}
        else:
            config = _functional_config(self)
        return {"module": "keras", "class_name": self.class_name, "config": config,
                "registered_name": None}


def _tensors_in(value, found):
    if isinstance(value, Tensor):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _tensors_in(v, found)
    elif isinstance(value, dict):
        for k in sorted(value):  # keras.tree.flatten orders a dict by its keys
            _tensors_in(value[k], found)
    return found


def _json(value):
    """A value as it appears in Keras's JSON: tuples become lists, layers their specs."""
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return dict((k, _json(value[k])) for k in value)
    if isinstance(value, (Layer, Model)):
        return value.spec()
    if isinstance(value, Opaque):
        return value.to_json()
    return value


# The functional graph, as keras.src.ops.function.map_graph orders it ------------------

def _functional_config(model):
    inputs = _tensors_in(model.inputs, [])
    outputs = _tensors_in(model.outputs, [])
    finished = {}  # (operation, node index) keys of nodes done
    order = []  # nodes from inputs to outputs
    indices = {}  # id(operation) -> first traversal index
    operations = {}  # id -> operation

    def key(op, index):
        return (id(op), index)

    def visit(start):
        """Keras's depth-first _build_map_helper, with an explicit stack instead of
        recursion (a 500-layer chain would exhaust MicroPython's stack)."""
        stack = [[start, -1]]  # [tensor, index of the next input to visit]
        while stack:
            entry = stack[-1]
            tensor = entry[0]
            op = tensor.layer
            node = op.nodes[tensor.node_index]
            k = key(op, tensor.node_index)
            if entry[1] < 0:
                if k in finished:
                    stack.pop()
                    continue
                if not node.is_input and any(tensor.same(t) for t in inputs):
                    finished[k] = True
                    stack.pop()
                    continue
                if node.is_input and not any(tensor.same(t) for t in inputs):
                    # Keras: "Output ... is not connected to `inputs`".
                    raise CodeError("The model's outputs are disconnected from its inputs: they "
                                    "use the input %s, which is not among the model's inputs." % op.name)
                if id(op) not in indices:
                    indices[id(op)] = len(indices)
                    operations[id(op)] = op
                entry[1] = 0
            children = [] if node.is_input else node.inputs
            if entry[1] < len(children):
                entry[1] += 1
                stack.append([children[entry[1] - 1], -1])
                continue
            finished[k] = True
            order.append((op, tensor.node_index))
            stack.pop()

    for t in outputs:
        visit(t)
    graph = {}
    for op, i in order:
        graph[key(op, i)] = True
    node_depth = {}
    op_depth = {}
    for op, i in reversed(order):
        d = node_depth.setdefault(key(op, i), 0)
        d = max(d, op_depth.get(id(op), 0))
        op_depth[id(op)] = d
        node_depth[key(op, i)] = d
        for t in op.nodes[i].inputs:
            k = key(t.layer, t.node_index)
            if k in graph:
                node_depth[k] = max(d + 1, node_depth.get(k, 0))
    for t in inputs:  # inputs not connected to the outputs still belong to the model
        if id(t.layer) not in op_depth and t.node().is_input:
            op_depth[id(t.layer)] = 0
            indices[id(t.layer)] = -1
            operations[id(t.layer)] = t.layer
            graph[key(t.layer, t.node_index)] = True
    for op, i in order:  # every tensor a node uses must come from the inputs
        for t in op.nodes[i].inputs:
            if key(t.layer, t.node_index) not in graph and not any(t.same(x) for x in inputs):
                raise CodeError("The model's graph is disconnected: %s uses a tensor from %s, "
                                "which does not come from the model's inputs."
                                % (op.name, t.layer.name))
    ranked = [(-op_depth[k], indices[k], k) for k in op_depth]
    ranked.sort()
    ops = [operations[k] for _, _, k in ranked]
    seen = {}
    for op in ops:
        if op.name in seen:
            raise CodeError('The name "%s" is used more than once in the model. All layer names '
                            'should be unique.' % op.name)
        seen[op.name] = True

    def new_index(op, index):
        # Only nodes of this model count; a Functional's own first node always does.
        kept = 1 if isinstance(op, Model) and op.class_name == "Functional" else 0
        for j in range(index):
            if key(op, j) in graph:
                kept += 1
        return kept

    def tensor_json(t):
        return {"class_name": "__keras_tensor__",
                "config": {"keras_history": [t.layer.name, new_index(t.layer, t.node_index), t.tensor_index]}}

    def node_json(value):
        if isinstance(value, Tensor):
            return tensor_json(value)
        if isinstance(value, (list, tuple)):
            return [node_json(v) for v in value]
        if isinstance(value, dict):
            return dict((k, node_json(value[k])) for k in value)
        return _json(value)

    layers = []
    for op in ops:
        spec = op.spec()
        spec["name"] = op.name
        nodes = []
        for i in range(len(op.nodes)):
            node = op.nodes[i]
            if key(op, i) in graph and node.inputs:
                nodes.append({"args": node_json(node.args), "kwargs": node_json(node.kwargs)})
        spec["inbound_nodes"] = nodes
        layers.append(spec)

    def ends(value):
        if isinstance(value, Tensor):
            return [value.layer.name, new_index(value.layer, value.node_index), value.tensor_index]
        if isinstance(value, dict):
            return dict((k, ends(value[k])) for k in value)
        return [ends(v) for v in value]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": ends(model.inputs), "output_layers": ends(model.outputs)}


# Parser and evaluator -----------------------------------------------------------------

class Reader:
    def __init__(self, text):
        self.tokens = tokenize(text)
        self.pos = 0
        self.env = {}
        self.uids = {}
        self.layer_count = 0
        self.models = []  # every model built, in order
        self.imports = []
        self.depth = 0

    # Token helpers
    def peek(self, offset=0):
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def next(self):
        tok = self.tokens[self.pos]
        if tok.kind != "end":
            self.pos += 1
        return tok

    def at(self, value, kind="op"):
        tok = self.peek()
        return tok.kind == kind and tok.value == value

    def accept(self, value, kind="op"):
        if self.at(value, kind):
            return self.next()
        return None

    def expect(self, value, what=None):
        tok = self.peek()
        if tok.kind == "op" and tok.value == value:
            return self.next()
        _fail(tok.where, "expected %r%s, found %s" % (value, " " + what if what else "", _describe(tok)))

    def expect_name(self):
        tok = self.next()
        if tok.kind != "name" or tok.value in KEYWORDS:
            _fail(tok.where, "expected a name, found %s" % _describe(tok))
        return tok.value

    def auto_name(self, class_name):
        prefix = snake_case(class_name)
        uid = self.uids.get(prefix, 0) + 1
        self.uids[prefix] = uid
        return prefix if uid == 1 else "%s_%d" % (prefix, uid - 1)

    # Statements
    def run(self):
        while self.peek().kind != "end":
            self.statement()
        return self.result()

    def statement(self):
        tok = self.peek()
        if tok.kind == "newline" or self.at(";"):
            self.next()
            return
        if tok.kind == "indent":
            _unsupported(tok.where, "an indented line (a block body)")
        self.refuse_keywords()
        if tok.kind == "name" and tok.value in ("import", "from"):
            self.import_statement()
        elif tok.kind == "name" and tok.value in ("print",) + IGNORED_FUNCTIONS and self.peek(1).value == "(":
            self.next()
            self.skip_call()
        elif tok.kind == "string" and self.peek(1).kind == "newline":
            self.next()  # a docstring
        else:
            self.assignment_or_expression()
        end = self.peek()
        if end.kind == "newline" or end.kind == "end":
            self.next()
        elif not self.at(";"):
            _fail(end.where, "unexpected %s after the end of a statement" % _describe(end))

    def refuse_keywords(self):
        """Before evaluating a statement, refuse any keyword it holds (def, for, if,
        lambda, comprehensions, and/or/not...): the message then names the construct,
        not a name it happens to use first."""
        i = self.pos
        first = True
        while True:
            tok = self.tokens[i]
            if tok.kind in ("newline", "end") or tok.kind == "op" and tok.value == ";":
                return
            if tok.kind == "name" and tok.value in KEYWORDS:
                what = "'%s'" % tok.value
                if tok.value == "for" and not first:
                    what = "a comprehension ('for' inside an expression)"
                elif tok.value == "if" and not first:
                    what = "a conditional expression ('if' inside an expression)"
                _unsupported(tok.where, what)
            first = False
            i += 1

    def import_statement(self):
        tok = self.next()
        if tok.value == "import":
            while True:
                path = self.dotted_name()
                alias = self.expect_name() if self.accept("as", "name") else None
                self.imports.append(".".join(path) + (" as " + alias if alias else ""))
                if alias:
                    self.env[alias] = Module(_canonical(path))
                else:
                    self.env[path[0]] = Module(_canonical(path[:1]))
                if not self.accept(","):
                    break
            return
        if self.at("."):
            _unsupported(self.peek().where, "a relative import")
        path = _canonical(self.dotted_name())
        if not self.accept("import", "name"):
            _fail(self.peek().where, "expected 'import' in a from-import, found %s" % _describe(self.peek()))
        if self.accept("*"):
            self.imports.append("from %s import *" % ".".join(path))
            return  # Keras names already resolve when used bare
        paren = self.accept("(")
        while True:
            where = self.peek().where
            name = self.expect_name()
            alias = self.expect_name() if self.accept("as", "name") else None
            self.imports.append("from %s import %s%s" % (".".join(path), name, " as " + alias if alias else ""))
            self.env[alias or name] = self.attribute(Module(path), name, where, lenient=True)
            if not self.accept(","):
                break
            if paren and self.at(")"):
                break
        if paren:
            self.expect(")")

    def dotted_name(self):
        parts = [self.expect_name()]
        while self.accept("."):
            parts.append(self.expect_name())
        for p in parts:
            if p.startswith("__"):
                _fail(self.peek().where, "the module name %s is refused" % ".".join(parts))
        return parts

    def assignment_or_expression(self):
        start = self.peek()
        # Targets: a name, names to unpack (a, b = ...), or NAME.trainable.
        targets = self.targets()
        if targets is None:
            self.binary_expression(0)
            return
        op = self.next().value
        if op == "=":
            value = self.binary_expression(0)
            while self.accept("="):  # a = b = value
                _unsupported(start.where, "chained assignment")
        else:
            value = self.augmented(targets, op, start)
        self.assign(targets, value, start)

    def targets(self):
        """The assignment targets if this statement is an assignment, else None (and the
        position is left where it was)."""
        save = self.pos
        names = []
        if self.peek().kind == "name" and self.peek().value not in KEYWORDS:
            names.append(self.next().value)
            if self.at(".") and self.peek(1).kind == "name" and self.peek(2).value in ("=",):
                self.next()
                attr = self.next()
                if attr.value != "trainable":
                    _unsupported(attr.where, "setting the attribute %r" % attr.value)
                return [("attr", names[0], attr.value)]
            while self.accept(","):
                if self.peek().kind != "name":
                    self.pos = save
                    return None
                names.append(self.next().value)
            if self.peek().kind == "op" and self.peek().value in ("=", "+=", "-=", "*=", "//=", "/="):
                if len(names) > 1 and self.peek().value != "=":
                    _unsupported(self.peek().where, "augmented assignment to several names")
                return names
        self.pos = save
        return None

    def augmented(self, targets, op, start):
        name = targets[0]
        if name not in self.env:
            _fail(start.where, "%s is not defined" % name)
        right_where = self.peek().where
        right = self.binary_expression(0)
        return self.binary(self.env[name], op[:-1], right, right_where)

    def assign(self, targets, value, start):
        if isinstance(targets[0], tuple):
            _, name, attr = targets[0]
            obj = self.env.get(name)
            if not isinstance(obj, (Layer, Model)) or not isinstance(value, bool):
                _unsupported(start.where, "setting trainable on something that is not a layer or a "
                             "model, or to something other than True/False")
            if isinstance(obj, Model):
                obj.trainable = value
            else:
                obj.config["trainable"] = value
            return
        for name in targets:
            if name.startswith("__") or name in REFUSED_NAMES:
                _fail(start.where, "assigning to %s is refused" % name)
        if len(targets) == 1:
            self.env[targets[0]] = value
            return
        if isinstance(value, Tensor) and value.whole:
            # out, h, c = layers.LSTM(..., return_state=True)(x): one call, several outputs.
            for i in range(len(targets)):
                self.env[targets[i]] = Tensor(value.layer, value.node_index, i, False)
            return
        if not isinstance(value, (list, tuple)) or len(value) != len(targets):
            _fail(start.where, "cannot unpack %s into %d names" % (_kind(value), len(targets)))
        for i in range(len(targets)):
            self.env[targets[i]] = value[i]

    # Expressions. MicroPython's Python stack is small (a few hundred frames in the
    # browser build), so one nesting level costs two frames: binary_expression, which
    # climbs precedence in a loop, and operand, which reads signs, an atom and its
    # .attr / (call) / [index] suffixes in loops too. Nesting is capped by MAX_DEPTH.
    PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "//": 2, "%": 2}
    REFUSED_OPERATORS = ("==", "!=", "<", ">", "<=", ">=", "&", "|", "^", "<<", ">>", "@", ":=", "~")

    def binary_expression(self, min_level):
        left = self.operand()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.value in self.REFUSED_OPERATORS:
                _unsupported(tok.where, "the operator %r" % tok.value)
            level = self.PRECEDENCE.get(tok.value) if tok.kind == "op" else None
            if level is None or level < min_level:
                return left
            self.next()
            right = self.binary_expression(level + 1)
            left = self.binary(left, tok.value, right, tok.where)

    def operand(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            _fail(self.peek().where, "the expression is nested more than %d levels deep" % MAX_DEPTH)
        signs = []
        while self.peek().kind == "op" and self.peek().value in ("-", "+"):
            signs.append(self.next())
        value = self.atom()
        while True:
            tok = self.peek()
            if self.accept("."):
                name_tok = self.peek()
                name = self.expect_name()
                if isinstance(value, Model) and name in IGNORED_METHODS and self.at("("):
                    self.skip_call()
                    value = None
                elif isinstance(value, Model) and name in ("add", "build") and self.at("("):
                    self.next()
                    args, kwargs = self.call_arguments()
                    value = self.model_method(value, name, args, kwargs, name_tok.where)
                else:
                    value = self.attribute(value, name, name_tok.where)
            elif self.at("("):
                if isinstance(value, Callable) and value.kind in ("opaque", "ignored"):
                    text = self.skip_call()
                    value = Opaque(value.text + text) if value.kind == "opaque" else None
                    continue
                self.next()
                args, kwargs = self.call_arguments()
                value = self.call(value, args, kwargs, tok.where)
            elif self.at("["):
                self.next()
                value = self.subscript(value, tok.where)
            else:
                break
        if self.at("**"):  # binds tighter than a sign on its left: -2**2 == -4
            op = self.next()
            value = self.binary(value, "**", self.operand(), op.where)
        while signs:
            sign = signs.pop()
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                _unsupported(sign.where, "unary %r on %s" % (sign.value, _kind(value)))
            value = -value if sign.value == "-" else value
        self.depth -= 1
        return value

    def atom(self):
        tok = self.next()
        if tok.kind == "number" or tok.kind == "string":
            return tok.value
        if tok.kind == "name":
            if tok.value == "True":
                return True
            if tok.value == "False":
                return False
            if tok.value == "None":
                return None
            if tok.value in KEYWORDS:
                _unsupported(tok.where, "'%s'" % tok.value)
            return self.lookup(tok.value, tok.where)
        if tok.kind == "op" and tok.value in ("(", "["):
            close = ")" if tok.value == "(" else "]"
            items = []
            tuple_comma = False
            while not self.at(close):
                if self.at("*"):
                    _unsupported(self.peek().where, "unpacking with *")
                items.append(self.binary_expression(0))
                if self.at("for", "name"):
                    _unsupported(self.peek().where, "a comprehension")
                if not self.accept(","):
                    break
                tuple_comma = True
            self.expect(close)
            if tok.value == "[":
                return items
            if len(items) == 1 and not tuple_comma:
                return items[0]
            return tuple(items)
        if tok.kind == "op" and tok.value == "{":
            result = {}
            while not self.at("}"):
                key_tok = self.peek()
                key = self.binary_expression(0)
                if not isinstance(key, str):
                    _unsupported(key_tok.where, "a set, or a dict key that is not a string")
                self.expect(":")
                result[key] = self.binary_expression(0)
                if not self.accept(","):
                    break
            self.expect("}")
            return result
        _fail(tok.where, "unexpected %s" % _describe(tok))

    def lookup(self, name, where):
        if name in self.env:
            return self.env[name]
        if name.startswith("__") or name in REFUSED_NAMES:
            _fail(where, "%s is refused: the code is read, never run" % name)
        # Snippets often leave the imports out: a Keras name used bare is read as
        # `from keras.layers import Name` would bind it.
        value = self.attribute(Module(("keras", "layers")), name, where, lenient=True, bare=True)
        if value is not None:
            return value
        if name in ("keras", "tf", "tensorflow", "layers"):
            return Module(_canonical([name]) if name != "layers" else ("keras", "layers"))
        _fail(where, "%s is not defined (only names the code defines or imports from Keras "
              "can be used)" % name)

    def attribute(self, value, name, where, lenient=False, bare=False):
        if name.startswith("__"):
            _fail(where, "the attribute %s is refused" % name)
        if isinstance(value, Module):
            if not value.is_keras() and not value.path[0] == "tensorflow":
                if lenient and not bare:
                    return Module(value.path + (name,))  # from numpy import x: fine until used
                _fail(where, "%s.%s is refused: only Keras names can be used (the code is read, "
                      "never run)" % (value.dotted(), name))
            found = _keras_name(value.path, name)
            if found is not None:
                return found
            if bare:
                return None
            if name in SUBMODULES or lenient:
                return Module(value.path + (name,))
            _fail(where, "%s.%s is not a Keras name this reader knows" % (value.dotted(), name))
        if bare:
            return None
        if isinstance(value, Callable):
            if value.kind == "layer":
                _unsupported(where, "the class attribute %s.%s" % (value.name, name))
        _unsupported(where, "the attribute .%s of %s" % (name, _kind(value)))

    def skip_call(self):
        """Skip a call's parenthesized arguments unread; returns their text, shortened."""
        start = self.expect("(")
        depth = 1
        parts = []
        while depth:
            tok = self.next()
            if tok.kind == "end":
                _fail(start.where, "a '(' is never closed")
            if tok.kind == "op" and tok.value in "([{":
                depth += 1
            elif tok.kind == "op" and tok.value in ")]}":
                depth -= 1
            if depth and len(parts) < 20:
                parts.append(repr(tok.value) if tok.kind == "string" else str(tok.value))
        return "(" + "".join(parts)[:60] + ")"

    def call_arguments(self):
        args = []
        kwargs = {}
        while not self.at(")"):
            tok = self.peek()
            if tok.kind == "op" and tok.value in ("*", "**"):
                _unsupported(tok.where, "%sarguments" % tok.value)
            if tok.kind == "name" and self.peek(1).kind == "op" and self.peek(1).value == "=":
                self.next()
                self.next()
                if tok.value in kwargs:
                    _fail(tok.where, "the keyword argument %s is repeated" % tok.value)
                kwargs[tok.value] = (self.binary_expression(0), tok.where)
            else:
                if kwargs:
                    _fail(tok.where, "a positional argument follows keyword arguments")
                args.append((self.binary_expression(0), tok.where))
            if self.at("for", "name"):
                _unsupported(self.peek().where, "a generator expression")
            if not self.accept(","):
                break
        self.expect(")")
        return args, kwargs

    def subscript(self, value, where):
        parts = []
        for _ in range(3):
            if self.at(":") or self.at("]"):
                parts.append(None)
            else:
                parts.append(self.binary_expression(0))
            if not self.accept(":"):
                break
        is_slice = len(parts) > 1
        self.expect("]")
        if isinstance(value, Tensor) and value.whole and not is_slice and isinstance(parts[0], int) \
                and parts[0] >= 0 and (value.layer.config.get("return_state") or
                                       value.node().kwargs.get("return_attention_scores")):
            return Tensor(value.layer, value.node_index, parts[0], False)
        if not isinstance(value, (tuple, list, str)):
            _unsupported(where, "indexing or slicing %s" % _kind(value))
        for p in parts:
            if p is not None and (isinstance(p, bool) or not isinstance(p, int)):
                _fail(where, "indices must be integers, got %s" % _kind(p))
        try:
            if is_slice:
                return value[parts[0]:parts[1]:parts[2] if len(parts) > 2 else None]
            return value[parts[0]]
        except (IndexError, ValueError) as e:
            _fail(where, "bad index: %s" % e)

    def binary(self, left, op, right, where):
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            if op not in TENSOR_OPS:
                _unsupported(where, "the operator %r on tensors" % op)
            for side in (left, right):
                if not isinstance(side, (Tensor, int, float)) or isinstance(side, bool):
                    _unsupported(where, "%r between a tensor and %s" % (op, _kind(side)))
            # Keras turns x + y into a keras.ops Add operation named "add", "add_1", ...
            layer = self.new_layer(TENSOR_OPS[op], None, {}, where, module="keras.src.ops.numpy")
            return self.call_layer(layer, [left, right], {}, where)
        numbers = (int, float)
        if isinstance(left, bool) or isinstance(right, bool):
            _unsupported(where, "arithmetic on True/False")
        if isinstance(left, numbers) and isinstance(right, numbers):
            try:
                if op == "+":
                    result = left + right
                elif op == "-":
                    result = left - right
                elif op == "*":
                    result = left * right
                elif op == "/":
                    result = left / right
                elif op == "//":
                    result = left // right
                elif op == "%":
                    result = left % right
                else:
                    if isinstance(right, int) and (right > 1024 or right < -1024):
                        _fail(where, "the exponent %d is too large" % right)
                    result = left ** right
            except ZeroDivisionError:
                _fail(where, "division by zero")
            if isinstance(result, int) and abs(result) > MAX_INT:
                _fail(where, "the result is too large")
            return result
        sequences = (str, tuple, list)
        if op == "+" and isinstance(left, sequences) and type(left) is type(right):
            if len(left) + len(right) > MAX_SEQUENCE:
                _fail(where, "the result is too long")
            return left + right
        if op == "*" and (isinstance(left, sequences) and isinstance(right, int) or
                          isinstance(right, sequences) and isinstance(left, int)):
            seq, times = (left, right) if isinstance(left, sequences) else (right, left)
            if len(seq) * times > MAX_SEQUENCE:
                _fail(where, "the result is too long")
            return seq * times
        _unsupported(where, "%r between %s and %s" % (op, _kind(left), _kind(right)))

    # Calls
    def call(self, fn, args, kwargs, where):
        if isinstance(fn, Callable):
            if fn.kind == "layer":
                return self.construct(fn, args, kwargs, where)
            if fn.kind == "input":
                return self.make_input(args, kwargs, where)
            if fn.kind == "sequential":
                return self.make_sequential(args, kwargs, where)
            if fn.kind == "model":
                return self.make_functional(args, kwargs, where)
            if fn.kind == "merge":
                if not args:
                    _fail(where, "layers.%s needs a list of tensors" % fn.name)
                inputs = args[0][0]
                layer = self.construct(Callable("layer", MERGE_HELPERS[fn.name],
                                                _class_params(MERGE_HELPERS[fn.name])),
                                       args[1:], kwargs, where)
                return self.call_layer(layer, [inputs], {}, where)
            if fn.kind == "activation":
                _unsupported(where, "calling the activation %s on a value" % fn.name)
        if isinstance(fn, (Layer, Model)):
            call_args = [v for v, _ in args]
            call_kwargs = dict((k, kwargs[k][0]) for k in kwargs)
            return self.call_layer(fn, call_args, call_kwargs, where)
        if isinstance(fn, Tensor):
            _unsupported(where, "calling a tensor")
        _unsupported(where, "calling %s" % _kind(fn))

    def new_layer(self, class_name, name, config, where, module="keras.layers"):
        self.layer_count += 1
        if self.layer_count > MAX_LAYERS:
            _fail(where, "more than %d layers; the limit keeps the work bounded" % MAX_LAYERS)
        if name is None:
            name = self.auto_name(class_name)
        return Layer(class_name, name, config, module)

    def construct(self, fn, args, kwargs, where):
        class_name = fn.name
        if class_name == "InputLayer":
            return self.make_input(args, kwargs, where, layer_only=True)
        config = {}
        params = fn.params
        if len(args) > len(params):
            _fail(args[len(params)][1], "%s takes at most %d positional argument%s (%s); pass "
                  "the others by keyword" % (class_name, len(params), "" if len(params) == 1 else "s",
                                             ", ".join(params) or "none"))
        for i in range(len(args)):
            config[params[i]] = args[i][0]
        for key in kwargs:
            if key in config:
                _fail(kwargs[key][1], "%s got the argument %s twice" % (class_name, key))
            config[key] = kwargs[key][0]
        for key in config:
            if _tensors_in(config[key], []):
                _unsupported(where, "a tensor as the argument %s of %s (call the layer on it "
                             "instead)" % (key, class_name))
        name = config.pop("name", None)
        if name is not None and not isinstance(name, str):
            _fail(where, "name must be a string. Received: name=%r" % (name,))
        input_shape = config.pop("input_shape", None)
        # Legacy input_dim= (Dense(32, input_dim=784)); Embedding's own input_dim stays.
        input_dim = config.pop("input_dim", None) if "input_dim" not in params else None
        if input_dim is not None:
            input_shape = (input_dim,)
        if "batch_input_shape" in config:
            _unsupported(where, "batch_input_shape= (Keras 3 refuses it; use keras.Input(batch_shape=...))")
        layer = self.new_layer(class_name, name, config, where)
        if input_shape is not None:
            layer.input_shape_arg = self.shape_value(input_shape, "input_shape", where)
        return layer

    def shape_value(self, shape, what, where):
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, (tuple, list)) or any(
                d is not None and (isinstance(d, bool) or not isinstance(d, int)) for d in shape):
            _fail(where, "%s must be a tuple of integers or None. Received: %s=%r" % (what, what, shape))
        return list(shape)

    def make_input(self, args, kwargs, where, layer_only=False):
        params = ("shape", "batch_size", "dtype", "sparse", "batch_shape", "name")
        if layer_only:
            params = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape")
        values = {}
        if len(args) > len(params):
            _fail(where, "Input takes at most %d positional arguments" % len(params))
        for i in range(len(args)):
            values[params[i]] = args[i][0]
        for key in kwargs:
            values[key] = kwargs[key][0]
        if "input_shape" in values:  # InputLayer's legacy spellings
            values["shape"] = values.pop("input_shape")
        if "batch_input_shape" in values:
            values["batch_shape"] = values.pop("batch_input_shape")
        allowed = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor", "optional", "input_tensor")
        for key in values:
            if key not in allowed:
                _fail(where, "Input got an unexpected argument %s" % key)
        if values.get("shape") is not None and values.get("batch_shape") is not None:
            _fail(where, "You cannot pass both `shape` and `batch_shape` at the same time.")
        if values.get("batch_shape") is not None:
            batch_shape = self.shape_value(values["batch_shape"], "batch_shape", where)
        elif values.get("shape") is not None:
            if isinstance(values["shape"], int):
                _fail(where, "shape must be a tuple, e.g. shape=(%d,). Received: shape=%d"
                      % (values["shape"], values["shape"]))
            batch_shape = [values.get("batch_size")] + self.shape_value(values["shape"], "shape", where)
        else:
            _fail(where, "Input needs shape= or batch_shape= (the reader has no other way to know "
                  "the input's shape)")
        name = values.get("name")
        config = {"batch_shape": batch_shape, "dtype": values.get("dtype") or "float32",
                  "sparse": bool(values.get("sparse")), "ragged": bool(values.get("ragged")),
                  "optional": bool(values.get("optional"))}
        layer = self.new_layer("InputLayer", name, config, where)
        layer.batch_shape = batch_shape
        layer.nodes.append(Node([], {}, True))
        if layer_only:
            return layer
        return Tensor(layer, 0, 0)

    def make_sequential(self, args, kwargs, where):
        params = ("layers", "trainable", "name")
        values = {}
        for i in range(len(args)):
            if i >= len(params):
                _fail(args[i][1], "Sequential takes at most 3 positional arguments")
            values[params[i]] = args[i]
        for key in kwargs:
            if key not in params:
                _fail(kwargs[key][1], "Sequential got an unexpected argument %s" % key)
            values[key] = kwargs[key]
        name = values.get("name", (None, None))[0]
        model = Model("Sequential", name if name is not None else self.auto_name("Sequential"))
        if "trainable" in values:
            model.trainable = values["trainable"][0] is not False
        self.models.append(model)
        layers, layers_where = values.get("layers", (None, where))
        if layers is not None:
            if not isinstance(layers, (list, tuple)):
                _fail(layers_where, "Sequential's layers must be a list of layers")
            for item in layers:
                self.add(model, item, layers_where, rebuild=False)
            self.maybe_rebuild(model)
        return model

    def add(self, model, item, where, rebuild=True):
        """Sequential.add, as Keras does it (legacy input_shape=, keras.Input tensors)."""
        if not model.layers and isinstance(item, Layer) and item.input_shape_arg is not None:
            self.add(model, self.make_input([(item.input_shape_arg, where)], {}, where, layer_only=True), where)
        if isinstance(item, Tensor) and item.layer.class_name == "InputLayer":
            item = item.layer
        if not isinstance(item, (Layer, Model)):
            _fail(where, "Only instances of `keras.Layer` can be added to a Sequential model. "
                  "Received: %s" % _kind(item))
        for existing in model.layers:
            if existing.name == item.name:
                _fail(where, "All layers added to a Sequential model should have unique names. "
                      "Name '%s' is already the name of a layer in this model." % item.name)
        if isinstance(item, Layer) and item.class_name == "InputLayer" and model.layers \
                and getattr(model.layers[0], "class_name", None) == "InputLayer":
            _fail(where, "Sequential model '%s' has already been configured to use input shape "
                  "%s. You cannot add a different Input layer to it." % (model.name, model.layers[0].batch_shape))
        model.layers.append(item)
        if rebuild:
            self.maybe_rebuild(model)

    def model_method(self, model, method, args, kwargs, where):
        if model.class_name != "Sequential":
            _unsupported(where, "%s() on a functional model" % method)
        if len(args) != 1 or kwargs:
            _fail(where, "model.%s() takes one argument here" % method)
        value, value_where = args[0]
        if method == "add":
            self.add(model, value, value_where)
            return None
        # Sequential.build(input_shape) puts an InputLayer first.
        batch_shape = self.shape_value(value, "input_shape", value_where)
        if model.layers and getattr(model.layers[0], "class_name", None) == "InputLayer":
            return None
        if not model.layers:
            _fail(where, "the Sequential model %s has no layers to build" % model.name)
        layer = self.make_input([], {"batch_shape": (batch_shape, value_where)}, where, layer_only=True)
        model.layers.insert(0, layer)
        self.auto_name("Functional")
        for layer in model.layers:
            self.build(layer)
        return None

    def maybe_rebuild(self, model):
        # Keras builds a Sequential once it knows its input, through an internal Functional
        # model: that takes the next "functional" name, which shows in later models' names.
        first = model.layers[0] if model.layers else None
        if isinstance(first, Layer) and first.class_name == "InputLayer" and len(model.layers) > 1:
            self.auto_name("Functional")
            for layer in model.layers:
                self.build(layer)

    def make_functional(self, args, kwargs, where):
        values = {}
        params = ("inputs", "outputs", "name")
        for i in range(len(args)):
            if i >= len(params):
                _fail(args[i][1], "Model takes at most 3 positional arguments here")
            values[params[i]] = args[i][0]
        for key in kwargs:
            if key not in ("inputs", "outputs", "name", "trainable"):
                _fail(kwargs[key][1], "Model got an argument this reader does not know: %s" % key)
            values[key] = kwargs[key][0]
        if "inputs" not in values or "outputs" not in values:
            _unsupported(where, "a Model without inputs and outputs (a subclassed model)")
        for what in ("inputs", "outputs"):
            value = values[what]
            if isinstance(value, dict):
                found = [value[k] for k in value]
            elif isinstance(value, (list, tuple)):
                found = list(value)
            else:
                found = [value]
            if not found or not all(isinstance(t, Tensor) for t in found):
                _fail(where, "Model's %s must be tensors (from keras.Input and layer calls). "
                      "Received: %s" % (what, ", ".join(_kind(t) for t in found) or "nothing"))
            if isinstance(value, tuple):
                values[what] = list(value)
        for t in _tensors_in(values["inputs"], []):
            if t.layer.class_name != "InputLayer":
                _unsupported(where, "a model input that does not come from keras.Input")
        name = values.get("name")
        model = Model("Functional", name if name is not None else self.auto_name("Functional"))
        model.trainable = values.get("trainable", True) is not False
        model.inputs = values["inputs"]
        model.outputs = values["outputs"]
        _functional_config(model)  # checks the graph now, so errors name this line
        self.models.append(model)
        return model

    def call_layer(self, layer, args, kwargs, where):
        if not _tensors_in([args, kwargs], []):
            _unsupported(where, "calling %s on something that is not a tensor" % layer.name)
        if isinstance(layer, Model) and layer.class_name == "Sequential" and not layer.layers:
            _fail(where, "the Sequential model %s has no layers" % layer.name)
        layer.nodes.append(Node(args, kwargs))
        self.build(layer)
        return Tensor(layer, len(layer.nodes) - 1, 0)

    def build(self, layer):
        if isinstance(layer, Layer) and not layer.built:
            layer.built = True
            for class_name in BUILD_SUBLAYERS.get(layer.class_name, ()):
                self.auto_name(class_name)

    def result(self):
        if not self.models:
            raise CodeError("The code defines no model: use keras.Sequential([...]) or "
                            "keras.Model(inputs, outputs).")
        # The model the code names `model`, else the last one built (notebooks build the
        # parts first and the whole last).
        chosen = self.env.get("model")
        if not isinstance(chosen, Model):
            chosen = self.models[-1]
        return chosen.to_json()


def _canonical(path):
    path = tuple(path)
    if path and path[0] == "tf":
        path = ("tensorflow",) + path[1:]
    return path


def _keras_name(path, name):
    """What keras.<...>.name is, when it is a Keras name the reader knows."""
    last = path[-1] if path else ""
    if name in ("Sequential",):
        return Callable("sequential", name)
    if name in ("Model", "Functional"):
        return Callable("model", name)
    if name == "Input":
        return Callable("input", name)
    if name == "InputLayer":
        return Callable("layer", name)
    if last in OPAQUE_MODULES:
        return Callable("opaque", name, text=".".join(path + (name,)))
    if name in ACTIVATIONS and last in ("activations", "nn", "ops"):
        return name  # keras.activations.relu serializes as "relu"
    if name in LAYER_CLASSES:
        canonical, params = LAYER_CLASSES[name]
        return Callable("layer", canonical, params)
    if name in MERGE_HELPERS and last != "ops":
        return Callable("merge", name)
    if name == "plot_model":
        return Callable("ignored", name)
    return None


def _class_params(class_name):
    return LAYER_CLASSES.get(class_name, (class_name, []))[1]


def _kind(value):
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, tuple):
        return "a tuple"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, Tensor):
        return "a tensor (output of %s)" % value.layer.name
    if isinstance(value, Layer):
        return "the layer %s" % value.name
    if isinstance(value, Model):
        return "the model %s" % value.name
    if isinstance(value, Module):
        return "the module %s" % value.dotted()
    if isinstance(value, Callable):
        return value.name
    if isinstance(value, Opaque):
        return value.text
    return "a value"


def _describe(tok):
    if tok.kind == "end":
        return "the end of the code"
    if tok.kind == "newline":
        return "the end of the line"
    if tok.kind == "indent":
        return "an indentation"
    if tok.kind == "string":
        return "a string"
    return repr(tok.value)


def read_code(text):
    """The model description (as json.loads(model.to_json()) would give it) of pasted Keras
    code. Raises ValueError naming the line and column of anything it cannot read."""
    if not isinstance(text, str):
        raise CodeError("The code must be text.")
    try:
        return Reader(text).run()
    except RuntimeError:  # RecursionError on CPython, "pystack exhausted" on MicroPython
        raise CodeError("The code is nested too deeply for this reader (the Python stack ran out).")
