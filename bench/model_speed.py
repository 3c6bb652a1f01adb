"""Whole-model summaries: three Keras Applications' configs (tests/data/applications.json.gz)
summarized by calc under CPython and under MicroPython in Node, and counted by real Keras;
then a 100 MB .keras file summarized against its config alone.

- calc, CPython and MicroPython: a fresh process per model and run; `import calc` is timed
  apart from the summary (load_json + summarize, which also imports the layer families the
  model needs). The reading of the cached JSON is not timed.
- Keras: a fresh process per run, `import keras` timed once, then model_from_json +
  count_params for each model in turn (a process per model would triple a slow benchmark).
- .keras: a zip holding ResNet50's config.json and a 100 MB stored weights entry of random
  bytes, made in a temp dir; read_keras_config + load_json + summarize, in this process.

Every count is checked against what Keras reported for the model when the cache was made.
"""

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "applications.json.gz")
MODELS = ("ResNet50", "ResNet152", "EfficientNetV2L")
RUNS = int(os.environ.get("BENCH_MODEL_RUNS", "5"))
KERAS_RUNS = int(os.environ.get("BENCH_KERAS_RUNS", "3"))
KERAS_FILE_MB = 100

CPYTHON_SNIPPET = """
import gzip, json, sys, time
with gzip.open(%r, "rt", encoding="utf-8") as f:
    text = json.dumps(json.load(f)[sys.argv[1]]["config"])
t0 = time.perf_counter()
import calc
from calc.model import load_json, summarize
t1 = time.perf_counter()
s = summarize(load_json(text))
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1000, "summary_ms": (t2 - t1) * 1000, "total_params": s.total_params}))
""" % DATA

KERAS_SNIPPET = """
import gzip, json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
with gzip.open(%r, "rt", encoding="utf-8") as f:
    apps = json.load(f)
texts = [(n, json.dumps(apps[n]["config"])) for n in sys.argv[1:]]
t0 = time.perf_counter()
import keras
out = {"import_ms": (time.perf_counter() - t0) * 1000, "models": {}}
for name, text in texts:
    t1 = time.perf_counter()
    count = keras.models.model_from_json(text).count_params()
    out["models"][name] = {"ms": (time.perf_counter() - t1) * 1000, "total_params": count}
    keras.backend.clear_session()
print(json.dumps(out))
""" % DATA


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def last_json_line(command):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(command[:3]), done.stderr.strip()[-2000:]))
    return json.loads(done.stdout.strip().splitlines()[-1])


def expected_counts():
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        apps = json.load(f)
    return {name: apps[name]["total_params"] for name in MODELS}, apps


def check(where, name, got, expected):
    if got != expected:
        raise RuntimeError("%s counted %s params for %s; Keras says %s" % (where, got, name, expected))


def calc_runs(command_for, where, expected):
    results = {}
    for name in MODELS:
        print("bench: %s, %d runs under %s" % (name, RUNS, where), file=sys.stderr, flush=True)
        samples = [last_json_line(command_for(name)) for _ in range(RUNS)]
        for s in samples:
            check(where, name, s["total_params"], expected[name])
        results[name] = {"import_ms": spread([s["import_ms"] for s in samples]),
                         "summary_ms": spread([s["summary_ms"] for s in samples])}
    return results


def keras_runs(expected):
    print("bench: Keras, %d runs" % KERAS_RUNS, file=sys.stderr, flush=True)
    samples = [last_json_line([sys.executable, "-c", KERAS_SNIPPET] + list(MODELS)) for _ in range(KERAS_RUNS)]
    results = {"import_ms": spread([s["import_ms"] for s in samples])}
    for name in MODELS:
        for s in samples:
            check("Keras", name, s["models"][name]["total_params"], expected[name])
        results[name] = {"ms": spread([s["models"][name]["ms"] for s in samples])}
    return results


def keras_file_runs(config_text, expected):
    """A 100 MB .keras file against its config alone, both summarized in this process."""
    from calc.keras_file import read_keras_config
    from calc.model import load_json, summarize

    folder = tempfile.mkdtemp(prefix="bench-keras-")
    path = os.path.join(folder, "big.keras")
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
            z.writestr("config.json", config_text)
            with z.open("model.weights.h5", "w", force_zip64=True) as w:
                for _ in range(KERAS_FILE_MB):
                    w.write(os.urandom(1024 * 1024))
        size = os.path.getsize(path)
        summarize(load_json(config_text))  # the layer families imported once, before both timings
        file_ms, config_ms = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            with open(path, "rb") as f:
                s = summarize(load_json(read_keras_config(f)))
            t1 = time.perf_counter()
            check(".keras reader", "ResNet50", s.total_params, expected)
            summarize(load_json(config_text))
            t2 = time.perf_counter()
            file_ms.append((t1 - t0) * 1000)
            config_ms.append((t2 - t1) * 1000)
    finally:
        if os.path.exists(path):
            os.remove(path)
        os.rmdir(folder)
    return {"file_bytes": size, "keras_file_ms": spread(file_ms), "config_ms": spread(config_ms)}


def measure():
    expected, apps = expected_counts()
    return {
        "models": list(MODELS),
        "runs": RUNS,
        "keras_runs": KERAS_RUNS,
        "cpython": calc_runs(lambda n: [sys.executable, "-c", CPYTHON_SNIPPET, n], "calc (CPython)", expected),
        "micropython": calc_runs(lambda n: ["node", "bench/micropython_models.mjs", n], "calc (MicroPython)",
                                 expected),
        "keras": keras_runs(expected),
        "keras_file": keras_file_runs(json.dumps(apps["ResNet50"]["config"]), expected["ResNet50"]),
    }


def fmt(s, digits=0):
    f = "%." + str(digits) + "f"
    return (f + " (" + f + "-" + f + ")") % (s["median"], s["min"], s["max"])


def table(results):
    lines = ["Model summaries: calc median of %d fresh processes per model, Keras of %d (min-max), ms"
             % (results["runs"], results["keras_runs"]),
             "  %-16s %24s %24s %24s %10s" % ("model", "calc, CPython", "calc, MicroPython (Node)",
                                             "Keras model_from_json", "Keras/calc")]
    for name in results["models"]:
        cp, mp, k = results["cpython"][name], results["micropython"][name], results["keras"][name]
        lines.append("  %-16s %24s %24s %24s %9.0fx" % (
            name, fmt(cp["summary_ms"], 1), fmt(mp["summary_ms"]), fmt(k["ms"]),
            k["ms"]["median"] / cp["summary_ms"]["median"]))
    first = results["models"][0]
    lines.append("  %-16s %24s %24s %24s" % (
        "import", fmt(results["cpython"][first]["import_ms"], 1), fmt(results["micropython"][first]["import_ms"]),
        fmt(results["keras"]["import_ms"])))
    kf = results["keras_file"]
    lines.append("  .keras file of %.0f MB (ResNet50 + random weights): %s ms; its config.json alone: %s ms" % (
        kf["file_bytes"] / 1e6, fmt(kf["keras_file_ms"], 1), fmt(kf["config_ms"], 1)))
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
