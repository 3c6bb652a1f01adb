"""calc/keras_classes.py's TABLE is written by tools/keras_classes.py from Keras's own
classes and signatures and from what each calc/layers module registers. This regenerates
it and compares, so a new or renamed entry, or a Keras upgrade, fails here (with the diff
and the command to run) until the table is rewritten."""

import importlib.util
import os
import subprocess
import sys

import pytest

if importlib.util.find_spec("keras") is None:  # the generator's only need (not imported here)
    pytest.skip("the table is generated from Keras, which is not installed", allow_module_level=True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_committed_table_is_what_keras_and_the_catalogue_give():
    # A fresh interpreter: the generator imports the family modules one by one to see
    # which registers what, which this test process has long done.
    done = subprocess.run([sys.executable, "-m", "tools.keras_classes", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout or done.stderr[-2000:]
