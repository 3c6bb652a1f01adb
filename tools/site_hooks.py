"""MkDocs hook: the layer pages, generated from the calc catalogue.

- on_config: (re)imports calc, adds one nav entry per catalogued layer, grouped by family;
- on_files: generates docs for `layers/<lowercase class>/` and `layers/` (the index), each
  with its calculator widget pre-rendered by running calc in CPython;
- on_post_build: copies the browser runtime into site/assets/: PyScript, MicroPython,
  KaTeX's CSS and fonts, the widget code, and calc as one zip.

The Python runtime in the browser is chosen at build time by CALC_RUNTIME: `micropython`
(the default, what the site ships) or `pyodide` (PyScript's default interpreter, built only to
compare against: `bench/page_speed.py`). on_config tells overrides/main.html which <script>
type and interpreter to load (RUNTIMES); with pyodide, on_post_build copies Pyodide's startup
files from node_modules/pyodide. Either way every runtime file is served by the site itself.

No per-layer code here: everything is read from `calc.LAYERS`. A hand-written fragment
`docs/prose/<lowercase>.md` is included when it exists (text before a line
`<!-- pitfalls -->` goes under the summary, text after it under "Pitfalls").
"""

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import zlib

from mkdocs.structure.files import File

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))  # MkDocs loads this file by path
import site_embed  # noqa: E402  (embed pages, embed.js, the service worker)
import site_csp  # noqa: E402  (the Content-Security-Policy of every page)
import site_perf  # noqa: E402  (the Performance page, from bench/results.json)
WEB = os.path.join(ROOT, "web")
NODE_MODULES = os.path.join(ROOT, "node_modules")
PROSE = os.path.join(ROOT, "docs", "prose")
log = logging.getLogger("mkdocs.hooks.site_hooks")

WEIGHT_FREE_TITLE = "Weight-free layers"
STATE = {}

# What overrides/main.html loads for each runtime: the <script> type PyScript reads, the
# interpreter module and the wasm to preload (paths under site/assets/pyscript/).
RUNTIMES = {
    "micropython": {"script_type": "mpy", "interpreter": "micropython/micropython.mjs",
                    "wasm": "micropython/micropython.wasm"},
    "pyodide": {"script_type": "py", "interpreter": "pyodide/pyodide.mjs",
                "wasm": "pyodide/pyodide.asm.wasm"},
}
# What pyodide.mjs fetches at startup (no packages: calc needs only the standard library).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


def runtime():
    """CALC_RUNTIME: micropython (default) or pyodide."""
    name = os.environ.get("CALC_RUNTIME", "").strip().lower() or "micropython"
    if name not in RUNTIMES:
        raise RuntimeError("CALC_RUNTIME=%r: expected one of %s" % (name, ", ".join(RUNTIMES)))
    return name


# --- the catalogue ---------------------------------------------------------------------------

def load_catalogue():
    """Import calc; on a rebuild under `mkdocs serve`, afresh (entries are being edited).
    Only then: modules that imported calc in the same process (tests) would keep using
    the old catalogue while its family modules were re-imported into the new one."""
    for path in (ROOT, WEB):
        if path not in sys.path:
            sys.path.insert(0, path)
    for name in list(sys.modules) if "catalogue" in STATE else ():
        if name == "calc" or name.startswith("calc.") or name == "calcview":
            del sys.modules[name]
    import calc  # noqa: F401
    import calcview
    from calc import catalogue
    return catalogue, calcview


def slug(entry):
    return entry.name.lower()


def family_groups(catalogue):
    """[(family title, [entries], weight_free)] in FAMILIES order, empty families skipped."""
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


# --- MkDocs events ---------------------------------------------------------------------------

def on_config(config):
    catalogue, calcview = load_catalogue()
    STATE["catalogue"] = catalogue
    STATE["calcview"] = calcview
    nav = list(config["nav"] or [])
    layer_nav = [{"All layers": "layers/index.md"}]
    weight_free = []
    for key, title, entries, free in family_groups(catalogue):
        items = [{e.name: "layers/%s.md" % slug(e)} for e in entries]
        (weight_free if free else layer_nav).append({title: items})
    if weight_free:
        layer_nav.append({WEIGHT_FREE_TITLE: weight_free})
    nav.append({"Layers": layer_nav})
    config["nav"] = nav
    config["extra"]["calc_runtime"] = RUNTIMES[runtime()]  # read by overrides/main.html
    for folder in ("calc", "web", "docs/prose"):
        path = os.path.join(ROOT, folder)
        if os.path.isdir(path) and path not in config["watch"]:
            config["watch"].append(path)
    return config


