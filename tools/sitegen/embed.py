"""Embeds and offline support, called from tools/sitegen/hooks.py.

- embed_pages (from on_files): one page per catalogued layer at `embed/<lowercase class>/`
  (a torch.nn class's at `embed/nn.<lowercase class>/`: embed/nn.conv2d/ beside embed/conv2d/),
  the calculator widget alone (overrides/embed.html: no header, navigation or search), with
  the same field names and URL parameters as the layer page, plus `theme`, `fields` and
  `show` (read by web/widget.js); and `embed/summary/`, the Model summary page's app alone.
  They are kept out of the search index, and when the site's address is known (SITE_URL,
  set by the Pages workflow) their canonical URL is the full page's (point_canonical_to_full_page):
  an embed is that page's calculator, so search engines credit the page that explains it.
- copy_scripts (from on_post_build): web/embed.js at the site root, so a course page can load
  `<site>/embed.js` (with the list of embed pages written in), and web/offline.js (registers the service worker) under assets/calc/.
- write_service_worker (the LAST step of on_post_build, after every other rewrite of the
  built files): `sw.js` at the site root, with the runtime's files to precache and a version
  that is a hash of every built file, so any change to the site replaces the old cache.
"""

import hashlib
import json
import os
import shutil
from urllib.parse import urljoin

from mkdocs.structure.files import File

from tools.sitegen import layers, widget
from tools.sitegen.paths import DOCS, WEB

# What the service worker stores on install: everything a layer page needs to start its
# calculator, and Material's script with its search worker and index (every page loads them;
# offline, a missing one is an error on every page), and the two pages a reader starts from:
# the home page and the Model summary. Other pages are stored when visited: all 270 pages are
# 14 MB (1.5 MB gzipped), more than a phone should pay for pages it may never open. Material's
# language packs for search (English is built in) are left out.
PRECACHE_DIRS = ("assets/runtime", "assets/calc", "assets/katex", "assets/stylesheets")
PRECACHE_FILES = ("assets/site.css", "assets/favicon.svg", "search/search_index.json")
# Stored at install too, but served from the network first like every page, so never stale.
PRECACHE_PAGES = ("", "summary/")
PRECACHE_PATTERNS = (("assets/javascripts", "bundle."), ("assets/javascripts/workers", "search."))
# The PyTorch pages' bundle (tools/sitegen/bundle.py) is stored like a page, when one is first
# visited: a reader of Keras pages never downloads it.
PRECACHE_LEFT_OUT = ("assets/calc/torch.bin",)


def embed_markdown(title, description, full_page, body, summary=False, torch=False):
    """The page: front matter for overrides/embed.html (`calc_full_page` is the page it links
    to, relative to the site root), then the pre-rendered body. torch: the calculator is a
    torch.nn class's (the runtime loads the PyTorch catalogue)."""
    return "\n".join([
        "---",
        "title: %s" % json.dumps(title),
        "description: %s" % json.dumps(description),
        "template: embed.html",
        "calc_widget: true",
        "calc_summary: true" if summary else "calc_summary: false",
        "calc_torch: true" if torch else "calc_torch: false",
        "calc_full_page: %s" % full_page,
        "search:",
        "  exclude: true",
        "---",
        "",
        body,
        "",
    ])


SUMMARY_APP = ('<section class="summary-app"', "</section>")


