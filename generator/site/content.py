"""From the data folder to every page the data makes, for any engine.

`make_site_content` loads and checks the data once and makes the service
pages, lists, What's new and the editors' report; the MkDocs plugin hands
them to MkDocs, and `generate_pages` writes them as plain files for any
other engine.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import messages
from generator.data import clock, settings
from generator.data.loader import CheckResult, lists_folder, load
from generator.data.model import Directory
from generator.data.problems import DataError, Problem, sort_problems
from generator.site import (
    glossary,
    guidance,
    history,
    markdown_checks,
    readability,
    report,
    whatsnew,
)
from generator.site.guidance import Guidance, GuidanceSource, Prepared
from generator.site.links import Addresses
from generator.site.pages import GeneratedPage, Redirect, SiteInfo, build_pages, page_sources
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
    # What each guidance page's markdown passes through (facts, links, glossary).
    guidance: Guidance
    # Other files for the built site, {path inside it: text}: My list's key facts,
    # the What's new feed.
    files: dict[str, str] = field(default_factory=dict)
    # The guidance pages as written, for `generate` to write them expanded.
    sources: list[GuidanceSource] = field(default_factory=list)
    # When each listing last changed (from git): its page's "Last changed" and
    # its `last_modified` in the open data.
    changes: dict[str, history.ListingHistory] = field(default_factory=dict)


class SameAddress(Exception):
    """A guidance page and a page made from the data would have the same address."""


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

    With `content` (the guidance folder), its pages are checked too (their
    references to listings, the duties they cover), as `check` does; their
    plain words are `check`'s alone (see `generator.site.readability`).
    With `project` (the folder of mkdocs.yml), service pages
    say when they last changed in git; with `content` as well, the What's new
    page and feed and the editors' review report are made too. The glossary
    page comes from `data/glossary.yaml`, when there is one.
    Raises `generator.data.problems.DataError` when the data has problems, exactly
    as `check` does.
    """
    result = load(data, today=today)
    listing_changes = (
        history.listing_history(project, result.directory.services, link=history_link)
        if project is not None
        else {}
    )
    prepared = guidance.prepare(data, content, result.directory, today=today, site=site)
    if prepared.problems:
        raise DataError(prepared.problems, result.warnings)
    # Read before the pages are made (their bodies are held until written):
    # its pass over a first commit of every listing needs more memory at
    # once than any other step of the build.
    recent = (
        history.read_history(project, data=data, content=content)
        if project is not None and content is not None
        else None
    )
    pages, redirects = build_pages(
        result.directory,
        today=today,
        site=site,
        changes=listing_changes,
        thesaurus=prepared.thesaurus,
    )
    if prepared.glossary:
        terms_page = glossary.glossary_page(prepared.glossary, area_name=site.area_name)
        pages = sorted([*pages, terms_page], key=lambda page: page.src_uri)
    files = shortlist_files(result.directory.published(today), result.directory.retired())
    if project is not None and content is not None:
        more, more_files = publishing_pages(
            content=content,
            directory=result.directory,
            today=today,
            site=site,
            found=recent,
            prepared=prepared,
        )
        pages = sorted([*pages, *more], key=lambda page: page.src_uri)
        files.update(more_files)
    made = [page.src_uri for page in pages]
    found, more_warnings = markdown_problems(result.directory, made, prepared.pages, today=today)
    warnings = [*result.warnings, *more_warnings]
    if found:
        raise DataError(found, warnings)
    prepared.guidance.addresses = Addresses([*made, *(source.path for source in prepared.pages)])
    return SiteContent(
        pages=pages,
        redirects=redirects,
        warnings=warnings,
        files=files,
        directory=result.directory,
        today=today,
        guidance=prepared.guidance,
        sources=prepared.pages,
        changes=listing_changes,
    )


