"""data/crosswalk.yaml: the source's taxonomy terms and words -> our themes, needs, features.

No record in a real feed carries our themes, so the import decides them from
what the record does carry: its taxonomy terms (ESD service types and needs,
Placecube categories) and the words in its name, description and
eligibility. Editors own the mapping: it is a YAML file beside the lists,
read with the one YAML reader, and a project without one gets the starter
copy that ships with the generator (written into data/ by the import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from generator import messages
from generator.data import yamlread
from generator.data.loader import shown_path
from generator.data.yamlnodes import Map, Node, Scalar, Seq

CROSSWALK_FILE = "crosswalk.yaml"
LISTS = ("themes", "needs", "accessibility")


class CrosswalkError(Exception):
    """The crosswalk cannot be used: each message names the file, line and fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(slots=True)
class _Targets:
    terms: dict[str, list[str]] = field(default_factory=dict)  # folded term -> our ids
    words: dict[str, list[str]] = field(default_factory=dict)  # folded words -> our ids
    pattern: re.Pattern[str] | None = None  # every phrase of `words`, in one search

    def compile(self) -> None:
        """One regular expression for all the words: one pass over a record's text."""
        phrases = sorted(self.words, key=len, reverse=True)
        if phrases:
            alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
            self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class Crosswalk:
    """The mapping, ready to apply; `text` is the file as read (to write a starter copy)."""

    fallback_theme: str
    lists: dict[str, _Targets]
    known: dict[str, frozenset[str]]
    order: dict[str, tuple[str, ...]]
    text: str

    def match(self, list_name: str, terms: list[str], words: str) -> list[str]:
        """Our ids for a record's terms and words, in the order of our list, without repeats.

        A term that is itself one of our ids (as in our own export) maps to it.
        """
        targets = self.lists[list_name]
        found: set[str] = set()
        for term in terms:
            folded = _fold(term)
            found.update(targets.terms.get(folded, ()))
            if folded in self.known[list_name]:
                found.add(folded)
        if words and targets.pattern is not None:
            for phrase in targets.pattern.findall(words):
                found.update(targets.words.get(_fold(phrase), ()))
        return [target for target in self.order[list_name] if target in found]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def starter_text() -> str:
    """The crosswalk that ships with the generator."""
    return resources.files("generator.importer").joinpath(CROSSWALK_FILE).read_text("utf-8")


def load(data: Path, known: dict[str, list[str]]) -> tuple[Crosswalk, bool]:
    """The project's crosswalk (or the starter one), checked against our lists.

    Returns it and whether it came from the project's own file. `known` is
    each list's ids in the list's order.
    """
    path = data / CROSSWALK_FILE
    own = path.is_file()
    label = shown_path(path) if own else f"(the starter {CROSSWALK_FILE})"
    text = path.read_text("utf-8") if own else starter_text()
    root, read_problems = yamlread.read_yaml(text, label)
    problems = [f"{label}, line {p.line}: {p.message}" for p in read_problems]
    if problems:
        raise CrosswalkError(problems)
    crosswalk = _build(root, label, known, problems)
    if problems:
        raise CrosswalkError(problems)
    crosswalk.text = text
    return crosswalk, own


def _build(
    root: Node | None, label: str, known: dict[str, list[str]], problems: list[str]
) -> Crosswalk:
    ids = {name: frozenset(known.get(name, ())) for name in LISTS}
    order = {name: tuple(known.get(name, ())) for name in LISTS}
    lists = {name: _Targets() for name in LISTS}
    fallback = ""
    if not isinstance(root, Map):
        problems.append(messages.crosswalk_not_a_map(label))
        return Crosswalk(fallback, lists, ids, order, "")
    for key, node in root.entries.items():
        line = root.key_lines.get(key, root.line)
        if key == "fallback_theme":
            fallback = node.text.strip() if isinstance(node, Scalar) else ""
            if fallback not in ids["themes"]:
                problems.append(
                    messages.crosswalk_unknown_id(label, line, fallback, "themes", known["themes"])
                )
        elif key in LISTS:
            _targets(node, key, label, ids, known, lists[key], problems)
        else:
            problems.append(messages.crosswalk_unknown_key(label, line, key))
    if not fallback and not problems:
        problems.append(messages.crosswalk_no_fallback(label))
    for targets in lists.values():
        targets.compile()
    return Crosswalk(fallback, lists, ids, order, "")


def _targets(
    node: Node,
    list_name: str,
    label: str,
    ids: dict[str, frozenset[str]],
    known: dict[str, list[str]],
    targets: _Targets,
    problems: list[str],
) -> None:
    if not isinstance(node, Map):
        problems.append(messages.crosswalk_not_a_map(label, node.line, list_name))
        return
    for target, entry in node.entries.items():
        line = node.key_lines.get(target, node.line)
        if target not in ids[list_name]:
            problems.append(
                messages.crosswalk_unknown_id(label, line, target, list_name, known[list_name])
            )
            continue
        parts = entry.entries if isinstance(entry, Map) else {}
        for part, values in parts.items():
            texts = _texts(values)
            if part == "terms":
                for text in texts:
                    targets.terms.setdefault(_fold(text), []).append(target)
            elif part == "words":
                for text in texts:
                    targets.words.setdefault(_fold(text), []).append(target)
            else:
                problems.append(
                    messages.crosswalk_unknown_key(label, entry.line, f"{target}.{part}")
                )


def _texts(node: Node) -> list[str]:
    if isinstance(node, Seq):
        return [item.text for item in node.items if isinstance(item, Scalar) and item.text.strip()]
    if isinstance(node, Scalar) and node.text.strip():
        return [node.text]
    return []
