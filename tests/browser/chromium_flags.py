"""How Debian's Chromium is launched, by the browser tests and the benchmarks alike.

`playwright install` cannot download browsers here, so Playwright drives
/usr/bin/chromium. tests/browser/conftest.py imports this; benchmarks/chromium.py
loads it from this folder (the tests are not a package). Kept free of pytest
and Playwright so loading it costs nothing. The Makefile's `browsers` check
starts Chromium from the shell with its own copy (CHROMIUM_FLAGS, plus
--headless, which Playwright adds itself): keep the two in step.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium phones home at start and on every page; the
    # network here is closed, so they only add noise and delay.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
