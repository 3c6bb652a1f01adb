"""`calc` itself: import time and one count, under CPython and under MicroPython in Node.

Each figure is the median of several fresh processes (a cold import every time).
"""

import compileall
import json
import os
import statistics
import subprocess
import sys

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


def runs(command):
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
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
    micropython = runs(["node", "bench/micropython_calc.mjs"])
    return {
        "cpython": {"import_ms": summary(cpython, "import_ms"), "count_ms": summary(cpython, "count_ms")},
        "micropython": {"import_ms": summary(micropython, "import_ms"),
                        "count_ms": summary(micropython, "count_ms"),
                        "runtime_startup_ms": summary(micropython, "startup_ms")},
    }


def table(results):
    lines = ["calc: import + one Conv2D count (median of %d cold processes, CPython with bytecode; min-max)"
             % RUNS,
             "  %-12s %22s %22s %14s" % ("runtime", "import ms", "count ms", "total ms")]
    targets = {"cpython": 5, "micropython": 50}
    for runtime in ("cpython", "micropython"):
        r = results[runtime]
        total = r["import_ms"]["median"] + r["count_ms"]["median"]
        lines.append("  %-12s %8.2f (%5.2f-%6.2f) %8.3f (%5.3f-%6.3f) %8.2f  target < %d ms: %s" % (
            runtime, r["import_ms"]["median"], r["import_ms"]["min"], r["import_ms"]["max"],
            r["count_ms"]["median"], r["count_ms"]["min"], r["count_ms"]["max"], total,
            targets[runtime], "met" if total < targets[runtime] else "NOT met"))
    return "\n".join(lines)


if __name__ == "__main__":
    results = measure()
    print(table(results))
