"""One import: SOURCE -> checked listings in data/services/, all or nothing, and its report.

One file per service, `data/services/<id>.yaml`, holding the listing at its
top level as `python -m generator split` writes them: a
re-import rewrites only the listings that changed, a pull request shows one
file per changed service, an edit here conflicts with the source for that
service alone, and the browser editor, which wants one listing per file,
can open them as they are.

Everything is decided before anything is written: the drafts are written, as
the files they will be, beside a temporary copy of the lists, and checked by the
same loader as a build; a listing the check refuses is skipped and named;
only then are files replaced. A run that would import nothing writes
nothing, and a run that changes nothing rewrites nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import messages
from generator.data import loader, yamlread
from generator.data.fields import ID_PATTERN, LIST_FILES
from generator.data.problems import DataError
from generator.data.yamlnodes import Map, Scalar, Seq
from generator.importer import crosswalk as crosswalk_file
from generator.importer import export, oruk, sources, state, writer
from generator.importer.clean import line, slug
from generator.importer.sources import ImportFailure

SERVICES = loader.SERVICES_FOLDER


@dataclass(slots=True)
class Report:
    """What one import did, for the summary (`messages.import_summary`)."""

    source: str
    shape: str
    read: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # files kept with local edits
    overwritten: list[str] = field(default_factory=list)  # local edits replaced (--overwrite)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    fallback: list[str] = field(default_factory=list)  # listings given the fallback theme
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (listing, warning)
    gone: list[str] = field(default_factory=list)  # imported before, no longer in the source
    crosswalk: str = ""  # the crosswalk's path as shown
    wrote_crosswalk: bool = False
    fallback_theme: str = ""
    written: int = 0

    @property
    def imported(self) -> int:
        return (
            len(self.created)
            + len(self.updated)
            + len(self.unchanged)
            + len(self.conflicts)
            + len(self.overwritten)
        )


@dataclass(slots=True)
class _Out:
    draft: oruk.Draft
    key: str  # the state key: the record's id in the source
    file: str  # relative to the data folder
    text: str


def existing_ids(data: Path, imported: dict[str, str]) -> dict[str, str]:
    """Every listing id in the data folder and its file (relative), so that new ids do not clash.

    Files are read with the one YAML reader (a file it cannot read has no ids
    to clash with; `check` reports it). The files an import wrote (`imported`:
    file -> id) are known without reading them again.
    """
    found: dict[str, str] = {}
    for path in loader.services_files(data):
        relative = path.relative_to(data).as_posix()
        if relative in imported:
            found.setdefault(imported[relative], relative)
            continue
        root, _ = yamlread.read_yaml(path, relative)
        listings = root.entries.get("services") if isinstance(root, Map) else None
        for node in listings.items if isinstance(listings, Seq) else []:
            given = node.entries.get("id") if isinstance(node, Map) else None
            if isinstance(given, Scalar) and given.text:
                found.setdefault(given.text, relative)
    return found


def _known_terms(data: Path) -> dict[str, list[str]]:
    try:
        directory = loader.load_lists(data)
    except DataError as error:
        raise ImportFailure(messages.import_lists_broken(loader.shown_path(data))) from error
    return {
        "themes": [t.id for t in directory.themes],
        "needs": [t.id for t in directory.needs],
        "accessibility": [t.id for t in directory.accessibility],
    }


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def run_import(
    source: str,
    data: Path,
    *,
    today: date,
    system: str | None = None,
    overwrite: bool = False,
    max_bytes: int = sources.MAX_SOURCE_BYTES,
    timeout: float = sources.TIMEOUT_SECONDS,
) -> Report:
    """Import SOURCE into the data folder `data`; raises `ImportFailure` when nothing can be."""
    if not data.is_dir():
        raise ImportFailure(messages.import_no_data(loader.shown_path(data)))
    known = _known_terms(data)
    try:
        walk, own_crosswalk = crosswalk_file.load(data, known)
    except crosswalk_file.CrosswalkError as error:
        raise ImportFailure(messages.import_crosswalk_broken(error.problems)) from error
    if system is not None and not re.fullmatch(ID_PATTERN, system):
        raise ImportFailure(messages.import_bad_system(system))
    feed = sources.read(source, max_bytes=max_bytes, timeout=timeout)
    system = system or feed.system
    report = Report(
        feed.label,
        feed.shape,
        read=len(feed.records),
        fallback_theme=walk.fallback_theme,
        crosswalk=loader.shown_path(data / crosswalk_file.CROSSWALK_FILE),
    )
    previous = state.read(data)
    mine = previous.get(system, {})
    imported = {e.file: e.listing for records in previous.values() for e in records.values()}
    taken_ids = existing_ids(data, imported)
    taken = set(taken_ids)
    by_listing = {e.listing: e for e in mine.values()}

    job = _Job(feed.shape == "services.csv", walk, system, today, feed.label, mine)
    outs: list[_Out] = []
    seen: set[str] = set()
    for position, (record, made) in enumerate(
        zip(feed.records, _prepared(job, feed.records), strict=True), 1
    ):
        label = messages.import_record(line(record.get("name")), record.get("id"), position)
        if isinstance(made, str):
            report.skipped.append((label, made))
            continue
        key = made.source_id
        if key in seen:
            report.skipped.append((label, messages.IMPORT_TWICE))
            continue
        seen.add(key)
        out = _place(made, key, mine, by_listing, taken_ids, taken, report, label)
        if out is None:
            continue
        out.text = made.text.replace(f"\nid: {PLACEHOLDER}\n", f"\nid: {made.listing['id']}\n", 1)
        outs.append(out)
        if made.fallback_theme:
            report.fallback.append(
                messages.import_listing(made.name, loader.shown_path(data / out.file))
            )
        report.warnings += [(made.name, w) for w in dict.fromkeys(made.warnings)]

    report.gone = sorted(
        loader.shown_path(data / entry.file) for key, entry in mine.items() if key not in seen
    )
    outs = _checked(data, outs, report, today)
    if not outs:
        raise ImportFailure(messages.import_nothing(feed.label, report.skipped))
    _write(
        data,
        outs,
        previous,
        system,
        report,
        overwrite=overwrite,
        crosswalk=None if own_crosswalk else walk.text,
    )
    return report


PLACEHOLDER = "id-chosen-after"
"""The id in a listing's text until `_place` chooses it (it depends on every listing before)."""
@dataclass(frozen=True, slots=True)
class _Job:
    csv: bool
    walk: crosswalk_file.Crosswalk
    system: str
    today: date
    label: str
    mine: dict[str, state.Imported]


