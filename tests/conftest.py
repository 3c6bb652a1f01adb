import os
import shutil
import subprocess
import sys
import tempfile

import pytest

# torch imports triton (its GPU kernel compiler) when torchvision or transformers load
# torch._dynamo; with TensorFlow already in the process, loading triton's native library
# crashes it (a segmentation fault in triton/knobs.py). The tests never compile a kernel:
# a None entry makes `import triton` fail, and torch then goes on without it.
sys.modules.setdefault("triton", None)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ORACLE_STATS = {"compared": 0, "refused_by_both": 0, "torch_compared": 0}

# The Keras and PyTorch oracles sample ORACLE_CASES cases per family (200 by default), shared
# among the family's classes, and at least MIN_ORACLE_CASES for each: a family of many
# classes is not sampled thin.
ORACLE_CASES = int(os.environ.get("ORACLE_CASES", "200"))
MIN_ORACLE_CASES = 12


def oracle_cases(entry, entries):
    """How many sampled cases the oracle compares for `entry`, one of `entries`."""
    family_size = sum(1 for e in entries if e.family == entry.family)
    return max(MIN_ORACLE_CASES, -(-ORACLE_CASES // family_size))


@pytest.fixture(scope="session")
def built_site():
    """The site built once per test session (into a temp dir, so site/ is left alone): the
    build checks, the CSP checks and the browser tests all read this one."""
    out = tempfile.mkdtemp(prefix="site-test-")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", out],
                   cwd=ROOT, check=True, env=env)
    yield out
    shutil.rmtree(out, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    if ORACLE_STATS["compared"]:
        terminalreporter.write_line(
            "Keras oracle: %d examples compared with real Keras (%d refused by both)"
            % (ORACLE_STATS["compared"], ORACLE_STATS["refused_by_both"]))
    if ORACLE_STATS["torch_compared"]:
        terminalreporter.write_line("PyTorch oracle: %d configurations compared with real PyTorch"
                                    % ORACLE_STATS["torch_compared"])