def on_files(files, config):
    catalogue, calcview = STATE["catalogue"], STATE["calcview"]
    pages = {}
    latex = []
    for entry in catalogue.LAYERS:
        pages[entry.name] = LayerPage(entry, catalogue, calcview)
        latex.append(pages[entry.name].formula_latex)
    typeset = render_latex(latex)
    for entry, html_math in zip(catalogue.LAYERS, typeset):
        page = pages[entry.name]
        page.formula_html = html_math
        files.append(File.generated(config, "layers/%s.md" % slug(entry), content=page.markdown()))
    files.append(File.generated(config, "layers/index.md", content=index_markdown(catalogue, pages)))
    files.append(File.generated(config, "performance.md", content=site_perf.page_markdown(site_perf.load())))
    return site_embed.embed_pages(files, config, pages, render_widget)


def on_post_build(config):
    assets = os.path.join(config["site_dir"], "assets")
    copy_tree(os.path.join(NODE_MODULES, "@pyscript", "core", "dist"), os.path.join(assets, "pyscript"),
              lambda name: name.endswith((".js", ".css")))  # core.js imports its plugins eagerly
    if runtime() == "pyodide":
        copy_tree(os.path.join(NODE_MODULES, "pyodide"), os.path.join(assets, "pyscript", "pyodide"),
                  lambda name: name in PYODIDE_FILES)
        missing = [n for n in PYODIDE_FILES
                   if not os.path.exists(os.path.join(assets, "pyscript", "pyodide", n))]
        if missing:
            raise RuntimeError("node_modules/pyodide lacks %s: run `npm ci`." % ", ".join(missing))
    else:
        mp = os.path.join(NODE_MODULES, "@micropython", "micropython-webassembly-pyscript")
        copy_tree(mp, os.path.join(assets, "pyscript", "micropython"),
                  lambda name: name in ("micropython.mjs", "micropython.wasm"))
    katex = os.path.join(NODE_MODULES, "katex", "dist")
    copy_tree(katex, os.path.join(assets, "katex"), lambda name: name == "katex.min.css")
    copy_tree(os.path.join(katex, "fonts"), os.path.join(assets, "katex", "fonts"),
              lambda name: name.endswith(".woff2"))
    calc_dir = os.path.join(assets, "calc")
    copy_tree(WEB, calc_dir, lambda name: name in ("widget.js", "widget.css", "summary.js", "summary.css"))
    write_bundle(os.path.join(calc_dir, "widget.py"), bundle_sources(SUMMARY_ONLY))
    write_bundle(os.path.join(calc_dir, "summary.py"), bundle_sources())
    site_embed.copy_scripts(config)
    site_csp.apply(config["site_dir"])  # after every page is written, before the service worker
    # Keep this the last step: the service worker's version hashes the finished files.
    site_embed.write_service_worker(config)


# <!-- calc-widget Conv2D filters=64 strides=2,2 --> in a hand-written page: a calculator there.
WIDGET_MACRO = re.compile(r"<!--\s*calc-widget\s+(\w+)((?:\s+\w+=\S*)*)\s*-->")


def on_page_markdown(markdown, page, config, files):
    """Hand-written pages may show calculators (the macro above, fields as in the URL). Each
    is pre-rendered like a layer page's, and keeps its state out of the address bar."""
    catalogue, calcview = STATE["catalogue"], STATE["calcview"]
    count = [0]

    def expand(match):
        entry = catalogue.find(match.group(1))
        fields = calcview.default_fields(entry)
        for item in match.group(2).split():
            name, _, value = item.partition("=")
            if name not in fields:
                raise RuntimeError("%s: calc-widget %s has no field %r" % (page.file.src_path, entry.name, name))
            fields[name] = value
        answer = calcview.evaluate(entry.name, fields)
        if not answer.get("ok"):
            raise RuntimeError("%s: calc-widget %s: %s" % (page.file.src_path, entry.name, answer.get("error")))
        count[0] += 1
        return render_widget(entry, fields, answer, index=count[0], url_state=False)

    markdown = WIDGET_MACRO.sub(expand, markdown)
    if count[0]:
        page.meta["calc_widget"] = True  # overrides/main.html loads the runtime
    return markdown


