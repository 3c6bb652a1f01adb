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
  python -m calc summary PATH... [--json]   (PATH: model JSON, .keras or Keras .py code; - for stdin)

ARG=VALUE uses Keras argument names: tuples as 3,3, booleans as true/false, and
input_shape=None,None,25 is the input shape without the batch axis (';' between the
inputs of a layer that takes several). --config takes a layer's get_config() dict.

CLASS is a Keras class (Conv2D) or a torch.nn class (nn.Conv2d or torch.nn.Conv2d), whose
ARG=VALUE use PyTorch's argument names and sizes (no input_shape); its --config holds the
constructor's keyword arguments, a module argument written
{"class": "nn.TransformerEncoderLayer", "kwargs": {"d_model": 64, "nhead": 4}}."""

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
    """One summary per PATH, in order; a bad file prints its error and the others go on."""
    as_json = _flag(rest, "--json")
    if not rest:
        raise UsageError("summary needs at least one PATH (a model JSON, .keras or .py file, or - for stdin).")
    status = 0
    for path in rest:
        try:
            summary = summarize_source(path)
        except ValueError as e:
            sys.stderr.write(terminal_text("error: %s: %s\n" % (path, " ".join(str(e).split()))))
            status = 2
            continue
        print(json.dumps(summary.to_json(path)) if as_json else terminal_text(render_summary(summary)))
    return status


def summarize_source(path):
    from calc.model_source import summarize_data

    if path == "-":
        return summarize_data(read_stream(sys.stdin.buffer, "standard input"))
    try:
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # /dev/urandom, a named pipe
                return summarize_data(read_stream(f, "the file (not a regular file)"))
            return summarize_data(f)  # a .keras archive is read by ranges, never whole
    except OSError as e:
        raise ValueError("cannot read the file (%s)" % (e.strerror or e))


def read_stream(stream, what):
    data = stream.read(MAX_STREAM + 1)
    if len(data) > MAX_STREAM:
        raise ValueError("%s holds more than %d bytes, the most read from a stream; give a large "
                         ".keras archive as a file path." % (what, MAX_STREAM))
    return data


def render_summary(summary, indent=""):
    """A table in the spirit of model.summary(), then the totals and memory."""
    lines = [indent + 'Model: "%s" (%s)' % (summary.model_name, summary.class_name)]
    rows = [("Layer (type)", "Output Shape", "Param #", "Connected to")]
    for r in summary.rows:
        params = "?" if r.params is None else fmt_int(r.params)
        name = "%s (%s)%s" % (r.name, r.class_name, "" if r.trainable else " [frozen]")
        shape = "-" if summary.framework != "keras" else fmt_shape(r.output_shape)  # PyTorch gives none
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
    if summary.framework != "keras":  # PyTorch's buffers, outside every parameter count
        lines.append(indent + "Buffers: %s" % fmt_int(summary.buffers or 0))
    memory = summary.memory()
    for m in memory["weights"]:
        lines.append(indent + "Weights in %s: %s bytes" % (m["dtype"], fmt_int(m["bytes"])))
    training = memory["training_adam_float32"]
    lines.append(indent + "Training with Adam (%s): %s bytes" % (training["what"], fmt_int(training["bytes"])))
    for title, notes in (("Not followed (the totals may be partial):", summary.not_followed),
                         ("Skipped (they do not build the model):", summary.skipped)):
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
