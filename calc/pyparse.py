"""A parser for the Python that model-building code uses, written for MicroPython too (which
has no ast or tokenize module). It turns source text into a small syntax tree of tuples that
calc.pyeval walks; nothing is ever compiled or run by the host Python.

Every node is a tuple whose first item names its kind and whose second is where it starts,
(line, column). Expressions:

    ("const", w, value)            ("name", w, id)            ("attr", w, obj, name)
    ("sub", w, obj, index)         ("slice", w, lo, hi, step) ("call", w, fn, args, kwargs)
    ("bin", w, op, left, right)    ("unary", w, signs, operand)  ("not", w, operand)
    ("bool", w, "and"|"or", [values])                         ("cmp", w, left, [(op, right)])
    ("ifexp", w, test, body, orelse)                          ("lambda", w, params, body)
    ("tuple"|"list"|"set", w, items)                          ("dict", w, [(key, value)])
    ("star", w, value)             ("fstr", w, parts)         ("comp", w, kind, elt, loops)

Call arguments are expressions or ("star", ...); keyword arguments are (name, value), with
name None for **mapping. A dict item's key is None for **mapping. Comprehension loops are
[(target, iterable, [conditions])]. f-string parts are text or (expression, conversion,
format-spec parts). Statements:

    ("expr", w, value)   ("assign", w, targets, value)   ("augassign", w, target, op, value)
    ("annassign", w, target, value)   ("if", w, test, body, orelse)
    ("for", w, target, iterable, body, orelse)   ("while", w, test, body, orelse)
    ("def", w, name, params, body, decorators)   ("class", w, name, bases, keywords, body, decorators)
    ("return", w, value)   ("pass", w)   ("break", w)   ("continue", w)   ("del", w, targets)
    ("import", w, [(dotted, alias)])   ("from", w, dotted, level, [(name, alias)] or "*")
    ("global", w, names)   ("nonlocal", w, names)   ("assert", w, test, message)
    ("raise", w, value)    ("try", w, body, [(type, name, body)], orelse, final)
    ("with", w, [(value, target)], body)

Function parameters are (kind, name, default) with kind "pos", "star", "kwonly" or "dstar".
The tokenizer works on bytes: indexing a str is slow on MicroPython (it walks UTF-8), so a
long paste costs time linear in its length.
"""

MAX_TEXT = 1024 * 1024  # characters of code
MAX_TOKENS = 200000
# Brackets, calls and operators nested in one expression. Real model code nests less than
# ten; the cap keeps the parser (and the evaluator after it) within the browser
# MicroPython's small Python stack.
MAX_NESTING = 15

KEYWORDS = ("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
            "raise", "return", "try", "while", "with", "yield")

OPERATORS = ("**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=",
             "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<<", ">>", "(", ")", "[", "]",
             "{", "}", ",", ":", ".", ";", "=", "+", "-", "*", "/", "%", "@", "<", ">", "&", "|",
             "^", "~")
AUGMENTED = ("+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<=")
# Binary operators by precedence, lowest first (Python's own order); `not` sits between
# `and` and the comparisons.
OPERATOR_LEVELS = {"or": 0, "and": 1, "<": 3, ">": 3, "==": 3, ">=": 3, "<=": 3, "!=": 3,
                   "in": 3, "|": 4, "^": 5, "&": 6, "<<": 7, ">>": 7, "+": 8, "-": 8, "*": 9,
                   "/": 9, "//": 9, "%": 9, "@": 9}
NOT_LEVEL = 2
COMPARISON_LEVEL = 3
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"',
           "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
STRING_PREFIXES = ("r", "b", "u", "f", "rb", "br", "fr", "rf")


class CodeError(ValueError):
    """A problem with the pasted code, with the line (and column) it is on."""


def fail(where, message):
    if where is None:
        raise CodeError(message)
    raise CodeError("line %d, column %d: %s" % (where[0], where[1], message))


class Ellipsis_:
    """The value of `...` (used in tensor slicing: x[..., 0])."""

    def __repr__(self):
        return "Ellipsis"


ELLIPSIS = Ellipsis_()


# Tokenizer --------------------------------------------------------------------------------

_OPERATOR_SET = {}
for _op in OPERATORS:
    _OPERATOR_SET[_op] = True
del _op

_SPACE = b" \t\f"
_NAME_START = {}
_NAME_PART = {}
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_":
    _NAME_START[_c] = True
    _NAME_PART[_c] = True
for _c in b"0123456789":
    _NAME_PART[_c] = True
del _c
_DIGITS = b"0123456789"