def copy_tree(source, target, keep):
    if not os.path.isdir(source):
        raise RuntimeError("%s is missing: run `npm ci` (or `make setup`) first." % source)
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if os.path.isfile(os.path.join(source, name)) and keep(name):
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name))


BUNDLE_LOADER = """# Generated by tools/site_hooks.py: calc/ and calcview.py in one request, then web/widget.py.
import deflate, io, json, os


def _unpack(data):
    files = json.loads(deflate.DeflateIO(io.BytesIO(data), deflate.ZLIB).read())
    for path in files:
        parts = path.split("/")
        for i in range(1, len(parts)):
            try:
                os.mkdir("/".join(parts[:i]))
            except OSError:
                pass
        with open(path, "w") as f:
            f.write(files[path])


_unpack(%r)
del _unpack
"""

# The same loader for Pyodide (CPython): zlib instead of MicroPython's deflate, and the
# import system told about the new files (its directory listings are cached).
PYODIDE_LOADER = BUNDLE_LOADER.replace(
    "import deflate, io, json, os\n", "import importlib, json, os, zlib\n").replace(
    "json.loads(deflate.DeflateIO(io.BytesIO(data), deflate.ZLIB).read())",
    "json.loads(zlib.decompress(data))").replace(
    'open(path, "w")', 'open(path, "w", encoding="utf-8")').replace(
    "del _unpack\n", "del _unpack\nimportlib.invalidate_caches()\n")
assert "deflate" not in PYODIDE_LOADER and "invalidate_caches" in PYODIDE_LOADER


# What only the Model summary page runs: left out of the layer pages' bundle (about a
# quarter of it, mostly the code reader).
SUMMARY_ONLY = ("calc/code_reader.py", "calc/keras_file.py", "calc/model.py",
                "calc/model_source.py", "summaryview.py")


def bundle_sources(leave_out=()):
    """{relative path: source} of calc/ (without the CLI) and the views in web/*.py."""
    files = {}
    for folder, dirs, names in os.walk(os.path.join(ROOT, "calc")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py") and name != "__main__.py":
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, ROOT).replace(os.sep, "/")
                if relative not in leave_out:
                    with open(full, encoding="utf-8") as f:
                        files[relative] = f.read()
    for name in sorted(os.listdir(WEB)):  # calcview.py and the other views; widget.py is the glue
        if name.endswith(".py") and name != "widget.py" and name not in leave_out:
            with open(os.path.join(WEB, name), encoding="utf-8") as f:
                files[name] = f.read()
    return files


def write_bundle(path, sources):
    """One Python file for the browser: the sources, zlib-compressed, as a bytes literal
    (MicroPython's lexer and deflate are C: fast; its binascii is pure Python: slow),
    unpacked into the in-memory file system, then the glue in web/widget.py. One request,
    no zip library in JavaScript."""
    data = zlib.compress(json.dumps(sources).encode("utf-8"), 9)
    with open(os.path.join(WEB, "widget.py"), encoding="utf-8") as f:
        glue = f.read()
    loader = PYODIDE_LOADER if runtime() == "pyodide" else BUNDLE_LOADER
    with open(path, "w", encoding="utf-8") as f:
        f.write(loader % data + "\n" + glue)


def render_latex(items):
    """KaTeX at build time, one node process for every formula."""
    try:
        done = subprocess.run(["node", os.path.join(ROOT, "tools", "katex_render.mjs")],
                              input=json.dumps(items), capture_output=True, text=True, check=True,
                              cwd=ROOT)
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError("KaTeX rendering failed (is node installed and `npm ci` done?): %s"
                           % getattr(e, "stderr", e))
    return json.loads(done.stdout)


# --- the pages -------------------------------------------------------------------------------

def esc(text):
    return html.escape(str(text), quote=True)


def md_code(text):
    text = str(text)
    return "``%s``" % text if "`" in text else "`%s`" % text


def read_prose(entry):
    path = os.path.join(PROSE, slug(entry) + ".md")
    if not os.path.exists(path):
        return "", ""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    intro, _, pitfalls = text.partition("<!-- pitfalls -->")
    return intro.strip(), pitfalls.strip()


