"""The MkDocs adapter: the only module that imports mkdocs.

Glue only. The core (`generator.site.content`) loads and checks the data and makes
the pages once per build; this plugin hands them to MkDocs. Generated bodies
are already safe HTML, so MkDocs gets an empty page and no Markdown pass, and
the body is swapped in afterwards. Service pages, thousands of them, are not
drawn by the theme one by one: it draws one probe page, and each service
page is filled into that shell (generator/publish/shell.py), after one real page
has been drawn both ways and found identical.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import urljoin

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from generator import sidework
from generator.data import clock, loader, problems, settings
from generator.mkdocs import engine
from generator.publish import (
    csp,
    indexer,
    opendata,
    qr,
    redirects,
    search,
    shell,
    theme_files,
    urls,
)
from generator.site import content as site_content
from generator.site import history, permalinks, speech
from generator.site.pages import GeneratedPage, Redirect, url_of

_HEADING = re.compile(r"<h([2-3])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_ID = re.compile(r'id="([^"]+)"')  # an attribute when a space comes before: see `_ids`
_TAG = re.compile(r"<[^>]+>")
MAIN_CONTENT = "main-content"  # the id overrides/main.html gives every page body
SHELL_TYPES = frozenset({"service", "retired-service"})
"""The generated pages drawn from a shell: thousands alike but for their values."""
_SHELL = "localoffer-shell.html"
"""The template of a page that may be filled into a shell: the theme's page
(`localoffer_extends` is "main.html") or, once its shell is proved, nothing."""
_TEMPLATES = {_SHELL: "{% extends localoffer_extends %}", "localoffer-blank.html": ""}
_UNSEEN = object()
log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class _Proven(NamedTuple):
    """A shell that a page drawn by the theme proved, and whether a page
    filled into it can go to Pagefind as its body alone (its chrome has no
    `data-pagefind-*` attribute): both decided once, not once a page."""

    shell: shell.Shell
    body_only: bool


class _MadePage(Page):
    """A page made from the data, outside the navigation. Its body is HTML
    already (`on_page_content` puts it in), so MkDocs' Markdown pass, which
    builds a Markdown converter for every page, is skipped."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


