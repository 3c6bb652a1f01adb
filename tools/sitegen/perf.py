"""The Performance page (`performance/`), generated at build time from bench/results.json.

tools/sitegen/hooks.py calls `page_markdown(load())` in on_files. The figures come from
`make bench` (bench/run.py); every section is skipped, with a line saying so, when
results.json lacks it, so an old or partial file still builds. The charts are inline SVG
written here (no chart library, nothing fetched), coloured with the theme's CSS variables
so they follow the light and dark schemes, and each has a table with the same numbers.
"""

import html
import json
import math
import os

from tools.sitegen.paths import ROOT

RESULTS = os.path.join(ROOT, "bench", "results.json")

LAYER_PAGE = "layer page (Conv2D)"
PYODIDE_PAGE = "layer page (Conv2D), Pyodide"
SERIES_STYLES = ("fill: var(--md-primary-fg-color)", "fill: var(--md-accent-fg-color)",
                 "fill: var(--md-default-fg-color--light)")


def load(path=RESULTS):
    """The results dict, or None when `make bench` has not been run."""
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def esc(text):
    return html.escape(str(text), quote=True)


def median(figure):
    """A figure is {median, min, max} or, in older results, a bare number."""
    if isinstance(figure, dict):
        return figure.get("median")
    return figure


def ms(figure, digits=0):
    """'123 ms (100–150)' from a {median, min, max} figure."""
    if figure is None:
        return "–"
    if not isinstance(figure, dict):
        return "%s ms" % number(figure, digits)
    return "%s ms (%s–%s)" % (number(figure["median"], digits), number(figure["min"], digits),
                              number(figure["max"], digits))


def number(value, digits=0):
    if value is None:
        return "–"
    return "{:,.{d}f}".format(value, d=digits)


def kilobytes(value):
    return "–" if value is None else "%s KB" % number(value / 1024)


def verdict(ok):
    return "met" if ok else "**not met**"


# --- charts ----------------------------------------------------------------------------------

def bar_chart(chart_id, title, rows, series, unit, log=False):
    """Horizontal grouped bars as SVG. rows: [(label, [figure or None per series])], each
    figure a {median, min, max} dict (the bar is the median, the whisker min to max)."""
    label_width, plot_width, bar, gap, top = 230, 420, 14, 12, 34
    values = [v for _, figs in rows for f in figs if f for v in (f["median"], f["max"]) if v]
    if not values:
        return ""
    high = max(values)
    low = min(values)
    if log:
        lo_exp = math.floor(math.log10(max(low, 1e-3)))
        hi_exp = math.ceil(math.log10(high))
        hi_exp = max(hi_exp, lo_exp + 1)

        def x(v):
            v = max(v, 10 ** lo_exp)
            return plot_width * (math.log10(v) - lo_exp) / (hi_exp - lo_exp)
        ticks = [10 ** e for e in range(lo_exp, hi_exp + 1)]
    else:
        step = nice_step(high / 4)
        top_value = step * math.ceil(high / step)

        def x(v):
            return plot_width * v / top_value
        ticks = [step * i for i in range(int(round(top_value / step)) + 1)]
    group = len(series) * bar + gap
    height = top + len(rows) * group + 30
    width = label_width + plot_width + 90
    out = ['<div class="perf-chart-box"><svg class="perf-chart" id="%s" role="img" aria-labelledby="%s-title" viewBox="0 0 %d %d" '
           'width="100%%" style="max-width:%dpx" xmlns="http://www.w3.org/2000/svg">' % (
               chart_id, chart_id, width, height, width),
           '<title id="%s-title">%s</title>' % (chart_id, esc(title))]
    for i, name in enumerate(series):  # the legend
        out.append('<rect x="%d" y="6" width="12" height="12" style="%s"/>'
                   '<text x="%d" y="16" font-size="12" fill="currentColor">%s</text>' % (
                       label_width + i * 170, SERIES_STYLES[i % len(SERIES_STYLES)],
                       label_width + i * 170 + 16, esc(name)))
    axis_y = top + len(rows) * group
    for t in ticks:
        tx = label_width + x(t)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="currentColor" stroke-opacity="0.2"/>'
                   '<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="currentColor">%s</text>' % (
                       tx, top - 4, tx, axis_y, tx, axis_y + 14, esc(tick_label(t))))
    out.append('<text x="%d" y="%d" font-size="11" text-anchor="end" fill="currentColor">%s</text>' % (
        label_width + plot_width, axis_y + 28, esc(unit + (", log scale" if log else ""))))
    for r, (label, figures) in enumerate(rows):
        y0 = top + r * group
        out.append('<text x="%d" y="%d" font-size="12" text-anchor="end" fill="currentColor">%s</text>' % (
            label_width - 8, y0 + len(series) * bar / 2 + 4, esc(label)))
        for i, f in enumerate(figures):
            if not f:
                continue
            y = y0 + i * bar
            w = x(f["median"])
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" style="%s"><title>%s: %s</title></rect>' % (
                label_width, y + 1, w, bar - 2, SERIES_STYLES[i % len(SERIES_STYLES)], esc(series[i]),
                esc(ms(f))))
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="currentColor"/>' % (
                label_width + x(f["min"]), y + bar // 2, label_width + x(f["max"]), y + bar // 2))
            out.append('<text x="%.1f" y="%d" font-size="11" fill="currentColor">%s</text>' % (
                label_width + max(w, x(f["max"])) + 4, y + bar - 3, esc(number(f["median"]))))
    out.append("</svg></div>")  # a block-level wrapper: Markdown passes it through untouched
    return "".join(out)


