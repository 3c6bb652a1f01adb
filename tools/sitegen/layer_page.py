"""A layer page: its layout, and what its generated parts say, computed from the catalogue
entry and its example (the configuration the page's calculator starts from).

The page itself is Markdown: docs/layers/<slug>.md when a writer has written one, otherwise
docs/layers/_template.md (a PyTorch page, tools/sitegen/torch_page.py, is the same with
docs/pytorch/). Each generated part is a shortcode in it (`<!-- calc:weights -->`
is `LayerPage.weights()`), expanded by tools/sitegen/shortcodes.py.
"""

import html
import logging
import os
import re

from mkdocs.exceptions import PluginError

from tools.sitegen import layers, widget
from tools.sitegen.paths import DOCS

LAYER_DOCS = os.path.join(DOCS, "layers")
# A writer's section of that title says which arguments never change the count, and why:
# the generated list then names only the others (LayerPage.read_writers_text).
NEVER_HEADING = "What does not change the count"
TEMPLATE = os.path.join(LAYER_DOCS, "_template.md")

# The layout of every layer page, in order: before the first `##` heading the title, the
# lede and the meta line, then these sections, each holding its generated part (the
# shortcode named with it). Writers add their own sections and prose around them.
# docs/layers/_template.md follows this order and tests/test_layer_pages_structure.py holds
# every page to it: to move a section (the calculator, say), change it here, then move it in
# the template and in each page the test names (and in docs/index.md's "How to read a layer
# page", which tells readers the order).
HEADER = ("lede", "meta")
TWIN_HEADING = "Compared with PyTorch"
SECTIONS = (
    ("Calculator", "widget"),  # first: the site's headline, in the first screen (#14)
    ("The weight tensors", "weights"),
    ("The formula", "formula"),
    ("Which arguments change the count", "arguments"),
    ("Worked example", "example"),
    ("Check it in Keras", "keras"),
    (TWIN_HEADING, "twin"),  # only on the pages of classes with a twin (sections_for)
    ("Pitfalls", "pitfalls"),
)
# Generated parts a page may use or leave out: the "Why each term is there" list, for
# pages whose writer has not explained the terms in their own words.
OPTIONAL = ("terms",)
# The shortcodes that stand for a part of the page's own layer (LayerPage's methods).
PARTS = HEADER + tuple(part for _, part in SECTIONS) + OPTIONAL

log = logging.getLogger("mkdocs.hooks.sitegen")


def esc(text):
    return html.escape(str(text), quote=True)


def md_code(text):
    text = str(text)
    return "``%s``" % text if "`" in text else "`%s`" % text


def py_value(value):
    """An example argument as Keras code writes it: "same" in double quotes, 1 / 255 for a
    scale of 0.00392156862745098."""
    if isinstance(value, str):
        return '"%s"' % value.replace('"', '\\"')
    if isinstance(value, float) and 0 < value < 1:
        n = round(1 / value)
        if n > 100 and 1 / n == value:  # a scale such as 1/255, not a rate of 0.5
            return "1 / %d" % n
    return repr(value)


def source_path(entry):
    """The page's Markdown: the writer's file if there is one, else the template."""
    path = os.path.join(DOCS, layers.page_uri(entry))
    if os.path.exists(path):
        return path
    return os.path.join(DOCS, layers.section(entry), "_template.md")


def check_written_pages(files, layer_uris):
    """A page under docs/layers/ or docs/pytorch/ that is no catalogued class's has a
    misspelt name."""
    for f in files.documentation_pages():
        if f.src_uri.startswith(("layers/", "pytorch/")) and f.src_uri not in layer_uris:
            raise PluginError("docs/%s: no catalogued class has this page (a Keras layer's page "
                              "is docs/layers/<its class name in lowercase>.md, a torch.nn "
                              "class's docs/pytorch/<its class name in lowercase>.md)" % f.src_uri)


