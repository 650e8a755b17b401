"""Directory -> open data: an Open Referral UK feed (HSDS 3.0 JSON) and a CSV for spreadsheets.

Councils are asked to publish their directory in the Open Referral UK form so
that national directories, the NHS and apps can reuse it instead of retyping
it. A static site cannot answer queries, so we write, as files under
`site/api/`, the documents the feed's endpoints return for their simplest
requests (`generator.publish.feed` names each file and the host rules that
serve it at the endpoint's address):

- `index.json` (`GET /`): the feed's version, profile and OpenAPI file;
- `services.json` (`GET /services`): the paginated service list, one page;
- `services/<uuid>.json` (`GET /services/{id}`): one service, fully nested;
- `taxonomies.json`, `taxonomy_terms.json` and an item file for each: our
  themes, SEND needs, accessibility features and ways to get help as
  taxonomies and terms;
- `service_at_locations.json` and its items: each place a service runs;
- `organizations.json` and its items: who runs the services, each with them;
- `services.csv`: one row per service, every published field, for spreadsheets.

Decisions (explained for councils in docs/open-data.md):

- HSDS ids must be UUIDs. We derive them with uuid5, so they stay the same
  from build to build: the site's address names a namespace (uuid5 of
  NAMESPACE_URL and `site_url`), the service's first id names the service in
  it, and every part of a service (location, phone, schedule...) is named
  inside its service's UUID. Renaming a service keeps its UUID as long as the
  old id stays first in `previous_ids`.
- Local fields follow HSDS's rule for extensions: use an HSDS property
  wherever one fits (themes, SEND needs, accessibility features and access
  methods are taxonomy terms applied through `attributes`); only what has no
  HSDS property becomes an additional, documented property (`local_offer_id`,
  `local_offer_url`), which the schemas allow.
- `owner` is never published: it names who reviews a listing, often a
  person's work email, and is for editors only.

Published services are exported in full; retired ones as `defunct`, with
only what names them, so that consumers can remove them. The output depends
on nothing but the directory, its git history (`last_modified`), `site_url`,
`title` and `today`, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import csv
import itertools
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import pycountry

from generator.data import recurrence
from generator.data.model import (
    Contact,
    ContactPhone,
    Cost,
    CostOption,
    Directory,
    HowToAccess,
    Location,
    Organisation,
    Person,
    Phone,
    Service,
    Session,
    Term,
)
from generator.data.yamlnodes import gc_paused
from generator.publish import feed
from generator.site import speech
from generator.site.addresses import page_url
from generator.site.history import ListingHistory

Json = dict[str, Any]

HSDS_STATUS: dict[str, str] = {
    "active": "active",
    "temporarily-closed": "temporarily closed",
    "retired": "defunct",
}
"""Our statuses -> HSDS service.status. `inactive` listings are never exported."""

LIST_SEPARATOR = "; "
"""Joins the items of a list in one CSV cell, as spreadsheet users read them."""

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "'")
"""A CSV text cell starting with one of these gets a leading apostrophe.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula, so editor text such as a markdown list
("- talking therapies") or a hostile "=HYPERLINK(...)" would be evaluated
when someone opens the file. An apostrophe makes the spreadsheet show the
cell as text (and hides the apostrophe). A value that itself starts with an
apostrophe is escaped the same way, so a reader can always remove exactly
one leading apostrophe to get the value back (see `csv_unescape`).
"""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One of our controlled lists, published as an HSDS taxonomy."""

    key: str  # "themes", "needs", "accessibility", "access-methods"
    name_suffix: str  # "themes" -> "Hollinbrook Local Offer themes"
    description: str
    link_type: str  # what the term says about the thing it is applied to
    page: str | None  # the site's own page listing the terms, if any


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        "themes",
        "themes",
        "The themes that group the services of the {title}.",
        "category",
        "themes/",
    ),
    Taxonomy(
        "needs",
        "SEND needs",
        "The special educational needs and disabilities (SEND) a service in the {title} "
        "says it supports.",
        "eligibility",
        "needs/",
    ),
    Taxonomy(
        "accessibility",
        "accessibility features",
        "Accessibility features of the venues where services in the {title} take place.",
        "accessibility",
        None,
    ),
    Taxonomy(
        "access-methods",
        "ways to get help",
        "How people can start using a service in the {title}: referral, drop-in or appointment.",
        "application_process",
        None,
    ),
    Taxonomy(
        "attending",
        "ways to attend",
        "How people take part in a service in the {title}: at a venue, by phone, online or "
        "at home. Open Referral UK version 1 calls this attending_type.",
        "attending_type",
        None,
    ),
)
_TAXONOMY = {taxonomy.key: taxonomy for taxonomy in TAXONOMIES}


