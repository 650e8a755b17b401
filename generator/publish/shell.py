"""A page's theme chrome rendered once and filled in for thousands of pages.

mkdocs-material's templates cost about 1.6 ms a page, and 10,000 service
pages share all of their chrome (header, navigation, footer, scripts) but
for a few values: the title, description, address, service id, QR code and
body. So the theme renders one *probe* page whose values are unmistakable
words ("Loshell probe title"), and `Shell.parse` cuts that HTML at every
place a probe value appears, in each form a template can print it (escaped
for HTML, encoded for a query string or a path). Filling the shell is then
a string join.

The cut is only trusted where it is proved: `parse` refuses HTML in which a
probe word is left over in a form it does not know, and the caller renders
one real page both ways and compares them before filling any other (see
generator/mkdocs/plugin.py). Values that a template could print differently from
these forms (text with runs of spaces, which `striptags` would squeeze) are
never filled in (`fillable`): those pages are rendered by the theme.

Engine-agnostic: nothing here knows MkDocs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jinja2.utils import url_quote
from markupsafe import escape

PROBES: Mapping[str, str] = {
    "title": "Loshell probe title",
    "description": "Loshell probe description",
    "reviewed": "Loshell probe reviewed",
    "id": "loshell-probe-id",
    "qr": "<!-- loshell probe qr -->",
    # The theme looks for a heading in the body (overrides/main.html prints
    # the title as one when the body has none); a service body always has one.
    "body": '<h1 id="loshell-probe-body">Loshell probe body</h1>',
}
"""Each value a page's chrome can vary in, as the probe page has it."""

RAW = frozenset({"qr", "body"})
"""Values that are already HTML, printed as they are."""

_LEFTOVER = re.compile("loshell", re.I)


def _query(value: str) -> str:
    """`urlencode` of a mapping's value (a query string), as Jinja does it."""
    return url_quote(value, for_qs=True)


def _html(value: str) -> str:
    return str(escape(value))


FORMS: Mapping[str, Callable[[str], str]] = {"html": _html, "query": _query, "path": url_quote}
"""How a template can print a plain value: escaped as HTML text or
attribute, or encoded for a URL by Jinja's `urlencode` (of a mapping, as the
feedback link's query, or of a string, as an email subject)."""


def fillable(values: Mapping[str, str]) -> bool:
    """Whether every plain value reads the same in each form a template may
    use: no runs of spaces, tabs or line breaks (`striptags` squeezes them),
    and an id that needs no escaping at all (it is also the page's address)."""
    for name, value in values.items():
        if name in RAW:
            continue
        if " ".join(value.split()) != value:
            return False
    identifier = values.get("id", "")
    return all(form(identifier) == identifier for form in FORMS.values())


@dataclass(frozen=True)
class Shell:
    """The probe page cut into literal text and the slots between them (one
    fewer than the literals); a slot is (value name, form name)."""

    literals: tuple[str, ...]
    slots: tuple[tuple[str, str], ...]

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The values this shell has a place for."""
        return frozenset(name for name, _form in self.slots)

    @classmethod
    def parse(cls, html: str) -> Shell | None:
        """The shell of a probe page's HTML, or None when a probe value
        appears in a form this module cannot fill in."""
        found: dict[str, tuple[str, str]] = {}
        for name, probe in PROBES.items():
            if name in RAW:
                found[probe] = (name, "raw")
                continue
            for form_name, form in FORMS.items():
                found.setdefault(form(probe), (name, form_name))
        pattern = re.compile("|".join(re.escape(text) for text in sorted(found, key=len)[::-1]))
        literals: list[str] = []
        slots: list[tuple[str, str]] = []
        start = 0
        for match in pattern.finditer(html):
            literals.append(html[start : match.start()])
            slots.append(found[match.group()])
            start = match.end()
        literals.append(html[start:])
        if any(_LEFTOVER.search(text) for text in literals):
            return None
        return cls(tuple(literals), tuple(slots))

    def mentions(self, text: str) -> bool:
        """Whether the chrome (as opposed to the values filled in) has `text`."""
        return any(text in literal for literal in self.literals)

    def fill(self, values: Mapping[str, str]) -> str:
        """The page with `values` (every name in PROBES) in each slot, in the
        slot's form. Only for values that are `fillable`."""
        formed = {
            slot: values[slot[0]] if slot[1] == "raw" else FORMS[slot[1]](values[slot[0]])
            for slot in set(self.slots)
        }
        pieces = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            pieces.append(formed[slot])
            pieces.append(literal)
        return "".join(pieces)
