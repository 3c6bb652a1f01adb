"""A PyTorch model's summary from its `print(model)` text, without torch.

`print(model)` writes the module tree: each child as `(name): Class(...)`, indented two
spaces per level (torch/nn/modules/module.py, Module.__repr__); a leaf as its class and its
extra_repr(), the constructor arguments that differ from the defaults
(`Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)`); runs of
identical children of a ModuleList or Sequential as one `(0-11): 12 x Block(...)`.
Each leaf is counted by the catalogue (calc/torch_layers), its positional arguments mapped
in the constructor's order.

What the text does not show is said on the row, which is then partial: tensors a module
holds itself (ViT's class_token), MultiheadAttention's kdim/vdim/add_bias_kv, classes that
are not torch.nn's. torchvision's classes are known (calc/torchvision_classes.py, written
from torchvision): which hold tensors of their own and which hold none. A subclass of a torch.nn module that prints its parent's arguments
(torchvision's LayerNorm2d, Conv3DSimple) is read as that module, and the row says so.
"""

from calc import torch_spec
from calc.catalogue import TORCH_LAYERS, compute_entry, find, read_config
from calc.model import Row, Summary
from calc.text import fmt_int, listed, shorten
from calc.torchvision_classes import NO_OWN_TENSORS, OWN_TENSORS
from calc.weights import Result, Weight

MAX_TEXT = 16 * 1024 * 1024
MAX_MODULES = 20000  # after the repeats are expanded; the largest torchvision model has ~1,800
MAX_DEPTH = 100
MAX_REPR = 4000  # characters in one module's line: real ones are under 200

# The standard containers: their parameters are their children's.
CONTAINERS = ("Sequential", "ModuleList", "ModuleDict")

def looks_like_print(text):
    """Whether `text` is print(model) output: a first line `Name(` followed by a line
    `(child): ...`, or one line `Name(args)` naming a torch.nn class (Python code never
    has a line that starts with `(name): `)."""
    lines = _content_lines(text, 2)
    if not lines or not _is_name(lines[0][:-1]) and not lines[0].endswith(")"):
        return False
    if lines[0].endswith("(") and _is_name(lines[0][:-1]):
        return len(lines) > 1 and lines[1].startswith("(") and "): " in lines[1]
    if len(lines) == 1 and "(" in lines[0]:
        name = lines[0][:lines[0].find("(")]
        return _is_name(name) and torch_entry(name) is not None
    return False


def _content_lines(text, most):
    """The first `most` non-blank lines, stripped."""
    found = []
    start = 0
    while len(found) < most and start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end].strip()
        if line:
            found.append(line)
        start = end + 1
    return found


def _is_name(word):
    """Whether `word` is a Python identifier; remembered, as a print repeats a few class
    names a thousand times (checking characters one by one is slow in MicroPython)."""
    known = _NAMES.get(word)
    if known is None:
        known = bool(word) and (word[0].isalpha() or word[0] == "_") and all(
            c.isalpha() or c.isdigit() or c == "_" for c in word)
        if len(_NAMES) < 10000:
            _NAMES[word] = known
    return known


_NAMES = {}


class Node:
    """One module of the printed tree: `args` is a leaf's argument text, `children` a
    container's [(key, Node)], `repeat` how many identical copies a `(0-11): 12 x` line
    stands for (keys start..start+repeat-1)."""

    def __init__(self, class_name, line):
        self.class_name = class_name
        self.line = line
        self.args = None
        self.children = None
        self.parameter = None  # a ParameterList's `Parameter containing: [... of size 3x4]`
        self.extra = False  # a container that prints arguments too


