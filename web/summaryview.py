"""What the "Model summary" page shows, computed by calc (in the browser: MicroPython).

JSON in, JSON out, never raises: an error becomes {"ok": false, "error": "..."}. Numbers
are sent as text too, so big integers stay exact on their way to JavaScript.

Files come by ranges (calc.model_source.RangeFile): the page first sends the file's size,
its head and its tail (as hex, beside the request); when more is needed the answer is {"ok": false, "need": [offset,
length]}, the page reads that slice and asks again. A 500 MB .keras file therefore costs a
few small reads: the weights are never copied into Python.
"""

import json

from calc.catalogue import find, is_keras_name
from calc.model_source import MissingBytes, RangeFile, is_binary, summarize_data, summarize_files, summarize_text
from calc.text import fmt_int, fmt_shape

MAX_TEXT_FILE = 16 * 1024 * 1024  # the largest Keras Application's JSON is about 2 MB
MAX_ROUNDS = 8  # reads per file: a .keras archive needs 2 or 3, a .safetensors file 1 or 2
MAX_FILES = 1000  # dropped together: the largest sharded checkpoints have a few hundred shards
CHART_BARS = 10
# A row goes to the page as a list of these fields, in this order ("row_keys" in the answer;
# rows_of() and web/summary.js turn them back into objects). MicroPython's json.dumps writes
# strings a character at a time: the keys of 1,000 rows as objects cost it 75 ms.
ROW_KEYS = ("name", "class_name", "slug", "output_shape", "params", "params_text", "trainable",
            "connected_to", "known", "problem", "note", "buffers_text", "children")
# Fields whose texts rows repeat (a class, its page, a shape, a count): a row holds the index
# of its text in the answer's "texts", where each text is written once ("text_keys"). Each
# string costs MicroPython's json.dumps about 3 us, short or not: 1,000 rows of one Dense
# config wrote the same six texts 1,000 times (45 ms), and formatting them again took 30 ms.
TEXT_KEYS = ("class_name", "slug", "output_shape", "params", "params_text", "problem", "note",
             "buffers_text")
MEBIBYTE = 1024 * 1024
_last = [None]  # the Summary shown on the page, for detail_json


def summarize_text_json(text, cache_json=""):
    """The page's view of the summary of pasted code, model JSON or a config.json;
    `cache_json` ({"seq_len", "batch"}, or empty for the defaults) sizes a config.json's KV cache."""
    try:
        cache = json.loads(cache_json) if cache_json else {}
        seq_len, batch = cache.get("seq_len"), cache.get("batch")
    except (ValueError, AttributeError) as e:
        return json.dumps({"ok": False, "error": "The page sent a malformed KV-cache size (%s)." % e})
    return _answer(lambda: summarize_text(text, seq_len, batch), "The text")


