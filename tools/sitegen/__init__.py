"""The site's build code, one module per job. MkDocs runs hooks.py (mkdocs.yml `hooks:`);
the rest is called from there:

- layers.py      the catalogue as the site sees it: import calc, slugs, families, nav, the
                 two indexes (Keras and PyTorch)
- layer_page.py  what each generated part of a layer page says, and the page layout
- torch_page.py  the same for a PyTorch page (pytorch/<lowercase class>/)
- shortcodes.py  expands <!-- calc:... --> in every page (an unknown one fails the build)
- widget.py      the calculator's HTML, from overrides/partials/calc_widget.html
- katex.py       formulas typeset at build time
- runtime.py     which Python runs in the browser (CALC_RUNTIME)
- bundle.py      calc and the runtime's files copied into the built site
- embed.py       embed pages, embed.js and the service worker
- csp.py         the Content-Security-Policy of every page
- perf.py        the Performance page, from bench/results.json
- paths.py       where the project's folders are
"""
