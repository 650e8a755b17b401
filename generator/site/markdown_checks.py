"""What editors wrote in markdown that a page cannot show as written.

Listing descriptions and guidance pages are read with the one CommonMark
parser (pyromark, as `render_markdown` renders listings), so the line of
every link, image and piece of raw HTML is known:

- a link to a page of the site that does not exist is a problem (nothing is
  published), with the nearest real address;
- an image is a problem: a listing has no room for one, and a guidance page's
  only safe images are the site's own, which none uses yet;
- raw HTML, and a link to anything but a web page, email or phone number, are
  removed (the sanitiser drops them, and `commonmark.strip_html` takes raw
  HTML out of a guidance page before any engine reads it) with a warning naming the line,
  so nothing an editor wrote disappears without a word.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from generator.data import problems as say
from generator.data.model import Directory, Service
from generator.data.problems import Problem
from generator.site.commonmark import Found, scan
from generator.site.guidance import GuidanceSource
from generator.site.links import Addresses, is_internal
from generator.site.render import ALLOWED_SCHEMES

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _unsafe_scheme(href: str) -> bool:
    found = _SCHEME.match(href.strip())
    return found is not None and found[1].lower() not in ALLOWED_SCHEMES


def _sorted(found: list[Found]) -> Iterator[tuple[Found, str | None]]:
    """Each finding, with the warning message it gets (or None for none).
    The pieces of HTML on one line make one warning."""
    html: dict[int, list[str]] = {}
    for item in found:
        if item.kind == "html":
            html.setdefault(item.line, []).append(item.wrote)
    for item in found:
        if item.kind == "html":
            pieces = html.pop(item.line, None)
            if pieces is not None:
                yield item, say.html_removed(pieces)
        elif item.kind == "link" and _unsafe_scheme(item.href):
            yield item, say.link_removed(item.text, item.href)
        else:
            yield item, None


def listing_problems(
    directory: Directory, addresses: Addresses, *, today: date
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of the descriptions of the published listings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for service, field, text in _markdown_fields(directory.published(today)):
        key_line = service.source.line_of(field)
        # A text on more than one line is a block (`description: |`)
        # whose text starts on the line after its key.
        first = key_line + 1 if "\n" in text.strip() else key_line
        name = say.service_named(service.name)
        for item, warning in _sorted(list(scan(text))):
            line = first + item.line
            message = warning
            if item.kind == "image":
                problems.append(
                    Problem(service.source.file, line, say.image_in_listing(item.wrote), name,
                            field)
                )  # fmt: skip
                continue
            if item.kind == "link" and warning is None:
                broken = addresses.broken(item.href, folder="", listing=True)
                if broken is not None:
                    message = say.no_such_page(item.text, item.href, broken.nearest)
                    problems.append(
                        Problem(service.source.file, line, message, name, field)
                    )
                continue
            if message is not None:
                warnings.append(Problem(service.source.file, line, message, name, field))
    return problems, warnings


def _markdown_fields(services: Iterable[Service]) -> Iterator[tuple[Service, str, str]]:
    """(service, field, text) of each markdown field a listing fills in."""
    for service in services:
        if service.description:
            yield service, "description", service.description
        if service.organisation is not None and service.organisation.description:
            yield service, "organisation.description", service.organisation.description


def guidance_problems(
    pages: Sequence[GuidanceSource], addresses: Addresses
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of the guidance pages as written."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for page in pages:
        folder = posixpath.dirname(page.path)
        for item, warning in _sorted(list(scan(page.body, tables=True))):
            line = page.body_line + item.line
            if item.kind == "image":
                problems.append(Problem(page.label, line, say.image_in_guidance(item.wrote)))
            elif warning is not None:
                warnings.append(Problem(page.label, line, warning))
            elif is_internal(item.href):
                broken = addresses.broken(item.href, folder=folder)
                if broken is not None:
                    message = say.no_such_page(item.text, item.href, broken.nearest)
                    problems.append(Problem(page.label, line, message))
    return problems, warnings