class LayerPage:
    def __init__(self, entry, catalogue, calcview):
        self.entry = entry
        self.catalogue = catalogue
        self.calcview = calcview
        self.fields = calcview.default_fields(entry)
        self.answer = calcview.evaluate(entry.name, self.fields)
        self.error = None
        try:
            self.result = catalogue.compute(entry, dict(self.example_args()),
                                            input_shape=self.fields["input_shape"] or None)
        except ValueError as e:
            self.result = None
            self.error = str(e)
            log.warning("%s: the catalogue example does not compute: %s", entry.name, e)
        self.formula_latex = self.result.formula_latex if self.result else "?"
        self.formula_html = ""

    def example_args(self):
        return [(n, v) for n, v in self.entry.example_args()]

    # The parts ---------------------------------------------------------------------------

    def markdown(self):
        e = self.entry
        total = self.answer.get("total_text", "?")
        description = "How many parameters a Keras %s layer has, the formula, and a live calculator. %s" % (
            e.name, e.summary)
        intro, pitfalls = read_prose(e)
        parts = [
            "---",
            "title: %s" % json.dumps("%s parameter count" % e.name),
            "description: %s" % json.dumps(description.strip()),
            "calc_widget: true",
            "---",
            "",
            "# %s" % e.name,
            "",
            '<p class="calc-lede">%s</p>' % esc(e.summary or "A Keras layer."),
            "",
            "`%s.%s` · family: %s · example: **%s parameters**" % (
                e.keras_module, e.name, self.family_title(), total),
            "",
        ]
        if intro:
            parts += [intro, ""]
        parts += self.weights_section() + self.formula_section() + self.arguments_section()
        parts += self.example_section() + self.widget_section() + self.keras_section()
        parts += self.pitfalls_section(pitfalls)
        return "\n".join(parts) + "\n"

    def family_title(self):
        for key, title in self.catalogue.FAMILIES:
            if key == self.entry.family:
                return title.lower()
        return self.entry.family

    def weights_section(self):
        out = ["## The weight tensors", ""]
        if not self.entry.has_weights:
            out += ["%s creates no weights: %s Its count is always 0." % (
                self.entry.name, self.entry.weight_free_reason), ""]
            return out
        if self.result is None:
            return out + ["The example could not be computed: %s" % md_code(self.error), ""]
        if not self.result.weights:
            return out + ["With the example's arguments this layer creates no weights.", ""]
        out += ["With the example's arguments, `build()` creates these tensors, in the order "
                "`layer.weights` lists them:", "",
                "| Weight | Shape (symbols) | Shape (example) | Trainable | Parameters |",
                "|---|---|---|---|---:|"]
        for w in self.result.weights:
            out.append("| %s | %s | %s | %s | %s |" % (
                md_code(w.label), md_code(w.shape_text()),
                md_code(self.calcview.fmt_shape(w.shape_values())),
                "yes" if w.trainable else "no", self.calcview.fmt_int(w.count)))
        out.append("")
        symbols = self.symbols()
        if symbols:
            out += ["Where:", ""]
            out += ["- %s: %s" % (md_code(s), meaning) for s, meaning in symbols]
            out.append("")
        return out

    def symbols(self):
        seen = []
        for w in self.result.weights:
            for d in w.shape:
                if d.precedence == 3 and not d.text.isdigit() and d.text not in [s for s, _ in seen]:
                    arg = self.entry.arg(d.text)
                    if arg is not None:
                        meaning = "the `%s` argument (%s). %s" % (d.text, d.numbers, arg.help)
                    else:
                        meaning = "read from the input shape or derived from the arguments (%s in the example)." % d.numbers
                    seen.append((d.text, meaning))
        return seen

    def formula_section(self):
        out = ["## The formula", ""]
        if self.result is None:
            return out
        out += ['<div class="calc-formula" role="math" aria-label="%s">%s</div>' % (
            esc("total = " + self.result.formula), self.formula_html), ""]
        if not self.result.weights:
            return out + ["The layer creates no weight tensors, so the sum is empty: 0.", ""]
        out += ["In plain text: %s. Each term is one weight tensor (a number in front counts "
                "identical tensors): the product of its shape's dimensions is the number of "
                "values it holds, and the layer's count is the sum over its tensors."
                % md_code("total = " + self.result.formula), ""]
        if self.result.weights and not read_prose(self.entry)[0]:  # prose explains it better
            out += ["Why each term is there:", ""]
            for w in self.result.weights:
                out.append("- %s %s contributes %s: %s" % (
                    md_code(w.label), md_code(w.shape_text()), md_code(w.term().text),
                    self.weight_reason(w)))
            out.append("")
        return out

    def weight_reason(self, w):
        name = w.name
        if "bias" in name:
            return "one offset per output unit, added after the weighted sum."
        if name.startswith("lora"):
            return "a trainable low-rank factor added by LoRA (`lora_rank`)."
        if "kernel" in name or name == "embeddings":
            return "one learned weight per (input, output) connection."
        if name in ("gamma", "beta"):
            return "a learned per-feature %s." % ("scale" if name == "gamma" else "offset")
        if "moving" in name or name in ("mean", "variance", "count"):
            return "a statistic updated from the data, not by gradients (non-trainable)."
        return "%s values%s." % ("trainable" if w.trainable else "non-trainable",
                                 "" if w.trainable else ", updated outside backpropagation")

    def arguments_section(self):
        # On a layer without weights nothing changes the count, not even `trainable`.
        counts = lambda a: a.counts and self.entry.has_weights
        counting = [a for a in self.entry.all_args() if counts(a)]
        never = [a for a in self.entry.all_args() if not counts(a)]
        out = ["## Which arguments change the count", ""]
        if counting:
            out += ["These can change the count (or, for `trainable`, the split between "
                    "trainable and non-trainable):", ""]
            out += ["- %s — %s" % (md_code(a.name), a.help) for a in counting]
            out.append("")
        if self.uses_input():
            out += ["- the **input shape**: the axes named in the weight shapes above are read "
                    "from it when the layer is built.", ""]
        if never:
            out += ["These never change it: %s." % ", ".join(md_code(a.name) for a in never), ""]
        return out

    def uses_input(self):
        if self.result is None:
            return False
        return any(d.precedence == 3 and not d.text.isdigit() and self.entry.arg(d.text) is None
                   for w in self.result.weights for d in w.shape)

    def input_shapes_with_batch(self):
        return [(None,) + tuple(s) for s in self.entry.example_shapes() if s is not None]

    def example_section(self):
        out = ["## Worked example", ""]
        args = ", ".join("%s=%r" % (n, v) for n, v in self.example_args()) or "the defaults"
        shapes = ", ".join(self.calcview.fmt_shape(s) for s in self.input_shapes_with_batch())
        out += ["%s with %s, called on an input of shape %s (batch axis first):" % (
            md_code(self.entry.name), md_code(args) if self.example_args() else args,
            md_code(shapes or "(None, ...)")), ""]
        if self.result is None:
            return out + ["calc refuses this example: %s" % md_code(self.error), ""]
        out.append("```text")
        out += ["total " + s if i == 0 else "      " + s for i, s in enumerate(self.result.steps)]
        out += ["```", ""]
        out += ["**%s parameters**: %s trainable, %s non-trainable. Output shape: %s." % (
            self.calcview.fmt_int(self.result.total_params),
            self.calcview.fmt_int(self.result.trainable_params),
            self.calcview.fmt_int(self.result.non_trainable_params),
            md_code(self.calcview.fmt_shape(self.result.output_shape))), ""]
        return out

    def widget_section(self):
        return ["## Calculator", "",
                "Change any field: the count, the weights and the substituted formula follow. "
                "The address bar keeps the state, so the link shares it.", "",
                render_widget(self.entry, self.fields, self.answer), ""]

    def keras_section(self):
        fields = dict(self.example_args())
        fields["input_shape"] = self.fields["input_shape"]
        lines = self.calcview.keras_snippet(self.entry.name, fields).split("\n")
        out = ["## Check it in Keras", "",
               "Build the example in Keras 3 and ask it:", "",
               '<div class="keras-snippet" id="keras-snippet" markdown>', "", "```python"] + lines + [
               "```", "", "</div>", "",
               "The calculator's **Copy Keras code** button copies this program with the "
               "arguments in its form.", ""]
        if self.result is not None:
            out += ["Expected output:", "", "```text",
                    "total: %d" % self.result.total_params,
                    "trainable: %d" % self.result.trainable_params,
                    "non-trainable: %d" % self.result.non_trainable_params, "```", ""]
        return out

    def pitfalls_section(self, prose):
        e = self.entry
        out = ["## Pitfalls", ""]
        if prose:
            out += [prose, ""]
        points = []
        never = [a.name for a in e.all_args() if not a.counts and a.name not in ("name", "dtype")]
        if never:
            points.append("%s never %s the count; only the arguments listed above as "
                          "changing it do." % (", ".join(md_code(n) for n in never),
                                               "changes" if len(never) == 1 else "change"))
        weights = [w for w in (self.result.weights if self.result else []) if w.trainable]
        if e.arg("trainable") is not None and weights and all(w.freezable for w in weights):
            points.append("`trainable=False` does not remove any weight: `count_params()` "
                          "reports the same total, and the weights move from the trainable to "
                          "the non-trainable column of `model.summary()`.")
        elif weights:
            points.append("In Keras 3.15, `trainable=False` passed to this layer's constructor "
                          "does not reach the sub-layers it builds: `model.summary()` still counts "
                          "their weights as trainable. Set `layer.trainable = False` after "
                          "building it (or freeze the wrapped layer) to freeze them.")
        if self.uses_input():
            points.append("The count depends on the input shape, so Keras only knows it once "
                          "the layer is built: `count_params()` on an unbuilt layer raises an "
                          "error. The batch axis never matters.")
        if e.arg("lora_rank") is not None:
            points.append("`lora_rank` freezes the original kernel and adds two small "
                          "trainable factors: the total grows while the trainable count shrinks.")
        if not e.has_weights:
            points.append("A weight-free layer still appears in `model.summary()`, with 0 in "
                          "the Param # column.")
        out += ["- " + p for p in points]
        out.append("")
        return out