def site_namespace(site_url: str) -> uuid.UUID:
    """The UUID namespace of one site: every HSDS id we publish lives inside it.

    Derived from the site's address (RFC 4122's URL namespace), so that two
    councils using this generator, with the same service ids, never publish the
    same UUID for different services; and stable for as long as the address is.
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, _site_root(site_url))


def _service_name(service: Service) -> str:
    """The name of a service's HSDS id in the site's namespace: its first id,
    so that a rename keeps it."""
    first_id = service.previous_ids[0] if service.previous_ids else service.id
    return f"service/{first_id}"


def _site_root(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def _child(parent: str, name: str) -> str:
    """The UUID of a part of something (`name` "location/2": a service's 2nd location)."""
    return _uuid5(uuid.UUID(parent), name)


def _uuid5(namespace: uuid.UUID, name: str) -> str:
    return str(uuid.uuid5(namespace, name))


_UNSET: tuple[object, ...] = (None, [], "")


def _compact(document: Json) -> Json:
    """Drop unset properties: HSDS types allow no null, and an empty list says nothing.

    Most values are set, and a true value is tested at once; only a false one
    (0 and False are set) is compared with the unset ones.
    """
    return {key: value for key, value in document.items() if value or value not in _UNSET}


class _Builder:
    """Everything one export needs to turn services into HSDS documents."""

    def __init__(self, directory: Directory, *, site_url: str, title: str) -> None:
        self.site_url = _site_root(site_url)
        self.title = title
        self.namespace = site_namespace(site_url)
        self._namespace = self.namespace
        self.lists: dict[str, dict[str, Term]] = {
            "themes": {term.id: term for term in directory.themes},
            "needs": {term.id: term for term in directory.needs},
            "accessibility": {term.id: term for term in directory.accessibility},
            "access-methods": {
                method: Term(method, words, "") for method, words in speech.ACCESS_WORDS.items()
            },
            "attending": {
                way: Term(way, words, "") for way, words in speech.ATTENDING_WORDS.items()
            },
        }
        self._taxonomies: dict[str, Json] = {}
        self._terms: dict[tuple[str, str], Json] = {}
        self._providers: dict[str, Organisation] = {}
        self._organisations: dict[str, Json] = {}

    def know_organisations(self, services: Iterable[Service]) -> None:
        """One organisation for each name (without case), whatever each listing says of it.

        Its UUID comes from its name, so two listings of the same organisation
        must publish the same document, at `/organizations/{id}` and in each
        service: it takes the first website and description any listing gives.
        """
        for service in services:
            given = service.organisation
            if given is None:
                continue
            key = given.name.casefold()
            known = self._providers.get(key)
            if known is None:
                self._providers[key] = given
            elif not (known.website and known.description):
                self._providers[key] = Organisation(
                    known.name,
                    known.website or given.website,
                    known.description or given.description,
                )

    # --- taxonomies -------------------------------------------------------

    def taxonomy_id(self, key: str) -> str:
        return _uuid5(self._namespace, f"taxonomy/{key}")

    def taxonomy(self, key: str) -> Json:
        if key not in self._taxonomies:
            taxonomy = _TAXONOMY[key]
            self._taxonomies[key] = _compact(
                {
                    "id": self.taxonomy_id(key),
                    "name": f"{self.title} {taxonomy.name_suffix}",
                    "description": taxonomy.description.format(title=self.title),
                    "uri": self.site_url + taxonomy.page if taxonomy.page else None,
                }
            )
        return self._taxonomies[key]

    def term(self, key: str, term_id: str) -> Json:
        """A term as HSDS describes it; made once and shared by every attribute that uses it."""
        found = self._terms.get((key, term_id))
        if found is not None:
            return found
        term = self.lists[key][term_id]
        taxonomy = self.taxonomy(key)
        found = self._terms[(key, term_id)] = _compact(
            {
                "id": _uuid5(self._namespace, f"taxonomy/{key}/{term.id}"),
                "code": term.id,
                "name": term.name,
                # HSDS requires a description; a term without one is described by its name.
                "description": term.description or term.name,
                "taxonomy": taxonomy["name"],
                "taxonomy_id": taxonomy["id"],
                "language": "en",
                "term": term.name,  # Open Referral UK's name for the term itself
            }
        )
        return found

    def attribute(self, link_id: str, link_entity: str, key: str, term_id: str) -> Json:
        term = self.term(key, term_id)
        return {
            "id": _child(link_id, f"attribute/{key}/{term_id}"),
            "link_id": link_id,
            "link_type": _TAXONOMY[key].link_type,
            "link_entity": link_entity,
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }

    # --- services ---------------------------------------------------------

    def service_id(self, service: Service) -> str:
        return _uuid5(self._namespace, _service_name(service))

    def retired(self, service: Service, changed: ListingHistory | None) -> Json:
        """A retired service as HSDS says a service that no longer runs: `defunct`.

        Consumers who copied it then know to remove it. Only what names it is
        kept: its contact details and times may no longer be true.
        """
        organisation = self.organisation(service.organisation)
        return _compact(
            {
                "id": self.service_id(service),
                "organization_id": organisation["id"] if organisation else None,
                "name": service.name,
                "description": service.summary,
                "status": HSDS_STATUS[service.status],
                "assured_date": service.last_reviewed.isoformat(),
                "last_modified": _timestamp(changed),
                "local_offer_id": service.id,
                "local_offer_url": page_url(self.site_url, service.id),
                "organization": organisation,
            }
        )

    def service(self, service: Service, changed: ListingHistory | None = None) -> Json:
        """One service, fully nested, in the shape of HSDS's `service_full`."""
        sid = self.service_id(service)
        contact = service.contact or Contact()
        organisation = self.organisation(service.organisation)
        attributes = [
            *(self.attribute(sid, "service", "themes", theme) for theme in service.themes),
            *(self.attribute(sid, "service", "needs", need) for need in service.needs),
        ]
        if service.how_to_access is not None:
            attributes += [
                self.attribute(sid, "service", "access-methods", method)
                for method in service.how_to_access.methods
            ]
        attributes += [
            self.attribute(sid, "service", "attending", way) for way in service.attending
        ]
        attending = _attending_type(service.attending)
        ages = service.ages
        return _compact(
            {
                "id": sid,
                "organization_id": organisation["id"] if organisation else None,
                "name": service.name,
                "description": _description(service),
                "url": contact.website,
                "email": contact.email,
                "status": HSDS_STATUS[service.status],
                "application_process": _application_process(service.how_to_access),
                "fees_description": service.cost.description if service.cost else None,
                "eligibility_description": service.eligibility,
                "minimum_age": ages.min if ages else None,
                "maximum_age": ages.max if ages else None,
                "assured_date": service.last_reviewed.isoformat(),
                "alert": _alert(service),
                "last_modified": _timestamp(changed),
                "local_offer_id": service.id,
                "local_offer_url": page_url(self.site_url, service.id),
                "organization": organisation,
                "phones": _phones(contact, sid),
                "schedules": [
                    schedule
                    for index, session in enumerate(service.schedule, 1)
                    for schedule in _schedules(session, sid, index, attending)
                ],
                "service_areas": [
                    _service_area(area, sid, index) for index, area in enumerate(service.covers, 1)
                ],
                "service_at_locations": [
                    self.service_at_location(location, sid, index)
                    for index, location in enumerate(service.locations, 1)
                ],
                "languages": [
                    _compact(
                        {
                            "id": _child(sid, f"language/{name.casefold()}"),
                            "service_id": sid,
                            "name": name,
                            "code": language_code(name),
                        }
                    )
                    for name in service.languages
                ],
                "cost_options": _cost_options(service.cost, sid),
                "contacts": [
                    _contact(person, sid, index) for index, person in enumerate(service.contacts, 1)
                ],
                "attributes": attributes,
            }
        )

    def organisation(self, organisation: Organisation | None) -> Json | None:
        """An organisation as HSDS describes it; made once and shared by its services
        (see `know_organisations`)."""
        if organisation is None:
            return None
        key = organisation.name.casefold()
        found = self._organisations.get(key)
        if found is None:
            found = self._organisations[key] = self._organisation(
                self._providers.get(key, organisation)
            )
        return found

    def _organisation(self, organisation: Organisation) -> Json:
        document = _compact(
            {
                "id": _uuid5(self._namespace, f"organization/{organisation.name.casefold()}"),
                "name": organisation.name,
                "website": organisation.website,
            }
        )
        # HSDS requires a description. Without the editor's, it is empty: a
        # sentence made up for every provider would tell consumers nothing.
        document["description"] = organisation.description or ""
        return document

    def organisations(self) -> list[Json]:
        """Every organisation a published or retired service names, in the order first met."""
        return list(self._organisations.values())

    def service_at_location(self, location: Location, sid: str, index: int) -> Json:
        link_id = _child(sid, f"service_at_location/{index}")
        location_id = _child(sid, f"location/{index}")
        return {
            "id": link_id,
            "service_id": sid,
            "location_id": location_id,
            "location": _compact(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "name": location.name,
                    "description": location.description,
                    "transportation": location.transport,
                    "latitude": location.latitude,
                    "longitude": location.longitude,
                    "addresses": _addresses(location, location_id),
                    "accessibility": [
                        self.accessibility(feature, location_id)
                        for feature in location.accessibility
                    ],
                }
            ),
        }

    def accessibility(self, feature: str, location_id: str) -> Json:
        term = self.lists["accessibility"][feature]
        entry_id = _child(location_id, f"accessibility/{feature}")
        return _compact(
            {
                "id": entry_id,
                "location_id": location_id,
                "description": term.name,
                "details": term.description,
                "accessibility": term.name,  # Open Referral UK's own property for the same text
                "attributes": [self.attribute(entry_id, "accessibility", "accessibility", feature)],
            }
        )

    def used_terms(self) -> list[Json]:
        """Every term some published service uses, list by list, in the lists' order.

        HSDS asks publishers not to ship unused taxonomy terms.
        """
        return [
            self._terms[(key, term_id)]
            for key, terms in self.lists.items()
            for term_id in terms
            if (key, term_id) in self._terms
        ]

    def used_taxonomies(self) -> list[Json]:
        return [self._taxonomies[key] for key in self.lists if key in self._taxonomies]