def parse_print(text):
    """The root Node of print(model) text; ValueError naming the line for anything else."""
    if len(text) > MAX_TEXT:
        raise ValueError("the print(model) text is too large (%d bytes; the limit is %d)."
                         % (len(text), MAX_TEXT))
    lines = text.split("\n")
    root = None
    stack = []  # open containers: [Node]
    for number in range(len(lines)):
        line = lines[number].strip()
        if not line:
            continue
        where = number + 1
        if len(line) > MAX_REPR:
            raise ValueError("line %d of the print(model) text is %d characters long; a module's "
                             "line is far shorter." % (where, len(line)))
        if root is not None and not stack:
            raise ValueError("line %d: text after the model's closing ')': %s" % (where, shorten(line)))
        if line == ")":
            if not stack:
                raise ValueError("line %d: a ')' that closes nothing." % where)
            stack.pop()
            continue
        if root is None:
            key, repeat, module = None, 1, line
        elif line.startswith("(") and "): " in line:
            close = line.find("): ")
            key, module = line[1:close], line[close + 3:].strip()
            repeat, module = _repeat(key, module, where)
        else:
            # A container's extra_repr() line (its arguments, printed before its children):
            # no tensors are read from it.
            stack[-1].extra = True
            continue
        node = _module(module, where)
        if root is None:
            root = node
        else:
            stack[-1].children.append((key, repeat, node))
        if node.children is not None:
            if len(stack) >= MAX_DEPTH:
                raise ValueError("line %d: modules nested more than %d levels deep." % (where, MAX_DEPTH))
            stack.append(node)
    if root is None:
        raise ValueError("the print(model) text holds no module.")
    if stack:
        raise ValueError("the print(model) text ends inside %s (opened on line %d): is it cut short?"
                         % (stack[-1].class_name, stack[-1].line))
    return root


def _repeat(key, module, where):
    """`(0-11): 12 x Block(` -> (12, "Block("); other children repeat once."""
    at = module.find(" x ")
    if "-" not in key or at < 0 or not module[:at].isdigit():
        return 1, module
    first, last = key.split("-", 1)
    count = int(module[:at])
    if not first.isdigit() or not last.isdigit() or int(last) - int(first) + 1 != count:
        raise ValueError("line %d: the repeat (%s): %d x does not match its range." % (where, key, count))
    return count, module[at + 3:].strip()


def _module(text, where):
    """A Node from `Class(args)`, `Class(` (a container) or a ParameterList's entry."""
    if text.startswith("Parameter containing:"):
        node = Node("Parameter", where)
        node.parameter = _parameter_shape(text, where)
        return node
    open_at = text.find("(")
    name = text[:open_at] if open_at > 0 else ""
    if not _is_name(name):
        raise ValueError("line %d: expected a module written Class(...). Received: %s" % (where, shorten(text)))
    node = Node(name, where)
    if text.endswith("(") and open_at == len(text) - 1:
        node.children = []
    elif text.endswith(")"):
        node.args = text[open_at + 1:-1]
    else:
        raise ValueError("line %d: a module's arguments end with ')'. Received: %s" % (where, shorten(text)))
    return node


def _parameter_shape(text, where):
    """`Parameter containing: [torch.float32 of size 3x4]` -> (3, 4)."""
    at = text.find(" of size ")
    end = text.rfind("]")
    if at < 0 or end < at:
        raise ValueError("line %d: a Parameter's size is written [torch.float32 of size 3x4]. "
                         "Received: %s" % (where, shorten(text)))
    size = text[at + len(" of size "):end].strip()
    parts = size.split("x") if size else []
    if not all(p.isdigit() for p in parts):
        raise ValueError("line %d: a Parameter's size must be whole numbers. Received: %s" % (where, shorten(size)))
    return tuple(int(p) for p in parts)


# --- a leaf's arguments: Python literals, and bare words (`mode=row`, `padding=same`) ---

def parse_args(text):
    """'3, 64, kernel_size=(7, 7), bias=False' -> ([3, 64], {"kernel_size": (7, 7), "bias": False})."""
    reader = _ArgReader(text)
    positional, keywords = [], {}
    reader.space()
    while reader.at < len(text):
        start = reader.at
        word = reader.word()
        reader.space()
        if word and reader.peek() == "=":
            reader.at += 1
            keywords[word] = reader.value()
        else:
            reader.at = start
            if keywords:
                raise ValueError("a positional argument after keyword arguments")
            positional.append(reader.value())
        reader.space()
        if reader.at < len(text):
            reader.expect(",")
            reader.space()
    return positional, keywords


