"""The exact YAML reader: libyaml's events turned into `yamlnodes`, strictly.

PyYAML's usual loaders guess types (YAML 1.1 reads `17:00` as 1020 and `no`
as false) and let a key written twice silently win. We read libyaml's parse
events instead, which keep every scalar as the text the editor typed, its
line and column, its quoting, and any anchor or tag, so we can refuse what we
do not allow and name both lines of a duplicate key. It is the one reader:
`check`, the build and What's new's history all read through it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.data import problems as say
from generator.data.problems import Problem
from generator.data.yamlnodes import Map, Node, Scalar, Seq

MAX_FILE_BYTES = 50_000_000
"""Files above this are refused before parsing: a runaway paste or a wrong file
should fail fast and plainly, not hang the check. Split big lists instead."""

_Loader: type = yaml.CBaseLoader if yaml.__with_libyaml__ else yaml.BaseLoader  # events only
_ScalarEvent = yaml.ScalarEvent
_MappingStart = yaml.MappingStartEvent
_MappingEnd = yaml.MappingEndEvent
_SequenceStart = yaml.SequenceStartEvent
_SequenceEnd = yaml.SequenceEndEvent
_Alias = yaml.AliasEvent
_DocumentStart = yaml.DocumentStartEvent


def size_problem(
    size_bytes: int, file_label: str, max_bytes: int = MAX_FILE_BYTES
) -> Problem | None:
    """The size cap, for files and for text read directly."""
    if size_bytes > max_bytes:
        return Problem(file_label, None, say.too_big(size_bytes, max_bytes))
    return None


def file_problem(path: Path, file_label: str, max_bytes: int = MAX_FILE_BYTES) -> Problem | None:
    """Why a file cannot be read at all, before reading it: it cannot be
    opened, or it is over the size cap. None when it can be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return Problem(file_label, None, say.cannot_open(error))
    return size_problem(size, file_label, max_bytes)


