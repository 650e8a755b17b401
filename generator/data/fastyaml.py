"""The fast YAML reader: the exact reader's node tree, for clean files, in a fraction of the time.

Reading 10,000 listings (25 MB) takes PyYAML's CSafeLoader 11 to 17 seconds
of CPU, and even the exact reader (`generator.data.yamlread`, a tight loop over
libyaml's events) about 4: every event becomes a Python object with two
marks. This module reads the block-style YAML editors actually write (maps,
lists, plain and quoted scalars, `|` and `>` blocks, one-line flow `[..]` and
`{..}`, comments) with a line-based parser built from string methods and a few
regular expressions, in about half the exact reader's time and an eighth of
CSafeLoader's, and returns exactly the tree `yamlread` would: same text, same
1-based lines and columns, same `plain` flags, same `key_lines`.

It never decides that data is wrong. Whenever a file holds anything it cannot
reproduce with certainty (an anchor, alias, tag, directive, duplicate key, a
syntax error, a tab outside a list item, a second document) `read_fast`
returns None and the caller reads the file with the exact reader, which words
the problems. Between the two sits a middle path: a list item the line parser
does not handle (a multi-line flow list, a tab) is re-read alone by libyaml,
so one unusual listing costs a millisecond, not the whole file's fast path.

With a core to spare, large inputs are parsed on both: the main process parses
the first part of the big top-level list while one worker process parses the
rest (or a share of the files, in `read_many`). The worker builds its nodes as
`(class, arguments)` tuples, which pickle in C and unpickle by calling the
node classes directly. The garbage collector is paused while trees are built:
with a million fresh objects it would otherwise rescan them repeatedly.

Shipping a tree back still costs: at 10,000 listings the worker pickles
about 20 MB and the main process spends 0.3 s unpickling it. A caller that
needs a result per list entry rather than the nodes (the `check` command)
passes a `Split`: the worker then runs the caller's function on its share
and sends back only the result, and the list holds `Done` entries instead.

Entry points: `read_fast` (bytes or text to a tree or None), `read_yaml` (the
exact reader's signature, falling back to it), `read_many` (many files, both
cores, optional cache), `default_cache_dir`, and for callers sharing their
own work: `Split`, `Done` and `spare_core` (the second process is a
`generator.sidework.Worker`).
"""

from __future__ import annotations

import bisect
import copyreg
import hashlib
import io
import itertools
import os
import pickle
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from generator.data import yamlread
from generator.data.problems import Problem
from generator.data.yamlnodes import Map, Node, Scalar, Seq, gc_paused
from generator.sidework import Worker, WorkerFailed

__all__ = [
    "read_fast",
    "read_yaml",
    "read_many",
    "default_cache_dir",
    "spare_core",
    "Split",
    "Done",
    "PARALLEL_MIN_BYTES",
    "SPLIT_MIN_BYTES",
]

# Below this many bytes in total, a worker process costs more than it saves
# (starting it and shipping the tree back take about 0.1 s).
PARALLEL_MIN_BYTES = 3_000_000

# The same for a worker that sends back only a small result (see `Split`).
SPLIT_MIN_BYTES = 1_000_000

# The share of a big list (or of many files) the main process parses itself when
# the worker ships its tree back: pickling the tree makes the worker's share
# cost more than the main process's unpickling of it. Measured at 10,000
# listings on an idle machine: 0.44 left the main process waiting 0.9 s.
_MAIN_SHARE = 0.64

# With a `Split`, only small results come back, so the work is shared evenly.
_SPLIT_SHARE = 0.5

# Bump when the parser's output could change, so old cache entries are ignored.
_CACHE_VERSION = b"fastyaml-1"

# libyaml refuses simple keys longer than this; leave such files to it.
_MAX_KEY = 1000


class _Unsupported(Exception):
    """The line parser cannot vouch for this construct; libyaml may still read it."""


class _Refuse(Exception):
    """The exact reader must see this file (a problem to report, or a parse we cannot match)."""


def _unsupported() -> NoReturn:
    raise _Unsupported


# --- Character classes ------------------------------------------------------

# Characters libyaml rejects, or treats as line breaks (NEL, LS, PS), or a BOM
# past the start: any of them sends the file to the exact reader.
_AWKWARD = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# The same for UTF-8 bytes: every byte but the ASCII controls other than tab,
# line feed and carriage return (all non-ASCII bytes pass: see _AWKWARD_UTF8).
_ALLOWED_BYTES = bytes(b for b in range(256) if b in (9, 10, 13) or 0x20 <= b <= 0x7E or b >= 0x80)
# In UTF-8: C1 controls (NEL among them); LS and PS; a BOM, U+FFFE and U+FFFF.
# One pattern per lead byte, so each search runs at memchr speed between hits.
_AWKWARD_UTF8 = (
    re.compile(rb"\xc2[\x80-\x9f]"),
    re.compile(rb"\xe2\x80[\xa8\xa9]"),
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),
)

# A block-mapping key at a given column (a plain scalar without `:` or `#`, not
# starting with an indicator), then `:` and spaces or the end of the line, then
# (group 3) the rest of the line.
_KEY = re.compile(r"([^ \t\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#\t]*[^ \t:#])?)(:(?: +|$))(.*)")

# Inline values whose first character needs more than the plain-scalar path.
_SPECIAL = frozenset("\"'[{|>&*!%@`,]}?:#")
# The same, plus what the map's fastest path leaves to the careful one.
_SLOW_FIRST = _SPECIAL | frozenset(" -")

# Folding a `>` block without more-indented lines: a lone break between two
# lines becomes a space; a run of breaks loses one.
_FOLD_SINGLE = re.compile(r"(?<=[^\n])\n(?=[^\n])")
_FOLD_RUN = re.compile(r"\n(\n+)")

# Block scalar header after `|` or `>`: optional chomping, optional comment.
_BLOCK_HEADER = re.compile(r"[|>]([+-]?)(?: +(?:#.*)?)?$")

_DQ = re.compile(r'"((?:[^"\\]++|\\.)*+)"')
_SQ = re.compile(r"'((?:[^']++|'')*+)'")
_DQ_ML = re.compile(r'"((?:[^"\\]++|\\.)*+)"', re.S)
_SQ_ML = re.compile(r"'((?:[^']++|'')*+)'", re.S)

