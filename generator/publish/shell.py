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
one real page both ways and compares them before filling any other
(`Shells`). Values that a template could print differently from
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

from generator.site.pages import GeneratedPage

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

_PROBE_META = {"description": "description", "service_id": "id", "last_reviewed": "reviewed"}
"""The probe page's front matter: {meta key: the probe value it takes}."""


def probe_meta(meta: Mapping[str, object]) -> dict[str, object]:
    """A page's front matter with every value the shell fills in a probe word."""
    return {**meta, **{key: PROBES[name] for key, name in _PROBE_META.items()}}


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


_HEADING = re.compile(r"<h([2-3])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
SHELL_TYPES = frozenset({"service", "retired-service"})
"""The generated pages drawn from a shell: thousands alike but for their values."""


def page_values(page: GeneratedPage) -> dict[str, str] | None:
    """What a page fills into its shell, or None when it cannot be filled in
    (not a kind drawn from a shell, its address is not its service id, or a
    value a template might print in a form the shell does not know)."""
    meta = page.meta
    if page.in_nav or meta.get("page_type") not in SHELL_TYPES:
        return None
    service_id = meta.get("service_id", "")
    if page.src_uri.rpartition("/")[2] != f"{service_id}.md":
        return None
    values = {
        "title": page.title,
        "description": meta.get("description", ""),
        "reviewed": meta.get("last_reviewed", ""),
        "id": service_id,
        "body": page.body_html,
    }
    return values if fillable(values) else None


def page_kind(page: GeneratedPage) -> tuple[object, ...]:
    """What a page's chrome depends on besides its values: its folder (the
    relative links), its kind, and its headings (the table of contents)."""
    return (
        page.meta.get("page_type"),
        page.src_uri.rpartition("/")[0],
        tuple(_HEADING.findall(page.body_html)),
    )


def headings(body_html: str) -> list[tuple[int, str, str]]:
    """The h2 and h3 headings of a body that have an id: (level, id, inner HTML)."""
    return [(int(level), anchor, inner) for level, anchor, inner in _HEADING.findall(body_html)]


@dataclass(frozen=True)
class _Proven:
    """A shell a page drawn by the engine proved, and whether a page filled
    into it can go to the index as its body alone (its chrome has no
    `data-pagefind-*` attribute): both decided once, not once a page."""

    shell: Shell
    body_only: bool


_UNSEEN = object()


class Shells:
    """Which pages are filled into a shell instead of drawn by the engine.

    The first page of each kind is drawn by the engine and also filled into
    the shell a probe page makes; only if the two are identical are the
    other pages of its kind filled in. `refused(kind)` is told when a kind
    must be drawn page by page."""

    def __init__(self, refused: Callable[[tuple[object, ...]], None]) -> None:
        self._refused = refused
        self._kinds: dict[tuple[object, ...], _Proven | None] = {}
        self._proving: dict[str, tuple[tuple[object, ...], Shell, dict[str, str]]] = {}
        self._filling: dict[str, tuple[_Proven, dict[str, str]]] = {}

    def plan(self, page: GeneratedPage, draw_probe: Callable[[], str]) -> bool:
        """Whether `page` will be filled in, so the engine need draw nothing.
        `draw_probe()`: the engine's HTML of a probe page like it, as written."""
        values = page_values(page)
        if values is None:
            return False
        kind = page_kind(page)
        known = self._kinds.get(kind, _UNSEEN)
        if known is _UNSEEN:
            self._kinds[kind] = None  # until this page proves it
            candidate = Shell.parse(draw_probe())
            if candidate is None:
                self._refused(kind)
            else:
                self._proving[page.src_uri] = (kind, candidate, values)
        elif isinstance(known, _Proven):
            self._filling[page.src_uri] = (known, values)
            return True
        return False

    def written(
        self, src_uri: str, drawn: str, *, secure: Callable[[str], str], qr: Callable[[], str]
    ) -> tuple[str, str | None]:
        """The page to write, and its body alone when the index needs no more:
        filled into its shell, or as the engine drew it (`drawn`) and secured."""
        filling = self._filling.pop(src_uri, None)
        if filling is not None:
            proven, values = filling
            html = self._fill(proven.shell, values, qr)  # the shell has its policy already
            return html, values["body"] if proven.body_only else None
        html = secure(drawn)
        proving = self._proving.pop(src_uri, None)
        if proving is not None:
            kind, candidate, values = proving
            if self._fill(candidate, values, qr) == html:
                self._kinds[kind] = _Proven(candidate, not candidate.mentions("data-pagefind"))
            else:
                self._refused(kind)
        return html, None

    @staticmethod
    def _fill(drawn: Shell, values: dict[str, str], qr: Callable[[], str]) -> str:
        if "qr" in drawn.names:
            values = {**values, "qr": qr()}
        return drawn.fill(values)
