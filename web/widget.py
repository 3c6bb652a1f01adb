# Runs in the browser (PyScript, MicroPython): starts once per page, serves every widget.
# The build prepends calc/ and calcview.py, compressed, to this file (tools/site_hooks.py).
from pyscript import window
from pyscript.ffi import create_proxy

import calc  # noqa: F401  (the catalogue; family modules load when a layer needs them)
from calcview import evaluate_json

window.kerasCalcRegister(create_proxy(evaluate_json))
