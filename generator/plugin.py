"""The MkDocs adapter: the only module that imports mkdocs.

Glue only. The core (`generator.build`) loads and checks the data and makes
the pages once per build; this plugin hands them to MkDocs. Generated bodies
are already safe HTML, so MkDocs gets an empty page to parse and the body is
swapped in afterwards: Markdown would only cost time on markup that is ours.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator import (
    build,
    clock,
    csp,
    history,
    loader,
    permalinks,
    problems,
    publishing,
    qr,
    search,
    sidework,
    speech,
    theme_files,
    urls,
)
from generator.pages import GeneratedPage, Redirect

_HEADING = re.compile(r"<h([2-3])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_ID = re.compile(r"\bid=\"([^\"]+)\"")
_TAG = re.compile(r"<[^>]+>")
MAIN_CONTENT = "main-content"  # the id overrides/main.html gives every page body
_REUSED = "localoffer-reused.html"
"""`serve`: the template of a page whose last rendering is reused (see `_reuse_key`)."""


class LocalOfferPlugin(BasePlugin):  # type: ignore[type-arg]
    # Declared the older way: a typed `Config` cannot have an option named
    # `data`, the name its underlying UserDict uses for its contents.
    config_scheme = (
        # The data folder (or one services file), relative to mkdocs.yml.
        ("data", c.Type(str, default=build.DEFAULT_DATA)),
    )

    def __init__(self) -> None:
        self._pages: dict[str, GeneratedPage] = {}
        self._redirects: list[Redirect] = []
        self._rendered: dict[str, str] = {}
        self._files: dict[str, str] = {}
        # The open data: written by a forked process while pages render, or
        # (`serve`) after the browser reloads; None without a site_url.
        self._write_api: Callable[[Path], object] | None = None
        self._built_on = ""
        self._serving = False
        self._qr: qr.Prefetch | None = None
        self._qr_known: dict[str, str] = {}  # kept across `serve` rebuilds
        self._qr_urls: list[str] = []
        self._qr_cached: dict[str, str] = {}  # as read from .cache/
        # `serve`: the last build's Pagefind run and file writing, finished
        # after the browser has reloaded.
        self._background: threading.Thread | None = None
        self._indexing: subprocess.Popen[str] | None = None
        # `serve`: each page the data makes that is not in the navigation, as
        # last rendered, {src_uri: (what it was made from, HTML)}; and the
        # pages of this rebuild that reuse theirs.
        self._rendered_pages: dict[str, tuple[tuple[object, ...], str]] = {}
        self._keys: dict[str, tuple[object, ...]] = {}  # this rebuild's, to keep
        self._reusing: set[str] = set()
        self._chrome: tuple[object, ...] = ()
        self._open_data: sidework.SideWork | None = None  # made while pages render

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the data and make every page, once per build. Bad data stops
        the build with the check's own report and no traceback."""
        self._wait_for_background()
        project = Path(config.config_file_path).parent
        # MkDocs dates the sitemap from this too: one date for the whole build.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(clock.build_epoch(project)))
        site = build.site_info(config.site_name, config.extra, config.site_url)
        data = project / self.config["data"]
        try:
            content = build.make_site_content(
                data,
                today=clock.build_date(project),
                site=site,
                project=project,
                content=Path(config.docs_dir),
                history_link=history.history_link(config.extra),
                # `serve`: only the edited files are parsed again (local only,
                # never in a published build).
                yaml_cache=loader.cache_folder(data) if self._serving else None,
            )
        except problems.DataError as error:
            print(problems.problem_report(error.problems, error.warnings), file=sys.stderr)
            raise Abort("The site was not built: put the data right, then build again.") from None
        self._pages = {page.src_uri: page for page in content.pages}
        self._redirects = content.redirects
        self._rendered = {}
        self._files = content.files
        self._built_on = speech.date_words(clock.build_date(project))
        self._keys, self._reusing = {}, set()
        self._write_api = None
        if content.directory is not None and config.site_url:
            self._write_api = functools.partial(
                publishing.write_api,
                content.directory,
                site_url=config.site_url,
                today=content.today or clock.build_date(project),
                title=config.site_name,
            )
        if self._serving:
            self._chrome = _chrome(config, content.pages, self._built_on)
        elif self._write_api is not None:
            # On the second core while this one renders the pages.
            self._open_data = sidework.SideWork(self._write_api, beside=_cache_folder(config))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self._pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.src_uri} has the same address as a page made "
                    f"from the data. Rename or remove {page.src_uri}."
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters["date_words"] = _date_words
        env.globals["localoffer_once"] = self._once
        # The print-only block of overrides/main.html: the page's QR code, and
        # the date "Printed on" shows when no script fills in the real one.
        # Every page's address is known now: the QR codes are made on the
        # second core while this one renders the pages.
        urls = [f.page.canonical_url for f in files.documentation_pages() if f.page]
        self._qr_urls = [url for url in urls if url]
        if not self._qr_known:
            self._qr_cached = qr.read_cache(_cache_folder(config))
            self._qr_known.update(self._qr_cached)
        self._qr = qr.Prefetch(self._qr_urls, known=self._qr_known)
        env.globals["localoffer_qr"] = self._qr.svg
        env.globals["localoffer_built_on"] = self._built_on
        if self._serving and env.loader is not None and not isinstance(env.loader, ChoiceLoader):
            env.loader = ChoiceLoader([DictLoader({_REUSED: "reused"}), env.loader])
        # Compiling Material's templates costs about half a second on every
        # build and every `make serve` rebuild; Jinja keeps the compiled code
        # in a private folder of the system's temporary directory.
        if env.bytecode_cache is None:
            env.bytecode_cache = FileSystemBytecodeCache()
        return env

    def _once(self, key: str, render: Callable[[], str]) -> str:
        """A piece of theme HTML that many pages share, rendered once per build."""
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give every page a title that is safe to print unescaped, as Material does."""
        generated = self._pages.get(page.file.src_uri)
        configured = "title" in vars(page)  # a title given in `nav:` wins
        if generated is None:
            title = page.meta.pop("title", None)
            if title is not None and not configured:
                page.title = escape(str(title))
            if "description" not in page.meta and page.meta.get("summary"):
                page.meta["description"] = str(page.meta["summary"])
            return markdown
        page.meta.update(generated.meta)
        if not configured:
            page.title = escape(generated.title)
        if self._serving and not generated.in_nav:
            key = self._keys[generated.src_uri] = self._reuse_key(generated)
            last = self._rendered_pages.get(generated.src_uri)
            if last is not None and last[0] == key:
                # Nothing it is made from changed: its last HTML is reused
                # (`on_post_page`) and the theme renders a stub instead.
                page.meta["template"] = _REUSED
                self._reusing.add(generated.src_uri)
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self._pages.get(page.file.src_uri)
        if generated is None:
            return permalinks.add_copy_links(html)  # guidance: "Copy link" under headings
        # What Markdown would have found: the table of contents (its first
        # entry is also the target of Material's skip link) and the anchors
        # other pages may link to.
        page.toc = get_toc(_toc_tokens(generated.body_html, str(page.title or "")))
        page.present_anchor_ids = set(_ID.findall(generated.body_html))
        return generated.body_html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Let go of a generated page's body once written: thousands of them
        held to the end of the build were a fifth of its memory. Under
        `serve`, keep (or reuse) the page's HTML for the next rebuild."""
        generated = self._pages.pop(page.file.src_uri, None)
        if generated is None:
            return output
        page.content = None
        if self._serving and not generated.in_nav:
            if generated.src_uri in self._reusing:
                return self._rendered_pages[generated.src_uri][1]
            self._rendered_pages[generated.src_uri] = (self._keys.pop(generated.src_uri), output)
        return output

    def _reuse_key(self, generated: GeneratedPage) -> tuple[object, ...]:
        """Everything a generated page outside the navigation is rendered
        from: itself, and the chrome every such page shares (see `_chrome`)."""
        meta = tuple(sorted((k, str(v)) for k, v in generated.meta.items()))
        return (self._chrome, generated.title, generated.body_html, meta)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_qr()
        if self._open_data is not None:
            self._open_data.cancel()
            self._open_data = None

    def _stop_qr(self) -> None:
        if self._qr is not None:
            self._qr.close()
            self._qr = None

    def _keep_qr(self, config: MkDocsConfig) -> None:
        """Cache this build's QR codes for the next, when they changed. Not
        `serve`'s: they are of the preview's local addresses."""
        if self._serving:
            return
        used = {url: self._qr_known[url] for url in self._qr_urls if url in self._qr_known}
        if used != self._qr_cached:
            qr.write_cache(_cache_folder(config), used)
            self._qr_cached = used

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_qr()
        self._keep_qr(config)
        site_dir = Path(config.site_dir)
        for redirect in self._redirects:
            target = site_dir / redirect.from_path
            if target.exists():
                raise PluginError(
                    f"The old address {redirect.from_path} is still a page of the site, "
                    f"so it cannot redirect to {redirect.to_uri}."
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                build.redirect_html(redirect, site_url=config.site_url), encoding="utf-8"
            )
        # Every HTML page is written now: Pagefind indexes them on the other
        # core while this one writes the files it does not read.
        indexing = search.start_index(site_dir)
        if self._serving:
            # The edited page reloads now; search, the open data and My list's
            # files follow a few seconds later, before the next rebuild starts.
            self._indexing = indexing
            self._background = threading.Thread(
                target=self._finish_quietly, args=(indexing, site_dir, config), daemon=True
            )
            self._background.start()
            return
        self._finish(indexing, site_dir, config)
        # After every page is written: the Content-Security-Policy covers them all.
        # Not in `serve`: its live reload is an inline script the policy would block.
        csp.secure_site(site_dir)

    def _finish(
        self, indexing: subprocess.Popen[str], site_dir: Path, config: MkDocsConfig
    ) -> None:
        """The rest of the build while Pagefind indexes: the files it does not read."""
        try:
            self._write_files(site_dir, config)
        except BaseException:
            indexing.kill()
            indexing.wait()
            raise
        try:
            search.finish_index(indexing, site_dir)
        except search.SearchIndexFailed as error:
            raise PluginError(str(error)) from None
        theme_files.remove_unused(site_dir)

    def _finish_quietly(
        self, indexing: subprocess.Popen[str], site_dir: Path, config: MkDocsConfig
    ) -> None:
        """`_finish` behind `serve`'s back: a problem is shown, and the preview goes on."""
        try:
            self._finish(indexing, site_dir, config)
        except (PluginError, OSError) as error:
            if (indexing.returncode or 0) >= 0:  # not stopped by a rebuild or Ctrl+C
                print(f"WARNING -  {error}", file=sys.stderr)

    def _wait_for_background(self) -> None:
        """Before a rebuild empties the site folder: stop the last build's indexing."""
        if self._background is not None:
            if self._indexing is not None and self._indexing.poll() is None:
                self._indexing.kill()
            self._background.join()
            self._background = None
            self._indexing = None

    def on_shutdown(self) -> None:
        self._wait_for_background()

    def _write_files(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The site's files other than pages: My list, open data, urls.json."""
        for path, text in self._files.items():  # My list's key facts
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if self._open_data is not None:
            open_data, self._open_data = self._open_data, None
            try:
                open_data.finish(into=site_dir)
            except sidework.SideWorkFailed as error:
                raise PluginError(f"The open data could not be written: {error}") from None
        elif self._write_api is not None:
            self._write_api(site_dir)
        moved = urls.redirect_addresses((r.from_path, r.to_uri) for r in self._redirects)
        urls.write_manifest(site_dir, site_url=config.site_url, redirects=moved)


def _chrome(
    config: MkDocsConfig, pages: list[GeneratedPage], built_on: str
) -> tuple[object, ...]:
    """What the theme's part of a page outside the navigation depends on
    beyond the page itself: mkdocs.yml, the theme overrides and guidance
    files (their titles are the navigation), the titles of generated pages in
    the navigation, and the build date. When none changed, `serve` reuses the
    last HTML of every generated page that did not change either."""
    stamps: list[tuple[str, int, int]] = []
    folders = [Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            info = path.stat()
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
    config_file = Path(config.config_file_path)
    stamps.append((str(config_file), config_file.stat().st_mtime_ns, config_file.stat().st_size))
    in_nav = tuple((p.src_uri, p.title) for p in pages if p.in_nav)
    return (tuple(stamps), in_nav, built_on, config.site_url)


def _cache_folder(config: MkDocsConfig) -> Path:
    """The project's `.cache/` (beside mkdocs.yml): kept between builds, never published."""
    return Path(config.config_file_path).parent / ".cache"


def _toc_tokens(body_html: str, title: str) -> list[Any]:
    """The page's h2 and h3 headings that have an id, nested as Python-Markdown's
    `toc` nests them, under one level-1 entry for the page itself. That entry
    points at `#main-content`, the wrapper overrides/main.html puts around
    every page body, so the skip link works whether or not the h1 has an id."""
    top: dict[str, Any] = {"level": 1, "id": MAIN_CONTENT, "name": title, "children": []}
    stack = [top]
    for level, anchor, inner in _HEADING.findall(body_html):
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner).strip()}
        token["children"] = []
        while stack[-1]["level"] >= token["level"]:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return [top]


def _date_words(value: object) -> str:
    """Front matter dates as GOV.UK writes them; anything else as written."""
    return speech.date_words(value) if isinstance(value, date) else str(value)