def render_widget(entry, fields, answer, index=1, url_state=True):
    """The widget's HTML, with the default answer already in it (works without JavaScript).
    `url_state=False` (data-url="off"): the address bar neither fills nor follows it, for
    pages that show several calculators."""
    base = "calc-%s-%d" % (slug(entry), index)
    counting = [a for a in entry.all_args() if a.counts]
    never = [a for a in entry.all_args() if not a.counts]
    html_parts = ['<form class="calc-widget" data-layer="%s" data-state="static" id="%s"%s data-search-exclude '
                  'aria-label="%s parameter calculator" novalidate>' % (
                      esc(entry.name), base, "" if url_state else ' data-url="off"', esc(entry.name))]
    html_parts.append('<fieldset class="calc-args"><legend>Arguments that change the count</legend>')
    for a in counting:
        html_parts.append(render_control(base, a, fields.get(a.name, ""), answer))
    html_parts.append(render_shape_control(base, entry, fields.get("input_shape", ""), answer))
    html_parts.append("</fieldset>")
    if never:
        html_parts.append('<details class="calc-more"><summary>Arguments that never change the count</summary>'
                          '<fieldset class="calc-args"><legend class="calc-visually-hidden">Other arguments</legend>')
        for a in never:
            html_parts.append(render_control(base, a, fields.get(a.name, ""), answer))
        html_parts.append("</fieldset></details>")
    html_parts.append(site_embed.practice_html(base))
    ok = answer.get("ok")
    html_parts.append('<div class="calc-alert" role="alert" id="%s-alert"%s>%s</div>' % (
        base, "" if not ok else " hidden", "" if ok else esc(answer.get("error", ""))))
    html_parts.append('<div class="calc-results">')
    html_parts.append('<dl class="calc-counts">')
    for name, label, text_key in (("trainable_params", "Trainable", "trainable_text"),
                                  ("non_trainable_params", "Non-trainable", "non_trainable_text"),
                                  ("total_params", "Total", "total_text")):
        html_parts.append('<div><dt><label for="%s-%s">%s</label></dt><dd><output name="%s" id="%s-%s" '
                          'data-value="%s" aria-live="polite">%s</output></dd></div>' % (
                              base, name, label, name, base, name, esc(answer.get(name, "")),
                              esc(answer.get(text_key, "?"))))
    html_parts.append("</dl>")
    weights = answer.get("weights", [])
    html_parts.append('<p class="calc-no-weights"%s>This layer creates no weights.</p>' % (
        " hidden" if weights else ""))
    html_parts.append('<table class="calc-weights"%s><caption>Weights created</caption><thead><tr>'
                      '<th scope="col">Weight</th><th scope="col">Shape</th><th scope="col">Trainable</th>'
                      '<th scope="col">Parameters</th></tr></thead><tbody>' % ("" if weights else " hidden"))
    for w in weights:
        html_parts.append("<tr><td><code>%s</code></td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>"
                          % tuple(esc(c) for c in w))
    html_parts.append("</tbody></table>")
    html_parts.append('<p class="calc-steps-title" id="%s-steps-title">Formula with your numbers:</p>'
                      '<ol class="calc-steps" aria-labelledby="%s-steps-title">' % (base, base))
    for s in answer.get("steps", []):
        html_parts.append("<li><code>%s</code></li>" % esc(s))
    html_parts.append("</ol>")
    html_parts.append('<p>Output shape: <output name="output_shape" id="%s-output-shape">%s</output></p>' % (
        base, esc(answer.get("output_shape", "?"))))
    html_parts.append("</div>")
    html_parts.append('<p class="calc-status">This answer was computed when the site was built; '
                      'the live calculator starts with JavaScript.</p>')
    html_parts.append(site_embed.share_html(base))
    html_parts.append("</form>")
    return "\n".join(html_parts)


