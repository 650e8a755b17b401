"""A list of services split into one file per listing, line for line.

The browser editor keeps each listing in its own file,
`data/services/<id>.yaml`; councils start from list files (`services:` and
items under it). Splitting cuts the file's own lines, so comments, quoting
and block text stay exactly as the editor wrote them, and every new file is
read back and compared with the listing it came from before anything is
written: a split either happens whole or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.data import problems as say
from generator.data import yamlread
from generator.data.loader import SERVICES_FOLDER, check, is_one_listing, shown_path
from generator.data.problems import DataError, Problem
from generator.data.yamlnodes import Map, Node, Scalar, Seq, plain

_SERVICES_KEY = re.compile(r"services\s*:\s*(#.*)?$")


@dataclass(frozen=True, slots=True)
class Split:
    """What a split wrote: the new files, and whether the list file was removed
    (it is, once every listing has left it)."""

    written: list[Path]
    removed: bool


def target_folder(list_file: Path) -> Path:
    """Where one-listing files go: services/ beside data/services.yaml, or the
    services/ folder a list file is already in."""
    if list_file.parent.name == SERVICES_FOLDER:
        return list_file.parent
    return list_file.parent / SERVICES_FOLDER


def split_file(list_file: Path, *, today: date, folder: Path | None = None) -> Split:
    """Write each listing of `list_file` to `<folder>/<id>.yaml` and remove the file.

    The file must pass `check` first (so every id is valid and unique).
    Raises `DataError` and writes nothing when it cannot be split exactly.
    """
    check(list_file, today=today)
    label = shown_path(list_file)
    text = list_file.read_text(encoding="utf-8-sig")
    root, _ = yamlread.read_yaml(text, label)
    if is_one_listing(root):
        raise DataError([Problem(label, None, say.split_not_a_list())])
    assert isinstance(root, Map)
    listed = root.entries.get("services")
    if not isinstance(listed, Seq) or not listed.items:
        return Split([], False)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if _SERVICES_KEY.match(line))
    items = listed.items
    if items[0].line - 1 <= start:
        raise DataError([Problem(label, listed.line, say.split_flow_list())])
    out = folder or target_folder(list_file)
    pieces: list[tuple[Path, str]] = []
    found: list[Problem] = []
    bounds = [_dash_line(lines, item) for item in items] + [len(lines)]
    carried: list[str] = lines[start + 1 : bounds[0]]  # comments above the first item
    for index, item in enumerate(items):
        segment = lines[bounds[index] : bounds[index + 1]]
        while segment and not segment[-1].strip():
            segment.pop()
        trailing: list[str] = []
        while segment and segment[-1].lstrip().startswith("#") and index + 1 < len(items):
            trailing.insert(0, segment.pop())  # a comment above the next listing is its own
        body = _dedented(carried, segment)
        carried = trailing
        ident = _text(item, "id")
        target = out / f"{ident}.yaml"
        shown = shown_path(target)
        if target.exists() or any(path == target for path, _ in pieces):
            found.append(Problem(shown, None, say.split_target_exists(shown)))
            continue
        again, _problems = yamlread.read_yaml(body, shown)
        if not is_one_listing(again) or plain(again) != plain(item):
            found.append(Problem(label, item.line, say.split_changed(ident)))
            continue
        pieces.append((target, body))
    if found:
        raise DataError(found)
    out.mkdir(parents=True, exist_ok=True)
    for target, body in pieces:
        target.write_text(body, encoding="utf-8")
    list_file.unlink()
    return Split([target for target, _ in pieces], True)


def _dash_line(lines: list[str], item: Node) -> int:
    """The index of the line holding an item's dash (`- id: ...`, or `-` alone above it)."""
    index = item.line - 1
    while index > 0 and not lines[index].lstrip().startswith("-"):
        index -= 1
    return index


def _dedented(comments: list[str], segment: list[str]) -> str:
    """An item's lines as a file of their own: the dash and its indent taken off.
    `comments` are the lines above the item's dash that belong to it."""
    dash_line = segment[0]
    stripped = dash_line.lstrip(" ")
    after_dash = stripped[1:]
    width = len(dash_line) - len(stripped) + 1 + (len(after_dash) - len(after_dash.lstrip(" ")))
    out = [line.lstrip(" ") for line in comments]
    if dash_line[width:].strip():
        out.append(dash_line[width:])
    for line in segment[1:]:
        # A comment further left than the listing keeps its words, not its indent.
        out.append(line.lstrip(" ") if line[:width].strip() else line[width:])
    return "\n".join(out).strip("\n") + "\n"


def _text(node: Node, key: str) -> str:
    value = node.entries.get(key) if isinstance(node, Map) else None
    return value.text.strip() if isinstance(value, Scalar) else ""