def tokenize(text):
    """The tokens of `text`: (kind, value, line, column), kind one of name, number, string,
    fstring, op, newline, indent, dedent, end."""
    if len(text) > MAX_TEXT:
        raise CodeError("The code is too large (%d characters; the limit is %d)." % (len(text), MAX_TEXT))
    data = text.encode("utf-8")
    tokens = []
    n = len(data)
    i = 0
    line = 1
    line_start = 0
    depth = 0  # open brackets: newlines inside them do not end a statement
    indents = [0]
    at_line_start = True
    while i < n:
        if len(tokens) > MAX_TOKENS:
            raise CodeError("The code has more than %d tokens; the limit keeps the work bounded." % MAX_TOKENS)
        if at_line_start and depth == 0:
            j = i
            width = 0
            while j < n and data[j] in _SPACE:
                width += 8 - width % 8 if data[j] == 9 else 1
                j += 1
            at_line_start = False
            i = j
            if j >= n or data[j] in b"\r\n#":
                continue  # a blank or comment-only line does not change the indentation
            where = (line, j - line_start + 1)
            if width > indents[-1]:
                indents.append(width)
                tokens.append(("indent", "", where[0], where[1]))
            while width < indents[-1]:
                indents.pop()
                tokens.append(("dedent", "", where[0], where[1]))
            if width != indents[-1]:
                fail(where, "this line's indentation matches no outer block")
            continue
        c = data[i]
        col = i - line_start + 1
        if c == 10 or c == 13:  # \n, \r
            if c == 13 and i + 1 < n and data[i + 1] == 10:
                i += 1
            if depth == 0 and tokens and tokens[-1][0] not in ("newline", "indent", "dedent"):
                tokens.append(("newline", "", line, col))
            i += 1
            line += 1
            line_start = i
            at_line_start = depth == 0  # inside brackets a new line is no new statement
        elif c in _SPACE:
            i += 1
        elif c == 35:  # '#'
            while i < n and data[i] != 10 and data[i] != 13:
                i += 1
        elif c == 92:  # a backslash continues the line
            j = i + 1
            if j < n and data[j] == 13:
                j += 1
            if j < n and data[j] == 10:
                i = j + 1
                line += 1
                line_start = i
            else:
                fail((line, col), "a backslash outside a string is only allowed at the end of a line")
        elif c in _DIGITS or c == 46 and i + 1 < n and data[i + 1] in _DIGITS:
            i = _number(data, i, line, col, tokens)
        elif c in _NAME_START or c > 127:
            j = i
            while j < n and (data[j] in _NAME_PART or data[j] > 127):
                j += 1
            word = data[i:j].decode("utf-8")
            if j < n and data[j] in b"'\"" and word.lower() in STRING_PREFIXES:
                i, line, line_start = _string(data, j, line, line_start, col, word.lower(), tokens)
            else:
                if j - i != len(word):
                    fail((line, col), "the name %r has non-ASCII characters; only ASCII names are read" % word[:40])
                tokens.append(("name", word, line, col))
                i = j
        elif c == 39 or c == 34:  # quotes
            i, line, line_start = _string(data, i, line, line_start, col, "", tokens)
        else:
            op = None
            for size in (3, 2, 1):  # the longest operator first
                piece = data[i:i + size].decode("utf-8", "replace")
                if piece in _OPERATOR_SET:
                    op = piece
                    break
            if op is None:
                fail((line, col), "unexpected character %r" % chr(c) if c < 128 else
                     "unexpected non-ASCII character outside a string or comment")
            if op in "([{":
                depth += 1
            elif op in ")]}":
                depth = max(0, depth - 1)
            tokens.append(("op", op, line, col))
            i += len(op)
    col = i - line_start + 1
    if tokens and tokens[-1][0] not in ("newline", "dedent"):
        tokens.append(("newline", "", line, col))
    while len(indents) > 1:
        indents.pop()
        tokens.append(("dedent", "", line, col))
    tokens.append(("end", "", line, col))
    return tokens


def _number(data, i, line, col, tokens):
    j = i
    n = len(data)
    hex_like = data[i:i + 2].lower() in (b"0x", b"0b", b"0o")
    while j < n and (data[j] in _NAME_PART or data[j] == 46 or
                     data[j] in b"+-" and data[j - 1] in b"eE" and not hex_like):
        j += 1
    raw = data[i:j].decode("utf-8")
    s = raw.replace("_", "").lower()
    if s.endswith("j") and not s.startswith("0x"):
        fail((line, col), "complex numbers are not read (%s)" % raw[:20])
    value = None
    try:
        if s.startswith("0x"):
            value = int(s[2:], 16)
        elif s.startswith("0o"):
            value = int(s[2:], 8)
        elif s.startswith("0b"):
            value = int(s[2:], 2)
        elif s.isdigit():
            value = int(s)
        elif all(ch in "0123456789.e+-" for ch in s):
            value = float(s)
    except ValueError:
        value = None
    if value is None:
        fail((line, col), "%r is not a number this reader understands" % raw[:40])
    if isinstance(value, int) and len(s) > 80:
        fail((line, col), "the number %s... has more than 80 digits" % raw[:20])
    tokens.append(("number", value, line, col))
    return j


