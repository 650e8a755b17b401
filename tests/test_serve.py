"""`make serve` on an editor's machine: each save rebuilds, and the open page
shows the change.

A real `python -m generator serve` runs on a tiny project; the tests edit
its files and read what the preview serves. Rebuilds reuse the last HTML
of pages that did not change, so these tests hold that an edited listing,
an unpublished one and an edited theme all show at once, and that an
unchanged page is served exactly as before.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from projects import ONE_SERVICE, ROOT, build_env, write_project

SERVICES = ONE_SERVICE + (
    "  - id: riverside-swim-club\n"
    "    name: Riverside Swim Club\n"
    "    summary: Quiet swimming sessions for children with sensory needs.\n"
    "    themes: [leisure-play-short-breaks]\n"
    "    last_reviewed: 2026-03-14\n"
)
_LIVE_RELOAD = re.compile(r"livereload\(\d+, \d+\)")


class Preview:
    """A running preview and the project it shows."""

    def __init__(self, project: Path, port: int) -> None:
        self.project = project
        self.base = f"http://127.0.0.1:{port}/"

    def get(self, path: str) -> tuple[int, str]:
        """The status and HTML served at `path`, without the live-reload
        script's counters (they change with every rebuild by design)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, _LIVE_RELOAD.sub("livereload()", response.read().decode())
        except urllib.error.HTTPError as error:
            return error.code, ""
        except urllib.error.URLError:
            return 0, ""  # not listening yet

    def wait_for(self, path: str, check: Callable[[int, str], bool], seconds: float = 60) -> str:
        """The page at `path` once `check(status, html)` holds (after a rebuild)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status, html = self.get(path)
            if check(status, html):
                return html
            time.sleep(0.2)
        raise AssertionError(f"{path} never changed as expected")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = write_project(tmp_path / "project", services_yaml=SERVICES)
    # Its own copy of the theme overrides, to edit.
    shutil.copytree(ROOT / "overrides", project / "overrides")
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = "overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    port = _free_port()
    env = build_env(epoch=None)
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--address", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        running = Preview(project, port)
        running.wait_for("services/sunflower-play-scheme/", lambda status, _: status == 200)
        yield running
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_edited_listing_shows_and_unchanged_pages_stay_as_they_were(preview: Preview) -> None:
    before = preview.get("services/riverside-swim-club/")[1]
    assert "Riverside Swim Club" in before
    preview.edit(
        "data/services.yaml", "name: Sunflower Play Scheme", "name: Sunflower Holiday Club"
    )
    edited = preview.wait_for(
        "services/sunflower-play-scheme/", lambda _, html: "Sunflower Holiday Club" in html
    )
    assert "<title>Sunflower Holiday Club - " in edited
    assert "Sunflower Holiday Club" in preview.get("services/")[1]  # the A to Z too
    assert preview.get("services/riverside-swim-club/")[1] == before


def test_an_unpublished_listing_is_gone_at_once(preview: Preview) -> None:
    preview.edit(
        "data/services.yaml",
        "name: Riverside Swim Club",
        "name: Riverside Swim Club\n    status: inactive",
    )
    preview.wait_for("services/riverside-swim-club/", lambda status, _: status == 404)
    assert preview.get("services/sunflower-play-scheme/")[0] == 200


def test_an_edited_theme_reaches_every_page(preview: Preview) -> None:
    before = preview.get("services/riverside-swim-club/")[1]
    preview.edit("overrides/main.html", "Accessibility statement</a>", "Accessibility</a>")
    after = preview.wait_for(
        "services/riverside-swim-club/", lambda _, html: ">Accessibility</a>" in html
    )
    assert after.replace(">Accessibility</a>", ">Accessibility statement</a>") == before
