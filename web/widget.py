# Runs in the browser (PyScript, MicroPython): starts once per page, serves every widget.
# The build prepends calc/ and the views of the web package, compressed, to this file
# (tools/sitegen/bundle.py).
from pyscript import window
from pyscript.ffi import create_proxy

import calc  # noqa: F401  (the catalogue; family modules load when a layer needs them)
from web.calcview import evaluate_json, keras_snippet_json


def practice_json(request_json):
    # Imported on first use: a page where nobody practises never pays for it.
    from web.practiceview import practice_json as handle
    return handle(request_json)


window.kerasCalcRegister(create_proxy(evaluate_json), create_proxy(keras_snippet_json),
                         create_proxy(practice_json))


# The Model summary page (web/summary.js) defines kerasSummaryRegister. summaryview (and the
# code reader it imports) is loaded on that page only, so layer pages never pay for it.
def summarize_text_json(text):
    from web.summaryview import summarize_text_json as handle
    return handle(text)


def summarize_file_json(request_json, data_hex):
    from web.summaryview import summarize_file_json as handle
    return handle(request_json, data_hex)


def summary_detail_json(path_json):
    from web.summaryview import detail_json as handle
    return handle(path_json)


if hasattr(window, "kerasSummaryRegister"):
    window.kerasSummaryRegister(create_proxy(summarize_text_json), create_proxy(summarize_file_json),
                                create_proxy(summary_detail_json))
