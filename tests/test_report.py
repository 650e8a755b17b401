"""The editors' review report: its figures, its exact text, its page and charts.

Editors act on this report (who must review what, which topics the Local
Offer lacks), so its numbers are checked on a small directory where every
figure is known, word for word as `python -m generator report` prints it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.data.model import AgeRange, Directory, Service, SourceRef, Term
from generator.site import charts
from generator.site.report import (
    GuidancePage,
    build_report,
    is_due_for_review,
    months_between,
    read_guidance,
    render_text,
    report_page_html,
    review_page,
)

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
SOURCE = SourceRef("data/services.yaml", 1)
SVG = "{http://www.w3.org/2000/svg}"

THEMES = [
    Term("education", "Education"),
    Term("health", "Health"),
    Term("travel-transport", "Travel and transport"),
]
NEEDS = [Term("autism", "Autism"), Term("hearing", "Hearing")]
FEATURES = [Term("step-free-access", "Step-free access")]


def small_directory() -> Directory:
    return Directory(
        services=[
            Service(
                "alpha", "Alpha club", "After-school club.", date(2025, 11, 22),
                ("education", "health"), SOURCE, needs=("autism",), ages=AgeRange(5, 11),
                owner="alpha@example.org",
            ),
            Service(
                "bravo", "Bravo clinic", "A clinic.", date(2024, 3, 1), ("health",), SOURCE,
            ),
            Service(
                "charlie", "Charlie travel", "Getting to school.", date(2025, 11, 23),
                ("travel-transport", "education"), SOURCE, description="We help with mediation.",
                needs=("autism", "hearing"), ages=AgeRange(12, 16), owner="charlie@example.org",
            ),
            Service(
                "delta", "Delta", "Not shown.", date(2020, 1, 1), ("health",), SOURCE,
                status="inactive", owner="delta@example.org",
            ),
            Service(
                "echo", "Echo group", "For babies.", date(2026, 11, 1), ("health",), SOURCE,
                ages=AgeRange(0, 4), owner="echo@example.org",
            ),
        ],
        themes=THEMES,
        needs=NEEDS,
        accessibility=FEATURES,
    )  # fmt: skip


GUIDANCE = {
    "get-advice.md": "---\ntitle: Get advice\nsummary: Free advice about special educational "
    "needs.\n---\n\n# Get advice\n",
    "travel/index.md": "---\ntitle: Travel to school\nsummary: Help getting to school or "
    "college.\n---\n\n# Travel to school\n",
    "nofront.md": "# A page without front matter\n",
}

EXPECTED = """\
Review report for 23 November 2026
Published services: 4

Due for review (last reviewed more than 12 months ago): 2 services, oldest first
  Bravo clinic (bravo)
    Last reviewed 1 March 2024, 32 months ago. Owner: not set
  Alpha club (alpha)
    Last reviewed 22 November 2025, 12 months ago. Owner: alpha@example.org

Themes with fewer than 3 services: 2
  Education: 2 services
  Travel and transport: 1 service

Age bands with fewer than 3 services: 5
  0 to 4 years: 2 services
  5 to 11 years: 2 services
  12 to 16 years: 2 services
  17 to 19 years: 1 service
  20 to 25 years: 1 service

Needs with fewer than 3 services: 2
  Autism: 2 services
  Hearing: 1 service

Local Offer topics (SEND Regulations 2014):
  Special educational provision: 2 services, 2 guidance pages
  Health: 3 services, 0 guidance pages
  Social care: 0 services, 0 guidance pages
  Training: 0 services, 0 guidance pages
  Travel: 1 service, 1 guidance page
  Preparing for adulthood: 0 services, 0 guidance pages
  Information and advice: 0 services, 1 guidance page
  Complaints and disagreement resolution: 1 service, 0 guidance pages

Topics with no guidance page: Health, Social care, Training, Preparing for adulthood, \
Complaints and disagreement resolution

