"""The data folder in, a checked `Directory` out, or every problem at once.

This is the gate every change passes through: nothing reaches the site unless
all of it is right. It reads each file through one YAML reader function (the
fast one when it is installed, else the exact PyYAML one: both build the
same `yamlnodes` tree), hands the nodes to `checks`, and collects problems
across all files before deciding, so an editor fixes everything in one go.

Two ways in, one set of problems: `load` keeps the model for the build;
`check` (the `check` command) keeps only problems, warnings and a count, so
it can read and check a share of the data in a worker process that sends
back just that. Each services file is checked in parts that are merged in
file order, with the cross-file id checks run between them in the main
process, so both report the same problems in the same order.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.data import model, yamlread
from generator.data import problems as say
from generator.data.checks import Checker, IdEntry, Ids, Terms, id_entry
from generator.data.fields import LIST_FILES
from generator.data.problems import DataError, Problem
from generator.data.yamlnodes import Node, gc_paused
from generator.data.yamlread import MAX_FILE_BYTES, file_problem
from generator.sidework import Worker, WorkerFailed

ReadYaml = Callable[[Path | str, str], tuple[Node | None, list[Problem]]]
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


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` finds in data with no problems: what `load` would say, without the model."""

    services: int  # how many services `load` would return
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _fast_reader() -> ModuleType | None:
    """`generator.data.fastyaml` if it is installed and not ruled out.

    `LOCAL_OFFER_YAML=exact` rules it out, to compare the two readers or to
    check that a strange result does not come from the fast one.
    """
    if os.environ.get("LOCAL_OFFER_YAML", "").strip().lower() == "exact":
        return None
    try:
        from generator.data import fastyaml
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
    """Where the fast reader keeps the trees of files it has read (and `check` what it
    found in them), if it keeps any."""
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


@dataclass(slots=True)
class _Part:
    """What checking a run of one services file's entries found, kept apart until merged.

    Parts are merged in file order into exactly the problems a single pass
    would report, in the same order; so a part may come from a worker
    process that sends back only this, never the nodes. The cross-file id
    checks need every file, so a part carries each service's ids (with the
    number of problems found before it) for the merge to run them in order.
    Positions in "Service 3" labels count from the part's first entry.
    """

    found: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ids: list[tuple[int, IdEntry]] = field(default_factory=list)
    entries: int = 0  # list entries checked
    count: int = 0  # services without problems
    services: list[model.Service] = field(default_factory=list)  # only when kept


@dataclass(frozen=True, slots=True)
class _Context:
    """What checking a services file needs besides the file: small, so it can go to a worker."""

    today: date
    terms: dict[str, Terms]
    max_file_bytes: int
    keep: bool  # build and keep the model's services (for `load`)


def _entries_part(context: _Context, label: str, items: Sequence[Node]) -> _Part:
    """Check a run of a services file's entries (positions counted from 1)."""
    part = _Part(entries=len(items))
    checker = Checker(
        label, today=context.today, terms=context.terms, found=part.found, warnings=part.warnings
    )
    for position, node in enumerate(items, 1):
        service = checker.service(node, position)
        entry = id_entry(node, checker.label or say.service_at(position), label)
        if entry is not None:
            part.ids.append((len(part.found), entry))
        if service is not None:
            part.count += 1
            if context.keep:
                part.services.append(service)
    return part


def _services_file(
    context: _Context,
    path: Path,
    label: str,
    read: ReadYaml,
    ready: Node | None = None,
) -> list[_Part]:
    """Read and check one services file: its parts, in the order a single pass finds them.

    `ready` is its tree when the fast path has it. A `read` that cuts a big
    list in two (see `_split_reader`) leaves a `fastyaml.Done` in the list
    for each half, holding that half's part.
    """
    top = _Part()
    unreadable = file_problem(path, label, context.max_file_bytes)
    if unreadable is not None:
        top.found.append(unreadable)
        return [top]
    root = ready
    if root is None:
        root, read_problems = read(path, label)
        top.found.extend(read_problems)
        if root is None and read_problems:
            return [top]
    checker = Checker(
        label, today=context.today, terms=context.terms, found=top.found, warnings=top.warnings
    )
    parts = [top]
    run: list[Node] = []
    for node in checker.top_list(root, "services"):
        if not isinstance(node, Node):  # a `fastyaml.Done`
            if run:
                parts.append(_entries_part(context, label, run))
                run = []
            parts.append(node.result())
        else:
            run.append(node)
    if run:
        parts.append(_entries_part(context, label, run))
    return parts


