"""Browser test fixtures: a built site served locally, Debian's Chromium, and the checkers.

Every browser test sees the site the way a visitor would: real files served
over HTTP on 127.0.0.1, opened in a real Chromium. Each page records what a
visitor never should see (console errors, script errors, dialogs, requests
to any other origin) so a test can assert that none happened; requests to
other origins are also aborted, so a slip can never leak to the network.

Fixtures (request them by name):

- ``browser`` (session): Playwright's Chromium, launched from
  ``/usr/bin/chromium`` (Debian's package; Playwright never downloads one).
- ``served_site(folder) -> SiteServer``: serve a built site folder on a free
  port until the test ends.
- ``sample_site_dir`` (session): the site folder of the shared ``sample_site``
  build; ``sample_site_server`` (session): that folder served.
- ``page``: a fresh context and page at ``viewport_width`` (1280 unless a
  test parametrizes ``viewport_width``); a full-page screenshot of its last
  state is saved in the test's ``tmp_path``.
- ``page_log``: what the page recorded. A test that expects problems (the
  tests of these tools) inspects them and calls ``page_log.clear()``; any
  problem left at the end fails the test.
- ``run_axe(page) -> list[violation]`` and ``run_vnu(paths) -> list[VnuFinding]``:
  the pinned axe-core and Nu Html Checker from ``node_modules`` (``make test``
  installs both).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from chromium_flags import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    WebSocketRoute,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from site_pages import sample_directory

from generator.data import clock
from generator.data.model import Directory, Service

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
VIEWPORTS = {320: 640, 390: 844, 1280: 800}
"""Widths the tests use and a typical height for each: the narrowest reflow
width WCAG asks for, a common phone, and a laptop."""

MISSING_TOOL = "{what} is missing ({path}). Run `make test`, which installs it."


# --- serving a built site ---------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files as a simple host serves them, without a log line per request.

    A missing file gets the site's own 404.html with status 404, as GitHub
    Pages and most static hosts do, so the 404 page can be tested for real.
    """

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class SiteServer:
    """A site folder served on 127.0.0.1; `url` ends with a slash."""

    root: Path
    url: str

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def url_for(self, path: str) -> str:
        """The address of a path inside the site, like `services/some-id/`."""
        return self.url + path.lstrip("/")


_live_origins: set[str] = set()
"""Origins of the sites served right now: the only places a page may fetch from."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[SiteServer]:
    """Serve `folder` on a free port in a background thread until the block ends.

    While it runs, its origin is one that pages may fetch from.
    """
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{folder} is not a built site: it has no index.html")
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    port = server.server_address[1]
    site = SiteServer(root=folder, url=f"http://127.0.0.1:{port}/")
    _live_origins.add(site.origin)
    try:
        yield site
    finally:
        _live_origins.discard(site.origin)
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def _servers() -> Iterator[contextlib.ExitStack]:
    with contextlib.ExitStack() as stack:
        yield stack


@pytest.fixture
def served_site(_servers: contextlib.ExitStack) -> Callable[[Path], SiteServer]:
    """Serve any built site folder: `served_site(folder).url`.

    The server lives until the end of the run, not of the test: pytest tears
    fixtures down in an order the test's signature decides, and a page still
    fetching its favicon must never meet a closed server.
    """
    return lambda folder: _servers.enter_context(serve(Path(folder)))


# --- the sample site ----------------------------------------------------------


@pytest.fixture(scope="session")
def sample_site_dir(sample_site: Any) -> Path:
    """The bundled sample data, built once per run by the shared `sample_site`
    fixture (tests/conftest.py): the site folder."""
    site = Path(sample_site.site)
    assert (site / "index.html").is_file(), f"{site} is not a built site folder"
    return site


@pytest.fixture(scope="session")
def sample_site_server(sample_site_dir: Path) -> Iterator[SiteServer]:
    """The sample site served for the whole run (read-only, so tests can share it)."""
    with serve(sample_site_dir) as server:
        yield server


# --- Chromium ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once for the run."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING_TOOL.format(what="Chromium", path=CHROMIUM), pytrace=False)
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class PageLog:
    """What happened on a page that a visitor should never meet."""

    allowed_origins: Callable[[], set[str]]
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"script error: {m}" for m in self.page_errors]
            + [f"dialog: {m}" for m in self.dialogs]
            + [f"request to another origin (blocked): {u}" for u in self.foreign_requests]
            + [f"HTTP error: {m}" for m in self.failed_responses]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "The page had problems:\n  " + "\n  ".join(problems)

    def clear(self) -> None:
        """Forget what was recorded: for tests that provoked it on purpose."""
        for found in (
            self.console_errors,
            self.page_errors,
            self.dialogs,
            self.foreign_requests,
            self.failed_responses,
        ):
            found.clear()

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" in self.allowed_origins()

    # Playwright callbacks

    def on_route(self, route: Route) -> None:
        if self.is_own(route.request.url):
            route.continue_()
        else:
            self.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def on_websocket(self, ws: WebSocketRoute) -> None:
        if self.is_own(ws.url):
            ws.connect_to_server()
        else:
            self.foreign_requests.append(ws.url)
            ws.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog(allowed_origins=lambda: set(_live_origins))


@pytest.fixture
def viewport_width() -> int:
    """Override with `@pytest.mark.parametrize("viewport_width", [390, 1280])`."""
    return 1280


@pytest.fixture
def page(
    browser: Browser,
    page_log: PageLog,
    viewport_width: int,
    tmp_path: Path,
) -> Iterator[Page]:
    """A fresh page (own context: no cookies or storage from other tests)."""
    height = VIEWPORTS.get(viewport_width, 800)
    context: BrowserContext = browser.new_context(
        viewport={"width": viewport_width, "height": height},
        locale="en-GB",
        timezone_id="Europe/London",
        service_workers="block",
    )
    context.route("**/*", page_log.on_route)
    context.route_web_socket(re.compile(".*"), page_log.on_websocket)
    page = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            page_log.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_dialog(dialog: Any) -> None:
        page_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_response(response: Any) -> None:
        if response.status >= 400:
            page_log.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    page.on("response", on_response)
    yield page
    # The last state, to look at when a test fails; never the reason a test fails.
    with contextlib.suppress(PlaywrightError):
        page.screenshot(path=tmp_path / f"screenshot-{viewport_width}.png", full_page=True)
    context.close()
    problems = page_log.problems()
    if problems:
        pytest.fail(
            "The page had problems the test did not check:\n  " + "\n  ".join(problems),
            pytrace=False,
        )


# --- checkers -----------------------------------------------------------------------


def _axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(MISSING_TOOL.format(what="axe-core", path=AXE_JS), pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page: Page, tags: Iterable[str] = AXE_TAGS) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now (WCAG 2.2 AA and best practice).

    axe is evaluated through the DevTools protocol rather than added as a
    <script> tag: a strict Content-Security-Policy (which the site sets)
    blocks an inline script tag and would log a violation of its own.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations;
        }""",
        list(tags),
    )
    return list(result)


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation and affected element, for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} - {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:5]:
            lines.append(
                f"    {' '.join(map(str, node.get('target', [])))}: {node.get('html', '')[:160]}"
            )
    return "\n".join(lines)


