"""A Content-Security-Policy on every built page: only the site itself may supply code,
styles, images, fonts and connections.

Written as <meta http-equiv="Content-Security-Policy"> (the site is static; no server
headers to rely on) by ``apply(site_dir)``, called from on_post_build in
tools/sitegen/hooks.py once every HTML page is written. Per page:

- script-src 'self' 'wasm-unsafe-eval': MicroPython is WebAssembly, which needs
  'wasm-unsafe-eval' to compile. The few inline scripts Material writes (__md_scope,
  palette, anchor fix) are allowed by their sha256 hashes, computed from the page itself;
  <script type="application/json"> is data, not code. No 'unsafe-eval' on any page:
  Python runs in the site's own module worker (web/worker.js, loaded from 'self'), which
  imports the interpreter's module directly; PyScript, whose core composed its hooks
  with Function(...) and so needed 'unsafe-eval', is no longer loaded (issue #13, #17).
- style-src 'self': stylesheets are files. KaTeX's pre-rendered formulas and Markdown's
  aligned table cells carry style="..." attributes; those exact values are allowed by hash
  in style-src-attr ('unsafe-hashes' is what lets a hash match an attribute, not
  'unsafe-inline'), so nothing else can inject a style.
- img-src 'self' data: (Material's icons are data: SVGs in its CSS); font-src,
  connect-src, worker-src (search worker, service worker, the Python worker) 'self'; no plugins, no <base>
  elsewhere, forms post only here.

frame-ancestors cannot be set from a <meta> (browsers ignore it there); that needs a
server header, and the embed pages are meant to be framed anyway.
"""

import base64
import hashlib
import os
import re

# Script types a browser executes; any other (application/json, mpy, py) is data to it.
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TYPE_ATTR = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")  # escaped markup shown as code (&lt;...) is text
HEAD_START = re.compile(r"<head\b[^>]*>", re.I)
CHARSET_META = re.compile(r"<meta\s+charset\s*=[^>]*>", re.I)
MARKER = 'http-equiv="Content-Security-Policy"'


def sha256(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-%s'" % base64.b64encode(digest).decode("ascii")


def unescape_attribute(value):
    """The attribute's value as the browser sees it (the hash is of the parsed value)."""
    for entity, char in (("&quot;", '"'), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        value = value.replace(entity, char)
    return value


def policy(html):
    """The policy for one page, allowing exactly its own inline scripts and styles."""
    scripts = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = TYPE_ATTR.search(attrs)
        if (kind.group(1).lower() if kind else "") in EXECUTABLE_TYPES:
            scripts.append(sha256(body))
    styles = [sha256(body) for body in STYLE_ELEMENT.findall(html)]
    attrs = [sha256(unescape_attribute(a or b)) for tag in START_TAG.findall(html)
             for a, b in STYLE_ATTR.findall(tag)]
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'"] + sorted(set(scripts))),
        " ".join(["style-src 'self'"] + sorted(set(styles))),
        " ".join(["style-src-attr 'unsafe-hashes'"] + sorted(set(attrs))) if attrs else "style-src-attr 'none'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def add_policy(html):
    """The page with its policy as the first thing in <head> after the charset, before any
    script or style can load. A page without <head> (a fragment) is left alone."""
    if MARKER in html:
        raise ValueError("the page already has a Content-Security-Policy")
    meta = '<meta %s content="%s">' % (MARKER, policy(html))
    anchor = CHARSET_META.search(html) or HEAD_START.search(html)
    if anchor is None:
        return html
    return html[:anchor.end()] + "\n    " + meta + html[anchor.end():]


def apply(site_dir):
    """Add the policy to every HTML file under site_dir; returns how many were changed."""
    changed = 0
    for folder, _, names in os.walk(site_dir):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                html = f.read()
            updated = add_policy(html)
            if updated != html:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(updated)
                changed += 1
    return changed
