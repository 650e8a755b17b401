"""From checked data to a site on disk, without importing MkDocs.

MkDocs runs as a subprocess (`python -m mkdocs`), so this core never depends
on it and another engine can take its place: `generate_pages` writes the same
pages as plain files for any engine. `build_site` builds into a temporary
folder and swaps it in only on success, because a failed or interrupted
MkDocs build leaves its output half-written, and a council must never publish
that.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any, NoReturn

import yaml

from generator import clock, history, publishing, sidework
from generator.loader import load
from generator.model import Directory
from generator.pages import GeneratedPage, Redirect, SiteInfo, build_pages
from generator.problems import Problem
from generator.shortlist import shortlist_files

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "localoffer"
DEFAULT_DATA = "data"


class BuildFailed(Exception):
    """MkDocs stopped with an error; its own messages have already been shown."""

    def __init__(self, returncode: int) -> None:
        super().__init__(f"the site build stopped with exit code {returncode}")
        self.returncode = returncode


@dataclass(frozen=True, slots=True)
class SiteContent:
    """Everything the data turns into, computed once per build."""

    pages: list[GeneratedPage]
    redirects: list[Redirect]
    warnings: list[Problem]
    # Other files for the built site, {path inside it: text}: My list's key facts,
    # the What's new feed.
    files: dict[str, str] = field(default_factory=dict)
    # The checked directory and the build date, for the open data after the build.
    directory: Directory | None = None
    today: date | None = None


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
    yaml_cache: Path | None = None,
) -> SiteContent:
    """Load and check the data, then generate every page and redirect.

    With `project` (the folder of mkdocs.yml), service pages say when they
    last changed in git; with `content` (the guidance folder) as well, the
    What's new page and feed and the editors' review report are made too.
    Raises `generator.problems.DataError` when the data has problems, exactly
    as `check` does. `yaml_cache`: a folder where the YAML reader keeps the
    parsed files, to skip unchanged ones next time (`loader.cache_folder`).
    """
    # What's new reads the git history on the second core while the listings load.
    changes = (
        sidework.Ahead(functools.partial(history.read_history, project, data=data, content=content))
        if project is not None and content is not None
        else None
    )
    try:
        result = load(data, today=today, cache_dir=yaml_cache)
        listing_changes = (
            history.listing_history(project, result.directory.services, link=history_link)
            if project is not None
            else {}
        )
        pages, redirects = build_pages(
            result.directory, today=today, site=site, changes=listing_changes
        )
        retired = [s for s in result.directory.services if s.status == "retired"]
        files = shortlist_files(result.directory.published(today), retired)
        if changes is not None and content is not None:
            more, more_files = publishing.publishing_pages(
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
    )


def redirect_html(redirect: Redirect, *, site_url: str | None) -> str:
    """A tiny page that sends an old address on to the new one.

    A meta refresh (no script, so it works under a strict Content-Security-
    Policy and without JavaScript), a canonical link so search engines move
    their listing, and a visible link for anyone whose browser does not follow.
    """
    target = relative_url(redirect.from_path, redirect.to_uri)
    canonical = site_url.rstrip("/") + "/" + redirect.to_uri if site_url else target
    href = escape(target)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved. <a href="{href}">Go to the new page</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def relative_url(from_path: str, to_uri: str) -> str:
    """The link from the file `from_path` ("services/old/index.html") to the
    site address `to_uri` ("services/new/"), relative so the site can live
    under any folder of a domain."""
    target = posixpath.relpath(to_uri or ".", posixpath.dirname(from_path) or ".")
    return target + "/" if to_uri.endswith("/") or to_uri == "" else target


def read_settings(project: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, for the commands that run without MkDocs.

    MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:`) load as None:
    the settings we read here never use them.
    """
    text = (project / CONFIG_FILE).read_text(encoding="utf-8")
    settings = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 (safe loader subclass)
    return settings if isinstance(settings, dict) else {}


def plugin_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The options given to our plugin under `plugins:` in mkdocs.yml."""
    for entry in settings.get("plugins") or []:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}


def data_path(project: Path, settings: Mapping[str, Any] | None = None) -> Path:
    """Where the data is: the plugin's `data` option, relative to mkdocs.yml."""
    options = plugin_options(settings if settings is not None else read_settings(project))
    return project / str(options.get("data") or DEFAULT_DATA)