def _string(data, i, line, line_start, col, prefix, tokens):
    """A string literal starting at the quote data[i]; returns (next index, line, line start).
    Adjacent literals are joined, as in Python; an f-string keeps its raw text, which the
    parser splits into literal parts and expressions."""
    quote = data[i]
    triple = data[i:i + 3] == bytes((quote, quote, quote))
    size = 3 if triple else 1
    j = i + size
    n = len(data)
    start = (line, col)
    raw = "r" in prefix
    fstring = "f" in prefix
    parts = []
    while True:
        if j >= n:
            fail(start, "a string is never closed")
        c = data[j]
        if c == quote and (not triple or data[j:j + 3] == bytes((quote, quote, quote))):
            j += size
            break
        if c == 10:
            if not triple:
                fail(start, "a string is never closed on its line")
            line += 1
            line_start = j + 1
        if c == 92 and j + 1 < n:  # backslash
            nxt = chr(data[j + 1])
            if raw or fstring:
                # f-strings are unescaped after they are split (a backslash may sit in a
                # literal part only); raw strings keep the backslash.
                parts.append(data[j:j + 2])
                j += 2
                if nxt == "\n":
                    line += 1
                    line_start = j
                continue
            if nxt in ESCAPES:
                parts.append(ESCAPES[nxt].encode())
                j += 2
            elif nxt == "\n":
                j += 2
                line += 1
                line_start = j
            elif nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                try:
                    parts.append(chr(int(data[j + 2:j + 2 + width].decode(), 16)).encode("utf-8"))
                except ValueError:
                    fail((line, j - line_start + 1), "a bad \\%s escape in a string" % nxt)
                j += 2 + width
            else:
                parts.append(data[j:j + 2])
                j += 2
            continue
        k = j + 1  # this character is plain text (a lone quote or a newline inside """)
        while k < n and data[k] != quote and data[k] != 92 and data[k] != 10:
            k += 1
        parts.append(data[j:k])
        j = k
    try:
        value = b"".join(parts).decode("utf-8")
    except UnicodeError:
        fail(start, "a string holds bytes that are not UTF-8")
    kind = "fstring" if fstring else "string"
    last = tokens[-1] if tokens else None
    if last is not None and last[0] in ("string", "fstring") and (last[0] == kind == "string"):
        tokens[-1] = ("string", last[1] + value, last[2], last[3])
    elif last is not None and last[0] in ("string", "fstring"):
        # "a" f"{b}": joined into one f-string (a plain part has its braces doubled).
        left = last[1] if last[0] == "fstring" else last[1].replace("{", "{{").replace("}", "}}")
        right = value if kind == "fstring" else value.replace("{", "{{").replace("}", "}}")
        tokens[-1] = ("fstring", left + right, last[2], last[3])
    else:
        tokens.append((kind, value, start[0], start[1]))
    return j, line, line_start


def unescape(text, where):
    """Backslash escapes of an f-string's literal part."""
    if "\\" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in ESCAPES:
                out.append(ESCAPES[nxt])
                i += 2
                continue
            if nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                try:
                    out.append(chr(int(text[i + 2:i + 2 + width], 16)))
                except ValueError:
                    fail(where, "a bad \\%s escape in an f-string" % nxt)
                i += 2 + width
                continue
        out.append(c)
        i += 1
    return "".join(out)


# Parser -----------------------------------------------------------------------------------

