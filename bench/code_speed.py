"""Pasted Keras code: a script of about 300 lines with two custom layer classes (five files of
tests/data/keras_corpus/, one after the other: three functional models built by helper
functions, a model of def'd blocks, and the keras.io transformer text classifier with its
TransformerBlock and TokenAndPositionEmbedding layers, which is the model summarized)
read by calc's evaluator under CPython (in this process) and under MicroPython in Node.
Targets (issue #12): under 50 ms on CPython, under 300 ms on MicroPython.

The total is checked against real Keras's count of the transformer classifier, 657,758,
which tests/test_keras_corpus.py asserts too.

Also timed: keras.applications.ResNet50(weights=None) in pasted code, built by Keras's own
application code run by the evaluator (177 layers; Keras counts 25,636,712).
"""

import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "data", "keras_corpus")
FILES = ("vision_image_classification_from_scratch.py", "timeseries_timeseries_classification_transformer.py",
         "vision_convmixer.py", "guides_functional_api.py", "nlp_text_classification_with_transformer.py")
KERAS_TOTAL = 657758
RUNS = int(os.environ.get("BENCH_CODE_RUNS", "10"))
APPLICATION = "import keras\nmodel = keras.applications.ResNet50(weights=None)\n"
APPLICATION_TOTAL = 25636712


def script():
    parts = []
    for name in FILES:
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            parts.append(f.read())
    return "\n".join(parts) + "\nmodel = model\n"


def measure():
    from calc.model_source import summarize_text

    text = script()
    summarize_text(text)  # imports the layer families once, as a page does on its first paste
    cpython = []
    for _ in range(RUNS):
        t = time.perf_counter()
        summary = summarize_text(text)
        cpython.append((time.perf_counter() - t) * 1000)
    if summary.total_params != KERAS_TOTAL:
        raise RuntimeError("the code summary counts %d, Keras %d" % (summary.total_params, KERAS_TOTAL))
    mp = micropython(text, KERAS_TOTAL)
    application = micropython(APPLICATION, APPLICATION_TOTAL)
    return {"lines": len(text.splitlines()), "custom_classes": 2, "total_params": KERAS_TOTAL,
            "cpython_ms": statistics.median(cpython), "micropython_ms": statistics.median(mp["summary_ms"][1:] or mp["summary_ms"]),
            "micropython_first_ms": mp["summary_ms"][0], "micropython_import_ms": mp["import_ms"],
            "target_cpython_ms": 50, "target_micropython_ms": 300,
            "application_micropython_ms": statistics.median(application["summary_ms"][1:] or application["summary_ms"]),
            "application_micropython_first_ms": application["summary_ms"][0]}


def micropython(text, keras_total):
    """bench/micropython_code.mjs's timings of summarizing `text`, its count checked."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(text)
    try:
        done = subprocess.run(["node", os.path.join(ROOT, "bench", "micropython_code.mjs"), f.name, str(RUNS)],
                              cwd=ROOT, capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    mp = json.loads(done.stdout.strip().splitlines()[-1])
    if mp["total_params"] != keras_total:
        raise RuntimeError("MicroPython's code summary counts %d, Keras %d" % (mp["total_params"], keras_total))
    return mp


def table(r):
    return "\n".join([
        "Pasted code: %d lines, %d custom layer classes (Keras: %s parameters)" % (
            r["lines"], r["custom_classes"], format(r["total_params"], ",")),
        "  CPython      %7.1f ms   (target < %d ms)" % (r["cpython_ms"], r["target_cpython_ms"]),
        "  MicroPython  %7.1f ms   (target < %d ms; first run %.1f ms)" % (
            r["micropython_ms"], r["target_micropython_ms"], r["micropython_first_ms"]),
        "keras.applications.ResNet50 in code, MicroPython  %.1f ms (first run %.1f ms)" % (
            r["application_micropython_ms"], r["application_micropython_first_ms"]),
    ])


if __name__ == "__main__":
    result = measure()
    print(table(result))
