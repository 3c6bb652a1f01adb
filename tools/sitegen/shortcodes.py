"""Shortcodes: the parts of a page computed from the catalogue, written in its Markdown as
HTML comments, `<!-- calc:NAME ... -->`, and expanded before MkDocs renders the page.
docs/layers/README.md is the writers' guide to them.

On a layer page (layers/<slug>.md) the generated parts of that layer, each alone on its
line: `lede`, `meta`, `weights`, `formula`, `terms`, `arguments`, `example`, `widget`,
`keras`, `pitfalls` (tools/sitegen/layer_page.py writes them); on a PyTorch page
(pytorch/<slug>.md) the same with `torch` in place of `keras` and `terms`
(tools/sitegen/torch_page.py). `twin`, on both, is the "Compared with PyTorch" / "Compared
with Keras" section (tools/sitegen/twin_page.py).

On any page, a configuration (a layer, then fields as in the calculator's URL, starting from
the layer's example; on a layer page the layer may be left out):

- `<!-- calc:widget Conv2D filters=32 strides=2,2 -->` (or `nn.LSTM hidden_size=128`), alone
  on its line: a calculator
  for it, pre-rendered, its state kept out of the address bar (data-url="off");
- inline, inside a sentence: `calc:count` its count ("1,792"), `calc:sum` the same worked
  out ("3·3·3·64 + 64 = 1,792"), `calc:shape` its output shape ("(None, 30, 30, 64)").
  `of=` picks the part: `trainable`, `non_trainable`, `buffers` (a torch.nn module's buffer
  values) or a weight (`of=kernel`) for counts
  and sums (default the total), a weight for shapes (default the output);
- `<!-- calc:name -->`: the page's layer name;
- `<!-- calc:twins -->`, alone on its line: every Keras/PyTorch pair of calc/twins.py with
  both formulas and counts (the comparison page, docs/keras-vs-pytorch.md);
- `<!-- calc:math LATEX -->`, alone on its line: LATEX typeset by KaTeX at build time, as
  the formulas are (hooks.py typesets every page's at once, into MATH).

Anything else written `<!-- calc... -->` fails the build, naming the file and the line.
"""

import os
import re

from mkdocs.exceptions import PluginError

from tools.sitegen import twin_page, widget
from tools.sitegen.layer_page import PARTS
from tools.sitegen.torch_page import TORCH_PARTS
from tools.sitegen.paths import ROOT

SHORTCODE = re.compile(r"<!--\s*(calc\b\S*)(.*?)-->")
MATH_CODE = re.compile(r"<!--\s*calc:math\s(.*?)-->")
# LaTeX of every calc:math shortcode -> its HTML, filled by the build (hooks.on_files,
# with math_in()) before any page is expanded: one KaTeX run for the whole site.
MATH = {}


def math_in(markdown):
    """The LaTeX of the calc:math shortcodes in a page's Markdown."""
    return [m.group(1).strip() for m in MATH_CODE.finditer(markdown)]
# The generated parts of either kind of page (each page says which are its own: PARTS).
PAGE_PARTS = PARTS + tuple(p for p in TORCH_PARTS if p not in PARTS)
CONFIGURED = ("count", "sum", "shape")  # inline, computed from a configuration
COUNT_PARTS = ("total", "trainable", "non_trainable", "buffers")


class ShortcodeError(Exception):
    """A mistake in one shortcode; expand_page adds the file and line."""


def expand_page(markdown, page, layer_page, catalogue, calcview):
    """The page's Markdown with every shortcode expanded (layer_page: the LayerPage of a
    layer page, else None). Sets page.meta["calc_widget"] when the page shows a calculator,
    so that overrides/main.html loads the runtime, and page.meta["calc_torch"] when one of
    them is a torch.nn class's (the runtime then loads the bundle with the PyTorch catalogue)."""
    if layer_page is not None:
        layer_page.read_writers_text(markdown)
    expander = Expander(layer_page, catalogue, calcview)
    first_line = _first_line(markdown, page)
    out = []
    for number, line in enumerate(markdown.split("\n"), first_line):
        try:
            out.append(expander.line(line))
        except ShortcodeError as e:
            raise PluginError("%s:%d: %s" % (_source_name(page), number, e) + _made_from(page))
    if expander.widgets or expander.math:
        page.meta["calc_widget"] = True
    if expander.torch_widgets:
        page.meta["calc_torch"] = True
    return "\n".join(out)