def _prepared(job: _Job, records: list[dict[str, Any]]) -> list[oruk.Draft | str]:
    """Each record's draft with its text, or why it is skipped; in order."""
    return [_prepare(record, job) for record in records]


def _prepare(record: dict[str, Any], job: _Job) -> oruk.Draft | str:
    made = (
        export.draft(record)
        if job.csv
        else oruk.draft(record, job.walk, system=job.system, today=job.today)
    )
    if isinstance(made, str):
        return made
    listing = {"id": PLACEHOLDER, **{k: v for k, v in made.listing.items() if k != "id"}}
    if "last_reviewed" not in listing:
        before = job.mine.get(made.source_id)
        listing["last_reviewed"] = date.fromisoformat(before.reviewed) if before else job.today
    made.listing = listing
    header = (
        messages.import_header_own(job.label)
        if made.own_id
        else messages.import_header(job.system, made.source_id)
    )
    made.text = writer.listing_text(writer.in_field_order(listing), header)
    return made


def _place(
    made: oruk.Draft,
    key: str,
    mine: dict[str, state.Imported],
    by_listing: dict[str, state.Imported],
    taken_ids: dict[str, str],
    taken: set[str],
    report: Report,
    label: str,
) -> _Out | None:
    """Where the draft goes: its id and file (the same as last time for a record seen before)."""
    before = mine.get(key)
    if before is not None:
        listing_id, file = before.listing, before.file
    elif made.own_id:
        listing_id = made.own_id
        elsewhere = taken_ids.get(listing_id)
        if listing_id in by_listing:
            file = by_listing[listing_id].file
        elif elsewhere is not None:
            report.skipped.append((label, messages.import_id_taken(listing_id, elsewhere)))
            return None
        else:
            taken.add(listing_id)
            file = f"{SERVICES}/{listing_id}.yaml"
    else:
        listing_id = _unique(slug(made.name), taken)
        file = f"{SERVICES}/{listing_id}.yaml"
    made.listing["id"] = listing_id
    return _Out(made, key, file, "")