def _timestamp(changed: ListingHistory | None) -> str | None:
    """`last_modified`: when the listing last changed in git, to the second, in UTC.

    The same commit as the service page's "Last changed"; none without git.
    """
    if changed is None:
        return None
    return changed.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def language_code(name: str) -> str | None:
    """The ISO 639 code of a language named in English ("Urdu" -> "ur"), if ISO 639 has it.

    ISO 639-1's two letters where the language has them, as HSDS asks, or
    else ISO 639-3's three ("British Sign Language" -> "bfi"). A name the
    standard does not know (a signing system such as Makaton) has no code.
    """
    try:
        language = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    code = getattr(language, "alpha_2", None) or getattr(language, "alpha_3", None)
    return str(code) if code else None


def _description(service: Service) -> str:
    """The summary as the first paragraph, then the markdown description.

    HSDS has no summary: its guidance says consumers take a short description
    from the first sentence or line of `description`, so the summary goes there.
    """
    if service.description:
        return f"{service.summary}\n\n{service.description.strip()}"
    return service.summary


def _application_process(how: HowToAccess | None) -> str | None:
    if how is None:
        return None
    sentences = [f"{speech.access_words(method)}." for method in how.methods]
    if how.details:
        sentences.append(how.details)
    return " ".join(sentences) or None


