"""Command line: ``python -m calc layers``, ``python -m calc layer CLASS ARG=VALUE ...`` and
``python -m calc summary PATH...``.

Errors print one line on stderr and exit with status 2, never a traceback.
"""

import json
import os
import stat
import sys

from calc.catalogue import LAYERS, TORCH_LAYERS, by_family, compute, find, torch_by_family
from calc.model import MAX_JSON_TEXT
from calc.text import fmt_int, fmt_shape, shorten, terminal_text

USAGE = """usage:
  python -m calc layers [--framework keras|torch] [--json]
  python -m calc layer CLASS [ARG=VALUE ...] [--config JSON] [--json]
  python -m calc summary PATH... [--json] [--seq-len N] [--batch N]
      PATH: model JSON, .keras, .safetensors, Keras .py code or a Hugging Face config.json;
      - for stdin. The shards of one checkpoint (DIR/model-00001-of-00004.safetensors ...
      and DIR/model.safetensors.index.json) make one summary; the index alone brings the
      shards beside it, and a shard or index whose other files are missing gives partial
      totals.

ARG=VALUE uses Keras argument names: tuples as 3,3, booleans as true/false, and
input_shape=None,None,25 is the input shape without the batch axis (';' between the
inputs of a layer that takes several). --config takes a layer's get_config() dict.

CLASS is a Keras class (Conv2D) or a torch.nn class (nn.Conv2d or torch.nn.Conv2d), whose
ARG=VALUE use PyTorch's argument names and sizes (no input_shape); its --config holds the
constructor's keyword arguments, a module argument written
{"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 64, "nhead": 4}}.

--seq-len and --batch size the KV cache of a Hugging Face config.json's model: the keys
and values cached for N tokens (default 4096) of each of N sequences (default 1)."""

MAX_CONFIG_TEXT = 1000000


class UsageError(ValueError):
    pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        if not argv or argv[0] in ("-h", "--help", "help"):
            print(USAGE)
            return 0
        command, rest = argv[0], argv[1:]
        if command == "layers":
            return list_layers(rest)
        if command == "layer":
            return show_layer(rest)
        if command == "summary":
            return summarize_files(rest)
        raise UsageError("Unknown command %s: use 'layers', 'layer' or 'summary' (see --help)."
                         % shorten(command))
    except ValueError as e:
        # One line; spaces are kept, as they may be part of the value quoted.
        sys.stderr.write(terminal_text("error: %s\n" % " ".join(str(e).splitlines())))
        return 2
    except BrokenPipeError:
        # `python -m calc layers | head`: the reader has gone, which is not an error. Point
        # stdout at /dev/null so the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def list_layers(rest):
    as_json = _flag(rest, "--json")
    framework = _option(rest, "--framework") or "keras"
    if rest:
        raise UsageError("layers takes only --framework and --json. Received: %s" % shorten(" ".join(rest)))
    if framework == "torch":
        return list_torch_layers(as_json)
    if framework != "keras":
        raise UsageError("--framework must be keras or torch. Received: --framework=%s" % shorten(framework))
    if as_json:
        for e in LAYERS:
            print(json.dumps({"name": e.name, "aliases": list(e.aliases), "family": e.family,
                              "has_weights": e.has_weights}))
        return 0
    for _, title, entries in by_family():
        print(title)
        for e in entries:
            aliases = " (also %s)" % ", ".join(e.aliases) if e.aliases else ""
            weights = "" if e.has_weights else "  [no weights]"
            print("  %s%s%s" % (e.name, aliases, weights))
    return 0


def list_torch_layers(as_json):
    if as_json:
        for e in TORCH_LAYERS:
            print(json.dumps({"name": e.name, "family": e.family, "has_weights": e.has_weights,
                              "framework": "torch"}))
        return 0
    for _, title, entries in torch_by_family():
        print(title)
        for e in entries:
            print("  %s%s" % (e.name, "" if e.has_weights else "  [no weights]"))
    return 0


def show_layer(rest):
    as_json = _flag(rest, "--json")
    config = _option(rest, "--config")
    if not rest:
        raise UsageError("layer needs a class name, e.g. python -m calc layer Dense units=128 input_shape=128")
    entry = find(rest[0])
    args = {}
    input_shape = None
    for item in rest[1:]:
        if "=" not in item or item.startswith("-"):
            raise UsageError("Arguments are written ARG=VALUE. Received: %s" % shorten(item))
        key, value = item.split("=", 1)
        if key == "input_shape":
            input_shape = value
        else:
            args[key] = value
    result = compute(entry, args, _parse_config(config, entry), input_shape)
    if as_json:
        print(json.dumps(result.to_json()))
    else:
        print(terminal_text(render(result)))
    return 0


def _parse_config(text, entry):
    if text is None:
        return None
    if len(text) > MAX_CONFIG_TEXT:
        raise ValueError("--config is too long (%d characters; the limit is %d)." % (len(text), MAX_CONFIG_TEXT))
    try:
        config = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise ValueError("--config is not valid JSON (%s). Received: --config=%s" % (e, shorten(text)))
    # Accept a whole layer entry from model.to_json() as well as its inner config.
    if isinstance(config, dict) and isinstance(config.get("config"), dict) and "class_name" in config:
        if find(config["class_name"]) is not entry:
            raise ValueError("--config describes a %s, not a %s." % (shorten(config["class_name"]), entry.name))
        config = config["config"]
    return config


