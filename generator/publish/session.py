"""One publication of a site: everything that happens once pages exist.

Any engine draws the pages; a `Session` makes them publishable. Each page
goes through `page` as it is written (its Content-Security-Policy, and into
the search index), and `finish` writes what the site holds besides pages:
redirects, the search index, My list's files (and the QR library it draws
its printed codes with), the open data, `urls.json` and `_headers`. Three
callers share it: the MkDocs plugin, `python -m generator finish` (a site
any engine built from `generate`'s pages) and the tests.

Pagefind indexes each page as it arrives, on the other core (see
generator/publish/indexer.py).
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator import messages
from generator.data import clock
from generator.data.loader import SERVICES_FOLDER, shown_path
from generator.publish import (
    csp,
    editor,
    feed,
    indexer,
    opendata,
    qr,
    redirects,
    search,
    theme_files,
    urls,
)
from generator.site import content, history
from generator.site.content import SiteContent
from generator.site.pages import GeneratedPage


class PublishingFailed(Exception):
    """The site could not be completed; the message says why, for whoever runs the build."""


def start(
    project: Path,
    *,
    data: Path,
    docs_dir: Path,
    site_name: str,
    extra: Mapping[str, Any],
    site_url: str,
    serving: bool = False,
) -> Session:
    """Load and check the data of the project in `project`, make its pages
    and open the session that publishes them: what an engine's adapter calls
    first. Raises `DataError` when the data has problems, and
    `PublishingFailed` when a tool the session needs is missing."""
    site = content.site_info(site_name, extra, site_url)
    made = content.make_site_content(
        data,
        today=clock.build_date(project),
        site=site,
        project=project,
        content=docs_dir,
        history_link=history.history_link(extra),
    )
    return Session(
        made,
        project=project,
        site_url=site_url,
        title=site_name,
        serving=serving,
        admin=None
        if serving
        else functools.partial(
            write_editor, project, data=data, content=docs_dir, extra=extra, site_url=site_url
        ),
    )


def write_editor(
    project: Path,
    site_dir: Path,
    *,
    data: Path,
    content: Path | None,
    extra: Mapping[str, Any],
    site_url: str,
) -> str:
    """/admin/, the browser editor, when mkdocs.yml turns it on (`extra.editor`),
    the pinned package is installed and the project names its repository;
    otherwise (turned on) a line saying why it is left out. Returns its rules
    for `_headers` ("" when it is left out)."""
    if not isinstance(extra.get("editor"), dict):
        return ""  # not turned on: see docs/publishing.md, "The browser editor"
    settings = editor.editor_settings(extra, site_url)
    dist = editor.package_folder(project)
    if not settings.repo:
        print(messages.EDITOR_NO_REPO, file=sys.stderr)
        return ""
    if dist is None:
        print(messages.EDITOR_NOT_INSTALLED, file=sys.stderr)
        return ""
    config = editor.editor_config(settings, data=data, content=content, project=project)
    editor.write_admin(site_dir, config, settings, dist)
    lists = editor.list_files_in(data / SERVICES_FOLDER)
    if lists:
        shown = ", ".join(shown_path(path) for path in lists)
        print(messages.editor_list_files(shown), file=sys.stderr)
    return editor.header_rules(settings)


class Session:
    """The publishing of one build of `content` (see the module's docstring).

    `serving`: a local preview (`serve`), which has no policy (its live reload
    is an inline script) and writes the open data after the page has reloaded.
    `project`: the project's folder, where the pinned npm packages are found.
    """

    def __init__(
        self,
        content: SiteContent,
        *,
        project: Path,
        site_url: str,
        title: str,
        serving: bool = False,
        admin: Callable[[Path], str] | None = None,
    ) -> None:
        self.content = content
        self.project = project
        self._admin = admin  # writes /admin/, the browser editor, and returns its header rules
        self._admin_headers = ""
        self.site_url = site_url
        self.serving = serving
        self._hashes: set[str] = set()  # every page's inline scripts, for `_headers`
        self._write_api: Callable[[Path], object] | None = None
        if content.directory is not None and site_url:
            self._write_api = functools.partial(
                opendata.write_api,
                content.directory,
                site_url=site_url,
                today=content.today,
                title=title,
                changes=content.changes,
            )
        try:
            self._indexer: indexer.Indexer | None = indexer.Indexer()
        except search.SearchIndexFailed as error:
            raise PublishingFailed(str(error)) from None
        self._background: threading.Thread | None = None

    def take_pages(self) -> list[GeneratedPage]:
        """The pages made from the data, handed to the engine that draws them:
        the session holds them no longer, so each page's body is let go of
        once the engine has written it (at 10,000 services, tens of megabytes
        of the build's peak)."""
        pages = self.content.pages
        self.content = dataclasses.replace(self.content, pages=[])
        return pages

    def address(self, url: str) -> str:
        """The public address of a page at `url` ("services/x/") of this site."""
        base = self.site_url if self.site_url.endswith("/") else f"{self.site_url}/"
        return urljoin(base, url) if self.site_url else url

    def qr_svg(self, url: str) -> str:
        """The QR code of the page at the public address `url`, for its printout."""
        return qr.qr_svg(url)

    def secure(self, html: str) -> str:
        """A page with its Content-Security-Policy (none in a preview)."""
        if self.serving:
            return html
        # Pagefind always indexes a published build: its search is WebAssembly.
        html, hashes = csp.secure_page(html, wasm=True)
        self._hashes |= hashes
        return html

    def page(self, path: str, html: str, *, body: str | None = None) -> None:
        """The page at `path` in the site ("services/x/index.html") as written,
        secured already. `body`: its body alone, when its chrome has nothing
        the index reads (Pagefind then parses less)."""
        assert self._indexer is not None, "the session has finished"
        if body is not None:
            self._indexer.add_body(path, body)
        else:
            self._indexer.add(path, html)

    def finish(self, site_dir: Path) -> None:
        """Write everything but the pages into `site_dir`. In a preview the
        search index and the other files follow in the background, so the
        edited page reloads first; a problem there is printed, not raised."""
        for redirect in self.content.redirects:
            target = site_dir / redirect.from_path
            if target.exists():
                moved = messages.redirect_is_a_page(redirect.from_path, redirect.to_uri)
                raise PublishingFailed(moved)
            target.parent.mkdir(parents=True, exist_ok=True)
            html = redirects.redirect_html(redirect, site_url=self.site_url)
            target.write_text(self.secure(html), encoding="utf-8")
        # Every page has gone to Pagefind now: it writes the index on the other
        # core while this one writes the files it does not read.
        assert self._indexer is not None, "the session has finished"
        self._indexer.write(site_dir / search.BUNDLE)
        if self.serving:
            self._background = threading.Thread(
                target=self._finish_quietly, args=(site_dir,), daemon=True
            )
            self._background.start()
            return
        self._finish(site_dir)
        feed_headers = feed.header_rules(self.site_url) if self._write_api is not None else ""
        more = feed_headers + self._admin_headers
        csp.write_headers(site_dir, self._hashes, wasm=True, more=more)

    def cancel(self) -> None:
        """Stop everything still running: the build failed, or (`serve`) a new one starts."""
        if self._indexer is not None and not self._indexer.stopped:
            self._indexer.close()
        if self._background is not None:
            self._background.join()
            self._background = None
        self._indexer = None

    def _finish(self, site_dir: Path) -> None:
        indexing = self._indexer
        assert indexing is not None
        try:
            self._write_files(site_dir)
        except BaseException:
            indexing.close()
            raise
        try:
            indexing.finish()
        except search.SearchIndexFailed as error:
            raise PublishingFailed(str(error)) from None
        self._indexer = None
        theme_files.remove_unused(site_dir)

    def _finish_quietly(self, site_dir: Path) -> None:
        indexing = self._indexer
        try:
            self._finish(site_dir)
        except (PublishingFailed, OSError) as error:
            if indexing is not None and not indexing.stopped:  # not stopped by a rebuild
                print(f"WARNING -  {error}", file=sys.stderr)

    def _write_files(self, site_dir: Path) -> None:
        """The site's files other than pages: My list and its QR library, open data, urls.json."""
        for path, text in self.content.files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if not qr.write_script(self.project, site_dir):
            print(messages.QR_SCRIPT_NOT_INSTALLED, file=sys.stderr)
        if self._write_api is not None:
            self._write_api(site_dir)
            rules = feed.redirect_rules(self.site_url)
            (site_dir / feed.REDIRECTS_FILE).write_text(rules, encoding="utf-8")
            sitemap = site_dir / feed.API_FOLDER / "sitemap.xml"
            sitemap.write_text(feed.EMPTY_SITEMAP, encoding="utf-8")
        moved = urls.redirect_addresses((r.from_path, r.to_uri) for r in self.content.redirects)
        away = urls.outside_dates(self.content.directory.services, self.content.today)
        urls.write_manifest(site_dir, site_url=self.site_url, redirects=moved, outside_dates=away)
        if self._admin is not None:  # after urls.json: the editor is not a published page
            self._admin_headers = self._admin(site_dir)


QR_MARKER = "<!-- localoffer:qr -->"
"""Where a page of another engine's theme wants its QR code (in its print block)."""


def finish_site(
    content: SiteContent,
    site_dir: Path,
    *,
    project: Path,
    site_url: str,
    title: str,
    admin: Callable[[Path], str] | None = None,
) -> int:
    """Complete the HTML site in `site_dir` that an engine built from
    `generate`'s pages: every page secured and indexed (its QR code put at
    `QR_MARKER`), then everything `Session.finish` writes, /admin/ included
    when `admin` (`write_editor` for the project) is given. Returns how many
    pages it went through."""
    if not (site_dir / "index.html").is_file():
        raise PublishingFailed(messages.not_a_site(str(site_dir)))
    session = Session(content, project=project, site_url=site_url, title=title, admin=admin)
    try:
        pages = sorted(site_dir.rglob("*.html"))
        for path in pages:
            where = path.relative_to(site_dir).as_posix()
            html = path.read_text(encoding="utf-8")
            if QR_MARKER in html:
                url = session.address(where.removesuffix("index.html"))
                html = html.replace(QR_MARKER, session.qr_svg(url))
            html = session.secure(html)
            session.page(where, html)
            path.write_text(html, encoding="utf-8")
        session.finish(site_dir)
    except BaseException:
        session.cancel()
        raise
    return len(pages)