def nice_step(raw):
    """1, 2 or 5 times a power of ten, at least `raw`."""
    if raw <= 0:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def tick_label(value):
    if value >= 1000:
        return "{:,.0f}".format(value)
    return ("%g" % value)


# --- sections --------------------------------------------------------------------------------

def intro(results):
    m = results.get("machine") or {}
    out = ["The figures below are the last run of `make bench` (`bench/run.py`), copied from "
           "`bench/results.json` when the site was built.", ""]
    if m:
        out += ["Measured on %s: %s, %s cores, %s, Python %s, Node %s." % (
            esc(m.get("date", "an unknown date")), esc(m.get("cpu", "?")), esc(m.get("cores", "?")),
            esc(m.get("os", "?")), esc(m.get("python", "?")), esc(m.get("node", "?"))), ""]
    out += ["Each figure is the median of repeated runs, with the fastest and slowest in brackets. "
            "Timings from a shared or busy machine vary; rerun `make bench` to get your own.", ""]
    return out


def targets_section(results):
    pages = results.get("pages") or {}
    layer = pages.get(LAYER_PAGE) or {}
    latency = results.get("latency") or {}
    lighthouse = results.get("lighthouse") or {}
    rows = []
    for label, r in pages.items():
        ratio = median(r.get("ready_over_dcl"))
        if ratio is not None and "Pyodide" not in label:
            rows.append(("%s: calculator ready within 1.5× DOMContentLoaded" % (label[:1].upper() + label[1:]),
                         "%.2f×" % ratio, ratio <= 1.5))
    size = median(layer.get("bytes"))
    if size is not None:
        rows.append(("Layer page: under 600 KB transferred", kilobytes(size), size < 600 * 1024))
    key = median(latency.get("keystroke_to_total_ms"))
    if key is not None:
        rows.append(("Keystroke to updated answer: 50 ms or less (median)", "%.1f ms" % key, key <= 50))
    py = median(latency.get("python_ms"))
    if py is not None:
        rows.append(("Python call of an edit: under 16 ms (median)", "%.1f ms" % py, py < 16))
    big = (results.get("big_summary") or {})
    big_ms = median(big.get("summary_ms"))
    if big_ms is not None:
        rows.append(("Summary of a %s-layer model in the browser: 300 ms or less" % number(big.get("layers")),
                     "%.0f ms" % big_ms, big_ms <= 300))
    st = (results.get("safetensors") or {}).get("micropython") or {}
    st_ms = median(st.get("summary_ms"))
    if st_ms is not None:
        rows.append(("MicroPython: summary of a %s-tensor .safetensors header in under 50 ms"
                     % number(results["safetensors"].get("tensors")), "%.0f ms" % st_ms, st_ms < 50))
    mp = (results.get("calc") or {}).get("micropython") or {}
    if median(mp.get("import_ms")) is not None and median(mp.get("count_ms")) is not None:
        total = median(mp["import_ms"]) + median(mp["count_ms"])
        rows.append(("MicroPython: import calc and count one layer in 30 ms or less", "%.0f ms" % total, total <= 30))
    for label, r in lighthouse.items():
        scores = [(k, median(r.get(k))) for k in ("performance", "accessibility", "best-practices", "seo")]
        if any(v is None for _, v in scores):
            continue
        ok = scores[0][1] >= 95 and all(v == 100 for _, v in scores[1:])
        rows.append(("Lighthouse on the %s: 95+ performance, 100 in the rest" % label,
                     " / ".join("%d" % v for _, v in scores), ok))
        tbt = median(r.get("tbt_ms"))
        if tbt is not None:
            rows.append(("Lighthouse on the %s: total blocking time 150 ms or less" % label, "%.0f ms" % tbt,
                         tbt <= 150))
    out = ["## Targets", ""]
    if not rows:
        return out + ["No target can be checked: the results lack the page figures.", ""]
    out += ["| Target | Measured | |", "|---|---:|---|"]
    out += ["| %s | %s | %s |" % (esc(t), esc(v), verdict(ok)) for t, v, ok in rows]
    return out + [""]


