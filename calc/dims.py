"""A dimension of a weight tensor, kept both as a number and as the symbols it came from.

Each weight shape is a tuple of Dims. The formula a page shows (``kh·kw·(C_in/groups)·filters``),
its LaTeX and the substituted steps (``3·3·(25/1)·64``) are all read off these objects, so the
formula can never drift from the count.
"""

ATOM = 3
PRODUCT = 2
SUM = 1


class Dim:
    def __init__(self, value, text, latex, numbers, precedence=ATOM, atoms=None, meaning=None):
        self.value = value  # the exact integer
        self.text = text  # plain-text symbols: C_in/groups
        self.latex = latex  # LaTeX symbols: C_{\mathrm{in}} / g
        self.numbers = numbers  # the same expression with numbers substituted: 25/1
        self.precedence = precedence
        # The named quantities the expression is made of (C_in and groups in C_in/groups),
        # each with where it comes from ("kernel_size[0]", "the input's last axis"), for
        # the page's list of symbols.
        self.atoms = [self] if atoms is None else atoms
        self.meaning = meaning

    def __repr__(self):
        return "Dim(%s=%s)" % (self.text, self.value)

    def _wrapped(self, at_least):
        if self.precedence >= at_least:
            return self.text, self.latex, self.numbers
        return "(" + self.text + ")", r"\left(" + self.latex + r"\right)", "(" + self.numbers + ")"

    def __mul__(self, other):
        other = as_dim(other)
        a, b = self._wrapped(PRODUCT), other._wrapped(PRODUCT)
        return Dim(self.value * other.value, a[0] + "·" + b[0], a[1] + r" \cdot " + b[1],
                   a[2] + "·" + b[2], PRODUCT, self.atoms + other.atoms)

    __rmul__ = lambda self, other: as_dim(other) * self

    def __add__(self, other):
        other = as_dim(other)
        return Dim(self.value + other.value, self.text + " + " + other.text,
                   self.latex + " + " + other.latex, self.numbers + " + " + other.numbers, SUM,
                   self.atoms + other.atoms)

    def __floordiv__(self, other):
        """Exact division (callers validate divisibility first, with a Keras-style message)."""
        other = as_dim(other)
        a, b = self._wrapped(ATOM), other._wrapped(ATOM)
        return Dim(self.value // other.value, "(" + a[0] + "/" + b[0] + ")",
                   r"\left(" + a[1] + " / " + b[1] + r"\right)", "(" + a[2] + "/" + b[2] + ")", ATOM,
                   self.atoms + other.atoms)

    def floor_div(self, other):
        """Division rounded down, written as such (an odd fft_length halves to a floor)."""
        other = as_dim(other)
        a, b = self._wrapped(ATOM), other._wrapped(ATOM)
        return Dim(self.value // other.value, "floor(" + a[0] + "/" + b[0] + ")",
                   r"\left\lfloor " + a[1] + " / " + b[1] + r" \right\rfloor",
                   "floor(" + a[2] + "/" + b[2] + ")", ATOM, self.atoms + other.atoms)


def sym(text, value, latex=None, meaning=None):
    """A named quantity: an argument (filters) or an input axis (C_in); `meaning` says
    where it comes from when it is not an argument of the same name ("kernel_size[0]")."""
    return Dim(value, text, latex if latex is not None else text, str(value), meaning=meaning)


def const(n):
    return Dim(n, str(n), str(n), str(n), atoms=[])


def as_dim(x):
    return x if isinstance(x, Dim) else const(x)