def _phone(phone: Phone, owner_id: str, owner_field: str, description: str | None = None) -> Json:
    return _compact(
        {
            "id": _child(owner_id, f"phone/{phone.e164}"),
            owner_field: owner_id,
            "number": phone.display,
            "description": description,
        }
    )


def _phones(contact: Contact, sid: str) -> list[Json]:
    """The main number, then the others with what each is for (each number once)."""
    numbers: list[tuple[Phone, str | None]] = [(contact.phone, None)] if contact.phone else []
    numbers += [(extra.number, extra.description) for extra in contact.phones]
    seen: set[str] = set()
    out = []
    for phone, description in numbers:
        if phone.e164 not in seen:
            seen.add(phone.e164)
            out.append(_phone(phone, sid, "service_id", description))
    return out


def _alert(service: Service) -> str | None:
    """HSDS `alert`: a temporary closure's warning, then the editor's alert."""
    closed = speech.CLOSED_WARNING if service.status == "temporarily-closed" else None
    return " ".join(part for part in (closed, service.alert) if part) or None


def _attending_type(ways: Sequence[str]) -> str | None:
    """HSDS 3.0 has `attending_type` on schedules only, as free text: "Online and by phone"."""
    if not ways:
        return None
    words = [speech.attending_words(way) for way in ways]
    return speech.list_words([words[0], *(word[0].lower() + word[1:] for word in words[1:])])


def _schedules(session: Session, sid: str, index: int, attending: str | None) -> list[Json]:
    """A row of opening times as HSDS schedules: its iCal rule (from `recurrence`),
    or one schedule for each date of a dated session, whose `dtstart` is that date.

    Times are local UK time, written without an offset: a fixed offset would
    be wrong for half the year (GMT/BST), and HSDS's `timezone` is one too.
    docs/open-data.md says so.
    """
    common = {
        "opens_at": session.opens,
        "closes_at": session.closes,
        "attending_type": attending,
        "notes": session.note,
    }
    if not session.days:
        return [
            _compact(
                {
                    "id": _child(sid, f"schedule/{index}/{day.isoformat()}"),
                    "service_id": sid,
                    "dtstart": day.isoformat(),
                    "valid_from": day.isoformat(),
                    "valid_to": day.isoformat(),
                    "description": line,
                    **common,
                }
            )
            for day, line in zip(session.dates, speech.session_lines(session), strict=True)
        ]
    parts = recurrence.rrule_parts(session)
    if recurrence.is_weekly(session):
        days = [speech.day_words(day) for day in session.days]
        hours = f"{speech.time_words(session.opens)} to {speech.time_words(session.closes)}"
        description = f"{speech.list_words(days)}, {hours}"
    else:
        description = speech.session_lines(session)[0].removesuffix(
            f" ({session.note})" if session.note else ""
        )
    start = session.valid_from.isoformat() if session.valid_from else None
    return [
        _compact(
            {
                "id": _child(sid, f"schedule/{index}"),
                "service_id": sid,
                "freq": parts["FREQ"],
                "byday": parts["BYDAY"].replace("+", ""),
                "valid_from": start,
                "valid_to": session.valid_to.isoformat() if session.valid_to else None,
                "dtstart": start,
                "description": description,
                **common,
            }
        )
    ]