def _invalid(name, answer):
    return ' aria-invalid="true"' if not answer.get("ok") and name in answer.get("fields", []) else ""


def render_control(base, a, text, answer):
    fid = "%s-%s" % (base, a.name)
    help_id = fid + "-help"
    counts = " data-counts" if a.counts else ""
    help_html = '<small class="calc-help" id="%s">%s</small>' % (help_id, esc(a.help)) if a.help else ""
    described = ' aria-describedby="%s"' % help_id if a.help else ""
    invalid = _invalid(a.name, answer)
    if a.kind == "bool":
        checked = " checked" if text == "true" else ""
        return ('<div class="calc-field calc-check"><input type="checkbox" id="%s" name="%s"%s%s%s%s '
                'data-default="%s"><label for="%s"><code>%s</code></label>%s</div>' % (
                    fid, esc(a.name), checked, described, counts, invalid, esc(text), fid, esc(a.name),
                    help_html))
    if a.kind == "choice":
        options = []
        for c in a.choices:
            value = "None" if c is None else str(c)
            selected = " selected" if value.lower() == (text or "None").lower() else ""
            options.append('<option value="%s"%s>%s</option>' % (esc(value), selected, esc(value)))
        default = "None" if text == "" else text
        return ('<div class="calc-field"><label for="%s"><code>%s</code></label><select id="%s" name="%s"%s%s%s '
                'data-default="%s">%s</select>%s</div>' % (
                    fid, esc(a.name), fid, esc(a.name), described, counts, invalid, esc(default),
                    "".join(options), help_html))
    mode = {"int": "numeric", "float": "decimal"}.get(a.kind if isinstance(a.kind, str) else "", "text")
    placeholder = ' placeholder="None"' if a.none_ok else ""
    return ('<div class="calc-field"><label for="%s"><code>%s</code></label><input type="text" id="%s" '
            'name="%s" value="%s" inputmode="%s" autocomplete="off" spellcheck="false"%s%s%s%s '
            'data-default="%s">%s</div>' % (
                fid, esc(a.name), fid, esc(a.name), esc(text), mode, placeholder, described, counts,
                invalid, esc(text), help_html))


def render_shape_control(base, entry, text, answer):
    fid = base + "-input_shape"
    names = [i.name for i in entry.inputs]
    if len(names) > 1:
        hint = ("One shape per input (%s), separated by ';'. Comma-separated, without the batch "
                "axis; None for an unknown size." % "; ".join(names))
    else:
        hint = "Comma-separated, without the batch axis; None for an unknown size."
    return ('<div class="calc-field"><label for="%s"><code>input_shape</code></label><input type="text" '
            'id="%s" name="input_shape" value="%s" inputmode="text" autocomplete="off" spellcheck="false" '
            'aria-describedby="%s-help" data-counts%s data-default="%s"><small class="calc-help" id="%s-help">'
            '%s</small></div>' % (fid, fid, esc(text), fid, _invalid("input_shape", answer), esc(text), fid,
                                  esc(hint)))


def index_markdown(catalogue, pages):
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
