"""The MkDocs adapter: glue between MkDocs' events and the core.

The core makes the pages (`generator.site.content`), renders the guidance
pages (`generator.site.guidance_html`) and publishes them all
(`generator.publish.session`). MkDocs gets every page empty, with no Markdown
pass, and its safe HTML body is swapped in. Service pages are
filled into a shell of the theme's chrome (`generator.publish.shell`) once
one page of their kind, drawn by the theme, has proved it.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, cast

from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from generator import messages
from generator.data import clock, problems, settings
from generator.mkdocs import engine, toc
from generator.publish import session, shell
from generator.site import guidance_html, speech
from generator.site.pages import GeneratedPage

_SHELL = "localoffer-shell.html"  # extends main.html, or nothing once its shell is proved
_TEMPLATES = {_SHELL: "{% extends localoffer_extends %}", "localoffer-blank.html": ""}
log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class LocalOfferPlugin(BasePlugin):  # type: ignore[type-arg]
    # The older way: a typed `Config` cannot have an option named `data` (UserDict's).
    config_scheme = (("data", c.Type(str, default=settings.DEFAULT_DATA)),)

    def __init__(self) -> None:
        self._pages: dict[str, GeneratedPage] = {}
        self._guidance: dict[str, str] = {}  # a guidance page's HTML, until MkDocs wants it
        self._session: session.Session | None = None
        self._serving = False
        self._env: Environment | None = None
        self._probe_url: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the data, make every page and start publishing, once per build."""
        self.on_shutdown()
        project, self._config = Path(config.config_file_path).parent, config
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(clock.build_epoch(project)))  # sitemap
        try:
            self._session = session.start(
                project, data=project / self.config["data"], docs_dir=Path(config.docs_dir),
                site_name=config.site_name, extra=config.extra, site_url=config.site_url or "",
                serving=self._serving,
            )  # fmt: skip
        except problems.DataError as error:
            print(problems.problem_report(error.problems, error.warnings), file=sys.stderr)
            if os.environ.get(engine.QUIET_ABORT):
                raise SystemExit(1) from None  # `python -m generator build` says the rest
            raise Abort(messages.NOT_BUILT_FIX_DATA) from None
        except session.PublishingFailed as error:
            raise PluginError(str(error)) from None
        content = self._session.content
        if not self._serving:  # what `check` says, so `build` need not check first
            print(problems.success_report(len(content.directory.services), content.warnings))
        self._pages = {page.src_uri: page for page in self._session.take_pages()}
        self._shells, self._built_on = shell.Shells(_refused), speech.date_words(content.today)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self._pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(messages.same_address(config.docs_dir, page.src_uri))
            level = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=level))
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters["date_words"] = speech.front_matter_words
        once: dict[str, str] = {}  # theme HTML many pages share, rendered once per build
        env.globals["localoffer_once"] = lambda key, draw: once.get(key) or once.setdefault(
            key, draw()
        )
        env.globals["localoffer_qr"] = self._qr_svg  # overrides/main.html's print block
        env.globals["localoffer_built_on"] = self._built_on
        if env.loader is not None and not isinstance(env.loader, ChoiceLoader):
            env.loader = ChoiceLoader([DictLoader(_TEMPLATES), env.loader])
        self._env = env
        return env

    def _qr_svg(self, url: str) -> str:
        assert self._session is not None
        return shell.PROBES["qr"] if url == self._probe_url else self._session.qr_svg(url)

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str:
        """Every page gets a title that is safe to print unescaped, as Material does.
        No page is left to MkDocs' Markdown: a guidance page's body is the core's
        HTML (`Guidance.html`), swapped in by `on_page_content` like a generated one."""
        made, named = self._pages.get(page.file.src_uri), "title" in vars(page)  # `nav:` wins
        if made is None:
            assert self._session is not None
            body = self._session.content.guidance.html(page.file.src_uri, markdown)
            title = page.meta.pop("title", None) or guidance_html.first_heading(body)
            if title is not None and not named:
                page.title = escape(str(title))
            if "description" not in page.meta and page.meta.get("summary"):
                page.meta["description"] = str(page.meta["summary"])
            self._guidance[page.file.src_uri] = body
            return ""
        page.meta.update(made.meta)
        page.title = page.title if named else escape(made.title)
        if not made.in_nav and made.meta.get("page_type") in shell.SHELL_TYPES:
            page.meta["template"] = _SHELL
        return ""

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        made = self._pages.get(page.file.src_uri)
        body = made.body_html if made is not None else self._guidance.pop(page.file.src_uri)
        page.toc = get_toc(toc.tokens(body, str(page.title or "")))
        page.present_anchor_ids = toc.ids(body)
        return body

    def on_page_context(self, context: TemplateContext, *, page: Page, **_: Any) -> Any:
        """A service page is drawn by the theme, or filled into its kind's shell."""
        if page.meta.get("template") == _SHELL:
            made, draw = self._pages[page.file.src_uri], lambda: self._probe(context, page)
            cast(dict[str, Any], context)["localoffer_extends"] = "main.html"
            if self._shells.plan(made, draw):
                cast(dict[str, Any], context)["localoffer_extends"] = "localoffer-blank.html"
        return context

    def _probe(self, context: TemplateContext, page: Page) -> str:
        """The theme's HTML of a page like `page` whose every value is a probe word."""
        assert self._env is not None and self._session is not None
        body = self._pages[page.file.src_uri].body_html
        folder = page.file.src_uri.rpartition("/")[0]
        file = File.generated(self._config, f"{folder}/{shell.PROBES['id']}.md", content="")
        probe = Page(None, file, self._config)
        probe.title, probe.content = Markup(shell.PROBES["title"]), shell.PROBES["body"]
        probe.meta = shell.probe_meta(page.meta)
        probe.toc, probe.active = get_toc(toc.tokens(body, shell.PROBES["title"])), True
        self._probe_url = probe.canonical_url
        try:
            drawn = self._env.get_template(_SHELL).render({**context, "page": probe})
        finally:
            self._probe_url = None
        return self._session.secure(drawn)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page as written, secured and indexed; a generated body is let go of."""
        assert self._session is not None
        publishing, url = self._session, page.canonical_url or ""
        html, body = self._shells.written(
            page.file.src_uri, output, secure=publishing.secure, qr=lambda: publishing.qr_svg(url)
        )
        publishing.page(page.file.dest_uri, html, body=body)
        if self._pages.pop(page.file.src_uri, None) is not None:
            page.content = None
        return html

    def on_post_template(self, output_content: str, *, template_name: str, **_: Any) -> str:
        """The theme's own pages (404.html) get their policy too."""
        assert self._session is not None
        html = template_name.endswith(".html")
        return self._session.secure(output_content) if html else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self._session is not None
        try:
            self._session.finish(Path(config.site_dir))
        except session.PublishingFailed as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """Stop the last build's work still running (a `serve` rebuild, or the end)."""
        if self._session is not None:
            self._session.cancel()
            self._session = None


def _refused(kind: tuple[object, ...]) -> None:
    log.info(messages.shell_refused(kind[0], kind[1]))
