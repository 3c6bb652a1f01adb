"""The corpus scripts summarized by calc under MicroPython (the browser's runtime, in Node,
with the site's stack and heap) give the counts calc gives under CPython, which
test_keras_corpus.py compares with Keras. MicroPython's dicts are unordered and its stack
small: differences between the runtimes show here first."""

import json
import os
import shutil
import subprocess

import pytest

from calc.model_source import summarize_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "data", "keras_corpus")


def test_micropython_counts_the_corpus_as_cpython_does():
    if not shutil.which("node"):
        pytest.skip("node is needed to run MicroPython")
    done = subprocess.run(["node", os.path.join(ROOT, "tests", "micropython", "run_corpus.mjs")],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    micropython = json.loads(done.stdout.strip().splitlines()[-1])
    differ = []
    for name in sorted(micropython):
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            text = f.read()
        try:
            summary = summarize_text(text)
            cpython = [summary.total_params, summary.trainable_params]
        except ValueError as e:
            cpython = "error: CodeError: %s" % e
        same = micropython[name] == cpython or isinstance(cpython, str) and isinstance(micropython[name], str)
        if not same:
            differ.append((name, cpython, micropython[name]))
    assert len(micropython) >= 40
    assert differ == []
