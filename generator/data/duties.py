"""What the law asks a Local Offer to cover (`data/local-offer-duties.yaml`).

Each duty is one paragraph of Schedule 2 of the SEND Regulations 2014, or one
item the SEND Code of Practice (chapter 4) says a Local Offer must include. A
guidance page says which duties it covers in its front matter
(`covers: [identifying-and-assessing]`); a published service covers a duty
when it is in one of the duty's `themes`, or named in its `services`. The
editors' report then shows each duty with the pages and services that cover
it, and names the gaps.
Kept as data so that a council can correct or extend the list without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.data import problems as say
from generator.data.entries import Shape, read_entries
from generator.data.problems import Problem

DUTIES_FILE = "local-offer-duties.yaml"

SHAPE = Shape(
    key="duties",
    required=("source", "says"),
    lists=("themes", "services"),
    examples=(
        ("id", "how-to-ask-for-an-assessment"),
        ("source", "SEND Regulations 2014, Schedule 2"),
        ("says", "How to ask for an EHC needs assessment."),
        ("themes", "[education]"),
        ("services", "[hollinbrook-sendiass]"),
    ),
)


@dataclass(frozen=True, slots=True)
class Duty:
    id: str
    source: str  # where the law says it: "SEND Regulations 2014, Schedule 2, paragraph 1"
    says: str  # what the Local Offer must cover, in plain words
    themes: tuple[str, ...] = ()  # published services in these themes cover it
    services: tuple[str, ...] = ()  # and these listings; with neither, only pages can
    file: str = ""
    line: int = 0


def read_duties(
    folder: Path, label_folder: str, theme_ids: set[str], service_ids: set[str]
) -> tuple[list[Duty], list[Problem]]:
    """The duties in `folder`, in the order of the file, and their problems
    (a theme that is not in themes.yaml, or a listing id no listing has, is one)."""
    label = f"{label_folder}/{DUTIES_FILE}"
    entries, found = read_entries(folder / DUTIES_FILE, label, SHAPE)
    duties = []
    for entry in entries:
        duty = say.EntryRef(0, ident=entry.id, kind="Duty")
        unknown = [theme for theme in entry.lists["themes"] if theme not in theme_ids]
        for theme in unknown:
            message = say.not_in_list(theme, sorted(theme_ids), "themes.yaml", "education")
            found.append(Problem(label, entry.line, message, duty, "themes"))
        for ident in entry.lists["services"]:
            if ident not in service_ids:
                message = say.no_such_listing(ident, sorted(service_ids))
                found.append(Problem(label, entry.line, message, duty, "services"))
        duties.append(
            Duty(
                entry.id,
                entry.texts["source"],
                entry.texts["says"],
                entry.lists["themes"],
                entry.lists["services"],
                entry.file,
                entry.line,
            )
        )
    return duties, found
