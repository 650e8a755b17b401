"""Checks on the guidance pages in content/.

Editors change these pages in pull requests. These tests tell them, in plain
words, when a page has lost its front matter, has a broken heading outline,
uses markup we do not allow, or has become too hard to read. Parents read
these pages on phones, often under stress: a reading grade of 8 or lower is
the bar (the public-sector aim is a reading age of about 9).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import textstat
import yaml

from generator.site.readability import plain_text

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PAGES = sorted(CONTENT.rglob("*.md"))

AUDIENCES = {"Parents and carers", "Professionals", "Parents and carers, and professionals"}
MAX_GRADE = 8.0
MAX_SUMMARY = 200

EXPECTED_PAGES = [
    "working-together/index.md",
    "working-together/boundaries-and-expectations.md",
    "working-together/communicating.md",
    "working-together/when-you-disagree.md",
    "information/index.md",
    "information/using-this-site.md",
    "have-your-say.md",
    "therapy/index.md",
    "professionals/index.md",
    "get-advice.md",
    "accessibility.md",
    "privacy.md",
    "contact.md",
    "your-rights/index.md",
    "your-rights/sen-support.md",
    "your-rights/ehc-needs-assessments.md",
    "your-rights/ehc-plans-and-annual-reviews.md",
    "your-rights/preparing-for-adulthood.md",
    "your-rights/disagreements.md",
    "your-rights/complaints.md",
    "your-rights/personal-budgets.md",
    "your-rights/short-breaks.md",
    "your-rights/travel.md",
    "your-rights/health-and-social-care.md",
    "your-rights/money-and-benefits.md",
    "open-data.md",
]

# The headings of the GOV.UK model accessibility statement for public sector
# websites, in its order. Visitors and monitoring bodies expect to find them.
ACCESSIBILITY_H1 = "Accessibility statement for Hollinbrook Local Offer"
ACCESSIBILITY_H2S = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]

PARENT_SIDE = "If you are a parent or carer"
PROFESSIONAL_SIDE = "If you are a professional"
TIP_PAGES = [
    "working-together/boundaries-and-expectations.md",
    "working-together/communicating.md",
    "working-together/when-you-disagree.md",
]

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK_TARGET = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)[^)]*\)")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
ATTR_LIST = re.compile(r"\{[:\s#.]")


def _rel(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


def split_page(path: Path) -> tuple[dict[str, object], str]:
    """Return (front matter, body). Fails with the file name if there is none."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    assert match, f"{_rel(path)}: the page must start with front matter between two '---' lines"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{_rel(path)}: the front matter must be 'key: value' lines"
    return meta, text[match.end() :]


