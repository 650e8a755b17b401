"""What's new and "Last changed", from a real git history made in the test.

Each commit of the small repository below is one step an editor takes:
add a service, change its opening times, close it for a while, retire
another, add a guidance page and edit it. The built site must list those
steps newest first, dated by their commits, in the page and the Atom feed;
and a copy without git (a tarball) must still build, from review dates.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from projects import git, write_project

from generator.site import history

ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = {"history": {"url": "https://github.com/hollinbrook/local-offer", "branch": "main"}}

SUNFLOWER = """\
  - id: sunflower-play-scheme
    name: Sunflower Play Scheme
    summary: Holiday play sessions for disabled children aged 5 to 11.
    themes: [leisure-play-short-breaks]
    {status}schedule:
      - {{days: [monday], opens: "09:30", closes: "{closes}"}}
    last_reviewed: 2026-01-05
"""
OAK = """\
  - id: oak-tree-sensory-room
    name: Oak Tree Sensory Room
    summary: A quiet sensory room for children with sensory needs.
    themes: [leisure-play-short-breaks]
    {status}last_reviewed: 2026-01-20
"""
SHORT_BREAKS = "# Short breaks\n\nBreaks for families of disabled children.\n"


def services(
    *, oak: bool = False, closes: str = "15:00", sunflower: str = "", oak_status: str = ""
) -> str:
    text = "services:\n" + SUNFLOWER.format(status=sunflower, closes=closes)
    return text + (OAK.format(status=oak_status) if oak else "")


def commit(folder: Path, date: str, message: str, **project: Any) -> None:
    """Write the project as it is after this step, and commit everything."""
    write_project(folder, extra=HISTORY, **project)
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="module")
def history_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose git history holds each kind of change, built once."""
    folder = tmp_path_factory.mktemp("history") / "project"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "2026-01-10T09:00:00+00:00", "First listing", services_yaml=services())
    commit(folder, "2026-02-02T10:00:00+00:00", "Add Oak Tree", services_yaml=services(oak=True))
    commit(
        folder,
        "2026-03-03T11:00:00+00:00",
        "Sunflower closes later",
        services_yaml=services(oak=True, closes="16:00"),
    )
    closed = "status: temporarily-closed\n    "
    commit(
        folder,
        "2026-04-04T12:00:00+00:00",
        "Sunflower closed for repairs",
        services_yaml=services(oak=True, closes="16:00", sunflower=closed),
    )
    retired = "status: retired\n    "
    final = services(oak=True, closes="16:00", sunflower=closed, oak_status=retired)
    commit(folder, "2026-05-05T13:00:00+00:00", "Oak Tree retired", services_yaml=final)
    guide = {"short-breaks.md": SHORT_BREAKS}
    commit(
        folder,
        "2026-05-10T14:00:00+00:00",
        "Short breaks guidance",
        services_yaml=final,
        content=guide,
    )
    commit(
        folder,
        "2026-05-20T15:00:00+00:00",
        "Short breaks: more detail",
        services_yaml=final,
        content={"short-breaks.md": SHORT_BREAKS + "\nAsk your social worker.\n"},
    )
    # Only the review date: not news.
    commit(
        folder,
        "2026-05-25T16:00:00+00:00",
        "Reviewed Sunflower",
        services_yaml=final.replace("2026-01-05", "2026-05-25"),
        content={"short-breaks.md": SHORT_BREAKS + "\nAsk your social worker.\n"},
    )
    return folder


_CHANGE = re.compile(
    r'<h2 id="changes-(\d{4}-\d\d-\d\d)">|<li><a href="([^"]+)">([^<]+)</a>: ([^<]+)</li>'
)


def whats_new(site: Path) -> list[tuple[str, str, str, str]]:
    """(date, href, name, description) of every entry of the built What's new page."""
    html = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    entries, day = [], ""
    for found_day, href, name, description in _CHANGE.findall(html):
        if found_day:
            day = found_day
        else:
            entries.append((day, href, name, description))
    return entries


EXPECTED = [
    ("2026-05-20", "../short-breaks/", "Short breaks", "Guidance updated"),
    ("2026-05-10", "../short-breaks/", "Short breaks", "New guidance"),
    ("2026-05-05", "../services/oak-tree-sensory-room/", "Oak Tree Sensory Room", "Retired"),
    (
        "2026-04-04",
        "../services/sunflower-play-scheme/",
        "Sunflower Play Scheme",
        "Temporarily closed",
    ),
    (
        "2026-03-03",
        "../services/sunflower-play-scheme/",
        "Sunflower Play Scheme",
        "Opening times changed",
    ),
    ("2026-02-02", "../services/oak-tree-sensory-room/", "Oak Tree Sensory Room", "Added"),
]


