"""schema.org structured data (JSON-LD) for a service page.

Search engines and assistants read it to show a service's provider, hours and
contact details directly. The data is built from checked model objects, and
the `<script>` element is written so that no editor text can end it early:
every `<`, `>` and `&` in the JSON becomes a `\\u003c`-style escape, which
JSON parsers read back as the same character.
"""

from __future__ import annotations

import json
from typing import Any

from generator.data.model import Directory, Location, Service, Session
from generator.site.addresses import page_url

Json = dict[str, Any]

SCHEMA_DAYS: dict[str, str] = {
    "monday": "https://schema.org/Monday",
    "tuesday": "https://schema.org/Tuesday",
    "wednesday": "https://schema.org/Wednesday",
    "thursday": "https://schema.org/Thursday",
    "friday": "https://schema.org/Friday",
    "saturday": "https://schema.org/Saturday",
    "sunday": "https://schema.org/Sunday",
}

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",  # line and paragraph separators end a line in some script parsers
    "\u2029": "\\u2029",
}


def is_council(service: Service, council: str) -> bool:
    """Whether the council itself provides the service (names compared without case)."""
    organisation = service.organisation
    return organisation is not None and organisation.name.casefold() == council.casefold()


def service_jsonld(service: Service, directory: Directory, *, site_url: str, council: str) -> Json:
    """The schema.org description of one service page, as a dict.

    A `GovernmentService` when the council provides it (`council` is the
    council's name as in mkdocs.yml `extra.council`), otherwise a `Service`.
    """
    url = page_url(site_url, service.id)
    government = is_council(service, council)
    data: Json = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if government else "Service",
        "@id": f"{url}#service",
        "name": service.name,
        "description": service.summary,
        "url": url,
    }
    themes = {term.id: term.name for term in directory.themes}
    if service.themes:
        data["serviceType"] = [themes.get(theme, theme) for theme in service.themes]
    if service.organisation is not None:
        data["provider"] = _compact(
            {
                "@type": "GovernmentOrganization" if government else "Organization",
                "name": service.organisation.name,
                "url": service.organisation.website,
            }
        )
    if service.covers:
        areas = [{"@type": "AdministrativeArea", "name": area} for area in service.covers]
        data["areaServed"] = areas[0] if len(areas) == 1 else areas
    if service.ages is not None:
        data["audience"] = {
            "@type": "PeopleAudience",
            "suggestedMinAge": service.ages.min,
            "suggestedMaxAge": service.ages.max,
        }
    if service.schedule:
        hours = [spec for session in service.schedule for spec in _hours(session)]
        if hours:
            data["hoursAvailable"] = hours
    channel = _channel(service)
    if channel:
        data["availableChannel"] = channel
    if service.cost is not None and (service.cost.free is not None or service.cost.description):
        offer: Json = {"@type": "Offer"}
        if service.cost.free:
            offer.update(price=0, priceCurrency="GBP")
        if service.cost.description:
            offer["description"] = service.cost.description
        data["offers"] = offer
    return data


def _hours(session: Session) -> list[Json]:
    """schema.org's opening hours: weekly days (between valid dates, if any), or
    one day per date. It cannot say "first Tuesday of the month": a monthly
    session is left out rather than published as every week."""
    if session.weeks:
        return []
    common = {"opens": session.opens, "closes": session.closes, "description": session.note}
    if not session.days:
        return [
            _compact(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day.isoformat(),
                    "validThrough": day.isoformat(),
                    **common,
                }
            )
            for day in session.dates
        ]
    return [
        _compact(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [SCHEMA_DAYS[day] for day in session.days],
                "validFrom": session.valid_from.isoformat() if session.valid_from else None,
                "validThrough": session.valid_to.isoformat() if session.valid_to else None,
                **common,
            }
        )
    ]


def _channel(service: Service) -> Json | None:
    """How to reach the service: its website, phone and email, places and languages."""
    contact = service.contact
    channel: Json = {"@type": "ServiceChannel"}
    if contact is not None and contact.website:
        channel["serviceUrl"] = contact.website
    if contact is not None and (contact.phone or contact.email):
        channel["servicePhone"] = _compact(
            {
                "@type": "ContactPoint",
                "telephone": contact.phone.e164 if contact.phone else None,
                "email": contact.email,
            }
        )
    places = [_place(location) for location in service.locations]
    if places:
        channel["serviceLocation"] = places
    if service.languages:
        channel["availableLanguage"] = list(service.languages)
    return channel if len(channel) > 1 else None


def _place(location: Location) -> Json:
    address = None
    if location.address or location.postcode:
        address = _compact(
            {
                "@type": "PostalAddress",
                "streetAddress": location.address,
                "postalCode": location.postcode,
                "addressCountry": "GB",
            }
        )
    geo = None
    if location.latitude is not None and location.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    return _compact({"@type": "Place", "name": location.name, "address": address, "geo": geo})


def _compact(data: Json) -> Json:
    return {key: value for key, value in data.items() if value is not None}


def script_json(data: Json) -> str:
    """JSON that is safe inside a `<script>` element whatever strings it holds.

    One `replace` per character present rather than `str.translate`, which
    looks every character up in a dict and took longer than `json.dumps`
    itself (0.04 ms a service page).
    """
    text = json.dumps(data, ensure_ascii=False, indent=None)
    for character, escaped in _SCRIPT_ESCAPES.items():
        if character in text:
            text = text.replace(character, escaped)
    return text


def jsonld_script(data: Json) -> str:
    """The `<script type="application/ld+json">` element for a page's `<head>` or body."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'


def service_jsonld_script(
    service: Service, directory: Directory, *, site_url: str, council: str
) -> str:
    """The ready-to-insert JSON-LD element of one service page."""
    return jsonld_script(service_jsonld(service, directory, site_url=site_url, council=council))
