"""The catalogue as the site sees it: calc imported (with calcview, the widget's view, which
the build runs in CPython to pre-render every answer), one slug per layer, the families that
group the navigation, and the generated index pages: `layers/` for Keras, `pytorch/` for
torch.nn (a PyTorch page is pytorch/<lowercase class>/: nn.Conv2d is pytorch/conv2d/)."""

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


def is_torch(entry):
    return entry.framework == "torch"


def slug(entry):
    """The page's name: layers/<slug>/ and docs/layers/<slug>.md for Keras (conv2d),
    pytorch/<slug>/ and docs/pytorch/<slug>.md for torch.nn (nn.Conv2d: conv2d too)."""
    return entry.class_name.lower() if is_torch(entry) else entry.name.lower()


def section(entry):
    """The folder of the entry's page: layers/ (Keras) or pytorch/ (torch.nn)."""
    return "pytorch" if is_torch(entry) else "layers"


def page_uri(entry):
    return "%s/%s.md" % (section(entry), slug(entry))


def embed_slug(entry):
    """embed/<embed slug>/: the Keras name in lowercase (conv2d), nn.<lowercase class> for
    torch.nn (nn.conv2d), so the two frameworks' Conv2d never share an embed. web/widget.js
    and web/embed.js derive the same from the form's data-layer."""
    return entry.name.lower()


def frameworks(catalogue):
    """The two catalogues as the site lists them: (section, nav title, index title, what
    its entries are called, families, entries)."""
    from calc.torch_spec import TORCH_FAMILIES  # imported as catalogue was: fresh after a reload

    return (
        ("layers", "Keras layers", "All Keras layers", "Keras layer", catalogue.FAMILIES, catalogue.LAYERS),
        ("pytorch", "PyTorch layers", "All PyTorch layers", "torch.nn module",
         TORCH_FAMILIES, catalogue.TORCH_LAYERS),
    )


def family_groups(families, layers):
    """[(family key, title, [entries], weight_free)] in the families' order, empty families skipped."""
    groups = []
    layers = list(layers)
    for key, title in families:
        entries = [e for e in layers if e.family == key]
        if entries:
            groups.append((key, title, entries, all(not e.has_weights for e in entries)))
    known = set(k for k, _ in families)
    others = [e for e in layers if e.family not in known]
    if others:
        groups.append(("other", "Other layers", others, False))
    return groups


def family_title(catalogue, entry):
    from calc.torch_spec import TORCH_FAMILIES

    families = TORCH_FAMILIES if is_torch(entry) else catalogue.FAMILIES
    for key, title in families:
        if key == entry.family:
            return title
    return entry.family


def nav(catalogue):
    """The "Keras layers" and "PyTorch layers" sections of the navigation: each its index,
    then one section per family, the families without weights gathered at the end."""
    out = []
    for folder, nav_title, index_title, _, families, layers in frameworks(catalogue):
        layer_nav = [{index_title: "%s/index.md" % folder}]
        weight_free = []
        for key, title, entries, free in family_groups(families, layers):
            items = [{e.name: page_uri(e)} for e in entries]
            (weight_free if free else layer_nav).append({title: items})
        if weight_free:
            layer_nav.append({WEIGHT_FREE_TITLE: weight_free})
        out.append({nav_title: layer_nav})
    return out


def index_pages(catalogue, pages):
    """{uri: Markdown} of the pages `layers/` and `pytorch/`: every entry with its summary
    and example count (pages: {name: LayerPage or TorchPage})."""
    out = {}
    for folder, _, title, called, families, layers in frameworks(catalogue):
        layers = list(layers)
        lines = ["---", "title: %s" % title, "description: %s" % json.dumps(
            "Every %s in the catalogue, with its parameter count for a worked example." % called),
            "---", "", "# %s" % title, "",
            "%d classes, grouped by family. Each page explains the formula and has a live "
            "calculator." % len(layers), ""]
        for key, family, entries, free in family_groups(families, layers):
            lines += ["## %s" % family, "", "| Class | What it does | Example count |", "|---|---|---:|"]
            for e in entries:
                lines.append("| [%s](%s.md) | %s | %s |" % (
                    e.name, slug(e), (e.summary or "").replace("|", "\\|"),
                    pages[e.name].answer.get("total_text", "?")))
            lines.append("")
        out["%s/index.md" % folder] = "\n".join(lines) + "\n"
    return out
