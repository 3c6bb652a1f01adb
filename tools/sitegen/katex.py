"""Formulas typeset to HTML at build time with KaTeX (no math script in the browser)."""

import json
import os
import subprocess

from tools.sitegen.paths import ROOT

RENDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "katex_render.mjs")


def render_latex(items):
    """[LaTeX] -> [HTML], one node process for every formula of the site."""
    try:
        done = subprocess.run(["node", RENDER], input=json.dumps(items), capture_output=True,
                              text=True, check=True, cwd=ROOT)
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError("KaTeX rendering failed (is node installed and `npm ci` done?): %s"
                           % getattr(e, "stderr", e))
    return json.loads(done.stdout)
