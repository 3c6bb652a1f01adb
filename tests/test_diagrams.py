"""The hand-designed concept diagrams (docs/assets/diagrams/*.svg, issue #14 item 3) are
inlined into pages, so each must be safe and self-contained there: accessible name and
description, ids prefixed by the file's name (unique when several share a page), no style,
script or external reference, and colours only through the classes of diagrams.css."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

DIR = Path(__file__).resolve().parent.parent / "docs" / "assets" / "diagrams"
SVG = "{http://www.w3.org/2000/svg}"
EXPECTED = {
    "conv-filter-bank", "depthwise-pointwise", "transposed-conv-scatter", "lstm-gates",
    "gru-gates", "attention-heads", "gqa-grouping", "normalization-axes", "einsum-letters",
}
FILES = sorted(DIR.glob("*.svg"))


def local(tag):
    return tag.rsplit("}", 1)[-1]


def defined_classes():
    css = (DIR / "diagrams.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return set(re.findall(r"\.(d-[a-z0-9-]+)", css))


def test_the_nine_diagrams_exist():
    assert EXPECTED <= {f.stem for f in FILES}


def test_css_defines_the_palette_classes():
    classes = defined_classes()
    assert {"d-line", "d-text", "d-muted"} | {f"d-tone-{i}" for i in range(6)} <= classes


@pytest.fixture(params=FILES, ids=[f.stem for f in FILES])
def svg(request):
    path = request.param
    return path, ET.parse(path).getroot()


def test_root_is_an_accessible_svg(svg):
    path, root = svg
    assert root.tag == SVG + "svg"
    assert re.fullmatch(r"\s*-?[\d.]+[\s,]+-?[\d.]+[\s,]+[\d.]+[\s,]+[\d.]+\s*", root.get("viewBox", ""))
    assert root.get("height") is None
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert local(first.tag) == "title" and (first.text or "").strip()
    assert local(second.tag) == "desc" and (second.text or "").strip()
    assert root.get("aria-labelledby", "").split() == [first.get("id"), second.get("id")]


def test_ids_are_prefixed_by_the_file_name(svg):
    path, root = svg
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    assert ids, "title and desc need ids"
    assert len(ids) == len(set(ids))
    for i in ids:
        assert i.startswith(path.stem + "-"), i


def test_nothing_that_does_not_belong_inline(svg):
    path, root = svg
    for el in root.iter():
        assert local(el.tag) not in {"style", "script", "foreignObject", "image", "iframe"}, el.tag
        for name, value in el.attrib.items():
            name = local(name)
            assert not name.lower().startswith("on"), (el.tag, name)
            if name == "href":
                assert value.startswith("#"), value
            if name in {"fill", "stroke", "color", "stop-color", "flood-color", "style"}:
                assert name in {"fill", "stroke"} and value == "none", (el.tag, name, value)
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value), value


def test_every_class_is_defined_in_the_stylesheet(svg):
    path, root = svg
    classes = defined_classes()
    used = {c for el in root.iter() for c in el.get("class", "").split()}
    assert used <= classes, used - classes


def test_small(svg):
    path, root = svg
    assert path.stat().st_size < 12_500
    assert "inkscape" not in path.read_text().lower() and "sodipodi" not in path.read_text().lower()


def test_every_diagram_is_inlined_on_its_pages(built_site):
    """<!-- calc:diagram NAME --> puts the SVG itself in the page (so the palette's colours
    reach it), with its title; every diagram is on at least one page."""
    used = set()
    for page in Path(built_site, "layers").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for name in re.findall(r'<figure class="calc-diagram"><svg[^>]*aria-labelledby="([a-z0-9-]+)-title', html):
            assert 'id="%s-title"' % name in html
            used.add(name)
    assert used == {f.stem for f in FILES}


def test_an_unknown_diagram_fails_the_build():
    from tools.sitegen.shortcodes import ShortcodeError, diagram
    with pytest.raises(ShortcodeError, match="no diagram 'lstm-gate'.*lstm-gates"):
        diagram("lstm-gate")
    with pytest.raises(ShortcodeError):
        diagram("../../mkdocs")