def twin_heading(entry):
    if entry.framework == "keras":
        return TWIN_HEADING
    from tools.sitegen.torch_page import TWIN_HEADING as KERAS_TWIN_HEADING

    return KERAS_TWIN_HEADING


def sections_for(entry, sections=SECTIONS):
    """The sections the entry's page has: the twin section only where calc/twins.py pairs the
    class with a catalogued one (the template has it; drop_empty_twin takes it out)."""
    from tools.sitegen.twin_page import page_twin

    if page_twin(entry) is not None:
        return sections
    return tuple(s for s in sections if s[0] != twin_heading(entry))


def drop_empty_twin(entry, markdown):
    """The page's Markdown without its twin section's heading and shortcode when the class
    has no twin."""
    from tools.sitegen.twin_page import page_twin

    if page_twin(entry) is not None:
        return markdown
    dropped = ("## " + twin_heading(entry), "<!-- calc:twin -->")
    return "\n".join(l for l in markdown.split("\n") if l.strip() not in dropped)



def check_it_section(framework, button, kind, source, result, buffers=None):
    """A "Check it in ..." section: the program that builds the example in `framework`, and
    the counts it prints (`buffers` too, for a PyTorch module)."""
    out = ["Build the example in %s and ask it:" % framework, "",
           '<div class="%s-snippet" id="%s-snippet" markdown>' % (kind, kind), "", "```python",
           source, "```", "", "</div>", "",
           "The calculator's **Copy %s code** button copies this program with the "
           "arguments in its form." % button]
    if result is not None:
        out += ["", "Expected output:", "", "```text",
                "total: %d" % result.total_params,
                "trainable: %d" % result.trainable_params,
                "non-trainable: %d" % result.non_trainable_params]
        if buffers is not None:
            out.append("buffers: %d" % buffers)
        out.append("```")
    return "\n".join(out)

