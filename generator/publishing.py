"""The publishing side of a build: open data, What's new, and the editors' report.

`generator.build` calls these once per build; they only assemble what the
owning modules make (`opendata`, `history`, `whatsnew`, `report`), so the
MkDocs plugin and `python -m generator generate` get the same pages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator import history, report, whatsnew
from generator.model import Directory
from generator.opendata import write_open_data
from generator.pages import GeneratedPage, SiteInfo

API_FOLDER = "api"
"""Where the open data goes in the built site: site/api/services.json and so on."""


def publishing_pages(
    *,
    content: Path,
    directory: Directory,
    today: date,
    site: SiteInfo,
    found: history.History | None,
) -> tuple[list[GeneratedPage], dict[str, str]]:
    """The What's new page and the editors' review report, and the files to
    write beside them ({path in the site: text}: the Atom feed).

    What's new comes from the git history of the data and `content` (`found`,
    from `history.read_history`), or from the services' review dates when
    there is none (a tarball).
    """
    guidance = report.read_guidance(content)
    titles = {page.path: page.title for page in guidance if not page.path.startswith("editors/")}
    if found is not None and (found.services or found.pages):
        entries = whatsnew.entries_from_history(found, directory, today=today, page_titles=titles)
    else:
        found = None
        entries = whatsnew.entries_from_reviews(directory, today=today)
    feed = bool(site.site_url)
    pages = [
        report.review_page(report.build_report(directory, today=today, guidance=guidance)),
        whatsnew.whats_new_page(
            entries, from_history=found is not None, feed=feed, site_name=site.name
        ),
    ]
    files: dict[str, str] = {}
    if feed:
        files[whatsnew.FEED] = whatsnew.atom_feed(
            entries,
            site_url=site.site_url,
            site_name=site.name,
            author=site.council,
            today=today,
        )
    return pages, files


def write_api(
    directory: Directory, site_dir: Path, *, site_url: str, today: date, title: str
) -> list[Path]:
    """The open data under `site_dir`/api/ (see `generator.opendata`); nothing
    without a `site_url`, which every link and id in it is built from."""
    if not site_url:
        return []
    return write_open_data(
        directory, site_dir / API_FOLDER, site_url=site_url, today=today, title=title
    )
