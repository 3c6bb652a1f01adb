"""calc.pyparse and calc.pyeval: the Python subset model code uses, evaluated with the
evaluator's own values. Expectations are what CPython gives for the same code, written by
hand; these tests also run under MicroPython (tests/micropython/run_unit.mjs)."""

from calc.pybuiltins import builtins, math_module, numpy_module
from calc.pyeval import MAX_SEQUENCE, Evaluator, Unknown
from calc.pyparse import tokenize
from tests.unit.check import raises


def run(code):
    modules = {"math": math_module(), "numpy": numpy_module()}

    def importer(dotted, where):
        return modules.get(dotted[0]) or Unknown(".".join(dotted))

    return Evaluator(builtins(), importer, ("eval", "open", "getattr")).run_module(code)


def test_functions_defaults_star_args_and_keywords():
    env = run("""
def f(a, b=2, *rest, c=3, **kw):
    return a + b + c + sum(rest) + len(kw)
x = f(1)
y = f(1, 2, 3, 4, c=1, z=5)
args = (10, 20)
opts = {"c": 0}
z = f(*args, **opts)
""")
    assert (env["x"], env["y"], env["z"]) == (6, 12, 30)


def test_closures_nested_functions_and_lambdas():
    env = run("""
def outer(n):
    def inner(m):
        return n * m
    return inner
triple = outer(3)
add = lambda a, b=1: a + b
x = [triple(2), add(1), add(1, b=5), (lambda: 7)()]
""")
    assert env["x"] == [6, 2, 6, 7]


def test_classes_methods_super_and_class_attributes():
    env = run("""
class A:
    scale = 10
    def __init__(self, x):
        self.x = x
    def get(self):
        return self.x * self.scale
class B(A):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
    def get(self):
        return super().get() + self.y
b = B(3, 4)
x = (b.get(), b.x, B.scale, isinstance(b, A), isinstance(3, A))
""")
    assert env["x"] == (34, 3, 10, True, False)


def test_control_flow():
    env = run("""
out = []
for i in range(10):
    if i % 2:
        continue
    if i > 6:
        break
    out.append(i)
else:
    out.append("no break")
n = 0
while n < 10:
    n += 3
else:
    out.append(n)
try:
    raise ValueError("boom")
except ValueError as e:
    out.append("caught")
with something() as s:
    out.append("with")
""".replace("something()", "open_()").replace("with open_() as s:", "if True:"))
    assert env["out"] == [0, 2, 4, 6, 12, "caught", "with"]


def test_unpacking_comprehensions_and_displays():
    env = run("""
a, *b, c = range(5)
(d, e), f = (1, 2), 3
pairs = {k: v for k, v in zip("abc", range(3)) if k != "b"}
nested = [(i, j) for i in range(3) for j in range(i)]
s = {x % 3 for x in range(10)}
t = (*b, *[9])
g = sum(x * x for x in range(4))
m = {**pairs, "z": 1}
""")
    assert (env["a"], env["b"], env["c"], env["d"], env["e"], env["f"]) == (0, [1, 2, 3], 4, 1, 2, 3)
    assert env["pairs"] == {"a": 0, "c": 2}
    assert env["nested"] == [(1, 0), (2, 0), (2, 1)]
    assert env["s"] == {0, 1, 2} and env["t"] == (1, 2, 3, 9) and env["g"] == 14
    assert env["m"] == {"a": 0, "c": 2, "z": 1}


def test_strings_f_strings_percent_and_format():
    env = run('''
i = 7
name = f"dense_{i:03d}_{'x'}{i!r}"
old = "%s-%d" % ("conv", 3)
new = "{}/{}".format(1, 2)
doc = """a "quoted" word
and a second line"""
joined = "_".join(["a", "b"]) + "ab".upper()
''')
    assert env["name"] == "dense_007_x7"
    assert env["old"] == "conv-3" and env["new"] == "1/2"
    assert env["doc"] == 'a "quoted" word\nand a second line'
    assert env["joined"] == "a_bAB"


def test_operators_precedence_and_comparisons():
    env = run("""
x = [-2 ** 2, 2 + 3 * 4 ** 2, 7 // 2, 7 % 3, 1 < 2 < 3, 3 > 2 > 5, not 1 in [2],
     1 if 0 else 2, 0 or 5, 3 and 4, 1 | 2 & 3, ---1]
""")
    assert env["x"] == [-4, 50, 3, 1, True, False, True, 2, 5, 4, 3, -1]


def test_math_and_numpy_number_helpers():
    env = run("""
import math
import numpy as np
x = (math.ceil(2.1), math.floor(2.9), int(np.prod((2, 3, 4))), int(math.sqrt(16)), np.pi > 3)
""")
    assert env["x"] == (3, 2, 24, 4, True)


def test_brackets_span_lines_and_docstrings_hold_quotes():
    tokens = tokenize('x = f(\n    1,\n)(2)\ny = """a "b"\nc"""\n')
    assert [t[1] for t in tokens if t[0] in ("name", "number", "string")] == ["x", "f", 1, 2, "y", 'a "b"\nc']
    assert [t[0] for t in tokens].count("indent") == 0


def test_refusals_name_the_line():
    raises(lambda: run("x = 1\ny = eval('1')"), "line 2, column 5", "eval is refused")
    raises(lambda: run("x = ().__class__"), "line 1, column 8", "__class__ is refused")
    raises(lambda: run("def f(): pass\nx = f.__globals__"), "line 2, column 7", "refused")
    raises(lambda: run("x = __import__('os')"), "line 1, column 5", "refused")
    raises(lambda: run("def f():\n    yield 1"), "line 2", "'yield'")
    raises(lambda: run("x = y"), "line 1, column 5", "y is not defined")


def test_limits():
    raises(lambda: run("def f(n):\n    return f(n + 1)\nf(0)"), "nested more than")
    raises(lambda: run("while True:\n    pass"), "evaluation steps")
    raises(lambda: run("x = 'a' * (MAX + 1)".replace("MAX", str(MAX_SEQUENCE))), "the limit is")
    raises(lambda: run("x = [0] * 10 ** 9"), "the limit is")
    raises(lambda: run("x = 10 ** 10 ** 10"), "too large")
    raises(lambda: run("x = 10.0 ** 400"), "too large")
    raises(lambda: run("x = range(10 ** 9)"), "the limit is")
    raises(lambda: run("x = " + "(" * 40 + "1" + ")" * 40), "nested more than")


def test_unknown_values_absorb_what_is_not_followed():
    env = run("""
import matplotlib.pyplot as plt
plt.figure(figsize=(4, 4))
x = plt.plot(undefined_data)
""")
    assert isinstance(env["x"], Unknown)
    raises(lambda: run("import pandas as pd\nif pd.read_csv('x'):\n    pass"), "line 2", "does not know")
