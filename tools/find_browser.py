"""Find a Chromium for the browser tests, in this order: $CHROMIUM, Playwright's own
installed browser, /usr/bin/chromium. With --install, install Debian's chromium when
none is found and we are root; otherwise say how to get one.

Prints the path found; the browser tests import `find()` from here."""

import os
import shutil
import subprocess
import sys

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def playwright_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # Playwright without its browser download
        return None
    return path if path and os.path.exists(path) else None


def find():
    candidates = [os.environ.get("CHROMIUM"), playwright_browser(), DEBIAN_CHROMIUM,
                  shutil.which("chromium")]
    for path in candidates:
        if path and os.path.exists(path):
            return path
    return None


HOW_TO = ("No Chromium found for the browser tests. Install one: `sudo apt-get install chromium` "
          "(Debian/Ubuntu), or `python -m playwright install chromium`, or set CHROMIUM=/path/to/chrome.")


def main():
    path = find()
    if path is None and "--install" in sys.argv and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium for the browser tests...", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        path = find()
    if path is None:
        print(HOW_TO, file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
