"""Every built page carries a Content-Security-Policy that allows only the site itself, and
allows by hash exactly the inline scripts and style attributes the page has (found here
with html.parser, independently of tools/sitegen/csp.py's own scanning).

The browser side (pages still work, no violation) is in tests/browser/test_hostile.py.
"""

import base64
import hashlib
import html.parser
import os

import pytest

EXECUTABLE = ("", "text/javascript", "application/javascript", "module")


@pytest.fixture(scope="module")
def site(built_site):
    return built_site  # tests/conftest.py builds it once per session


class Page(html.parser.HTMLParser):
    """The policy, what comes before it in <head>, inline scripts and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.policies = []
        self.loaded_before_policy = []  # scripts and stylesheets seen before the policy
        self.scripts = []
        self.style_attrs = []
        self._script = None
        self.loads_python = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and (a.get("src") or "").endswith("assets/calc/python.js"):
            self.loads_python = True
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
        if not self.policies and (tag == "script" or tag == "link" and a.get("rel") == "stylesheet"):
            self.loaded_before_policy.append(tag)
        if "style" in a:
            self.style_attrs.append(a["style"] or "")
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in EXECUTABLE:
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def digest(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def directives(policy):
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def pages(site):
    for folder, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                parser = Page()
                with open(path, encoding="utf-8") as f:
                    parser.feed(f.read())
                yield os.path.relpath(path, site), parser


def test_every_page_has_one_policy_first(site):
    count = python = 0
    for name, page in pages(site):
        count += 1
        python += page.loads_python
        assert len(page.policies) == 1, name
        assert page.loaded_before_policy == [], name
    assert count > 100  # every layer page, not just a few
    assert python > 100  # the policy below holds on the pages that run Python too


def test_policy_allows_only_the_site(site):
    for name, page in pages(site):
        d = directives(page.policies[0])
        assert d["default-src"] == ["'self'"], name
        assert d["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"], name
        # No 'unsafe-eval' anywhere, Python's pages included: the interpreter runs in the
        # site's own worker (web/worker.js), and WebAssembly needs only 'wasm-unsafe-eval'.
        assert all(s.startswith("'sha256-") for s in d["script-src"][2:]), name
        assert d["style-src"][0] == "'self'" and all(s.startswith("'sha256-") for s in d["style-src"][1:])
        for key, want in (("img-src", ["'self'", "data:"]), ("font-src", ["'self'"]),
                          ("connect-src", ["'self'"]), ("worker-src", ["'self'"]),
                          ("object-src", ["'none'"]), ("base-uri", ["'self'"]), ("form-action", ["'self'"])):
            assert d[key] == want, (name, key)
        text = page.policies[0]
        assert "'unsafe-inline'" not in text and "*" not in text, name
        assert "'unsafe-eval'" not in text, name
        assert "http:" not in text and "https:" not in text, name


def test_inline_code_is_allowed_by_its_hash_only(site):
    checked = 0
    for name, page in pages(site):
        d = directives(page.policies[0])
        hashes = [s for s in d["script-src"] if s.startswith("'sha256-")]
        assert sorted(set(digest(s) for s in page.scripts)) == sorted(hashes), name
        attrs = sorted(set(digest(s) for s in page.style_attrs))
        if attrs:
            assert d["style-src-attr"] == ["'unsafe-hashes'"] + attrs, name
        else:
            assert d["style-src-attr"] == ["'none'"], name
        checked += len(page.scripts)
    assert checked > 0  # Material's inline scripts exist, so the hashing is exercised


def test_a_changed_script_no_longer_matches():
    """The hash pins the exact text: one character more and the browser refuses it."""
    from tools.sitegen import csp

    page = "<html><head><meta charset=utf-8><script>var a = 1;</script></head><body></body></html>"
    policy = directives(csp.policy(page))
    assert digest("var a = 1;") in policy["script-src"]
    assert digest("var a = 1; ") not in policy["script-src"]
    out = csp.add_policy(page)
    assert out.index("Content-Security-Policy") < out.index("<script>")
