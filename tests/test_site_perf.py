"""The Performance page generated from bench/results.json (tools/sitegen/perf.py): it shows the
figures of a given results file, judges each target of issue #7 from them, and still builds
when the file lacks sections or is missing."""

import json
import re
import xml.etree.ElementTree as ET

from tools.sitegen import perf


def fig(median, low, high):
    return {"median": median, "min": low, "max": high}


RESULTS = {
    "machine": {"date": "2026-01-02 03:04 UTC", "cpu": "Test CPU 9000", "cores": 2, "os": "Linux",
                "python": "3.11.7", "node": "v20.20.2"},
    "pages": {
        "home": {"loads": 7, "dcl_ms": fig(500, 450, 600), "bytes": fig(204800, 204800, 204800),
                 "raw_bytes": 900000, "requests": 9},
        "layer page (Conv2D)": {"loads": 7, "dcl_ms": fig(1000, 900, 1100), "ready_ms": fig(1200, 1100, 1300),
                                "ready_over_dcl": fig(1.2, 1.1, 1.3), "bytes": fig(716800, 716800, 716800),
                                "raw_bytes": 2000000, "requests": 25},
        "layer page (Conv2D), Pyodide": {"loads": 7, "dcl_ms": fig(1000, 950, 1050),
                                         "ready_ms": fig(2000, 1900, 2100), "ready_over_dcl": fig(2.0, 1.9, 2.1),
                                         "bytes": fig(6 * 1048576, 6 * 1048576, 6 * 1048576),
                                         "raw_bytes": 15000000, "requests": 28},
    },
    "skipped": {"model summary page": "not built"},
    "latency": {"edits": 50, "keystroke_to_total_ms": fig(40.5, 30.25, 80.0), "python_ms": fig(20.0, 18.0, 25.0)},
    "calc": {"cpython": {"import_ms": fig(12.5, 10.0, 15.0), "count_ms": fig(0.25, 0.2, 0.3)}},
    "models": {"models": ["ResNet50", "EfficientNetV2L"], "runs": 5, "keras_runs": 3,
               "cpython": {"ResNet50": {"import_ms": fig(10, 9, 11), "summary_ms": fig(25, 24, 26)},
                           "EfficientNetV2L": {"import_ms": fig(10, 9, 11), "summary_ms": fig(250, 240, 260)}},
               "micropython": {"ResNet50": {"import_ms": fig(60, 55, 65), "summary_ms": fig(500, 490, 510)},
                               "EfficientNetV2L": {"import_ms": fig(60, 55, 65),
                                                   "summary_ms": fig(3500, 3400, 3600)}},
               "keras": {"import_ms": fig(5000, 4800, 5200), "ResNet50": {"ms": fig(1500, 1400, 1600)},
                         "EfficientNetV2L": {"ms": fig(15000, 14000, 16000)}},
               "keras_file": {"file_bytes": 104900000, "keras_file_ms": fig(36.0, 35.0, 37.0),
                              "config_ms": fig(34.0, 33.0, 35.0)}},
    "lighthouse": {
        "home": {"runs": 3, "lighthouse_version": "12.8.2", "performance": fig(96, 95, 97),
                 "accessibility": fig(100, 100, 100), "best-practices": fig(100, 100, 100),
                 "seo": fig(100, 100, 100), "lcp_ms": fig(1500, 1400, 1600), "tbt_ms": fig(0, 0, 10),
                 "total_bytes": fig(204800, 204800, 204800), "failing": []},
        "layer page (Conv2D)": {"runs": 3, "lighthouse_version": "12.8.2", "performance": fig(60, 55, 65),
                                "accessibility": fig(100, 100, 100), "best-practices": fig(100, 100, 100),
                                "seo": fig(100, 100, 100), "lcp_ms": fig(5000, 4000, 6000),
                                "tbt_ms": fig(900, 800, 1000), "total_bytes": fig(716800, 716800, 716800),
                                "failing": [], "opportunities": ["Reduce unused <JavaScript> (saves about 900 ms)"]},
    },
}


