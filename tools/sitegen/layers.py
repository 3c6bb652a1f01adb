"""The catalogue as the site sees it: calc imported (with calcview, the widget's view, which
the build runs in CPython to pre-render every answer), one slug per layer, the families that
group the navigation, and the generated index page `layers/`."""

import json
import sys

WEIGHT_FREE_TITLE = "Weight-free layers"


def load_catalogue(fresh=False):
    """(calc.catalogue, web.calcview): the one place the site build imports calcview.
    fresh=True imports calc and web anew (`mkdocs serve` rebuilding after an edit). Only
    then: modules that imported calc before in the same process (the tests) would keep
    the old classes while every new import saw new ones."""
    if fresh:
        for name in list(sys.modules):
            if name.split(".")[0] in ("calc", "web"):
                del sys.modules[name]
    import calc  # noqa: F401
    from calc import catalogue
    from web import calcview
    return catalogue, calcview


def slug(entry):
    """The page's name: layers/<slug>/, embed/<slug>/, docs/layers/<slug>.md."""
    return entry.name.lower()


def family_groups(catalogue):
    """[(family key, title, [entries], weight_free)] in FAMILIES order, empty families skipped."""
    groups = []
    for key, title in catalogue.FAMILIES:
        entries = [e for e in catalogue.LAYERS if e.family == key]
        if entries:
            groups.append((key, title, entries, all(not e.has_weights for e in entries)))
    known = set(k for k, _ in catalogue.FAMILIES)
    others = [e for e in catalogue.LAYERS if e.family not in known]
    if others:
        groups.append(("other", "Other layers", others, False))
    return groups


def family_title(catalogue, entry):
    for key, title in catalogue.FAMILIES:
        if key == entry.family:
            return title
    return entry.family


def nav(catalogue):
    """The "Layers" section of the navigation: the index, then one section per family,
    the families without weights gathered at the end."""
    layer_nav = [{"All layers": "layers/index.md"}]
    weight_free = []
    for key, title, entries, free in family_groups(catalogue):
        items = [{e.name: "layers/%s.md" % slug(e)} for e in entries]
        (weight_free if free else layer_nav).append({title: items})
    if weight_free:
        layer_nav.append({WEIGHT_FREE_TITLE: weight_free})
    return {"Layers": layer_nav}


def index_markdown(catalogue, pages):
    """The page `layers/`: every layer with its summary and example count (pages: {name: LayerPage})."""
    out = ["---", "title: All layers", "description: %s" % json.dumps(
        "Every Keras layer in the catalogue, with its parameter count for a worked example."), "---", "",
        "# All layers", "",
        "%d layers, grouped by family. Each page explains the formula and has a live calculator." % len(
            catalogue.LAYERS), ""]
    for key, title, entries, free in family_groups(catalogue):
        out += ["## %s" % title, "", "| Layer | What it does | Example count |", "|---|---|---:|"]
        for e in entries:
            out.append("| [%s](%s.md) | %s | %s |" % (
                e.name, slug(e), (e.summary or "").replace("|", "\\|"),
                pages[e.name].answer.get("total_text", "?")))
        out.append("")
    return "\n".join(out) + "\n"
