"""Tiny real data folders for the loader's tests, written into a test's tmp_path.

Each test writes only the YAML it is about, around one valid service, so the
expected problem text can be read next to the data that causes it.
"""

from __future__ import annotations

import contextlib
import textwrap
from datetime import date
from pathlib import Path

from generator.data import model
from generator.data.loader import LoadResult, load
from generator.data.problems import DataError, Problem

TODAY = date(2026, 11, 23)

LISTS = {
    "themes.yaml": """\
        themes:
          - {id: education, name: Education}
          - {id: health, name: Health}
          - {id: leisure-play-short-breaks, name: "Leisure, play and short breaks"}
        """,
    "needs.yaml": """\
        needs:
          - {id: autism, name: Autism}
          - {id: physical, name: Physical disability}
        """,
    "accessibility.yaml": """\
        features:
          - {id: step-free-access, name: Step-free access}
          - {id: accessible-toilet, name: Accessible toilet}
        """,
}

SERVICE = """\
  - id: sunflower-play-scheme
    name: Sunflower Play Scheme
    summary: Holiday play sessions for disabled children aged 5 to 11.
    themes: [leisure-play-short-breaks]
    contact: {phone: "0161 496 0123"}
    area: North Hollinbrook
    last_reviewed: 2026-06-14
"""
"""One valid service, as a list item: starts at line 2 of a services file."""


def write_data(
    folder: Path,
    services: str | None = "services:\n" + SERVICE,
    *,
    split: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
    lists: bool = True,
) -> Path:
    """A data folder: the lists, services.yaml (unless None), services/*.yaml, other files."""
    folder.mkdir(parents=True, exist_ok=True)
    if lists:
        for name, text in LISTS.items():
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if services is not None:
        (folder / "services.yaml").write_text(services, encoding="utf-8")
    for name, text in (split or {}).items():
        (folder / "services").mkdir(exist_ok=True)
        (folder / "services" / name).write_text(text, encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def services_file(*entries: str) -> str:
    return "services:\n" + "".join(entries)


def with_fields(**changes: str | None) -> str:
    """The valid service with fields replaced (a YAML fragment), added, or removed (None)."""
    lines = SERVICE.splitlines(keepends=True)
    out: list[str] = []
    done: set[str] = set()
    for line in lines:
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if key in changes:
            done.add(key)
            value = changes[key]
            if value is not None:
                prefix = "  - " if line.startswith("  - ") else "    "
                out.append(f"{prefix}{key}: {value}\n")
            continue
        out.append(line)
    for key, value in changes.items():
        if key not in done and value is not None:
            out.append(f"    {key}: {value}\n")
    return "".join(out)


def line_of(problem: Problem) -> str:
    """A problem as one line: 'heading | message', as the report shows it in two."""
    heading = problem.heading()
    return f"{heading} | {problem.message}" if heading else problem.message


def load_ok(folder: Path, today: date = TODAY) -> LoadResult:
    """Load from the folder's parent, so files are named as an editor sees them: data/..."""
    with contextlib.chdir(folder.parent):
        return load(Path(folder.name), today=today)


def problems_of(folder: Path, today: date = TODAY) -> list[str]:
    """Each problem as one line: 'heading | message' (the report's two lines joined)."""
    try:
        load_ok(folder, today)
    except DataError as error:
        return [line_of(p) for p in error.problems]
    return []


def warnings_of(folder: Path, today: date = TODAY) -> list[str]:
    try:
        result = load_ok(folder, today)
    except DataError as error:
        warnings = error.warnings
    else:
        warnings = result.warnings
    return [line_of(p) for p in warnings]


def changed_problems(tmp_path: Path, **changes: str | None) -> list[str]:
    """The problems of the one valid service with some fields changed (see `with_fields`)."""
    return problems_of(write_data(tmp_path / "data", services_file(with_fields(**changes))))


def changed_service(tmp_path: Path, **changes: str | None) -> model.Service:
    """The one valid service with some fields changed, loaded: it must have no problem."""
    result = load_ok(write_data(tmp_path / "data", services_file(with_fields(**changes))))
    (only,) = result.directory.services
    return only
