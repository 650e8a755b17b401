"""The SEND glossary (`data/glossary.yaml`): the words families meet, in plain English.

Each term has a `short` explanation, a few words that fit in brackets after
the term the first time a guidance page uses it ("SENCO (the member of staff
in charge of SEN support)"), and a `description` for the glossary page.
`matches` lists other ways of writing the term that count as using it
("EHC plans" for "EHC plan").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.data.entries import Shape, read_entries
from generator.data.problems import Problem

GLOSSARY_FILE = "glossary.yaml"

SHAPE = Shape(
    key="terms",
    required=("term", "short", "description"),
    lists=("matches",),
    examples=(
        ("id", "senco"),
        ("term", "SENCO"),
        ("short", "the member of staff in charge of SEN support"),
        ("description", "The teacher who makes sure children with SEN get the right help."),
        ("matches", "[SENCOs]"),
    ),
)


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    id: str  # the anchor of its entry on the glossary page: glossary/#senco
    term: str
    short: str
    description: str
    matches: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing the term, longest first (so "EHC plans" wins over "EHC plan")."""
        return tuple(sorted({self.term, *self.matches}, key=len, reverse=True))


def read_glossary(folder: Path, label_folder: str) -> tuple[list[GlossaryTerm], list[Problem]]:
    """The glossary in `folder` (shown to editors as `label_folder`), sorted A to Z, and
    its problems. No glossary file means no glossary."""
    entries, found = read_entries(folder / GLOSSARY_FILE, f"{label_folder}/{GLOSSARY_FILE}", SHAPE)
    terms = [
        GlossaryTerm(
            entry.id,
            entry.texts["term"],
            entry.texts["short"],
            entry.texts["description"],
            entry.lists["matches"],
        )
        for entry in entries
    ]
    return sorted(terms, key=lambda term: term.term.casefold()), found