def summary_app_html():
    """The app's markup, as docs/summary.md has it (one copy to maintain)."""
    with open(os.path.join(DOCS, "summary.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.find(SUMMARY_APP[0])
    end = text.find(SUMMARY_APP[1], start)
    if start < 0 or end < 0:
        raise RuntimeError("docs/summary.md has no %s...%s block to embed" % SUMMARY_APP)
    return text[start:end + len(SUMMARY_APP[1])]


def embed_pages(files, config, pages):
    """Add `embed/<embed slug>.md` for every layer page (pages: {name: LayerPage or TorchPage})."""
    for name in pages:
        page = pages[name]
        entry = page.entry
        html = widget.render(entry, page.fields, page.answer)
        torch = layers.is_torch(entry)
        what = "PyTorch torch.%s module" % entry.name if torch else "Keras %s layer" % entry.name
        files.append(File.generated(config, "embed/%s.md" % layers.embed_slug(entry), content=embed_markdown(
            "%s parameter calculator" % entry.name,
            "An embeddable calculator of the parameter count of a %s." % what,
            "%s/%s/" % (layers.section(entry), layers.slug(entry)), html, torch=torch)))
    files.append(File.generated(config, "embed/summary.md", content=embed_markdown(
        "Model summary", "Paste Keras code or a model JSON, or open a .keras file: every layer's "
        "parameter count, the totals and memory, computed in the browser.", "summary/",
        summary_app_html(), summary=True)))
    return files


def point_canonical_to_full_page(page, config):
    """An embed page's `<link rel="canonical">` (written by Material when site_url is set) names
    the full page it embeds, as an absolute URL. Without site_url there is no canonical link:
    a relative one is not valid."""
    full_page = page.meta.get("calc_full_page")
    if full_page and config.get("site_url"):
        page.canonical_url = urljoin(config["site_url"], full_page)


EMBEDS_MARKER = "var EMBEDS = [];  // @embeds"


def copy_scripts(config):
    """embed.js gets the names of the built embed pages, so a misspelt layer is explained on
    the course page instead of mounting a 404 page."""
    site = config["site_dir"]
    embed_dir = os.path.join(site, "embed")
    names = sorted(n for n in os.listdir(embed_dir) if os.path.isdir(os.path.join(embed_dir, n)))
    with open(os.path.join(WEB, "embed.js"), encoding="utf-8") as f:
        source = f.read()
    if EMBEDS_MARKER not in source:
        raise RuntimeError("web/embed.js lacks the line %r" % EMBEDS_MARKER)
    with open(os.path.join(site, "embed.js"), "w", encoding="utf-8") as f:
        f.write(source.replace(EMBEDS_MARKER, "var EMBEDS = %s;" % json.dumps(names)))
    os.makedirs(os.path.join(site, "assets", "calc"), exist_ok=True)
    shutil.copyfile(os.path.join(WEB, "offline.js"), os.path.join(site, "assets", "calc", "offline.js"))


def precache_list(site):
    out = []
    for folder in PRECACHE_DIRS:
        for parent, dirs, names in os.walk(os.path.join(site, folder)):
            dirs.sort()
            for name in sorted(names):
                out.append(os.path.relpath(os.path.join(parent, name), site).replace(os.sep, "/"))
    for folder, prefix in PRECACHE_PATTERNS:
        full = os.path.join(site, folder)
        if os.path.isdir(full):
            out += ["%s/%s" % (folder, n) for n in sorted(os.listdir(full)) if n.startswith(prefix)]
    out += [f for f in PRECACHE_FILES if os.path.exists(os.path.join(site, f))]
    # Source maps and the wasm of the runtime not in use are never fetched by a page.
    return [p for p in out if not p.endswith(".map") and p not in PRECACHE_LEFT_OUT]


# Not hashed: sw.js itself, and the sitemaps, which carry the build date (and gzip's
# timestamp), so that rebuilding an unchanged site does not make every visitor download again.
UNHASHED = ("sw.js", "sitemap.xml", "sitemap.xml.gz")


def site_hash(site):
    """sha256 over every built file's path and bytes."""
    digest = hashlib.sha256()
    for parent, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(parent, name)
            rel = os.path.relpath(full, site).replace(os.sep, "/")
            if rel in UNHASHED:
                continue
            digest.update(rel.encode("utf-8") + b"\0")
            with open(full, "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()[:16]


def write_service_worker(config):
    """Must run last: the version hashes the files exactly as they will be served."""
    site = config["site_dir"]
    with open(os.path.join(WEB, "sw.js"), encoding="utf-8") as f:
        source = f.read()
    pages = [p for p in PRECACHE_PAGES if os.path.exists(os.path.join(site, p, "index.html"))]
    manifest = "const VERSION = %s;\nconst PRECACHE = %s;\nconst PAGES = %s;\n" % (
        json.dumps(site_hash(site)), json.dumps(precache_list(site), indent=0), json.dumps(pages))
    marker = "// @manifest (written by tools/sitegen/embed.py)\n"
    if marker not in source:
        raise RuntimeError("web/sw.js lacks the line %r" % marker.strip())
    with open(os.path.join(site, "sw.js"), "w", encoding="utf-8") as f:
        f.write(source.replace(marker, manifest))