# A plain scalar inside `[..]` or `{..}`, kept to what libyaml and we agree on:
# no `?` first, no `:` before a space, `?` or flow indicator, no `#` after a space.
_FLOW_PLAIN = re.compile(
    r"(?:[^ \t,\[\]{}#&*!|>'\"%@`?:\-]|-(?=[^ \t,\[\]{}:#?]))"
    r"(?:[^ \t,\[\]{}:#]++|:(?=[^ \t,\[\]{}?])|#|[ ]++(?=[^ \t,\[\]{}:#]))*+"
)
# Flow collections as editors mostly write them, `[a, b c]` and
# `{k: v, k: "v", k: [a, b]}`, with exactly ", " between entries and ": " after
# keys, go by one regex pass each; their columns come by arithmetic. Anything
# else takes the general flow parser. _WORDS is a plain scalar of words with
# single spaces between and no `:`, `#` or quotes; _VALUE also allows `:`
# before a word character (as in URLs). (Character classes avoid `\s`: with
# only literals `re` checks them against a bitmap, several times faster.)
_WORD_CHAR = r"[^ \t,\[\]{}#:\"']"
_FIRST_CHAR = r"[^ \t,\[\]{}#&*!|>'\"%@`?:\-]"
_WORDS = _FIRST_CHAR + r"(?:" + _WORD_CHAR + r"++| (?=" + _WORD_CHAR + r"))*+"
_COLON_IN_VALUE = r":(?=[^ \t,\[\]{}#?:\"'])"  # libyaml refuses `:?` in flow
_VALUE = (
    _FIRST_CHAR + r"(?:" + _WORD_CHAR + r"++|" + _COLON_IN_VALUE + r"| (?=" + _WORD_CHAR + r"))*+"
)
_VALUES = r"(?:" + _VALUE + r"(?:, " + _VALUE + r")*+)?"
_FLOW_SEQ_CANON = re.compile(r"\[(" + _VALUES + r")\]")
# Every pair of the map, the last with its `}` and the rest of the line; any
# other character becomes a `junk` match, which sends the map the long way.
_FLOW_MAP_PAIRS = re.compile(
    r"(" + _WORDS + r"): (?:(" + _VALUE + r")|\"([^\"\\]*+)\"|(\[)(" + _VALUES + r")\])"
    r"(?:, |(\})(.*))|(.)"
)
_SPACES = re.compile(r" *")
_AFTER_NODE = re.compile(r" *(?:#.*)?$")

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "'": "'",
    "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_LEN = {"x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")


