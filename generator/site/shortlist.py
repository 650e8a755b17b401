"""The key facts "My list" shows, in small JSON files of a few services each.

The site is static, so the My list page cannot ask a server about the
services a visitor saved. The build writes the key facts of about
`SERVICES_PER_FILE` services to each file `assets/mylist/<n>.json`, the
file a service is in found from its id by a hash that mylist.js computes
too, and the page fetches only the few files it needs: a few kilobytes
whatever the size of the directory, where one file of every service would
be megabytes at 10,000. Not one file per service: a static host serves
each file, and the build creates each one, which on a slow disk cost more
than making the facts (docs/performance.md).
Values are words as the service page says them (speech.py), never HTML:
the script puts them into the page as text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.data import recurrence
from generator.data.model import Location, Service, Session
from generator.site import speech

FOLDER = "assets/mylist"
"""Where the files go inside the built site: `assets/mylist/<n>.json`."""

SERVICES_PER_FILE = 8
"""About how many services' key facts one file holds: a list of ten services
then costs a visitor a few kilobytes."""


def key_facts(service: Service) -> dict[str, Any]:
    """The facts a professional needs to hand a family a list: how to get the
    service and get in touch, when, where, for whom and at what cost. Absent facts are left out."""
    facts: dict[str, Any] = {
        "id": service.id,
        "name": service.name,
        "summary": service.summary,
        "ages": speech.age_words(service.ages),
    }
    if service.status == "temporarily-closed":
        facts["closed"] = True
    cost = speech.cost_words(service.cost)
    cost_parts = [part for part in (cost, service.cost and service.cost.description) if part]
    if cost_parts:
        facts["cost"] = ". ".join(part.rstrip(".") for part in cost_parts) + "."
    access = service.how_to_access
    if access is not None and (access.methods or access.details):
        # As the service page says it: each way in, then the listing's own words.
        facts["access"] = [speech.access_words(m) for m in access.methods]
        facts["access"] += [access.details] if access.details else []
    contact = service.contact
    if contact is not None:
        if contact.phone is not None:
            facts["phone"] = {"display": contact.phone.display, "tel": contact.phone.e164}
        if contact.email:
            facts["email"] = contact.email
        if contact.website:
            facts["website"] = contact.website
    if service.schedule:
        facts["times"] = [_session_words(session) for session in service.schedule]
    addresses = [_address(location) for location in service.locations]
    if any(addresses):
        facts["addresses"] = [address for address in addresses if address]
    if service.covers:
        facts["area"] = speech.list_words(service.covers)
    facts["reviewed"] = speech.date_words(service.last_reviewed)
    return facts


def retired_facts(service: Service) -> dict[str, Any]:
    """A retired service keeps its facts too, so a list saved before it closed
    says so instead of failing."""
    return {"id": service.id, "name": service.name, "retired": True}


def file_count(services: int) -> int:
    """How many files the key facts of `services` services go in: a power of
    two, so that `file_of` is the low bits of the hash (the My list page is
    told the number: its `data-lo-files`)."""
    count = 1
    while count * SERVICES_PER_FILE < services:
        count *= 2
    return count


def file_of(service_id: str, count: int) -> str:
    """The file of `count` that holds the key facts of `service_id`: the
    32-bit FNV-1a hash of the id (ids are ASCII), as mylist.js's `fileOf`."""
    number = 0x811C9DC5
    for char in service_id:
        number = ((number ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return f"{FOLDER}/{number & (count - 1)}.json"


def shortlist_files(
    published: Sequence[Service], retired: Sequence[Service] = ()
) -> dict[str, str]:
    """{path inside the site: JSON text} for every published and retired service:
    each file an object of the key facts of its services, by id.

    Compact JSON with sorted keys: small, and byte-identical between builds.
    """
    count = file_count(len(published) + len(retired))
    files: dict[str, dict[str, dict[str, Any]]] = {}
    for service in published:
        files.setdefault(file_of(service.id, count), {})[service.id] = key_facts(service)
    for service in retired:
        files.setdefault(file_of(service.id, count), {})[service.id] = retired_facts(service)
    return {path: _dump(files[path]) for path in sorted(files)}


def _session_words(session: Session) -> str:
    if not recurrence.is_weekly(session):
        return "; ".join(speech.session_lines(session))
    days = speech.list_words(speech.day_words(day) for day in session.days)
    hours = f"{speech.time_words(session.opens)} to {speech.time_words(session.closes)}"
    return f"{days}: {hours}" + (f" ({session.note})" if session.note else "")


def _address(location: Location) -> str:
    return ", ".join(part for part in (location.name, location.address, location.postcode) if part)


def _dump(facts: dict[str, Any]) -> str:
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
