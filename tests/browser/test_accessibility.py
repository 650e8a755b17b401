"""Every page type of the sample site meets WCAG 2.2 AA, checked in a real browser.

axe-core (the pinned version, rules tagged wcag2a, wcag2aa, wcag21a,
wcag21aa, wcag22aa and best-practice) runs on each page type as a phone
(390 px) and a laptop (1280 px) shows it, after the page's scripts have
done their work (search results shown, My list filled). The Nu Html
Checker reads the same pages' HTML and must report no error and no warning.
Nothing is muted: the only findings accepted are listed, with the reason
they cannot apply, in a11y_exceptions.py. A screenshot of each page at
390 px is left in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_exceptions import excused_axe, excused_vnu
from playwright.sync_api import Page
from site_pages import PAGE_TYPES, ROOT, PageType, open_page, page_types

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kinds(sample_site_dir: Path) -> dict[str, PageType]:
    return page_types(sample_site_dir)


@pytest.mark.parametrize("viewport_width", [390, 1280])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_nothing(
    page: Page,
    page_log,
    kinds,
    kind,
    sample_site_server,
    run_axe,
    describe_violations,
    viewport_width,
):
    open_page(page, sample_site_server.url, kinds[kind], page_log)
    violations = [v for v in run_axe(page) if excused_axe(v) is None]
    assert violations == [], f"{kind} at {viewport_width} px:\n" + describe_violations(violations)
    page_log.assert_clean()


RIGHTS_PAGES = sorted(
    page.relative_to(ROOT / "content").as_posix().removesuffix(".md").removesuffix("index")
    for page in (ROOT / "content" / "your-rights").glob("*.md")
)


@pytest.mark.parametrize("viewport_width", [390])
@pytest.mark.parametrize("path", RIGHTS_PAGES)
def test_axe_finds_nothing_on_the_rights_pages(
    page: Page, page_log, path, sample_site_server, run_axe, describe_violations, viewport_width
):
    """Every page of "Support and your rights", at a phone's width: links drawn
    from the listings, tables of time limits and glossary explanations."""
    kind = PageType(path, path.rstrip("/") + "/", "")
    open_page(page, sample_site_server.url, kind, page_log)
    violations = [v for v in run_axe(page) if excused_axe(v) is None]
    assert violations == [], f"{path}:\n" + describe_violations(violations)
    page_log.assert_clean()


def test_the_nu_html_checker_finds_nothing(kinds, sample_site_dir, run_vnu):
    files = sorted({sample_site_dir / kind.file for kind in kinds.values()})
    findings = [f for f in run_vnu(files) if excused_vnu(f) is None]
    assert findings == [], "\n".join(f"{f}\n    {f.extract!r}" for f in findings)


def test_the_exceptions_are_still_needed(kinds, sample_site_dir, run_vnu):
    """An exception nothing matches any more is a rule muted for no reason: remove it."""
    from a11y_exceptions import EXCEPTIONS

    files = sorted({sample_site_dir / kind.file for kind in kinds.values()})
    used = {excused_vnu(f) for f in run_vnu(files)} - {None}
    unused = [e.pattern for e in EXCEPTIONS if e.tool == "vnu" and e not in used]
    assert unused == []
