"""MkDocs hooks (mkdocs.yml `hooks:`): the site's build events, each handing its work to
the module that does it (see tools/sitegen/__init__.py).

- on_config: imports calc, adds one nav entry per catalogued layer, grouped by family, and
  tells overrides/main.html which runtime to load;
- on_files: the layer pages, their index, the Performance page and the embeds;
- on_page_markdown: expands the <!-- calc:... --> shortcodes of every page;
- on_post_build: the browser's files, the Content-Security-Policy, then the service worker.
"""

import os
import sys

from mkdocs.structure.files import File

# MkDocs loads this file by path, not as part of the package: the project root goes on the
# path so that `tools.sitegen` (and calc, through it) can be imported.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tools.sitegen import bundle, csp, embed, katex, layers, perf  # noqa: E402
from tools.sitegen.layer_page import LayerPage  # noqa: E402
from tools.sitegen.paths import ROOT  # noqa: E402
from tools.sitegen.runtime import RUNTIMES, runtime  # noqa: E402
from tools.sitegen.shortcodes import expand  # noqa: E402

STATE = {}


def on_config(config):
    catalogue, calcview = layers.load_catalogue()
    STATE["catalogue"] = catalogue
    STATE["calcview"] = calcview
    config["nav"] = list(config["nav"] or []) + [layers.nav(catalogue)]
    config["extra"]["calc_runtime"] = RUNTIMES[runtime()]  # read by overrides/main.html
    for folder in ("calc", "web", "docs/prose"):
        path = os.path.join(ROOT, folder)
        if os.path.isdir(path) and path not in config["watch"]:
            config["watch"].append(path)
    return config


def on_files(files, config):
    catalogue, calcview = STATE["catalogue"], STATE["calcview"]
    pages = {entry.name: LayerPage(entry, catalogue, calcview) for entry in catalogue.LAYERS}
    typeset = katex.render_latex([pages[e.name].formula_latex for e in catalogue.LAYERS])
    for entry, html_math in zip(catalogue.LAYERS, typeset):
        page = pages[entry.name]
        page.formula_html = html_math
        files.append(File.generated(config, "layers/%s.md" % layers.slug(entry), content=page.markdown()))
    files.append(File.generated(config, "layers/index.md", content=layers.index_markdown(catalogue, pages)))
    files.append(File.generated(config, "performance.md", content=perf.page_markdown(perf.load())))
    return embed.embed_pages(files, config, pages)


def on_page_markdown(markdown, page, config, files):
    return expand(markdown, page, STATE["catalogue"], STATE["calcview"])


def on_post_build(config):
    bundle.copy_runtime(config["site_dir"])
    embed.copy_scripts(config)
    csp.apply(config["site_dir"])  # after every page is written, before the service worker
    # Keep this the last step: the service worker's version hashes the finished files.
    embed.write_service_worker(config)
