"""The SEND glossary on the site: its page, and each term explained where it is first used.

The first time a guidance page uses a term of `data/glossary.yaml`, the term
becomes a link to its entry on the glossary page, followed by its short
explanation in brackets:

    ask the [SENCO](../glossary.md#senco) (the member of staff in charge of SEN support)

This is GOV.UK's rule for abbreviations and specialist words (explain them
where they are first used) done for the editor. It is plain text, so it
needs no JavaScript, prints, and a screen reader reads the explanation in its
place; a tooltip or `title` would be hidden from keyboard, touch and many
screen reader users, and `<abbr>` is not announced by most screen readers.
A term already inside brackets (as in "Service (SENDIASS)") or followed by
one gets the link only, since the sentence explains it already.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.data.glossary import GlossaryTerm
from generator.site.localfacts import source_root
from generator.site.pages import GeneratedPage
from generator.site.render import render

PAGE = "glossary.md"


class FirstUses:
    """Explains each glossary term once per page, at its first use in prose."""

    def __init__(self, terms: Sequence[GlossaryTerm], page: str) -> None:
        self._by_spelling: dict[str, GlossaryTerm] = {}
        for term in terms:
            for spelling in term.spellings:
                self._by_spelling.setdefault(_folded(spelling), term)
        spellings = sorted(self._by_spelling, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(_spelled(s) for s in spellings) + r")(?![\w-])")
            if spellings
            else None
        )
        self._target = f"{source_root(page)}{PAGE}"
        self._done: set[str] = set()

    def explain(self, text: str) -> str:
        """`text` (prose with no link or code in it) with first uses explained."""
        if self._pattern is None:
            return text

        def first_use(found: re.Match[str]) -> str:
            term = self._by_spelling[_folded(found[0])]
            before, after = text[: found.start()], text[found.end() :]
            if term.id in self._done or after.startswith(_POSSESSIVE) or _NAME_GOES_ON.match(after):
                # Explained already; or "the SENCO's", or part of a name ("SEND Information,
                # Advice and Support Service"), where brackets would break it: the next use.
                return found[0]
            self._done.add(term.id)
            link = f"[{found[0]}]({self._target}#{term.id})"
            if before.endswith("(") or after.lstrip().startswith("("):
                return link
            return f"{link} ({term.short})"

        return self._pattern.sub(first_use, text)


_POSSESSIVE = ("'s", "\u2019s")
_NAME_GOES_ON = re.compile(r" [A-Z]")


def _folded(spelling: str) -> str:
    """Spellings match whatever the case of their first letter ("Tribunal", "tribunal")."""
    return spelling[:1].casefold() + spelling[1:]


def _spelled(spelling: str) -> str:
    first = spelling[:1]
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() else ""
    return head + re.escape(spelling[1:]) if head else re.escape(spelling)


def glossary_page(terms: Sequence[GlossaryTerm], *, area_name: str) -> GeneratedPage:
    """The glossary page: every term, A to Z, each with an anchor the first uses link to."""
    body = render("glossary.html", terms=terms, area_name=area_name)
    return GeneratedPage(
        src_uri=PAGE,
        title="Glossary",
        body_html=body,
        meta={
            "description": "What the words and short forms used about SEND mean, in plain English.",
            "page_type": "glossary",
        },
        in_nav=True,
    )