def parse(text):
    """The list of statements of `text`."""
    parser = Parser(tokenize(text))
    try:
        return parser.module()
    except RuntimeError:  # RecursionError on CPython, "pystack exhausted" on MicroPython
        fail(parser.where(), "the code is nested too deeply for this reader (the Python stack ran out)")


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.nesting = 0

    # Token helpers
    def peek(self, offset=0):
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def where(self):
        tok = self.tokens[self.pos]
        return (tok[2], tok[3])

    def next(self):
        tok = self.tokens[self.pos]
        if tok[0] != "end":
            self.pos += 1
        return tok

    def at_op(self, value):
        tok = self.tokens[self.pos]
        return tok[0] == "op" and tok[1] == value

    def at_name(self, value):
        tok = self.tokens[self.pos]
        return tok[0] == "name" and tok[1] == value

    def accept_op(self, value):
        if self.at_op(value):
            return self.next()
        return None

    def accept_name(self, value):
        if self.at_name(value):
            return self.next()
        return None

    def expect_op(self, value, what=""):
        if not self.at_op(value):
            fail(self.where(), "expected %r%s, found %s" % (value, what, describe(self.peek())))
        return self.next()

    def expect_kind(self, kind):
        tok = self.peek()
        if tok[0] != kind:
            fail(self.where(), "expected %s, found %s" % ({"newline": "the end of the line",
                                                         "indent": "an indented block"}.get(kind, kind),
                                                        describe(tok)))
        return self.next()

    def identifier(self):
        tok = self.next()
        if tok[0] != "name" or tok[1] in KEYWORDS:
            fail((tok[2], tok[3]), "expected a name, found %s" % describe(tok))
        return tok[1]

    # Statements -----------------------------------------------------------------------

    def module(self):
        body = []
        while self.peek()[0] != "end":
            if self.peek()[0] in ("newline",):
                self.next()
                continue
            if self.peek()[0] == "indent":
                fail(self.where(), "unexpected indentation")
            body.extend(self.statement())
        return body

    def block(self):
        """The body after a ':' — an indented block, or simple statements on the same line."""
        self.expect_op(":")
        if self.peek()[0] != "newline":
            return self.simple_statements()
        self.next()
        while self.peek()[0] == "newline":
            self.next()
        self.expect_kind("indent")
        body = []
        while self.peek()[0] not in ("dedent", "end"):
            if self.peek()[0] == "newline":
                self.next()
                continue
            body.extend(self.statement())
        if self.peek()[0] == "dedent":
            self.next()
        return body

    def statement(self):
        tok = self.peek()
        if tok[0] == "name":
            word = tok[1]
            if word == "if":
                return [self.if_statement()]
            if word == "for":
                return [self.for_statement()]
            if word == "while":
                return [self.while_statement()]
            if word == "def":
                return [self.def_statement([])]
            if word == "class":
                return [self.class_statement([])]
            if word == "try":
                return [self.try_statement()]
            if word == "with":
                return [self.with_statement()]
            if word == "async":
                fail(self.where(), "async code is not read")
        if tok[0] == "op" and tok[1] == "@":
            return [self.decorated()]
        return self.simple_statements()

    def simple_statements(self):
        body = [self.simple_statement()]
        while self.accept_op(";"):
            if self.peek()[0] in ("newline", "end"):
                break
            body.append(self.simple_statement())
        if self.peek()[0] != "end":
            if self.peek()[0] != "newline":
                fail(self.where(), "unexpected %s after the end of a statement" % describe(self.peek()))
            self.next()
        return body

    def simple_statement(self):
        w = self.where()
        tok = self.peek()
        if tok[0] == "name":
            word = tok[1]
            if word == "pass":
                self.next()
                return ("pass", w)
            if word in ("break", "continue"):
                self.next()
                return (word, w)
            if word == "return":
                self.next()
                value = None if self.at_statement_end() else self.expression_list()
                return ("return", w, value)
            if word == "import":
                return self.import_statement()
            if word == "from":
                return self.from_statement()
            if word in ("global", "nonlocal"):
                self.next()
                names = [self.identifier()]
                while self.accept_op(","):
                    names.append(self.identifier())
                return (word, w, names)
            if word == "del":
                self.next()
                return ("del", w, self.expression_list())
            if word == "assert":
                self.next()
                test = self.expression()
                message = self.expression() if self.accept_op(",") else None
                return ("assert", w, test, message)
            if word == "raise":
                self.next()
                value = None if self.at_statement_end() else self.expression()
                if self.accept_name("from"):
                    self.expression()
                return ("raise", w, value)
            if word in ("yield", "await"):
                fail(w, "'%s' is not read: generators and coroutines do not build models" % word)
        first = self.expression_list(star_ok=True)
        if self.at_op("="):
            targets = [first]
            while self.accept_op("="):
                targets.append(self.expression_list(star_ok=True))
            value = targets.pop()
            for t in targets:
                check_target(t)
            return ("assign", w, targets, value)
        tok = self.peek()
        if tok[0] == "op" and tok[1] in AUGMENTED:
            self.next()
            check_target(first, single=True)
            return ("augassign", w, first, tok[1][:-1], self.expression_list())
        if tok[0] == "op" and tok[1] == ":":  # an annotation: x: int = 3
            self.next()
            self.expression()
            check_target(first, single=True)
            value = self.expression_list() if self.accept_op("=") else None
            return ("annassign", w, first, value)
        return ("expr", w, first)

    def at_statement_end(self):
        tok = self.peek()
        return tok[0] in ("newline", "end") or tok[0] == "op" and tok[1] == ";"

    def import_statement(self):
        w = self.where()
        self.next()
        names = []
        while True:
            dotted = self.dotted_name()
            alias = self.identifier() if self.accept_name("as") else None
            names.append((dotted, alias))
            if not self.accept_op(","):
                break
        return ("import", w, names)

    def from_statement(self):
        w = self.where()
        self.next()
        level = 0
        while self.at_op(".") or self.at_op("..."):
            level += len(self.next()[1])
        dotted = self.dotted_name() if not self.at_name("import") else []
        if not self.accept_name("import"):
            fail(self.where(), "expected 'import' in a from-import, found %s" % describe(self.peek()))
        if self.accept_op("*"):
            return ("from", w, dotted, level, "*")
        paren = self.accept_op("(")
        names = []
        while True:
            name = self.identifier()
            alias = self.identifier() if self.accept_name("as") else None
            names.append((name, alias))
            if not self.accept_op(","):
                break
            if paren and self.at_op(")"):
                break
        if paren:
            self.expect_op(")")
        return ("from", w, dotted, level, names)

    def dotted_name(self):
        parts = [self.identifier()]
        while self.accept_op("."):
            parts.append(self.identifier())
        return parts

    def if_statement(self):
        w = self.where()
        self.next()  # if / elif
        test = self.named_expression()
        body = self.block()
        orelse = []
        if self.at_name("elif"):
            orelse = [self.if_statement()]
        elif self.accept_name("else"):
            orelse = self.block()
        return ("if", w, test, body, orelse)

    def for_statement(self):
        w = self.where()
        self.next()
        target = self.target_list()
        if not self.accept_name("in"):
            fail(self.where(), "expected 'in' in a for loop, found %s" % describe(self.peek()))
        iterable = self.expression_list()
        body = self.block()
        orelse = self.block() if self.accept_name("else") else []
        return ("for", w, target, iterable, body, orelse)

    def while_statement(self):
        w = self.where()
        self.next()
        test = self.named_expression()
        body = self.block()
        orelse = self.block() if self.accept_name("else") else []
        return ("while", w, test, body, orelse)

    def decorated(self):
        decorators = []
        while self.accept_op("@"):
            decorators.append(self.expression())
            self.expect_kind("newline")
        if self.at_name("def"):
            return self.def_statement(decorators)
        if self.at_name("class"):
            return self.class_statement(decorators)
        fail(self.where(), "a decorator must be followed by def or class")

    def def_statement(self, decorators):
        w = self.where()
        self.next()
        name = self.identifier()
        self.expect_op("(")
        params = self.parameters(")")
        self.expect_op(")")
        if self.accept_op("->"):
            self.expression()
        return ("def", w, name, params, self.block(), decorators)

    def parameters(self, close):
        """def f(a, b=1, *args, c, d=2, **kwargs) and lambda's parameters."""
        params = []
        kind = "pos"
        while not self.at_op(close):
            if self.accept_op("/"):
                pass  # positional-only marker: the evaluator treats them as positional
            elif self.accept_op("**"):
                params.append(("dstar", self.identifier(), None))
                self.annotation(close)
            elif self.accept_op("*"):
                if self.at_op(",") or self.at_op(close):
                    kind = "kwonly"
                else:
                    params.append(("star", self.identifier(), None))
                    self.annotation(close)
                    kind = "kwonly"
            else:
                name = self.identifier()
                self.annotation(close)
                default = self.expression() if self.accept_op("=") else None
                params.append((kind, name, default))
            if not self.accept_op(","):
                break
        return params

    def annotation(self, close):
        if close == ")" and self.accept_op(":"):
            self.expression()

    def class_statement(self, decorators):
        w = self.where()
        self.next()
        name = self.identifier()
        bases = []
        keywords = []
        if self.accept_op("("):
            bases, keywords = self.call_arguments()
            self.expect_op(")")
        return ("class", w, name, bases, keywords, self.block(), decorators)

    def try_statement(self):
        w = self.where()
        self.next()
        body = self.block()
        handlers = []
        while self.at_name("except"):
            self.next()
            kind = None
            name = None
            if not self.at_op(":"):
                kind = self.expression()
                if self.accept_name("as"):
                    name = self.identifier()
            handlers.append((kind, name, self.block()))
        orelse = self.block() if self.accept_name("else") else []
        final = self.block() if self.accept_name("finally") else []
        if not handlers and not final:
            fail(w, "a try needs an except or a finally")
        return ("try", w, body, handlers, orelse, final)

    def with_statement(self):
        w = self.where()
        self.next()
        items = []
        while True:
            value = self.expression()
            target = self.target_list() if self.accept_name("as") else None
            items.append((value, target))
            if not self.accept_op(","):
                break
        return ("with", w, items, self.block())

    def target_list(self):
        """Targets of a for loop or a with: a, (b, c) — stops before 'in'."""
        w = self.where()
        items = [self.target()]
        trailing = False
        while self.accept_op(","):
            if self.at_name("in") or self.at_op(":") or self.at_op("="):
                trailing = True
                break
            items.append(self.target())
        target = items[0] if len(items) == 1 and not trailing else ("tuple", w, items)
        check_target(target)
        return target

    def target(self):
        if self.at_op("*"):
            w = self.where()
            self.next()
            return ("star", w, self.operators(OPERATOR_LEVELS["*"]))
        return self.operators(COMPARISON_LEVEL + 1)

    # Expressions ----------------------------------------------------------------------

    def expression_list(self, star_ok=True):
        """One expression, or a tuple of them: `a, b = 1, 2`, `return x, y`."""
        w = self.where()
        first = self.star_or_expression(star_ok)
        if not self.at_op(","):
            if first[0] == "star":
                fail(w, "a starred expression is only allowed inside a tuple, list or call")
            return first
        items = [first]
        while self.accept_op(","):
            if self.at_statement_end() or self.at_op("=") or self.at_op(")") or \
                    self.peek()[0] == "op" and self.peek()[1] in AUGMENTED:
                break
            items.append(self.star_or_expression(star_ok))
        return ("tuple", w, items)

    def star_or_expression(self, star_ok=True):
        if star_ok and self.at_op("*"):
            w = self.where()
            self.next()
            return ("star", w, self.operators(COMPARISON_LEVEL + 1))
        return self.expression()

    def named_expression(self):
        value = self.expression()
        if self.at_op(":="):
            fail(self.where(), "the walrus operator := is not read")
        return value

    def expression(self):
        w = self.where()
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            fail(w, "the expression is nested more than %d levels deep" % MAX_NESTING)
        if self.accept_name("lambda"):
            params = self.parameters(":")
            self.expect_op(":")
            value = ("lambda", w, params, self.expression())
        else:
            value = self.disjunction()
            if self.at_name("if"):
                self.next()
                test = self.disjunction()
                if not self.accept_name("else"):
                    fail(self.where(), "expected 'else' in a conditional expression, found %s"
                         % describe(self.peek()))
                value = ("ifexp", w, test, value, self.expression())
        self.nesting -= 1
        return value

    def disjunction(self):
        return self.operators(0)

    def operators(self, min_level):
        """Every binary operator by precedence climbing: `or`, `and`, `not`, comparisons,
        bitwise and arithmetic operators in one function, so a nesting level costs one
        Python frame here (the browser's MicroPython has room for about 150)."""
        w = self.where()
        if min_level <= NOT_LEVEL and self.accept_name("not"):
            left = ("not", w, self.operators(NOT_LEVEL))
        else:
            left = self.unary()
        while True:
            op, level, width = self.operator_here()
            if op is None or level < min_level:
                return left
            for _ in range(width):
                self.next()
            if op in ("or", "and"):
                values = [left, self.operators(level + 1)]
                while self.operator_here()[0] == op:
                    self.next()
                    values.append(self.operators(level + 1))
                left = ("bool", w, op, values)
            elif level == COMPARISON_LEVEL:
                pairs = [(op, self.operators(level + 1))]
                while True:
                    more, more_level, more_width = self.operator_here()
                    if more_level != COMPARISON_LEVEL:
                        break
                    for _ in range(more_width):
                        self.next()
                    pairs.append((more, self.operators(level + 1)))
                left = ("cmp", w, left, pairs)
            else:
                left = ("bin", w, op, left, self.operators(level + 1))

    def operator_here(self):
        """(operator, precedence level, tokens it spans) at the current token, or (None, -1, 0)."""
        tok = self.peek()
        if tok[0] == "op":
            level = OPERATOR_LEVELS.get(tok[1])
            return (tok[1], level, 1) if level is not None else (None, -1, 0)
        if tok[0] == "name":
            word = tok[1]
            if word in ("or", "and", "in"):
                return (word, OPERATOR_LEVELS[word], 1)
            if word == "is":
                if self.peek(1)[:2] == ("name", "not"):
                    return ("is not", COMPARISON_LEVEL, 2)
                return ("is", COMPARISON_LEVEL, 1)
            if word == "not" and self.peek(1)[:2] == ("name", "in"):
                return ("not in", COMPARISON_LEVEL, 2)
        return (None, -1, 0)

    def unary(self):
        """Signs are read in a loop and kept as one node, so '- - - 1' costs no recursion."""
        w = self.where()
        signs = ""
        tok = self.peek()
        while tok[0] == "op" and tok[1] in ("-", "+", "~"):
            signs += tok[1]
            self.next()
            tok = self.peek()
        if tok[0] == "name" and tok[1] == "await":
            fail(w, "'await' is not read")
        value = self.primary()
        if self.accept_op("**"):  # binds tighter than a sign on its left: -2**2 == -4
            value = ("bin", w, "**", value, self.unary())
        return ("unary", w, signs, value) if signs else value

    def primary(self):
        value = self.atom()
        while True:
            tok = self.peek()
            if tok[0] != "op":
                return value
            w = (tok[2], tok[3])
            if tok[1] == ".":
                self.next()
                w = self.where()  # errors point at the attribute's name
                value = ("attr", w, value, self.identifier())
            elif tok[1] == "(":
                self.next()
                args, kwargs = self.call_arguments()
                self.expect_op(")", " to close the call")
                value = ("call", w, value, args, kwargs)
            elif tok[1] == "[":
                self.next()
                value = ("sub", w, value, self.subscript())
                self.expect_op("]")
            else:
                return value

    def call_arguments(self):
        """Up to (not including) the closing ')'. Returns (args, kwargs)."""
        args = []
        kwargs = []
        while not self.at_op(")"):
            w = self.where()
            if self.accept_op("**"):
                kwargs.append((None, self.expression()))
            elif self.accept_op("*"):
                args.append(("star", w, self.expression()))
            elif self.peek()[0] == "name" and self.peek(1)[:2] == ("op", "="):
                name = self.identifier()
                self.next()
                kwargs.append((name, self.expression()))
            else:
                value = self.named_expression()
                if self.at_name("for"):  # f(x for x in xs)
                    value = self.comprehension("gen", value, w)
                elif kwargs:
                    fail(w, "a positional argument follows a keyword argument")
                args.append(value)
            if not self.accept_op(","):
                break
        if not self.at_op(")"):
            fail(self.where(), "expected ',' or ')' in the call, found %s" % describe(self.peek()))
        return args, kwargs

    def subscript(self):
        w = self.where()
        items = [self.slice_item()]
        tuple_comma = False
        while self.accept_op(","):
            tuple_comma = True
            if self.at_op("]"):
                break
            items.append(self.slice_item())
        return items[0] if len(items) == 1 and not tuple_comma else ("tuple", w, items)

    def slice_item(self):
        w = self.where()
        if self.at_op("*"):
            self.next()
            return ("star", w, self.operators(COMPARISON_LEVEL + 1))
        lower = None if self.at_op(":") else self.expression()
        if not self.accept_op(":"):
            return lower
        upper = None if self.at_op(":") or self.at_op("]") or self.at_op(",") else self.expression()
        step = None
        if self.accept_op(":"):
            step = None if self.at_op("]") or self.at_op(",") else self.expression()
        return ("slice", w, lower, upper, step)

    def atom(self):
        tok = self.next()
        kind = tok[0]
        w = (tok[2], tok[3])
        if kind == "number" or kind == "string":
            return ("const", w, tok[1])
        if kind == "fstring":
            return ("fstr", w, self.fstring_parts(tok[1], w))
        if kind == "name":
            word = tok[1]
            if word == "True":
                return ("const", w, True)
            if word == "False":
                return ("const", w, False)
            if word == "None":
                return ("const", w, None)
            if word in KEYWORDS:
                fail(w, "unexpected '%s'" % word)
            return ("name", w, word)
        if kind == "op":
            if tok[1] == "(":
                return self.parenthesized(w)
            if tok[1] == "[":
                return self.display("list", "]", w)
            if tok[1] == "{":
                return self.braces(w)
            if tok[1] == "...":
                return ("const", w, ELLIPSIS)
        fail(w, "unexpected %s" % describe(tok))

    def parenthesized(self, w):
        if self.accept_op(")"):
            return ("tuple", w, [])
        if self.at_name("yield"):
            fail(w, "'yield' is not read: generators do not build models")
        first = self.star_or_expression()
        if self.at_name("for"):
            value = self.comprehension("gen", first, w)
            self.expect_op(")")
            return value
        if self.accept_op(")"):
            if first[0] == "star":
                fail(w, "a starred expression needs a comma: (*x,)")
            return first
        items = [first]
        while self.accept_op(","):
            if self.at_op(")"):
                break
            items.append(self.star_or_expression())
        self.expect_op(")", " to close the parenthesis")
        return ("tuple", w, items)

    def display(self, kind, close, w):
        if self.accept_op(close):
            return (kind, w, [])
        first = self.star_or_expression()
        if self.at_name("for"):
            value = self.comprehension(kind, first, w)
            self.expect_op(close)
            return value
        items = [first]
        while self.accept_op(","):
            if self.at_op(close):
                break
            items.append(self.star_or_expression())
        self.expect_op(close, " to close the %s" % kind)
        return (kind, w, items)

    def braces(self, w):
        if self.accept_op("}"):
            return ("dict", w, [])
        if self.accept_op("**"):
            first = (None, self.operators(COMPARISON_LEVEL + 1))
        else:
            key = self.star_or_expression()
            if not self.accept_op(":"):
                # A set: {a, b} or {x for x in xs}.
                if self.at_name("for"):
                    value = self.comprehension("set", key, w)
                    self.expect_op("}")
                    return value
                items = [key]
                while self.accept_op(","):
                    if self.at_op("}"):
                        break
                    items.append(self.star_or_expression())
                self.expect_op("}")
                return ("set", w, items)
            first = (key, self.expression())
            if self.at_name("for"):
                value = self.comprehension("dict", first, w)
                self.expect_op("}")
                return value
        items = [first]
        while self.accept_op(","):
            if self.at_op("}"):
                break
            if self.accept_op("**"):
                items.append((None, self.operators(COMPARISON_LEVEL + 1)))
                continue
            key = self.expression()
            self.expect_op(":")
            items.append((key, self.expression()))
        self.expect_op("}", " to close the dict")
        return ("dict", w, items)

    def comprehension(self, kind, element, w):
        loops = []
        while self.accept_name("for"):
            target = self.target_list()
            if not self.accept_name("in"):
                fail(self.where(), "expected 'in' in a comprehension, found %s" % describe(self.peek()))
            iterable = self.disjunction()
            conditions = []
            while self.accept_name("if"):
                conditions.append(self.disjunction())
            loops.append((target, iterable, conditions))
        return ("comp", w, kind, element, loops)

    def fstring_parts(self, text, w):
        """f"a{b!r:>{width}}c" -> ["a", (b, "r", [">", width]), "c"]."""
        parts = []
        i = 0
        n = len(text)
        literal = []
        while i < n:
            c = text[i]
            if c == "{" and i + 1 < n and text[i + 1] == "{" or c == "}" and i + 1 < n and text[i + 1] == "}":
                literal.append(c)
                i += 2
                continue
            if c == "}":
                fail(w, "a single '}' in an f-string")
            if c != "{":
                literal.append(c)
                i += 1
                continue
            if literal:
                parts.append(unescape("".join(literal), w))
                literal = []
            i, part = self.fstring_field(text, i + 1, w)
            parts.append(part)
        if literal:
            parts.append(unescape("".join(literal), w))
        return parts

    def fstring_field(self, text, i, w):
        """The {expression!conversion:spec} starting after '{'; returns (index after '}', part)."""
        depth = 0
        j = i
        quote = None
        n = len(text)
        while j < n:
            c = text[j]
            if quote:
                if c == quote:
                    quote = None
            elif c in "'\"":
                quote = c
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (c == ":" or c == "!" and j + 1 < n and text[j + 1] != "="):
                break
            j += 1
        if j >= n:
            fail(w, "an f-string's '{' is never closed")
        source = text[i:j]
        if source.strip().endswith("="):  # f"{x=}"
            source = source.strip()[:-1]
            prefix = text[i:j]
        else:
            prefix = None
        expr = sub_expression(source, w)
        conversion = None
        if text[j] == "!":
            conversion = text[j + 1:j + 2]
            j += 2
        spec = []
        if j < n and text[j] == ":":
            j += 1
            start = j
            depth = 0
            while j < n and (text[j] != "}" or depth > 0):
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            spec = self.fstring_parts(text[start:j], w)
        if j >= n or text[j] != "}":
            fail(w, "an f-string's '{' is never closed")
        part = (expr, conversion if conversion is not None else ("r" if prefix and not spec else None), spec)
        if prefix:
            return j + 1, ("prefixed", prefix, part)
        return j + 1, part


