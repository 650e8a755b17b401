"""Small lists beside the listings, read strictly: the glossary and the duties.

`data/glossary.yaml` and `data/local-offer-duties.yaml` are short lists of
entries with an `id`, a few one-line texts and perhaps a list of ids. They
are read with the same exact YAML reader as the listings (text only, with
lines), and every problem is reported with its file and line in the words of
`generator.data.problems`, so an editor meets them exactly as they meet a
problem in `services.yaml`. Kept apart from the services' field table: these
files have their own few fields and no model of their own in `Directory`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.data import fields
from generator.data import problems as say
from generator.data.problems import Problem
from generator.data.yamlnodes import Map, Node, Scalar, Seq
from generator.data.yamlread import read_yaml

_ID = re.compile(fields.ID_PATTERN)
_HIDDEN = re.compile(f"[{fields.HIDDEN}]")


@dataclass(frozen=True, slots=True)
class Shape:
    """The fields of one kind of entry: which are required, and which are lists of text."""

    key: str  # the top-level key of the file, like "terms"
    required: tuple[str, ...]  # one-line texts that must be there ("id" is always required)
    optional: tuple[str, ...] = ()  # one-line texts that may be there
    lists: tuple[str, ...] = ()  # lists of one-line texts
    examples: tuple[tuple[str, str], ...] = ()  # (field, example) for messages

    def example(self, key: str) -> str:
        return dict(self.examples).get(key, "...")


@dataclass(frozen=True, slots=True)
class Entry:
    """One checked entry: its id, its texts and lists, and where it is."""

    id: str
    texts: dict[str, str]
    lists: dict[str, tuple[str, ...]]
    file: str
    line: int


def read_entries(path: Path, label: str, shape: Shape) -> tuple[list[Entry], list[Problem]]:
    """Every entry of the file at `path` (shown to editors as `label`), and its problems.

    A missing file is no entries and no problem: both lists are optional for a
    council that does not want them yet.
    """
    if not path.exists():
        return [], []
    root, found = read_yaml(path, label)
    if found:
        return [], found
    if root is None:
        return [], [Problem(label, None, say.empty_file(shape.key))]
    if not isinstance(root, Map) or shape.key not in root.entries:
        return [], [Problem(label, 1, say.top_missing_key(shape.key))]
    items = root.entries[shape.key]
    if not isinstance(items, Seq):
        return [], [Problem(label, items.line, say.top_not_fields(shape.key))]
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    for position, node in enumerate(items.items, 1):
        where = say.EntryRef(position, kind="Entry")
        if not isinstance(node, Map):
            found.append(Problem(label, node.line, say.entry_not_fields(node, "id: ..."), where))
            continue
        entry, problems = _entry(node, label, where, shape)
        found += problems
        if entry is None:
            continue
        if entry.id in first_line:
            message = say.term_used_twice(entry.id, first_line[entry.id])
            found.append(Problem(label, node.line, message, where, "id"))
            continue
        first_line[entry.id] = node.line
        entries.append(entry)
    return entries, found


def _entry(
    node: Map, label: str, where: say.EntryRef, shape: Shape
) -> tuple[Entry | None, list[Problem]]:
    found: list[Problem] = []
    known = ("id", *shape.required, *shape.optional, *shape.lists)
    for key in node.entries:
        if key not in known:
            line = node.key_lines.get(key, node.line)
            found.append(Problem(label, line, say.unknown_field(key, known), where, key))
    texts: dict[str, str] = {}
    for key in ("id", *shape.required, *shape.optional):
        value = node.entries.get(key)
        if value is None:
            if key != "id" and key not in shape.required:
                continue
            found.append(Problem(label, node.line, say.missing(key, shape.example(key)), where))
            continue
        text = _one_line(value, key, label, where, shape, found)
        if text is not None:
            texts[key] = text
    ident = texts.get("id")
    if ident is not None and not _ID.match(ident):
        message = say.bad_value(ident, "id", shape.example("id"))
        found.append(Problem(label, node.entries["id"].line, message, where, "id"))
    lists: dict[str, tuple[str, ...]] = {}
    for key in shape.lists:
        value = node.entries.get(key)
        if value is None:
            lists[key] = ()
        elif not isinstance(value, Seq):
            message = say.not_list(value, key, shape.example(key))
            found.append(Problem(label, value.line, message, where, key))
        else:
            items = [_one_line(item, key, label, where, shape, found) for item in value.items]
            lists[key] = tuple(item for item in items if item is not None)
    if found or ident is None:
        return None, found
    return Entry(ident, texts, lists, label, node.line), found


def _one_line(
    node: Node, key: str, label: str, where: say.EntryRef, shape: Shape, found: list[Problem]
) -> str | None:
    """A one-line text, or None with the problem added to `found`."""
    if not isinstance(node, Scalar):
        message = say.not_text(node, "line", shape.example(key))
        found.append(Problem(label, node.line, message, where, key))
        return None
    text = node.text.strip()
    if not text:
        found.append(Problem(label, node.line, say.blank(key, shape.example(key)), where, key))
        return None
    if "\n" in text:
        found.append(Problem(label, node.line, say.line_break(), where, key))
        return None
    hidden = _HIDDEN.search(text)
    if hidden is not None:
        message = say.hidden_character(hidden[0], text[: hidden.start()])
        found.append(Problem(label, node.line, message, where, key))
        return None
    return text