def _service_area(area: str, sid: str, index: int) -> Json:
    # `service_area` is Open Referral UK's property for the same free text. The
    # first keeps the id a listing's one `area` always had.
    return {
        "id": _child(sid, "service_area" if index == 1 else f"service_area/{index}"),
        "service_id": sid,
        "name": area,
        "service_area": area,
    }


def _amount(amount: Decimal) -> int | float:
    """A JSON number: 5 for 5.00, 7.5 for 7.50."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _cost_options(cost: Cost | None, sid: str) -> list[Json]:
    """Each price as a cost option (`option` says what it is for); without prices,
    one option saying whether it is free."""
    if cost is not None and cost.options:
        return [
            _compact(
                {
                    "id": _child(sid, f"cost_option/{index}"),
                    "service_id": sid,
                    "option": option.purpose,
                    "amount": _amount(option.amount),
                    "currency": option.currency,
                    "amount_description": speech.cost_option_words(option),
                }
            )
            for index, option in enumerate(cost.options, 1)
        ]
    if cost is None or (cost.free is None and not cost.description):
        return []
    option: Json = {"id": _child(sid, "cost_option"), "service_id": sid}
    if cost.free:
        option.update(option="Free", amount=0, currency="GBP")
    elif cost.free is False:
        option.update(option="There is a cost")
    if cost.description:
        option["amount_description"] = cost.description
    return [option]


def _contact(person: Person, sid: str, index: int) -> Json:
    contact_id = _child(sid, f"contact/{index}")
    return _compact(
        {
            "id": contact_id,
            "service_id": sid,
            "name": person.name,
            "title": person.role,
            "email": person.email,
            "phones": [_phone(person.phone, contact_id, "contact_id")] if person.phone else [],
        }
    )


def _addresses(location: Location, location_id: str) -> list[Json]:
    """Our one-line address as an HSDS physical address.

    The last part after a comma is the town ("12 Mill Lane, Hollinbrook");
    HSDS requires a `state_province`, which England's addresses do not have,
    so it holds the nation, as Open Referral UK publishers commonly do.
    """
    if not location.address and not location.postcode:
        return []
    parts = [part.strip() for part in (location.address or "").split(",") if part.strip()]
    street, city = (", ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("".join(parts), "")
    return [
        {
            "id": _child(location_id, "address"),
            "location_id": location_id,
            "address_1": street,
            "city": city,
            "state_province": "England",
            "postal_code": location.postcode or "",
            "country": "GB",
            "address_type": "physical",
        }
    ]


def page(contents: Sequence[Json]) -> Json:
    """An HSDS API paginated response holding everything in one page.

    A static site cannot take `?page=`; one page keeps every consumer simple,
    and `total_pages` is then truly 1 (a consumer that asks for `?page=2` of
    it gets the same file, which it never needs to do).
    """
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": list(contents),
    }


def list_item(full: Json) -> Json:
    """A list entry: the service's one-to-one fields only, as `GET /services` returns."""
    return {key: value for key, value in full.items() if not isinstance(value, list)}


def root_document(*, site_url: str, title: str) -> Json:
    """`GET /`: what the feed is, for consumers that start at its base address.

    The description says plainly what a static feed cannot do, since the
    OpenAPI it names promises query parameters.
    """
    return {
        "version": feed.VERSION,
        "profile": feed.PROFILE_URL,
        "openapi_url": feed.OPENAPI_URL,
        "description": (
            f"The services of the {title} as Open Referral UK open data. "
            "These are static files, made again each time the site is published. "
            "Every list holds all its entries on one page. No query parameter is "
            "applied: ?search=, ?taxonomy_term_id=, ?page=, ?per_page=, "
            "?modified_after= and every other filter give the whole list."
        ),
        "local_offer_url": _site_root(site_url),
    }