class LayerPage:
    # The generated parts its shortcodes may name (a PyTorch page has its own: TorchPage).
    PARTS = PARTS

    def __init__(self, entry, catalogue, calcview):
        self.entry = entry
        self.catalogue = catalogue
        self.calcview = calcview
        self.fields = calcview.default_fields(entry)
        self.answer = calcview.evaluate(entry.name, self.fields)
        self.error = None
        try:
            self.result = catalogue.compute(entry, dict(self.example_args()),
                                            input_shape=self.fields.get("input_shape") or None)
        except ValueError as e:
            self.result = None
            self.error = str(e)
            log.warning("%s: the catalogue example does not compute: %s", entry.name, e)
        self.formula_latex = self.result.formula_latex if self.result else "?"
        # The arguments the writer's own "What does not change the count" names (None: the
        # page has no such section), so that the generated list does not say it again; and
        # the writer's pitfalls, which the shared ones do not repeat.
        self.explained_never = None
        self.writers_pitfalls = ""
        self.formula_html = ""  # set by the build: every page's formula is typeset at once

    def example_args(self):
        return [(n, v) for n, v in self.entry.example_args()]

    def read_writers_text(self, markdown):
        """Notes what the page's own Markdown already says (before its parts are expanded)."""
        self.explained_never = None
        self.writers_pitfalls = ""
        lines = markdown.split("\n")
        if "## Pitfalls" in lines:
            after = lines[lines.index("## Pitfalls") + 1:]
            self.writers_pitfalls = "\n".join(l for l in after if not l.startswith("<!--"))
        for i, line in enumerate(lines):
            if line.startswith("#") and line.lstrip("#").strip() == NEVER_HEADING:
                section = []
                for later in lines[i + 1:]:
                    if later.startswith("#"):
                        break
                    section.append(later)
                self.explained_never = set(re.findall(r"`([A-Za-z_]+)`", "\n".join(section)))

    def fill_meta(self, meta):
        """The page's title and description, unless its front matter sets them."""
        e = self.entry
        meta.setdefault("title", "%s parameter count" % e.name)
        meta.setdefault("description", (
            "How many parameters a Keras %s layer has, the formula, and a live calculator. %s"
            % (e.name, e.summary)).strip())

    # The generated parts, one per shortcode ------------------------------------------------

    def lede(self):
        return '<p class="calc-lede">%s</p>' % esc(self.entry.summary or "A Keras layer.")

    def meta(self):
        e = self.entry
        return "`%s.%s` · family: %s · example: **%s parameters**" % (
            e.keras_module, e.name, layers.family_title(self.catalogue, e).lower(),
            self.answer.get("total_text", "?"))

    def weights(self):
        if not self.entry.has_weights:
            reason = self.entry.weight_free_reason
            if reason[:1].isupper() and reason[1:2].islower():
                reason = reason[0].lower() + reason[1:]  # after a colon
            return "%s creates no weights: %s Its count is always 0." % (self.entry.name, reason)
        if self.result is None:
            return "The example could not be computed: %s" % md_code(self.error)
        if not self.result.weights:
            return "With the example's arguments this layer creates no weights."
        out = ["With the example's arguments, `build()` creates these tensors, in the order "
               "`layer.weights` lists them:", "",
               "| Weight | Shape (symbols) | Shape (example) | Trainable | Parameters |",
               "|---|---|---|---|---:|"]
        for w in self.result.weights:
            out.append("| %s | %s | %s | %s | %s |" % (
                md_code(w.label), md_code(w.shape_text()),
                md_code(self.calcview.fmt_shape(w.shape_values())),
                "yes" if w.trainable else "no", self.calcview.fmt_int(w.count)))
        symbols = self.symbols()
        if symbols:
            out += ["", "Where:", ""]
            out += ["- %s = %s" % (md_code(s), meaning) for s, meaning in symbols]
        return "\n".join(out)

    def symbols(self):
        """[(symbol, where it comes from)] for every named quantity in the weight shapes,
        in first-seen order: an argument of this layer or of the layer it wraps, or what the
        catalogue says the symbol is (`kernel_size[0]`, an axis of the input)."""
        seen = []
        for w in self.tensors():
            for dim in w.shape:
                for d in dim.atoms:
                    if d.text.isdigit() or d.text in [s for s, _ in seen]:
                        continue
                    seen.append((d.text, self.symbol_meaning(d)))
        return seen

    def tensors(self):
        """The tensors whose shapes the page explains (a PyTorch page adds its buffers)."""
        return self.result.weights

    def symbol_meaning(self, d):
        arg = self.entry.arg(d.text)
        if arg is not None:
            return "the `%s` argument; %s in the example. %s" % (d.text, d.numbers, arg.help)
        if d.meaning:
            return "%s; %s in the example." % (d.meaning, d.numbers)
        for inner in self.inner_entries():
            arg = inner.arg(d.text)
            if arg is not None:
                return "the wrapped %s's `%s` argument; %s in the example. %s" % (
                    inner.name, d.text, d.numbers, arg.help)
        raise PluginError("%s: the symbol %s of the weight shapes has no meaning in the "
                          "catalogue (give it one where the entry creates it: sym(..., "
                          "meaning=...))" % (self.entry.name, d.text))

    def inner_entries(self):
        """The catalogue entries of the layers the example wraps (Bidirectional's LSTM)."""
        out = []
        given = dict(self.example_args())
        for a in self.entry.args:
            if getattr(a, "holds_layer", False) and given.get(a.name) is not None:
                out.append(a.parse(given[a.name]).entry)
        return out

    def formula(self):
        if self.result is None:
            return ""
        out = ['<div class="calc-formula" role="math" aria-label="%s">%s</div>' % (
            esc("total = " + self.result.formula), self.formula_html), ""]
        if not self.result.weights:
            return "\n".join(out + ["The layer creates no weight tensors, so the sum is empty: 0."])
        out.append("In plain text: %s. Each term is one weight tensor (a number in front counts "
                   "identical tensors): the product of its shape's dimensions is the number of "
                   "values it holds, and the layer's count is the sum over its tensors."
                   % md_code("total = " + self.result.formula))
        forms = self.factored()
        if forms:
            from tools.sitegen import shortcodes  # typeset with the pages' calc:math
            latex = self.factored_latex()
            if latex not in shortcodes.MATH:
                raise PluginError("%s: the factored formula was not typeset" % self.entry.name)
            out += ["", "Grouped the way it is usually taught, each brace naming the tensor "
                    "(or projection) of the table it comes from:", "",
                    '<div class="calc-formula calc-factored" role="math" tabindex="0" aria-label="%s">%s</div>'
                    % (esc("total = " + " = ".join(f.text for f in forms)), shortcodes.MATH[latex]), ""]
            out += ["- %s: %s." % (md_code("total = " + f.text), f.note) for f in forms]
        return "\n".join(out)

    def factored(self):
        """The factored forms of the example's count, each checked against the count."""
        if self.result is None or not self.result.weights:
            return []
        forms = factored_forms(self.entry, self.result.weights)
        for f in forms:
            if f.value != self.result.total_params:
                raise PluginError("%s: the factored formula %s gives %d, not the count %d"
                                  % (self.entry.name, f.text, f.value, self.result.total_params))
        return forms

    def factored_latex(self):
        """One display: total = the braced per-tensor sum (or the grouping) = each form."""
        forms = self.factored()
        if not forms:
            return None
        rows = []  # one line per form: total = the per-tensor sum \\ = the factored form...
        if not forms[0].grouped:
            rows.append(" + ".join(_brace(w.term().latex, w.label) for w in self.result.weights))
        for f in forms:
            rows.append(f.rows[0])
            rows += [r"\quad " + r for r in f.rows[1:]]
        lines = []
        for i, row in enumerate(rows):
            lead = r"\mathrm{total} &= " if i == 0 else ("&" if row.startswith(r"\quad") else "&= ")
            lines.append(lead + row)
        return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"

    def terms(self):
        if self.result is None or not self.result.weights:
            return ""
        out = ["Why each term is there:", ""]
        for w in self.result.weights:
            out.append("- %s %s contributes %s: %s" % (
                md_code(w.label), md_code(w.shape_text()), md_code(w.term().text),
                self.weight_reason(w)))
        return "\n".join(out)

    def weight_reason(self, w):
        name = w.name
        if "bias" in name:
            return "one offset per output unit, added after the weighted sum."
        if name.startswith("lora"):
            return "a trainable low-rank factor added by LoRA (`lora_rank`)."
        if "kernel" in name or name == "embeddings":
            return "one learned weight per (input, output) connection."
        if name in ("gamma", "beta"):
            return "a learned per-feature %s." % ("scale" if name == "gamma" else "offset")
        if "moving" in name or name in ("mean", "variance", "count"):
            return "a statistic updated from the data, not by gradients (non-trainable)."
        return "%s values%s." % ("trainable" if w.trainable else "non-trainable",
                                 "" if w.trainable else ", updated outside backpropagation")

    def arguments(self):
        # On a layer without weights nothing changes the count, not even `trainable`.
        counts = lambda a: a.counts and self.entry.has_weights
        counting = [a for a in self.entry.all_args() if counts(a)]
        never = [a for a in self.entry.all_args() if not counts(a)]
        out = []
        if counting:
            out += ["These can change the count (or, for `trainable`, the split between "
                    "trainable and non-trainable):", ""]
            out += ["- %s — %s" % (md_code(a.name), a.help) for a in counting]
            out.append("")
        if self.uses_input():
            out += ["- the **input shape**: the axes named in the weight shapes above are read "
                    "from it when the layer is built.", ""]
        if never and self.explained_never is not None:
            # The writer said what never changes it, and why (see NEVER_HEADING): list the
            # rest without saying it again.
            rest = [a for a in never if a.name not in self.explained_never]
            if rest:
                names = [md_code(a.name) for a in rest]
                listed = names[0] if len(names) == 1 else "%s and %s" % (", ".join(names[:-1]), names[-1])
                out += ["Nor %s %s, beyond the ones [above](#%s)." % (
                    "does" if len(names) == 1 else "do", listed,
                    NEVER_HEADING.lower().replace(" ", "-"))]
        elif never:
            out += ["These never change it: %s." % ", ".join(md_code(a.name) for a in never)]
        return "\n".join(out).strip()

    def uses_input(self):
        if self.result is None:
            return False
        return any(d.precedence == 3 and not d.text.isdigit() and self.entry.arg(d.text) is None
                   for w in self.result.weights for d in w.shape)

    def input_shapes_with_batch(self):
        return [(None,) + tuple(s) for s in self.entry.example_shapes() if s is not None]

    def example(self):
        args = ", ".join("%s=%s" % (n, py_value(v)) for n, v in self.example_args()) or "the defaults"
        shapes = ", ".join(self.calcview.fmt_shape(s) for s in self.input_shapes_with_batch())
        out = ["%s with %s, called on an input of shape %s (batch axis first):" % (
            md_code(self.entry.name), md_code(args) if self.example_args() else args,
            md_code(shapes or "(None, ...)")), ""]
        if self.result is None:
            return "\n".join(out + ["calc refuses this example: %s" % md_code(self.error)])
        out.append("```text")
        steps = self.result.steps if self.result.weights else ["0"]  # not "0 = 0"
        out += ["total = " + s if i == 0 else "      " + s for i, s in enumerate(steps)]
        out += ["```", ""]
        out.append("**%s parameters**: %s trainable, %s non-trainable. Output shape: %s." % (
            self.calcview.fmt_int(self.result.total_params),
            self.calcview.fmt_int(self.result.trainable_params),
            self.calcview.fmt_int(self.result.non_trainable_params),
            md_code(self.calcview.fmt_shape(self.result.output_shape))))
        return "\n".join(out)

    def widget(self, index=1):
        """The page's own calculator: the example, its state kept in the address bar."""
        return "\n".join([
            "Change any field: the count, the weights and the substituted formula follow. "
            "The address bar keeps the state, so the link shares it.", "",
            widget.render(self.entry, self.fields, self.answer, index=index)])

    def keras_snippet(self):
        """The program that builds the example in Keras and prints its counts."""
        fields = dict(self.example_args())
        fields["input_shape"] = self.fields["input_shape"]
        return self.calcview.keras_snippet(self.entry.name, fields)

    def keras(self):
        return check_it_section("Keras 3", "Keras", "keras", self.keras_snippet(), self.result)

    def twin(self):
        """The "Compared with PyTorch" section: the twin's count for the example, and why."""
        from tools.sitegen.twin_page import section

        return section(self)

    def pitfalls(self):
        """What every layer of this kind gets wrong, as list items (after the writer's)."""
        e = self.entry
        points = []
        # What never changes the count is said once, in "Which arguments change the count".
        weights = [w for w in (self.result.weights if self.result else []) if w.trainable]
        own = self.writers_pitfalls
        if "trainable=False" in own or "trainable = False" in own:
            pass  # the writer's points already say what trainable=False does here
        elif e.arg("trainable") is not None and weights and all(w.freezable for w in weights):
            points.append("`trainable=False` does not remove any weight: `count_params()` "
                          "reports the same total, and the weights move from the trainable to "
                          "the non-trainable column of `model.summary()`.")
        elif weights:
            points.append("In Keras 3.15, `trainable=False` passed to this layer's constructor "
                          "does not reach the sub-layers it builds: `model.summary()` still counts "
                          "their weights as trainable. Set `layer.trainable = False` after "
                          "building it (or freeze the wrapped layer) to freeze them.")
        if self.uses_input() and "count_params()" not in own:
            points.append("The count depends on the input shape, so Keras only knows it once "
                          "the layer is built: `count_params()` on an unbuilt layer raises an "
                          "error. The batch axis never matters.")
        if e.arg("lora_rank") is not None and "LoRA" not in own and "lora_rank" not in own:
            frozen = "embeddings" if e.arg("input_dim") is not None else "kernel"
            points.append("`lora_rank` freezes `%s` and adds two small trainable factors A "
                          "and B; the layer computes with `%s + (lora_alpha/r)·A·B`, so the "
                          "total grows while the trainable count shrinks." % (frozen, frozen))
        if not e.has_weights:
            points.append("A weight-free layer still appears in `model.summary()`, with 0 in "
                          "the Param # column.")
        return "\n".join("- " + p for p in points)