def _checked(data: Path, outs: list[_Out], report: Report, today: date) -> list[_Out]:
    """The drafts the loader accepts; the rest are skipped, with the check's own words.

    They are checked as the files they will be, in a temporary folder beside
    a copy of the lists.
    """
    if not outs:
        return outs
    by_name = {Path(out.file).name: index for index, out in enumerate(outs)}
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        stage = Path(folder)
        for list_file in LIST_FILES:
            shutil.copyfile(data / list_file.file, stage / list_file.file)
        (stage / SERVICES).mkdir()
        for out in outs:
            (stage / out.file).write_text(out.text, "utf-8")
        try:
            loader.check(stage, today=today)
        except DataError as error:
            refused: dict[int, list[str]] = {}
            for problem in error.problems:
                index = by_name.get(Path(problem.file).name)
                if index is None:
                    raise ImportFailure(messages.import_check_failed(problem.message)) from error
                where = f"{problem.field}: " if problem.field else ""
                refused.setdefault(index, []).append(where + problem.message)
            for index, reasons in refused.items():
                out = outs[index]
                label = messages.import_record(out.draft.name, out.key, None)
                report.skipped.append((label, " ".join(reasons)))
                report.fallback = [f for f in report.fallback if not f.endswith(f"{out.file})")]
            return [out for index, out in enumerate(outs) if index not in refused]
    return outs


def _write(
    data: Path,
    outs: list[_Out],
    previous: dict[str, dict[str, state.Imported]],
    system: str,
    report: Report,
    *,
    overwrite: bool,
    crosswalk: str | None,
) -> None:
    """Replace the files that changed, then the state; each file swapped in whole."""
    records = dict(previous.get(system, {}))
    writes: list[tuple[Path, str]] = []
    for out in outs:
        path = data / out.file
        shown = loader.shown_path(path)
        before = records.get(out.key)
        reviewed = str(out.draft.listing.get("last_reviewed") or "")
        new_entry = state.Imported(
            out.draft.listing["id"], out.file, state.digest(out.text), reviewed
        )
        if not path.exists():
            writes.append((path, out.text))
            report.created.append(shown)
            records[out.key] = new_entry
            continue
        current = path.read_text("utf-8")
        edited = before is None or state.digest(current) != before.sha256
        if current == out.text:
            report.unchanged.append(shown)
            records[out.key] = new_entry
        elif edited and not overwrite:
            report.conflicts.append(shown)
        else:
            writes.append((path, out.text))
            (report.overwritten if edited else report.updated).append(shown)
            records[out.key] = new_entry
    if crosswalk is not None:
        writes.append((data / crosswalk_file.CROSSWALK_FILE, crosswalk))
        report.wrote_crosswalk = True
    previous = {**previous, system: records}
    state_path = data / state.STATE_FILE
    state_text = state.text(previous)
    if not state_path.is_file() or state_path.read_text("utf-8") != state_text:
        writes.append((state_path, state_text))
    (data / SERVICES).mkdir(exist_ok=True)
    _swap_in(writes)
    report.written = len(writes)


def _swap_in(writes: list[tuple[Path, str]]) -> None:
    """Write new files, and replacements beside the files they replace, then rename
    the replacements into place: a failure while writing leaves every listing as it
    was (and removes what was written)."""
    written: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in writes:
            if path.exists():
                temporary = path.with_name(f".{path.name}.importing")
                staged.append((temporary, path))
            else:
                temporary = path
            written.append(temporary)
            temporary.write_text(text, "utf-8", newline="\n")
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