def read_yaml(
    path_or_text: Path | str, file_label: str, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file (a Path) or text (a str) into nodes, with every problem found.

    Returns the tree (None for an empty file, or when the text could not be
    parsed at all) and the problems. A syntax error stops the parse, but what
    was found before it (duplicate keys, anchors) is still reported.
    """
    if isinstance(path_or_text, Path):
        found = file_problem(path_or_text, file_label, max_bytes)
        if found is not None:
            return None, [found]
        try:
            data = path_or_text.read_bytes()
        except OSError as error:
            return None, [Problem(file_label, None, say.cannot_open(error))]
    else:
        data = path_or_text.encode("utf-8")
        found = size_problem(len(data), file_label, max_bytes)
        if found is not None:
            return None, [found]
    return parse_bytes(data, file_label)


def parse_bytes(data: bytes, file_label: str) -> tuple[Node | None, list[Problem]]:
    """Parse UTF-8 YAML bytes into nodes (see `read_yaml`)."""
    found: list[Problem] = []
    parser = None
    try:
        parser = _Loader(data)
        root = _build(parser, file_label, found)
    except yaml.MarkedYAMLError as error:
        found.append(_syntax_problem(error, data, file_label))
        return None, found
    except yaml.reader.ReaderError as error:
        found.append(_reader_problem(error, data, file_label))
        return None, found
    finally:
        if parser is not None:
            parser.dispose()
    return root, found


def _build(parser: object, file: str, found: list[Problem]) -> Node | None:
    """Assemble nodes from events with an explicit stack (no recursion limit).

    Kept in one function with local names because it runs once per event:
    this loop is where a large file's time goes.
    """
    get_event = parser.get_event  # type: ignore[attr-defined]
    check_event = parser.check_event  # type: ignore[attr-defined]
    root: Node | None = None
    # Each frame: [container, pending key (None when a key is expected), key line]
    stack: list[list] = []  # type: ignore[type-arg]
    documents = 0
    while check_event():
        event = get_event()
        kind = type(event)
        if kind is _ScalarEvent:
            mark = event.start_mark
            if event.anchor is not None or event.tag is not None:
                _refuse(event, file, found)
            if stack:
                frame = stack[-1]
                container = frame[0]
                if type(container) is Map:
                    if frame[1] is None:
                        frame[1] = event.value
                        frame[2] = mark.line + 1
                        continue
                    _put(
                        frame,
                        Scalar(event.value, mark.line + 1, mark.column + 1, not event.style),
                        file,
                        found,
                    )
                else:
                    container.items.append(
                        Scalar(event.value, mark.line + 1, mark.column + 1, not event.style)
                    )
            elif documents == 1:
                root = Scalar(event.value, mark.line + 1, mark.column + 1, not event.style)
        elif kind is _MappingStart or kind is _SequenceStart:
            if event.anchor is not None or event.tag is not None:
                _refuse(event, file, found)
            mark = event.start_mark
            node: Node
            if kind is _MappingStart:
                node = Map({}, mark.line + 1, mark.column + 1)
            else:
                node = Seq([], mark.line + 1, mark.column + 1)
            if stack and type(stack[-1][0]) is Map and stack[-1][1] is None:
                found.append(Problem(file, mark.line + 1, say.complex_key()))
            stack.append([node, None, 0])
        elif kind is _MappingEnd or kind is _SequenceEnd:
            done = stack.pop()[0]
            if stack:
                frame = stack[-1]
                if type(frame[0]) is Map:
                    if frame[1] is None:  # a collection used as a key, already reported:
                        frame[1] = ""  # drop the value that follows it
                        frame[2] = -1
                        continue
                    _put(frame, done, file, found)
                else:
                    frame[0].items.append(done)
            elif documents == 1:  # a second document is reported, never read
                root = done
        elif kind is _Alias:
            found.append(Problem(file, event.start_mark.line + 1, say.alias(event.anchor)))
            placeholder = Scalar("", event.start_mark.line + 1, event.start_mark.column + 1)
            if stack:
                frame = stack[-1]
                if type(frame[0]) is Map:
                    if frame[1] is None:
                        frame[1] = ""
                        frame[2] = -1
                        continue
                    _put(frame, placeholder, file, found)
                else:
                    frame[0].items.append(placeholder)
            else:
                root = placeholder
        elif kind is _DocumentStart:
            documents += 1
            line = event.start_mark.line + 1
            if documents > 1:
                found.append(Problem(file, line, say.more_than_one_document()))
            if event.version is not None:
                found.append(Problem(file, line, say.directive("%YAML")))
            if event.tags:
                found.append(Problem(file, line, say.directive("%TAG")))
    return root


def _put(frame: list, value: Node, file: str, found: list[Problem]) -> None:  # type: ignore[type-arg]
    """Store a key's value in its map, keeping the first of a duplicate key."""
    mapping: Map = frame[0]
    key: str = frame[1]
    line: int = frame[2]
    frame[1] = None
    if line < 0:  # the key itself was refused
        return
    if key in mapping.entries:
        first = mapping.key_lines[key]
        found.append(Problem(file, line, say.duplicate_key(key, first, line)))
        return
    mapping.entries[key] = value
    mapping.key_lines[key] = line


def _refuse(event: yaml.Event, file: str, found: list[Problem]) -> None:
    line = event.start_mark.line + 1 if event.start_mark is not None else None
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        found.append(Problem(file, line, say.anchor(anchor)))
    tag = getattr(event, "tag", None)
    if tag is not None:
        shown = (
            "!!" + tag.removeprefix("tag:yaml.org,2002:")
            if tag.startswith("tag:yaml.org,2002:")
            else tag
        )
        found.append(Problem(file, line, say.tag(shown)))


def _syntax_problem(error: yaml.MarkedYAMLError, data: bytes, file: str) -> Problem:
    """libyaml's message, turned into a hint an editor can act on, at the right place."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark
    hint = say.SYNTAX_OTHER
    if "cannot start any token" in problem:
        char = _char_at(data, mark)
        if char == "\t":
            hint = say.SYNTAX_TAB
        elif char:
            hint = say.SYNTAX_START.format(char=char)
    elif "mapping values are not allowed" in problem:
        hint = say.SYNTAX_COLON
    elif "quoted scalar" in context and "end of stream" in problem:
        hint = say.SYNTAX_QUOTE
        mark = error.context_mark or mark
    elif "escape" in problem:
        hint = say.SYNTAX_ESCAPE
    elif "flow" in context:
        hint = say.SYNTAX_FLOW
        mark = error.context_mark or mark
    elif "simple key" in context:
        hint = say.SYNTAX_NO_COLON
        mark = error.context_mark or mark
    elif "'-' indicator" in problem:
        hint = say.SYNTAX_LIST_ITEM
    elif "expected key" in problem or "block end" in problem:
        hint = say.SYNTAX_INDENT
    elif "tab" in problem:
        hint = say.SYNTAX_TAB
    if mark is None:
        return Problem(file, None, hint)
    return Problem(file, mark.line + 1, hint, column=mark.column + 1)


def _char_at(data: bytes, mark: yaml.Mark | None) -> str:
    """The character at a mark (libyaml counts lines and characters, not bytes)."""
    if mark is None:
        return ""
    lines = data.split(b"\n", mark.line + 1)
    if mark.line >= len(lines):
        return ""
    text = lines[mark.line].decode("utf-8", "replace")
    return text[mark.column] if mark.column < len(text) else ""


def _reader_problem(error: yaml.reader.ReaderError, data: bytes, file: str) -> Problem:
    """Bytes that are not UTF-8, or control characters YAML forbids, at their line and column."""
    offset = max(0, min(error.position, len(data)))
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    if (
        isinstance(error.character, int)
        and "UTF-8" not in error.reason
        and "utf-8" not in error.reason
    ):
        message = say.control_character_in_file(chr(error.character))
    else:
        message = say.not_utf8()
    return Problem(file, line, message, column=column)
