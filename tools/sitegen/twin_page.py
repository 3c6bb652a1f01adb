"""Keras and PyTorch side by side, from calc/twins.py: the "Compared with PyTorch" section of
a Keras page and the "Compared with Keras" section of a PyTorch page (`<!-- calc:twin -->`),
and the table of every pair on the comparison page (`<!-- calc:twins -->`,
docs/keras-vs-pytorch.md). Every count is computed by calc for the page's example; the
explanation is the pair's one text in calc/twins.py."""

import html

from calc import twins
from calc.catalogue import find
from calc.text import fmt_int
from tools.sitegen import layers

COMPARISON_PAGE = "keras-vs-pytorch.md"


def page_twin(entry):
    """The Twin a page shows a section for, or None (every class in calc/twins.py's table is
    catalogued: tests/test_twins.py)."""
    return twins.twin_of(entry.name)


def link(name, from_folder):
    """A Markdown link to a class's page, from a page in `from_folder` (layers, pytorch, or
    "" for the site's top)."""
    entry = find(name)
    prefix = "../" if from_folder else ""
    return "[%s](%s%s)" % (name, prefix, layers.page_uri(entry))


def code(text):
    return "``%s``" % text if "`" in text else "`%s`" % text


def counts_table(first, second):
    """The two Sides' counts in one table, the first's column first."""
    def title(side):
        framework = "Keras" if side.framework == "keras" else "PyTorch"
        return "%s: %s" % (framework, code(side.code))

    def buffers(side):
        return fmt_int(side.buffers) if side.framework == "torch" else "— (no buffers in Keras)"

    rows = [("Parameters (total)", fmt_int(first.total), fmt_int(second.total)),
            ("Trainable", fmt_int(first.trainable), fmt_int(second.trainable)),
            ("Non-trainable", fmt_int(first.non_trainable), fmt_int(second.non_trainable)),
            ("Buffer values", buffers(first), buffers(second))]
    out = ["| Count | %s | %s |" % (title(first), title(second)), "|---|---:|---:|"]
    out += ["| %s | %s | %s |" % row for row in rows]
    return out


def where(side):
    return " on input shape %s" % code(side.shape_text) if side.shape_text else ""


def section(page):
    """The page's twin section (a LayerPage or TorchPage): "" when the class has none."""
    entry = page.entry
    twin = page_twin(entry)
    if twin is None:
        return ""
    here = layers.section(entry)
    if entry.framework == "keras":
        other = " or ".join(link(n, here) for n in twin.torch)
    else:
        other = link(twin.keras, here)
    framework = "PyTorch" if entry.framework == "keras" else "Keras"
    comparison = twins.compare(entry.name, dict(page.example_args()),
                               page.fields.get("input_shape") or None)
    mine = comparison.side
    out = []
    if comparison.other is None:
        out += ["%s's %s twin is %s, but this page's example, %s%s, has no faithful "
                "equivalent there: %s." % (entry.name, framework, other, code(mine.code),
                                           where(mine), comparison.reason), ""]
    else:
        theirs = comparison.other
        out += ["%s's %s twin is %s. This page's example, %s%s, is %s%s in %s:" % (
            entry.name, framework, other, code(mine.code), where(mine), code(theirs.code),
            where(theirs), framework), ""]
        out += counts_table(mine, theirs)
        out.append("")
    out.append(twin.why)
    out += [""] + ["- " + n for n in comparison.notes] + ([""] if comparison.notes else [])
    out.append("Every pair, with its formula in each framework: [Keras and PyTorch side by "
               "side](../%s)." % COMPARISON_PAGE)
    return "\n".join(out)


def pair_examples():
    """[(twin, Comparison)] for the comparison page: each pair's Keras example (the Keras
    page's) translated."""
    from web import calcview

    out = []
    for twin in twins.TWINS:
        entry = find(twin.keras)
        fields = calcview.default_fields(entry)
        out.append((twin, twins.compare(entry.name, dict(entry.example_args()),
                                        fields.get("input_shape") or None)))
    return out


def formulas_latex():
    """The LaTeX of every formula the comparison table shows (the build typesets them with
    the pages' calc:math, hooks.on_files)."""
    latex = []
    for twin, comparison in pair_examples():
        if not isinstance(twin, twins.WeightFreeTwin):
            for side in (comparison.side, comparison.other):
                if side is not None:
                    latex.append(side_latex(side))
    return latex


def side_latex(side):
    return " + ".join(r.formula_latex for r in side.results)


def formula_html(side, math):
    """The side's formula typeset; focusable, as a long one scrolls sideways."""
    text = "total = " + " + ".join(r.formula for r in side.results)
    return ('<div class="calc-formula calc-math" role="math" tabindex="0" aria-label="%s">%s</div>'
            % (html.escape(text, quote=True), math[side_latex(side)]))


def twins_table(math):
    """The comparison page's list of pairs: per pair, both classes, the formula of the Keras
    page's example in each framework (typeset: `math` maps LaTeX to KaTeX's HTML), the
    counts side by side and the explanation."""
    out = []
    weight_free = []
    for twin, comparison in pair_examples():
        if isinstance(twin, twins.WeightFreeTwin):
            weight_free.append(twin)
            continue
        torch_links = ", ".join(link(n, "") for n in twin.torch)
        out += ["### %s and %s" % (twin.keras, ", ".join(twin.torch)), "",
                "Keras %s · PyTorch %s" % (link(twin.keras, ""), torch_links), ""]
        mine, theirs = comparison.side, comparison.other
        out.append("Keras, %s%s:" % (code(mine.code), where(mine)))
        out += ["", formula_html(mine, math), ""]
        if theirs is None:
            out += ["No faithful PyTorch equivalent: %s." % comparison.reason, ""]
        else:
            out.append("PyTorch, %s%s:" % (code(theirs.code), where(theirs)))
            out += ["", formula_html(theirs, math), ""]
            out += counts_table(mine, theirs) + [""]
        out += [twin.why, ""]
    if weight_free:
        out += ["### Without weights", "", "These pairs have no parameters and no buffers in "
                "either framework, whatever their arguments.", "", "| Keras | PyTorch |", "|---|---|"]
        out += ["| %s | %s |" % (link(t.keras, ""), ", ".join(
            link(n, "") for n in t.torch)) for t in weight_free]
        out.append("")
    return "\n".join(out)