# The factored formula ---------------------------------------------------------------------
# Beside the per-tensor sum, the form students know (`(C_in + 1)·units`, `4·(units·(C_in +
# units) + units)`, `4·d² + 4·d`), read off the same weight shapes, with each part braced
# under the name of the tensor (or projection) it comes from, as the weights table names
# them. Each form is checked against the count when the page is built: a form that does
# not add up fails the build instead of reaching a page.

def _tex_label(text):
    return r"\text{%s}" % text.replace("_", r"\_")


def _brace(latex, label):
    return r"\underbrace{%s}_{%s}" % (latex, _tex_label(label))


def _product(dims):
    dims = [d for d in dims if d.text != "1"]
    if not dims:
        return None
    out = dims[0]
    for d in dims[1:]:
        out = out * d
    return out


class Factored:
    """One way of writing the count: text, LaTeX and the value it evaluates to."""

    def __init__(self, text, latex, value, note="", grouped=False, rows=None):
        self.text, self.latex, self.value, self.note = text, latex, value, note
        self.grouped = grouped  # the sum itself, braced by group (no per-tensor sum before it)
        self.rows = rows or [latex]  # the LaTeX cut into lines (each after the first starts "+")


def factored_forms(entry, weights):
    """[Factored] for the example's weights, or [] where no known form applies."""
    by_name = dict((w.name, w) for w in weights)
    names = [w.name for w in weights]
    scopes = set(w.scope for w in weights)
    # Keras names them kernel and bias, PyTorch weight and bias.
    if names in (["kernel", "bias"], ["weight", "bias"]) and len(scopes) == 1 and len(by_name["bias"].shape) == 1:
        return _kernel_bias(weights[0], by_name["bias"])
    if names in (["kernel", "recurrent_kernel", "bias"], ["kernel", "recurrent_kernel"]) and len(scopes) == 1:
        return _recurrent(entry, weights)
    if len(scopes) > 1 and all(s for s in scopes) and entry.name in ("MultiHeadAttention", "GroupQueryAttention"):
        return _projections(entry, weights)
    return []