def pages_section(results):
    pages = results.get("pages") or {}
    out = ["## Page loads", ""]
    if not pages:
        return out + ["Not measured in this run.", ""]
    loads = next((r.get("loads") for r in pages.values() if r.get("loads")), None)
    out += ["Cold loads (a new browser profile each time) of the built site in headless Chromium, "
            "served from 127.0.0.1 with gzip as a static host sends it%s. **Ready** is when every "
            "calculator on the page answers live (on the model summary page: when Python runs "
            "there and the editor's text is summarized; a first visit opens on an example the "
            "build summarized, so ready does not wait for Python's own summary of it). Python runs in a web worker; transferred "
            "bytes and requests are counted by the server, the workers' downloads included. The "
            "Pyodide row is the same layer page built with Pyodide instead of MicroPython, "
            "self-hosted and in the same worker." % (
                ", %d loads per page" % loads if loads else ""), ""]
    rows = [(label, [r.get("dcl_ms"), r.get("ready_ms")]) for label, r in pages.items()]
    out += [bar_chart("perf-pages", "Page loads: DOMContentLoaded and ready, in milliseconds", rows,
                      ("DOMContentLoaded", "calculator ready"), "milliseconds"), ""]
    out += ["| Page | DOMContentLoaded | Ready | Ready / DCL | Transferred | Requests |",
            "|---|---:|---:|---:|---:|---:|"]
    for label, r in pages.items():
        ratio = r.get("ready_over_dcl")
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            esc(label), ms(r.get("dcl_ms")), ms(r.get("ready_ms")),
            "%.2f×" % median(ratio) if ratio else "–", kilobytes(median(r.get("bytes"))),
            number(r.get("requests"))))
    for label, why in (results.get("skipped") or {}).items():
        out.append("| %s | %s | | | | |" % (esc(label), esc(why)))
    return out + [""]


def latency_section(results):
    lat = results.get("latency")
    out = ["## Typing in a calculator", ""]
    if not lat:
        return out + ["Not measured in this run.", ""]
    out += ["%s keystrokes in the `filters` field of the Conv2D calculator (alternately typing a digit "
            "and deleting it). The first figure runs from the key press to the new total in the page; "
            "the second is the Python call alone: the round trip to the web worker, calc counting and formatting the answer." % (
                number(lat.get("edits"))), "",
            "| Step | Median (min–max) |", "|---|---:|",
            "| Keystroke to updated total | %s |" % ms(lat.get("keystroke_to_total_ms"), 1),
            "| Python call (round trip to the worker) | %s |" % ms(lat.get("python_ms"), 1), ""]
    big = results.get("big_summary")
    if big:
        out += ["A %s-layer functional model (`Dense` layers built in a loop) pasted into the model "
                "summary page, %s times, its width changed each time so that every row is new: from "
                "the page asking Python for the summary to the results written, %s (median, min–max)." % (number(big.get("layers")), number(big.get("runs")),
                                                     ms(big.get("summary_ms"))), ""]
    return out


def calc_section(results):
    calc = results.get("calc")
    out = ["## calc on its own", ""]
    if not calc:
        return out + ["Not measured in this run.", ""]
    out += ["`import calc` and one Conv2D count, each in a fresh process: CPython, and MicroPython's "
            "WebAssembly build in Node (the runtime of the layer pages).", "",
            "| Runtime | Import | One count |", "|---|---:|---:|"]
    for key, name in (("cpython", "CPython"), ("micropython", "MicroPython (Node), as shipped (.mpy)"
                      if (calc.get("micropython") or {}).get("form") else "MicroPython (Node)"),
                      ("micropython_source", "MicroPython (Node), from the sources")):
        r = calc.get(key)
        if r:
            out.append("| %s | %s | %s |" % (name, ms(r.get("import_ms"), 1), ms(r.get("count_ms"), 2)))
    return out + [""]