def _flag(rest, name):
    if name in rest:
        rest.remove(name)
        return True
    return False


def _option(rest, name):
    for i, item in enumerate(rest):
        if item == name:
            if i + 1 == len(rest):
                raise UsageError("%s needs a value." % name)
            value = rest[i + 1]
            del rest[i:i + 2]
            return value
        if item.startswith(name + "="):
            del rest[i]
            return item[len(name) + 1:]
    return None


# A stream (stdin, a pipe, a device) has no size to check first: at most this much is read
# from it, plus one byte to know it is longer. Regular files are checked by their size, and a
# .keras file on disk is read by ranges, so it may be larger.
MAX_STREAM = MAX_JSON_TEXT


def summarize_files(rest):
    """One summary per PATH, in order, except the shards of one safetensors checkpoint (and
    its index), which make one; a bad file prints its error and the others go on."""
    from calc import hf

    as_json = _flag(rest, "--json")
    seq_len = _count_option(rest, "--seq-len", hf.DEFAULT_SEQ_LEN, hf.check_seq_len)
    batch = _count_option(rest, "--batch", hf.DEFAULT_BATCH, hf.check_batch)
    unknown = [item for item in rest if item.startswith("--")]
    if unknown:
        raise UsageError("summary takes --json, --seq-len N and --batch N. Received: %s" % shorten(unknown[0]))
    if not rest:
        raise UsageError("summary needs at least one PATH (a model JSON, .keras, .safetensors or .py "
                         "file, or - for stdin).")
    status = 0
    for paths in checkpoint_groups(rest):
        try:
            if len(paths) == 1:
                summary = summarize_source(paths[0], seq_len, batch)
            else:
                summary = summarize_checkpoint_files(paths)
        except ValueError as e:
            sys.stderr.write(terminal_text("error: %s: %s\n" % (" + ".join(paths), " ".join(str(e).split()))))
            status = 2
            continue
        if as_json:
            data = summary.to_json(paths[0])
            if len(paths) > 1:
                data["files"] = paths
            print(json.dumps(data))
        else:
            print(terminal_text(render_summary(summary)))
    return status


def checkpoint_groups(paths):
    """The PATHs in order, as lists: each alone, except the shards of one sharded safetensors
    checkpoint (DIR/STEM-00001-of-00004.safetensors, ...) and its index (DIR/STEM.safetensors
    .index.json), which form one list at the place of the first. An index given without its
    shards brings the shards it lists that sit beside it."""
    from calc.safetensors_file import INDEX_SUFFIX, is_index_name, shard_number

    groups = []
    by_checkpoint = {}
    for path in paths:
        numbered = shard_number(path) if path != "-" else None
        if numbered is not None:
            key = (os.path.dirname(path), numbered[0])
        elif is_index_name(path) and path.endswith(".safetensors" + INDEX_SUFFIX):
            key = (os.path.dirname(path), os.path.basename(path)[:-len(".safetensors" + INDEX_SUFFIX)])
        else:
            groups.append([path])
            continue
        if key in by_checkpoint:
            by_checkpoint[key].append(path)
        else:
            by_checkpoint[key] = [path]
            groups.append(by_checkpoint[key])
    for group in groups:
        if len(group) == 1 and is_index_name(group[0]):
            group.extend(_shards_beside(group[0]))
    return groups


def _shards_beside(index_path):
    """The shard files an index lists that exist in its folder (none if it cannot be read:
    summarizing the index alone then says why)."""
    from calc.model import load_json
    from calc.safetensors_file import base_name, is_index, read_index

    try:
        with open(index_path, "rb") as f:
            value = load_json(f.read(MAX_JSON_TEXT + 1).decode("utf-8"))
        files = read_index(value).files() if is_index(value) else []
    except (OSError, ValueError):
        return []
    folder = os.path.dirname(index_path)
    return [os.path.join(folder, name) for name in files
            if name == base_name(name) and os.path.isfile(os.path.join(folder, name))]


def summarize_checkpoint_files(paths):
    """The one summary of a sharded checkpoint's files, each read by ranges (headers only)."""
    from calc.model_source import summarize_files

    files = []
    try:
        for path in paths:
            files.append((path, open(path, "rb")))
        return summarize_files(files)
    except OSError as e:
        raise ValueError("cannot read the file (%s)" % (e.strerror or e))
    finally:
        for _, f in files:
            f.close()