def _kernel_bias(kernel, bias):
    """(per-output part of the kernel + 1)·outputs: (C_in + 1)·units, (kh·kw·C_in/groups + 1)·filters;
    PyTorch's weight (out_features, in_features) the same way."""
    out = bias.shape[0]
    dims = list(kernel.shape)
    for i in range(len(dims) - 1, -1, -1):
        if dims[i].text == out.text:
            del dims[i]
            break
    else:
        return []
    rest = _product(dims)
    if rest is None:
        return []
    text = "(%s + 1)·%s" % (rest.text, out.text)
    latex = r"\left(%s + %s\right) \cdot %s" % (_brace(rest.latex, kernel.name), _brace("1", "bias"), out.latex)
    return [Factored(text, latex, (rest.value + 1) * out.value,
                     "each of the %s outputs has %s weights in the %s and 1 bias"
                     % (md_code(out.text), md_code(rest.text), kernel.name))]


def _recurrent(entry, weights):
    """G·(units·(C_in + units) + units): G gate blocks, each an input kernel, a recurrent
    kernel and a bias (two bias rows for GRU's reset_after)."""
    kernel, recurrent = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else None
    gates = getattr(entry, "gates", 4)
    units = recurrent.shape[-2]
    c_in = kernel.shape[-2]
    window = _product(recurrent.shape[:-2])
    if kernel.shape[:-2] and [d.text for d in kernel.shape[:-2]] != [d.text for d in recurrent.shape[:-2]]:
        return []
    rows = bias.shape[0].value if bias is not None and len(bias.shape) == 2 else 1
    w_text = window.text + "·" if window else ""
    w_latex = window.latex + r" \cdot " if window else ""
    w_value = window.value if window else 1
    inner_text = "%s%s·(%s + %s)" % (w_text, units.text, c_in.text, units.text)
    inner_latex = r"%s%s \cdot \left(%s + %s\right)" % (
        w_latex, units.latex, _brace(c_in.latex, "kernel"), _brace(units.latex, "recurrent_kernel"))
    value = w_value * units.value * (c_in.value + units.value)
    if bias is not None:
        b_text = units.text if rows == 1 else "%d·%s" % (rows, units.text)
        b_latex = units.latex if rows == 1 else r"%d \cdot %s" % (rows, units.latex)
        inner_text += " + " + b_text
        inner_latex += " + " + _brace(b_latex, "bias" if rows == 1 else "bias (%d rows)" % rows)
        value += rows * units.value
    if gates == 1:
        return [Factored(inner_text, inner_latex, value, "one block: input weights, "
                         "recurrent weights and a bias")]
    gate_words = {3: "update, reset, candidate", 4: "input, forget, cell, output"}.get(gates, "")
    note = "%d gate blocks (%s), each with its own input weights, recurrent weights and bias" % (
        gates, gate_words)
    if rows == 2:
        note += "; with `reset_after=True` each gate has two bias rows, one added to the input side and one to the recurrent side"
    return [Factored("%d·(%s)" % (gates, inner_text),
                     r"%s \cdot \left(%s\right)" % (_brace(str(gates), "gates"), inner_latex),
                     gates * value, note)]


