"""Browser tests: build the site once, serve it on 127.0.0.1, drive headless Chromium."""

import functools
import http.server
import os
import shutil
import tempfile
import threading
from urllib.parse import urlparse

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tools.find_browser import HOW_TO, find

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served by http.server on a free port; served under a
    sub-path (/sub/) to prove no URL is root-absolute."""
    parent = tempfile.mkdtemp(prefix="site-root-")
    os.symlink(built_site, os.path.join(parent, "sub"))
    handler = functools.partial(QuietHandler, directory=parent)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/sub/" % server.server_address[1]
    server.shutdown()
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    path = find()
    if path is None:
        pytest.fail(HOW_TO)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """A fresh context and page, with console errors and off-machine requests recorded
    (requests to any host but 127.0.0.1 are aborted)."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.errors = []
        self.outside = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append("pageerror: %s" % e))

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message):
        if message.type == "error":
            self.errors.append("console: %s" % message.text)

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser):
    w = PageWatch(browser)
    yield w
    w.close()