def _unescape(raw: str, start: int = 0) -> tuple[str, int]:
    """Decode one double-quoted escape at raw[start] == '\\'; return it and the next index."""
    code = raw[start + 1] if start + 1 < len(raw) else ""
    if code in _ESCAPES:
        return _ESCAPES[code], start + 2
    width = _HEX_LEN.get(code)
    if width is None:
        _unsupported()
    digits = raw[start + 2 : start + 2 + width]
    if len(digits) != width or not _HEX.issuperset(digits):
        _unsupported()
    value = int(digits, 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        _unsupported()
    return chr(value), start + 2 + width


def _unescape_line(raw: str) -> str:
    """Decode the escapes of a one-line double-quoted scalar."""
    out: list[str] = []
    i = 0
    while True:
        k = raw.find("\\", i)
        if k < 0:
            out.append(raw[i:])
            return "".join(out)
        out.append(raw[i:k])
        ch, i = _unescape(raw, k)
        out.append(ch)


def _fold_quoted(raw: str, double: bool) -> str:
    """Fold a multi-line quoted scalar exactly as libyaml's scan_flow_scalar does.

    `raw` is the text between the quotes. Breaks fold to a space, blank lines to
    newlines, whitespace around breaks goes, and a backslash before a break (in
    double quotes) joins the lines with nothing between them.
    """
    out: list[str] = []
    whitespaces: list[str] = []
    i = 0
    n = len(raw)
    while True:
        leading_blanks = False
        while i < n and raw[i] not in " \t\n":
            ch = raw[i]
            if not double and ch == "'":  # the pattern let only doubled quotes through
                out.append("'")
                i += 2
            elif double and ch == "\\":
                if i + 1 < n and raw[i + 1] == "\n":
                    i += 2
                    leading_blanks = True
                    break
                text, i = _unescape(raw, i)
                out.append(text)
            else:
                out.append(ch)
                i += 1
        if i >= n:
            break
        leading_break = ""
        trailing_breaks = ""
        while i < n and raw[i] in " \t\n":
            ch = raw[i]
            i += 1
            if ch != "\n":
                if not leading_blanks:
                    whitespaces.append(ch)
                continue
            if raw.startswith(("---", "..."), i) and (i + 3 == n or raw[i + 3] in " \t\n"):
                _unsupported()  # a document marker inside quotes: libyaml stops with an error
            if leading_blanks:
                trailing_breaks += "\n"
            else:
                whitespaces.clear()
                leading_break = "\n"
                leading_blanks = True
        if leading_blanks:
            out.append((trailing_breaks or " ") if leading_break else trailing_breaks)
        else:
            out.extend(whitespaces)
            whitespaces.clear()
    return "".join(out)


# --- The line parser ----------------------------------------------------------

_Result = tuple[Any, int, int]  # the node, the next content line's index and its indent


class _Wire(tuple):  # type: ignore[type-arg]
    """A node as `(class, constructor arguments)`, built by a worker process.

    Pickling one is a C-level copy of the tuple (see `_dumps`), and unpickling
    calls the node class directly, so shipping a tree between processes costs
    no Python code per node on the sending side.
    """

    __slots__ = ()


def _wire_scalar(text: str, line: int, column: int, plain: bool = True) -> _Wire:
    return _Wire((Scalar, (text, line, column, plain)))


def _wire_seq(items: list[Any], line: int, column: int) -> _Wire:
    return _Wire((Seq, (items, line, column)))


def _wire_map(entries: dict[str, Any], line: int, column: int, key_lines: dict[str, int]) -> _Wire:
    return _Wire((Map, (entries, line, column, key_lines)))


class _Lines:
    """A block-style YAML parser over a list of lines.

    Every method parses one node that starts at (line index, column) and returns
    it with the index and indentation of the next content line (blank and
    comment lines skipped; indentation -1 at the end), so each line's
    indentation is measured once. Line numbers are `base + index`.

    A list item the parser cannot vouch for is re-read alone by libyaml
    (`item_by_libyaml`); anything else unusual raises `_Unsupported` or
    `_Refuse` up to `read_fast`, which then returns None.

    `barrier`, when set, is a line index where a worker process started parsing
    the rest of a list at indentation `barrier_indent`; a list here that
    reaches exactly that line (and, when `barrier_first` is set, started on
    that line) calls `tail` with its entries so far, and takes the entries it
    returns instead of parsing on (None: parse on).

    With `wire=True` (in a worker) nodes are built as `_Wire` tuples.
    """

    def __init__(self, text: str, base: int = 1, *, wire: bool = False) -> None:
        lines = text.split("\n")
        self.final_break = lines[-1] == ""
        if self.final_break:
            lines.pop()
        self.lines = lines
        self.n = len(lines)
        self.base = base
        self.tab_lines: list[int] = []
        if "\t" in text:
            self.tab_lines = [i for i, line in enumerate(lines) if "\t" in line]
        self.by_libyaml: list[tuple[int, int]] = []  # line ranges libyaml re-read
        self.barrier = -1
        self.barrier_indent = -1
        self.barrier_first = -1
        self.tail: Callable[[list[Any]], tuple[list[Any], int, int] | None] | None = None
        self.S: Callable[..., Any] = _wire_scalar if wire else Scalar
        self.Q: Callable[..., Any] = _wire_seq if wire else Seq
        self.M: Callable[..., Any] = _wire_map if wire else Map

    # -- helpers

    def next_content(self, j: int) -> tuple[int, int]:
        """The first line at or after j that is neither blank nor a comment, and its indent."""
        lines = self.lines
        n = self.n
        while j < n:
            line = lines[j]
            rest = line.lstrip(" ")
            if rest and rest[0] != "#":
                return j, len(line) - len(rest)
            j += 1
        return n, -1

    def after_value(self, j: int, m: int) -> tuple[int, int, bool]:
        """After a value that ended before line j: the next line that is not
        blank, its indent (-1 at the end) and whether it is deeper than column
        m and not a comment, so that it may continue a plain scalar. After a
        comment, the next content line (a comment ends any scalar)."""
        lines = self.lines
        n = self.n
        while j < n:
            line = lines[j]
            rest = line.lstrip(" ")
            if rest:
                if rest[0] == "#":
                    return (*self.next_content(j + 1), False)
                ind = len(line) - len(rest)
                return j, ind, ind > m
            j += 1
        return n, -1, False

    def after_inline(self, i: int, q: int) -> tuple[int, int]:
        """Check nothing but a comment follows column q on line i; return the next content line."""
        line = self.lines[i]
        if q < len(line) and not _AFTER_NODE.match(line, q):
            _unsupported()
        return self.next_content(i + 1)

    def tabs_outside_libyaml(self, stop: int) -> bool:
        """Whether a line before `stop` holds a tab libyaml did not read (tabs are its call)."""
        ranges = sorted(self.by_libyaml)
        starts = [a for a, _ in ranges]
        reach = list(itertools.accumulate((b for _, b in ranges), max))  # furthest end so far
        for t in self.tab_lines:
            if t >= stop:
                break
            at = bisect.bisect_right(starts, t) - 1
            if at < 0 or reach[at] <= t:
                return True
        return False

    # -- document

    def document(self) -> Any:
        lines = self.lines
        i, ind = self.next_content(0)
        if i < self.n and lines[i].startswith("%"):
            raise _Refuse  # a directive: the exact reader refuses it with its own words
        if i < self.n and lines[i].rstrip(" ") == "---":
            i, ind = self.next_content(i + 1)
        if i >= self.n or ind != 0:
            _unsupported()  # empty, or an indented root: leave to the exact reader
        node, i, ind = self.node(i, 0, -1)
        if i < self.n:
            _unsupported()  # something after the root: a second document, or a syntax error
        if self.tab_lines and self.tabs_outside_libyaml(self.n):
            _unsupported()
        return node

    # -- block nodes

    def node(self, i: int, c: int, parent: int) -> _Result:
        """The node whose first character is at line i, column c, inside a block at `parent`."""
        line = self.lines[i]
        ch = line[c]
        if ch == "-" and (c + 1 == len(line) or line[c + 1] == " "):
            return self.seq(i, c)
        if ch not in _SPECIAL:
            k = line.find(":", c)
            if k > c and (k + 1 == len(line) or line[k + 1] == " ") and line[c:k].isidentifier():
                return self.map(i, c)
            if _KEY.match(line, c):
                return self.map(i, c)
        return self.scalar(i, c, parent)

    def seq(self, i: int, s: int) -> _Result:
        """A block sequence whose `-` entries sit at column s, starting on line i."""
        items, j, ind = self.seq_items(i, s)
        return self.Q(items, self.base + i, s + 1), j, ind

    def seq_items(self, i: int, s: int) -> tuple[list[Any], int, int]:
        lines = self.lines
        items: list[Any] = []
        first = i
        while True:
            if (
                i == self.barrier
                and s == self.barrier_indent
                and self.tail is not None
                and self.barrier_first in (-1, first)
            ):
                self.barrier = -1
                tail = self.tail(items)
                if tail is not None:
                    # The worker parsed exactly what this loop would have from here on,
                    # tabs included (it vouches for them), and stopped where it would.
                    items, stop, ind = tail
                    self.by_libyaml.append((i, stop))
                    return items, stop, ind
            try:
                item, j, ind = self.item(i, s)
            except _Unsupported:
                item, j, ind = self.item_by_libyaml(i, s)
            else:
                tabs = self.tab_lines
                if tabs and (at := bisect.bisect_left(tabs, i)) < len(tabs) and tabs[at] < j:
                    item, j, ind = self.item_by_libyaml(i, s)
            if i < self.barrier < j:
                self.barrier = -1  # the worker started inside this item: its work is void
            items.append(item)
            i = j
            if ind != s:
                if ind > s:
                    _unsupported()
                return items, i, ind
            line = lines[i]
            if line[s] != "-" or (len(line) > s + 1 and line[s + 1] != " "):
                return items, i, ind  # a key after an indentless list, or an error found above

    def item(self, i: int, s: int) -> _Result:
        """One `- ` entry of a block sequence at column s."""
        line = self.lines[i]
        k = s + 1
        length = len(line)
        while k < length and line[k] == " ":
            k += 1
        if k < length and line[k] != "#":
            return self.node(i, k, s)
        j, ind = self.next_content(i + 1)
        if ind > s:
            return self.node(j, ind, s)
        return self.S("", self.base + i, s + 2), j, ind

    def map(self, i: int, m: int) -> _Result:
        """A block mapping whose keys sit at column m, starting on line i (the hot path).

        The commonest line of all, `key: plain value` with the next key on the
        line below, takes a short path of string methods; every other line the
        careful one. Duplicate keys are caught by counting, at the end.
        """
        lines = self.lines
        n = self.n
        base = self.base
        slow_first = _SLOW_FIRST
        after_node = _AFTER_NODE.match
        make_scalar = self.S
        pad = " " * m
        entries: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        first = i
        count = 0
        while True:
            line = lines[i]
            ln = base + i
            count += 1
            head, sep, v = line.partition(": ")
            key = head[m:]
            fast = 0
            if sep and v and key.isidentifier():
                c0 = v[0]
                if c0 not in slow_first and ": " not in v and " #" not in v and v[-1] not in ": ":
                    entries[key] = make_scalar(v, ln, len(head) + 3)
                    fast = 1
                elif c0 == '"':
                    # `key: "text"` with no escapes or other quotes (times, phone numbers).
                    if v[-1] == '"' and v.count('"') == 2 and "\\" not in v:
                        entries[key] = make_scalar(v[1:-1], ln, len(head) + 3, False)
                        fast = 2
                elif c0 == "[" or c0 == "{":
                    node, q = self.flow(line, len(head) + 2, ln)
                    if q < len(line) and not after_node(line, q):
                        _unsupported()
                    entries[key] = node
                    fast = 2
            if fast:
                key_lines[key] = ln
                i += 1
                if i < n:
                    nxt = lines[i]
                    if nxt.startswith(pad) and nxt[m : m + 1] not in " #":
                        continue  # the next key, at the same column
                # Blank or comment lines, the end of the map, or a continuation line.
                i, ind, deeper = self.after_value(i, m)
                if deeper and fast == 1:  # the rare multi-line plain scalar
                    node, i, ind = self.plain_lines(ln - base, len(head) + 2, v, m)
                    entries[key] = node
            else:
                key, node, i, ind = self.entry(i, m)
                entries[key] = node
                key_lines[key] = ln
            if ind != m:
                if ind > m:
                    _unsupported()
                if len(entries) != count:
                    raise _Refuse  # a duplicate key: the exact reader names both lines
                return self.M(entries, base + first, m + 1, key_lines), i, ind

    def entry(self, i: int, m: int) -> tuple[str, Any, int, int]:
        """One map entry on line i, key at column m, the careful way: key, value, next line."""
        lines = self.lines
        line = lines[i]
        ln = self.base + i
        length = len(line)
        k = line.find(":", m)
        key = line[m:k]
        if k > m and key.isidentifier() and (k + 1 == length or line[k + 1] == " "):
            v = line[k + 2 :].lstrip(" ")
        else:
            mt = _KEY.match(line, m)
            if mt is None or mt.end(1) - m > _MAX_KEY:
                _unsupported()
            if m == 0 and line.startswith(("---", "...")):
                _unsupported()
            key = mt[1]
            k = mt.end(1)
            v = mt[3]
        if not v or v[0] == "#":
            j, ind = self.next_content(i + 1)
            if ind > m:
                return (key, *self.node(j, ind, m))
            if (
                ind == m
                and lines[j][m] == "-"
                and (len(lines[j]) == m + 1 or lines[j][m + 1] == " ")
            ):
                return (key, *self.seq(j, m))  # an indentless list under the key
            return key, self.S("", ln, k + 2), j, ind
        p = length - len(v)
        c0 = v[0]
        plain = False
        if c0 == "[" or c0 == "{":
            node, q = self.flow(line, p, ln)
            if q < length and not _AFTER_NODE.match(line, q):
                _unsupported()
        elif (
            c0 in _SPECIAL
            or (c0 == "-" and (len(v) == 1 or v[1] == " "))
            or ": " in v
            or " #" in v
            or v[-1] == ":"
        ):
            return (key, *self.scalar(i, p, m))
        else:
            v = v.rstrip(" ")
            node = self.S(v, ln, p + 1)
            plain = True
        # The next content line; for a plain scalar, a deeper line continues it.
        j, ind, deeper = self.after_value(i + 1, m)
        if deeper and plain:  # the rare multi-line plain scalar
            return (key, *self.plain_lines(i, p, v, m))
        return key, node, j, ind

    # -- scalars

    def scalar(self, i: int, c: int, parent: int) -> _Result:
        """A scalar or flow collection starting at line i, column c, in a block at `parent`."""
        line = self.lines[i]
        ch = line[c]
        ln = self.base + i
        if ch == '"' or ch == "'":
            mt = (_DQ if ch == '"' else _SQ).match(line, c)
            if mt is None:
                return self.quoted_lines(i, c)
            raw = mt[1]
            if ch == "'":
                text = raw.replace("''", "'")
            else:
                text = _unescape_line(raw) if "\\" in raw else raw
            j, ind = self.after_inline(i, mt.end())
            return self.S(text, ln, c + 1, False), j, ind
        if ch == "[" or ch == "{":
            flow, q = self.flow(line, c, ln)
            j, ind = self.after_inline(i, q)
            return flow, j, ind
        if ch == "|" or ch == ">":
            return self.block_scalar(i, c, parent)
        if ch in "&*!":
            raise _Refuse  # anchor, alias or tag: refused with the exact reader's wording
        if ch in _SPECIAL or (ch == "-" and (c + 1 == len(line) or line[c + 1] == " ")):
            _unsupported()
        # A plain scalar that is not a map value on its key's line.
        v = line[c:]
        k = v.find(" #")
        if k >= 0:
            v = v[:k]
        v = v.rstrip(" ")
        if ": " in v or v[-1] == ":" or parent < 0:
            _unsupported()
        j = i + 1
        lines = self.lines
        while j < self.n:
            rest = lines[j].lstrip(" ")
            if rest:
                if rest[0] != "#" and len(lines[j]) - len(rest) > parent:
                    if k >= 0:
                        _unsupported()
                    return self.plain_lines(i, c, v, parent)
                break
            j += 1
        j, ind = self.next_content(i + 1)
        return self.S(v, ln, c + 1), j, ind

    def plain_lines(self, i: int, c: int, first: str, parent: int) -> _Result:
        """A plain scalar continued on lines indented past `parent`: folded as libyaml does."""
        lines = self.lines
        n = self.n
        parts = [first]
        j = i + 1
        while True:
            blanks = 0
            while j < n and not lines[j].strip(" "):
                blanks += 1
                j += 1
            if j >= n:
                break
            line = lines[j]
            rest = line.lstrip(" ")
            if rest[0] == "#" or len(line) - len(rest) <= parent:
                break
            if rest[0] in "&*!|>'\"%@`[]{},?:-#":
                _unsupported()  # legal, but not worth the risk of a mismatch
            k = rest.find(" #")
            text = (rest[:k] if k >= 0 else rest).rstrip(" ")
            if ": " in text or text.endswith(":"):
                _unsupported()
            parts.append("\n" * blanks if blanks else " ")
            parts.append(text)
            j += 1
            if k >= 0:
                break  # a comment ends a plain scalar
        j, ind = self.next_content(j)
        return self.S("".join(parts), self.base + i, c + 1), j, ind

    def quoted_lines(self, i: int, c: int) -> _Result:
        """A quoted scalar running over several lines (at most 200)."""
        lines = self.lines
        ch = lines[i][c]
        pattern = _DQ_ML if ch == '"' else _SQ_ML
        for last in range(i + 1, min(i + 200, self.n)):
            chunk = "\n".join(lines[i : last + 1])
            mt = pattern.match(chunk, c)
            if mt is not None:
                text = _fold_quoted(mt[1], ch == '"')
                end_col = mt.end() - (len(chunk) - len(lines[last]))
                j, ind = self.after_inline(last, end_col)
                return self.S(text, self.base + i, c + 1, False), j, ind
        _unsupported()

    def block_scalar(self, i: int, c: int, parent: int) -> _Result:
        """A `|` or `>` block scalar, ported from libyaml's scan_block_scalar."""
        lines = self.lines
        n = self.n
        header = lines[i]
        mt = _BLOCK_HEADER.match(header, c)
        if mt is None:
            _unsupported()  # an indentation indicator or junk after the indicator
        literal = header[c] == "|"
        chomp = mt[1]
        if i + 1 >= n and not self.final_break:
            _unsupported()
        final_break = self.final_break
        fast = self.block_region(i + 1, parent)
        if fast is not None:
            # The usual shape: the first line sets the indentation and nothing
            # is indented further (for `>`), so whole regions fold in C.
            text, last, k = fast
            if not literal:
                if text[0] in " \t" or "\n " in text or "\n\t" in text:
                    fast = None  # more-indented lines fold differently: take the long way
                else:
                    text = _FOLD_RUN.sub(r"\1", _FOLD_SINGLE.sub(" ", text))
            if fast is not None:
                if chomp != "-" and (last < n - 1 or final_break):
                    text += "\n"
                    if chomp == "+":  # keep the blank lines after, bar a last one unbroken
                        unbroken = k == n and not final_break and k > last + 1
                        text += "\n" * (k - last - 1 - unbroken)
                j, ind = self.next_content(k)
                return self.S(text, self.base + i, c + 1, False), j, ind

        def breaks(j: int, indent: int) -> tuple[int, int, int, int]:
            """Skip empty lines; return (line, spaces before its content, breaks, indent)."""
            count = 0
            max_indent = 0
            k = 0
            while j < n:
                line = lines[j]
                length = len(line)
                k = length - len(line.lstrip(" "))  # libyaml takes spaces up to the indent
                if indent and k > indent:
                    k = indent
                if k > max_indent:
                    max_indent = k
                if k < length:
                    if (not indent or k < indent) and line[k] == "\t":
                        _unsupported()
                    break
                if j == n - 1 and not final_break:
                    j = n  # the last line, with no break after it: spaces then the end
                    break
                count += 1
                j += 1
            if not indent:
                indent = max(max_indent, parent + 1, 1)
            return j, (k if j < n else -1), count, indent

        j, col, trailing, indent = breaks(i + 1, 0)
        out: list[str] = []
        leading_break = ""
        leading_blank = False
        pad = " " * indent
        while j < n and col == indent:
            line = lines[j]
            content = line[indent:]
            trailing_blank = content[:1] in (" ", "\t")
            if not literal and leading_break and not leading_blank and not trailing_blank:
                if not trailing:
                    out.append(" ")
            else:
                out.append(leading_break)
            if trailing:
                out.append("\n" * trailing)
            leading_blank = trailing_blank
            out.append(content)
            if j == n - 1 and not final_break:
                j = n
                leading_break = ""
                trailing = 0
                break
            leading_break = "\n"
            j += 1
            # The usual next line: indented exactly `indent` with text after it.
            if j < n:
                nxt = lines[j]
                if len(nxt) > indent and nxt.startswith(pad):
                    trailing = 0
                    continue
            j, col, trailing, _ = breaks(j, indent)
        if chomp != "-":
            out.append(leading_break)
        if chomp == "+":
            out.append("\n" * trailing)
        j, ind = self.next_content(j)
        return self.S("".join(out), self.base + i, c + 1, False), j, ind

    def block_region(self, j: int, parent: int) -> tuple[str, int, int] | None:
        """A block scalar's lines from j, when the first is text indented past `parent`.

        Returns the lines joined without their indentation (up to the last
        line with text), that last line's index and the index after the
        region; None when the first line is blank or not indented enough.
        """
        lines = self.lines
        n = self.n
        line = lines[j] if j < n else ""
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body or indent <= parent or body[0] == "\t":
            return None
        pad = " " * indent
        last = j
        k = j + 1
        while k < n:
            line = lines[k]
            if len(line) > indent and line.startswith(pad):
                last = k
            elif line.strip(" "):
                break  # less indented: the scalar has ended
            k += 1
        return "\n".join([line[indent:] for line in lines[j : last + 1]]), last, k

    # -- flow collections (one line only)

    def flow(self, line: str, p: int, ln: int) -> tuple[Any, int]:
        """A `[..]` or `{..}` collection opening at line[p]; return it and the column after."""
        if line[p] == "[":
            mt = _FLOW_SEQ_CANON.match(line, p)
            if mt is None:
                return self.flow_seq(line, p, ln)
            return self.Q(self.canonical_items(mt[1], p + 2, ln), ln, p + 1), mt.end()
        make_scalar = self.S
        entries: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        pos = p + 1  # where the next key starts, counting from 0
        for key, plain, quoted, bracket, inner, close, rest, junk in _FLOW_MAP_PAIRS.findall(
            line, p + 1
        ):
            if junk:
                break
            at = pos + len(key) + 2
            if plain:
                value = make_scalar(plain, ln, at + 1)
                pos = at + len(plain) + 2
            elif bracket:
                value = self.Q(self.canonical_items(inner, at + 2, ln), ln, at + 1)
                pos = at + len(inner) + 4
            else:
                value = make_scalar(quoted, ln, at + 1, False)
                pos = at + len(quoted) + 4
            if key in entries:
                raise _Refuse
            entries[key] = value
            key_lines[key] = ln
            if close:
                return self.M(entries, ln, p + 1, key_lines), len(line) - len(rest)
        return self.flow_map(line, p, ln)

    def canonical_items(self, inner: str, column: int, ln: int) -> list[Any]:
        """Scalars of `a, b, c` (matched by _VALUES) whose first starts at 1-based column."""
        if not inner:
            return []
        make_scalar = self.S
        items = []
        for piece in inner.split(", "):
            items.append(make_scalar(piece, ln, column))
            column += len(piece) + 2
        return items

    def flow_seq(self, line: str, p: int, ln: int) -> tuple[Any, int]:
        length = len(line)
        items: list[Any] = []
        q = p + 1
        while True:
            q = _SPACES.match(line, q).end()  # type: ignore[union-attr]
            if q >= length:
                _unsupported()  # runs on to the next line
            if line[q] == "]":
                return self.Q(items, ln, p + 1), q + 1
            item, q = self.flow_node(line, q, ln)
            items.append(item)
            q = _SPACES.match(line, q).end()  # type: ignore[union-attr]
            if q >= length:
                _unsupported()
            if line[q] == ",":
                q += 1
            elif line[q] != "]":
                _unsupported()

    def flow_map(self, line: str, p: int, ln: int) -> tuple[Any, int]:
        length = len(line)
        entries: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        q = p + 1
        while True:
            q = _SPACES.match(line, q).end()  # type: ignore[union-attr]
            if q >= length:
                _unsupported()
            if line[q] == "}":
                return self.M(entries, ln, p + 1, key_lines), q + 1
            key, q = self.flow_key(line, q)
            if not line.startswith(": ", q):
                _unsupported()
            q = _SPACES.match(line, q + 2).end()  # type: ignore[union-attr]
            if q >= length or line[q] in ",}":
                _unsupported()  # an empty value
            value, q = self.flow_node(line, q, ln)
            if key in entries:
                raise _Refuse
            entries[key] = value
            key_lines[key] = ln
            q = _SPACES.match(line, q).end()  # type: ignore[union-attr]
            if q >= length:
                _unsupported()
            if line[q] == ",":
                q += 1
            elif line[q] != "}":
                _unsupported()

    def flow_key(self, line: str, q: int) -> tuple[str, int]:
        ch = line[q]
        if ch == '"':
            mt = _DQ.match(line, q)
            if mt is None:
                _unsupported()
            return (_unescape_line(mt[1]) if "\\" in mt[1] else mt[1]), mt.end()
        if ch == "'":
            mt = _SQ.match(line, q)
            if mt is None:
                _unsupported()
            return mt[1].replace("''", "'"), mt.end()
        if ch in "&*!":
            raise _Refuse
        mt = _FLOW_PLAIN.match(line, q)
        if mt is None:
            _unsupported()
        return mt[0], mt.end()

    def flow_node(self, line: str, q: int, ln: int) -> tuple[Any, int]:
        ch = line[q]
        if ch == "[" or ch == "{":
            return self.flow(line, q, ln)
        if ch == '"' or ch == "'":
            text, end = self.flow_key(line, q)
            return self.S(text, ln, q + 1, False), end
        text, end = self.flow_key(line, q)
        return self.S(text, ln, q + 1), end

    # -- the middle path

    def item_by_libyaml(self, i: int, s: int) -> _Result:
        """Re-read one list item (lines i up to the next line indented s or less) with libyaml."""
        j, ind = self.next_content(i + 1)
        while ind > s:
            j, ind = self.next_content(j + 1)
        lines = self.lines
        # An item may start mid-line (`- - x`): blank what is before it, columns kept.
        text = "\n".join([" " * s + lines[i][s:], *lines[i + 1 : j]])
        if j < self.n or self.final_break:
            text += "\n"
        node = _compose(text, self.base + i - 1)
        if not isinstance(node, Seq) or len(node.items) != 1:
            raise _Refuse
        self.by_libyaml.append((i, j))
        return node.items[0], j, ind


# --- libyaml events, for the middle path and as the tests' second opinion ---------


def _compose(text: str, line_offset: int = 0) -> Node:
    """Compose `text` from libyaml's events into nodes, refusing what the exact reader refuses.

    Lines are shifted by `line_offset` (for a piece cut out of a file). Any
    anchor, alias, tag, directive, duplicate key, non-scalar key, extra
    document or syntax error raises `_Refuse`.
    """
    if not yaml.__with_libyaml__:
        raise _Refuse
    parser = yaml.CBaseLoader(text)
    try:
        parser.get_event()  # stream start
        start = parser.get_event()
        if not isinstance(start, yaml.DocumentStartEvent) or start.version or start.tags:
            raise _Refuse
        node = _compose_node(parser, parser.get_event(), line_offset)
        if not isinstance(parser.get_event(), yaml.DocumentEndEvent):
            raise _Refuse
        if not isinstance(parser.get_event(), yaml.StreamEndEvent):
            raise _Refuse
    except yaml.YAMLError as error:
        raise _Refuse from error
    finally:
        parser.dispose()
    return node


def _compose_node(parser: Any, event: Any, offset: int) -> Node:
    line = event.start_mark.line + 1 + offset
    column = event.start_mark.column + 1
    if isinstance(event, yaml.ScalarEvent):
        if event.anchor is not None or event.tag is not None:
            raise _Refuse
        return Scalar(event.value, line, column, not event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        if event.anchor is not None or event.tag is not None:
            raise _Refuse
        items: list[Node] = []
        while not isinstance(event := parser.get_event(), yaml.SequenceEndEvent):
            items.append(_compose_node(parser, event, offset))
        return Seq(items, line, column)
    if isinstance(event, yaml.MappingStartEvent):
        if event.anchor is not None or event.tag is not None:
            raise _Refuse
        entries: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        while not isinstance(event := parser.get_event(), yaml.MappingEndEvent):
            key = _compose_node(parser, event, offset)
            if not isinstance(key, Scalar) or key.text in entries:
                raise _Refuse
            entries[key.text] = _compose_node(parser, parser.get_event(), offset)
            key_lines[key.text] = key.line
        return Map(entries, line, column, key_lines)
    raise _Refuse  # an alias


# --- Entry points ---------------------------------------------------------------------


def _decode(text: bytes | str) -> str | None:
    """The text as libyaml sees it, or None when only the exact reader can be trusted with it."""
    if isinstance(text, str):
        if text.startswith("\ufeff"):
            text = text[1:]
        if _AWKWARD.search(text):
            return None
    else:
        if text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]
        elif text.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None  # UTF-16
        # Cheap passes in C instead of a character class per character: ASCII
        # control characters, then (only if there is any) awkward UTF-8.
        if text.translate(None, _ALLOWED_BYTES):
            return None
        if not text.isascii() and any(p.search(text) for p in _AWKWARD_UTF8):
            return None
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    return text


def read_fast(
    text: bytes | str, *, parallel: bool | None = None, split: Split | None = None
) -> Node | None:
    """Read YAML into the exact reader's node tree, or return None to ask for the exact reader.

    None means only "not here": the file may be perfectly valid. A large
    input (over PARALLEL_MIN_BYTES) may use a second process for the second
    half of its biggest list: with `parallel=None` when a core is spare,
    with True always, with False never. With `split`, only the list under
    `split.key` is shared, and whichever way the file is read, the caller
    gets `Done` entries in that list wherever the split functions ran.
    """
    result: Node | None = _read(text, parallel=parallel, wire=False, split=split)
    return result


def read_yaml(
    path_or_text: Path | str,
    file_label: str,
    *,
    max_bytes: int = yamlread.MAX_FILE_BYTES,
    parallel: bool | None = None,
    split: Split | None = None,
) -> tuple[Node | None, list[Problem]]:
    """`yamlread.read_yaml`, the fast way when the file is clean: same tree, same problems.

    Size, unreadable files and anything `read_fast` declines go to the exact
    reader, so every problem keeps its wording. `parallel` and `split` are
    passed to `read_fast` (the exact reader never splits a list).
    """
    if isinstance(path_or_text, Path):
        try:
            stat = os.stat(path_or_text)
            if stat.st_size > max_bytes or _DECLINED.get(path_or_text) == _signature(stat):
                return yamlread.read_yaml(path_or_text, file_label, max_bytes=max_bytes)
            data = path_or_text.read_bytes()
        except OSError:
            return yamlread.read_yaml(path_or_text, file_label, max_bytes=max_bytes)
    else:
        data = path_or_text.encode("utf-8")
        if len(data) > max_bytes:
            return yamlread.read_yaml(path_or_text, file_label, max_bytes=max_bytes)
    tree = read_fast(data, parallel=parallel, split=split)
    if tree is not None:
        return tree, []
    return yamlread.parse_bytes(data, file_label)


# Files `read_many` just declined, by path and (size, modified time): the loader
# then asks `read_yaml` for them, which goes straight to the exact reader.
_DECLINED: dict[Path, tuple[int, int]] = {}


def _signature(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns


def _read(
    text: bytes | str, *, parallel: bool | None, wire: bool, split: Split | None = None
) -> Any:
    """read_fast, building nodes as `_Wire` tuples when `wire` (in a worker process)."""
    decoded = _decode(text)
    if decoded is None:
        return None
    with gc_paused():
        parser = _Lines(decoded, wire=wire)
        worker = None
        if len(decoded) >= (PARALLEL_MIN_BYTES if split is None else SPLIT_MIN_BYTES) and (
            parallel or (parallel is None and spare_core(shipping_trees=split is None))
        ):
            worker = _start_tail(parser, decoded, split)
        result = None
        try:
            result = parser.document()
        except (_Unsupported, _Refuse, RecursionError):
            return None
        finally:
            # The worker's share of a split list is collected by its `Done` entry;
            # in every other case it is of no more use.
            if worker is not None and (result is None or parser.tail is not None):
                worker.close()
        return result


# --- Two cores for one big file -------------------------------------------------------

# A top-level key, then (past blank and comment lines) its list's first dash.
_LIST_UNDER = r":[ ]*(?:#[^\n]*)?\n(?:[ ]*(?:#[^\n]*)?\n)*( *)- "
_ROOT_LIST = re.compile(r"^[^\s#%-][^\n]*" + _LIST_UNDER, re.M)


@dataclass(frozen=True)
class Split:
    """How a caller that needs a result from each entry, not the entries, shares a big list.

    The list under the top-level `key` is cut in two: `head` runs in this
    process on the entries before the cut, `tail` in a worker process on the
    rest (so it must pickle: a module-level function or a partial of one).
    Only their results cross between processes, not the entries' nodes, so
    the two processes take half the list each (`_SPLIT_SHARE`).
    """

    key: str
    head: Callable[[list[Node]], object]
    tail: Callable[[list[Node]], object]


class Done:
    """Stands, in a list read with a `Split`, for the entries a split function took.

    `result()` is what the function returned: for the worker's share it waits
    for the worker (or, should the worker fail, reads and runs that share here).
    """

    __slots__ = ("_get",)

    def __init__(self, get: Callable[[], object]) -> None:
        self._get = get

    def result(self) -> object:
        return self._get()


def _start_tail(parser: _Lines, text: str, split: Split | None) -> Worker | None:
    """Hand the second part of the file's big top-level list to a worker process.

    The list is the first one under a top-level key (`split.key` with a
    split). The cut is a line that starts an entry at that list's
    indentation, found from the share of the text this process parses. The
    worker's result is used only if the main parse arrives at exactly that
    line as an entry of a list at that indentation (with a split: of that
    same list); otherwise the main process just parses on by itself.
    """
    if split is None:
        list_start, share = _ROOT_LIST, _MAIN_SHARE
    else:
        list_start = re.compile("^" + re.escape(split.key) + _LIST_UNDER, re.M)
        share = _SPLIT_SHARE
    mt = list_start.search(text, 0, 1_000_000)  # the list starts near the top, if at all
    if mt is None:
        return None
    indent = len(mt.group(1))
    marker = "\n" + " " * indent + "- "
    cut = text.find(marker, max(int(len(text) * share), mt.end()))
    if cut < 0:
        return None
    cut += 1
    barrier = text.count("\n", 0, cut)
    rest = text[cut:]
    worker = Worker(_tail_worker, rest, barrier + 1, indent, None if split is None else split.tail)
    if split is not None:
        parser.barrier_first = text.count("\n", 0, mt.start(1))

    def tail(head: list[Any]) -> tuple[list[Any], int, int] | None:
        # With a split, run `head` while the worker finishes its share.
        head_done = split.head(head) if split is not None else None
        try:
            outcome = worker.receive()
        except WorkerFailed:
            return None  # parse on here
        if outcome is None:
            raise _Refuse
        if outcome == b"":
            return None
        if split is None:
            items, stop, ind = _loads(outcome)
            return head + items, stop + barrier, ind
        stop, ind = outcome
        parser.tail = None  # the worker now belongs to the `Done` entry below
        halves = [Done(lambda: head_done), Done(_collect(worker, split, rest, barrier, indent))]
        return halves, stop + barrier, ind

    parser.barrier = barrier
    parser.barrier_indent = indent
    parser.tail = tail
    return worker


def _collect(
    worker: Worker, split: Split, rest: str, barrier: int, indent: int
) -> Callable[[], object]:
    """The worker's result for its share of a split list, read here if the worker fails."""

    def result() -> object:
        try:
            return worker.receive()
        except WorkerFailed:
            with gc_paused():
                items, _, _ = _Lines(rest, barrier + 1).seq_items(0, indent)
                return split.tail(items)
        finally:
            worker.close()

    return result


def _tail_worker(
    send: Callable[[object], None],
    text: str,
    base: int,
    indent: int,
    run: Callable[[list[Node]], object] | None,
) -> None:
    """In the worker: parse list entries at `indent` from the first line.

    Sends None when the file must go to the exact reader, b"" when this
    piece could not be parsed as list entries (the main process then parses
    it itself). Otherwise, without `run`: the entries, pickled as `_Wire`
    tuples, with where the list ended; with `run`: where the list ended,
    then what `run` makes of the entries.
    """
    with gc_paused():
        parser = _Lines(text, base, wire=run is None)
        try:
            items, stop, ind = parser.seq_items(0, indent)
            if parser.tab_lines and parser.tabs_outside_libyaml(stop):
                send(b"")
                return
        except _Refuse:
            send(None)
            return
        except (_Unsupported, RecursionError):
            send(b"")
            return
        if run is None:
            send(_dumps((items, stop, ind)))
            return
        send((stop, ind))
        send(run(items))


# --- Shipping trees between processes, and the cache ----------------------------------

_REDUCERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    _Wire: tuple,  # already (class, arguments): copied in C
    Scalar: lambda s: (Scalar, (s.text, s.line, s.column, s.plain)),
    Seq: lambda s: (Seq, (s.items, s.line, s.column)),
    Map: lambda m: (Map, (m.entries, m.line, m.column, m.key_lines)),
}


def _dumps(value: object) -> bytes:
    """Pickle nodes as plain constructor calls: several times faster to load than the default.

    (Nodes from `_Wire` tuples cost no Python code at all to pickle; real
    nodes, from libyaml's middle path or the cache, one small function each.)
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table.update(_REDUCERS)
    pickler.dump(value)
    return buffer.getvalue()


class _NodeUnpickler(pickle.Unpickler):
    """Loads only our three node classes: a cache file can never run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "generator.data.yamlnodes" and name in ("Scalar", "Seq", "Map"):
            return {"Scalar": Scalar, "Seq": Seq, "Map": Map}[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not a YAML node")


def _loads(data: bytes) -> Any:
    with gc_paused():
        return _NodeUnpickler(io.BytesIO(data)).load()


def spare_core(*, shipping_trees: bool = True) -> bool:
    """Whether a second process would get a core of its own.

    On a machine already busy (load average at or above its cores less one),
    a worker that ships a tree back only takes turns with this process and
    adds the cost of shipping: measured twice as slow as reading alone. A
    worker that ships back only small results costs nearly nothing extra,
    so then any second core will do.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if not shipping_trees:
        return cores >= 2
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return cores >= 2 and busy < cores - 0.5


def default_cache_dir(data: Path) -> Path:
    """`.cache/fastyaml` at the root of the repository holding `data` (or beside it)."""
    start = data.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate / ".cache" / "fastyaml"
    return folder / ".cache" / "fastyaml"


def _cache_key(raw: bytes) -> str:
    return hashlib.sha256(_CACHE_VERSION + b"\0" + raw).hexdigest()


def _cache_get(cache: Path, key: str) -> Node | None:
    try:
        data = (cache / f"{key}.pickle").read_bytes()
        node = _loads(data)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return node if isinstance(node, Scalar | Seq | Map) else None


def _cache_put(cache: Path, key: str, node: Node) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f".{key}.{os.getpid()}.tmp"
        temporary.write_bytes(_dumps(node))
        os.replace(temporary, cache / f"{key}.pickle")
    except OSError:
        pass  # a cache that cannot be written is only slower


def _read_paths(send: Callable[[object], None], paths: Sequence[str]) -> None:
    """In the worker: read and parse these files; send one pickle of {path: node or None}."""
    out: dict[str, Any] = {}
    for name in paths:
        try:
            out[name] = _read(Path(name).read_bytes(), parallel=False, wire=True)
        except OSError:
            out[name] = None
    send(_dumps(out))


def read_many(
    paths: Sequence[Path],
    *,
    cache_dir: Path | None = None,
    parallel: bool | None = None,
) -> dict[Path, Node | None]:
    """Read many files at once: {path: tree, or None where the exact reader is needed}.

    With more than PARALLEL_MIN_BYTES in all, a worker process reads a share
    of the files while this process reads the rest. One big file among few is
    itself split over both cores. With `cache_dir`, trees of files read
    before (same bytes, same reader version) are loaded instead of parsed.
    Files that cannot be read map to None, so the exact reader reports them.
    """
    result: dict[Path, Node | None] = {}
    raw: dict[Path, bytes] = {}
    keys: dict[Path, str] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            result[path] = None
            continue
        if cache_dir is not None:
            keys[path] = _cache_key(data)
            cached = _cache_get(cache_dir, keys[path])
            if cached is not None:
                result[path] = cached
                continue
        raw[path] = data
    todo = sorted(raw, key=lambda p: len(raw[p]), reverse=True)
    total = sum(len(raw[p]) for p in todo)
    if (
        total >= PARALLEL_MIN_BYTES
        and len(todo) > 1
        and len(raw[todo[0]]) < total / 2
        and (parallel or (parallel is None and spare_core()))
    ):
        # Share the files by size, as a big list is shared (see _MAIN_SHARE).
        mine: list[Path] = []
        theirs: list[Path] = []
        mine_bytes = theirs_bytes = 0
        for path in todo:
            if theirs_bytes <= mine_bytes * (1 - _MAIN_SHARE) / _MAIN_SHARE:
                theirs.append(path)
                theirs_bytes += len(raw[path])
            else:
                mine.append(path)
                mine_bytes += len(raw[path])
        worker = Worker(_read_paths, [str(p) for p in theirs])
        try:
            for path in mine:
                result[path] = read_fast(raw[path], parallel=False)
            try:
                shipped = _loads(worker.receive())
            except WorkerFailed:
                shipped = {str(p): read_fast(raw[p], parallel=False) for p in theirs}
        finally:
            worker.close()
        for path in theirs:
            result[path] = shipped[str(path)]
    else:
        for path in todo:
            result[path] = read_fast(raw[path], parallel=parallel)
    if len(_DECLINED) > 10_000:
        _DECLINED.clear()
    for path in raw:
        node = result[path]
        if node is None:
            with suppress(OSError):
                _DECLINED[path] = _signature(path.stat())
        elif cache_dir is not None:
            _cache_put(cache_dir, keys[path], node)
    return {path: result[path] for path in paths}
