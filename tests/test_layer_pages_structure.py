"""Every layer page's Markdown (docs/layers/<slug>.md, or the template for a layer without
one) has the layout of tools/sitegen/layer_page.py: the title first, then the lede and the
meta line, then the required sections in order, each holding its generated part. Writers
may add sections of their own anywhere after the meta line. Every PyTorch page's
(docs/pytorch/) has the layout of tools/sitegen/torch_page.py in the same way."""

import os
import re

import pytest

import calc
from calc.catalogue import TORCH_LAYERS
from tools.sitegen.layer_page import HEADER, SECTIONS, TEMPLATE, drop_empty_twin, sections_for, source_path
from tools.sitegen.torch_page import TORCH_SECTIONS, TORCH_TEMPLATE

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def outline(text):
    """[(level, heading text or shortcode name)] in page order, outside code blocks."""
    items = []
    fenced = False
    for line in text.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            heading = re.match(r"(#{1,6}) (.*)", line)
            shortcode = re.fullmatch(r"\s*<!--\s*calc:(\w+)\s*-->\s*", line)
            if heading:
                items.append((len(heading.group(1)), heading.group(2).strip()))
            elif shortcode:
                items.append((0, shortcode.group(1)))
    return items


def layout_problems(text, name, sections_wanted=SECTIONS):
    items = outline(text)
    if not items or items[0][0] != 1 or items[0][1] not in (name, "<!-- calc:name -->"):
        return ["the page must start with its title, '# %s'" % name]
    sections = [i for i, (level, _) in enumerate(items) if level == 2]
    header = [item for level, item in items[1:sections[0] if sections else None] if level == 0]
    problems = []
    if [part for part in header if part in HEADER] != list(HEADER):
        problems.append("before the first '##' section: %s, in that order" % ", ".join(
            "<!-- calc:%s -->" % part for part in HEADER))
    titles = [items[i][1] for i in sections]
    required = [title for title, _ in sections_wanted]
    if [t for t in titles if t in required] != required:
        problems.append("the sections %s, each once, in this order (found: %s)" % (
            ", ".join("'## %s'" % t for t in required), ", ".join(titles)))
        return problems
    for title, part in sections_wanted:
        start = sections[titles.index(title)]
        end = next((i for i in sections if i > start), len(items))
        if (0, part) not in items[start:end]:
            problems.append("'## %s' must hold <!-- calc:%s -->" % (title, part))
    return problems


@pytest.mark.parametrize("entry", list(calc.LAYERS) + list(TORCH_LAYERS), ids=lambda e: e.name)
def test_layer_page_has_the_layout(entry):
    path = source_path(entry)
    with open(path, encoding="utf-8") as f:
        text = drop_empty_twin(entry, f.read())  # as the build reads it
    sections = sections_for(entry, TORCH_SECTIONS if entry.framework == "torch" else SECTIONS)
    problems = layout_problems(text, entry.name, sections)
    assert problems == [], "%s (the %s page): %s" % (
        os.path.relpath(path, ROOT), entry.name, "; ".join(problems))


def test_the_check_finds_a_section_out_of_order():
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    assert layout_problems(template, "Dense") == []
    calculator = "## Calculator\n\n<!-- calc:widget -->\n\n"
    moved = template.replace(calculator, "").replace("## Pitfalls", calculator + "## Pitfalls")
    assert moved != template and layout_problems(moved, "Dense") != []
    assert layout_problems(template.replace("<!-- calc:keras -->", ""), "Dense") == [
        "'## Check it in Keras' must hold <!-- calc:keras -->"]
    own_section = template.replace("<!-- calc:meta -->", "<!-- calc:meta -->\n\n## How it works\n\nText.")
    assert layout_problems(own_section.replace("# <!-- calc:name -->", "# Dense"), "Dense") == []
    assert layout_problems(own_section.replace("<!-- calc:lede -->", ""), "Dense") != []
    assert layout_problems("## Pitfalls\n", "Dense") == ["the page must start with its title, '# Dense'"]


def test_the_pytorch_layout_is_the_keras_one_with_its_own_check():
    with open(TORCH_TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    assert layout_problems(template, "nn.Linear", TORCH_SECTIONS) == []
    keras_order = [t for t, _ in SECTIONS if t not in ("Check it in Keras", "Compared with PyTorch")]
    assert [t for t, _ in TORCH_SECTIONS if t in keras_order] == keras_order
    assert layout_problems(template.replace("<!-- calc:twin -->", ""), "nn.Linear", TORCH_SECTIONS) == [
        "'## Compared with Keras' must hold <!-- calc:twin -->"]
    assert layout_problems(template, "nn.Linear") != []  # no "Check it in Keras"