def _projections(entry, weights):
    """The sum grouped by projection (query, key, value, output), and 4·d² + 4·d when the
    sizes agree."""
    groups = []
    for w in weights:
        scope = w.scope.split("/")[0]
        if not groups or groups[-1][0] != scope:
            groups.append((scope, []))
        groups[-1][1].append(w)
    texts, latexes, value = [], [], 0
    for scope, ws in groups:
        terms = [w.term() for w in ws]
        texts.append("(" + " + ".join(t.text for t in terms) + ")")
        latexes.append(_brace(" + ".join(t.latex for t in terms),
                              "output" if scope == "attention_output" else scope))
        value += sum(t.value for t in terms)
    half = (len(latexes) + 1) // 2
    rows = [" + ".join(latexes[:half]), "+ " + " + ".join(latexes[half:])] if len(latexes) > 2 else None
    forms = [Factored(" + ".join(texts), " + ".join(latexes), value,
                      "one projection per brace, each a kernel and its bias", grouped=True, rows=rows)]
    # 4·d² + 4·d: four d×d projections with biases, when query, key, value and output
    # all have d = C_query = num_heads·key_dim features.
    d = weights[0].shape[0].value
    shapes = [w.shape_values() for w in weights]
    square = [(d,) + s[1:] for s in shapes if len(s) == 3]
    if (entry.name == "MultiHeadAttention" and [g[0] for g in groups] == ["query", "key", "value", "attention_output"]
            and all(len(ws) == 2 for _, ws in groups) and all(w.count in (d * d, d) for w in weights)
            and len(square) == 4):
        forms.append(Factored("4·d² + 4·d", r"4 \cdot d^2 + 4 \cdot d", 4 * d * d + 4 * d,
                              "with `d` = `C_query` = `C_value` = `num_heads·key_dim` "
                              "(%d here), every projection is a d×d matrix and d biases" % d))
    return forms
