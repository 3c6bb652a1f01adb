"""MkDocs hooks (mkdocs.yml `hooks:`): the site's build events, each handing its work to
the module that does it (see tools/sitegen/__init__.py).

- on_config: imports calc, adds one nav entry per catalogued class, under "Keras layers" and
  "PyTorch layers", grouped by family, and tells overrides/main.html which runtime to load;
- on_files: a page for every Keras layer without its own docs/layers/<slug>.md, made from
  docs/layers/_template.md, and for every torch.nn class without its docs/pytorch/<slug>.md,
  made from docs/pytorch/_template.md; the two indexes, the Performance page and the embeds;
- on_page_markdown: expands the <!-- calc:... --> shortcodes of every page, and points an
  embed's canonical URL at its full page;
- on_page_content: keeps a layer page's generated sections out of the search index, and
  fills the Model summary (page and embed) with its first example's results;
- on_post_build: the browser's files, the Content-Security-Policy, then the service worker.
"""

import json
import os
import sys

from mkdocs.structure.files import File

# MkDocs loads this file by path, not as part of the package: the project root goes on the
# path so that `tools.sitegen` (and calc, through it) can be imported.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tools.sitegen import bundle, csp, embed, katex, layers, perf, search, summary_page  # noqa: E402
from tools.sitegen.layer_page import LayerPage, check_written_pages, drop_empty_twin, source_path  # noqa: E402
from tools.sitegen.paths import ROOT  # noqa: E402
from tools.sitegen.runtime import RUNTIMES, runtime  # noqa: E402
from tools.sitegen import shortcodes  # noqa: E402
from tools.sitegen.shortcodes import expand_page  # noqa: E402
from tools.sitegen.torch_page import TorchPage  # noqa: E402
from tools.sitegen.twin_page import formulas_latex  # noqa: E402

STATE = {}


def on_config(config):
    # A second on_config in one process is `mkdocs serve` rebuilding after an edit: calc
    # is imported afresh then, so the edited entries are the ones counted.
    catalogue, calcview = layers.load_catalogue(fresh="catalogue" in STATE)
    STATE["catalogue"] = catalogue
    STATE["calcview"] = calcview
    config["nav"] = list(config["nav"] or []) + layers.nav(catalogue)
    config["extra"]["calc_runtime"] = RUNTIMES[runtime()]  # read by overrides/main.html
    for folder in ("calc", "web"):
        path = os.path.join(ROOT, folder)
        if os.path.isdir(path) and path not in config["watch"]:
            config["watch"].append(path)
    return config


def on_files(files, config):
    catalogue, calcview = STATE["catalogue"], STATE["calcview"]
    entries = list(catalogue.LAYERS) + list(catalogue.TORCH_LAYERS)
    pages = {}
    for entry in entries:
        page_class = TorchPage if layers.is_torch(entry) else LayerPage
        pages[entry.name] = page_class(entry, catalogue, calcview)
    typeset = katex.render_latex([pages[e.name].formula_latex for e in entries])
    STATE["layer_pages"] = {}  # by the page's path, for on_page_markdown
    for entry, html_math in zip(entries, typeset):
        pages[entry.name].formula_html = html_math
        uri = layers.page_uri(entry)
        STATE["layer_pages"][uri] = pages[entry.name]
        written = files.get_file_from_path(uri)
        if written is None:  # no docs/<section>/<slug>.md yet: the page is made from the template
            files.append(File.generated(config, uri, abs_src_path=source_path(entry)))
        else:  # moved to the end: every layer page in catalogue order (search index, sitemap)
            files.remove(written)
            files.append(written)
    check_written_pages(files, STATE["layer_pages"])
    # The prose formulas (calc:math) of every page, typeset in one KaTeX run.
    latex = set(tex for f in files.documentation_pages() for tex in shortcodes.math_in(f.content_string))
    latex |= set(p.factored_latex() for p in pages.values() if p.factored_latex())
    latex |= set(formulas_latex())  # the comparison page's (<!-- calc:twins -->)
    latex = sorted(latex)
    shortcodes.MATH.clear()
    shortcodes.MATH.update(zip(latex, katex.render_latex(latex) if latex else []))
    for uri, markdown in layers.index_pages(catalogue, pages).items():
        files.append(File.generated(config, uri, content=markdown))
    files.append(File.generated(config, "performance.md", content=perf.page_markdown(perf.load())))
    return embed.embed_pages(files, config, pages)


def on_page_markdown(markdown, page, config, files):
    embed.point_canonical_to_full_page(page, config)
    layer_page = STATE["layer_pages"].get(page.file.src_uri)  # None: not a layer page
    if layer_page is not None:
        layer_page.fill_meta(page.meta)
        markdown = drop_empty_twin(layer_page.entry, markdown)
    return expand_page(markdown, page, layer_page, STATE["catalogue"], STATE["calcview"])


def on_page_content(html, page, config, files):
    if page.file.src_uri in STATE["layer_pages"]:
        return search.exclude_generated(html)
    if 'id="summary-results"' in html:
        from web import summaryview
        return summary_page.prerender(html, page.url.count("/"),
                                      lambda text: json.loads(summaryview.summarize_text_json(text)))
    return html


def on_post_build(config):
    bundle.copy_runtime(config["site_dir"])
    embed.copy_scripts(config)
    csp.apply(config["site_dir"])  # after every page is written, before the service worker
    # Keep this the last step: the service worker's version hashes the finished files.
    embed.write_service_worker(config)
