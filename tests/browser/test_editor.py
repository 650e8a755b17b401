"""The browser editor at /admin/, in a real Chromium against a local git backend.

The built site's /admin/ is served as a host would serve it, and `decap-server`
(the editor's local backend, from node_modules) reads and writes the files of
a real project in a temporary folder, as the git host would. An officer fills
in the form; the file it writes must pass `python -m generator check` and be
in the next build. With `DOCS_SCREENSHOTS=1` the tests also save the
screenshots docs/editing.md shows into docs/images/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Page, expect
from projects import ROOT, git, run_build, run_generator, write_project

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
DOCS_IMAGES = ROOT / "docs" / "images"
REQUIRED_MISSING = "Oops, you've missed a required field. Please complete before saving."


@dataclass(frozen=True)
class Editor:
    project: Path
    backend: str  # the local backend's origin
    site: Any  # the served site (conftest.SiteServer)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _editor_project(folder: Path, mode: str) -> Iterator[tuple[Path, str]]:
    """A project in git, built with /admin/ pointing at a local decap-server in
    `mode`: "fs" writes each save into the folder, "git" works as a git host
    does, with the editorial workflow (a branch for each change under review)."""
    if shutil.which("node") is None or not DECAP_SERVER.is_file():
        pytest.fail("decap-server is missing: run `make test`, which installs it.", pytrace=False)
    port = _free_port()
    backend = f"http://127.0.0.1:{port}"
    project = write_project(
        folder / "project",
        extra={"editor": {"repo": "hollinbrook/local-offer", "local_backend": f"{backend}/api/v1"}},
    )
    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Start")
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)],
        env={**os.environ, "PORT": str(port), "GIT_REPO_DIRECTORY": str(project), "MODE": mode},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urlopen(f"{backend}/api/v1", timeout=1)  # noqa: S310 (our own local server)
                break
            except OSError as error:
                if "405" in str(error) or "404" in str(error):
                    break
                time.sleep(0.1)
        yield project, backend
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def editor_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    yield from _editor_project(tmp_path_factory.mktemp("editor"), "fs")


@pytest.fixture(scope="module")
def review_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    yield from _editor_project(tmp_path_factory.mktemp("review"), "git")


@pytest.fixture
def editor(editor_project: tuple[Path, str], served_site: Any) -> Editor:
    project, backend = editor_project
    return Editor(project, backend, served_site(project / "site"))


@pytest.fixture
def page_log(page_log: Any, editor_project: tuple[Path, str]) -> Any:
    """The local backend stands in for the git host: the one other origin allowed."""
    outer = page_log.allowed_origins
    page_log.allowed_origins = lambda: outer() | {editor_project[1]}
    return page_log


def _screenshot(page: Page, name: str) -> None:
    if os.environ.get("DOCS_SCREENSHOTS") == "1":
        page.screenshot(path=DOCS_IMAGES / name)


def _sign_in(page: Page, editor: Editor) -> None:
    page.goto(editor.site.url_for("admin/"))
    _screenshot(page, "editor-sign-in.png")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Services", exact=True).first).to_be_visible()


def test_the_editor_loads_from_the_site_and_talks_only_to_the_git_host(
    page: Page, editor: Editor, page_log: Any
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _sign_in(page, editor)
    expect(page.get_by_text("Sunflower Play Scheme")).to_be_hidden()  # a list file: not listed
    origins = {
        f"{p.scheme}://{p.netloc}"
        for p in map(urlsplit, requested)
        if p.scheme not in ("data", "blob")
    }
    assert origins == {editor.site.origin, editor.backend}
    assert not page_log.foreign_requests
    # Every script came from the site's own /admin/ folder: no CDN.
    scripts = [u for u in requested if u.endswith(".js")]
    assert scripts and all(u.startswith(editor.site.url_for("admin/")) for u in scripts)


def _fill_in_a_new_service(page: Page, editor: Editor) -> None:
    page.goto(editor.site.url_for("admin/#/collections/services/new"))
    page.get_by_label("Id", exact=True).fill("willow-swim")
    page.get_by_label("Name", exact=True).fill("Willow Swim")
    page.get_by_label("Summary", exact=True).fill(
        "Quiet swimming sessions for disabled children and their families."
    )
    page.get_by_label("Themes", exact=True).click()
    page.get_by_text("Leisure, play and short breaks", exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_label(re.compile(r"^Area covered")).fill("All of Hollinbrook")
    page.get_by_label(re.compile(r"^Email")).first.fill("swim@example.org")
    page.get_by_label("Last reviewed", exact=True).fill("2026-05-01")
    page.get_by_label("Id", exact=True).scroll_into_view_if_needed()


def test_an_officer_adds_a_service_and_it_is_in_the_next_build(page: Page, editor: Editor) -> None:
    _sign_in(page, editor)
    _fill_in_a_new_service(page, editor)
    _screenshot(page, "editor-new-service.png")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    expect(page.get_by_text("Entry saved")).to_be_visible()

    written = editor.project / "data" / "services" / "willow-swim.yaml"
    for _ in range(50):
        if written.is_file():
            break
        time.sleep(0.1)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("id: willow-swim\nname: Willow Swim\n")
    checked = run_generator(editor.project, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("2 services checked: 0 problems")
    built = run_build(editor.project)
    assert built.returncode == 0, built.stderr
    page_html = editor.project / "site" / "services" / "willow-swim" / "index.html"
    assert "Quiet swimming sessions for disabled children" in page_html.read_text("utf-8")


def test_saving_with_a_git_host_opens_a_change_for_review_not_on_main(
    page: Page, review_project: tuple[Path, str], served_site: Any, page_log: Any, tmp_path: Path
) -> None:
    """The editorial workflow, as a git host runs it: saving puts the new listing
    on a branch of its own (on GitHub, a pull request), and main, which the
    site is published from, is unchanged until the change is approved."""
    project, backend = review_project
    editor = Editor(project, backend, served_site(project / "site"))
    outer = page_log.allowed_origins
    page_log.allowed_origins = lambda: outer() | {backend}
    main_before = git(project, "rev-parse", "main").strip()
    asked: list[str] = []  # "is this listing under review already?": 404 means no
    page.on(
        "response",
        lambda r: asked.append(f"{r.status} {r.url}")
        if '"action":"unpublishedEntry"' in (r.request.post_data or "") and r.status == 404
        else None,
    )
    _sign_in(page, editor)
    _fill_in_a_new_service(page, editor)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Entry saved")).to_be_visible()

    expect(page.get_by_role("button", name="Status: Draft")).to_be_visible()
    page.get_by_role("link", name=re.compile("Writing in Services collection")).click()
    page.get_by_role("link", name="Workflow").click()
    drafts = page.get_by_text("Willow Swim")
    expect(drafts).to_be_visible(timeout=15_000)  # in Drafts, waiting for review
    _screenshot(page, "editor-workflow.png")
    branches = git(project, "branch", "--list", "--format=%(refname:short)").split()
    assert "cms/services/willow-swim" in branches, branches
    assert git(project, "rev-parse", "main").strip() == main_before
    listing = "data/services/willow-swim.yaml"
    assert listing not in git(project, "ls-tree", "-r", "--name-only", "main")
    # What the pull request would merge passes the check the pull request runs.
    change = tmp_path / "change"
    shutil.copytree(project, change, ignore=shutil.ignore_patterns("site", ".git"))
    (change / listing).parent.mkdir(parents=True, exist_ok=True)
    (change / listing).write_text(git(project, "show", f"cms/services/willow-swim:{listing}"))
    checked = run_generator(change, "check")
    assert checked.returncode == 0, checked.stderr
    assert asked
    for answer in asked:  # the browser logs each such answer as a console error too
        page_log.failed_responses.remove(answer)
        page_log.console_errors.remove(
            "Failed to load resource: the server responded with a status of 404 (Not Found) "
            f"({answer.split(' ', 1)[1]})"
        )


def test_a_required_field_left_empty_is_refused_before_saving(
    page: Page, editor: Editor, page_log: Any
) -> None:
    _sign_in(page, editor)
    page.goto(editor.site.url_for("admin/#/collections/services/new"))
    page.get_by_label("Name", exact=True).fill("Hazel Sensory Garden")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    expect(page.get_by_text(REQUIRED_MISSING)).to_be_visible()
    expect(page.get_by_text("Id is required.")).to_be_visible()
    page.get_by_text("Id is required.").scroll_into_view_if_needed()
    _screenshot(page, "editor-required-field.png")
    folder = editor.project / "data" / "services"
    assert not folder.is_dir() or not any(p.name.startswith("hazel") for p in folder.iterdir())
    page_log.page_errors.clear()  # Decap throws (uncaught) to stop the save: that is the refusal


def test_with_github_the_sign_in_page_asks_nothing_of_any_other_site(
    page: Page, tmp_path: Path, served_site: Any, page_log: Any
) -> None:
    """The editor as councils publish it (GitHub and their sign-in service):
    before anyone signs in, every request stays on the site."""
    project = write_project(
        tmp_path / "project",
        extra={
            "editor": {"repo": "hollinbrook/local-offer", "base_url": "https://auth.example.org"}
        },
    )
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    site = served_site(project / "site")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url_for("admin/"))
    expect(page.get_by_role("button", name=re.compile("Login|Sign in", re.I))).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert {urlsplit(u).netloc for u in requested} == {urlsplit(site.url).netloc}
    assert not page_log.foreign_requests
