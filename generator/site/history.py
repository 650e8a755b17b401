"""What changed, and when: read from the git history of data/ and content/.

Editors publish through git, so the history already says when each listing
and guidance page changed. Two questions are answered here, both from git
run as a subprocess and both dated by commits, never by the clock, so two
builds of one commit are byte-identical:

- `read_history`: the recent changes, for the What's new page and feed. One
  `git log -p --unified=0` pass over the last `max_commits` commits of the
  main line (`--first-parent`: a merged pull request counts once, on the
  day it was merged). Services files are not re-read per commit: starting
  from the files at HEAD, each commit's patch is applied backwards to get the
  version before it, and only the list items its hunks touch are parsed and
  compared by id. That keeps the pass fast at 10,000 listings.
- `listing_history`: when each listing last changed, from one
  `git blame --porcelain` per services file (the newest commit among the
  lines of the listing), with a link to those lines on the git host.

Without git (a tarball, or data that is not tracked) both return nothing and
the callers fall back (What's new uses `last_reviewed` dates).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.data.loader import is_one_listing
from generator.data.model import Service
from generator.data.yamlnodes import Map, Node, Seq, gc_paused, plain
from generator.data.yamlread import read_yaml

MAX_COMMITS = 100
"""How many commits of the main line What's new reads: bounded so the build
stays fast however long the history grows."""

IGNORED_FIELDS: frozenset[str] = frozenset({"owner", "last_reviewed", "visible_from", "visible_to"})
"""Changes nobody reading the site would call news: who reviews a listing
(never published), the review date itself and the publishing window."""

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_SERVICES_KEY = re.compile(r"services\s*:\s*(#.*)?$")
_GIT_TIMEOUT = 120


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    when: datetime  # the committer date: when the change reached the main line


@dataclass(frozen=True, slots=True)
class ServiceChange:
    """One listing changed by one commit.

    `kind` is "added", "changed", "temporarily-closed", "reopened" or
    "retired"; for "changed", `fields` names the top-level keys that changed.
    `service_id` is the id the listing had after the commit.
    """

    commit: Commit
    service_id: str
    kind: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageChange:
    """One guidance page added or edited by one commit. `path` is relative to content/."""

    commit: Commit
    path: str
    added: bool


@dataclass(slots=True)
class History:
    """The recent changes, newest commit first (the order `git log` gives)."""

    services: list[ServiceChange] = field(default_factory=list)
    pages: list[PageChange] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ListingHistory:
    """When a listing last changed, and where to see its lines' commits (or None).

    `when` is the commit's time: the page shows its day ("Last changed"), and
    the open data gives it in full (`last_modified`), so the two always agree.
    """

    when: datetime
    url: str | None

    @property
    def changed(self) -> date:
        """The day it changed (in UTC), as the service page shows it."""
        return self.when.date()


# --- running git ---------------------------------------------------------------------


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's output, or None when git, the repository or the path is missing."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _relative(path: Path, project: Path) -> str | None:
    """`path` relative to `project`, as git pathspecs take it; None when outside."""
    try:
        return Path(os.path.relpath(path.resolve(), project.resolve())).as_posix()
    except ValueError:
        return None


# --- What's new: the recent changes --------------------------------------------------


def read_history(
    project: Path, *, data: Path, content: Path, max_commits: int = MAX_COMMITS
) -> History | None:
    """The changes to listings and guidance pages in the last `max_commits` commits
    that touched `data` or `content`, newest first; None without git history."""
    data_rel, content_rel = _relative(data, project), _relative(content, project)
    specs = [p for p in (data_rel, content_rel) if p and not p.startswith("..")]
    if not specs:
        return None
    out = _git(
        project,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--no-color",
        "--no-ext-diff",
        "--relative",
        "-p",
        "--unified=0",
        "--format=%x00%H %ct %P",
        f"--max-count={max_commits}",
        "--",
        *specs,
    )
    if not out:
        return None
    shallow = (_git(project, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
    walk = _Walk(project, data_rel or "", data.is_file(), content_rel or "")
    # Oldest last, so that each record is let go of once read: a first commit
    # of a large directory is tens of megabytes.
    records = out.decode("utf-8", errors="replace").split("\0")[:0:-1]
    del out
    with gc_paused():  # thousands of small trees, none with a cycle
        while records:
            header, _, patch = records.pop().partition("\n")
            sha, epoch, *parents = header.split()
            if shallow and not parents:
                continue  # a shallow clone's oldest commit only seems to add every file
            commit = Commit(sha, datetime.fromtimestamp(int(epoch), tz=UTC))
            walk.commit(commit, patch)
    return walk.history


@dataclass(slots=True)
class _FilePatch:
    path: str
    added: bool = False
    deleted: bool = False
    hunks: list[_Hunk] = field(default_factory=list)


def _file_patches(patch: str) -> list[_FilePatch]:
    """The files of one commit's `--unified=0` patch with their hunks."""
    files: list[_FilePatch] = []
    current: _FilePatch | None = None
    hunk: _Hunk | None = None
    # Line by line, not split into a list: a first commit's patch holds every line.
    for line in io.StringIO(patch):
        line = line.removesuffix("\n")
        if line.startswith("diff --git "):
            current, hunk = _FilePatch(""), None
            files.append(current)
        elif current is None:
            continue
        elif hunk is not None and line[:1] in ("-", "+"):
            # inside a hunk every -/+ line is content, even one that starts "---";
            # only the removed ones are kept: the added ones are in the newer file
            if line[0] == "-":
                hunk[4].append(line[1:])
        elif line.startswith("@@ "):
            match = _HUNK.match(line)
            if match:
                a, b, c, d = match.groups()
                hunk = (int(a), int(b or 1), int(c), int(d or 1), [])
                current.hunks.append(hunk)
        elif line.startswith("new file mode"):
            current.added = True
        elif line.startswith("deleted file mode"):
            current.deleted = True
        elif line.startswith(("--- ", "+++ ")) and line[4:] != "/dev/null":
            current.path = _patch_path(line[4:])
    return [f for f in files if f.path]


