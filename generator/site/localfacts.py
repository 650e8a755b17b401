"""Local facts in guidance markdown: references to the listings, and tappable numbers.

A guidance page never copies a phone number or a name by hand. It refers to
the listing instead, and the page shows the listing's current value:

    Phone {{service.hollinbrook-sendiass.phone}} or email {{service.hollinbrook-sendiass.email}}.

becomes `Phone [0161 496 0120](tel:+441614960120) or email
[sendiass@example.org](mailto:sendiass@example.org).` before any engine sees
the page. The result is an ordinary inline markdown link, which
Python-Markdown, every CommonMark renderer and Hugo's Goldmark draw alike; the
reference itself is plain text in any markdown preview, so an editor sees
what they wrote. `{{ site.council }}` and the like show a setting of
mkdocs.yml.

Phone numbers and email addresses written out by hand are still made links
(`autolink`), as an editor expects from a word processor: a number that a
phone cannot tap is no use to a parent on the move.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import phonenumbers

from generator.data import problems as say
from generator.data.checks import checked_email, checked_phone
from generator.data.model import Directory, Person, Service
from generator.site import speech
from generator.site.pages import SiteInfo

REFERENCE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
"""`{{ service.<id>.<detail> }}` or `{{ site.<setting> }}`, spaces inside optional."""

_SERVICE = re.compile(r"service\.([^.\s]+)\.(?:contacts\.([0-9]+)\.)?([^.\s]+)")
_SITE = re.compile(r"site\.([^.\s]+)")

DETAILS: tuple[str, ...] = ("name", "phone", "email", "website", "hours", "address")
"""What a reference can show of a listing."""

PERSON_DETAILS: tuple[str, ...] = ("name", "role", "phone", "email")
"""What a reference can show of a listing's named contact (`contacts.1.phone`: the first)."""

