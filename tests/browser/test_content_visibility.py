"""docs/assets/site.css gives the blocks of a page's article `content-visibility: auto`, so
that the browser styles and lays out only what is near the screen (issue #13). Once a block
is shown it has the layout, style and paint containment that implies, and containment stops
a child's margin from collapsing through its parent: a block whose first or last child has
a margin would grow, and everything under it move. These tests show every kind of page
laid out exactly as without the rule, and #anchors still landing on their heading."""

import pytest

# A Keras and a PyTorch layer page (formulas, diagram, tables, code, snippet), the tutorial
# and the teachers' page (code blocks), the glossary and the conventions (definition lists),
# the comparison page (the long twin table), the summary page, an embed (left out by the
# rule: nothing may move there either), home.
PAGES = ("layers/conv2d/", "layers/multiheadattention/", "pytorch/conv2d/", "tutorial/", "teachers/",
         "glossary/", "conventions/", "keras-vs-pytorch/", "summary/", "embed/conv2d/", "")

# Every element of the content, with where it is drawn: once with each block that has the
# rule shown with the containment it then has, once with no containment at all.
LAYOUT = """() => {
  const blocks = [...document.querySelectorAll('.md-content *')]
    .filter(e => getComputedStyle(e).contentVisibility === 'auto');
  const rects = () => [...document.querySelectorAll('.md-content *')].map(e => {
    const r = e.getBoundingClientRect();
    return [e.tagName + '.' + (e.getAttribute('class') || '') + '#' + e.id,
            Math.round(r.top + scrollY), Math.round(r.left), Math.round(r.width), Math.round(r.height)];
  });
  blocks.forEach(e => { e.style.contentVisibility = 'visible'; e.style.contain = 'layout style paint'; });
  const contained = rects();
  blocks.forEach(e => { e.style.contain = 'none'; });
  const plain = rects();
  const moved = contained.map((r, i) => [r, plain[i]]).filter(([a, b]) => a.join() !== b.join());
  return {blocks: blocks.length, moved: moved.slice(0, 3)};
}"""


@pytest.mark.parametrize("width", (390, 1280))
def test_containment_moves_nothing(width, site_url, browser):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        for path in PAGES:
            # The widgets' answers and the summary are already in the HTML: nothing the
            # scripts write later changes the layout compared here (both passes are one task).
            page.goto(site_url + path, wait_until="load")
            found = page.evaluate(LAYOUT)
            print(width, path or "home", found["blocks"], "blocks")
            assert found["moved"] == [], "%s at %dpx: containment moves %s" % (path or "home", width, found["moved"])
            if path.startswith("layers/"):
                assert found["blocks"] >= 20, "the rule no longer reaches the blocks of %s" % path
    finally:
        context.close()


def test_anchor_lands_on_its_heading(site_url, browser):
    """A link to a section far down a layer page (past blocks the browser has not laid out
    yet) scrolls to that heading, just under the header."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + "layers/conv2d/#pitfalls", wait_until="load")
        page.wait_for_timeout(500)
        top = page.evaluate("() => document.getElementById('pitfalls').getBoundingClientRect().top")
        assert 0 <= top <= 120, "#pitfalls is drawn at %dpx, not at the top of the screen" % top
    finally:
        context.close()