def headings(body: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading, in order."""
    found = []
    for line in body.splitlines():
        match = HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def test_every_expected_page_exists() -> None:
    missing = [page for page in EXPECTED_PAGES if not (CONTENT / page).is_file()]
    assert not missing, f"These guidance pages are missing from content/: {', '.join(missing)}"


def test_plain_text_reads_units_as_sentences() -> None:
    markdown = (
        "## Who can use it\n\n"
        "You can use it if you are:\n\n"
        "- a *parent* or carer\n"
        "- a young person, see [Get advice](../get-advice.md)\n\n"
        "| Letter | Stands for |\n| --- | --- |\n| S | Situation |\n"
    )
    assert plain_text(markdown) == (
        "Who can use it. You can use it if you are:. a parent or carer. "
        "a young person, see Get advice. Letter. Stands for. S. Situation."
    )


def test_grade_check_can_fail() -> None:
    hard = (
        "Notwithstanding the aforementioned considerations, multidisciplinary "
        "professionals should systematically operationalise collaborative "
        "partnerships, facilitating comprehensive individualised interventions."
    )
    assert grade(plain_text(hard)) > MAX_GRADE


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_front_matter(path: Path) -> None:
    meta, _ = split_page(path)
    name = _rel(path)
    for key in ("title", "summary", "audience", "last_reviewed"):
        assert meta.get(key), f"{name}: the front matter needs '{key}'"
    assert isinstance(meta["title"], str), f"{name}: 'title' must be text"
    summary = meta["summary"]
    assert isinstance(summary, str), f"{name}: 'summary' must be text"
    assert "\n" not in summary.strip(), f"{name}: 'summary' must be one line"
    assert len(summary) <= MAX_SUMMARY, (
        f"{name}: 'summary' is {len(summary)} characters; keep it to {MAX_SUMMARY} or fewer"
    )
    assert meta["audience"] in AUDIENCES, (
        f"{name}: 'audience' is {meta['audience']!r}; use one of: {', '.join(sorted(AUDIENCES))}"
    )
    reviewed = meta["last_reviewed"]
    assert isinstance(reviewed, date), (
        f"{name}: 'last_reviewed' is {reviewed!r}; write a real date like 2026-10-12"
    )
    assert reviewed <= date.today(), f"{name}: 'last_reviewed' ({reviewed}) is in the future"


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_heading_outline(path: Path) -> None:
    _, body = split_page(path)
    name = _rel(path)
    found = headings(body)
    h1s = [text for level, text in found if level == 1]
    assert len(h1s) == 1, f"{name}: a page needs exactly one '# ' heading, found {len(h1s)}"
    assert found[0][0] == 1, f"{name}: the '# ' heading must come before any other heading"
    for (before, _), (level, text) in zip(found, found[1:], strict=False):
        assert level <= before + 1, (
            f"{name}: heading '{text}' skips a level (h{before} then h{level})"
        )


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_reading_grade(path: Path) -> None:
    meta, body = split_page(path)
    name = _rel(path)
    body_grade = grade(plain_text(body))
    assert body_grade <= MAX_GRADE, (
        f"{name}: the page reads at grade {body_grade:.1f}; it must be {MAX_GRADE:g} or lower. "
        "Use shorter sentences and shorter words."
    )
    summary_grade = grade(plain_text(str(meta.get("summary", ""))))
    assert summary_grade <= MAX_GRADE, (
        f"{name}: the summary reads at grade {summary_grade:.1f}; "
        f"it must be {MAX_GRADE:g} or lower. Use shorter words."
    )


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_plain_markdown_only(path: Path) -> None:
    _, body = split_page(path)
    name = _rel(path)
    tag = HTML_TAG.search(body)
    assert not tag, f"{name}: remove the HTML '{tag.group(0)}'; use plain markdown"
    attr = ATTR_LIST.search(body)
    assert not attr, (
        f"{name}: remove the attribute list starting '{body[attr.start() : attr.start() + 12]}'"
    )
    admonition = re.search(r"^(!!!|\?\?\?)", body, re.MULTILINE)
    assert not admonition, f"{name}: remove the admonition '{admonition.group(0)}'"


@pytest.fixture(scope="module")
def generated_pages() -> set[str]:
    """Source paths of the pages the generator makes from the sample data."""
    from generator.data.clock import build_date
    from generator.site.content import make_site_content
    from generator.site.pages import SiteInfo

    today = build_date()
    site = SiteInfo(name="Local Offer", area_name="Hollinbrook", council="Council")
    made = make_site_content(ROOT / "data", today=today, site=site)  # with the glossary page
    return {page.src_uri for page in made.pages}


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_links_resolve(path: Path, generated_pages: set[str]) -> None:
    """Every link to a page of the site names its source (.md) file, so MkDocs'
    strict build checks it; the file is a guidance page or a generated one."""
    _, body = split_page(path)
    name = _rel(path)
    for target in LINK_TARGET.findall(body):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        page = target.split("#", 1)[0]
        assert page.endswith(".md"), (
            f"{name}: the link '{target}' must name a page's source file, "
            "like '../services/index.md'"
        )
        resolved = (path.parent / page).resolve()
        generated = resolved.relative_to(CONTENT.resolve()).as_posix() in generated_pages
        assert resolved.is_file() or generated, (
            f"{name}: the link '{target}' points to a page that does not exist"
        )


def test_tips_show_both_sides() -> None:
    for page in TIP_PAGES:
        found = [text for _, text in headings(split_page(CONTENT / page)[1])]
        parents = found.count(PARENT_SIDE)
        professionals = found.count(PROFESSIONAL_SIDE)
        assert parents and parents == professionals, (
            f"{page}: each tip needs a '{PARENT_SIDE}' and a '{PROFESSIONAL_SIDE}' section "
            f"(found {parents} and {professionals})"
        )


def test_accessibility_statement_follows_govuk_model() -> None:
    _, body = split_page(CONTENT / "accessibility.md")
    found = headings(body)
    assert [text for level, text in found if level == 1] == [ACCESSIBILITY_H1]
    h2s = [text for level, text in found if level == 2]
    assert h2s == ACCESSIBILITY_H2S, (
        "accessibility.md: the level-2 headings must follow the GOV.UK model statement, "
        f"in this order: {ACCESSIBILITY_H2S}; found {h2s}"
    )
    assert "WCAG" in body and "2.2" in body and "AA" in body