def generate_pages(project: Path, out_dir: Path) -> list[Path]:
    """Write the generated pages for another engine: one `.md` file per page
    (YAML front matter, then the page's safe HTML), `redirects.json` and the
    other files the site serves as they are (My list's `assets/mylist/*.json`).

    Raises `DataError` when the data has problems. Returns the files written.
    """
    settings = read_settings(project)
    extra = settings.get("extra") or {}
    site = site_info(str(settings.get("site_name") or ""), extra, settings.get("site_url"))
    content = make_site_content(
        data_path(project, settings),
        today=clock.build_date(project),
        site=site,
        project=project,
        content=project / str(settings.get("docs_dir") or "docs"),
        history_link=history.history_link(extra),
    )
    written: list[Path] = []
    for page in content.pages:
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        front = {"title": page.title, **page.meta, "in_nav": page.in_nav}
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        target.write_text(f"---\n{header}---\n\n{page.body_html}\n", encoding="utf-8")
        written.append(target)
    redirects = [{"from": r.from_path, "to": r.to_uri} for r in content.redirects]
    target = out_dir / "redirects.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(redirects, indent=2) + "\n", encoding="utf-8")
    written.append(target)
    for path, text in content.files.items():  # My list's key facts, copied as they are
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def build_site(project: Path, out: Path, *, strict: bool = True) -> Path:
    """Build the site into `out`, replacing what was there only on success.

    MkDocs writes into a temporary folder beside `out`; on success the old
    site is renamed away, the new one renamed in, and the old one deleted.
    Raises `BuildFailed` (and leaves `out` untouched) when MkDocs fails.
    Returns `out`.
    """
    # Absolute: MkDocs runs in `project`, so a relative `--project` would point nowhere.
    project, out = project.resolve(), out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        command = [sys.executable, "-m", "mkdocs", "build"]
        if strict:
            command.append("--strict")
        command += ["--config-file", str(project / CONFIG_FILE), "--site-dir", str(staging)]
        returncode = _run_showing_problems(command, cwd=project, env=_build_env(project))
        if returncode != 0:
            raise BuildFailed(returncode)
        _swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def serve(project: Path, *, address: str = "127.0.0.1:8000") -> NoReturn:
    """Preview with live reload until interrupted: this process becomes
    `mkdocs serve`, so Ctrl+C and a terminating signal reach it directly.

    `data/` and the theme overrides are watched as well as `content/`, so
    an edit to a listing or a template rebuilds. The preview dates pages by
    the wall clock, not the last commit: it shows the edits being made,
    which are newer than any commit. Not `--dirty`: it would keep serving
    the page of a service just unpublished (service pages are cheap to
    redraw: the plugin fills them into a shell of the theme's chrome).
    """
    project = project.resolve()
    settings = read_settings(project)
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(project / CONFIG_FILE),
        "--dev-addr",
        address,
        "--watch",
        str(data_path(project, settings)),
    ]
    # The theme overrides, so an edit to a template shows too. Not
    # `--watch-theme`: MkDocs polls what it watches every half second, and
    # that would add mkdocs-material's 14,000 files to every poll.
    custom_dir = (settings.get("theme") or {}).get("custom_dir")
    if isinstance(custom_dir, str) and (project / custom_dir).is_dir():
        command += ["--watch", str(project / custom_dir)]
    os.chdir(project)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)


QUIET_ABORT = "LOCALOFFER_QUIET_ABORT"
"""Set for MkDocs run by `build_site`: bad data ends MkDocs with exit code 1
and the check's report alone."""


def _build_env(project: Path) -> dict[str, str]:
    """The subprocess environment: the build's date fixed for every step,
    so MkDocs' sitemap and our pages agree and two builds match byte for byte."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(clock.build_epoch(project))
    # Material's end-of-life notice is for maintainers (see docs), not for
    # the editor running every build.
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The plugin's report of bad data is all the editor needs: this command
    # then says "The site was not built." itself, so MkDocs need not say so too.
    env[QUIET_ABORT] = "1"
    return env


def _run_showing_problems(command: list[str], *, cwd: Path, env: dict[str, str]) -> int:
    """Run MkDocs, passing on its warnings and errors but not its INFO lines
    (which name the temporary folder and would only confuse).

    Not `mkdocs --quiet`: that also stops strict mode from counting warnings,
    so a broken link would no longer fail the build.
    """
    with subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True) as run:
        assert run.stderr is not None
        for line in run.stderr:
            if not line.startswith("INFO"):
                sys.stderr.write(line)
        return run.wait()


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so `out` is never half-written."""
    old: Path | None = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-build-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads unknown tags as None instead of failing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
