"""Shared fixtures: tiny real projects, real builds, and the sample site.

Nothing here mocks MkDocs (the helpers are in projects.py):

- ``make_project(services_yaml=..., content=..., feedback_yaml=..., extra=...) -> Path``:
  a tiny real project in the test's temporary folder.
- ``build(project, *args, env=None) -> subprocess.CompletedProcess``: the real
  build (`python -m generator build`), as `make site` runs it.
- ``sample_site`` (session): the repository's own mkdocs.yml, content/ and
  data/ built once into a temporary folder (a `BuiltSite`).
- ``site_page(site, "services/x/") -> SitePage``: a built page to read.
- ``served_folder(folder) -> str``: that folder served over http, as a live site.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from projects import ROOT, BuiltSite, SitePage, build_env, run_build, write_project

from generator.data import clock


@pytest.fixture
def make_project(tmp_path: Path) -> Any:
    """`make_project(services_yaml=..., content=..., feedback_yaml=..., extra=...)`:
    a tiny project in this test's temporary folder (see `write_project`)."""
    count = 0

    def make(**kwargs: Any) -> Path:
        nonlocal count
        count += 1
        return write_project(tmp_path / f"project{count}", **kwargs)

    return make


@pytest.fixture
def build() -> Any:
    """`build(project, *args, env=None)`: run the real build; the result has
    returncode, stdout and stderr."""
    return run_build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own mkdocs.yml, content/ and data/, built once.

    Built in a copy so a test run never replaces the developer's site/, and
    dated like the checkout (its last commit) so it publishes what the data
    says is published today.
    """
    project = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("content", "data", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    result = run_build(project, env=build_env(clock.build_epoch(ROOT)))
    site = project / "site"
    if result.returncode != 0 or not (site / "index.html").is_file():
        raise AssertionError(
            f"`python -m generator build` of the sample data failed "
            f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return BuiltSite(project=project, site=site, result=result)


@pytest.fixture
def site_page() -> Any:
    """`site_page(site, "services/x/")`: the built page at that site address
    ("" is the home page), as a `SitePage`."""

    def read(site: Path, address: str) -> SitePage:
        return SitePage(site / address / "index.html")

    return read


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture
def served_folder() -> Iterator[Callable[[Path], str]]:
    """`served_folder(site)`: that folder served on 127.0.0.1, as "http://.../"."""
    servers: list[ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
