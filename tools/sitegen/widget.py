"""The calculator's HTML: overrides/partials/calc_widget.html, rendered with the default
answer already in it. This module only prepares the values the template lays out."""

import os

import jinja2

from tools.sitegen.layers import embed_slug
from tools.sitegen.paths import OVERRIDES

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(OVERRIDES, "partials")),
    autoescape=True, trim_blocks=True, undefined=jinja2.StrictUndefined)

# How the phone's keyboard opens for a text field, by the argument's kind.
INPUT_MODES = {"int": "numeric", "float": "decimal"}


def render(entry, fields, answer, index=1, url_state=True):
    """The widget for `entry` with these field texts and calcview.evaluate()'s answer.
    index numbers the widgets of one page (ids must be unique); url_state=False
    (data-url="off"): the address bar neither fills nor follows it, for pages that show
    several calculators."""
    # nn.Conv2d's is calc-nn-conv2d-1, Conv2D's calc-conv2d-1: both may be on one page.
    base = "calc-%s-%d" % (embed_slug(entry).replace(".", "-"), index)
    counting = [a for a in entry.all_args() if a.counts]
    others = [a for a in entry.all_args() if not a.counts]
    shape = {"kind": "text", "id": base + "-input_shape", "name": "input_shape",
             "text": fields.get("input_shape", ""), "mode": "text", "none_ok": False,
             "counts": True, "invalid": _invalid("input_shape", answer)}
    return _templates.get_template("calc_widget.html").render(
        layer=entry.name, base=base, url_state=url_state, answer=answer,
        torch=entry.framework == "torch", shape=shape,
        inputs=[i.name for i in entry.inputs],
        counting=[control(base, a, fields.get(a.name, ""), answer) for a in counting],
        others=[control(base, a, fields.get(a.name, ""), answer) for a in others])


def control(base, arg, text, answer):
    """One argument's field: a checkbox (bool), a select (choice) or a text input."""
    kind = arg.kind if arg.kind in ("bool", "choice") else "text"
    c = {"kind": kind, "id": "%s-%s" % (base, arg.name), "name": arg.name, "text": text,
         "help": arg.help, "counts": arg.counts, "invalid": _invalid(arg.name, answer),
         "none_ok": arg.none_ok, "mode": INPUT_MODES.get(arg.kind if isinstance(arg.kind, str) else "", "text")}
    if kind == "choice":
        chosen = (text or "None").lower()
        values = ["None" if choice is None else str(choice) for choice in arg.choices]
        c["options"] = [(value, value.lower() == chosen) for value in values]
        c["default"] = text or "None"
    return c


def _invalid(name, answer):
    """aria-invalid on the fields an error names."""
    return not answer.get("ok") and name in answer.get("fields", [])