class _CheckCache:
    """What earlier checks found in each services file, kept in `folder` for repeat runs.

    An entry's key covers everything its result depends on: the file's
    bytes and name as shown, the lists' ids, the date, the size limit and the
    source of the modules that read and check (so any change to them starts
    afresh). Entries hold only plain values (tuples, strings, numbers), and
    are loaded by an unpickler that refuses anything else, so a cache file
    can never run code. Entries not written in the last day are removed: the
    date is part of every key, so they would never be used again.
    """

    def __init__(self, folder: Path, context: _Context) -> None:
        self.folder = folder
        digest = hashlib.sha256(_CHECK_CACHE_VERSION + _source_fingerprint())
        terms = sorted((name, t.ordered, t.file) for name, t in context.terms.items())
        digest.update(repr((context.today.isoformat(), context.max_file_bytes, terms)).encode())
        self.base = digest.digest()
        self.max_file_bytes = context.max_file_bytes

    def look_up(self, path: Path, label: str) -> list[_Part] | tuple[str, tuple[int, int]] | None:
        """The file's parts if a check found them before, else its key and signature
        to store them under (None: not worth caching, like a file that cannot be read)."""
        try:
            signature = _signature(path)
            if signature[0] > self.max_file_bytes:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        key = hashlib.sha256(self.base + label.encode() + b"\0" + data).hexdigest()
        try:
            blob = (self.folder / f"check-{key}.pickle").read_bytes()
            return [_part_from(part) for part in _PlainUnpickler(io.BytesIO(blob)).load()]
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError):
            return key, signature

    def store(self, path: Path, key: str, signature: tuple[int, int], parts: list[_Part]) -> None:
        """Keep the file's parts, unless it changed while it was being checked."""
        try:
            if _signature(path) != signature:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".check-{key}.{os.getpid()}.tmp"
            blob = pickle.dumps([_part_data(p) for p in parts], protocol=pickle.HIGHEST_PROTOCOL)
            temporary.write_bytes(blob)
            os.replace(temporary, self.folder / f"check-{key}.pickle")
        except OSError:
            pass  # a cache that cannot be written is only slower

    def tidy(self) -> None:
        stale = time.time() - 86_400
        with contextlib.suppress(OSError):
            for entry in self.folder.glob("check-*.pickle"):
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < stale:
                        entry.unlink()


# Bump when what a cache entry holds changes shape.
_CHECK_CACHE_VERSION = b"check-1"


# The modules whose code decides what a check finds.
_CHECKING_MODULES = (
    "checks",
    "fastyaml",
    "fields",
    "loader",
    "model",
    "problems",
    "yamlnodes",
    "yamlread",
)


@functools.cache
def _source_fingerprint() -> bytes:
    """The source of every module whose code decides what a check finds."""
    digest = hashlib.sha256()
    for name in _CHECKING_MODULES:
        source = Path(__file__).parent / f"{name}.py"
        with contextlib.suppress(OSError):
            digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