def target_rows(markdown):
    """{target text: (measured, verdict)} from the Targets table."""
    section = markdown.split("## Targets", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Target", "---"):
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def svgs(markdown):
    return re.findall(r"<svg.*?</svg>", markdown)


def test_the_page_shows_the_figures_of_the_results_file():
    md = perf.page_markdown(RESULTS)
    assert md.startswith("---\ntitle: Performance\n")
    for text in ("2026-01-02 03:04 UTC", "Test CPU 9000",
                 "| layer page (Conv2D) | 1,000 ms (900–1,100) | 1,200 ms (1,100–1,300) | 1.20× | 700 KB | 25 |",
                 "| home | 500 ms (450–600) | – | – | 200 KB | 9 |",
                 "| model summary page | not built |",
                 "| Keystroke to updated total | 40.5 ms (30.2–80.0) |",
                 "| Python call (round trip to the worker) | 20.0 ms (18.0–25.0) |",
                 "| CPython | 12.5 ms (10.0–15.0) | 0.25 ms (0.20–0.30) |",
                 "| EfficientNetV2L | 250 ms (240–260) | 3,500 ms (3,400–3,600) | 15,000 ms (14,000–16,000) |",
                 "105 MB `.keras` file", "36.0 ms (35.0–37.0)",
                 "Lighthouse 12.8.2", "- Reduce unused &lt;JavaScript&gt; (saves about 900 ms)", "| layer page (Conv2D) | 60 | 100 | 100 | 100 | 5,000 ms (4,000–6,000) |"):
        assert text in md, text


def test_each_target_is_judged_against_the_issue():
    rows = target_rows(perf.page_markdown(RESULTS))
    assert rows["Layer page (Conv2D): calculator ready within 1.5× DOMContentLoaded"] == ("1.20×", "met")
    assert rows["Layer page: under 600 KB transferred"] == ("700 KB", "**not met**")
    assert rows["Keystroke to updated answer: 50 ms or less (median)"] == ("40.5 ms", "met")
    assert rows["Python call of an edit: under 16 ms (median)"] == ("20.0 ms", "**not met**")
    assert rows["Lighthouse on the home: 95+ performance, 100 in the rest"] == ("96 / 100 / 100 / 100", "met")
    assert rows["Lighthouse on the layer page (Conv2D): 95+ performance, 100 in the rest"][1] == "**not met**"


def test_charts_are_wellformed_svg_with_bars_in_proportion():
    charts = svgs(perf.page_markdown(RESULTS))
    assert len(charts) == 2
    for chart in charts:
        root = ET.fromstring(chart)
        assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}title").text
    # Linear page chart: the bars' widths are in the ratio of the medians.
    widths = {}
    for rect in ET.fromstring(charts[0]).iter("{http://www.w3.org/2000/svg}rect"):
        title = rect.find("{http://www.w3.org/2000/svg}title")
        if title is not None:
            widths[title.text] = float(rect.get("width"))
    home = widths["DOMContentLoaded: 500 ms (450–600)"]
    assert abs(widths["DOMContentLoaded: 1,000 ms (900–1,100)"] / home - 2) < 0.01
    assert abs(widths["calculator ready: 2,000 ms (1,900–2,100)"] / home - 4) < 0.01
    # Log model chart: ten times the time is one more decade, the same step each time.
    logw = {}
    for rect in ET.fromstring(charts[1]).iter("{http://www.w3.org/2000/svg}rect"):
        title = rect.find("{http://www.w3.org/2000/svg}title")
        if title is not None:
            logw[title.text.split(": ")[1].split(" ms")[0]] = float(rect.get("width"))
    step = logw["250"] - logw["25"]
    assert step > 0 and abs((logw["15,000"] - logw["1,500"]) - step) < 0.01


def test_it_builds_from_partial_old_or_missing_results(tmp_path):
    only_calc = perf.page_markdown({"calc": RESULTS["calc"]})
    assert "| CPython | 12.5 ms" in only_calc
    assert only_calc.count("Not measured in this run.") == 3
    assert "No target can be checked" in only_calc  # its results have no MicroPython row
    # An older results.json: bytes as a bare number, no latency, no machine.
    old = {"pages": {"layer page (Conv2D)": {"dcl_ms": fig(1000, 900, 1100), "ready_ms": fig(2000, 1900, 2100),
                                             "ready_over_dcl": fig(2.0, 1.9, 2.1), "bytes": 1024000,
                                             "requests": 25}}}
    assert target_rows(perf.page_markdown(old)) == {
        "Layer page (Conv2D): calculator ready within 1.5× DOMContentLoaded": ("2.00×", "**not met**"),
        "Layer page: under 600 KB transferred": ("1,000 KB", "**not met**")}
    assert "No measurements yet" in perf.page_markdown(perf.load(str(tmp_path / "none.json")))
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS))
    assert perf.load(str(path)) == RESULTS


def test_text_from_the_results_file_is_escaped():
    hostile = {"pages": {"<img src=x onerror=alert(1)>": {"dcl_ms": fig(1, 1, 1), "ready_ms": fig(2, 2, 2)}}}
    md = perf.page_markdown(hostile)
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    for chart in svgs(md):
        ET.fromstring(chart)
