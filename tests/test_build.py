"""Real builds, real HTML: what the site command gives a council and a parent.

Each test writes a tiny project in a temporary folder (see conftest.py), runs
`python -m generator build` on it as `make site` does, and reads the pages
it wrote. The sample-site tests read the repository's own data, built once.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from textwrap import dedent
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml
from projects import ROOT, all_files, build_env, git, run_generator

from generator.data import clock
from generator.data.loader import load

SITE_URL = "https://localoffer.example.org/"

SERVICES = dedent(
    """\
    services:
      - id: sunflower-play-scheme
        previous_ids: [sunflower-playscheme]
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        description: |
          Our play workers plan *fun* days out.
        organisation: {name: Hollinbrook Play Trust, website: "https://www.example.org/play"}
        themes: [leisure-play-short-breaks]
        needs: [autism, physical]
        ages: {min: 5, max: 11}
        cost: {free: no, description: "£5 a session."}
        contact: {phone: "0161 496 0123", email: play@example.org}
        schedule:
          - {days: [monday, wednesday], opens: "09:30", closes: "15:00", note: School holidays only}
        locations:
          - name: Hollinbrook Adventure Playground
            address: "12 Mill Lane, Hollinbrook"
            postcode: HB3 2QT
            latitude: 53.4891
            longitude: -2.2412
            accessibility: [step-free-access]
        last_reviewed: 2026-03-14
      - id: acorn-sensory-room
        name: Acorn Sensory Room
        summary: A quiet sensory room for children who find busy places hard.
        themes: [leisure-play-short-breaks, health]
        ages: {min: 0, max: 11}
        cost: {free: yes}
        contact: {phone: "0161 496 0125"}
        last_reviewed: 2026-02-01
      - id: old-youth-club
        name: Old Youth Club
        summary: A youth club that has closed.
        status: retired
        themes: [leisure-play-short-breaks]
        contact: {phone: "0161 496 0126"}
        last_reviewed: 2025-09-01
      - id: hidden-service
        name: Hidden Service
        summary: Not published yet.
        status: inactive
        themes: [leisure-play-short-breaks]
        contact: {phone: "0161 496 0127"}
        last_reviewed: 2026-01-01
    """
)

HOSTILE_NAME = '</title><script>alert(1)</script> & "Co"'
HOSTILE_SUMMARY = '"><script>alert(2)</script> summary'
HOSTILE = dedent(
    """\
    services:
      - id: hostile
        name: '</title><script>alert(1)</script> & "Co"'
        summary: '"><script>alert(2)</script> summary'
        description: |
          <script>alert(3)</script>

          [Click me](javascript:alert(4)) <img src=x onerror=alert(5)>
        themes: [health]
        contact: {phone: "0161 496 0128"}
        last_reviewed: 2026-03-14
    """
)

GUIDE = dedent(
    """\
    ---
    title: Tips & <script>alert(7)</script>
    summary: How to <b>work</b> together.
    audience: Parents and carers
    last_reviewed: 2025-10-12
    ---

    # Tips for working together

    Read the [A to Z of services](services/index.md).
    """
)


def built(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"



# --- pages made from the data ------------------------------------------------


def test_service_page_shows_the_facts_as_a_summary_list(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))

    page = site_page(project / "site", "services/sunflower-play-scheme/")
    assert page.text_of("title") == ["Sunflower Play Scheme - Hollinbrook Local Offer"]
    assert page.text_of("h1") == ["Sunflower Play Scheme"]
    assert page.attrs("dl", cls="govuk-summary-list")
    keys = page.text_of("dt", cls="govuk-summary-list__key")
    assert {"Cost", "Opening times", "Contact", "Last reviewed"} <= set(keys)
    rows = dict(zip(keys, page.text_of("dd", cls="govuk-summary-list__value"), strict=True))
    assert rows["Last reviewed"] == "14 March 2026"
    assert page.attrs("meta", name="description") == [
        {
            "name": "description",
            "content": "Holiday play sessions for disabled children aged 5 to 11.",
        }
    ]


def test_theme_page_lists_its_published_services_a_to_z_with_a_count(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))

    page = site_page(project / "site", "themes/leisure-play-short-breaks/")
    assert "2 services" in page.text_of("p", cls="lo-count")
    assert page.text_of("h2", cls="lo-result__title") == [
        "Acorn Sensory Room",
        "Sunflower Play Scheme",
    ]


def test_an_old_id_redirects_to_the_service_page(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))

    page = site_page(project / "site", "services/sunflower-playscheme/")
    assert page.attrs("meta", **{"http-equiv": "refresh"}) == [
        {"http-equiv": "refresh", "content": "0; url=../sunflower-play-scheme/"}
    ]
    assert page.attrs("link", rel="canonical") == [
        {"rel": "canonical", "href": f"{SITE_URL}services/sunflower-play-scheme/"}
    ]
    assert page.attrs("a") == [{"href": "../sunflower-play-scheme/"}]
    assert "<script" not in page.html
    assert (project / "site/services/sunflower-play-scheme/index.html").is_file()


def test_hostile_text_is_shown_as_text_and_never_runs(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=HOSTILE, content={"tips.md": GUIDE})
    built(build(project))
    site = project / "site"

    page = site_page(site, "services/hostile/")
    assert page.text_of("title") == [f"{HOSTILE_NAME} - Hollinbrook Local Offer"]
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in page.html
    assert page.attrs("meta", name="description") == [
        {"name": "description", "content": HOSTILE_SUMMARY}
    ]
    assert page.text_of("h1") == [HOSTILE_NAME]
    assert parse_qs(urlsplit(_feedback_href(page)).query)["page"] == [HOSTILE_NAME]

    guide = site_page(site, "tips/")
    assert guide.text_of("title") == ["Tips & <script>alert(7)</script> - Hollinbrook Local Offer"]
    assert guide.text_of("p", cls="govuk-body-l") == ["How to <b>work</b> together."]

    for name, data in all_files(site).items():
        if name.endswith(".html"):
            text = data.decode()
            for payload in ("<script>alert", "javascript:", "onerror", "<b>work"):
                assert payload not in text, f"{payload!r} reached {name}"


def test_guidance_pages_show_summary_audience_and_review_date(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(content={"tips.md": GUIDE.replace("<b>work</b>", "work")})
    built(build(project))

    page = site_page(project / "site", "tips/")
    assert page.text_of("h1") == ["Tips for working together¶"]
    assert page.text_of("p", cls="govuk-body-l") == ["How to work together."]
    assert page.text_of("dl", cls="lo-page-facts") == [
        "For: Parents and carers Last reviewed: 12 October 2025"
    ]
    assert page.attrs("meta", name="description") == [
        {"name": "description", "content": "How to work together."}
    ]


# --- "Is this page correct?" ---------------------------------------------------


def _feedback_href(page: Any) -> str:
    hrefs = [a.get("href", "") for a in page.attrs("a")]
    links = [h for h in hrefs if "local-offer-feedback" in h or h.startswith("mailto:localoffer")]
    assert len(links) == 1, f"expected one feedback link in {page.path}, found {links}"
    return str(links[0])


def test_every_page_asks_is_this_page_correct_with_title_url_and_service(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))
    site = project / "site"

    page = site_page(site, "services/sunflower-play-scheme/")
    assert page.text_of("aside", cls="lo-correct") == [
        "Is the information on this page correct? If not, tell us what is wrong with this page."
    ]
    href = _feedback_href(page)
    assert href.startswith("https://www.example.org/hollinbrook/local-offer-feedback?")
    assert parse_qs(urlsplit(href).query) == {
        "page": ["Sunflower Play Scheme"],
        "url": [f"{SITE_URL}services/sunflower-play-scheme/"],
        "service": ["sunflower-play-scheme"],
    }

    guidance = site_page(site, "privacy/")
    assert parse_qs(urlsplit(_feedback_href(guidance)).query) == {
        "page": ["Privacy"],
        "url": [f"{SITE_URL}privacy/"],
    }
    for address in ("", "services/", "themes/health/", "you-said-we-did/"):
        _feedback_href(site_page(site, address))


def test_feedback_by_email_when_no_form_is_set(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(
        services_yaml=SERVICES, extra={"feedback": {"email": "localoffer@example.org"}}
    )
    built(build(project))

    href = _feedback_href(site_page(project / "site", "services/sunflower-play-scheme/"))
    address, _, query = href.partition("?")
    assert address == "mailto:localoffer@example.org"
    fields = {key: unquote(value) for key, _, value in (p.partition("=") for p in query.split("&"))}
    assert fields["subject"] == "Problem with a page: Sunflower Play Scheme"
    assert fields["body"] == (
        "Page: Sunflower Play Scheme\n"
        f"Address: {SITE_URL}services/sunflower-play-scheme/\n"
        "Service id: sunflower-play-scheme\n\nWhat is wrong:\n"
    )


# --- the build command ------------------------------------------------------------


def test_build_says_where_the_site_is_and_how_to_preview_it(make_project: Any, build: Any) -> None:
    project = make_project()
    result = build(project)
    built(result)
    assert f"  {(project / 'site' / 'index.html').resolve()}\n" in result.stdout
    assert "To preview it, run: make serve\n" in result.stdout
    assert "then open http://127.0.0.1:8000/ in your browser.\n" in result.stdout


def test_a_data_problem_stops_the_build_with_the_checks_own_message(
    make_project: Any, build: Any
) -> None:
    project = make_project()
    built(build(project))
    before = all_files(project / "site")
    (project / "data" / "services.yaml").write_text(ONE_BROKEN_SERVICE, encoding="utf-8")

    check = run_generator(project, "check")
    assert check.returncode == 1
    result = build(project)
    assert result.returncode == 1
    assert result.stderr.startswith(check.stderr), result.stderr
    assert result.stdout == check.stdout
    assert "Traceback" not in result.stderr
    assert all_files(project / "site") == before

    # MkDocs run directly (as `mkdocs serve` does) stops with the same report.
    direct = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "other"],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert direct.returncode == 1
    report = check.stderr.strip() or check.stdout.strip()
    assert report in direct.stderr
    assert "Traceback" not in direct.stderr + direct.stdout


ONE_BROKEN_SERVICE = dedent(
    """\
    services:
      - id: sunflower-play-scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        themes: [leisure-play-short-breaks]
        last_reviewed: 2026-03-14
    """
)


def test_a_broken_link_in_content_fails_the_build(make_project: Any, build: Any) -> None:
    project = make_project(content={"guide.md": "# Guide\n\nSee [the form](missing.md).\n"})
    result = build(project)
    assert result.returncode == 1
    assert "missing.md" in result.stderr
    assert result.stderr.endswith("The site was not built.\n")
    assert not (project / "site").exists()


def test_a_failed_build_leaves_the_previous_site_untouched(make_project: Any, build: Any) -> None:
    project = make_project(content={"guide.md": "# Guide\n\nSee [privacy](privacy.md).\n"})
    built(build(project))
    before = all_files(project / "site")

    (project / "content" / "guide.md").write_text("# Guide\n\n[Gone](gone.md)\n", "utf-8")
    result = build(project)
    assert result.returncode == 1
    assert result.stderr.endswith("The site was not built. The last site built is still there.\n")
    assert all_files(project / "site") == before
    assert not list(project.glob(".site-build-*")), "a temporary build folder was left behind"


def test_two_builds_of_the_same_project_are_byte_identical(make_project: Any, build: Any) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))
    built(build(project, "--out", "again"))
    first, second = all_files(project / "site"), all_files(project / "again")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert b"<lastmod>2026-06-01</lastmod>" in first["sitemap.xml"]


def test_service_pages_stay_out_of_the_navigation(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = make_project(services_yaml=SERVICES)
    built(build(project))
    site = project / "site"

    acorn = site_page(site, "services/acorn-sensory-room/")
    assert "sunflower-play-scheme" not in acorn.html
    privacy = site_page(site, "privacy/")
    assert "services/acorn-sensory-room" not in privacy.html


def test_generate_writes_pages_and_redirects_for_another_engine(
    make_project: Any, tmp_path: Path
) -> None:
    project = make_project(services_yaml=SERVICES)
    out = tmp_path / "pages"
    result = run_generator(project, "generate", "--out", str(out))
    assert result.returncode == 0, result.stderr

    text = (out / "services" / "sunflower-play-scheme.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["title"] == "Sunflower Play Scheme"
    assert meta["service_id"] == "sunflower-play-scheme"
    assert meta["page_type"] == "service"
    assert meta["description"] == "Holiday play sessions for disabled children aged 5 to 11."
    assert '<dl class="govuk-summary-list">' in body
    assert (out / "index.md").is_file()
    assert not (out / "services" / "hidden-service.md").exists()
    redirects = json.loads((out / "redirects.json").read_text(encoding="utf-8"))
    assert redirects == [
        {
            "from": "services/sunflower-playscheme/index.html",
            "to": "services/sunflower-play-scheme/",
        }
    ]


def test_a_content_page_cannot_take_a_generated_pages_address(
    make_project: Any, build: Any
) -> None:
    project = make_project(content={"you-said-we-did.md": "# Mine\n"})
    result = build(project)
    assert result.returncode == 1
    assert (
        "content/you-said-we-did.md has the same address as a page made from the data. "
        "Rename or remove you-said-we-did.md." in result.stderr
    )


# --- the sample site ------------------------------------------------------------


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_published_service_has_exactly_one_page(sample_site: Any) -> None:
    site = sample_site.site
    directory = load(ROOT / "data", today=clock.build_date(ROOT)).directory
    published = {s.id for s in directory.published(clock.build_date(ROOT))}
    retired = {s.id for s in directory.services if s.status == "retired"}
    previous = {
        old for s in directory.services if s.id in published | retired for old in s.previous_ids
    }
    assert published, "the sample data publishes no service"

    pages: dict[str, list[str]] = {}
    marker = re.compile(
        r'<div class="lo-service(?: lo-service--retired)?" data-service-id="([^"]+)"'
    )
    for path in _html_pages(site):
        for service_id in marker.findall(path.read_text(encoding="utf-8")):
            pages.setdefault(service_id, []).append(str(path.relative_to(site)))
    assert pages == {
        service_id: [f"services/{service_id}/index.html"] for service_id in published | retired
    }
    folders = {p.name for p in (site / "services").iterdir() if p.is_dir()}
    assert folders == published | retired | previous


def test_no_page_loads_anything_from_another_origin(sample_site: Any) -> None:
    own = urlsplit(SITE_URL).netloc
    tag = re.compile(r"<(?:script|link|img|iframe|source|audio|video|embed|object)\b[^>]*>", re.I)
    address = re.compile(r'\b(?:src|href|srcset|data)\s*=\s*"([^"]*)"', re.I)
    for path in _html_pages(sample_site.site):
        for element in tag.findall(path.read_text(encoding="utf-8")):
            for value in address.findall(element):
                parts = urlsplit(value)
                if parts.scheme or value.startswith("//"):
                    assert parts.netloc == own and "canonical" in element, (
                        f"{path.relative_to(sample_site.site)} loads {value}"
                    )
    for css in sample_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", text), css


def test_every_link_inside_the_site_leads_to_a_page(sample_site: Any) -> None:
    site = sample_site.site
    href = re.compile(r'\b(?:href|src)="([^"#]*)(?:#[^"]*)?"')
    broken: list[str] = []
    for path in _html_pages(site):
        for link in set(href.findall(path.read_text(encoding="utf-8"))):
            if not link or urlsplit(link).scheme or link.startswith("//"):
                continue
            # 404.html links from the site root: it is served at any address.
            base = site if link.startswith("/") else path.parent
            target = (base / link.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} -> {link}")
    assert broken == []


def test_the_skip_link_leads_to_the_content_on_every_page(sample_site: Any) -> None:
    skip = re.compile(r'<a href="#([^"]+)" class="md-skip">')
    checked = 0
    for path in _html_pages(sample_site.site):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text or path.name == "404.html":
            continue
        targets = skip.findall(text)
        assert len(targets) == 1, f"{path} has no skip link"
        assert f'id="{targets[0]}"' in text, f"{path}: the skip link leads nowhere"
        checked += 1
    assert checked > 50


def test_serve_rebuilds_when_a_listing_changes(make_project: Any, tmp_path: Path) -> None:
    project = make_project(services_yaml=SERVICES)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/services/acorn-sensory-room/"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--address", f"127.0.0.1:{port}"],
        cwd=project,
        env=build_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert "Acorn Sensory Room" in _fetch_until(url, "Acorn Sensory Room")
        services = project / "data" / "services.yaml"
        services.write_text(
            services.read_text("utf-8").replace(
                "name: Acorn Sensory Room", "name: Acorn Sensory Garden"
            ),
            "utf-8",
        )
        assert "Acorn Sensory Garden" in _fetch_until(url, "Acorn Sensory Garden")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _fetch_until(url: str, text: str, seconds: float = 60) -> str:
    """The page at `url` once it contains `text` (the server may still be building)."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
        except OSError:
            body = ""
        if text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s; last:\n{body[:500]}")


