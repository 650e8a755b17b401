"""The core serves any engine: the sample built by Zensical instead of MkDocs.

The four steps of docs/another-engine.md, run as a council runs them:
`generate`, engines/zensical/prepare.py, `python -m zensical build`, then
`finish`. The finished site is compared with the MkDocs build of the same
project on the same date: every service has its page, search finds a
service in Chromium, the open data is byte for byte the same, and
`urls.json` lists the same addresses.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from html import unescape
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from projects import ONE_SERVICE, ROOT, SitePage, build_env, run_build
from test_editor_config import EDITOR, assert_only_admin_talks_to_the_git_host

from generator.data import clock
from generator.data.loader import load
from generator.data.model import Service
from generator.data.settings import read_settings
from generator.publish.session import QR_MARKER

PREPARE = ROOT / "engines" / "zensical" / "prepare.py"
FINISHED = "Finished the site in {site}: it is ready to publish.\n"
LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
POLICY = re.compile(
    r"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')*; "
    r"style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"
)


def build_with_zensical(project: Path, work: Path, env: dict[str, str]) -> Path:
    """The site of `project` built by Zensical and finished, in `work/site`."""
    python, pages, site = sys.executable, work / "pages", (work / "site").resolve()
    steps = [
        [python, "-m", "generator", "generate", "--project", project, "--out", pages],
        [python, PREPARE, "--project", project, "--pages", pages, "--out", work / "docs"],
        [python, "-m", "zensical", "build", "--strict", "-f", work / "zensical.yml"],
        [python, "-m", "generator", "finish", site, "--project", project],
    ]
    for step in steps:
        command = [str(part) for part in step]
        run = subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert run.returncode == 0, f"{' '.join(command)}\n{run.stdout}\n{run.stderr}"
    assert run.stdout == FINISHED.format(site=site)
    return site


@dataclass(frozen=True)
class Builds:
    """The sample project and its two finished sites, built on one date."""

    project: Path
    zensical: Path
    mkdocs: Path
    today: date

    @cached_property
    def published(self) -> list[Service]:
        """The services the data publishes on that date, in A to Z order."""
        return load(self.project / "data", today=self.today).directory.published(self.today)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The sample (mkdocs.yml, content/, data/, and overrides/ for MkDocs' theme
    and the styles and scripts both engines serve) built by each engine."""
    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("content", "data", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    epoch = clock.build_epoch(ROOT)
    env = build_env(epoch)  # one date for both builds, so the open data can match
    mkdocs = tmp_path_factory.mktemp("mkdocs") / "site"
    result = run_build(project, "--out", str(mkdocs), env=env)
    assert result.returncode == 0, result.stderr
    zensical = build_with_zensical(project, tmp_path_factory.mktemp("zensical"), env)
    today = datetime.fromtimestamp(epoch, tz=UTC).date()
    return Builds(project=project, zensical=zensical, mkdocs=mkdocs, today=today)


def test_every_published_service_has_its_page(builds: Builds) -> None:
    site_name = read_settings(builds.project)["site_name"]
    services = builds.published
    assert services, "the sample data should publish services"
    for service in services:
        page = SitePage(builds.zensical / "services" / service.id / "index.html")
        assert page.text_of("h1") == [service.name]
        assert page.text_of("title") == [f"{service.name} - {site_name}"]


def test_every_page_has_the_title_and_description_it_has_in_the_mkdocs_build(
    builds: Builds,
) -> None:
    def described(site: Path) -> dict[str, list[str]]:
        pages = {
            path.relative_to(site).as_posix(): path.read_text("utf-8")
            for path in site.rglob("*.html")
        }
        return {
            path: [unescape(text) for text in TITLE.findall(html) + DESCRIPTION.findall(html)]
            for path, html in pages.items()
        }

    zensical, mkdocs = described(builds.zensical), described(builds.mkdocs)
    assert sorted(zensical) == sorted(mkdocs)
    assert [path for path in mkdocs if zensical[path] != mkdocs[path]] == []


def test_every_link_between_pages_leads_to_a_page_of_the_site(builds: Builds) -> None:
    """The reason for prepare.py's layout: generated pages' links are relative
    to their address, and Zensical resolves them against their source file."""
    broken, checked = [], 0
    for path in builds.zensical.rglob("*.html"):
        folder = path.parent
        for link in LINK.findall(path.read_text(encoding="utf-8")):
            target = unescape(link).split("#")[0].split("?")[0]
            if not target or "://" in target or target.startswith(("/", "mailto:", "tel:")):
                continue
            checked += 1
            where = (folder / target).resolve()
            if not where.is_relative_to(builds.zensical) or not (
                where.is_file() or (where / "index.html").is_file()
            ):
                broken.append(f"{path.relative_to(builds.zensical)}: {link}")
    assert checked > 1000
    assert broken == []


def test_urls_json_lists_the_same_addresses_as_the_mkdocs_build(builds: Builds) -> None:
    zensical = json.loads((builds.zensical / "urls.json").read_text(encoding="utf-8"))
    mkdocs = json.loads((builds.mkdocs / "urls.json").read_text(encoding="utf-8"))
    assert sorted(set(zensical["urls"]) ^ set(mkdocs["urls"])) == []
    assert zensical == mkdocs
    assert "https://localoffer.example.org/services/blue-badge/" in zensical["urls"]


def test_the_sitemap_lists_the_same_addresses_as_the_mkdocs_build(builds: Builds) -> None:
    def listed(site: Path) -> list[str]:
        xml = (site / "sitemap.xml").read_text(encoding="utf-8")
        return sorted(unescape(address) for address in re.findall(r"<loc>(.*?)</loc>", xml))

    zensical = listed(builds.zensical)
    assert zensical == listed(builds.mkdocs)
    assert "https://localoffer.example.org/editors/review-report/" not in zensical


def test_the_open_data_is_byte_for_byte_the_mkdocs_builds(builds: Builds) -> None:
    def files(site: Path) -> dict[str, bytes]:
        api = site / "api"
        found = (path for path in api.rglob("*") if path.is_file())
        return {path.relative_to(api).as_posix(): path.read_bytes() for path in found}

    zensical, mkdocs = files(builds.zensical), files(builds.mkdocs)
    assert sorted(zensical) == sorted(mkdocs)
    assert {"services.json", "services.csv", "taxonomies.json"} <= set(zensical)
    assert [name for name in zensical if zensical[name] != mkdocs[name]] == []


def test_every_page_has_its_content_security_policy_before_any_script(builds: Builds) -> None:
    pages = sorted(builds.zensical.rglob("*.html"))
    assert len(pages) > len(builds.published)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies = POLICY_META.findall(html)
        assert len(policies) == 1, path
        assert POLICY.fullmatch(policies[0]), (path, policies[0])
        first_script = html.find("<script")
        assert first_script == -1 or html.index(policies[0]) < first_script, path
    headers = (builds.zensical / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/*\n  Content-Security-Policy: default-src 'self'; ")


def test_each_service_page_prints_the_qr_code_of_its_address(builds: Builds) -> None:
    for service in builds.published:
        html = (builds.zensical / "services" / service.id / "index.html").read_text("utf-8")
        address = f"https://localoffer.example.org/services/{service.id}/"
        assert f'<svg role="img" aria-label="QR code for {address}"' in html
    assert [p for p in builds.zensical.rglob("*.html") if QR_MARKER in p.read_text("utf-8")] == []


MAIN = re.compile(r'<div class="lo-page" id="main-content"[^>]*>(.*?)<div class="lo-print', re.S)


def test_every_guidance_page_has_the_body_the_mkdocs_build_has(builds: Builds) -> None:
    """One renderer: the core draws each guidance page, and neither engine's
    markdown renderer reads it, so both publish the same HTML."""
    pages = sorted((builds.project / "content").rglob("*.md"))
    assert len(pages) > 20
    for source in pages:
        stem = source.relative_to(builds.project / "content").as_posix().removesuffix(".md")
        address = stem.removesuffix("index")
        address = address if stem.endswith("index") else stem + "/"
        bodies = []
        for site in (builds.mkdocs, builds.zensical):
            found = MAIN.search((site / address / "index.html").read_text("utf-8"))
            assert found is not None, (site, address)
            facts = re.sub(r'<dl class="lo-page-facts">.*?</dl>', "", found[1], flags=re.S)
            # (the themes' own words for dates, and their escaping of the summary, differ)
            bodies.append(" ".join(unescape(facts).split()))
        assert bodies[0] == bodies[1], address
        assert '<h2 id="' in bodies[0] or address in ("accessibility/", "privacy/"), address


def test_a_name_that_closes_the_title_stays_text(make_project: Callable[..., Path]) -> None:
    """Zensical's own templates print titles as they are; the overrides escape them.
    Unescaped, this script would sit in <head>, where `finish` allows it by hash."""
    name = '"</title><script>alert(1)</script>'
    services = yaml.safe_load(ONE_SERVICE)
    services["services"][0]["name"] = name
    project = make_project(services_yaml=yaml.safe_dump(services))
    site = build_with_zensical(project, project.parent / "zensical", build_env())
    page = SitePage(site / "services" / "sunflower-play-scheme" / "index.html")
    assert page.text_of("title") == [f"{name} - Hollinbrook Local Offer"]
    assert name in page.text_of("span", cls="md-ellipsis")  # the header's page title
    assert "<script>alert(1)</script>" not in page.html


def test_finish_writes_the_browser_editor_when_mkdocs_yml_turns_it_on(
    make_project: Callable[..., Path],
) -> None:
    project = make_project(extra=EDITOR)
    site = build_with_zensical(project, project.parent / "zensical", build_env())
    assert_only_admin_talks_to_the_git_host(site)


# --- in Chromium -------------------------------------------------------------


def browser_tools() -> ModuleType:
    """tests/browser/conftest.py, for `serve`, `PageLog` and how Chromium is
    launched. Its fixtures reach only the tests in its folder, and it cannot
    be imported by name (tests/conftest.py is `conftest`), so it is loaded
    from its file; its own imports are beside it."""
    name, folder = "browser_conftest", ROOT / "tests" / "browser"
    if name in sys.modules:
        return sys.modules[name]
    if str(folder) not in sys.path:
        sys.path.append(str(folder))
    spec = importlib.util.spec_from_file_location(name, folder / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Search:
    """What the search page showed for a query typed into it."""

    status: str  # like "1 result for “Blue Badge parking permits”"
    first: tuple[str | None, str, str]  # its service id (None: guidance), title, summary
    problems: list[str]  # what the page logged that a visitor should never meet


def named_service(builds: Builds) -> Service:
    services = builds.published
    return services[len(services) // 2]


def guidance(builds: Builds) -> dict[str, str]:
    """The front matter of a guidance page."""
    source = builds.project / "content" / "working-together" / "when-you-disagree.md"
    return dict(yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1]))


@pytest.fixture(scope="module")
def searches(builds: Builds) -> dict[str, Search]:
    """A service's name and a guidance page's title, each typed into the search
    page of the finished site served on 127.0.0.1, in Chromium.

    In a thread of its own: Playwright's sync API runs one instance per
    thread, and the browser tests keep theirs open for the whole session."""
    tools = browser_tools()
    from playwright.sync_api import Browser, expect, sync_playwright

    def search(browser: Browser, url: str, query: str, log: Any) -> Search:
        page = browser.new_page()
        page.set_default_timeout(10_000)
        page.route("**/*", log.on_route)
        page.on(
            "console", lambda m: log.console_errors.extend([m.text] if m.type == "error" else [])
        )
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on("dialog", lambda dialog: log.dialogs.append(dialog.message))
        page.goto(url)
        page.fill("#lo-search-q", query)
        page.get_by_role("button", name="Search", exact=True).click()
        status = page.locator(".lo-search__status")
        expect(status).to_contain_text("result")
        first = page.locator(".lo-search__list > li").first
        expect(first).to_be_visible()
        found = (
            first.get_attribute("data-service-id"),
            first.locator(".lo-result__title").inner_text(),
            first.locator(".lo-result__summary").inner_text(),
        )
        shown = status.inner_text()
        page.close()
        return Search(status=shown, first=found, problems=log.problems())

    def run() -> dict[str, Search]:
        with tools.serve(builds.zensical) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(tools.CHROMIUM), headless=True, args=tools.CHROMIUM_ARGS
            )
            try:
                return {
                    query: search(
                        browser,
                        server.url_for("search/"),
                        query,
                        tools.PageLog(allowed_origins=lambda: {server.origin}),
                    )
                    for query in (named_service(builds).name, guidance(builds)["title"])
                }
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.mark.browser
def test_a_search_in_chromium_finds_a_service_by_its_name(
    builds: Builds, searches: dict[str, Search]
) -> None:
    service = named_service(builds)
    found = searches[service.name]
    assert found.first == (service.id, service.name, service.summary)
    assert found.status.endswith(f"for “{service.name}”")
    assert found.problems == []


@pytest.mark.browser
def test_a_search_in_chromium_finds_a_guidance_page_by_its_title(
    builds: Builds, searches: dict[str, Search]
) -> None:
    page = guidance(builds)
    found = searches[page["title"]]
    assert found.first == (None, page["title"], page["summary"])
    assert found.problems == []