def models_section(results):
    models = results.get("models")
    out = ["## Whole models", ""]
    if not models or not models.get("models"):
        return out + ["Not measured in this run.", ""]
    names = models["models"]
    out += ["The configs (`model.to_json()`) of three Keras Applications, summarized by calc under "
            "CPython and under MicroPython in Node (what the model summary page runs), against real "
            "Keras rebuilding the model from the same JSON and counting it (`model_from_json` + "
            "`count_params`, after `import keras`, timed apart). calc: %s fresh processes per model; "
            "Keras: %s processes. Every count equals Keras's." % (
                number(models.get("runs")), number(models.get("keras_runs"))), ""]
    rows = [(n, [(models.get("cpython") or {}).get(n, {}).get("summary_ms"),
                 (models.get("micropython") or {}).get(n, {}).get("summary_ms"),
                 (models.get("keras") or {}).get(n, {}).get("ms")]) for n in names]
    out += [bar_chart("perf-models", "Summarizing a whole model, in milliseconds (log scale)", rows,
                      ("calc, CPython", "calc, MicroPython", "Keras"), "milliseconds", log=True), ""]
    out += ["| Model | calc, CPython | calc, MicroPython | Keras |", "|---|---:|---:|---:|"]
    for name, figures in rows:
        out.append("| %s | %s |" % (esc(name), " | ".join(ms(f) for f in figures)))
    first = names[0]
    out.append("| import | %s | %s | %s |" % (
        ms((models.get("cpython") or {}).get(first, {}).get("import_ms"), 1),
        ms((models.get("micropython") or {}).get(first, {}).get("import_ms")),
        ms((models.get("keras") or {}).get("import_ms"))))
    kf = models.get("keras_file")
    if kf:
        out += ["", "A %s MB `.keras` file (ResNet50's config and a weights entry of random bytes) is "
                "summarized in %s; its `config.json` alone in %s: only the archive's table of contents "
                "and the config are read, never the weights." % (
                    number(kf.get("file_bytes", 0) / 1e6), ms(kf.get("keras_file_ms"), 1),
                    ms(kf.get("config_ms"), 1))]
    return out + [""]


def lighthouse_section(results):
    lh = results.get("lighthouse")
    out = ["## Lighthouse", ""]
    if not lh:
        return out + ["Not run in this measurement.", ""]
    any_row = next(iter(lh.values()))
    out += ["Lighthouse %s with its default mobile settings (a simulated slow 4G network and a "
            "4× slower CPU), driving Debian's Chromium against the same local server; %s runs per "
            "page. Its performance score weighs the first paint, the largest paint (LCP) and the "
            "time the main thread is blocked (TBT) under that throttling." % (
                esc(any_row.get("lighthouse_version", "")), number(any_row.get("runs"))), "",
            "| Page | Performance | Accessibility | Best practices | SEO | LCP | TBT | Transferred |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, r in lh.items():
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            esc(label), number(median(r.get("performance"))), number(median(r.get("accessibility"))),
            number(median(r.get("best-practices"))), number(median(r.get("seo"))),
            ms(r.get("lcp_ms")), ms(r.get("tbt_ms")), kilobytes(median(r.get("total_bytes")))))
    out.append("")
    for label, r in lh.items():
        if r.get("opportunities"):
            out += ["What Lighthouse suggests for the %s (last run):" % esc(label), ""]
            out += ["- %s" % esc(line) for line in r["opportunities"]]
            out.append("")
    return out


def page_markdown(results):
    out = ["---", "title: Performance",
           "description: %s" % json.dumps("How fast the calculators start and answer, how much each page "
                                          "downloads, and how long whole-model summaries take, measured "
                                          "by make bench."),
           "---", "", "# Performance", ""]
    if not results:
        return "\n".join(out + ["No measurements yet: run `make bench`, then build the site.", ""])
    out += intro(results)
    for section in (targets_section, pages_section, latency_section, calc_section, models_section,
                    lighthouse_section):
        out += section(results)
    return "\n".join(out) + "\n"
