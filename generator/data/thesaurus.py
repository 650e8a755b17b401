"""The search thesaurus (`data/thesaurus.yaml`): parents' words for what listings say.

Parents search in their own words ("late talker", "respite", "SLT",
"austism"); listings use the service's words ("speech and language therapy",
"short breaks"). Each entry maps `also` phrases (everyday words, short forms,
common misspellings, other regions' terms) to `search`, the words to look
for instead. The search page gets the table and rewrites a query in the
browser, saying so, so that editors can change it without touching the
listings and a visitor can see why a result came up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.data import problems as say
from generator.data.entries import Shape, read_entries
from generator.data.problems import Problem

THESAURUS_FILE = "thesaurus.yaml"

SHAPE = Shape(
    key="terms",
    required=("search",),
    lists=("also",),
    examples=(
        ("id", "short-breaks"),
        ("search", "short breaks"),
        ("also", "[respite, respite care]"),
    ),
)


@dataclass(frozen=True, slots=True)
class Synonyms:
    id: str
    search: str  # what the listings say: the words searched for instead
    also: tuple[str, ...]  # what parents may type


def phrase_key(text: str) -> str:
    """A phrase as the search page compares it: lower case, words only
    ("Asperger's" and "aspergers" stay apart; "Self-harm" is "self harm")."""
    found = (word.strip("'") for word in re.findall(r"[\w']+", text.casefold()))
    return " ".join(word for word in found if word)


def read_thesaurus(folder: Path, label_folder: str) -> tuple[list[Synonyms], list[Problem]]:
    """The thesaurus in `folder` (shown to editors as `label_folder`), and its
    problems. No thesaurus file means search takes words as typed."""
    label = f"{label_folder}/{THESAURUS_FILE}"
    entries, found = read_entries(folder / THESAURUS_FILE, label, SHAPE)
    terms: list[Synonyms] = []
    first: dict[str, tuple[str, int]] = {}
    for position, entry in enumerate(entries, 1):
        where = say.EntryRef(position, ident=entry.id, kind="Entry")
        for phrase in entry.lists["also"]:
            key = phrase_key(phrase)
            if key in first and first[key][0] != entry.id:
                ident, line = first[key]
                message = say.synonym_used_twice(phrase, ident, line)
                found.append(Problem(label, entry.line, message, where, "also"))
            elif key not in first:
                first[key] = (entry.id, entry.line)
        terms.append(Synonyms(entry.id, entry.texts["search"], entry.lists["also"]))
    return terms, found


def browser_table(terms: list[Synonyms]) -> list[list[str]]:
    """[phrase, search] pairs for the search page, longest phrase first, so
    "speech and language delay" is replaced before "speech delay" could be."""
    pairs = {phrase_key(p): term.search for term in terms for p in term.also}
    return [[p, pairs[p]] for p in sorted(pairs, key=lambda p: (-len(p), p))]