def summarize_file_json(request_json, data_hex):
    """The page's view of a file, or which bytes to read next. The request:
    {"name", "size", "rounds" (calls so far, this one included), "pieces": [[offset, length]]},
    and `data_hex` the pieces' bytes in that order, as one hex string. Hex because
    bytes.fromhex is C in MicroPython, where copying a JS Uint8Array goes byte by byte (4 MB:
    30 s) and binascii's base64 is written in Python; outside the JSON, because MicroPython's
    json.loads reads a long string in quadratic time (a 2 MB hex string: 6 s, 6 MB: 70 s).

    Several files dropped together (the shards of one safetensors checkpoint) come as
    {"files": [{"name", "size", "pieces"}], "rounds"}, their pieces' hex one after another;
    the answer then asks for every file's missing bytes at once: {"needs": [[file, offset,
    length]]}. The answer says "binary" when the file is not text for the editor."""
    try:
        request = json.loads(request_json)
        rounds = int(request["rounds"])
        several = "files" in request
        files = []
        at = 0
        for number, spec in enumerate(request["files"] if several else [request]):
            pieces = []
            for offset, length in spec["pieces"]:
                pieces.append((int(offset), bytes.fromhex(data_hex[at:at + 2 * int(length)])))
                at += 2 * int(length)
            files.append((str(spec["name"])[:200], RangeFile(int(spec["size"]), pieces, number)))
        if at != len(data_hex):
            raise ValueError("%d hex digits for pieces of %d bytes" % (len(data_hex), at // 2))
        if len(files) > MAX_FILES:
            raise ValueError("%d files at once; the most is %d" % (len(files), MAX_FILES))
    except (ValueError, TypeError, KeyError) as e:
        return json.dumps({"ok": False, "error": "The page sent a malformed file request (%s)." % e})
    name = files[0][0] if not several else "%d files" % len(files)
    if rounds > MAX_ROUNDS:
        return json.dumps({"ok": False, "error": "%s: reading the file took more than %d rounds; "
                                                 "is it a .keras archive?" % (name, MAX_ROUNDS)})
    try:
        if several:
            return _answer(lambda: summarize_files(files, MAX_TEXT_FILE), name)
        source = files[0][1]
        return _answer(lambda: summarize_data(source, MAX_TEXT_FILE, name=name), name, {"binary": is_binary(source)})
    except MissingBytes as e:
        if several:
            return json.dumps({"ok": False, "needs": [[f, o, n] for f, o, n in e.ranges]})
        return json.dumps({"ok": False, "need": [e.offset, e.length]})


def _answer(make, what, extra=None):
    try:
        summary = make()
    except ValueError as e:
        return json.dumps({"ok": False, "error": "%s: %s" % (what, " ".join(str(e).split()))})
    except (MemoryError, RuntimeError) as e:  # RuntimeError: also CPython's RecursionError (MicroPython has no such name)
        return json.dumps({"ok": False, "error": "%s could not be summarized here (%s: %s)."
                                                 % (what, type(e).__name__, str(e)[:200])})
    _last[0] = summary
    data = view(summary)
    data.update(extra or {})
    return json.dumps(data)


def view(summary):
    """Everything the page renders, as plain JSON."""
    memory = summary.memory()
    training = memory["training_adam_float32"]
    # Each total is a sum over the rows (1,000 of them for a deep model): read once here.
    total, trainable, non_trainable = summary.total_params, summary.trainable_params, summary.non_trainable_params
    texts = _Texts(summary.framework)
    rows = [texts.row(r) for r in summary.rows]
    return {
        "ok": True,
        "model_name": summary.model_name,
        "class_name": summary.class_name,
        "row_keys": ROW_KEYS,
        "text_keys": TEXT_KEYS,
        "rows": rows,
        "texts": texts.items,
        "total_params": str(total),
        "trainable_params": str(trainable),
        "non_trainable_params": str(non_trainable),
        "total_text": fmt_int(total),
        "trainable_text": fmt_int(trainable),
        "non_trainable_text": fmt_int(non_trainable),
        "framework": summary.framework,
        # PyTorch's buffers (running statistics, registered buffers): apart from the parameters.
        "buffers": str(summary.buffers or 0),
        "buffers_text": fmt_int(summary.buffers or 0),
        "partial": summary.partial,
        "unknown": _unknown_classes(summary, []),
        # Pasted code: lines skipped because they do not build the model, and statements
        # the reader could not follow (these make the totals partial).
        "skipped": summary.skipped,
        "not_followed": summary.not_followed,
        "memory": [_memory_item(m) for m in memory["weights"]],
        # How a checkpoint was counted (its buffers, told by name; its tied weights).
        "remarks": summary.remarks,
        "training": {"label": "Training with Adam, float32", "what": training["what"],
                     "text": _bytes_text(training["bytes"])},
        "chart": _chart(summary, total),
        # A Hugging Face config.json (calc.hf): PyTorch's buffers, what the counts assumed,
        # and the KV cache for the sequence length and batch the page asked for.
        "framework": summary.framework,
        "config_notes": _config_notes(summary),
        "kv_cache": _kv_cache(memory.get("kv_cache")),
    }


def _memory_item(m):
    if "values" not in m:  # an estimate from the parameter count
        return {"label": "Weights in " + m["dtype"], "text": _bytes_text(m["bytes"])}
    values = "" if m["values"] is None else " (%s values)" % fmt_int(m["values"])
    return {"label": "Stored in %s%s" % (m["dtype"], values), "text": _bytes_text(m["bytes"])}


def _config_notes(summary):
    if not hasattr(summary, "config_notes"):  # not a config.json (a checkpoint says its own)
        return []
    notes = list(summary.config_notes)
    active = getattr(summary, "active_params", None)
    if active is not None:
        notes.insert(0, "A token passes through %s of the %s parameters: the router picks "
                        "num_experts_per_tok of the num_local_experts experts in each layer."
                     % (fmt_int(active), fmt_int(summary.total_params)))
    if summary.framework != "keras":
        notes.append("Persistent buffers (saved with the weights, not parameters): %s." % fmt_int(summary.buffers or 0))
    return notes


def _kv_cache(cache):
    if cache is None:
        return None
    return {"label": "KV cache, %s" % cache["dtype"], "text": _bytes_text(cache["bytes"]),
            "bytes": str(cache["bytes"]), "seq_len": cache["seq_len"], "batch": cache["batch"],
            "what": cache["what"]}


class _Texts:
    """Rows as lists of their ROW_KEYS values, and the texts their TEXT_KEYS fields point to,
    each found and formatted once per view."""

    def __init__(self, framework):
        # Rows of a PyTorch source name its modules, not Keras layers: no layer page to link
        # (and no catalogue look-up, whose did-you-mean search is slow on unknown names);
        # print(model) and PyTorch code give no output shapes.
        self.keras = framework == "keras"
        self.items = []
        self.index = {}  # text -> its place in items
        self.classes = {}  # class name -> (its text's index, its layer page's)
        self.shapes = {}  # output shape (a tuple) -> its text's index
        self.counts = {}  # params -> (the indices of str(params) and of fmt_int(params))

    def text(self, text):
        if text is None:
            return None
        at = self.index.get(text)
        if at is None:
            at = self.index[text] = len(self.items)
            self.items.append(text)
        return at

    def row(self, r):
        """A row as the list of its ROW_KEYS values (None where a field does not apply)."""
        cls = self.classes.get(r.class_name)
        if cls is None:
            cls = self.classes[r.class_name] = (self.text(r.class_name),
                                                self.text(_slug(r.class_name) if self.keras else None))
        if not self.keras:
            shape = self.text("-")
        elif not r.known:
            shape = self.text("?")
        elif isinstance(r.output_shape, tuple):
            shape = self.shapes.get(r.output_shape)
            if shape is None:
                shape = self.shapes[r.output_shape] = self.text(fmt_shape(r.output_shape))
        else:  # None, or a list of shapes
            shape = self.text(fmt_shape(r.output_shape))
        count = self.counts.get(r.params)
        if count is None:
            count = self.counts[r.params] = (None if r.params is None else self.text(str(r.params)),
                                             self.text("?" if r.params is None else fmt_int(r.params)))
        return [
            r.name,
            cls[0],
            cls[1],
            shape,
            count[0],
            count[1],
            r.trainable,
            r.connected_to,
            r.known,
            None if r.known else self.text(r.problem),
            self.text(r.note or None),
            None if r.buffers is None else self.text(fmt_int(r.buffers)),
            None if r.children is None else [self.row(c) for c in r.children.rows],
        ]


def rows_of(answer):
    """The rows of an answer as dicts (their children too), as web/summary.js reads them."""
    keys = answer["row_keys"]
    texts = answer["texts"]
    text_keys = answer["text_keys"]
    rows = []
    for values in answer["rows"]:
        row = dict(zip(keys, values))
        for key in text_keys:
            if row[key] is not None:
                row[key] = texts[row[key]]
        if row["children"] is not None:
            row["children"] = rows_of(dict(answer, rows=row["children"]))
        rows.append(row)
    return rows


def detail_json(path_json):
    """A row's formula with its numbers and its weights, for the last summary shown, asked
    for when the row is opened: formulas for 500 rows up front would double the time to
    show a big model. `path` is the row's index, then indices inside nested models."""
    try:
        path = json.loads(path_json)
        rows = _last[0].rows
        for index in path[:-1]:
            rows = rows[index].children.rows
        row = rows[path[-1]]
    except (ValueError, TypeError, IndexError, AttributeError) as e:
        return json.dumps({"ok": False, "error": "No such row (%s); summarize the model again." % e})
    result = row.result
    if result is None:
        return json.dumps({"ok": True, "steps": [], "weights": [], "buffers": []})
    return json.dumps({
        "ok": True,
        "steps": result.steps if result.weights else [],
        # PyTorch's buffers follow the parameters; a tensor whose dtype is known (a
        # checkpoint's) adds it, and whether torch counts it as a buffer.
        "weights": [[w.label, fmt_shape(w.shape_values()), w.trainable, fmt_int(w.count)]
                    + ([w.dtype, "parameter"] if w.dtype else [])
                    for w in result.weights],
        "buffers": [[b.label, fmt_shape(b.shape_values()), b.dtype or "", fmt_int(b.count)]
                    for b in result.buffers],
    })


def _slug(class_name):
    """The layer page (layers/<slug>/) for a catalogued class; None for the others (the
    code's own classes: not looked up, find() would search for a did-you-mean)."""
    if not is_keras_name(class_name):
        return None
    try:
        return find(class_name).name.lower()
    except ValueError:
        return None


def _unknown_classes(summary, found):
    for r in summary.rows:
        if r.children is not None:
            _unknown_classes(r.children, found)
        elif not r.known and r.class_name not in found:
            found.append(r.class_name)
    return found


def _chart(summary, total):
    """Where the parameters are: the largest top-level rows, then the rest as one bar."""
    rows = sorted([r for r in summary.rows if r.params], key=lambda r: -r.params)
    bars = [{"name": r.name, "class_name": r.class_name, "params_text": fmt_int(r.params),
             "percent": _percent(r.params, total)} for r in rows[:CHART_BARS]]
    rest = sum(r.params for r in rows[CHART_BARS:])
    if rest:
        bars.append({"name": "%d other layers" % (len(rows) - CHART_BARS), "class_name": "",
                     "params_text": fmt_int(rest), "percent": _percent(rest, total)})
    return bars


def _percent(part, total):
    return 100.0 * part / total if total else 0.0


def _bytes_text(n):
    """Bytes as MiB with 2 decimals (as model.summary() prints them) and exactly."""
    whole = (n * 100 + MEBIBYTE // 2) // MEBIBYTE
    return "%d.%02d MiB (%s bytes)" % (whole // 100, whole % 100, fmt_int(n))
