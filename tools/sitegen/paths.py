"""Where things are: the project's folders, for every module of the site build."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.path.join(ROOT, "web")
NODE_MODULES = os.path.join(ROOT, "node_modules")
DOCS = os.path.join(ROOT, "docs")
OVERRIDES = os.path.join(ROOT, "overrides")