WORDS = {"True": True, "False": False, "None": None}


class _ArgReader:
    def __init__(self, text):
        self.text = text
        self.at = 0

    def peek(self):
        return self.text[self.at] if self.at < len(self.text) else ""

    def space(self):
        while self.at < len(self.text) and self.text[self.at] in " \t":
            self.at += 1

    def expect(self, char):
        if self.peek() != char:
            raise ValueError("expected %r at %s" % (char, shorten(self.text[self.at:self.at + 20])))
        self.at += 1

    def word(self):
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isalpha() or self.text[self.at].isdigit()
                                            or self.text[self.at] in "_."):
            self.at += 1
        return self.text[start:self.at]

    def value(self):
        self.space()
        c = self.peek()
        if not c:
            raise ValueError("a value is missing at the end")
        if c in "([":
            close = ")" if c == "(" else "]"
            self.at += 1
            items = []
            self.space()
            while self.peek() != close:
                if not self.peek():
                    raise ValueError("an unclosed %r" % c)
                items.append(self.value())
                self.space()
                if self.peek() == ",":
                    self.at += 1
                    self.space()
                elif self.peek() != close:
                    raise ValueError("expected ',' or %r" % close)
            self.at += 1
            return tuple(items) if c == "(" else items
        if c in "'\"":
            end = self.text.find(c, self.at + 1)
            if end < 0:
                raise ValueError("an unclosed string")
            value = self.text[self.at + 1:end]
            self.at = end + 1
            return value
        start = self.at
        if c in ("+", "-"):
            self.at += 1
        word = self.word()
        if word[-1:] in ("e", "E") and word[0].isdigit() and self.peek() in ("+", "-"):  # 1e-05
            self.at += 1
            word += self.text[self.at - 1] + self.word()
        if not word:
            raise ValueError("expected a value at %s" % shorten(self.text[start:start + 20]))
        token = self.text[start:self.at]
        if token in WORDS:
            return WORDS[token]
        try:
            return int(token)
        except ValueError:
            pass
        try:
            return float(token)
        except ValueError:
            return token  # a bare word: extra_repr() wrote a string without quotes


# --- counting the tree ---

class _Counter:
    """Counts each distinct leaf line once (ResNet152 repeats a handful of reprs hundreds
    of times) and caps the number of modules."""

    def __init__(self):
        self.modules = 0
        self.leaves = {}

    def count_module(self):
        self.modules += 1
        if self.modules > MAX_MODULES:
            raise ValueError("the model has more than %d modules; the limit keeps the work bounded."
                             % MAX_MODULES)

    def leaf(self, node):
        """(Result, note, problem, (params, trainable, buffers)) of a leaf line."""
        key = node.class_name + "(" + node.args
        found = self.leaves.get(key)
        if found is None:
            result, note, problem = _count_leaf(node.class_name, node.args)
            counts = None if result is None else (result.total_params, result.trainable_params,
                                                  result.buffer_count)
            found = self.leaves[key] = (result, note, problem, counts)
        return found


def summarize_print(text):
    """The Summary of print(model) text (framework "torch"): one row per child of the
    model, nested like the modules, named as named_modules() names them."""
    root = parse_print(text)
    counter = _Counter()
    if root.children is None:
        return Summary("", root.class_name, [_row(root.class_name, root, counter)], framework="torch")
    row = _container_row("", root, counter)
    # The model itself has no row: what its row would say goes to the notes.
    problems = [row.problem] if row.problem else []
    rows = row.children.rows
    return Summary("", root.class_name, rows, not_followed=problems, framework="torch",
                   remarks=_maybe_tied(rows))


