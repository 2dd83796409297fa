"""The Chromium that tests, the bench and `make browser` use: one path (CHROMIUM, else Debian's) and one set of flags."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic would fail on a closed network and be counted as page requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


if __name__ == "__main__":
    # `make browser` asks for the path here rather than naming a default of its own.
    print(CHROMIUM)
