"""Our own services.csv -> listings, exactly as they were (the round trip).

The CSV is lossless by design (one column per field, numbered columns for
contacts, opening times and places, `csv_escape` undone by `csv_unescape`),
so a council moving between two sites built by this generator, or restoring
one, gets its listings back as they were. Only `owner`, which is never
published, cannot come back.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from generator.importer.oruk import Draft
from generator.publish.opendata import LIST_SEPARATOR, csv_unescape

Row = dict[str, str]


def _text(row: Row, key: str) -> str | None:
    value = csv_unescape(row.get(key) or "")
    return value or None


def _items(row: Row, key: str) -> list[str]:
    value = _text(row, key)
    return value.split(LIST_SEPARATOR) if value else []


def _numbers(row: Row, prefix: str) -> list[int]:
    found = {int(m[1]) for key in row if (m := re.fullmatch(rf"{prefix}_([0-9]+)_\w+", key))}
    return sorted(found)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        target[key] = value


def draft(row: Row) -> Draft | str:
    """The listing a row of services.csv was made from, or why it cannot be read."""
    listing: dict[str, Any] = {}
    listing_id = _text(row, "id")
    name = _text(row, "name")
    if not name:
        return "it has no name"
    _put(listing, "id", listing_id)
    _put(listing, "previous_ids", _items(row, "previous_ids"))
    listing["name"] = name
    _put(listing, "summary", _text(row, "summary"))
    _put(listing, "description", _text(row, "description"))
    if row.get("status") and row["status"] != "active":
        listing["status"] = row["status"]
    org: dict[str, Any] = {}
    _put(org, "name", _text(row, "organisation"))
    _put(org, "website", _text(row, "organisation_website"))
    _put(org, "description", _text(row, "organisation_description"))
    _put(listing, "organisation", org)
    _put(listing, "themes", _items(row, "themes"))
    _put(listing, "needs", _items(row, "needs"))
    if row.get("age_min") and row.get("age_max"):
        listing["ages"] = {"min": int(row["age_min"]), "max": int(row["age_max"])}
    cost: dict[str, Any] = {}
    if row.get("cost_free"):
        cost["free"] = row["cost_free"] == "yes"
    _put(cost, "description", _text(row, "cost_description"))
    options = []
    for n in _numbers(row, "cost_option"):
        option: dict[str, Any] = {}
        for key in ("amount", "currency", "for"):
            _put(option, key, _text(row, f"cost_option_{n}_{key}"))
        if option:
            options.append(option)
    _put(cost, "options", options)
    _put(listing, "cost", cost)
    contact: dict[str, Any] = {}
    for key in ("phone", "email", "website"):
        _put(contact, key, _text(row, key))
    phones = []
    for n in _numbers(row, "phone"):
        phone: dict[str, Any] = {}
        _put(phone, "number", _text(row, f"phone_{n}_number"))
        _put(phone, "description", _text(row, f"phone_{n}_description"))
        if phone:
            phones.append(phone)
    _put(contact, "phones", phones)
    _put(listing, "contact", contact)
    people = []
    for n in _numbers(row, "contact"):
        person: dict[str, Any] = {}
        for key in ("name", "role", "phone", "email"):
            _put(person, key, _text(row, f"contact_{n}_{key}"))
        if person:
            people.append(person)
    _put(listing, "contacts", people)
    sessions = []
    for n in _numbers(row, "session"):
        session: dict[str, Any] = {}
        _put(session, "days", _items(row, f"session_{n}_days"))
        _put(session, "weeks", _items(row, f"session_{n}_weeks"))
        dates = [date.fromisoformat(d) for d in _items(row, f"session_{n}_dates")]
        _put(session, "dates", dates)
        _put(session, "opens", _text(row, f"session_{n}_opens"))
        _put(session, "closes", _text(row, f"session_{n}_closes"))
        for key in ("valid_from", "valid_to"):
            value = _text(row, f"session_{n}_{key}")
            _put(session, key, date.fromisoformat(value) if value else None)
        _put(session, "note", _text(row, f"session_{n}_note"))
        if session:
            sessions.append(session)
    _put(listing, "schedule", sessions)
    places = []
    for n in _numbers(row, "location"):
        place: dict[str, Any] = {}
        for key in ("name", "address", "postcode"):
            _put(place, key, _text(row, f"location_{n}_{key}"))
        for key in ("latitude", "longitude"):
            value = row.get(f"location_{n}_{key}")
            if value:
                place[key] = float(value)
        _put(place, "description", _text(row, f"location_{n}_description"))
        _put(place, "transport", _text(row, f"location_{n}_transport"))
        _put(place, "accessibility", _items(row, f"location_{n}_accessibility"))
        if place:
            places.append(place)
    _put(listing, "locations", places)
    _put(listing, "area", _text(row, "area"))
    _put(listing, "areas", _items(row, "areas"))
    _put(listing, "attending", _items(row, "attending"))
    _put(listing, "alert", _text(row, "alert"))
    how: dict[str, Any] = {}
    _put(how, "methods", _items(row, "how_to_access"))
    _put(how, "details", _text(row, "how_to_access_details"))
    _put(listing, "how_to_access", how)
    _put(listing, "eligibility", _text(row, "eligibility"))
    _put(listing, "languages", _items(row, "languages"))
    for key in ("last_reviewed", "visible_from", "visible_to"):
        if row.get(key):
            listing[key] = date.fromisoformat(row[key])
    source: dict[str, Any] = {}
    _put(source, "system", _text(row, "source_system"))
    _put(source, "id", _text(row, "source_id"))
    _put(listing, "source", source)
    return Draft(listing_id or name, listing, name, own_id=listing_id)
