"""A PyTorch page, pytorch/<lowercase class>/: a torch.nn class from calc's PyTorch catalogue,
laid out like a Keras layer page (tools/sitegen/layer_page.py) with "Check it in PyTorch" in
place of "Check it in Keras" and a "Compared with Keras" section.

What differs from a Keras page is what PyTorch counts: parameters (every one a constructor
makes has requires_grad=True) and, apart from them, buffers (BatchNorm's running statistics),
saved in state_dict but outside `sum(p.numel() for p in m.parameters())`. Sizes are
constructor arguments: there is no input shape.

The Markdown is docs/pytorch/<slug>.md when a writer has written one, otherwise
docs/pytorch/_template.md.
"""

import os

from tools.sitegen import layers
from tools.sitegen.layer_page import HEADER, NEVER_HEADING, LayerPage, check_it_section, esc, md_code
from tools.sitegen.paths import DOCS
from web.torch_snippet import torch_snippet, value_source

TORCH_DOCS = os.path.join(DOCS, "pytorch")
TORCH_TEMPLATE = os.path.join(TORCH_DOCS, "_template.md")
TWIN_HEADING = "Compared with Keras"

# The layout of every PyTorch page (tests/test_layer_pages_structure.py holds each page to
# it), the Keras page's order with its own "Check it" and the comparison before the pitfalls.
TORCH_SECTIONS = (
    ("Calculator", "widget"),
    ("The weight tensors", "weights"),
    ("The formula", "formula"),
    ("Which arguments change the count", "arguments"),
    ("Worked example", "example"),
    ("Check it in PyTorch", "torch"),
    (TWIN_HEADING, "twin"),
    ("Pitfalls", "pitfalls"),
)
TORCH_PARTS = HEADER + tuple(part for _, part in TORCH_SECTIONS)


