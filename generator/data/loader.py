"""The data folder in, a checked `Directory` out, or every problem at once.

This is the gate every change passes through: nothing reaches the site unless
all of it is right. It reads each file with the one YAML reader
(`yamlread`: libyaml's events, strictly), hands the nodes to `checks`, and
collects problems across all files before deciding, so an editor fixes
everything in one go.

Two ways in, one pass: `load` keeps the model for the build; `check` (the
`check` command) keeps only problems, warnings and a count.

A services file holds either a list (`services:` and items under it) or one
listing at its top level (`id:`, `name:`, ...): the browser editor writes one
file per listing, `data/services/<id>.yaml`, and both kinds load side by side.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.data import model, yamlread
from generator.data import problems as say
from generator.data.checks import Checker, Ids, Terms, id_entry
from generator.data.fields import LIST_FILES
from generator.data.problems import DataError, Problem
from generator.data.yamlnodes import Map, Node, gc_paused
from generator.data.yamlread import MAX_FILE_BYTES

SERVICES_FILE = "services.yaml"
SERVICES_FOLDER = "services"
FEEDBACK_FILE = "feedback.yaml"
POSTCODES_FILE = "postcodes.csv"
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


@dataclass(frozen=True, slots=True)
class LoadResult:
    directory: model.Directory
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read, as shown to editors


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` finds in data with no problems: what `load` would say, without the model."""

    services: int  # how many services `load` would return
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def shown_path(path: Path) -> str:
    """A path as editors see it: relative to where they are when it is inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def lists_folder(services_file: Path) -> Path:
    """Where the lists are for one services file: beside it, or (for a file in
    services/) in the data folder above."""
    folder = services_file.parent
    first = LIST_FILES[0].file
    if not (folder / first).exists() and (folder.parent / first).exists():
        return folder.parent
    return folder


def services_files(folder: Path) -> list[Path]:
    """services.yaml and every YAML file in services/, in a stable order."""
    found = [folder / SERVICES_FILE] if (folder / SERVICES_FILE).is_file() else []
    split = folder / SERVICES_FOLDER
    if split.is_dir():
        found += sorted(p for p in split.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return found


def is_one_listing(root: Node | None) -> bool:
    """Whether a services file holds one listing at its top level (`id: ...`)
    rather than a list under `services:`. A file with neither `services:` nor
    `id:`/`name:` is read as a list file, so its problem is the familiar one."""
    return (
        type(root) is Map
        and "services" not in root.entries
        and ("id" in root.entries or "name" in root.entries)
    )


def service_nodes(checker: Checker, root: Node | None) -> list[Node]:
    """The listings in one services file: its one listing, or the items of its list."""
    if is_one_listing(root):
        assert root is not None
        return [root]
    return checker.top_list(root, "services")


class _Run:
    """One pass over a data folder: the files read, and every problem and warning."""

    def __init__(self, today: date, max_file_bytes: int) -> None:
        self.today = today
        self.max_file_bytes = max_file_bytes
        self.found: list[Problem] = []
        self.warnings: list[Problem] = []
        self.files: list[str] = []
        self.terms: dict[str, Terms] = {}
        self.services_count = 0

    def checker(self, label: str) -> Checker:
        return Checker(
            label, today=self.today, terms=self.terms, found=self.found, warnings=self.warnings
        )

    def read_file(self, path: Path) -> tuple[str, Node | None, bool]:
        """The file's tree, and whether it could be read well enough to check."""
        label = shown_path(path)
        self.files.append(label)
        root, read_problems = yamlread.read_yaml(path, label, max_bytes=self.max_file_bytes)
        self.found.extend(read_problems)
        return label, root, root is not None or not read_problems

    def lists(self, folder: Path, directory: model.Directory) -> None:
        """themes.yaml, needs.yaml and accessibility.yaml: read first, as services use them."""
        for list_file in LIST_FILES:
            path = folder / list_file.file
            if not path.is_file():
                label = shown_path(path)
                self.found.append(
                    Problem(label, None, say.missing_list_file(list_file.key, list_file.what))
                )
                continue
            label, root, readable = self.read_file(path)
            entries = self.checker(label).terms_list(root, list_file) if readable else []
            self.terms[list_file.terms] = Terms(
                ids=frozenset(t.id for t in entries),
                ordered=tuple(t.id for t in entries),
                file=label,
            )
            getattr(directory, list_file.terms).extend(entries)

    def services(self, paths: list[Path], directory: model.Directory, keep: bool) -> None:
        """Every services file in order; each service's id checks (across all files)
        reported right after its own problems. `keep`: keep the model's services."""
        ids = Ids(self.found)
        for path in paths:
            label, root, readable = self.read_file(path)
            if not readable:
                continue
            checker = self.checker(label)
            for position, node in enumerate(service_nodes(checker, root), 1):
                service = checker.service(node, position)
                entry = id_entry(node, checker.subject or say.EntryRef(position), label)
                if entry is not None:
                    ids.register(entry)
                if service is not None:
                    self.services_count += 1
                    if keep:
                        directory.services.append(service)

    def feedback(self, path: Path, directory: model.Directory) -> None:
        label, root, readable = self.read_file(path)
        if readable:
            directory.feedback.extend(self.checker(label).feedback(root))

    def postcodes(self, path: Path, directory: model.Directory) -> None:
        label = shown_path(path)
        self.files.append(label)
        directory.postcodes.extend(_postcodes(path, label, self.found))


