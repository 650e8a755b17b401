"""One Open Referral service (UK v1 or HSDS 3.0) -> one draft listing, cleaned.

The two versions name the same things differently (`regular_schedules` and
`schedules`, `eligibilitys` and `minimum_age`, `physical_addresses` and
`addresses`, `service_taxonomys` and `attributes`), so one mapping reads
both, key by key. Recurrence parts (freq, byday such as "1TU,3TU",
valid_from, dtstart) are read as RFC 5545 rule parts with python-dateutil,
not by hand. Our own HSDS export (it carries `local_offer_id`) keeps its ids.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.rrule import weekdays as RRULE_DAYS

from generator import messages
from generator.data.checks import normal_postcode
from generator.data.model import DAYS
from generator.importer import clean
from generator.importer.crosswalk import Crosswalk

Record = dict[str, Any]
WEEKS = ("first", "second", "third", "fourth")
STATUSES = {
    "active": "active",
    "inactive": "inactive",
    "defunct": "retired",
    "temporarily closed": "temporarily-closed",
    "temporarily-closed": "temporarily-closed",
}
ATTENDING = (
    ("home-visit", ("home",)),
    ("online", ("online", "video", "remote", "virtual")),
    ("phone", ("phone", "telephone")),
    ("venue", ("venue", "in person", "in-person", "face to face", "centre")),
)
_DAY_CODES = {str(day): day for day in RRULE_DAYS}  # "MO" -> dateutil's MO


@dataclass(slots=True)
class Draft:
    """A listing as the import would write it, before its id is chosen."""

    source_id: str
    listing: dict[str, Any]
    name: str
    warnings: list[str] = field(default_factory=list)
    fallback_theme: bool = False
    own_id: str | None = None  # our own export's listing id, kept as it is
    text: str = ""  # the file's text, once written (`run._prepare`)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _date(value: Any, today: date) -> date | None:
    text = str(value or "")[:10]
    try:
        found = date.fromisoformat(text)
    except ValueError:
        return None
    return found if found <= today else None


def _time(value: Any) -> str | None:
    match = re.match(r"^\s*([01]?[0-9]|2[0-3]):([0-5][0-9])", str(value or ""))
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def _terms(record: Record) -> list[str]:
    terms: list[str] = []
    for link in _list(record.get("service_taxonomys")):
        taxonomy = _dict(_dict(link).get("taxonomy"))
        terms += [str(taxonomy[k]) for k in ("name", "id") if taxonomy.get(k)]
    for attribute in _list(record.get("attributes")):
        term = _dict(_dict(attribute).get("taxonomy_term"))
        terms += [str(term[k]) for k in ("name", "code", "term") if term.get(k)]
    for extra in ("categories", "keywords"):
        terms += [str(t.get("name", "")) if isinstance(t, dict) else str(t)
                  for t in _list(record.get(extra))]  # fmt: skip
    return terms


def draft(record: Record, crosswalk: Crosswalk, *, system: str, today: date) -> Draft | str:
    """The draft listing, or the reason the record is skipped."""
    source_id = str(record.get("id") or "").strip()
    name = clean.line(record.get("name"))
    if not name:
        return "it has no name"
    warnings: list[str] = []
    listing: dict[str, Any] = {"name": name}
    if clean.hostile(record.get("description")) or clean.hostile(
        _dict(record.get("organization")).get("description")
    ):
        warnings.append(messages.IMPORT_HOSTILE)
    own_id = clean.line(record.get("local_offer_id"))
    description = clean.markdown(record.get("description"), name)
    if own_id and description:
        first, _, rest = description.partition("\n\n")
        listing["summary"] = first
        description = rest.strip() or None
    else:
        listing["summary"] = clean.summary(description) if description else name
    if description and description != listing["summary"]:
        listing["description"] = description
    status = STATUSES.get(str(record.get("status") or "active").strip().casefold(), "active")
    if status != "active":
        listing["status"] = status
    alert = clean.line(record.get("alert"))
    if alert:
        listing["alert"] = alert

    organisation = _dict(record.get("organization"))
    org_name = clean.line(organisation.get("name"))
    if org_name:
        org: dict[str, Any] = {"name": org_name}
        website = clean.web_address(organisation.get("url") or organisation.get("website"))
        if website:
            org["website"] = website
        org_description = clean.markdown(organisation.get("description"))
        if org_description:
            org["description"] = org_description
        listing["organisation"] = org

    eligibility = clean.line(
        record.get("eligibility_description")
        or next(
            (
                e.get("eligibility")
                for e in map(_dict, _list(record.get("eligibilitys")))
                if e.get("eligibility")
            ),
            None,
        )  # fmt: skip
    )
    words = " ".join(filter(None, (name, description, eligibility)))
    terms = _terms(record)
    themes = crosswalk.match("themes", terms, words)
    fallback = not themes
    listing["themes"] = themes or [crosswalk.fallback_theme]
    needs = crosswalk.match("needs", terms, words)
    if needs:
        listing["needs"] = needs

    eligibilitys = [_dict(e) for e in _list(record.get("eligibilitys"))]
    low = record.get("minimum_age", eligibilitys[0].get("minimum_age") if eligibilitys else None)
    high = record.get("maximum_age", eligibilitys[0].get("maximum_age") if eligibilitys else None)
    ages = clean.ages(low, high)
    if ages:
        listing["ages"] = ages

    cost = _cost(record)
    if cost:
        listing["cost"] = cost
    contact, people = _contacts(record, warnings)
    # The organisation's own numbers, after the service's: named after it.
    _add_phones(contact, _phone_texts(organisation), org_name or None, warnings)
    if contact:
        listing["contact"] = contact
    if people:
        listing["contacts"] = people
    schedule = _schedules(record, warnings)
    if schedule:
        listing["schedule"] = schedule
    locations = _locations(record, crosswalk, contact, warnings)
    if locations:
        listing["locations"] = locations
    if contact and not listing.get("contact"):
        listing["contact"] = contact
    areas = [
        a
        for a in (
            clean.line(_dict(area).get("service_area") or _dict(area).get("name"))
            for area in _list(record.get("service_areas"))
        )
        if a
    ]
    if len(areas) == 1:
        listing["area"] = areas[0]
    elif areas:
        listing["areas"] = list(dict.fromkeys(areas))
    attending = _attending(record)
    if attending:
        listing["attending"] = attending
    process = clean.line(record.get("application_process"))
    if process:
        listing["how_to_access"] = {"details": process}
    if eligibility:
        listing["eligibility"] = eligibility
    languages = [
        lang
        for lang in (
            clean.line(_dict(item).get("language") or _dict(item).get("name"))
            if isinstance(item, dict)
            else clean.line(item)
            for item in _list(record.get("languages"))
        )
        if lang
    ]
    if languages:
        listing["languages"] = list(dict.fromkeys(languages))
    reviewed = _date(record.get("assured_date"), today) or _date(record.get("last_modified"), today)
    if reviewed:
        listing["last_reviewed"] = reviewed
    if source_id and not own_id:
        listing["source"] = {"system": system, "id": source_id}
    return Draft(source_id or name, listing, name, warnings, fallback, own_id)


def _amount(value: Any) -> float | None:
    try:
        return float(str(value).replace("£", "").strip())
    except (TypeError, ValueError):
        return None


def _cost(record: Record) -> dict[str, Any]:
    options = [_dict(o) for o in _list(record.get("cost_options"))]
    amounts = [a for a in (_amount(o.get("amount")) for o in options) if a is not None]
    cost: dict[str, Any] = {}
    if amounts:
        cost["free"] = max(amounts) == 0
    elif any(str(o.get("option", "")).casefold() == "free" for o in options):
        cost["free"] = True
    text = clean.line(
        record.get("fees_description")
        or record.get("fees")
        or next((o.get("amount_description") for o in options if o.get("amount_description")), None)
    )
    if text:
        cost["description"] = text
    priced = []
    for option in options:
        amount = _amount(option.get("amount"))
        if amount is None or amount <= 0:
            continue
        item: dict[str, Any] = {"amount": f"{amount:.2f}"}
        currency = clean.line(option.get("currency"))
        if currency and currency.upper() != "GBP":
            item["currency"] = currency.upper()
        what = clean.line(option.get("option") or option.get("amount_description"))
        if what:
            item["for"] = what
        priced.append(item)
    if priced:
        cost["options"] = priced
    return cost


def _phone_texts(holder: dict[str, Any]) -> list[str]:
    texts = []
    for phone in _list(holder.get("phones")):
        phone = _dict(phone)
        number = str(phone.get("number") or "")
        words = clean.line(phone.get("description"))
        texts.append(f"{words}: {number}" if words and number else number)
    return [t for t in texts if t]


def _add_phones(
    contact: dict[str, Any], texts: list[str], label: str | None, warnings: list[str]
) -> None:
    for text in texts:
        found = clean.phones(text)
        if not found:
            warnings.append(messages.import_bad_phone(clean.line(text)))
        for number, words in found:
            description = words or label
            if "phone" not in contact and not description:
                contact["phone"] = number
            elif number != contact.get("phone") and all(
                p["number"] != number for p in contact.get("phones", [])
            ):
                if "phone" not in contact:
                    contact["phone"] = number
                    continue
                item = {"number": number}
                if description:
                    item["description"] = description
                contact.setdefault("phones", []).append(item)


def _contacts(record: Record, warnings: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    contact: dict[str, Any] = {}
    _add_phones(contact, _phone_texts(record), None, warnings)
    address, placeholder = clean.email(record.get("email"))
    if placeholder:
        warnings.append(messages.import_placeholder_email(clean.line(record.get("email"))))
    if address:
        contact["email"] = address
    elif record.get("email") and not placeholder:
        warnings.append(messages.import_bad_email(clean.line(record.get("email"))))
    website = clean.web_address(record.get("url"))
    if website:
        contact["website"] = website
    elif record.get("url"):
        warnings.append(messages.import_bad_url(clean.line(record.get("url"))))
    people: list[dict[str, Any]] = []
    for person in map(_dict, _list(record.get("contacts"))):
        person_name = clean.line(person.get("name"))
        phones = _phone_texts(person)
        if not person_name:
            # A contact with no name is the service's own line: its numbers go there.
            _add_phones(contact, phones, clean.line(person.get("title")), warnings)
            person_email, _ = clean.email(person.get("email"))
            if person_email and "email" not in contact:
                contact["email"] = person_email
            continue
        entry: dict[str, Any] = {"name": person_name}
        role = clean.line(person.get("title"))
        if role:
            entry["role"] = role
        numbers = [n for text in phones for n, _ in clean.phones(text)]
        if numbers:
            entry["phone"] = numbers[0]
        person_email, placeholder = clean.email(person.get("email"))
        if placeholder:
            warnings.append(messages.import_placeholder_email(clean.line(person.get("email"))))
        if person_email:
            entry["email"] = person_email
        people.append(entry)
    return contact, people


def _byday(text: str) -> tuple[list[str], list[str]]:
    """RFC 5545 BYDAY ("MO,WE", "1TU,3TU", "-1FR") -> (our days, our weeks of the month)."""
    days: list[str] = []
    weeks: list[str] = []
    for part in re.split(r"[,\s]+", text.strip().upper()):
        match = re.fullmatch(r"([+-]?[0-9])?(MO|TU|WE|TH|FR|SA|SU)", part)
        if match:
            code = _DAY_CODES[match[2]]
            day = code(int(match[1])) if match[1] else code
            name = DAYS[day.weekday]
            if name not in days:
                days.append(name)
            if day.n:
                week = "last" if day.n == -1 else WEEKS[day.n - 1] if 0 < day.n <= 4 else None
                if week and week not in weeks:
                    weeks.append(week)
            continue
        named = part.strip().casefold()
        for full in DAYS:
            if named and full.startswith(named[:3]) and full not in days:
                days.append(full)
    return days, weeks


def _schedules(record: Record, warnings: list[str]) -> list[dict[str, Any]]:
    sessions = []
    timed: list[tuple[dict[str, Any], str | None]] = [
        (item, None) for item in map(_dict, _list(record.get("regular_schedules")))
    ]
    timed += [(item, None) for item in map(_dict, _list(record.get("schedules")))]
    for link in map(_dict, _list(record.get("service_at_locations"))):
        # Times at one of its places: the session says where, unless it has its own note.
        place = clean.line(_dict(link.get("location")).get("name") or link.get("name")) or None
        held = _list(link.get("regular_schedules")) + _list(link.get("schedules"))
        timed += [(item, place) for item in map(_dict, held)]
    for item, place in timed:
        opens, closes = _time(item.get("opens_at")), _time(item.get("closes_at"))
        if not (opens and closes):
            continue
        days, weeks = _byday(str(item.get("byday") or item.get("weekday") or ""))
        freq = str(item.get("freq") or "").upper()
        session: dict[str, Any] = {}
        if days:
            session["days"] = sorted(days, key=DAYS.index)
            if weeks and freq in ("MONTHLY", ""):
                session["weeks"] = [w for w in (*WEEKS, "last") if w in weeks]
        elif item.get("dtstart"):
            start = str(item["dtstart"])[:10]
            try:
                session["dates"] = [date.fromisoformat(start)]
            except ValueError:
                continue
        else:
            continue
        session["opens"], session["closes"] = opens, closes
        for key in ("valid_from", "valid_to"):
            with suppress(ValueError):
                session[key] = date.fromisoformat(str(item.get(key) or "")[:10])
        note = clean.line(item.get("notes") or item.get("description")) or place
        if note:
            session["note"] = note
        sessions.append(session)
    return sessions


def _locations(
    record: Record, crosswalk: Crosswalk, contact: dict[str, Any], warnings: list[str]
) -> list[dict[str, Any]]:
    places = []
    for link in map(_dict, _list(record.get("service_at_locations"))):
        location = _dict(link.get("location")) or link
        place: dict[str, Any] = {}
        place_name = clean.line(location.get("name"))
        if place_name:
            place["name"] = place_name
        addresses = [
            _dict(a)
            for a in _list(location.get("physical_addresses")) + _list(location.get("addresses"))
        ]
        if addresses:
            first = addresses[0]
            parts = [clean.line(first.get(k)) for k in ("address_1", "address_2", "city")]
            line = ", ".join(dict.fromkeys(p for p in parts if p))
            if line:
                place["address"] = line
            postcode = normal_postcode(str(first.get("postal_code") or ""))
            if postcode:
                place["postcode"] = postcode
        for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
            with suppress(KeyError, TypeError, ValueError):
                value = round(float(location[key]), 6)
                if -limit <= value <= limit:
                    place[key] = value
                else:
                    warnings.append(messages.import_bad_position(key, location[key]))
        if ("latitude" in place) != ("longitude" in place):
            place.pop("latitude", None)
            place.pop("longitude", None)
        described = clean.markdown(location.get("description"))
        if described:
            place["description"] = clean.plain(described)
        transport = clean.line(location.get("transportation") or location.get("transport"))
        if transport:
            place["transport"] = transport
        features = [
            text
            for a in map(
                _dict,
                _list(location.get("accessibility_for_disabilities"))
                + _list(location.get("accessibility")),
            )
            for text in (str(a.get(k) or "") for k in ("accessibility", "description", "details"))
            if text
        ]
        found = crosswalk.match("accessibility", features, " ".join(features))
        if found:
            place["accessibility"] = found
        _add_phones(contact, _phone_texts(location), place_name, warnings)
        if place:
            places.append(place)
    return places


def _attending(record: Record) -> list[str]:
    text = " ".join(
        str(record.get(k) or "") for k in ("attending_type", "attending_access", "deliverable_type")
    ).casefold()
    return [choice for choice, words in ATTENDING if any(w in text for w in words)]