def _service_at_location_documents(full: Json) -> list[tuple[Json, Json]]:
    """Each of a service's places as `GET /service_at_locations` lists it and as
    `GET /service_at_locations/{id}` gives it in full.

    Both OpenAPI files (HSDS's and the UK profile's) describe the full answer
    with the service schema, which requires `name` and `status`: so it also
    carries its service's. The service itself comes with its one-to-one
    fields only, in both: its full record is at `/services/{id}`, and a copy
    in each of its places would double the feed's size.
    """
    brief_service = list_item(full)
    documents = []
    for link in full.get("service_at_locations", []):
        location = link["location"]
        ids = {
            "id": link["id"],
            "service_id": link["service_id"],
            "location_id": link["location_id"],
        }
        brief = {**ids, "location": list_item(location), "service": brief_service}
        whole = {
            **ids,
            "name": full["name"],
            "status": full["status"],
            "location": location,
            "service": brief_service,
        }
        documents.append((brief, whole))
    return documents


class _Feed:
    """The feed's folder being written: each item's file as soon as its
    document is made, and the entries of each list, written last.

    A service's full document (some 40 dicts and lists) is freed once it is
    written; only its list entry is kept, for `GET /services`.
    """

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.lists: dict[str, list[Json]] = {name: [] for name in feed.COLLECTIONS}
        self._items: dict[str, list[Path]] = {name: [] for name in feed.COLLECTIONS}
        self._folders: set[str] = set()

    def write(self, name: str, text: str) -> Path:
        path = self.out_dir / name
        path.write_bytes(text.encode())  # UTF-8, newlines as they are
        return path

    def item(self, collection: str, document: Json) -> None:
        """`GET /<collection>/{id}`."""
        if collection not in self._folders:
            (self.out_dir / collection).mkdir(exist_ok=True)
            self._folders.add(collection)
        path = self.write(feed.item_file(collection, document["id"]), _json(document))
        self._items[collection].append(path)

    def listings(self) -> list[Path]:
        """Write `GET /<collection>` for each (every entry on one page); return
        each list's file followed by its items' files."""
        written = []
        for name in feed.COLLECTIONS:
            written.append(self.write(feed.list_file(name), _json(page(self.lists[name]))))
            written += self._items[name]
        return written


def write_open_data(
    directory: Directory,
    out_dir: Path,
    *,
    site_url: str,
    today: date,
    title: str = "Local Offer",
    changes: Mapping[str, ListingHistory] | None = None,
) -> list[Path]:
    """Write the open data for the services published on `today`, and the
    retired ones (as `defunct`), into `out_dir` (the site's `api/` folder):
    every endpoint's file (see `generator.publish.feed`), then the CSV.
    Returns the files.

    `title` names the taxonomies ("Hollinbrook Local Offer themes"): pass
    the site's name. `changes`: when each listing last changed (from git,
    `generator.site.history.listing_history`), for `last_modified`.

    Writes only: a service unpublished since an earlier export into the same
    folder keeps its old file, so export into a fresh folder (the build does).

    The documents are trees, freed by reference counting as each is written;
    the cycle collector is paused meanwhile, or it would re-walk the list
    entries again and again as they pile up, which took a third of the
    export's time.
    """
    changes = changes or {}
    builder = _Builder(directory, site_url=site_url, title=title)
    published = directory.published(today)
    retired = directory.retired()
    builder.know_organisations([*published, *retired])
    out = _Feed(out_dir)
    provided: dict[str, list[Json]] = {}
    with gc_paused():
        root = out.write(feed.ROOT_FILE, _json(root_document(site_url=site_url, title=title)))
        fulls = (builder.service(service, changes.get(service.id)) for service in published)
        defunct = (builder.retired(service, changes.get(service.id)) for service in retired)
        for full in itertools.chain(fulls, defunct):
            out.item("services", full)
            out.lists["services"].append(list_item(full))
            for brief, whole in _service_at_location_documents(full):
                out.item("service_at_locations", whole)
                out.lists["service_at_locations"].append(brief)
            if "organization_id" in full:
                entry = list_item(full)
                del entry["organization"]
                provided.setdefault(full["organization_id"], []).append(entry)
        out.lists["taxonomies"] = builder.used_taxonomies()
        out.lists["taxonomy_terms"] = builder.used_terms()
        out.lists["organizations"] = builder.organisations()
        for name in ("taxonomies", "taxonomy_terms"):
            for document in out.lists[name]:
                out.item(name, document)
        for organisation in out.lists["organizations"]:
            services = provided.get(organisation["id"], [])
            out.item("organizations", {**organisation, "services": services})
        written = [root, *out.listings()]
    del out, provided  # the list entries, before the CSV is made
    csv_file = out_dir / "services.csv"
    with csv_file.open("w", encoding="utf-8", newline="") as csv_text:
        write_services_csv(
            csv_text, published, directory, site_url=site_url, namespace=builder.namespace
        )
    return [*written, csv_file]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
