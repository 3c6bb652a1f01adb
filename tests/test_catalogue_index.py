"""calc/layers/__init__.py's INDEX (read from calc/keras_classes.py) says which family module
registers each class name; find() imports only that module. If INDEX drifts from the modules,
a layer would be 'unknown' until something else imported its module: these tests compare INDEX
with what each module registers, each module imported alone in a fresh interpreter. And the
family modules never import the catalogue that loads them: no import cycle in calc."""

import ast
import json
import os
import subprocess
import sys

from calc.catalogue import LAYERS
from calc.layers import INDEX, MODULES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REGISTERED_BY = """
import json, sys
import calc.spec as spec
import calc.layers
calc.layers.import_module(sys.argv[1])
names = []
for e in spec.REGISTERED:
    names += [e.name] + list(e.aliases)
print(json.dumps(sorted(n.lower() for n in names)))
"""


def fresh(script, *args):
    done = subprocess.run([sys.executable, "-c", script] + list(args), cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return done.stdout


def test_each_module_registers_the_names_the_index_gives_it():
    everything = set()
    for module in MODULES:
        registered = set(json.loads(fresh(REGISTERED_BY, module)))
        claimed = set(name for name in INDEX if INDEX[name] == module)
        assert claimed, module
        assert claimed <= registered, (module, sorted(claimed - registered))
        everything |= registered
    assert everything == set(INDEX), sorted(everything ^ set(INDEX))


def test_every_catalogue_name_is_indexed_in_catalogue_order():
    names = [n.lower() for e in LAYERS for n in (e.name,) + e.aliases]
    assert sorted(names) == sorted(INDEX)
    modules = [INDEX[e.name.lower()] for e in LAYERS]
    assert modules == sorted(modules, key=MODULES.index)  # grouped in MODULES order


def test_counting_one_layer_imports_only_its_family():
    loaded = json.loads(fresh(
        "import json, sys, calc\n"
        "assert calc.compute('Conv2D', {'filters': 64, 'kernel_size': '3,3'}, "
        "input_shape='None,None,25').total_params == 3 * 3 * 25 * 64 + 64\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('calc.layers.'))))"))
    assert "calc.layers.convolution" in loaded
    assert "calc.layers.augmentation" not in loaded and "calc.layers.recurrent" not in loaded


def test_an_unknown_name_still_suggests_from_the_whole_catalogue():
    out = fresh("import calc\ntry:\n    calc.find('RandomZom')\nexcept ValueError as e:\n    print(e)")
    assert "RandomZoom" in out


def calc_modules():
    """{dotted name: path} of every module in calc/."""
    modules = {}
    for folder, _, names in os.walk(os.path.join(ROOT, "calc")):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, ROOT)[:-len(".py")].replace(os.sep, ".")
                modules[dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted] = path
    return modules


def import_time_imports(path, modules):
    """The calc modules a file imports while it is imported: imports inside functions run
    later, when called, and are left out (wrappers.py counts its inner layer that way)."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                for a in child.names:  # `from calc import spec` imports calc.spec
                    sub = child.module + "." + a.name
                    found.add(sub if sub in modules else child.module)
            visit(child)

    with open(path, encoding="utf-8") as f:
        visit(ast.parse(f.read()))
    return sorted(m for m in found if m in modules)


def test_no_import_cycle_and_families_never_import_the_catalogue():
    modules = calc_modules()
    graph = {m: import_time_imports(modules[m], modules) for m in modules}
    assert "calc.catalogue" in graph["calc"] and "calc.spec" in graph["calc.layers.core"]

    def reachable(start):
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph[m])
        return seen

    for m in sorted(graph):
        assert m not in reachable(m), "import cycle through " + m
        if m.startswith("calc.layers") or m in ("calc.spec", "calc.keras_classes"):
            assert "calc.catalogue" not in reachable(m), m + " imports calc.catalogue"
