"""The data folder in, a checked `Directory` out, or every problem at once.

This is the gate every change passes through: nothing reaches the site unless
all of it is right. It reads each file through one YAML reader function (the
fast one when it is installed, else the exact PyYAML one: both build the
same `yamlnodes` tree), hands the nodes to `checks`, and collects problems
across all files before deciding, so an editor fixes everything in one go.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

from generator import model, yamlread
from generator import problems as say
from generator.checks import Checker, Ids, Terms
from generator.fields import LIST_FILES
from generator.problems import DataError, Problem
from generator.yamlnodes import Node, gc_paused
from generator.yamlread import MAX_FILE_BYTES, size_problem

ReadYaml = Callable[[Path, str], tuple[Node | None, list[Problem]]]
"""`read_yaml(path_or_text, file_label) -> (tree or None, problems)`: reads one file
and words every problem in it."""
ReadMany = Callable[[Sequence[Path]], Mapping[Path, Node | None]]
"""A fast path for many files at once: a tree per path, or None for "read this
one with `ReadYaml`", which then finds and words its problems."""

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


def _fast_reader() -> ModuleType | None:
    """`generator.fastyaml` if it is installed and not ruled out.

    `LOCAL_OFFER_YAML=exact` rules it out, to compare the two readers or to
    check that a strange result does not come from the fast one.
    """
    if os.environ.get("LOCAL_OFFER_YAML", "").strip().lower() == "exact":
        return None
    try:
        from generator import fastyaml
    except ImportError:
        return None
    return fastyaml


def default_readers(cache_dir: Path | None = None) -> tuple[ReadYaml, ReadMany | None]:
    """The fast reader when it is installed, else the exact one.

    The fast reader builds the same tree, on both cores, and hands any file
    it cannot vouch for to the exact reader, which words the problems.
    `cache_dir` lets it reuse the trees of files unchanged since the last run.
    """
    exact: ReadYaml = yamlread.read_yaml
    fast = _fast_reader()
    if fast is None:
        return exact, None
    one: ReadYaml = getattr(fast, "read_yaml", exact)
    many = getattr(fast, "read_many", None)
    return one, None if many is None else functools.partial(many, cache_dir=cache_dir)


def cache_folder(data: Path) -> Path | None:
    """Where the fast reader keeps the trees of files it has read, if it keeps any."""
    fast = _fast_reader()
    folder = getattr(fast, "default_cache_dir", None) if fast is not None else None
    return folder(data) if folder is not None else None


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


class _Run:
    """One pass over a data folder: the files read, and every problem and warning."""

    def __init__(
        self, read: ReadYaml, read_many: ReadMany | None, today: date, max_file_bytes: int
    ) -> None:
        self.read = read
        self.read_many = read_many
        self.today = today
        self.max_file_bytes = max_file_bytes
        self.found: list[Problem] = []
        self.warnings: list[Problem] = []
        self.files: list[str] = []
        self.terms: dict[str, Terms] = {}

    def checker(self, label: str) -> Checker:
        return Checker(
            label, today=self.today, terms=self.terms, found=self.found, warnings=self.warnings
        )

    def read_file(self, path: Path, ready: Node | None = None) -> tuple[str, Node | None, bool]:
        """The file's tree (`ready` if the fast path already has it), and whether it
        could be read well enough to check."""
        label = shown_path(path)
        self.files.append(label)
        try:
            too_big = size_problem(path.stat().st_size, label, self.max_file_bytes)
        except OSError as error:
            self.found.append(Problem(label, None, say.cannot_open(error.strerror or "unreadable")))
            return label, None, False
        if too_big is not None:
            self.found.append(too_big)
            return label, None, False
        if ready is not None:
            return label, ready, True
        root, read_problems = self.read(path, label)
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

    def services(self, paths: list[Path], directory: model.Directory) -> None:
        ids = Ids(self.found)
        ready: Mapping[Path, Node | None] = {}
        if self.read_many is not None:
            ready = self.read_many([p for p in paths if _size(p) <= self.max_file_bytes])
        for path in paths:
            label, root, readable = self.read_file(path, ready.get(path))
            if not readable:
                continue
            checker = self.checker(label)
            for position, node in enumerate(checker.top_list(root, "services"), 1):
                service = checker.service(node, position)
                ids.add(node, checker.label or f"Service {position}", label)
                if service is not None:
                    directory.services.append(service)

    def feedback(self, path: Path, directory: model.Directory) -> None:
        label, root, readable = self.read_file(path)
        if readable:
            directory.feedback.extend(self.checker(label).feedback(root))

    def postcodes(self, path: Path, directory: model.Directory) -> None:
        label = shown_path(path)
        self.files.append(label)
        directory.postcodes.extend(_postcodes(path, label, self.found))


def load(
    data: Path,
    *,
    today: date,
    reader: ReadYaml | None = None,
    read_many: ReadMany | None = None,
    cache_dir: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> LoadResult:
    """Read and check a data folder (or one services file and the lists beside it).

    Raises `DataError` with every problem (and the warnings) when anything
    is wrong; otherwise returns the directory and the warnings. The readers
    default to `default_readers(cache_dir)`; passing `reader` alone reads
    every file with it.
    """
    if not data.exists():
        raise DataError([Problem(shown_path(data), None, say.no_data_path(shown_path(data)))])
    folder = data if data.is_dir() else lists_folder(data)
    service_paths = services_files(data) if data.is_dir() else [data]
    if reader is None:
        reader, default_many = default_readers(cache_dir)
        read_many = read_many or default_many
    run = _Run(reader, read_many, today, max_file_bytes)
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
        run.services(service_paths, directory)
        if (folder / FEEDBACK_FILE).is_file():
            run.feedback(folder / FEEDBACK_FILE, directory)
        if (folder / POSTCODES_FILE).is_file():
            run.postcodes(folder / POSTCODES_FILE, directory)
    if run.found:
        raise DataError(run.found, run.warnings)
    return LoadResult(
        directory=directory, warnings=say.sort_problems(run.warnings), files=run.files
    )


def load_lists(data: Path, *, reader: ReadYaml | None = None) -> model.Directory:
    """Only the controlled lists (themes, needs, accessibility), checked; for the schema.

    `data` is the data folder or a services file beside the lists.
    """
    if not data.exists():
        raise DataError([Problem(shown_path(data), None, say.no_data_path(shown_path(data)))])
    folder = data if data.is_dir() else lists_folder(data)
    run = _Run(reader or yamlread.read_yaml, None, date.today(), MAX_FILE_BYTES)
    directory = model.Directory()
    run.lists(folder, directory)
    if run.found:
        raise DataError(run.found, run.warnings)
    return directory


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _postcodes(path: Path, label: str, found: list[Problem]) -> list[model.Postcode]:
    """The postcode districts' centres (`district,latitude,longitude`), for "near me"."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        found.append(Problem(label, None, say.cannot_open(error.strerror or "unreadable")))
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
