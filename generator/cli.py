"""The command line: a thin click layer over the core.

Each command calls plain functions in the core and turns their named
exceptions into one clean message and an exit code. No logic lives here.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import messages
from generator.data import clock
from generator.data.model import Directory
from generator.data.problems import DataError, problem_report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Check, build and publish a council's Local Offer."""


F = TypeVar("F", bound=Callable[..., Any])


def data_option(help: str, *names: str, **extra: Any) -> Callable[[F], F]:
    """The `--data` option every data command shares: a folder or one services file."""
    return click.option(
        "--data",
        *names,
        type=click.Path(path_type=Path, **extra),
        default="data",
        show_default=True,
        help=help,
    )


# --- commands: check, schema (loader) ---


@main.command()
@data_option("The data folder, or one services file (the lists are read from its folder).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as on this date, like 2026-11-23. Default: today.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also print each problem as a GitHub Actions annotation, so a "
    "pull request shows it on the line of the YAML it is about.",
)
@click.option(
    "--content",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The folder of guidance pages to check with the data: their references to "
    "listings, the duties they cover and their plain words. Default: the docs_dir of "
    "the mkdocs.yml beside the data folder, when there is one.",
)
def check(
    data: Path,
    today: datetime | None = None,
    output_format: str = "text",
    content: Path | None = None,
) -> None:
    """Check the data and say, in plain English, what to fix.

    Prints every problem and warning with its file and line, then a summary.
    The guidance pages beside the data are checked too (see --content).
    Exits with 1 when there is any problem, so CI stops the change. With
    `--format github` the annotations go to standard output and the plain
    report to standard error.
    """
    from generator.data.loader import check as check_data
    from generator.data.problems import github_annotations, success_report
    from generator.site.content import check_with_guidance, guidance_folder

    # The wall clock, not the build date: a listing reviewed today and not yet
    # committed must not look "in the future" to the editor checking it.
    day = today.date() if today else date.today()
    pages = content if content is not None else guidance_folder(data)
    try:
        if pages is None:
            result = check_data(data, today=day)
        else:
            result = check_with_guidance(data, pages, today=day)
    except DataError as error:
        if output_format == "github":
            click.echo(github_annotations(error.problems, error.warnings))
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    if output_format == "github" and result.warnings:
        click.echo(github_annotations([], result.warnings))
    click.echo(
        success_report(result.services, result.warnings),
        err=output_format == "github",
    )


@main.command()
@data_option("The data folder: its lists of themes, needs and features become the choices.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default="schema/services.schema.json",
    show_default=True,
    help="Where to write the schema.",
)
def schema(data: Path, out: Path) -> None:
    """Write the JSON Schema that gives editors completion and checks in VS Code."""
    from generator.data.schema import write_schema

    try:
        write_schema(data, out)
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    click.echo(messages.wrote_file(out.as_posix()))


@main.command()
@click.argument("list_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check the file as on this date, like 2026-11-23. Default: today.",
)
def split(list_file: Path, today: datetime | None = None) -> None:
    """Split a list of services into one file per listing, for the browser editor.

    Each listing of LIST_FILE (like data/services.yaml) goes to
    data/services/<id>.yaml, line for line with its comments, and LIST_FILE is
    removed. The file must pass `check` first; nothing is written if any
    listing cannot be split exactly. Commit the result as one change: the
    history and "Last changed" dates carry over.
    """
    from generator.data.loader import shown_path
    from generator.data.split import split_file, target_folder

    day = today.date() if today else date.today()
    try:
        result = split_file(list_file, today=day)
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    folder = shown_path(target_folder(list_file))
    click.echo(messages.split_done(len(result.written), folder, shown_path(list_file)))


# --- commands: generate, build, serve (site) ---

_PROJECT = click.option(
    "--project",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder: the one holding mkdocs.yml, content/ and data/.",
)


@main.command()
@_PROJECT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="Where to put the site, relative to the project folder.",
)
def build(project: Path, out: Path) -> None:
    """Check the data, then build the site.

    The new site replaces the old one only when the build succeeds, so a
    failed build leaves the last good site in place. Any problem with the
    data, or a broken link in content/, stops the build.
    """
    from generator.mkdocs import engine  # not at the top: `check` starts faster

    started = time.monotonic()
    # The check is the build's first step (the plugin loads the data once and
    # prints the same report as `check`, dated like the pages).
    had_site = (project / out).exists()
    try:
        built = engine.build_site(project, project / out)
    except engine.BuildFailed:
        click.echo(messages.not_built(had_site=had_site), err=True)
        sys.exit(1)
    click.echo(messages.built(time.monotonic() - started, str(built / "index.html")))