def _patch_path(name: str) -> str:
    name = name.rstrip("\t")
    if name.startswith('"') and name.endswith('"'):
        name = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return name[2:] if name[:2] in ("a/", "b/") else name


class _Walk:
    """Walks commits newest first, keeping each services file as it was after
    the commit being read, and patching it backwards to before it."""

    def __init__(self, project: Path, data_rel: str, data_is_file: bool, content_rel: str) -> None:
        self.project = project
        self.data_rel = data_rel.rstrip("/")
        self.data_is_file = data_is_file
        self.content_prefix = content_rel.rstrip("/") + "/"
        self.files: dict[str, list[str]] = {}
        self.history = History()

    def is_services_file(self, path: str) -> bool:
        if self.data_is_file:
            return path == self.data_rel
        if path == f"{self.data_rel}/services.yaml":
            return True
        folder, _, name = path.rpartition("/")
        return folder == f"{self.data_rel}/services" and name.endswith((".yaml", ".yml"))

    def is_page(self, path: str) -> bool:
        return path.startswith(self.content_prefix) and path.endswith(".md")

    def lines_at_head(self, path: str) -> list[str]:
        if path not in self.files:
            text = _git(self.project, "show", f"HEAD:./{path}")
            self.files[path] = _lines(text.decode("utf-8", errors="replace")) if text else []
        return self.files[path]

    def commit(self, commit: Commit, patch: str) -> None:
        before: dict[str, dict[str, Any]] = {}
        after: list[tuple[list[str], list[tuple[int, int]]]] = []  # (lines, spans) per file
        for file in _file_patches(patch):
            if self.is_services_file(file.path):
                new_lines = self.lines_at_head(file.path)
                old_lines = _unpatch(new_lines, file.hunks)
                after.append((new_lines, [(h[2], h[3]) for h in file.hunks]))
                before.update(_touched_items(old_lines, [(h[0], h[1]) for h in file.hunks]))
                self.files[file.path] = old_lines
            elif self.is_page(file.path) and not file.deleted:
                path = file.path.removeprefix(self.content_prefix)
                self.history.pages.append(PageChange(commit, path, file.added))
        # Each listing after the commit is compared as it is read, not held:
        # a first commit adds every listing.
        found: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        for lines, spans in after:
            for service_id, new in _touched_items(lines, spans):
                found[service_id] = _change(_before(service_id, new, before), new)
        self.history.services += [
            ServiceChange(commit, service_id, kind, fields)
            for service_id, (kind, fields) in sorted(found.items())
            if kind
        ]


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_Hunk = tuple[int, int, int, int, list[str]]
"""(old start, old count, new start, new count, old lines); starts 1-based."""


