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
# A row goes to the page as the list [name, kind, connected_to, children] ("row_keys" in the
# answer), where `kind` is the index in the answer's "kinds" of the values of its other
# fields ("kind_keys"): its class, its page, its output shape, its counts... Rows repeat
# them (1,000 rows of one Dense config are one kind), so each kind is written and formatted
# once. MicroPython's json.dumps spends about 1 us on every value, null or not: 1,000 rows
# of 13 values cost it 14 ms. rows_of() and web/summary.js turn the rows back into objects.
ROW_KEYS = ("name", "kind", "connected_to", "children")
KIND_KEYS = ("class_name", "slug", "output_shape", "params", "params_text", "trainable", "known",
             "problem", "note", "buffers_text")
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
    # Each total is a sum over the rows (1,000 of them for a deep model): read once here
    # (non_trainable_params would sum both again).
    total, trainable = summary.total_params, summary.trainable_params
    non_trainable = total - trainable
    kinds = _Kinds(summary.framework)
    rows = kinds.rows(summary.rows)
    return {
        "ok": True,
        "model_name": summary.model_name,
        "class_name": summary.class_name,
        "row_keys": ROW_KEYS,
        "kind_keys": KIND_KEYS,
        "rows": rows,
        "kinds": kinds.items,
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


class _Kinds:
    """Rows as lists of their ROW_KEYS values, and the kinds they point to (the values of
    their KIND_KEYS fields), each kind found and formatted once per view."""

    def __init__(self, framework):
        # Rows of a PyTorch source name its modules, not Keras layers: no layer page to link
        # (and no catalogue look-up, whose did-you-mean search is slow on unknown names);
        # print(model) and PyTorch code give no output shapes.
        self.keras = framework == "keras"
        self.items = []
        self.index = {}  # what a kind's values are made of (a tuple) -> its place in items

    def rows(self, rows):
        out = []
        for r in rows:
            shape = r.output_shape
            if not isinstance(shape, tuple) and shape is not None:
                shape = fmt_shape(shape)  # a list of shapes: its text, which can be a key
            key = (r.class_name, shape, r.params, r.trainable, r.known, r.problem, r.note or None, r.buffers)
            at = self.index.get(key)
            if at is None:
                at = self.index[key] = len(self.items)
                self.items.append(self.kind(r))
            out.append([r.name, at, r.connected_to, None if r.children is None else self.rows(r.children.rows)])
        return out

    def kind(self, r):
        """The values of a row's KIND_KEYS fields (None where a field does not apply)."""
        if not self.keras:
            shape = "-"
        elif not r.known:
            shape = "?"
        else:
            shape = fmt_shape(r.output_shape)
        return [
            r.class_name,
            _slug(r.class_name) if self.keras else None,
            shape,
            None if r.params is None else str(r.params),
            "?" if r.params is None else fmt_int(r.params),
            r.trainable,
            r.known,
            None if r.known else r.problem,
            r.note or None,
            None if r.buffers is None else fmt_int(r.buffers),
        ]


def rows_of(answer):
    """The rows of an answer as dicts (their children too), as web/summary.js reads them."""
    keys = answer["row_keys"]
    kind_keys = answer["kind_keys"]
    kinds = answer["kinds"]
    rows = []
    for values in answer["rows"]:
        row = dict(zip(keys, values))
        row.update(zip(kind_keys, kinds[row.pop("kind")]))
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
    """Where the parameters are: the largest top-level rows (of equal ones, the first), then
    the rest as one bar. Picked in one pass, not sorted: MicroPython's sort is not stable
    (the bars of 1,000 equal Dense rows were rows 657 to 670 in the browser, 0 to 9 at build
    time) and calls a key function at each of its comparisons (6 ms for 1,000 rows)."""
    counted = [r for r in summary.rows if r.params]
    top = []  # the largest rows so far, largest first
    for r in counted:
        if len(top) == CHART_BARS and r.params <= top[-1].params:
            continue
        at = len(top)
        while at > 0 and top[at - 1].params < r.params:  # after the rows it equals
            at -= 1
        top.insert(at, r)
        if len(top) > CHART_BARS:
            top.pop()
    bars = [{"name": r.name, "class_name": r.class_name, "params_text": fmt_int(r.params),
             "percent": _percent(r.params, total)} for r in top]
    rest = sum(r.params for r in counted) - sum(r.params for r in top)
    if rest:
        bars.append({"name": "%d other layers" % (len(counted) - len(top)), "class_name": "",
                     "params_text": fmt_int(rest), "percent": _percent(rest, total)})
    return bars


def _percent(part, total):
    return 100.0 * part / total if total else 0.0


def _bytes_text(n):
    """Bytes as MiB with 2 decimals (as model.summary() prints them) and exactly."""
    whole = (n * 100 + MEBIBYTE // 2) // MEBIBYTE
    return "%d.%02d MiB (%s bytes)" % (whole // 100, whole % 100, fmt_int(n))