class LocalOfferPlugin(BasePlugin):  # type: ignore[type-arg]
    # Declared the older way: a typed `Config` cannot have an option named
    # `data`, the name its underlying UserDict uses for its contents.
    config_scheme = (
        # The data folder (or one services file), relative to mkdocs.yml.
        ("data", c.Type(str, default=settings.DEFAULT_DATA)),
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
        self._indexing: indexer.Indexer | None = None
        self._open_data: sidework.SideWork | None = None  # made while pages render
        self._env: Environment | None = None
        # This build's shells by what a page's chrome depends on (see
        # `_shell_key`): None until one page proves it, or when it cannot be.
        self._shells: dict[tuple[object, ...], _Proven | None] = {}
        self._proving: dict[str, tuple[tuple[object, ...], shell.Shell, dict[str, str]]] = {}
        self._filling: dict[str, tuple[_Proven, dict[str, str]]] = {}
        self._probe_url: str | None = None
        self._hashes: set[str] = set()  # every page's inline scripts, for `_headers`
        self._indexer: indexer.Indexer | None = None  # Pagefind, fed as pages are written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the data and make every page, once per build. Bad data stops
        the build with the check's own report and no traceback."""
        self._wait_for_background()
        project = Path(config.config_file_path).parent
        # MkDocs dates the sitemap from this too: one date for the whole build.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(clock.build_epoch(project)))
        site = site_content.site_info(config.site_name, config.extra, config.site_url)
        data = project / self.config["data"]
        try:
            content = site_content.make_site_content(
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
            if os.environ.get(engine.QUIET_ABORT):
                raise SystemExit(1) from None  # `python -m generator build` says the rest
            raise Abort("The site was not built: put the data right, then build again.") from None
        if not self._serving and content.directory is not None:
            # What `python -m generator check` says, so `build` need not check first.
            print(problems.success_report(len(content.directory.services), content.warnings))
        self._pages = {page.src_uri: page for page in content.pages}
        self._redirects = content.redirects
        self._rendered = {}
        self._files = content.files
        self._built_on = speech.date_words(clock.build_date(project))
        self._shells, self._proving, self._filling, self._hashes = {}, {}, {}, set()
        self._write_api = None
        if content.directory is not None and config.site_url:
            self._write_api = functools.partial(
                opendata.write_api,
                content.directory,
                site_url=config.site_url,
                today=content.today or clock.build_date(project),
                title=config.site_name,
            )
        if not self._serving and self._write_api is not None:
            # On the second core while this one renders the pages.
            self._open_data = sidework.SideWork(self._write_api, beside=_cache_folder(config))
        # After the fork above: the threads of these would make it a slow fork server.
        self._start_qr(content.pages, config)
        try:
            self._indexer = indexer.Indexer()
        except search.SearchIndexFailed as error:
            raise PluginError(str(error)) from None
        return config

    def _start_qr(self, generated: list[GeneratedPage], config: MkDocsConfig) -> None:
        """Start making the generated pages' QR codes on the second core now,
        in the order the pages will be written, while this core gets MkDocs
        ready: at 10,000 services they are about 5 s of work."""
        if not self._qr_known:
            self._qr_cached = qr.read_cache(_cache_folder(config))
            self._qr_known.update(self._qr_cached)
        base = config.site_url or ""
        if base and not base.endswith("/"):
            base += "/"
        urls = [urljoin(base, url_of(page.src_uri)) for page in generated] if base else []
        self._qr = qr.Prefetch(urls, known=self._qr_known)

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

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Generated pages outside the navigation skip MkDocs' Markdown pass."""
        in_nav = {id(page) for page in nav.pages}
        for src_uri in self._pages:
            file = files.get_file_from_path(src_uri)
            if file is not None and id(file.page) not in in_nav:
                _MadePage(None, file, config)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters["date_words"] = _date_words
        env.globals["localoffer_once"] = self._once
        # The print-only block of overrides/main.html: the page's QR code (made
        # ahead, see `_start_qr`), and the date "Printed on" shows when no
        # script fills in the real one.
        urls = [f.page.canonical_url for f in files.documentation_pages() if f.page]
        self._qr_urls = [url for url in urls if url]  # for the cache
        env.globals["localoffer_qr"] = self._qr_svg
        env.globals["localoffer_built_on"] = self._built_on
        if env.loader is not None and not isinstance(env.loader, ChoiceLoader):
            env.loader = ChoiceLoader([DictLoader(_TEMPLATES), env.loader])
        # Compiling Material's templates costs about half a second on every
        # build and every `make serve` rebuild; Jinja keeps the compiled code
        # in a private folder of the system's temporary directory.
        if env.bytecode_cache is None:
            env.bytecode_cache = FileSystemBytecodeCache()
        self._env = env
        return env

    def _qr_svg(self, url: str) -> str:
        if url == self._probe_url:
            return shell.PROBES["qr"]
        assert self._qr is not None
        return self._qr.svg(url)

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
        if not generated.in_nav and generated.meta.get("page_type") in SHELL_TYPES:
            page.meta["template"] = _SHELL
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self._pages.get(page.file.src_uri)
        if generated is None:
            return permalinks.add_copy_links(html)  # guidance: "Copy link" under headings
        # What Markdown would have found: the table of contents (its first
        # entry is also the target of Material's skip link) and the anchors
        # other pages may link to.
        page.toc = get_toc(_toc_tokens(generated.body_html, str(page.title or "")))
        page.present_anchor_ids = _ids(generated.body_html)
        return generated.body_html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Choose how a service page is drawn: by the theme, or filled into
        the shell of pages like it. The first page of each kind is drawn by
        the theme and proves (or refuses) the shell the probe page makes."""
        if page.meta.get("template") != _SHELL:
            return context
        _extends(context, "main.html")
        generated = self._pages[page.file.src_uri]
        values = _shell_values(generated)
        if values is None:
            return context
        key = _shell_key(generated)
        known = self._shells.get(key, _UNSEEN)
        if known is _UNSEEN:
            self._shells[key] = None  # until this page proves it
            candidate = self._draw_shell(context, page, generated, config)
            if candidate is None:
                _refused(key)
            else:
                self._proving[generated.src_uri] = (key, candidate, values)
        elif isinstance(known, _Proven):
            self._filling[generated.src_uri] = (known, values)
            _extends(context, "localoffer-blank.html")
        return context

    def _draw_shell(
        self, context: TemplateContext, page: Page, generated: GeneratedPage, config: MkDocsConfig
    ) -> shell.Shell | None:
        """The theme's HTML of a probe page like `page` (same folder, kind and
        headings) with every value a probe word, cut into a shell."""
        assert self._env is not None
        folder = generated.src_uri.rpartition("/")[0]
        file = File.generated(config, f"{folder}/{shell.PROBES['id']}.md", content="")
        probe = Page(None, file, config)
        probe.title = Markup(shell.PROBES["title"])
        probe.meta = {
            **page.meta,
            "description": shell.PROBES["description"],
            "service_id": shell.PROBES["id"],
            "last_reviewed": shell.PROBES["reviewed"],
        }
        probe.content = shell.PROBES["body"]
        probe.toc = get_toc(_toc_tokens(generated.body_html, shell.PROBES["title"]))
        probe.active = True
        self._probe_url = probe.canonical_url
        try:
            html = self._env.get_template(_SHELL).render({**context, "page": probe})
        finally:
            self._probe_url = None
        return shell.Shell.parse(self._secure(html))

    def _fill(self, drawn: shell.Shell, values: dict[str, str], page: Page) -> str:
        if "qr" in drawn.names and page.canonical_url:
            values = {**values, "qr": self._qr_svg(page.canonical_url)}
        return drawn.fill(values)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page as written: filled into its shell, or as the theme drew it
        with its Content-Security-Policy. A generated page's body is let go
        of once written: thousands held to the end of the build were a fifth
        of its memory."""
        src = page.file.src_uri
        filling = self._filling.pop(src, None)
        assert self._indexer is not None
        if filling is not None:
            proven, values = filling
            output = self._fill(proven.shell, values, page)  # the shell has its policy already
            if proven.body_only:  # nothing for the index outside the body: Pagefind reads less
                self._indexer.add_body(page.file.dest_uri, values["body"])
            else:
                self._indexer.add(page.file.dest_uri, output)
        else:
            output = self._secure(output)
            self._indexer.add(page.file.dest_uri, output)
            proving = self._proving.pop(src, None)
            if proving is not None:
                key, candidate, values = proving
                if self._fill(candidate, values, page) == output:
                    self._shells[key] = _Proven(candidate, not candidate.mentions("data-pagefind"))
                else:
                    _refused(key)
        if self._pages.pop(src, None) is not None:
            page.content = None
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's own pages (404.html) get their policy too."""
        return self._secure(output_content) if template_name.endswith(".html") else output_content

    def _secure(self, html: str) -> str:
        """A page with its Content-Security-Policy. Not in `serve`: its live
        reload is an inline script the policy would block."""
        if self._serving:
            return html
        # Pagefind always indexes a published build: its search is WebAssembly.
        html, hashes = csp.secure_page(html, wasm=True)
        self._hashes |= hashes
        return html

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_qr()
        if self._indexer is not None:
            self._indexer.close()
            self._indexer = None
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
            html = redirects.redirect_html(redirect, site_url=config.site_url)
            target.write_text(self._secure(html), encoding="utf-8")
        # Every page has gone to Pagefind now: it writes the index on the other
        # core while this one writes the files it does not read.
        indexing, self._indexer = self._indexer, None
        assert indexing is not None
        indexing.write(site_dir / search.BUNDLE)
        if self._serving:
            # The edited page reloads now; search, the open data and My list's
            # files follow a few seconds later, before the next rebuild starts.
            self._indexing = indexing
            self._background = threading.Thread(
                target=self._finish_quietly,
                args=(indexing, site_dir, config),
                daemon=True,
            )
            self._background.start()
            return
        self._finish(indexing, site_dir, config)
        csp.write_headers(site_dir, self._hashes, wasm=True)

    def _finish(self, indexing: indexer.Indexer, site_dir: Path, config: MkDocsConfig) -> None:
        """The rest of the build while Pagefind indexes: the files it does not read."""
        try:
            self._write_files(site_dir, config)
        except BaseException:
            indexing.close()
            raise
        try:
            indexing.finish()
        except search.SearchIndexFailed as error:
            raise PluginError(str(error)) from None
        theme_files.remove_unused(site_dir)

    def _finish_quietly(
        self, indexing: indexer.Indexer, site_dir: Path, config: MkDocsConfig
    ) -> None:
        """`_finish` behind `serve`'s back: a problem is shown, and the preview goes on."""
        try:
            self._finish(indexing, site_dir, config)
        except (PluginError, OSError) as error:
            if not indexing.stopped:  # not stopped by a rebuild or Ctrl+C
                print(f"WARNING -  {error}", file=sys.stderr)

    def _wait_for_background(self) -> None:
        """Before a rebuild empties the site folder: stop the last build's indexing."""
        if self._background is not None:
            if self._indexing is not None:
                self._indexing.close()
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


def _shell_values(generated: GeneratedPage) -> dict[str, str] | None:
    """What a page fills into its shell, or None when it cannot be filled in
    (its address is not its service id, or a value a template might print
    in a form the shell does not know)."""
    meta = generated.meta
    service_id = meta.get("service_id", "")
    if generated.src_uri.rpartition("/")[2] != f"{service_id}.md":
        return None
    values = {
        "title": generated.title,
        "description": meta.get("description", ""),
        "reviewed": meta.get("last_reviewed", ""),
        "id": service_id,
        "body": generated.body_html,
    }
    return values if shell.fillable(values) else None


def _extends(context: TemplateContext, template: str) -> None:
    """The template `localoffer-shell.html` extends for this page."""
    cast(dict[str, Any], context)["localoffer_extends"] = template


def _refused(key: tuple[object, ...]) -> None:
    log.info(
        "Pages of the kind %s (in %s/) are drawn by the theme one by one, which is slower: "
        "its templates print a page's values in a way generator/publish/shell.py cannot fill in.",
        key[0],
        key[1],
    )


def _shell_key(generated: GeneratedPage) -> tuple[object, ...]:
    """What a page's chrome depends on besides its values: its folder (the
    relative links), its kind, and its headings (the table of contents)."""
    return (
        generated.meta.get("page_type"),
        generated.src_uri.rpartition("/")[0],
        tuple(_HEADING.findall(generated.body_html)),
    )


def _cache_folder(config: MkDocsConfig) -> Path:
    """The project's `.cache/` (beside mkdocs.yml): kept between builds, never published."""
    return Path(config.config_file_path).parent / ".cache"


def _ids(html: str) -> set[str]:
    """The `id`s of the elements in `html` (not `data-...-id`). Found by the
    plain text `id="` and then the space before it: a pattern that starts
    with a word boundary is tried at every character, 20 times slower."""
    return {m.group(1) for m in _ID.finditer(html) if html[m.start() - 1 : m.start()].isspace()}


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
