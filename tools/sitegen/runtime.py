"""Which Python runs in the browser, chosen at build time by CALC_RUNTIME: `micropython`
(the default, what the site ships) or `pyodide` (built only to compare against:
`bench/page_speed.py`). Either way every runtime file is served by the site itself, under
site/assets/runtime/<name>/, and the interpreter runs in a web worker (web/worker.js)."""

import os

# The interpreter's ES module, which web/worker.js imports (under site/assets/runtime/<name>/).
RUNTIMES = {
    # wasm: fetched by web/worker.js while the module downloads (the module would ask for it
    # only once evaluated).
    "micropython": {"name": "micropython", "module": "micropython.mjs", "wasm": "micropython.wasm"},
    "pyodide": {"name": "pyodide", "module": "pyodide.mjs"},
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