class _PlainUnpickler(pickle.Unpickler):
    """Loads plain values only: a cache entry names no class or function."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the check cache")


def _part_data(part: _Part) -> tuple[Any, ...]:
    """A part as plain values, for the cache."""

    def plain(problem: Problem) -> tuple[Any, ...]:
        p = problem
        return (p.file, p.line, p.message, p.service, p.field, p.column)

    return (
        [plain(p) for p in part.found],
        [plain(p) for p in part.warnings],
        [(index, (e.label, e.file, e.ident, e.line, e.previous)) for index, e in part.ids],
        part.entries,
        part.count,
    )


def _part_from(data: tuple[Any, ...]) -> _Part:
    found, warnings, ids, entries, count = data
    return _Part(
        found=[Problem(*p) for p in found],
        warnings=[Problem(*p) for p in warnings],
        ids=[
            (index, IdEntry(label, file, ident, line, tuple(tuple(p) for p in previous)))
            for index, (label, file, ident, line, previous) in ids
        ],
        entries=entries,
        count=count,
    )


def _shifted(problems: list[Problem], offset: int) -> list[Problem]:
    """Problems of a part that starts `offset` entries into its file, with "Service 3"
    labels counted from the file's first entry (other labels are quoted names or ids)."""
    if not offset:
        return problems
    return [
        dataclasses.replace(problem, service=say.renumbered(problem.service, offset))
        if problem.service
        else problem
        for problem in problems
    ]


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
        self.services_count = 0

    def checker(self, label: str) -> Checker:
        return Checker(
            label, today=self.today, terms=self.terms, found=self.found, warnings=self.warnings
        )

    def context(self, keep: bool) -> _Context:
        return _Context(self.today, self.terms, self.max_file_bytes, keep)

    def read_file(self, path: Path) -> tuple[str, Node | None, bool]:
        """The file's tree, and whether it could be read well enough to check."""
        label = shown_path(path)
        self.files.append(label)
        unreadable = file_problem(path, label, self.max_file_bytes)
        if unreadable is not None:
            self.found.append(unreadable)
            return label, None, False
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
        """Read (on both cores when `read_many` can) and check, keeping the model's services."""
        ready: Mapping[Path, Node | None] = {}
        if self.read_many is not None:
            ready = self.read_many([p for p in paths if _size(p) <= self.max_file_bytes])
        context = self.context(keep=True)
        labels = self.labels(paths)
        self.merge(
            [
                _services_file(context, path, label, self.read, ready.get(path))
                for path, label in zip(paths, labels, strict=True)
            ],
            directory,
        )

    def services_checked(
        self, paths: list[Path], parallel: bool | None, cache_dir: Path | None
    ) -> None:
        """Read and check without keeping the model: on both cores when that pays, and
        with `cache_dir`, taking what an earlier check found in files unchanged since."""
        labels = self.labels(paths)
        context = self.context(keep=False)
        cache = _CheckCache(cache_dir, context) if cache_dir is not None else None
        done: dict[int, list[_Part]] = {}
        keys: dict[int, tuple[str, tuple[int, int]]] = {}
        if cache is not None:
            for index, (path, label) in enumerate(zip(paths, labels, strict=True)):
                found = cache.look_up(path, label)
                if isinstance(found, list):
                    done[index] = found
                elif found is not None:
                    keys[index] = found
        todo = [index for index in range(len(paths)) if index not in done]
        checked = _checked_files(
            context, [paths[k] for k in todo], [labels[k] for k in todo], self.read, parallel
        )
        done.update(zip(todo, checked, strict=True))
        if cache is not None:
            for index, (key, signature) in keys.items():
                cache.store(paths[index], key, signature, done[index])
            cache.tidy()
        self.merge([done[index] for index in range(len(paths))])

    def labels(self, paths: list[Path]) -> list[str]:
        labels = [shown_path(path) for path in paths]
        self.files.extend(labels)
        return labels

    def merge(self, files: list[list[_Part]], directory: model.Directory | None = None) -> None:
        """Every file's parts, in order, into the run's problems; with the id checks between."""
        ids = Ids(self.found)
        for parts in files:
            offset = 0
            for part in parts:
                self.merge_part(part, offset, ids)
                if directory is not None:
                    directory.services.extend(part.services)
                offset += part.entries

    def merge_part(self, part: _Part, offset: int, ids: Ids) -> None:
        """One part, `offset` entries into its file; each service's id checks
        reported right after its own problems, as a single pass does."""
        found = _shifted(part.found, offset)
        at = 0
        for index, entry in part.ids:
            self.found.extend(found[at:index])
            at = index
            if offset:
                entry = dataclasses.replace(entry, label=say.renumbered(entry.label, offset))
            ids.register(entry)
        self.found.extend(found[at:])
        self.warnings.extend(_shifted(part.warnings, offset))
        self.services_count += part.count

    def feedback(self, path: Path, directory: model.Directory) -> None:
        label, root, readable = self.read_file(path)
        if readable:
            directory.feedback.extend(self.checker(label).feedback(root))

    def postcodes(self, path: Path, directory: model.Directory) -> None:
        label = shown_path(path)
        self.files.append(label)
        directory.postcodes.extend(_postcodes(path, label, self.found))


# The worker's share of the bytes when many files are checked on two cores.
_WORKER_SHARE = 0.5