def sub_expression(source, w):
    """An expression inside an f-string: tokenized and parsed on its own."""
    if not source.strip():
        fail(w, "an f-string has an empty expression {}")
    tokens = [t for t in tokenize("(" + source.strip() + ")") if t[0] not in ("newline",)]
    # Positions are those of the f-string itself.
    tokens = [(t[0], t[1], w[0], w[1]) for t in tokens]
    parser = Parser(tokens)
    value = parser.expression()
    if parser.peek()[0] != "end":
        fail(w, "unexpected %s in an f-string expression" % describe(parser.peek()))
    return value


def check_target(target, single=False):
    """Only names, attributes, subscripts and (for plain assignment) tuples and lists of them
    can be assigned to."""
    kind = target[0]
    if kind in ("name", "attr", "sub"):
        return
    if kind in ("tuple", "list") and not single:
        stars = 0
        for item in target[2]:
            if item[0] == "star":
                stars += 1
                check_target(item[2], single=True)
            else:
                check_target(item)
        if stars > 1:
            fail(target[1], "only one starred name can take the rest of an unpacking")
        return
    fail(target[1], "cannot assign to %s" % NODE_NAMES.get(kind, "this expression"))


NODE_NAMES = {"const": "a literal", "call": "a function call", "bin": "an operation",
              "unary": "an operation", "cmp": "a comparison", "bool": "a boolean expression",
              "lambda": "a lambda", "comp": "a comprehension", "fstr": "an f-string",
              "dict": "a dict", "set": "a set", "ifexp": "a conditional expression",
              "star": "a starred expression", "tuple": "a tuple", "list": "a list"}


def describe(tok):
    kind = tok[0]
    if kind == "end":
        return "the end of the code"
    if kind == "newline":
        return "the end of the line"
    if kind == "indent":
        return "an indentation"
    if kind == "dedent":
        return "the end of an indented block"
    if kind in ("string", "fstring"):
        return "a string"
    if kind == "number":
        return "the number %s" % str(tok[1])[:20]
    return repr(tok[1])