@main.command()
@_PROJECT
@click.option(
    "--address",
    default="127.0.0.1:8000",
    show_default=True,
    help="Host and port to serve the preview on.",
)
def serve(project: Path, address: str) -> None:
    """Preview the site, rebuilding it whenever content/ or data/ changes.

    Open the address it prints in a browser; the page reloads after each
    save. Stop it with Ctrl+C.
    """
    from generator.mkdocs import engine

    engine.serve(project, address=address)


@main.command()
@_PROJECT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where to write the pages, relative to the project folder (created if missing).",
)
def generate(project: Path, out: Path) -> None:
    """Write the pages made from the data, for a site engine other than MkDocs.

    Each page becomes a .md file with YAML front matter (title, description,
    page type, service id ...) followed by its HTML; redirects.json lists
    the old addresses to redirect.
    """
    from generator.site.content import SameAddress, generate_pages

    try:
        written = generate_pages(project, project / out)
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    except SameAddress as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(messages.wrote(len(written), str((project / out).resolve())))


@main.command()
@_PROJECT
@click.argument("site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
def finish(project: Path, site_dir: Path) -> None:
    """Finish a site that another engine built from the pages `generate` wrote.

    Gives every page its Content-Security-Policy and adds what the site needs
    besides pages: the search index, the redirects of old addresses, My list's
    files, the open data, urls.json, _headers and, when mkdocs.yml turns it
    on, the browser editor at /admin/. SITE_DIR is the engine's output
    folder; it is changed in place. See docs/another-engine.md.
    """
    from generator.data.settings import data_path, read_settings
    from generator.publish.session import PublishingFailed, finish_site, write_editor
    from generator.site.content import project_content, project_docs

    found = read_settings(project)
    site_url = str(found.get("site_url") or "")
    admin = functools.partial(
        write_editor, project, data=data_path(project, found),
        content=project / project_docs(project), extra=found.get("extra") or {},
        site_url=site_url,
    )  # fmt: skip
    try:
        content = project_content(project)
        finish_site(
            content,
            site_dir,
            project=project,
            site_url=site_url,
            title=str(found.get("site_name") or ""),
            admin=admin,
        )
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    except PublishingFailed as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(messages.finished(str(site_dir.resolve())))


@main.command("cms-config")
@_PROJECT
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the configuration to this file. Default: print it.",
)
def cms_config(project: Path, out: Path | None) -> None:
    """Print the browser editor's configuration (admin/config.yml).

    Generated from the field table (generator/data/fields.py), the lists of
    themes, needs and accessibility features, and the folders of content/, as
    every build writes it into /admin/. Set where it saves in mkdocs.yml under
    extra.editor (see docs/publishing.md).
    """
    from generator.data.settings import data_path, read_settings
    from generator.publish import editor

    found = read_settings(project)
    settings = editor.editor_settings(found.get("extra"), str(found.get("site_url") or ""))
    content = project / str(found.get("docs_dir") or "docs")
    try:
        config = editor.editor_config(
            settings, data=data_path(project, found), content=content, project=project
        )
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)
    text = editor.config_text(config)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(messages.wrote_file(out.as_posix()))


# --- commands: check-urls (professionals: links that never break) ---


@main.command("check-urls")
@click.option(
    "--previous",
    required=True,
    metavar="URL_OR_FILE",
    help="The addresses published before: a urls.json file, or the live site's address "
    "(like https://localoffer.example.org/) or its urls.json.",
)
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="The site just built, holding its urls.json.",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also add the result, in markdown, to the end of FILE: a CI job's summary, "
    'like "$GITHUB_STEP_SUMMARY" on GitHub Actions. Its heading says whether to publish.',
)
def check_urls(previous: str, site: Path, summary: Path | None) -> None:
    """Check that every address published before still leads somewhere.

    Compares the urls.json of an earlier build (or of the live site) with
    the one just built, and names each page that would now lead nowhere.
    Exits with 1 when there is any, so a change that breaks links stops:
    run it after building and before publishing. The pages of listings
    outside their visible_from and visible_to dates are away on purpose,
    and named but not counted as broken.
    """
    from generator.publish import urls

    try:
        before = urls.read_manifest(previous)
        now = urls.read_manifest(str(site / urls.MANIFEST))
    except urls.ManifestError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    result = urls.compare(before, now)
    if summary is not None:
        try:
            with summary.open("a", encoding="utf-8") as out:
                out.write(urls.check_summary(result))
        except OSError as error:
            click.echo(messages.summary_unwritable(str(summary), error), err=True)
            sys.exit(1)
    if not result.ok:
        click.echo(urls.check_report(result), err=True)
        sys.exit(1)
    click.echo(urls.check_report(result))


