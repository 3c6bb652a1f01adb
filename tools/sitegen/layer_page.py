"""What the generated parts of a layer page say, computed from the catalogue entry and its
example (the configuration the page's calculator starts from)."""

import html
import json
import logging
import os

from tools.sitegen import layers, widget
from tools.sitegen.paths import DOCS

PROSE = os.path.join(DOCS, "prose")
log = logging.getLogger("mkdocs.hooks.sitegen")


def esc(text):
    return html.escape(str(text), quote=True)


def md_code(text):
    text = str(text)
    return "``%s``" % text if "`" in text else "`%s`" % text


def read_prose(entry):
    path = os.path.join(PROSE, layers.slug(entry) + ".md")
    if not os.path.exists(path):
        return "", ""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    intro, _, pitfalls = text.partition("<!-- pitfalls -->")
    return intro.strip(), pitfalls.strip()


class LayerPage:
    def __init__(self, entry, catalogue, calcview):
        self.entry = entry
        self.catalogue = catalogue
        self.calcview = calcview
        self.fields = calcview.default_fields(entry)
        self.answer = calcview.evaluate(entry.name, self.fields)
        self.error = None
        try:
            self.result = catalogue.compute(entry, dict(self.example_args()),
                                            input_shape=self.fields["input_shape"] or None)
        except ValueError as e:
            self.result = None
            self.error = str(e)
            log.warning("%s: the catalogue example does not compute: %s", entry.name, e)
        self.formula_latex = self.result.formula_latex if self.result else "?"
        self.formula_html = ""

    def example_args(self):
        return [(n, v) for n, v in self.entry.example_args()]

    # The parts ---------------------------------------------------------------------------

    def markdown(self):
        e = self.entry
        total = self.answer.get("total_text", "?")
        description = "How many parameters a Keras %s layer has, the formula, and a live calculator. %s" % (
            e.name, e.summary)
        intro, pitfalls = read_prose(e)
        parts = [
            "---",
            "title: %s" % json.dumps("%s parameter count" % e.name),
            "description: %s" % json.dumps(description.strip()),
            "calc_widget: true",
            "---",
            "",
            "# %s" % e.name,
            "",
            '<p class="calc-lede">%s</p>' % esc(e.summary or "A Keras layer."),
            "",
            "`%s.%s` · family: %s · example: **%s parameters**" % (
                e.keras_module, e.name, layers.family_title(self.catalogue, e).lower(), total),
            "",
        ]
        if intro:
            parts += [intro, ""]
        parts += self.weights_section() + self.formula_section() + self.arguments_section()
        parts += self.example_section() + self.widget_section() + self.keras_section()
        parts += self.pitfalls_section(pitfalls)
        return "\n".join(parts) + "\n"

    def weights_section(self):
        out = ["## The weight tensors", ""]
        if not self.entry.has_weights:
            out += ["%s creates no weights: %s Its count is always 0." % (
                self.entry.name, self.entry.weight_free_reason), ""]
            return out
        if self.result is None:
            return out + ["The example could not be computed: %s" % md_code(self.error), ""]
        if not self.result.weights:
            return out + ["With the example's arguments this layer creates no weights.", ""]
        out += ["With the example's arguments, `build()` creates these tensors, in the order "
                "`layer.weights` lists them:", "",
                "| Weight | Shape (symbols) | Shape (example) | Trainable | Parameters |",
                "|---|---|---|---|---:|"]
        for w in self.result.weights:
            out.append("| %s | %s | %s | %s | %s |" % (
                md_code(w.label), md_code(w.shape_text()),
                md_code(self.calcview.fmt_shape(w.shape_values())),
                "yes" if w.trainable else "no", self.calcview.fmt_int(w.count)))
        out.append("")
        symbols = self.symbols()
        if symbols:
            out += ["Where:", ""]
            out += ["- %s: %s" % (md_code(s), meaning) for s, meaning in symbols]
            out.append("")
        return out

    def symbols(self):
        seen = []
        for w in self.result.weights:
            for d in w.shape:
                if d.precedence == 3 and not d.text.isdigit() and d.text not in [s for s, _ in seen]:
                    arg = self.entry.arg(d.text)
                    if arg is not None:
                        meaning = "the `%s` argument (%s). %s" % (d.text, d.numbers, arg.help)
                    else:
                        meaning = "read from the input shape or derived from the arguments (%s in the example)." % d.numbers
                    seen.append((d.text, meaning))
        return seen

    def formula_section(self):
        out = ["## The formula", ""]
        if self.result is None:
            return out
        out += ['<div class="calc-formula" role="math" aria-label="%s">%s</div>' % (
            esc("total = " + self.result.formula), self.formula_html), ""]
        if not self.result.weights:
            return out + ["The layer creates no weight tensors, so the sum is empty: 0.", ""]
        out += ["In plain text: %s. Each term is one weight tensor (a number in front counts "
                "identical tensors): the product of its shape's dimensions is the number of "
                "values it holds, and the layer's count is the sum over its tensors."
                % md_code("total = " + self.result.formula), ""]
        if self.result.weights and not read_prose(self.entry)[0]:  # prose explains it better
            out += ["Why each term is there:", ""]
            for w in self.result.weights:
                out.append("- %s %s contributes %s: %s" % (
                    md_code(w.label), md_code(w.shape_text()), md_code(w.term().text),
                    self.weight_reason(w)))
            out.append("")
        return out

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

    def arguments_section(self):
        # On a layer without weights nothing changes the count, not even `trainable`.
        counts = lambda a: a.counts and self.entry.has_weights
        counting = [a for a in self.entry.all_args() if counts(a)]
        never = [a for a in self.entry.all_args() if not counts(a)]
        out = ["## Which arguments change the count", ""]
        if counting:
            out += ["These can change the count (or, for `trainable`, the split between "
                    "trainable and non-trainable):", ""]
            out += ["- %s — %s" % (md_code(a.name), a.help) for a in counting]
            out.append("")
        if self.uses_input():
            out += ["- the **input shape**: the axes named in the weight shapes above are read "
                    "from it when the layer is built.", ""]
        if never:
            out += ["These never change it: %s." % ", ".join(md_code(a.name) for a in never), ""]
        return out

    def uses_input(self):
        if self.result is None:
            return False
        return any(d.precedence == 3 and not d.text.isdigit() and self.entry.arg(d.text) is None
                   for w in self.result.weights for d in w.shape)

    def input_shapes_with_batch(self):
        return [(None,) + tuple(s) for s in self.entry.example_shapes() if s is not None]

    def example_section(self):
        out = ["## Worked example", ""]
        args = ", ".join("%s=%r" % (n, v) for n, v in self.example_args()) or "the defaults"
        shapes = ", ".join(self.calcview.fmt_shape(s) for s in self.input_shapes_with_batch())
        out += ["%s with %s, called on an input of shape %s (batch axis first):" % (
            md_code(self.entry.name), md_code(args) if self.example_args() else args,
            md_code(shapes or "(None, ...)")), ""]
        if self.result is None:
            return out + ["calc refuses this example: %s" % md_code(self.error), ""]
        out.append("```text")
        out += ["total " + s if i == 0 else "      " + s for i, s in enumerate(self.result.steps)]
        out += ["```", ""]
        out += ["**%s parameters**: %s trainable, %s non-trainable. Output shape: %s." % (
            self.calcview.fmt_int(self.result.total_params),
            self.calcview.fmt_int(self.result.trainable_params),
            self.calcview.fmt_int(self.result.non_trainable_params),
            md_code(self.calcview.fmt_shape(self.result.output_shape))), ""]
        return out

    def widget_section(self):
        return ["## Calculator", "",
                "Change any field: the count, the weights and the substituted formula follow. "
                "The address bar keeps the state, so the link shares it.", "",
                widget.render(self.entry, self.fields, self.answer), ""]

    def keras_section(self):
        fields = dict(self.example_args())
        fields["input_shape"] = self.fields["input_shape"]
        lines = self.calcview.keras_snippet(self.entry.name, fields).split("\n")
        out = ["## Check it in Keras", "",
               "Build the example in Keras 3 and ask it:", "",
               '<div class="keras-snippet" id="keras-snippet" markdown>', "", "```python"] + lines + [
               "```", "", "</div>", "",
               "The calculator's **Copy Keras code** button copies this program with the "
               "arguments in its form.", ""]
        if self.result is not None:
            out += ["Expected output:", "", "```text",
                    "total: %d" % self.result.total_params,
                    "trainable: %d" % self.result.trainable_params,
                    "non-trainable: %d" % self.result.non_trainable_params, "```", ""]
        return out

    def pitfalls_section(self, prose):
        e = self.entry
        out = ["## Pitfalls", ""]
        if prose:
            out += [prose, ""]
        points = []
        never = [a.name for a in e.all_args() if not a.counts and a.name not in ("name", "dtype")]
        if never:
            points.append("%s never %s the count; only the arguments listed above as "
                          "changing it do." % (", ".join(md_code(n) for n in never),
                                               "changes" if len(never) == 1 else "change"))
        weights = [w for w in (self.result.weights if self.result else []) if w.trainable]
        if e.arg("trainable") is not None and weights and all(w.freezable for w in weights):
            points.append("`trainable=False` does not remove any weight: `count_params()` "
                          "reports the same total, and the weights move from the trainable to "
                          "the non-trainable column of `model.summary()`.")
        elif weights:
            points.append("In Keras 3.15, `trainable=False` passed to this layer's constructor "
                          "does not reach the sub-layers it builds: `model.summary()` still counts "
                          "their weights as trainable. Set `layer.trainable = False` after "
                          "building it (or freeze the wrapped layer) to freeze them.")
        if self.uses_input():
            points.append("The count depends on the input shape, so Keras only knows it once "
                          "the layer is built: `count_params()` on an unbuilt layer raises an "
                          "error. The batch axis never matters.")
        if e.arg("lora_rank") is not None:
            points.append("`lora_rank` freezes the original kernel and adds two small "
                          "trainable factors: the total grows while the trainable count shrinks.")
        if not e.has_weights:
            points.append("A weight-free layer still appears in `model.summary()`, with 0 in "
                          "the Param # column.")
        out += ["- " + p for p in points]
        out.append("")
        return out