def _count_option(rest, name, default, check):
    """--seq-len N / --batch N: a whole number, checked by calc.hf."""
    value = _option(rest, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise UsageError("%s needs a whole number. Received: %s %s" % (name, name, shorten(value)))
    try:
        return check(number)
    except ValueError as e:
        raise UsageError("%s: %s" % (name, e))


def summarize_source(path, seq_len=None, batch=None):
    from calc.model_source import summarize_data

    if path == "-":
        return summarize_data(read_stream(sys.stdin.buffer, "standard input"), MAX_JSON_TEXT, seq_len, batch)
    try:
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # /dev/urandom, a named pipe
                return summarize_data(read_stream(f, "the file (not a regular file)"), MAX_JSON_TEXT, seq_len, batch)
            # .keras and .safetensors files are read by ranges, never whole
            return summarize_data(f, MAX_JSON_TEXT, seq_len, batch, path)
    except OSError as e:
        raise ValueError("cannot read the file (%s)" % (e.strerror or e))


def read_stream(stream, what):
    data = stream.read(MAX_STREAM + 1)
    if len(data) > MAX_STREAM:
        raise ValueError("%s holds more than %d bytes, the most read from a stream; give a large "
                         ".keras or .safetensors file as a file path." % (what, MAX_STREAM))
    return data


def render_summary(summary, indent=""):
    """A table in the spirit of model.summary(), then the totals and memory."""
    lines = [indent + 'Model: "%s" (%s)' % (summary.model_name, summary.class_name)]
    rows = [("Layer (type)", "Output Shape", "Param #", "Connected to")]
    keras = getattr(summary, "framework", "keras") == "keras"  # PyTorch modules have no output shape here
    for r in summary.rows:
        params = "?" if r.params is None else fmt_int(r.params)
        name = "%s (%s)%s" % (r.name, r.class_name, "" if r.trainable else " [frozen]")
        shape = fmt_shape(r.output_shape) if keras else "-"
        rows.append((name, shape if r.known else "unknown: " + (r.problem or ""),
                     params, ", ".join(r.connected_to) or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append(indent + "  " + "  ".join(row[i].rjust(widths[i]) if i == 2 else row[i].ljust(widths[i])
                                                for i in range(4)).rstrip())
    partial = " (partial: some layers could not be counted)" if summary.partial else ""
    lines.append(indent + "Total params: %s%s" % (fmt_int(summary.total_params), partial))
    lines.append(indent + "Trainable params: %s" % fmt_int(summary.trainable_params))
    lines.append(indent + "Non-trainable params: %s" % fmt_int(summary.non_trainable_params))
    if not keras:  # PyTorch's buffers, outside every parameter count
        lines.append(indent + "Buffers (persistent, not parameters): %s" % fmt_int(summary.buffers or 0))
    memory = summary.memory()
    for m in memory["weights"]:
        if "values" in m:  # a checkpoint's own tensors, per dtype
            values = "" if m["values"] is None else " (%s values)" % fmt_int(m["values"])
            lines.append(indent + "Stored in %s%s: %s bytes" % (m["dtype"], values, fmt_int(m["bytes"])))
        else:
            lines.append(indent + "Weights in %s: %s bytes" % (m["dtype"], fmt_int(m["bytes"])))
    training = memory["training_adam_float32"]
    lines.append(indent + "Training with Adam (%s): %s bytes" % (training["what"], fmt_int(training["bytes"])))
    cache = memory.get("kv_cache")
    if cache:
        lines.append(indent + "KV cache, %s, seq_len %d, batch %d: %s bytes"
                     % (cache["dtype"], cache["seq_len"], cache["batch"], fmt_int(cache["bytes"])))
    if getattr(summary, "active_params", None) is not None:
        lines.append(indent + "Active params per token: %s" % fmt_int(summary.active_params))
    for title, notes in (("Not followed (the totals may be partial):", summary.not_followed),
                         ("Skipped (they do not build the model):", summary.skipped),
                         ("From the config:", getattr(summary, "config_notes", ())),
                         ("Notes:", summary.remarks)):
        if notes:
            lines.append(indent + title)
            lines.extend(indent + "  " + note for note in notes)
    return "\n".join(lines)


def render(result):
    """The human-readable report: weights table, formula with steps, totals."""
    rows = [("weight", "shape", "trainable", "params")]
    for w in result.weights:
        rows.append((w.label, fmt_shape(w.shape_values()), "yes" if w.trainable else "no", fmt_int(w.count)))
    lines = [result.layer, ""]
    for b in result.buffers:
        rows.append((b.label, fmt_shape(b.shape_values()), "buffer", fmt_int(b.count)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    if len(rows) > 1:
        for r in rows:
            lines.append("  " + "  ".join(r[i].ljust(widths[i]) if i < 3 else r[i].rjust(widths[i])
                                          for i in range(4)))
        lines.append("")
    if result.weights:
        steps = result.steps
        lines.append("  params = " + steps[0])
        lines.extend("         " + s for s in steps[1:])
    else:
        lines.append("  no parameters" if result.framework == "torch" else "  no weights")
    lines.append("")
    if result.framework == "keras":
        lines.append("  output shape:          " + fmt_shape(result.output_shape))
    lines.append("  trainable params:      " + fmt_int(result.trainable_params))
    lines.append("  non-trainable params:  " + fmt_int(result.non_trainable_params))
    lines.append("  total params:          " + fmt_int(result.total_params))
    if result.framework == "torch":
        lines.append("  buffers:               " + fmt_int(result.buffer_count))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