def _checked_files(
    context: _Context,
    paths: list[Path],
    labels: list[str],
    read: ReadYaml,
    parallel: bool | None,
) -> list[list[_Part]]:
    """Read and check services files, on both cores when that pays: each file's parts.

    Many files: a worker process reads and checks a share of them. One big
    file: its list is cut in two (see `fastyaml.Split`). Either way the
    worker sends back only problems, warnings, counts and ids.
    """
    fast = _fast_reader()
    if fast is None:
        return [_services_file(context, p, q, read) for p, q in zip(paths, labels, strict=True)]
    sizes = [_size(path) for path in paths]
    total = sum(sizes)
    if parallel is False or not (
        len(paths) > 1
        and total >= fast.SPLIT_MIN_BYTES
        and max(sizes) < total / 2
        and (parallel or fast.spare_core(shipping_trees=False))
    ):
        return [
            _services_file(context, path, label, _split_reader(fast, context, label, parallel))
            for path, label in zip(paths, labels, strict=True)
        ]
    # The worker takes the biggest files until it has its share of the bytes.
    theirs: set[int] = set()
    theirs_bytes = 0
    for index in sorted(range(len(paths)), key=lambda k: sizes[k], reverse=True):
        if theirs_bytes < total * _WORKER_SHARE:
            theirs.add(index)
            theirs_bytes += sizes[index]
    jobs = [(paths[k], labels[k]) for k in sorted(theirs)]
    read = functools.partial(fast.read_yaml, parallel=False)
    worker = Worker(_check_files, context, jobs)
    try:
        done = {
            k: _services_file(context, paths[k], labels[k], read)
            for k in range(len(paths))
            if k not in theirs
        }
        try:
            shipped = worker.receive()
        except WorkerFailed:
            shipped = [_services_file(context, path, label, read) for path, label in jobs]
    finally:
        worker.close()
    done.update(zip(sorted(theirs), shipped, strict=True))
    return [done[k] for k in range(len(paths))]


def _split_reader(
    fast: ModuleType, context: _Context, label: str, parallel: bool | None
) -> ReadYaml:
    """The fast reader for one services file, cutting a big file's list in two (with
    `parallel` as `fastyaml.read_fast` takes it) and checking each half where it was read."""
    entries = functools.partial(_entries_part, context, label)
    split = fast.Split(key="services", head=entries, tail=entries)
    read: ReadYaml = functools.partial(fast.read_yaml, parallel=parallel, split=split)
    return read


def _check_files(
    send: Callable[[object], None], context: _Context, jobs: list[tuple[Path, str]]
) -> None:
    """In a worker process: read and check these services files; send back their parts."""
    from generator.data import fastyaml

    read = functools.partial(fastyaml.read_yaml, parallel=False)
    with gc_paused():
        send([_services_file(context, path, label, read) for path, label in jobs])


def _run(
    data: Path,
    *,
    today: date,
    keep: bool,
    cache_dir: Path | None,
    max_file_bytes: int,
    reader: ReadYaml | None = None,
    read_many: ReadMany | None = None,
    parallel: bool | None = None,
) -> tuple[_Run, model.Directory]:
    """The one pass `load` and `check` share; raises `DataError` on any problem.

    `keep`: build the model (`load`); else only check (`check`: with the fast
    reader its services are read through a `Split`, and the reader given or
    chosen here reads the rest)."""
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
        if keep:
            run.services(service_paths, directory)
        else:
            run.services_checked(service_paths, parallel, cache_dir)
        if (folder / FEEDBACK_FILE).is_file():
            run.feedback(folder / FEEDBACK_FILE, directory)
        if (folder / POSTCODES_FILE).is_file():
            run.postcodes(folder / POSTCODES_FILE, directory)
    if run.found:
        raise DataError(run.found, run.warnings)
    return run, directory


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
    run, directory = _run(
        data,
        today=today,
        reader=reader,
        read_many=read_many,
        cache_dir=cache_dir,
        max_file_bytes=max_file_bytes,
        keep=True,
    )
    return LoadResult(
        directory=directory, warnings=say.sort_problems(run.warnings), files=run.files
    )


def check(
    data: Path,
    *,
    today: date,
    cache_dir: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    parallel: bool | None = None,
) -> CheckResult:
    """Check a data folder as `load` does, with the same problems and warnings, faster.

    No model of the services is kept, so a big check can share the reading
    and checking with a worker process that sends back only what it found
    (`parallel=None`: when there is a second core and enough data; True:
    always; False: never). With `cache_dir`, what a check found in a
    services file is kept, and reused while the file, the lists, the date
    and this program stay the same. Raises `DataError` exactly as `load`
    would.
    """
    run, _ = _run(
        data,
        today=today,
        keep=False,
        cache_dir=cache_dir,
        max_file_bytes=max_file_bytes,
        parallel=parallel,
    )
    return CheckResult(
        services=run.services_count, warnings=say.sort_problems(run.warnings), files=run.files
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