def _unpatch(new: list[str], hunks: Sequence[_Hunk]) -> list[str]:
    """The file before the patch, from the file after it: each hunk undone, last first."""
    old = list(new)
    for _a, _b, c, d, removed in reversed(hunks):
        start = c - 1 if d else c  # "+c,0": the removed lines followed line c
        old[start : start + d] = removed
    return old


def _touched_items(
    lines: list[str], spans: Iterable[tuple[int, int]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The services list items that the lines (1-based start, count) fall in, with their ids.

    A pure deletion (count 0) touches the items on both sides of where it was.
    Items are found by their dash at the list's indent; a file whose list is
    not written that way (a flow list `[...]`) is parsed whole instead.
    """
    start_line = next((i for i, line in enumerate(lines) if _SERVICES_KEY.match(line)), None)
    dash = _dash_prefix(lines, start_line) if start_line is not None else None
    if start_line is None or dash is None:
        yield from _items_of(lines).items()
        return
    ranges: list[tuple[int, int]] = []
    for first_line, count in spans:
        first = first_line - 1
        last = first + count - 1 if count else first_line  # a deletion: both neighbours
        first, last = max(first, start_line + 1), min(last, len(lines) - 1)
        if first > last:
            continue
        while first > start_line + 1 and not _is_item(lines[first], dash):
            first -= 1
        end = last + 1
        while end < len(lines) and not _is_item(lines[end], dash) and not _ends(lines[end], dash):
            end += 1
        ranges.append((first, end))
    for first, end in _merged(ranges):
        # One item at a time, so that a commit adding 10,000 listings never
        # holds them all as a parsed tree; each under the file's own
        # `services:` line, to read as the document it is part of.
        starts = [i for i in range(first, end) if _is_item(lines[i], dash)] or [first]
        for start, stop in zip(starts, [*starts[1:], end], strict=True):
            yield from _items_of([lines[start_line], *lines[start:stop]]).items()


def _dash_prefix(lines: list[str], start_line: int) -> str | None:
    for index in range(start_line + 1, len(lines)):
        line = lines[index]
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        if stripped == "-" or stripped.startswith("- "):
            return line[: len(line) - len(stripped)] + "-"
        return None
    return None


def _is_item(line: str, dash: str) -> bool:
    return line.startswith(dash) and (len(line) == len(dash) or line[len(dash)] in " \r")


def _ends(line: str, dash: str) -> bool:
    """A line that ends the services list: content at or left of the dash, not an item."""
    stripped = line.lstrip(" ")
    if not stripped.strip() or stripped.startswith("#"):
        return False
    return len(line) - len(stripped) <= len(dash) - 1


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, end in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged


def _items_of(lines: list[str]) -> dict[str, dict[str, Any]]:
    """The listings in some lines of a services file (a whole file, some of its
    items, or a file of one listing), as plain data by id. Text that does not
    parse is skipped: an old commit may hold a mistake that was fixed later."""
    root, _problems = read_yaml("\n".join(lines), "history")
    nodes: list[Node] = []
    if is_one_listing(root):
        nodes = [root]  # type: ignore[list-item]
    elif isinstance(root, Map):
        listed = root.entries.get("services")
        nodes = listed.items if isinstance(listed, Seq) else []
    items: dict[str, dict[str, Any]] = {}
    if nodes:
        for node in nodes:
            listing = plain(node)
            if isinstance(listing, dict) and isinstance(listing.get("id"), str):
                items[listing["id"]] = listing
    return items


def _status(item: dict[str, Any]) -> str:
    status = item.get("status")
    return status.strip() if isinstance(status, str) and status.strip() else "active"


def _before(
    service_id: str, new: dict[str, Any], before: Mapping[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """A listing as it was before the commit, matched by id (or an old id)."""
    old = before.get(service_id)
    previous = new.get("previous_ids")
    for old_id in previous if old is None and isinstance(previous, list) else []:
        if isinstance(old_id, str) and old_id in before:
            return before[old_id]
    return old


def _change(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    status = _status(new)
    if status == "inactive":
        return None, ()
    if old is None or _status(old) == "inactive":
        return ("retired" if status == "retired" else "added"), ()
    if _status(old) != status:
        if status in ("temporarily-closed", "retired"):
            return status, ()
        return ("reopened" if _status(old) == "temporarily-closed" else "changed"), ()
    fields = tuple(
        sorted(
            key
            for key in new.keys() | old.keys()
            if key not in IGNORED_FIELDS and old.get(key) != new.get(key)
        )
    )
    return ("changed", fields) if fields else (None, ())


# --- per listing: when it last changed ---------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryLink:
    """Where the repository is browsed: mkdocs.yml `extra.history` {url, branch}."""

    url: str  # "https://github.com/OWNER/REPO"
    branch: str = "main"

    def lines_url(self, path: str, first: int, last: int) -> str:
        """The listing's lines, each with its last commit (GitHub's blame view)."""
        return f"{self.url.rstrip('/')}/blame/{quote(self.branch)}/{quote(path)}#L{first}-L{last}"


def history_link(extra: Mapping[str, Any] | None) -> HistoryLink | None:
    """`extra.history` of mkdocs.yml as a `HistoryLink`, or None when not set."""
    settings = (extra or {}).get("history")
    if not isinstance(settings, dict) or not settings.get("url"):
        return None
    return HistoryLink(str(settings["url"]), str(settings.get("branch") or "main"))


def listing_history(
    project: Path, services: Sequence[Service], *, link: HistoryLink | None
) -> dict[str, ListingHistory]:
    """When each listing last changed: the newest commit among its lines, from one
    `git blame` per services file. A listing runs from its first line to the
    line before the next listing of its file. Lines not yet committed are
    left out (the published site is always built from commits); a listing
    with no committed line, or no git, is left out of the result."""
    top = _git(project, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    root = Path(top.decode("utf-8").strip()).resolve()
    by_file: dict[str, list[Service]] = {}
    for service in services:
        by_file.setdefault(service.source.file, []).append(service)
    found: dict[str, ListingHistory] = {}
    for file, members in sorted(by_file.items()):
        path = Path(file).resolve()
        # --incremental: a line per run of lines from one commit, not per line
        # (a 10,000-listing file's porcelain blame held 250 MB to read).
        blame = _git(project, "blame", "--incremental", "--", str(path))
        if blame is None:
            continue
        times, total = _blame_times(blame.decode("utf-8", errors="replace"))
        try:
            in_repo = path.relative_to(root).as_posix()
        except ValueError:
            continue
        members.sort(key=lambda s: s.source.line)
        for index, service in enumerate(members):
            first = service.source.line
            last = members[index + 1].source.line - 1 if index + 1 < len(members) else total
            newest = max(times[first - 1 : last], default=0)
            if newest:
                found[service.id] = ListingHistory(
                    datetime.fromtimestamp(newest, tz=UTC),
                    link.lines_url(in_repo, first, last) if link else None,
                )
    return found


def _blame_times(incremental: str) -> tuple[list[int], int]:
    """The committer time of each line of a file (0: not committed yet), from
    `git blame --incremental`, and the number of lines.

    Each run of lines starts `<sha> <original line> <final line> <count>`;
    a commit's `committer-time` follows the first run it is named in."""
    commit_times: dict[str, int] = {}
    runs: list[tuple[int, int, str]] = []
    sha = ""
    for line in incremental.split("\n"):
        if line.startswith("committer-time "):
            commit_times[sha] = int(line[15:])
            continue
        parts = line.split(" ")
        if len(parts) == 4 and len(parts[0]) == 40 and parts[2].isdigit() and parts[3].isdigit():
            sha = parts[0]
            runs.append((int(parts[2]), int(parts[3]), sha))
    total = max((first + count - 1 for first, count, _ in runs), default=0)
    times = [0] * total
    for first, count, commit in runs:
        if commit.strip("0"):
            times[first - 1 : first - 1 + count] = [commit_times.get(commit, 0)] * count
    return times, total