"""Compact JSON (browsers and `jq` pretty-print it): without `indent`, Python's
fast C encoder runs, which matters at 10,000 services. The documents are trees
(terms and organisations are shared, but nothing contains itself), so the
encoder need not track every object it is inside to catch a loop."""


def _json(document: Json) -> str:
    return _ENCODER.encode(document) + "\n"


# --- CSV ------------------------------------------------------------------------


def csv_escape(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet (see FORMULA_STARTS)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_unescape(cell: str) -> str:
    """The value a text cell of services.csv stands for: the inverse of `csv_escape`."""
    return cell[1:] if cell.startswith("'") else cell


def _text(value: str | None) -> str:
    return csv_escape(value) if value else ""


def _joined(values: Iterable[str]) -> str:
    return _text(LIST_SEPARATOR.join(values))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _number(value: float | None) -> str:
    return "" if value is None else str(value)


Column = tuple[str, Callable[[Service], str]]


def _service_columns(directory: Directory, site_url: str, namespace: uuid.UUID) -> list[Column]:
    names = {
        "themes": {term.id: term.name for term in directory.themes},
        "needs": {term.id: term.name for term in directory.needs},
    }

    return [
        ("id", lambda s: s.id),
        ("hsds_id", lambda s: _uuid5(namespace, _service_name(s))),
        ("url", lambda s: page_url(site_url, s.id)),
        ("name", lambda s: _text(s.name)),
        ("summary", lambda s: _text(s.summary)),
        ("description", lambda s: _text(s.description)),
        ("status", lambda s: s.status),
        ("organisation", lambda s: _text(s.organisation.name if s.organisation else None)),
        (
            "organisation_website",
            lambda s: _text(s.organisation.website if s.organisation else None),
        ),
        (
            "organisation_description",
            lambda s: _text(s.organisation.description if s.organisation else None),
        ),
        ("themes", lambda s: _joined(s.themes)),
        ("theme_names", lambda s: _joined(names["themes"][t] for t in s.themes)),
        ("needs", lambda s: _joined(s.needs)),
        ("need_names", lambda s: _joined(names["needs"][n] for n in s.needs)),
        ("age_min", lambda s: str(s.ages.min) if s.ages else ""),
        ("age_max", lambda s: str(s.ages.max) if s.ages else ""),
        ("cost_free", lambda s: _yes_no(s.cost.free) if s.cost else ""),
        ("cost_description", lambda s: _text(s.cost.description if s.cost else None)),
        (
            "phone",
            lambda s: _text(s.contact.phone.display if s.contact and s.contact.phone else None),
        ),
        ("email", lambda s: _text(s.contact.email if s.contact else None)),
        ("website", lambda s: _text(s.contact.website if s.contact else None)),
        ("area", lambda s: _text(s.area)),
        ("areas", lambda s: _joined(s.areas)),
        ("attending", lambda s: _joined(s.attending)),
        ("alert", lambda s: _text(s.alert)),
        ("how_to_access", lambda s: _joined(s.how_to_access.methods if s.how_to_access else ())),
        (
            "how_to_access_details",
            lambda s: _text(s.how_to_access.details if s.how_to_access else None),
        ),
        ("eligibility", lambda s: _text(s.eligibility)),
        ("languages", lambda s: _joined(s.languages)),
        ("last_reviewed", lambda s: s.last_reviewed.isoformat()),
        ("visible_from", lambda s: s.visible_from.isoformat() if s.visible_from else ""),
        ("visible_to", lambda s: s.visible_to.isoformat() if s.visible_to else ""),
        ("previous_ids", lambda s: _joined(s.previous_ids)),
        ("source_system", lambda s: s.origin.system if s.origin else ""),
        ("source_id", lambda s: _text(s.origin.id if s.origin else None)),
    ]


Fields = Sequence[tuple[str, Callable[[Any], str]]]


@dataclass(frozen=True, slots=True)
class _Numbered:
    """Columns `contact_1_name`, `contact_1_role`, ... for a list of records.

    One column per part of each record keeps every value in its own cell,
    which a spreadsheet can sort and filter, and makes the file lossless.
    """

    prefix: str
    count: int  # as many numbers as the service that has most records
    fields: Fields
    items: Callable[[Service], Sequence[Any]]

    def names(self) -> list[str]:
        return [
            f"{self.prefix}_{number}_{name}"
            for number in range(1, self.count + 1)
            for name, _ in self.fields
        ]

    def cells(self, service: Service) -> list[str]:
        """A service's records, field by field, then empty cells for the numbers it lacks."""
        records = self.items(service)
        cells = [get(record) for record in records for _, get in self.fields]
        cells += [""] * ((self.count - len(records)) * len(self.fields))
        return cells


_PERSON_FIELDS: tuple[tuple[str, Callable[[Person], str]], ...] = (
    ("name", lambda p: _text(p.name)),
    ("role", lambda p: _text(p.role)),
    ("phone", lambda p: _text(p.phone.display if p.phone else None)),
    ("email", lambda p: _text(p.email)),
)
_SESSION_FIELDS: tuple[tuple[str, Callable[[Session], str]], ...] = (
    ("days", lambda t: _joined(t.days)),
    ("opens", lambda t: t.opens),
    ("closes", lambda t: t.closes),
    ("note", lambda t: _text(t.note)),
    ("weeks", lambda t: _joined(t.weeks)),
    ("dates", lambda t: _joined(day.isoformat() for day in t.dates)),
    ("valid_from", lambda t: t.valid_from.isoformat() if t.valid_from else ""),
    ("valid_to", lambda t: t.valid_to.isoformat() if t.valid_to else ""),
)
_LOCATION_FIELDS: tuple[tuple[str, Callable[[Location], str]], ...] = (
    ("name", lambda place: _text(place.name)),
    ("address", lambda place: _text(place.address)),
    ("postcode", lambda place: _text(place.postcode)),
    ("latitude", lambda place: _number(place.latitude)),
    ("longitude", lambda place: _number(place.longitude)),
    ("accessibility", lambda place: _joined(place.accessibility)),
    ("description", lambda place: _text(place.description)),
    ("transport", lambda place: _text(place.transport)),
)
_PHONE_FIELDS: tuple[tuple[str, Callable[[ContactPhone], str]], ...] = (
    ("number", lambda extra: extra.number.display),
    ("description", lambda extra: _text(extra.description)),
)
_COST_OPTION_FIELDS: tuple[tuple[str, Callable[[CostOption], str]], ...] = (
    ("amount", lambda option: str(option.amount)),
    ("currency", lambda option: option.currency),
    ("for", lambda option: _text(option.purpose)),
)


def csv_columns(
    services: Sequence[Service], directory: Directory, *, site_url: str, namespace: uuid.UUID
) -> tuple[list[Column], list[_Numbered]]:
    """The CSV's columns: one per field, then numbered groups for contacts, opening
    times, places, more phone numbers and prices.

    Each group has as many numbers as the service that has most (at least 1,
    so that the header always names every field).
    """

    def most(items: Callable[[Service], Sequence[Any]]) -> int:
        return max([1, *(len(items(s)) for s in services)])

    def contacts(s: Service) -> Sequence[Person]:
        return s.contacts

    def sessions(s: Service) -> Sequence[Session]:
        return s.schedule

    def locations(s: Service) -> Sequence[Location]:
        return s.locations

    def phones(s: Service) -> Sequence[ContactPhone]:
        return s.contact.phones if s.contact else ()

    def prices(s: Service) -> Sequence[CostOption]:
        return s.cost.options if s.cost else ()

    return _service_columns(directory, _site_root(site_url), namespace), [
        _Numbered("contact", most(contacts), _PERSON_FIELDS, contacts),
        _Numbered("session", most(sessions), _SESSION_FIELDS, sessions),
        _Numbered("location", most(locations), _LOCATION_FIELDS, locations),
        _Numbered("phone", most(phones), _PHONE_FIELDS, phones),
        _Numbered("cost_option", most(prices), _COST_OPTION_FIELDS, prices),
    ]


def write_services_csv(
    out: TextIO,
    services: Sequence[Service],
    directory: Directory,
    *,
    site_url: str,
    namespace: uuid.UUID,
) -> None:
    """services.csv into `out` (a file opened with `newline=""`): UTF-8 with a
    byte order mark, a header row, CRLF rows. Row by row, not made whole
    first: the text and its copies were most of what the export added to a
    large build's peak memory.

    The byte order mark is what makes Excel read the file as UTF-8 (so "£5"
    does not turn into "Â£5"); CSV readers that know UTF-8 skip it.
    """
    columns, groups = csv_columns(services, directory, site_url=site_url, namespace=namespace)
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns] + [name for g in groups for name in g.names()])
    for service in services:
        row = [get(service) for _, get in columns]
        for group in groups:
            row += group.cells(service)
        writer.writerow(row)


API_FOLDER = feed.API_FOLDER


def write_api(
    directory: Directory,
    site_dir: Path,
    *,
    site_url: str,
    today: date,
    title: str,
    changes: Mapping[str, ListingHistory] | None = None,
) -> list[Path]:
    """The open data under `site_dir`/api/ (see `generator.publish.opendata`); nothing
    without a `site_url`, which every link and id in it is built from."""
    if not site_url:
        return []
    return write_open_data(
        directory,
        site_dir / API_FOLDER,
        site_url=site_url,
        today=today,
        title=title,
        changes=changes,
    )
