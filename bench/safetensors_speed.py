"""The summary of a 498-tensor .safetensors header (bench/safetensors_header.py: Llama-shaped
layers, a 22 GB file of which only the 58 kB header exists), under MicroPython in Node as the
browser runs it, and under CPython.

- MicroPython: one process (bench/micropython_safetensors.mjs), `import` timed apart, then
  BENCH_SAFETENSORS_RUNS summaries, each of the header handed over as the page hands it
  (RangeFile with the file's size), then the page's JSON view of it. The first run pays for
  the garbage collector's first sweeps of the site's heap; the median is the figure.
- CPython: the same in this process.

    python -m bench.safetensors_speed   (prints the table; `make bench` runs it with the rest)
"""

import json
import os
import subprocess
import tempfile
import time

from bench.model_speed import check, spread
from bench.safetensors_header import header, tensors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("BENCH_SAFETENSORS_RUNS", "15"))


def cpython_runs(data, size, expected):
    from calc.model_source import RangeFile, summarize_data
    from web.summaryview import view

    summary_ms, view_ms = [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        s = summarize_data(RangeFile(size, [(0, data)]), name="model.safetensors")
        t1 = time.perf_counter()
        json.dumps(view(s))
        t2 = time.perf_counter()
        check("calc (CPython)", "the safetensors header", s.total_params, expected)
        summary_ms.append((t1 - t0) * 1000)
        view_ms.append((t2 - t1) * 1000)
    return {"summary_ms": spread(summary_ms), "view_ms": spread(view_ms)}


def micropython_runs(data, size, expected):
    with tempfile.NamedTemporaryFile(suffix=".hdr") as f:
        f.write(data)
        f.flush()
        done = subprocess.run(["node", "bench/micropython_safetensors.mjs", f.name, str(size), str(RUNS)],
                              cwd=ROOT, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    check("calc (MicroPython)", "the safetensors header", out["total_params"], expected)
    return {"import_ms": out["import_ms"], "summary_ms": spread(out["summary_ms"]),
            "view_ms": spread(out["view_ms"]), "first_summary_ms": out["summary_ms"][0]}


def measure():
    data, size, params = header()
    return {"tensors": len(tensors()), "header_bytes": len(data), "file_bytes": size, "runs": RUNS,
            "cpython": cpython_runs(data, size, params), "micropython": micropython_runs(data, size, params)}


def table(results):
    def fmt(s):
        return "%.1f (%.1f-%.1f)" % (s["median"], s["min"], s["max"])

    mp, cp = results["micropython"], results["cpython"]
    return "\n".join([
        "Safetensors header of %d tensors (%.0f kB, for a %.1f GB file): median of %d runs (min-max), ms"
        % (results["tensors"], results["header_bytes"] / 1e3, results["file_bytes"] / 1e9, results["runs"]),
        "  %-28s %22s %22s" % ("", "summary", "page's JSON view"),
        "  %-28s %22s %22s" % ("calc, MicroPython (Node)", fmt(mp["summary_ms"]), fmt(mp["view_ms"])),
        "  %-28s %22s %22s" % ("calc, CPython", fmt(cp["summary_ms"]), fmt(cp["view_ms"])),
        "  MicroPython: import %.0f ms; first summary %.0f ms" % (mp["import_ms"], mp["first_summary_ms"]),
    ])


if __name__ == "__main__":
    print(table(measure()))