def _run(
    data: Path, *, today: date, keep: bool, max_file_bytes: int
) -> tuple[_Run, model.Directory]:
    """The one pass `load` and `check` share; raises `DataError` on any problem."""
    if not data.exists():
        raise DataError([Problem(shown_path(data), None, say.no_data_path(shown_path(data)))])
    folder = data if data.is_dir() else lists_folder(data)
    service_paths = services_files(data) if data.is_dir() else [data]
    run = _Run(today, max_file_bytes)
    if not service_paths:
        if not any((folder / f.file).exists() for f in LIST_FILES):
            raise DataError(
                [Problem(shown_path(folder), None, say.empty_folder(shown_path(folder)))]
            )
        run.found.append(
            Problem(shown_path(folder), None, say.no_services_files(shown_path(folder)))
        )

    directory = model.Directory()
    with gc_paused():
        run.lists(folder, directory)
        run.services(service_paths, directory, keep)
        if (folder / FEEDBACK_FILE).is_file():
            run.feedback(folder / FEEDBACK_FILE, directory)
        if (folder / POSTCODES_FILE).is_file():
            run.postcodes(folder / POSTCODES_FILE, directory)
    if run.found:
        raise DataError(run.found, run.warnings)
    return run, directory


def load(data: Path, *, today: date, max_file_bytes: int = MAX_FILE_BYTES) -> LoadResult:
    """Read and check a data folder (or one services file and the lists beside it).

    Raises `DataError` with every problem (and the warnings) when anything
    is wrong; otherwise returns the directory and the warnings.
    """
    run, directory = _run(data, today=today, keep=True, max_file_bytes=max_file_bytes)
    return LoadResult(
        directory=directory, warnings=say.sort_problems(run.warnings), files=run.files
    )


def check(data: Path, *, today: date, max_file_bytes: int = MAX_FILE_BYTES) -> CheckResult:
    """Check a data folder as `load` does, with the same problems and warnings,
    keeping no model of the services. Raises `DataError` exactly as `load` would."""
    run, _ = _run(data, today=today, keep=False, max_file_bytes=max_file_bytes)
    return CheckResult(
        services=run.services_count, warnings=say.sort_problems(run.warnings), files=run.files
    )


def load_lists(data: Path) -> model.Directory:
    """Only the controlled lists (themes, needs, accessibility), checked; for the schema.

    `data` is the data folder or a services file beside the lists.
    """
    if not data.exists():
        raise DataError([Problem(shown_path(data), None, say.no_data_path(shown_path(data)))])
    folder = data if data.is_dir() else lists_folder(data)
    run = _Run(date.today(), MAX_FILE_BYTES)
    directory = model.Directory()
    run.lists(folder, directory)
    if run.found:
        raise DataError(run.found, run.warnings)
    return directory


def _postcodes(path: Path, label: str, found: list[Problem]) -> list[model.Postcode]:
    """The postcode districts' centres (`district,latitude,longitude`), for "near me"."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        found.append(Problem(label, None, say.cannot_open(error)))
        return []
    except UnicodeDecodeError:
        found.append(Problem(label, None, say.not_utf8()))
        return []
    rows = csv.reader(io.StringIO(text))
    out: list[model.Postcode] = []
    first_line: dict[str, int] = {}
    header = next(rows, None)
    if header is None:
        return out
    if [cell.strip().lower() for cell in header] != ["district", "latitude", "longitude"]:
        found.append(Problem(label, 1, say.csv_header(",".join(header))))
        return out
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            found.append(Problem(label, line, say.csv_columns(len(row))))
            continue
        district, lat_text, long_text = (cell.strip() for cell in row)
        ok = True
        if not _DISTRICT.fullmatch(district.upper()):
            found.append(Problem(label, line, say.bad_district(district), field="district"))
            ok = False
        for text_value, kind, limit, example in (
            (lat_text, "latitude", 90.0, "53.4891"),
            (long_text, "longitude", 180.0, "-2.2412"),
        ):
            try:
                value = float(text_value)
            except ValueError:
                value = float("nan")
            if not -limit <= value <= limit:
                found.append(
                    Problem(label, line, say.bad_value(text_value, kind, example), field=kind)
                )
                ok = False
        district = district.upper()
        if ok and district in first_line:
            found.append(Problem(label, line, say.district_twice(district, first_line[district])))
            ok = False
        if ok:
            first_line[district] = line
            out.append(model.Postcode(district, float(lat_text), float(long_text)))
    return out
