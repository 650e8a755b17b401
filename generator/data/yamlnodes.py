"""The YAML tree every reader produces: text only, with line numbers.

The YAML reader (`yamlread`) builds these nodes, so the checks never see
libyaml's own types. Scalars stay text: our
checks, not YAML 1.1 guessing, decide what `17:00`, `no` or `010101` mean.
Lines and columns are 1-based, as an editor counts them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Scalar:
    text: str
    line: int
    column: int
    plain: bool = True  # written without quotes: an empty plain scalar means "left blank"


@dataclass(slots=True)
class Seq:
    items: list[Node]
    line: int
    column: int


@dataclass(slots=True)
class Map:
    """A mapping whose keys are unique (the readers report duplicates as problems
    and keep the first). `key_lines` gives the line of each key, for messages."""

    entries: dict[str, Node]
    line: int
    column: int
    key_lines: dict[str, int] = field(default_factory=dict)


Node = Scalar | Seq | Map


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large tree is built and checked.

    Nodes and model objects hold no cycles, so reference counting frees them
    all; but with millions of them alive the collector keeps re-walking the
    whole tree for nothing, which doubled the time to read and check 10,000
    listings. It is switched back on (if it was on) however the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plain(node: Node | None) -> Any:
    """A tree as plain lists, dicts and text: for comparing two readings of a listing."""
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Seq):
        return [plain(item) for item in node.items]
    if isinstance(node, Map):
        return {key: plain(value) for key, value in node.entries.items()}
    return None