def test_whats_new_lists_each_change_newest_first(history_project: Path, build: Any) -> None:
    result = build(history_project)
    assert result.returncode == 0, result.stderr
    entries = whats_new(history_project / "site")
    # The first commit added everything: the service and the footer's pages.
    first = [entry for entry in entries if entry[0] == "2026-01-10"]
    assert entries[: len(EXPECTED)] == EXPECTED
    assert entries[len(EXPECTED) :] == first
    assert (
        "2026-01-10",
        "../services/sunflower-play-scheme/",
        "Sunflower Play Scheme",
        "Added",
    ) in first
    assert ("2026-01-10", "../accessibility/", "Accessibility statement", "New guidance") in first
    html = (history_project / "site" / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="../whats-new.xml"' in html


def test_the_feed_is_valid_atom_with_the_same_entries(history_project: Path, build: Any) -> None:
    site = history_project / "site"
    if not (site / "whats-new.xml").exists():
        assert build(history_project).returncode == 0
    feed = ET.parse(site / "whats-new.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://localoffer.example.org/whats-new/"
    assert feed.findtext(f"{ATOM}title") == "What\u2019s new: Hollinbrook Local Offer"
    assert feed.findtext(f"{ATOM}updated") == "2026-05-20T15:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Hollinbrook Borough Council"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(whats_new(site))
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids), "every entry id is unique"
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{element}"), element
        assert (
            entry.find(f"{ATOM}link").get("href", "").startswith("https://localoffer.example.org/")
        )  # type: ignore[union-attr]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Short breaks: Guidance updated"
    assert first.findtext(f"{ATOM}updated") == "2026-05-20T15:00:00Z"
    assert first.find(f"{ATOM}link").get("href") == "https://localoffer.example.org/short-breaks/"  # type: ignore[union-attr]
    updated = [entry.findtext(f"{ATOM}updated") or "" for entry in entries]
    assert updated == sorted(updated, reverse=True), "newest first"


def test_a_service_page_says_when_its_listing_last_changed(
    history_project: Path, build: Any, site_page: Any
) -> None:
    site = history_project / "site"
    if not (site / "index.html").exists():
        assert build(history_project).returncode == 0
    page = site_page(site, "services/sunflower-play-scheme")
    row = [t for t in page.text_of("div", cls="govuk-summary-list__row") if "Last changed" in t]
    # The review date changed last (25 May), and it is a line of the listing.
    assert row == ["Last changed 25 May 2026 Changes to this listing"]
    # The listing's lines: from its first line to the line before the next listing.
    written = (history_project / "data" / "services.yaml").read_text("utf-8").splitlines()
    last = written.index("  - id: oak-tree-sensory-room")
    blame = f"https://github.com/hollinbrook/local-offer/blame/main/data/services.yaml#L2-L{last}"
    assert [a["href"] for a in page.attrs("a") if "/blame/" in a["href"]] == [blame]


def test_the_open_data_says_when_each_listing_changed_and_that_it_closed(
    history_project: Path, build: Any, site_page: Any
) -> None:
    """`last_modified` is the commit the page's "Last changed" shows; a closed
    service has an `alert`; a retired one is `defunct`, so consumers remove it."""
    site = history_project / "site"
    if not (site / "index.html").exists():
        assert build(history_project).returncode == 0
    listing = json.loads((site / "api" / "services.json").read_text(encoding="utf-8"))
    by_id = {entry["local_offer_id"]: entry for entry in listing["contents"]}
    sunflower = by_id["sunflower-play-scheme"]
    assert sunflower["last_modified"] == "2026-05-25T16:00:00Z"
    page = site_page(site, "services/sunflower-play-scheme")
    assert '<time datetime="2026-05-25">25 May 2026</time>' in page.html
    assert sunflower["status"] == "temporarily closed"
    assert sunflower["alert"] == (
        "This service is temporarily closed. Contact the service to find out when it will "
        "open again."
    )
    assert sunflower["alert"] in page.html, "the page's warning, word for word"
    oak = by_id["oak-tree-sensory-room"]
    assert (oak["status"], oak["last_modified"]) == ("defunct", "2026-05-05T13:00:00Z")
    assert "alert" not in oak
    full = json.loads((site / "api" / "services" / f"{oak['id']}.json").read_text("utf-8"))
    assert full == oak, "a retired service keeps only what names it"


def test_the_history_reads_only_what_changed(history_project: Path) -> None:
    found = history.read_history(
        history_project, data=history_project / "data", content=history_project / "content"
    )
    assert found is not None
    kinds = [
        (c.commit.when.date().isoformat(), c.service_id, c.kind, c.fields) for c in found.services
    ]
    assert kinds == [
        ("2026-05-05", "oak-tree-sensory-room", "retired", ()),
        ("2026-04-04", "sunflower-play-scheme", "temporarily-closed", ()),
        ("2026-03-03", "sunflower-play-scheme", "changed", ("schedule",)),
        ("2026-02-02", "oak-tree-sensory-room", "added", ()),
        ("2026-01-10", "sunflower-play-scheme", "added", ()),
    ]


def test_without_git_whats_new_uses_review_dates(make_project: Any, build: Any) -> None:
    project = make_project(
        services_yaml=services(oak=True).replace("2026-01-20", "2026-04-30"), extra=HISTORY
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert whats_new(site) == [
        ("2026-04-30", "../services/oak-tree-sensory-room/", "Oak Tree Sensory Room", "Checked"),
        ("2026-01-05", "../services/sunflower-play-scheme/", "Sunflower Play Scheme", "Checked"),
    ]
    html = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert "by the date their details were last checked" in html
    assert ET.parse(site / "whats-new.xml").getroot().findtext(f"{ATOM}updated") == (
        "2026-04-30T00:00:00Z"
    )
    service = (site / "services" / "sunflower-play-scheme" / "index.html").read_text("utf-8")
    assert "Last changed" not in service
    assert "Changes to this listing" not in service


def test_a_rename_is_a_change_not_an_addition(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "2026-01-10T09:00:00+00:00", "First", services_yaml=services())
    renamed = services().replace(
        "  - id: sunflower-play-scheme\n",
        "  - id: sunflower-holiday-club\n    previous_ids: [sunflower-play-scheme]\n",
    )
    commit(folder, "2026-02-10T09:00:00+00:00", "Rename", services_yaml=renamed)
    found = history.read_history(folder, data=folder / "data", content=folder / "content")
    assert found is not None
    assert [(c.service_id, c.kind, c.fields) for c in found.services] == [
        ("sunflower-holiday-club", "changed", ("id", "previous_ids")),
        ("sunflower-play-scheme", "added", ()),
    ]