def _maybe_tied(rows):
    """What print(model) cannot show: which weights are one tensor. Hugging Face ties a
    language model's output layer to its input embedding (tie_word_embeddings, true by
    default), and an encoder-decoder's embeddings to one shared table; PyTorch counts a tied
    tensor once. The candidates: a Linear whose weight has an Embedding's shape, with every
    Embedding of that shape. Said in a remark, with what the total would be."""
    by_shape = {}  # (rows, cols) -> [(name, class name)] of the Embedding and Linear weights
    shapes = []  # by_shape's keys in the model's order (MicroPython's dicts keep none)
    total, complete = 0, True
    stack = list(rows)
    while stack:
        r = stack.pop(0)
        if r.children is not None:
            stack = list(r.children.rows) + stack
            continue
        total += r.params or 0
        complete = complete and r.known
        if r.class_name in ("Embedding", "Linear") and r.result is not None:
            for w in r.result.weights:
                if w.name == "weight":
                    shape = w.shape_values()
                    if shape not in by_shape:
                        shapes.append(shape)
                    by_shape.setdefault(shape, []).append((r.name, r.class_name))
    remarks = []
    for shape in shapes:
        found = by_shape[shape]
        classes = [c for _, c in found]
        if "Embedding" not in classes or "Linear" not in classes:
            continue
        fewer = (len(found) - 1) * shape[0] * shape[1]
        remarks.append("%s have weights of one shape, (%s). print(model) does not show whether they "
                       "are one tensor (tied weights, as in most Hugging Face language models); if "
                       "they are, PyTorch counts it once: %s parameters fewer%s." % (
                           listed([n for n, _ in found]), ", ".join(fmt_int(n) for n in shape),
                           fmt_int(fewer), ", %s in all" % fmt_int(total - fewer) if complete else ""))
    return remarks


def _rows(prefix, node, counter):
    rows = []
    for key, repeat, child in node.children:
        if repeat == 1:
            rows.append(_row(prefix + key, child, counter))
            continue
        first = int(key.split("-")[0])
        for index in range(first, first + repeat):
            rows.append(_row(prefix + str(index), child, counter))
    return rows


def _row(name, node, counter):
    counter.count_module()
    if node.parameter is not None:
        result = Result("nn.Parameter", [Weight(name.rpartition(".")[2], node.parameter)], None,
                        framework="torch")
        return Row(name, "Parameter", None, result.total_params, result.total_params, True,
                   result=result, buffers=0)
    if node.children is not None:
        return _container_row(name, node, counter)
    result, read_as, problem, counts = counter.leaf(node)
    if result is None:
        return Row(name, node.class_name, None, None, None, True, known=False, problem=problem)
    return Row(name, node.class_name, None, counts[0], counts[1], True, result=result,
               buffers=counts[2], note=read_as)


def _container_row(name, node, counter):
    if node.class_name == "MultiheadAttention":
        row = _attention_row(name, node, counter)
        if row is not None:
            return row
    child = Summary(name, node.class_name, _rows(name + "." if name else "", node, counter),
                    framework="torch")
    row = Row(name, node.class_name, None, child.total_params, child.trainable_params, True,
              children=child, buffers=child.buffers or 0)
    row.problem = _hidden_tensors(node)
    row.known = row.problem is None
    if node.class_name in NO_OWN_TENSORS:
        row.note = "torchvision's %s holds no tensors of its own: its sub-modules' are all" % node.class_name
    return row


def _hidden_tensors(node):
    """Why a container's count may miss tensors print(model) does not show, or None."""
    name = node.class_name
    if node.extra and (torch_entry(name) is not None or _parents(name, {})):
        return ("%s prints its arguments beside sub-modules (a parametrization or weight_norm?): "
                "only the sub-modules' tensors are counted" % name)
    if name in OWN_TENSORS:
        # A class's instances need not all hold them (MViT v1's MultiscaleAttention has no
        # rel_pos_h, v2's has): "may".
        return ("torchvision's %s may hold %s of its own, which print(model) does not show: the "
                "count is its sub-modules' only" % (name, OWN_TENSORS[name]))
    if name in CONTAINERS or name in NO_OWN_TENSORS or torch_entry(name) is not None:
        return None
    return ("%s is not a torch.nn class: print(model) shows its sub-modules, not the tensors it "
            "may hold itself (an nn.Parameter); paste its code to count those" % name)


