# The functions the page calls, in a web worker (web/worker.js imports this module; web/python.js
# sends the calls): JSON strings in, JSON strings out. The build packs it with calc/ and the
# views of the web package, compiled (tools/sitegen/bundle.py).
import calc  # noqa: F401  (the catalogue; family modules load when a layer needs them)
from web.calcview import evaluate_json, snippet_json  # noqa: F401

# What web/worker.js may call.
EXPORTS = "evaluate_json snippet_json practice_json summarize_text_json summarize_file_json summary_detail_json"


def practice_json(request_json):
    # Imported on first use: a page where nobody practises never pays for it.
    from web.practiceview import practice_json as handle
    return handle(request_json)


# The Model summary page (web/summary.js). summaryview (and the code reader it imports) is in
# that page's bundle only, so layer pages never pay for it.
def summarize_text_json(text, cache_json=""):
    from web.summaryview import summarize_text_json as handle
    return handle(text, cache_json)


def summarize_file_json(request_json, data_hex):
    from web.summaryview import summarize_file_json as handle
    return handle(request_json, data_hex)


def summary_detail_json(path_json):
    from web.summaryview import detail_json as handle
    return handle(path_json)


def add_bundle(image_path, folder, package):
    """MicroPython (web/worker.js): an on-demand bundle, the ROMFS image at `image_path`,
    mounted at `folder` as the folder of `package`'s modules. MicroPython looks for a
    package's modules in the one folder its __path__ names; the package's __init__ came in
    the page's bundle, under /rom."""
    import vfs
    with open(image_path, "rb") as f:
        vfs.mount(vfs.VfsRom(f.read()), folder)
    __import__(package, None, None, ["__path__"]).__path__ = folder