def markdown_problems(
    directory: Directory, made: Sequence[str], sources: Sequence[GuidanceSource], *, today: date
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of the links, images and raw HTML in the published
    descriptions and the guidance pages, against every page of the site
    (`made`: the source files of the pages made from the data)."""
    addresses = Addresses([*made, *(source.path for source in sources)])
    problems, warnings = markdown_checks.listing_problems(directory, addresses, today=today)
    more_problems, more_warnings = markdown_checks.guidance_problems(sources, addresses)
    return [*problems, *more_problems], [*warnings, *more_warnings]


def publishing_pages(
    *,
    content: Path,
    directory: Directory,
    today: date,
    site: SiteInfo,
    found: history.History | None,
    prepared: Prepared | None = None,
) -> tuple[list[GeneratedPage], dict[str, str]]:
    """The What's new page and the editors' review report, and the files to
    write beside them ({path in the site: text}: the Atom feed).

    What's new comes from the git history of the data and `content` (`found`,
    from `history.read_history`), or from the services' review dates when
    there is none (a tarball). With `prepared`, the report maps the duties
    of the law to the pages and services that cover them.
    """
    pages_read = report.read_guidance(content)
    titles = {page.path: page.title for page in pages_read if not page.path.startswith("editors/")}
    if found is not None and (found.services or found.pages):
        entries = whatsnew.entries_from_history(found, directory, today=today, page_titles=titles)
    else:
        found = None
        entries = whatsnew.entries_from_reviews(directory, today=today)
    feed = bool(site.site_url)
    pages = [
        report.review_page(
            report.build_report(
                directory,
                today=today,
                guidance=pages_read,
                duties=prepared.duties if prepared is not None else (),
            )
        ),
        *whatsnew.whats_new_pages(
            entries, from_history=found is not None, feed=feed, site_name=site.name
        ),
    ]
    files: dict[str, str] = {}
    if feed:
        files[whatsnew.FEED] = whatsnew.atom_feed(
            entries[: whatsnew.LIMIT],
            site_url=site.site_url,
            site_name=site.name,
            author=site.council,
            today=today,
        )
    return pages, files


def project_docs(project: Path) -> str:
    """The guidance folder of the project, as mkdocs.yml names it (`docs_dir`)."""
    return str(settings.read_settings(project).get("docs_dir") or "docs")


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
        content=project / project_docs(project),
        history_link=history.history_link(extra),
    )


def generate_pages(project: Path, out_dir: Path) -> list[Path]:
    """Write the generated pages for another engine: one `.md` file per page
    (YAML front matter, then the page's safe HTML), `redirects.json` and the
    other files the site serves as they are (My list's `assets/mylist/*.json`).
    The guidance pages of content/ are written too, at their own paths and
    the same way (their front matter, then the HTML the MkDocs build
    publishes): references to listings replaced by their values, numbers and
    emails made links, glossary terms explained, nothing left for the
    engine's markdown renderer to read.

    Raises `DataError` when the data has problems, `SameAddress` when a
    guidance page takes the address of a page made from the data. Returns
    the files written.
    """
    content = project_content(project)
    written: list[Path] = []
    guidance_pages = {source.path for source in content.sources}
    for page in content.pages:
        if page.src_uri in guidance_pages:
            raise SameAddress(messages.same_address(project_docs(project), page.src_uri))
    for source in content.sources:  # rendered, as the MkDocs build shows them
        written.append(_write(out_dir / source.path, content.guidance.page_text(source)))
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


def guidance_folder(data: Path) -> Path | None:
    """The guidance folder that goes with a data folder (or services file): the
    `docs_dir` of the mkdocs.yml beside the data folder, or None when there is none."""
    if not data.exists():
        return None  # the check says so
    folder = data if data.is_dir() else lists_folder(data)
    project = folder.absolute().parent
    if not (project / settings.CONFIG_FILE).is_file():
        return None
    content = project / project_docs(project)
    return content if content.is_dir() else None


def check_with_guidance(data: Path, content: Path, *, today: date) -> CheckResult:
    """`check` for the data and the guidance pages of `content` together: every problem
    of both (references that cannot be shown, unknown duties) and the plain-words
    warnings, which only `check` gives. The pages need the listings themselves, so
    the data is loaded, not only checked. Raises `DataError` as `check` does."""
    project = content.absolute().parent
    found = (
        settings.read_settings(project) if (project / settings.CONFIG_FILE).is_file() else {}
    )
    site = site_info(str(found.get("site_name") or ""), found.get("extra") or {})
    with readability.Grader() as grader:  # loads its dictionary while the data loads
        result = load(data, today=today)
        prepared = guidance.prepare(data, content, result.directory, today=today, site=site)
        plain_words = guidance.readability_warnings(
            prepared.pages, result.directory, today=today, grader=grader
        )
        if prepared.problems:
            raise DataError(prepared.problems, [*result.warnings, *plain_words()])
        # The pages the build would make, named, so that links to them can be
        # checked; the two made only with the project's history are added.
        made = page_sources(result.directory, today=today)
        made += [glossary.PAGE] if prepared.glossary else []
        made += [whatsnew.PAGE, report.REVIEW_PAGE]
        wrong, more = markdown_problems(result.directory, made, prepared.pages, today=today)
        warnings = [*result.warnings, *plain_words(), *more]
    if wrong:
        raise DataError(wrong, warnings)
    return CheckResult(
        services=len(result.directory.services),
        warnings=sort_problems(warnings),
        files=result.files,
    )