def _attention_row(name, node, counter):
    """nn.MultiheadAttention prints only its out_proj: embed_dim and bias are read from it,
    kdim = vdim = embed_dim and add_bias_kv=False assumed (the defaults), and the row says so."""
    if len(node.children) != 1 or node.children[0][0] != "out_proj" or node.children[0][2].args is None:
        return None
    try:
        _, keywords = parse_args(node.children[0][2].args)
        entry = find("nn.MultiheadAttention")
        cfg = read_config(entry, None, {"embed_dim": keywords.get("in_features"), "num_heads": 1,
                                        "bias": keywords.get("bias", True)})
        result = compute_entry(entry, cfg, [])
    except ValueError:
        return None
    counter.count_module()
    return Row(name, node.class_name, None, result.total_params, result.trainable_params, True,
               result=result, buffers=result.buffer_count, known=False,
               problem="MultiheadAttention's repr shows only out_proj: counted with kdim = vdim = "
                       "embed_dim = %s and add_bias_kv=False, the defaults" % fmt_int(cfg["embed_dim"]))


def torch_entry(class_name):
    """The catalogue's entry for a torch.nn class name, or None. Not calc.catalogue.find:
    most names in a print are looked up, and its did-you-mean search for a missing one
    costs milliseconds each."""
    if not _LOADED:
        len(TORCH_LAYERS)  # loads every family, once
        _LOADED.append(True)
    return torch_spec.BY_NAME.get("nn." + class_name)


_LOADED = []  # [True] once the PyTorch catalogue is loaded


def _count_leaf(class_name, args):
    """(Result, note, problem) of one leaf: counted as its torch.nn class, or as the
    torch.nn class a subclass prints the arguments of; Result None when it cannot be."""
    try:
        positional, keywords = parse_args(args)
    except ValueError as e:
        return None, None, "its arguments could not be read (%s): %s" % (e, shorten(args))
    entry = torch_entry(class_name)
    if entry is not None:
        try:
            return _compute(entry, positional, keywords), None, None
        except ValueError as e:
            return None, None, str(e)
    if class_name in CONTAINERS and not positional and not keywords:  # an empty Sequential()
        return _compute(find("nn.Identity"), [], {}), None, None
    if class_name in NO_OWN_TENSORS:
        return _compute(find("nn.Identity"), [], {}), "torchvision's %s holds no tensors" % class_name, None
    if class_name in OWN_TENSORS:
        return None, None, ("torchvision's %s may hold %s, which print(model) does not show"
                            % (class_name, OWN_TENSORS[class_name]))
    for candidate in _parents(class_name, keywords):
        try:
            result = _compute(candidate, positional, keywords)
        except ValueError:
            continue
        return result, "read as %s, whose arguments it prints" % candidate.name, None
    return None, None, ("%s is not a torch.nn class, and print(model) does not show what it holds"
                        % class_name)


def _parents(class_name, keywords):
    """The torch.nn classes a subclass could be: those whose name is part of its name
    (LayerNorm2d, Conv3DSimple, NonDynamicallyQuantizableLinear), longest first, then any
    that takes every keyword it prints."""
    lower = class_name.lower()
    # Only classes with arguments: a repr shows nothing of nn.Module's or nn.Identity's.
    named = [e for e in TORCH_LAYERS if e.args and e.class_name.lower() in lower]
    named.sort(key=lambda e: -len(e.class_name))
    if named or not keywords:
        return named
    fitting = []
    for entry in TORCH_LAYERS:
        names = [a.name for a in entry.args]
        if names and all(k in names for k in keywords):
            fitting.append(entry)
    return fitting[:1] if len(fitting) == 1 else []


def _compute(entry, positional, keywords):
    order = [a for a in entry.args if not getattr(a, "not_constructor", False)]
    if len(positional) > len(order):
        raise ValueError("%s takes %d positional arguments; the repr has %d"
                         % (entry.name, len(order), len(positional)))
    given = {}
    for i in range(len(positional)):
        given[order[i].name] = positional[i]
    for key in keywords:
        if key in given:
            raise ValueError("%s is given twice" % key)
        given[key] = keywords[key]
    return compute_entry(entry, read_config(entry, None, given), [])