# --- commands: report, export (open data) ---

_DATA = data_option("The data folder, or one services file.", "data_path", exists=True)
_TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Work as on this date, like 2026-11-23. Default: the build date.",
)


def _load_for(data_path: Path, today: date) -> Directory:
    """The checked directory, or the problem report and exit code 1."""
    from generator.data.loader import load

    try:
        return load(data_path, today=today).directory
    except DataError as error:
        click.echo(problem_report(error.problems, error.warnings), err=True)
        sys.exit(1)


@main.command()
@_DATA
@click.option(
    "--content",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default="content",
    show_default=True,
    help="The folder of guidance pages.",
)
@_TODAY
def report(data_path: Path, content: Path, today: datetime | None) -> None:
    """Show what editors should review.

    Lists the services due for review (oldest first, with their owners), the
    themes, age bands and needs with fewer than 3 services, the Local
    Offer topics with no guidance page or no service, and each duty of the
    law (data/local-offer-duties.yaml) with the pages and services covering it.
    """
    from generator.data.duties import read_duties
    from generator.data.loader import lists_folder, shown_path
    from generator.site import report as review

    day = today.date() if today else clock.build_date()
    directory = _load_for(data_path, day)
    folder = data_path if data_path.is_dir() else lists_folder(data_path)
    themes = {theme.id for theme in directory.themes}
    services = {service.id for service in directory.services}
    duties, found = read_duties(folder, shown_path(folder), themes, services)
    if found:
        click.echo(problem_report(found), err=True)
        sys.exit(1)
    guidance = review.read_guidance(content)
    result = review.build_report(directory, today=day, guidance=guidance, duties=duties)
    click.echo(review.render_text(result), nl=False)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the open data into (created if missing).",
)
@_DATA
@click.option(
    "--site-url",
    required=True,
    help="The site's published address, like https://localoffer.example.org/. "
    "It is part of every link and every id in the open data.",
)
@click.option(
    "--title",
    default="Local Offer",
    show_default=True,
    help='The site\'s name, which names the taxonomies, like "Hollinbrook Local Offer".',
)
@_TODAY
def export(out: Path, data_path: Path, site_url: str, title: str, today: datetime | None) -> None:
    """Write the open data: an Open Referral UK feed (HSDS 3.0 JSON) and a CSV.

    Writes index.json, services.json and services/<uuid>.json, the same for
    taxonomies, taxonomy terms, services at locations and organisations, and
    services.csv (see docs/open-data.md). The build writes the same files
    to site/api/, with the host rules that serve them.
    """
    from generator.publish.opendata import write_open_data
    from generator.site.history import listing_history

    day = today.date() if today else clock.build_date()
    directory = _load_for(data_path, day)
    # When each listing last changed, from the git history of the data (as the build reads it).
    folder = data_path if data_path.is_dir() else data_path.parent
    changes = listing_history(folder, directory.services, link=None)
    written = write_open_data(
        directory, out, site_url=site_url, today=day, title=title, changes=changes
    )
    click.echo(messages.wrote(len(written), str(out.resolve())))


# --- commands: import (bring an existing directory in) ---


@main.command("import")
@click.argument("source")
@data_option(
    "The data folder the listings go into (as data/services/<id>.yaml).",
    file_okay=False,
)
@click.option(
    "--system",
    default=None,
    help="A short name for the source system, like placecube-hollinbrook. It is kept in each "
    "listing's source, so a later import updates the same listings. Default: from the "
    "feed's address or the file's name.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace listings edited here since the last import with the source's version.",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="The largest file or feed answer to read, in megabytes.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="How long to wait for each answer from a feed, in seconds.",
)
def import_(
    source: str, data: Path, system: str | None, overwrite: bool, max_size: int, timeout: float
) -> None:
    """Bring listings in from an Open Referral UK feed or our own services.csv.

    SOURCE is a file (an ORUK v1 page or list, an HSDS 3.0 page or service,
    our services.csv) or the address of a feed, which is read page by page.
    Writes one file per service in data/services/, checked like any listing,
    and prints what was imported, skipped and worth a look. Exits with 1,
    writing nothing, when nothing can be imported. See docs/importing.md.
    """
    from generator.importer.run import run_import
    from generator.importer.sources import ImportFailure

    try:
        report = run_import(
            source,
            data,
            today=date.today(),
            system=system,
            overwrite=overwrite,
            max_bytes=max_size * 1_000_000,
            timeout=timeout,
        )
    except ImportFailure as failure:
        click.echo(str(failure), err=True)
        sys.exit(1)
    click.echo(messages.import_summary(report))