@dataclass(frozen=True)
class VnuFinding:
    """One error or warning from the Nu Html Checker."""

    file: str
    line: int | None
    column: int | None
    kind: str  # "error", "warning" or "non-document-error" (a file it could not read)
    message: str
    extract: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.kind}: {self.message}"


def run_vnu(paths: Iterable[Path]) -> list[VnuFinding]:
    """The Nu Html Checker's errors and warnings for HTML files (one Java run for all)."""
    files = [Path(p) for p in paths]
    if not files:
        raise ValueError("run_vnu needs at least one file")
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"no such HTML files: {missing}")
    if not VNU_JAR.is_file():
        pytest.fail(MISSING_TOOL.format(what="The Nu Html Checker", path=VNU_JAR), pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail(MISSING_TOOL.format(what="Java", path="java"), pytrace=False)
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"vnu.jar failed (exit {result.returncode}): {result.stderr}")
    findings = []
    for m in json.loads(result.stdout)["messages"]:
        kind = m["type"]
        if kind == "info":
            if m.get("subType") != "warning":
                continue
            kind = "warning"
        url = m.get("url", "")
        findings.append(
            VnuFinding(
                file=url.removeprefix("file:"),
                line=m.get("lastLine"),
                column=m.get("firstColumn"),
                kind=kind,
                message=m.get("message", ""),
                extract=m.get("extract", ""),
            )
        )
    return findings


@pytest.fixture(name="run_axe")
def run_axe_fixture() -> Callable[..., list[dict[str, Any]]]:
    """`run_axe(page)`: a fixture so test modules need not import this conftest."""
    return run_axe


@pytest.fixture(name="run_vnu")
def run_vnu_fixture() -> Callable[[Iterable[Path]], list[VnuFinding]]:
    """`run_vnu(paths)`: a fixture so test modules need not import this conftest."""
    return run_vnu


@pytest.fixture(name="describe_violations")
def describe_violations_fixture() -> Callable[[list[dict[str, Any]]], str]:
    return describe_violations


@pytest.fixture(scope="session")
def directory() -> Directory:
    """The sample data, checked as the sample site was built from it (same date)."""
    return sample_directory()


@pytest.fixture(scope="session")
def published(directory: Directory) -> list[Service]:
    """The sample services the sample site publishes."""
    return directory.published(clock.build_date(ROOT))