DIAGRAMS = os.path.join(ROOT, "docs", "assets", "diagrams")


def diagram(name):
    """A concept diagram of docs/assets/diagrams/, inlined so that the page's colours (and
    dark palette) apply to it, on one line: a blank line would end Markdown's HTML block."""
    if not re.match(r"^[a-z0-9-]+$", name) or not os.path.exists(os.path.join(DIAGRAMS, name + ".svg")):
        known = sorted(n[:-4] for n in os.listdir(DIAGRAMS) if n.endswith(".svg"))
        raise ShortcodeError("no diagram %r in docs/assets/diagrams (known: %s)" % (name, ", ".join(known)))
    with open(os.path.join(DIAGRAMS, name + ".svg"), encoding="utf-8") as f:
        svg = " ".join(f.read().split())
    return '<figure class="calc-diagram">%s</figure>' % svg


class Expander:
    def __init__(self, layer_page, catalogue, calcview):
        self.layer_page = layer_page
        self.catalogue = catalogue
        self.calcview = calcview
        self.widgets = 0  # numbers the page's calculators: their ids must differ
        self.torch_widgets = 0
        self.math = False  # a calc:math shortcode: the page needs KaTeX's stylesheet

    def line(self, line):
        matches = list(SHORTCODE.finditer(line))
        for match in reversed(matches):  # from the right, so earlier positions stay valid
            text = self.one(match, alone=line.strip() == match.group(0).strip())
            line = line[:match.start()] + text + line[match.end():]
        return line

    def one(self, match, alone):
        code, words = match.group(1), match.group(2).split()
        name = code[len("calc:"):] if code.startswith("calc:") else None
        if (name in PAGE_PARTS or name == "widget") and not alone:
            raise ShortcodeError("%s must be alone on its line" % match.group(0).strip())
        if name == "widget" and words:  # another layer's calculator, or this one's configured
            entry, fields, part = self.configuration(words, parts=False)
            answer = self.calcview.evaluate(entry.name, fields)
            if not answer.get("ok"):
                raise ShortcodeError("calc:widget %s: %s" % (entry.name, answer.get("error")))
            self.count_widget(entry)
            return widget.render(entry, fields, answer, index=self.widgets, url_state=False)
        if name == "widget":
            self.count_widget(self.page().entry)
            return self.page().widget(index=self.widgets)
        if name in PAGE_PARTS and not words:
            if name not in self.page().PARTS:
                raise ShortcodeError("calc:%s is not a part of %s's page (its parts: %s)" % (
                    name, self.page().entry.name, ", ".join(self.page().PARTS)))
            return getattr(self.page(), name)()
        if name == "math":
            if not alone:
                raise ShortcodeError("calc:math must be alone on its line")
            latex = match.group(2).strip()
            if latex not in MATH:
                raise ShortcodeError("calc:math %s was not typeset (the build typesets the "
                                     "shortcodes of docs/ pages)" % latex)
            self.math = True
            return '<div class="calc-formula calc-math">%s</div>' % MATH[latex]
        if name == "diagram":
            if not alone or len(words) != 1:
                raise ShortcodeError("calc:diagram takes one name and stands alone on its line")
            return diagram(words[0])
        if name in CONFIGURED:
            entry, fields, part = self.configuration(words)
            return self.value(name, entry, fields, part)
        if name == "name" and not words:
            return self.page().entry.name
        if name == "twins":
            if not alone or words:
                raise ShortcodeError("calc:twins takes no arguments and stands alone on its line")
            self.math = True
            return twin_page.twins_table(MATH)
        raise ShortcodeError("unknown shortcode %s; known: %s" % (
            match.group(0).strip(), ", ".join(
                "calc:" + n for n in PAGE_PARTS + ("name", "math", "diagram", "twins") + CONFIGURED)))

    def count_widget(self, entry):
        self.widgets += 1
        if entry.framework == "torch":
            self.torch_widgets += 1

    def page(self):
        if self.layer_page is None:
            raise ShortcodeError("this shortcode shows the page's own layer, and this is not "
                                 "a layer page (layers/<slug>.md or pytorch/<slug>.md)")
        return self.layer_page

    def configuration(self, words, parts=True):
        """(entry, fields, of) from `[Layer] [field=value ...] [of=part]`: the fields start
        from the layer's example, like the calculator's."""
        if words and "=" not in words[0]:
            try:
                entry = self.catalogue.find(words[0])
            except ValueError as e:
                raise ShortcodeError(str(e))
            words = words[1:]
        else:
            entry = self.page().entry
        fields = self.calcview.default_fields(entry)
        part = None
        for word in words:
            key, equals, value = word.partition("=")
            if key == "of" and parts:
                part = value
            elif equals and key in fields:
                fields[key] = value
            else:
                raise ShortcodeError("%s has no field %r (fields: %s)" % (
                    entry.name, key, ", ".join(sorted(fields))))
        return entry, fields, part

    def value(self, name, entry, fields, part):
        args = dict((k, v) for k, v in fields.items() if k != "input_shape")
        try:
            result = self.catalogue.compute(entry, args, input_shape=fields.get("input_shape") or None)
        except ValueError as e:
            raise ShortcodeError("calc:%s %s: %s" % (name, entry.name, e))
        weights = {w.label: w for w in result.weights}
        if name == "shape":
            if part is None or part == "output":
                return self.calcview.fmt_shape(result.output_shape)
            return self.calcview.fmt_shape(self.weight(entry, weights, part).shape_values())
        if part == "buffers":
            chosen = result.buffers
        elif part is None or part in COUNT_PARTS:
            chosen = [w for w in result.weights
                      if part in (None, "total") or w.trainable == (part == "trainable")]
        else:
            chosen = [self.weight(entry, weights, part)]
        count = self.calcview.fmt_int(sum(w.count for w in chosen))
        if name == "count":
            return count
        if len(chosen) == 1 and len(chosen[0].shape) <= 1:
            return count  # nothing to work out
        # Each weight as the product of its shape, leaving out literal 1 axes as the formula
        # does (a pointwise kernel's 1x1 window): "25·64", not "1·1·25·64".
        products = ["·".join(str(d.value) for d in w.shape if d.text != "1") or "1" for w in chosen]
        return "%s = %s" % (" + ".join(products) or "0", count)

    def weight(self, entry, weights, label):
        if label not in weights:
            raise ShortcodeError("of=%s: %s has no such weight here (its weights: %s; or one of %s)"
                                 % (label, entry.name, ", ".join(weights) or "none",
                                    ", ".join(COUNT_PARTS)))
        return weights[label]


def _first_line(markdown, page):
    """The line number in the source file of the Markdown's first line: MkDocs has taken
    the front matter (and the blank lines after it) off."""
    source = page.file.content_string
    if source.endswith(markdown):
        return source[:len(source) - len(markdown)].count("\n") + 1
    return 1


def _source_name(page):
    """The file to name in an error (the template, for a page made from it)."""
    if page.file.abs_src_path is None:
        return page.file.src_uri
    return os.path.relpath(page.file.abs_src_path, ROOT).replace(os.sep, "/")


def _made_from(page):
    if page.file.abs_src_path is None or _source_name(page).endswith("/" + page.file.src_uri):
        return ""
    return " (in the page %s, made from it)" % page.file.src_uri
