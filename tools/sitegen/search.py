"""What Material's search index leaves out (called from on_page_content in hooks.py).

search/search_index.json is fetched by every page that opens the search box, and about half
of it was the same generated text on each of the layer pages: the "Check it in Keras"
snippet, the worked example's code, the weights table, the calculator's note and the
formula typeset by KaTeX (its MathML, its HTML and its LaTeX: three copies of what the page's
plain-text formula line says once). Those sections' headings get `data-search-exclude`
(Material then drops the whole section) and so does the typeset formula. What people search
for stays: each page's title and summary, how the layer works, why each term is there, which
arguments change the count, what does not, and the pitfalls. The widget's fields and help
are excluded in overrides/partials/calc_widget.html.
"""

import re

# The ids of the generated sections of a layer page (tools/sitegen/layer_page.py's and
# torch_page.py's headings).
GENERATED_SECTIONS = ("the-weight-tensors", "worked-example", "calculator", "check-it-in-keras",
                      "check-it-in-pytorch")
HEADING = re.compile(r'<(h[2-6]) id="(%s)"' % "|".join(GENERATED_SECTIONS))
FORMULA = re.compile(r'<div class="(calc-formula[^"]*)"')  # also "calc-formula calc-factored"


def exclude_generated(html):
    """A layer page's HTML with its generated sections and typeset formulas marked."""
    html = HEADING.sub(lambda m: '<%s id="%s" data-search-exclude' % (m.group(1), m.group(2)), html)
    return FORMULA.sub(lambda m: '<div class="%s" data-search-exclude' % m.group(1), html)