# --- the build date -----------------------------------------------------------------


def at(moment: str) -> float:
    """The wall clock's time at an ISO 8601 moment, as `clock` takes it."""
    return datetime.fromisoformat(moment).timestamp()


def committed_project(folder: Path, when: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "services.yaml").write_text("services: []\n", "utf-8")
    git(folder, "init", "--quiet")
    git(folder, "add", "services.yaml")
    git(folder, "commit", "--quiet", "-m", "Add the data", date=when)
    return folder


def test_the_build_date_comes_from_the_environment_then_the_commit(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    committed_project(tmp_path, "2026-03-01T12:00:00Z")
    # Built later on the day of the commit: the commit is later than midnight.
    assert clock.build_date(tmp_path, now=at("2026-03-01T18:00:00Z")).isoformat() == "2026-03-01"

    # Uncommitted edits are newer than the commit: they are dated today.
    (tmp_path / "services.yaml").write_text("services: [1]\n", "utf-8")
    assert abs(clock.build_epoch(tmp_path) - time.time()) < 60

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    assert clock.build_date(tmp_path).isoformat() == "2026-06-01"


def test_a_later_day_dates_the_build_by_its_midnight(tmp_path: Path, monkeypatch: Any) -> None:
    """The daily rebuild of an old commit publishes with that day's date,
    and the same on every build that day: midnight UTC, not the time."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    committed = at("2026-03-01T12:00:00Z")
    committed_project(tmp_path, "2026-03-01T12:00:00Z")

    assert clock.build_epoch(tmp_path, now=at("2026-03-01T23:59:59Z")) == committed
    midnight = at("2026-03-05T00:00:00Z")
    for moment in ("2026-03-05T00:00:00Z", "2026-03-05T05:30:00Z", "2026-03-05T23:59:59Z"):
        assert clock.build_epoch(tmp_path, now=at(moment)) == midnight, moment
    # 00:30 in London in summer is still the day before in UTC, as the build counts.
    assert clock.build_date(tmp_path, now=at("2026-07-01T00:30:00+01:00")).isoformat() == (
        "2026-06-30"
    )
    # Today's real date, with no commit since.
    assert clock.build_date(tmp_path) == datetime.now(UTC).date()


def test_outside_git_the_build_is_dated_by_the_clock(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert clock.build_epoch(tmp_path, now=at("2026-03-05T05:30:00Z")) == at(
        "2026-03-05T05:30:00Z"
    )