Topics with no service: Social care, Training, Preparing for adulthood, Information and advice
"""


def write_content(folder: Path) -> Path:
    for name, text in GUIDANCE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_report_text_on_a_small_directory(tmp_path: Path) -> None:
    guidance = read_guidance(write_content(tmp_path))
    assert guidance == [
        GuidancePage("get-advice.md", "Get advice", "Free advice about special educational needs."),
        GuidancePage("nofront.md", "A page without front matter", ""),
        GuidancePage("travel/index.md", "Travel to school", "Help getting to school or college."),
    ]
    report = build_report(small_directory(), today=TODAY, guidance=guidance)
    assert render_text(report) == EXPECTED


def test_due_for_review_is_more_than_a_year() -> None:
    assert not is_due_for_review(date(2025, 11, 23), TODAY), "a year to the day is in time"
    assert is_due_for_review(date(2025, 11, 22), TODAY)
    assert not is_due_for_review(date(2024, 2, 29), date(2025, 2, 28))
    assert is_due_for_review(date(2024, 2, 27), date(2025, 2, 28))
    assert months_between(date(2026, 6, 14), date(2026, 7, 13)) == 0
    assert months_between(date(2026, 6, 14), date(2026, 7, 14)) == 1
    assert months_between(date(2024, 3, 1), TODAY) == 32


def test_the_chart_figures(tmp_path: Path) -> None:
    report = build_report(small_directory(), today=TODAY, guidance=[])
    assert [(c.name, c.services) for c in report.review_ages] == [
        ("Under 3 months", 1),
        ("3 to 5 months", 0),
        ("6 to 8 months", 0),
        ("9 to 11 months", 0),
        ("12 to 17 months", 2),
        ("18 months or more", 1),
    ]
    assert [(c.id, c.services) for c in report.themes] == [
        ("education", 2),
        ("health", 3),
        ("travel-transport", 1),
    ]


def test_the_report_command_prints_the_report(tmp_path: Path) -> None:
    """The same directory written as YAML, through the real loader and the CLI."""
    pytest.importorskip("generator.data.loader")
    data = tmp_path / "data"
    data.mkdir()
    lists = {
        "themes.yaml": ("themes", THEMES),
        "needs.yaml": ("needs", NEEDS),
        "accessibility.yaml": ("features", FEATURES),
    }
    for name, (key, terms) in lists.items():
        items = "".join(f"  - id: {t.id}\n    name: {t.name}\n" for t in terms)
        (data / name).write_text(f"{key}:\n{items}", encoding="utf-8")
    (data / "services.yaml").write_text(
        dedent(
            """\
            services:
              - id: alpha
                name: Alpha club
                summary: After-school club.
                themes: [education, health]
                needs: [autism]
                ages: {min: 5, max: 11}
                contact: {email: alpha@example.org}
                owner: alpha@example.org
                last_reviewed: 2025-11-22
              - id: bravo
                name: Bravo clinic
                summary: A clinic.
                themes: [health]
                contact: {email: bravo@example.org}
                last_reviewed: 2024-03-01
              - id: charlie
                name: Charlie travel
                summary: Getting to school.
                description: We help with mediation.
                themes: [travel-transport, education]
                needs: [autism, hearing]
                ages: {min: 12, max: 16}
                contact: {email: charlie@example.org}
                owner: charlie@example.org
                last_reviewed: 2025-11-23
              - id: delta
                name: Delta
                summary: Not shown.
                status: inactive
                themes: [health]
                owner: delta@example.org
                last_reviewed: 2020-01-01
              - id: echo
                name: Echo group
                summary: For babies.
                themes: [health]
                ages: {min: 0, max: 4}
                contact: {email: echo@example.org}
                owner: echo@example.org
                last_reviewed: 2026-11-01
            """
        ),
        encoding="utf-8",
    )
    content = write_content(tmp_path / "content")
    result = CliRunner().invoke(
        main,
        ["report", "--data", str(data), "--content", str(content), "--today", "2026-11-23"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED


def test_the_report_command_stops_on_bad_data(tmp_path: Path) -> None:
    pytest.importorskip("generator.data.loader")
    data = tmp_path / "services.yaml"
    data.write_text("services:\n  - id: Not An Id\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--data", str(data), "--today", "2026-11-23"])
    assert result.exit_code == 1
    assert "Nothing was published." in result.stderr
    assert "Review report" not in result.stdout


def test_the_sample_data_report_is_consistent() -> None:
    loader = pytest.importorskip("generator.data.loader")
    directory = loader.load(ROOT / "data", today=TODAY).directory
    report = build_report(directory, today=TODAY, guidance=read_guidance(ROOT / "content"))
    published = directory.published(TODAY)
    assert report.published == len(published)
    reviewed = [item.service.last_reviewed for item in report.due]
    assert reviewed == sorted(reviewed), "oldest first"
    assert all(item.service in published for item in report.due)
    assert {s.id for s in published if is_due_for_review(s.last_reviewed, TODAY)} == {
        item.service.id for item in report.due
    }
    assert sum(c.services for c in report.review_ages) == len(published)
    for count in report.themes:
        assert count.services == sum(1 for s in published if count.id in s.themes)
    assert [t.topic.name for t in report.topics][0] == "Special educational provision"


# --- the page and its charts --------------------------------------------------------


def parse(fragment: str) -> ElementTree.Element:
    """Parse HTML written as well-formed XML (the charts' SVG must be)."""
    return ElementTree.fromstring(f"<div>{fragment}</div>")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_chart_is_a_labelled_image_with_a_table() -> None:
    bars = [
        charts.Bar("Health", 4),
        charts.Bar("<script>x</script> & co", 2),
        charts.Bar("None", 0),
    ]
    html = charts.bar_chart("themes", "Services per theme", "How many per theme.", bars,
                            label_header="Theme")  # fmt: skip
    root = parse(html)
    svg = root.find(f".//{SVG}svg")
    assert svg is not None
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (title.get("id"), title.text) == (title_id, "Services per theme")
    assert (desc.get("id"), desc.text) == (desc_id, "How many per theme.")
    assert list(svg)[:2] == [title, desc], "title and desc come first"
    assert root.find(".//script") is None and root.find(f".//{SVG}script") is None
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert labels == ["Health", "4", "<script>x</script> & co", "2", "None", "0"]
    bar_widths = [
        int(r.get("width", "0"))
        for r in svg.iter(f"{SVG}rect")
        if r.get("fill") == charts.BAR_COLOUR
    ]
    assert bar_widths[0] == 2 * bar_widths[1] > 0 and len(bar_widths) == 2
    table = root.find(".//table")
    assert table is not None
    assert table.findtext("caption") == "Services per theme"
    assert [th.text for th in table.iter("th")] == [
        "Theme", "Services", "Health", "<script>x</script> & co", "None",
    ]  # fmt: skip
    assert [td.text for td in table.iter("td")] == ["4", "2", "0"]
    assert "font-face" not in html and "@import" not in html and "style=" not in html


def test_chart_colours_meet_wcag_contrast() -> None:
    assert contrast(charts.BAR_COLOUR, charts.BACKGROUND) >= 3
    assert contrast(charts.AXIS_COLOUR, charts.BACKGROUND) >= 3
    assert contrast(charts.TEXT_COLOUR, charts.BACKGROUND) >= 4.5


def test_the_report_page_body(tmp_path: Path) -> None:
    guidance = read_guidance(write_content(tmp_path))
    report = build_report(small_directory(), today=TODAY, guidance=guidance)
    page = review_page(report)
    assert (page.src_uri, page.title, page.in_nav) == (
        "editors/review-report.md",
        "Review report",
        False,
    )
    html = page.body_html
    root = parse(html)
    svgs = root.findall(f".//{SVG}svg")
    assert [svg.findtext(f"{SVG}title") for svg in svgs] == [
        "Services by months since review",
        "Services per theme",
        "Services per age band",
    ]
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    due = root.find(".//table")
    assert due is not None and due.findtext("caption") == "Services due for review"
    rows = [[cell.findtext("a") or cell.text for cell in row] for row in due.iter("tr")]
    assert rows == [
        ["Service", "Last reviewed", "Time since review"],
        ["Bravo clinic", "1 March 2024", "32 months"],
        ["Alpha club", "22 November 2025", "12 months"],
    ]
    assert "alpha@example.org" not in html, "the public site never shows owners"
    link = due.find(".//a")
    assert link is not None and link.get("href") == "../../services/bravo/"
    links = {a.text: a.get("href") for a in root.iter("a")}
    assert links["Travel to school"] == "../../travel/"
    assert links["Get advice"] == "../../get-advice/"
    assert "delta" not in html.lower()


def test_the_report_page_can_show_owners_behind_a_log_in() -> None:
    report = build_report(small_directory(), today=TODAY, guidance=[])
    root = parse(report_page_html(report, root="../", owners=True))
    due = root.find(".//table")
    assert due is not None
    rows = [[cell.findtext("a") or cell.text for cell in row] for row in due.iter("tr")]
    assert [row[-1] for row in rows] == ["Owner", "Not set", "alpha@example.org"]
    link = due.find(".//a")
    assert link is not None and link.get("href") == "../services/bravo/"
