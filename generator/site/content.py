"""From the data folder to every page the data makes, for any engine.

`make_site_content` loads and checks the data once and makes the service
pages, lists, What's new and the editors' report; the MkDocs plugin hands
them to MkDocs, and `generate_pages` writes them as plain files for any
other engine.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import sidework
from generator.data import clock, settings
from generator.data.loader import load
from generator.data.model import Directory
from generator.data.problems import Problem
from generator.site import history, report, whatsnew
from generator.site.pages import GeneratedPage, Redirect, SiteInfo, build_pages
from generator.site.shortlist import shortlist_files


@dataclass(frozen=True, slots=True)
class SiteContent:
    """Everything the data turns into, computed once per build."""

    pages: list[GeneratedPage]
    redirects: list[Redirect]
    warnings: list[Problem]
    # The checked directory and the build date, for the open data after the build.
    directory: Directory
    today: date
    # Other files for the built site, {path inside it: text}: My list's key facts,
    # the What's new feed.
    files: dict[str, str] = field(default_factory=dict)
    # When each listing last changed (from git): its page's "Last changed" and
    # its `last_modified` in the open data.
    changes: dict[str, history.ListingHistory] = field(default_factory=dict)


def site_info(site_name: str, extra: Mapping[str, Any], site_url: str | None = None) -> SiteInfo:
    """The names pages print, from `site_name`, `extra` and `site_url` in mkdocs.yml.

    One function so that the MkDocs plugin and `generate` (which reads
    mkdocs.yml itself) can never disagree.
    """
    area = str(extra.get("area_name") or "")
    council = str(extra.get("council") or "")
    return SiteInfo(name=site_name, area_name=area, council=council, site_url=site_url or "")


def make_site_content(
    data: Path,
    *,
    today: date,
    site: SiteInfo,
    project: Path | None = None,
    content: Path | None = None,
    history_link: history.HistoryLink | None = None,
) -> SiteContent:
    """Load and check the data, then generate every page and redirect.

    With `project` (the folder of mkdocs.yml), service pages say when they
    last changed in git; with `content` (the guidance folder) as well, the
    What's new page and feed and the editors' review report are made too.
    Raises `generator.data.problems.DataError` when the data has problems, exactly
    as `check` does.
    """
    # What's new reads the git history on the second core while the listings load.
    changes = (
        sidework.Ahead(functools.partial(history.read_history, project, data=data, content=content))
        if project is not None and content is not None
        else None
    )
    try:
        result = load(data, today=today)
        listing_changes = (
            history.listing_history(project, result.directory.services, link=history_link)
            if project is not None
            else {}
        )
        pages, redirects = build_pages(
            result.directory, today=today, site=site, changes=listing_changes
        )
        files = shortlist_files(result.directory.published(today), result.directory.retired())
        if changes is not None and content is not None:
            more, more_files = publishing_pages(
                content=content,
                directory=result.directory,
                today=today,
                site=site,
                found=changes.result(),
            )
            pages = sorted([*pages, *more], key=lambda page: page.src_uri)
            files.update(more_files)
    finally:
        if changes is not None:
            changes.cancel()  # when something failed before its result was wanted
    return SiteContent(
        pages=pages,
        redirects=redirects,
        warnings=list(result.warnings),
        files=files,
        directory=result.directory,
        today=today,
        changes=listing_changes,
    )


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


def project_content(project: Path) -> SiteContent:
    """Everything the data of the project in `project` turns into, read as
    the MkDocs build reads it (its settings in mkdocs.yml), for the commands
    that serve another engine. Raises `DataError` when the data has problems."""
    found = settings.read_settings(project)
    extra = found.get("extra") or {}
    return make_site_content(
        settings.data_path(project, found),
        today=clock.build_date(project),
        site=site_info(str(found.get("site_name") or ""), extra, found.get("site_url")),
        project=project,
        content=project / str(found.get("docs_dir") or "docs"),
        history_link=history.history_link(extra),
    )


def generate_pages(project: Path, out_dir: Path) -> list[Path]:
    """Write the generated pages for another engine: one `.md` file per page
    (YAML front matter, then the page's safe HTML), `redirects.json` and the
    other files the site serves as they are (My list's `assets/mylist/*.json`).

    Raises `DataError` when the data has problems. Returns the files written.
    """
    content = project_content(project)
    written: list[Path] = []
    for page in content.pages:
        front = {"title": page.title, **page.meta, "in_nav": page.in_nav}
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        written.append(_write(out_dir / page.src_uri, f"---\n{header}---\n\n{page.body_html}\n"))
    redirects = [{"from": r.from_path, "to": r.to_uri} for r in content.redirects]
    written.append(_write(out_dir / "redirects.json", json.dumps(redirects, indent=2) + "\n"))
    for path, text in content.files.items():  # My list's key facts, copied as they are
        written.append(_write(out_dir / path, text))
    return written


def _write(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