class TorchPage(LayerPage):
    PARTS = TORCH_PARTS

    def fill_meta(self, meta):
        e = self.entry
        meta.setdefault("title", "%s parameter count" % e.name)
        meta.setdefault("description", (
            "How many parameters a PyTorch torch.%s module has, its buffers, the formula, and a "
            "live calculator. %s" % (e.name, e.summary)).strip())

    def tensors(self):
        return self.result.weights + self.result.buffers

    def buffer_count(self):
        return self.result.buffer_count if self.result else 0

    # The generated parts, one per shortcode ------------------------------------------------

    def lede(self):
        return '<p class="calc-lede">%s</p>' % esc(self.entry.summary or "A torch.nn module.")

    def meta(self):
        e = self.entry
        return "`torch.%s` · family: %s · example: **%s parameters**, %s buffer values" % (
            e.name, layers.family_title(self.catalogue, e).lower(),
            self.answer.get("total_text", "?"), self.answer.get("buffers_text", "?"))

    def weights(self):
        e = self.entry
        if self.result is None:
            return "The example could not be computed: %s" % md_code(self.error)
        fmt_int, fmt_shape = self.calcview.fmt_int, self.calcview.fmt_shape
        out = []
        if not e.has_weights:
            reason = e.weight_free_reason.rstrip(".")
            if reason[1:2].islower():
                reason = reason[0].lower() + reason[1:]  # after a colon
            out.append("%s creates no parameters: %s. Its count is always 0." % (e.name, reason))
        elif not self.result.weights:
            out.append("With the example's arguments this module creates no parameters.")
        else:
            out += ["With the example's arguments, the constructor creates these parameters, in "
                    "the order `m.named_parameters()` lists them:", "",
                    "| Parameter | Shape (symbols) | Shape (example) | requires_grad | Values |",
                    "|---|---|---|---|---:|"]
            for w in self.result.weights:
                out.append("| %s | %s | %s | %s | %s |" % (
                    md_code(w.label), md_code(w.shape_text()), md_code(fmt_shape(w.shape_values())),
                    "True" if w.trainable else "False", fmt_int(w.count)))
        if self.result.buffers:
            out += ["", "And these **buffers**, saved in `state_dict()` but not parameters (no "
                    "gradient reaches them, and no parameter count includes them):", "",
                    "| Buffer | Shape (symbols) | Shape (example) | dtype | Values |",
                    "|---|---|---|---|---:|"]
            for b in self.result.buffers:
                out.append("| %s | %s | %s | %s | %s |" % (
                    md_code(b.label), md_code(b.shape_text()), md_code(fmt_shape(b.shape_values())),
                    md_code(b.dtype) if b.dtype else "the module's", fmt_int(b.count)))
        symbols = self.symbols()
        if symbols:
            out += ["", "Where:", ""]
            out += ["- %s = %s" % (md_code(s), meaning) for s, meaning in symbols]
        return "\n".join(out)

    def uses_input(self):
        return False  # sizes are constructor arguments

    def arguments(self):
        counting = [a for a in self.entry.all_args() if a.counts and self.entry.has_weights]
        never = [a for a in self.entry.all_args() if a not in counting]
        out = []
        if counting:
            out += ["These can change the count:", ""]
            out += ["- %s — %s" % (md_code(a.name), a.help) for a in counting]
            out.append("")
        if never and self.explained_never is not None:
            rest = [md_code(a.name) for a in never if a.name not in self.explained_never]
            if rest:
                out.append("Nor %s, beyond the ones [above](#%s)." % (
                    ", ".join(rest), NEVER_HEADING.lower().replace(" ", "-")))
        elif never:
            out.append("These never change it: %s." % ", ".join(md_code(a.name) for a in never))
        return "\n".join(out).strip() or "No argument changes it: %s never has parameters." % self.entry.name

    def example(self):
        if self.result is None:
            return "calc refuses this example: %s" % md_code(self.error)
        e = self.entry
        cfg = self.catalogue.read_config(e, None, dict(self.example_args()))
        given = [e.arg(n) for n, _ in self.example_args()]
        args = ", ".join("%s=%s" % (a.name, value_source(cfg[a.name]))
                         for a in given if not getattr(a, "not_constructor", False))
        lazy = ", ".join("%s=%s" % (a.name, value_source(cfg[a.name]))
                         for a in given if getattr(a, "not_constructor", False))
        out = ["%s%s:" % (md_code("%s(%s)" % (e.name, args)),
                          ", once its first input has given it %s" % md_code(lazy) if lazy else ""), ""]
        out.append("```text")
        steps = self.result.steps if self.result.weights else ["0"]
        out += ["total = " + s if i == 0 else "      " + s for i, s in enumerate(steps)]
        out += ["```", ""]
        fmt_int = self.calcview.fmt_int
        out.append("**%s parameters**: %s with requires_grad=True, %s without; and %s buffer "
                   "values." % (fmt_int(self.result.total_params), fmt_int(self.result.trainable_params),
                                fmt_int(self.result.non_trainable_params), fmt_int(self.buffer_count())))
        return "\n".join(out)

    def torch_snippet(self):
        """The program that builds the example in PyTorch and prints its counts."""
        return torch_snippet(self.entry.name, self.calcview.default_fields(self.entry))

    def torch(self):
        return check_it_section("PyTorch", "PyTorch", "torch", self.torch_snippet(), self.result,
                                self.buffer_count())

    def pitfalls(self):
        """What every module of this kind gets wrong, as list items (after the writer's)."""
        e = self.entry
        own = self.writers_pitfalls
        points = []
        if self.result is not None and self.result.buffers and "buffers" not in own:
            points.append("`sum(p.numel() for p in m.parameters())` leaves out the buffers "
                          "(%s here), but `state_dict()` saves them, and a checkpoint's size "
                          "counts them." % ", ".join(md_code(b.label) for b in self.result.buffers))
        if any(getattr(a, "not_constructor", False) for a in e.args) and "Lazy" not in own:
            points.append("Until its first call a Lazy module's parameters are "
                          "`UninitializedParameter`s: counting them raises an error. Call the "
                          "module once on an input (as the snippet does), then count.")
        if self.result is not None and self.result.weights and "requires_grad" not in own:
            points.append("`m.requires_grad_(False)` freezes the parameters without removing "
                          "any: the total stays, and they move to the non-trainable count.")
        if not e.has_weights:
            points.append("A module without parameters still appears in `print(model)`, and "
                          "adds nothing to the count.")
        return "\n".join("- " + p for p in points)
