"""Which Python runs in the browser, chosen at build time by CALC_RUNTIME: `micropython`
(the default, what the site ships) or `pyodide` (PyScript's default interpreter, built only
to compare against: `bench/page_speed.py`). Either way every runtime file is served by the
site itself."""

import os

# What overrides/main.html loads for each runtime: the <script> type PyScript reads, the
# interpreter module and the wasm to preload (paths under site/assets/pyscript/).
RUNTIMES = {
    "micropython": {"script_type": "mpy", "interpreter": "micropython/micropython.mjs",
                    "wasm": "micropython/micropython.wasm"},
    "pyodide": {"script_type": "py", "interpreter": "pyodide/pyodide.mjs",
                "wasm": "pyodide/pyodide.asm.wasm"},
}
# What pyodide.mjs fetches at startup (no packages: calc needs only the standard library).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


def runtime():
    """CALC_RUNTIME: micropython (default) or pyodide."""
    name = os.environ.get("CALC_RUNTIME", "").strip().lower() or "micropython"
    if name not in RUNTIMES:
        raise RuntimeError("CALC_RUNTIME=%r: expected one of %s" % (name, ", ".join(RUNTIMES)))
    return name
