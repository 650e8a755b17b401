"""The key facts "My list" shows, as one small JSON file per service.

The site is static, so the My list page cannot ask a server about the
services a visitor saved. The build writes each service's key facts to
`assets/mylist/<id>.json` and the page fetches only the few it needs: one
file per id stays at about half a kilobyte whatever the size of the
directory, where one file of every service would be megabytes at 10,000.
Values are words as the service page says them (speech.py), never HTML:
the script puts them into the page as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.data import recurrence
from generator.data.model import Location, Service, Session
from generator.site import speech

FOLDER = "assets/mylist"
"""Where the files go inside the built site: `assets/mylist/<id>.json`."""


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
    """A retired service keeps a file too, so a list saved before it closed
    says so instead of failing."""
    return {"id": service.id, "name": service.name, "retired": True}


def shortlist_files(
    published: Iterable[Service], retired: Iterable[Service] = ()
) -> dict[str, str]:
    """{path inside the site: JSON text} for every published and retired service.

    Compact JSON with sorted keys: small, and byte-identical between builds.
    """
    files = {f"{FOLDER}/{s.id}.json": _dump(key_facts(s)) for s in published}
    files.update({f"{FOLDER}/{s.id}.json": _dump(retired_facts(s)) for s in retired})
    return dict(sorted(files.items()))


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