SETTINGS: tuple[str, ...] = ("name", "council", "area_name")
"""What a reference can show of the site (mkdocs.yml: site_name, extra.council, extra.area_name)."""

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a reference stands for: the markdown to show, or why it cannot be shown."""

    markdown: str | None
    problem: str | None = None
    service: say.EntryRef | None = None  # the listing, for the problem's heading


class Facts:
    """The current value of every reference, from the checked directory and the settings."""

    def __init__(self, directory: Directory, site: SiteInfo, *, today: date) -> None:
        self._services: dict[str, Service] = {s.id: s for s in directory.services}
        self._published = {s.id for s in directory.published(today)}
        self._site: Mapping[str, str] = {
            "name": site.name,
            "council": site.council,
            "area_name": site.area_name,
        }

    def resolve(self, expression: str, page: str) -> Resolved:
        """The markdown for `{{ expression }}` on the page `page` (its path in content/)."""
        found = _SERVICE.fullmatch(expression)
        if found is not None:
            return self._service_detail(found[1], found[2], found[3], page)
        found = _SITE.fullmatch(expression)
        if found is not None:
            if found[1] not in SETTINGS:
                return Resolved(None, say.unknown_setting(found[1], SETTINGS))
            value = self._site[found[1]]
            return (
                Resolved(_escaped(value))
                if value
                else Resolved(None, say.setting_not_set(found[1]))
            )
        return Resolved(None, say.unknown_reference("{{" + expression + "}}"))

    def _service_detail(self, ident: str, person: str | None, detail: str, page: str) -> Resolved:
        service = self._services.get(ident)
        if service is None:
            return Resolved(None, say.no_such_listing(ident, sorted(self._services)))
        label = say.service_named(service.name)
        if service.id not in self._published:
            return Resolved(None, say.listing_not_published(label, service.status), label)
        known = DETAILS if person is None else PERSON_DETAILS
        if detail not in known:
            return Resolved(None, say.unknown_detail(detail, known), label)
        where = f"{service.source.file}, line {service.source.line}"
        if person is None:
            markdown = _detail(service, detail, page)
            what = _DETAIL_WORDS[detail]
        else:
            number = int(person)
            contact = service.contacts[number - 1] if 0 < number <= len(service.contacts) else None
            markdown = _person_detail(contact, detail) if contact is not None else None
            what = f"{_DETAIL_WORDS[detail]} for named contact {number}"
        if markdown is None:
            return Resolved(None, say.listing_lacks(label, what, where), label)
        return Resolved(markdown, None, label)

    def expand(self, markdown: str, page: str) -> str:
        """`markdown` with every reference it can resolve replaced by its value.

        A reference that cannot be resolved stays as written: the check
        (`generator.site.guidance.check_pages`) has already stopped the build
        for it, so this only happens to a page no check has seen.
        """

        def value(found: re.Match[str]) -> str:
            return self.resolve(found[1], page).markdown or found[0]

        return REFERENCE.sub(value, markdown)


_DETAIL_WORDS = {
    "name": "name",
    "phone": "phone number",
    "email": "email address",
    "website": "website",
    "hours": "opening times",
    "address": "address",
    "role": "role",
}


def _detail(service: Service, detail: str, page: str) -> str | None:
    """One detail of a listing as markdown, or None when the listing does not have it."""
    contact = service.contact
    if detail == "name":
        return f"[{_escaped(service.name)}]({source_root(page)}services/{service.id}.md)"
    if detail == "phone":
        phone = contact.phone if contact else None
        return phone_link(phone.display, phone.e164) if phone else None
    if detail == "email":
        email = contact.email if contact else None
        return email_link(email) if email else None
    if detail == "website":
        website = contact.website if contact else None
        if website is None:
            return None
        target = website.replace("(", "%28").replace(")", "%29")  # a link's end in markdown
        return f"[{_escaped(service.name)} website]({target})"
    if detail == "hours":
        return _escaped(speech.hours_words(service.schedule)) if service.schedule else None
    located = next((place for place in service.locations if place.address or place.postcode), None)
    if located is None:
        return None
    return _escaped(", ".join(part for part in (located.address, located.postcode) if part))


def _person_detail(person: Person, detail: str) -> str | None:
    if detail == "phone":
        return phone_link(person.phone.display, person.phone.e164) if person.phone else None
    if detail == "email":
        return email_link(person.email) if person.email else None
    text = person.name if detail == "name" else person.role
    return _escaped(text) if text else None


def source_root(page: str) -> str:
    """The relative path from the folder of the source file `page` to content/:
    a markdown link names a page by its source file, from where that file is."""
    return "../" * page.count("/")


def phone_link(display: str, e164: str) -> str:
    return f"[{display}](tel:{e164})"


def email_link(email: str) -> str:
    return f"[{email}](mailto:{email})"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escaped(text: str) -> str:
    """Listing text placed in markdown as the words it is, never as markup: markdown's
    own marks escaped with a backslash, and HTML's as entities (both renderers,
    Python-Markdown and CommonMark, read these the same way)."""
    text = "".join(_HTML_SPECIAL.get(ch, ch) for ch in text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def autolink(text: str) -> str:
    """Plain prose with every UK phone number and email address in it made a link.

    `text` holds no markdown link or code (the caller passes only the prose
    between them). Numbers are found by libphonenumber's matcher and kept only
    when they pass the same check as a listing's phone; they are shown as the
    listing pages show them ("0161 496 0120"). Addresses are those that pass
    the listings' email check.
    """
    out: list[str] = []
    at = 0
    for found in _EMAIL.finditer(text) if "@" in text else ():
        email = checked_email(found[0])
        if email is not None:
            out += [_phones(text[at : found.start()]), email_link(found[0])]
            at = found.end()
    return "".join(out) + _phones(text[at:])


def _phones(text: str) -> str:
    if sum(ch.isdigit() for ch in text) < _FEWEST_DIGITS:
        return text
    out: list[str] = []
    at = 0
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID):
        phone = checked_phone(match.raw_string)
        if phone is not None:
            out += [text[at : match.start], phone_link(phone.display, phone.e164)]
            at = match.end
    return "".join(out) + text[at:]


_FEWEST_DIGITS = 10
"""A UK number has 10 or 11 digits: prose with fewer needs no matcher."""
