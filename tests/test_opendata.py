"""The open data validates against Open Referral's own schemas and round-trips.

Councils publish this so that others can reuse it without retyping, so it
must be valid HSDS 3.0 (checked with `jsonschema` against the schemas copied,
unmodified, into schemas/openreferral/), keep the fields the Open Referral UK
profile keeps, keep its ids from build to build, and never lose a field:
services.csv read back must give every published service, field by field.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import phonenumbers
import pytest
from hsds import (
    FORMATS,
    HSDS,
    ROOT,
    SCHEMAS,
    SITE,
    TODAY,
    assert_valid_open_data,
    errors,
    read_json,
    service_file,
)

from generator.data.model import (
    AgeRange,
    Contact,
    ContactPhone,
    Cost,
    CostOption,
    Directory,
    HowToAccess,
    Location,
    Organisation,
    Origin,
    Person,
    Phone,
    Service,
    Session,
    SourceRef,
    Term,
)
from generator.publish.opendata import csv_unescape, language_code, page_url, write_open_data

SOURCE = SourceRef("data/services.yaml", 1)

# --- a directory built in code -------------------------------------------------------

THEMES = [
    Term("leisure-play-short-breaks", "Leisure, play and short breaks", "Clubs and play."),
    Term("health", "Health", "NHS services."),
    Term("money-benefits", "Money and benefits", "Benefits and grants."),
]
NEEDS = [Term("autism", "Autism", "Autistic children."), Term("physical", "Physical disability")]
FEATURES = [
    Term("step-free-access", "Step-free access", "No steps."),
    Term("hearing-loop", "Hearing loop", "Sound to hearing aids."),
]


def phone(number: str) -> Phone:
    digits = number.replace(" ", "")
    return Phone("+44" + digits[1:], number)


SUNFLOWER = Service(
    id="sunflower-play-scheme",
    previous_ids=("sunflower-playscheme",),
    name="Sunflower Play Scheme",
    summary="Holiday play sessions for disabled children aged 5 to 11.",
    description='- outdoor play\n- crafts\n\n=HYPERLINK("https://evil.example")',
    last_reviewed=date(2026, 6, 14),
    themes=("leisure-play-short-breaks",),
    source=SOURCE,
    organisation=Organisation(
        "Hollinbrook Play Trust",
        "https://www.example.org/play",
        "A local charity that runs play schemes for disabled children.",
    ),
    needs=("autism", "physical"),
    ages=AgeRange(5, 11),
    cost=Cost(
        False,
        "£5 a session. Free for families on Universal Credit.",
        (
            CostOption(Decimal("5.00"), "GBP", "a 2-hour session"),
            CostOption(Decimal("7.50")),
        ),
    ),
    contact=Contact(
        phone("0161 496 0123"),
        "play@example.org",
        "https://www.example.org/play",
        (ContactPhone(phone("0161 496 0112"), "Youth team"), ContactPhone(phone("0161 496 0113"))),
    ),
    contacts=(
        Person("Amina Shah", "Play coordinator", phone("0161 496 0124"), "amina.shah@example.org"),
        Person("Tom Ward"),
    ),
    schedule=(
        Session(("monday", "wednesday"), "09:30", "15:00", "School holidays only"),
        Session(("saturday",), "10:00", "12:00"),
        Session(("tuesday",), "10:00", "12:00", weeks=("first", "third")),
        Session((), "10:00", "12:00", "Bring a packed lunch", dates=(date(2026, 12, 5),)),
        Session(
            ("sunday",),
            "10:00",
            "12:30",
            valid_from=date(2026, 9, 1),
            valid_to=date(2027, 7, 20),
        ),
    ),
    locations=(
        Location(
            "Hollinbrook Adventure Playground",
            "12 Mill Lane, Hollinbrook",
            "HB3 2QT",
            53.4891,
            -2.2412,
            ("step-free-access", "hearing-loop"),
            "The entrance is at the side of the building.",
            "Buses 52 and 53 stop outside.",
        ),
        Location(None, None, None, 53.5, -2.25),
    ),
    area="North Hollinbrook",
    how_to_access=HowToAccess(("self-referral", "drop-in"), "Phone us to book a place."),
    eligibility="Children with an EHC plan or on the SEN register.",
    languages=("English", "Urdu", "Polish"),
    owner="amina.private@example.org",
    visible_from=date(2026, 1, 1),
    visible_to=date(2027, 3, 31),
    attending=("venue", "online"),
    alert="Closed over Christmas; open again on 5 January.",
    origin=Origin("placecube-hollinbrook", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
)
CAMHS = Service(
    id="hollinbrook-camhs",
    name='CAMHS <script>alert("x")</script> & more',
    summary="+ Help with anxiety, low mood and self-harm.",
    last_reviewed=date(2025, 1, 5),
    themes=("health",),
    source=SOURCE,
    status="temporarily-closed",
    organisation=Organisation("Hollinbrook Borough Council"),
    cost=Cost(True, None),
    contact=Contact(None, "camhs@example.org", None),
    locations=(Location("The Willows", "Park Road", "HB4 2NJ", None, None),),
    areas=("Hollinbrook North", "Hollinbrook South"),
    owner="camhs-admin@example.org",
)
MINIMAL = Service(
    id="parent-forum",
    name="Parent forum",
    summary="Meet other parents.",
    last_reviewed=date(2026, 10, 1),
    themes=("money-benefits",),
    source=SOURCE,
)
HIDDEN = [
    Service(
        "old-club", "Old club", "Gone.", date(2026, 1, 1), ("health",), SOURCE, status="inactive"
    ),
    Service("gone", "Gone", "Retired.", date(2026, 1, 1), ("health",), SOURCE, status="retired"),
    Service(
        "future",
        "Future",
        "Not yet.",
        date(2026, 1, 1),
        ("health",),
        SOURCE,
        visible_from=date(2027, 1, 1),
    ),
]


def directory(*services: Service) -> Directory:
    return Directory(
        services=list(services or (SUNFLOWER, CAMHS, MINIMAL, *HIDDEN)),
        themes=THEMES,
        needs=NEEDS,
        accessibility=FEATURES,
    )


def export(folder: Path, data: Directory | None = None, site_url: str = SITE) -> list[Path]:
    return write_open_data(
        data or directory(), folder, site_url=site_url, today=TODAY, title="Hollinbrook Local Offer"
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


TEXT = csv_unescape


def split(cell: str) -> list[str]:
    return TEXT(cell).split("; ") if cell else []


def optional(cell: str) -> str | None:
    return TEXT(cell) or None


def optional_date(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def optional_float(cell: str) -> float | None:
    return float(cell) if cell else None


CSV_FIELDS = {
    "id": ["id"],
    "previous_ids": ["previous_ids"],
    "name": ["name"],
    "summary": ["summary"],
    "description": ["description"],
    "status": ["status"],
    "organisation": ["organisation", "organisation_website", "organisation_description"],
    "themes": ["themes", "theme_names"],
    "needs": ["needs", "need_names"],
    "ages": ["age_min", "age_max"],
    "cost": [
        "cost_free",
        "cost_description",
        "cost_option_1_amount",
        "cost_option_1_currency",
        "cost_option_1_for",
    ],
    "contact": ["phone", "email", "website", "phone_1_number", "phone_1_description"],
    "contacts": ["contact_1_name", "contact_1_role", "contact_1_phone", "contact_1_email"],
    "schedule": [
        "session_1_days",
        "session_1_opens",
        "session_1_closes",
        "session_1_note",
        "session_1_weeks",
        "session_1_dates",
        "session_1_valid_from",
        "session_1_valid_to",
    ],
    "locations": [
        "location_1_name",
        "location_1_address",
        "location_1_postcode",
        "location_1_latitude",
        "location_1_longitude",
        "location_1_accessibility",
        "location_1_description",
        "location_1_transport",
    ],
    "area": ["area"],
    "areas": ["areas"],
    "attending": ["attending"],
    "alert": ["alert"],
    "origin": ["source_system", "source_id"],
    "how_to_access": ["how_to_access", "how_to_access_details"],
    "eligibility": ["eligibility"],
    "languages": ["languages"],
    "last_reviewed": ["last_reviewed"],
    "visible_from": ["visible_from"],
    "visible_to": ["visible_to"],
}
"""Which columns hold each field of a service. `owner` (internal) and `source`
(where the YAML was) are deliberately not published."""
NOT_PUBLISHED = {"owner", "source"}


def assert_csv_round_trip(path: Path, data: Directory) -> None:
    """Read services.csv back and rebuild every published service from it, field by field."""
    rows = read_csv(path)
    published = data.published(TODAY)
    assert [row["id"] for row in rows] == [s.id for s in published]
    names = {t.id: t.name for t in [*data.themes, *data.needs]}
    for row, service in zip(rows, published, strict=True):

        def numbered(prefix: str, fields: list[str], row: dict[str, str] = row) -> list[list[str]]:
            groups = []
            number = 1
            while f"{prefix}_{number}_{fields[0]}" in row:
                cells = [row[f"{prefix}_{number}_{field}"] for field in fields]
                if any(cells):
                    groups.append(cells)
                number += 1
            return groups

        rebuilt = Service(
            id=row["id"],
            previous_ids=tuple(split(row["previous_ids"])),
            name=TEXT(row["name"]),
            summary=TEXT(row["summary"]),
            description=optional(row["description"]),
            status=row["status"],
            organisation=(
                Organisation(
                    TEXT(row["organisation"]),
                    optional(row["organisation_website"]),
                    optional(row["organisation_description"]),
                )
                if row["organisation"]
                else None
            ),
            themes=tuple(split(row["themes"])),
            needs=tuple(split(row["needs"])),
            ages=AgeRange(int(row["age_min"]), int(row["age_max"])) if row["age_min"] else None,
            cost=(
                Cost(
                    {"yes": True, "no": False, "": None}[row["cost_free"]],
                    optional(row["cost_description"]),
                    tuple(
                        CostOption(Decimal(amount), currency, optional(purpose))
                        for amount, currency, purpose in numbered(
                            "cost_option", ["amount", "currency", "for"]
                        )
                    ),
                )
                if row["cost_free"] or row["cost_description"] or row["cost_option_1_amount"]
                else None
            ),
            contact=(
                Contact(
                    _phone_from(row["phone"]),
                    optional(row["email"]),
                    optional(row["website"]),
                    tuple(
                        ContactPhone(phone, optional(description))
                        for number, description in numbered("phone", ["number", "description"])
                        if (phone := _phone_from(number)) is not None
                    ),
                )
                if row["phone"] or row["email"] or row["website"] or row["phone_1_number"]
                else None
            ),
            contacts=tuple(
                Person(TEXT(name), optional(role), _phone_from(number), optional(email))
                for name, role, number, email in numbered(
                    "contact", ["name", "role", "phone", "email"]
                )
            ),
            schedule=tuple(
                Session(
                    tuple(split(days)),
                    opens,
                    closes,
                    optional(note),
                    tuple(split(weeks)),
                    tuple(date.fromisoformat(day) for day in split(dates)),
                    optional_date(valid_from),
                    optional_date(valid_to),
                )
                for days, opens, closes, note, weeks, dates, valid_from, valid_to in numbered(
                    "session",
                    [
                        "days",
                        "opens",
                        "closes",
                        "note",
                        "weeks",
                        "dates",
                        "valid_from",
                        "valid_to",
                    ],
                )
            ),
            locations=tuple(
                Location(
                    optional(name),
                    optional(address),
                    optional(postcode),
                    optional_float(latitude),
                    optional_float(longitude),
                    tuple(split(features)),
                    optional(description),
                    optional(transport),
                )
                for (
                    name,
                    address,
                    postcode,
                    latitude,
                    longitude,
                    features,
                    description,
                    transport,
                ) in numbered(
                    "location",
                    [
                        "name",
                        "address",
                        "postcode",
                        "latitude",
                        "longitude",
                        "accessibility",
                        "description",
                        "transport",
                    ],
                )
            ),
            area=optional(row["area"]),
            areas=tuple(split(row["areas"])),
            attending=tuple(split(row["attending"])),
            alert=optional(row["alert"]),
            origin=(
                Origin(row["source_system"], TEXT(row["source_id"]))
                if row["source_system"]
                else None
            ),
            how_to_access=(
                HowToAccess(
                    tuple(split(row["how_to_access"])), optional(row["how_to_access_details"])
                )
                if row["how_to_access"] or row["how_to_access_details"]
                else None
            ),
            eligibility=optional(row["eligibility"]),
            languages=tuple(split(row["languages"])),
            last_reviewed=date.fromisoformat(row["last_reviewed"]),
            visible_from=optional_date(row["visible_from"]),
            visible_to=optional_date(row["visible_to"]),
            owner=service.owner,
            source=service.source,
        )
        for field in dataclasses.fields(Service):
            assert getattr(rebuilt, field.name) == getattr(service, field.name), (
                f"{service.id}: {field.name}"
            )
        assert split(row["theme_names"]) == [names[t] for t in service.themes]
        assert split(row["need_names"]) == [names[n] for n in service.needs]
        assert row["url"] == page_url(SITE, service.id)
        assert uuid.UUID(row["hsds_id"]).version == 5


def _phone_from(cell: str) -> Phone | None:
    """The CSV shows the number as written on the site; E.164 follows from it."""
    if not cell:
        return None
    display = TEXT(cell)
    parsed = phonenumbers.parse(display, "GB")
    return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), display)


# --- tests on the code-built directory ------------------------------------------------


def test_the_format_checker_checks_the_formats_the_schemas_use() -> None:
    """Without rfc3986-validator and rfc3339-validator installed, jsonschema
    would skip "uri" and "date-time" silently and the tests would prove less."""
    assert {"uuid", "uri", "email", "date-time"} <= set(FORMATS.checkers)


def test_the_validators_reject_a_broken_service(tmp_path: Path) -> None:
    export(tmp_path)
    document = read_json(service_file(tmp_path, "sunflower-play-scheme"))
    document["status"] = "open"
    document["id"] = "sunflower-play-scheme"
    document["service_at_locations"][0]["location"]["location_type"] = "house"
    document["url"] = "not a web address"
    del document["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    found = "\n".join(errors(HSDS["service"], document))
    assert "'open' is not one of" in found
    assert "'sunflower-play-scheme' is not a 'uuid'" in found
    assert "'house' is not one of" in found
    assert "'not a web address' is not a 'uri'" in found
    assert "'postal_code' is a required property" in found


UUID_NAME = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json$"
)


def test_every_exported_document_is_valid_hsds_and_uk_profile(tmp_path: Path) -> None:
    written = export(tmp_path)
    names = [
        UUID_NAME.sub("<uuid>.json", path.relative_to(tmp_path).as_posix()) for path in written
    ]
    assert names == [
        "index.json",
        "services.json",
        *["services/<uuid>.json"] * 4,  # 3 published and 1 retired
        "taxonomies.json",
        *["taxonomies/<uuid>.json"] * 5,
        "taxonomy_terms.json",
        *["taxonomy_terms/<uuid>.json"] * 11,
        "service_at_locations.json",
        *["service_at_locations/<uuid>.json"] * 3,
        "organizations.json",
        *["organizations/<uuid>.json"] * 2,
        "services.csv",
    ]
    assert_valid_open_data(tmp_path, directory())


def test_a_full_service_maps_every_field_to_hsds(tmp_path: Path) -> None:
    export(tmp_path)
    doc = read_json(service_file(tmp_path, "sunflower-play-scheme"))
    assert doc["name"] == "Sunflower Play Scheme"
    assert doc["description"].startswith(
        "Holiday play sessions for disabled children aged 5 to 11.\n\n- outdoor play\n"
    )
    assert doc["status"] == "active"
    assert doc["url"] == "https://www.example.org/play"
    assert doc["email"] == "play@example.org"
    assert doc["phones"][0]["number"] == "0161 496 0123"
    assert (doc["minimum_age"], doc["maximum_age"]) == (5, 11)
    assert doc["assured_date"] == "2026-06-14"
    assert doc["eligibility_description"] == "Children with an EHC plan or on the SEN register."
    assert doc["application_process"] == "Refer yourself. Drop in. Phone us to book a place."
    assert doc["fees_description"] == "£5 a session. Free for families on Universal Credit."
    assert [
        (o.get("option"), o["amount"], o["currency"], o["amount_description"])
        for o in doc["cost_options"]
    ] == [("a 2-hour session", 5, "GBP", "£5 for a 2-hour session"), (None, 7.5, "GBP", "£7.50")]
    assert [(p["number"], p.get("description")) for p in doc["phones"]] == [
        ("0161 496 0123", None),
        ("0161 496 0112", "Youth team"),
        ("0161 496 0113", None),
    ]
    assert doc["alert"] == "Closed over Christmas; open again on 5 January."
    assert doc["organization"]["name"] == "Hollinbrook Play Trust"
    assert doc["organization"]["website"] == "https://www.example.org/play"
    assert doc["organization_id"] == doc["organization"]["id"]
    assert [area["name"] for area in doc["service_areas"]] == ["North Hollinbrook"]
    assert [language["name"] for language in doc["languages"]] == ["English", "Urdu", "Polish"]
    assert [language["code"] for language in doc["languages"]] == ["en", "ur", "pl"], "ISO 639-1"
    assert doc["organization"]["description"] == (
        "A local charity that runs play schemes for disabled children."
    )
    assert [(c["name"], c.get("title")) for c in doc["contacts"]] == [
        ("Amina Shah", "Play coordinator"),
        ("Tom Ward", None),
    ]
    assert doc["contacts"][0]["phones"][0]["number"] == "0161 496 0124"
    assert {s["attending_type"] for s in doc["schedules"]} == {"In person at a venue and online"}
    assert [
        (
            s.get("freq"),
            s.get("byday"),
            s["opens_at"],
            s["closes_at"],
            s.get("notes"),
            s["description"],
        )
        for s in doc["schedules"]
    ] == [
        (
            "WEEKLY",
            "MO,WE",
            "09:30",
            "15:00",
            "School holidays only",
            "Monday and Wednesday, 9:30am to 3pm",
        ),
        ("WEEKLY", "SA", "10:00", "12:00", None, "Saturday, 10am to midday"),
        (
            "MONTHLY",
            "1TU,3TU",
            "10:00",
            "12:00",
            None,
            "First and third Tuesday of the month, 10am to midday",
        ),
        (
            None,
            None,
            "10:00",
            "12:00",
            "Bring a packed lunch",
            "Saturday 5 December 2026, 10am to midday (Bring a packed lunch)",
        ),
        (
            "WEEKLY",
            "SU",
            "10:00",
            "12:30",
            None,
            "Sundays, 10am to 12:30pm, from 1 September 2026 to 20 July 2027",
        ),
    ]
    dated, bounded = doc["schedules"][3], doc["schedules"][4]
    assert (dated["dtstart"], dated["valid_from"], dated["valid_to"]) == ("2026-12-05",) * 3
    assert (bounded["dtstart"], bounded["valid_from"], bounded["valid_to"]) == (
        "2026-09-01",
        "2026-09-01",
        "2027-07-20",
    )
    place = doc["service_at_locations"][0]["location"]
    assert place["name"] == "Hollinbrook Adventure Playground"
    assert place["description"] == "The entrance is at the side of the building."
    assert place["transportation"] == "Buses 52 and 53 stop outside."
    assert (place["latitude"], place["longitude"]) == (53.4891, -2.2412)
    address = place["addresses"][0]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "12 Mill Lane",
        "Hollinbrook",
        "HB3 2QT",
        "GB",
    )
    assert address["address_type"] == "physical"
    features = [
        (entry["description"], entry["attributes"][0]["taxonomy_term"]["code"])
        for entry in place["accessibility"]
    ]
    assert features == [("Step-free access", "step-free-access"), ("Hearing loop", "hearing-loop")]
    assert "addresses" not in doc["service_at_locations"][1]["location"], "no address, none made up"
    by_taxonomy = [
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"], a["link_type"])
        for a in doc["attributes"]
    ]
    assert by_taxonomy == [
        ("Hollinbrook Local Offer themes", "leisure-play-short-breaks", "category"),
        ("Hollinbrook Local Offer SEND needs", "autism", "eligibility"),
        ("Hollinbrook Local Offer SEND needs", "physical", "eligibility"),
        ("Hollinbrook Local Offer ways to get help", "self-referral", "application_process"),
        ("Hollinbrook Local Offer ways to get help", "drop-in", "application_process"),
        ("Hollinbrook Local Offer ways to attend", "venue", "attending_type"),
        ("Hollinbrook Local Offer ways to attend", "online", "attending_type"),
    ]
    assert "source" not in json.dumps(doc), "HSDS has no field for where a listing came from"


def test_the_uk_profile_fields_are_filled(tmp_path: Path) -> None:
    """The fields Open Referral UK keeps are there, including its own additions."""
    export(tmp_path)
    doc = read_json(service_file(tmp_path, "sunflower-play-scheme"))
    uk_service = json.loads((SCHEMAS / "uk-profile-3.0/schema/service.json").read_text("utf-8"))
    kept = set(uk_service["properties"])
    assert kept & set(doc) == {
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "organization",
        "cost_options",
        "contacts",
        "attributes",
    }
    assert doc["service_areas"][0]["service_area"] == "North Hollinbrook"
    place = doc["service_at_locations"][0]["location"]
    assert place["accessibility"][0]["accessibility"] == "Step-free access"
    uk_address = json.loads((SCHEMAS / "uk-profile-3.0/schema/address.json").read_text("utf-8"))
    assert set(uk_address["required"]) <= set(place["addresses"][0])


def test_closed_council_service_and_a_minimal_one(tmp_path: Path) -> None:
    export(tmp_path)
    camhs = read_json(service_file(tmp_path, "hollinbrook-camhs"))
    assert camhs["status"] == "temporarily closed"
    assert camhs["alert"] == (
        "This service is temporarily closed. Contact the service to find out when it will "
        "open again."
    )
    assert camhs["organization"]["description"] == "", "none given, and none made up"
    assert camhs["name"] == 'CAMHS <script>alert("x")</script> & more', "data, kept as written"
    assert camhs["cost_options"][0] | {"id": "", "service_id": ""} == {
        "id": "",
        "service_id": "",
        "option": "Free",
        "amount": 0,
        "currency": "GBP",
    }
    address = camhs["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["city"]) == ("Park Road", "")
    minimal = read_json(service_file(tmp_path, "parent-forum"))
    assert set(minimal) == {
        "id",
        "name",
        "description",
        "status",
        "assured_date",
        "attributes",
        "local_offer_id",
        "local_offer_url",
    }


def test_only_published_services_and_never_the_owner(tmp_path: Path) -> None:
    written = export(tmp_path)
    everything = "".join(path.read_text(encoding="utf-8") for path in written)
    for hidden in ("old-club", "future", "Not yet."):
        assert hidden not in everything
    # A retired service stays, as HSDS's `defunct`, with only what names it.
    gone = read_json(service_file(tmp_path, "gone"))
    assert gone["status"] == "defunct"
    assert set(gone) == {
        "id",
        "name",
        "description",
        "status",
        "assured_date",
        "local_offer_id",
        "local_offer_url",
    }
    assert "gone" not in (tmp_path / "services.csv").read_text(encoding="utf-8-sig")
    for owner in ("amina.private@example.org", "camhs-admin@example.org"):
        assert owner not in everything


def test_taxonomies_hold_only_used_terms(tmp_path: Path) -> None:
    export(tmp_path)
    taxonomies = read_json(tmp_path / "taxonomies.json")
    assert [t["name"] for t in taxonomies["contents"]] == [
        "Hollinbrook Local Offer themes",
        "Hollinbrook Local Offer SEND needs",
        "Hollinbrook Local Offer accessibility features",
        "Hollinbrook Local Offer ways to get help",
        "Hollinbrook Local Offer ways to attend",
    ]
    assert taxonomies["contents"][0]["uri"] == "https://localoffer.example.org/themes/"
    terms = read_json(tmp_path / "taxonomy_terms.json")
    assert [t["code"] for t in terms["contents"]] == [
        "leisure-play-short-breaks",
        "health",
        "money-benefits",
        "autism",
        "physical",
        "step-free-access",
        "hearing-loop",
        "self-referral",
        "drop-in",
        "venue",
        "online",
    ]
    lonely = directory(MINIMAL)
    export(tmp_path / "lonely", lonely)
    terms = read_json(tmp_path / "lonely" / "taxonomy_terms.json")
    assert [t["code"] for t in terms["contents"]] == ["money-benefits"]


def test_ids_are_stable_across_builds_and_renames(tmp_path: Path) -> None:
    first = export(tmp_path / "one")
    second = export(tmp_path / "two")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    sunflower = read_json(service_file(tmp_path / "one", "sunflower-play-scheme"))
    assert uuid.UUID(sunflower["id"]).version == 5

    # Renamed: the service keeps the UUID of its first id, now in previous_ids.
    renamed = dataclasses.replace(
        SUNFLOWER,
        id="sunflower-club",
        previous_ids=("sunflower-playscheme", "sunflower-play-scheme"),
    )
    export(tmp_path / "renamed", directory(renamed))
    after = read_json(service_file(tmp_path / "renamed", "sunflower-club"))
    assert after["id"] == sunflower["id"]
    assert after["schedules"][0]["id"] == sunflower["schedules"][0]["id"]

    # Another council's site: the same service ids give different UUIDs.
    export(tmp_path / "other", site_url="https://localoffer.example.net/")
    other = read_json(service_file(tmp_path / "other", "sunflower-play-scheme"))
    assert other["id"] != sunflower["id"]


def test_ids_are_the_uuid5_names_docs_open_data_promises(tmp_path: Path) -> None:
    """docs/open-data.md, "Identifiers": anyone can work the ids out with any uuid5."""
    export(tmp_path)
    sunflower = read_json(service_file(tmp_path, "sunflower-play-scheme"))
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, SITE.rstrip("/") + "/")
    service = uuid.uuid5(namespace, "service/sunflower-playscheme")  # its first id
    location = uuid.uuid5(service, "location/1")
    assert sunflower["id"] == str(service)
    assert sunflower["schedules"][0]["id"] == str(uuid.uuid5(service, "schedule/1"))
    place = sunflower["service_at_locations"][0]["location"]
    assert place["id"] == str(location)
    assert place["addresses"][0]["id"] == str(uuid.uuid5(location, "address"))
    assert sunflower["languages"][1]["id"] == str(uuid.uuid5(service, "language/urdu"))
    theme = sunflower["attributes"][0]
    assert theme["id"] == str(uuid.uuid5(service, "attribute/themes/leisure-play-short-breaks"))
    assert theme["taxonomy_term_id"] == str(
        uuid.uuid5(namespace, "taxonomy/themes/leisure-play-short-breaks")
    )
    organisation = sunflower["organization"]
    assert organisation["id"] == str(
        uuid.uuid5(namespace, f"organization/{organisation['name'].casefold()}")
    )
    rows = read_csv(tmp_path / "services.csv")
    assert next(r for r in rows if r["id"] == "sunflower-play-scheme")["hsds_id"] == str(service)


def test_the_csv_round_trips_every_field(tmp_path: Path) -> None:
    export(tmp_path)
    covered = set(CSV_FIELDS) | NOT_PUBLISHED
    assert {field.name for field in dataclasses.fields(Service)} == covered, (
        "a new Service field needs a column in services.csv (and a line in CSV_FIELDS)"
    )
    assert_csv_round_trip(tmp_path / "services.csv", directory())


def test_the_csv_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    export(tmp_path)
    raw = (tmp_path / "services.csv").read_bytes()
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_id = {row["id"]: row for row in rows}
    assert by_id["sunflower-play-scheme"]["description"].startswith("'- outdoor play")
    assert by_id["hollinbrook-camhs"]["summary"] == "'+ Help with anxiety, low mood and self-harm."
    assert by_id["sunflower-play-scheme"]["location_1_longitude"] == "-2.2412", (
        "numbers stay numbers"
    )
    assert by_id["sunflower-play-scheme"]["contact_2_name"] == "Tom Ward"
    assert by_id["parent-forum"]["contact_1_name"] == ""
    assert text.splitlines()[0].startswith("id,hsds_id,url,name,summary,description,status,")
    assert raw.count(b"\r\n") == len(rows) + 1, "CRLF after each record (RFC 4180)"


def test_an_empty_directory_gives_empty_lists(tmp_path: Path) -> None:
    written = export(tmp_path, Directory(themes=THEMES))
    assert read_json(tmp_path / "services.json") == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
    assert read_json(tmp_path / "taxonomy_terms.json")["contents"] == []
    assert [path.name for path in written] == [
        "index.json",
        "services.json",
        "taxonomies.json",
        "taxonomy_terms.json",
        "service_at_locations.json",
        "organizations.json",
        "services.csv",
    ]
    assert read_csv(tmp_path / "services.csv") == []
    header = (tmp_path / "services.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header[0].endswith(",cost_option_1_amount,cost_option_1_currency,cost_option_1_for")


def test_one_organisation_whatever_each_listing_says_of_it(tmp_path: Path) -> None:
    """Its UUID comes from its name, so every document gives the same organisation."""
    bare = dataclasses.replace(MINIMAL, organisation=Organisation("hollinbrook play trust"))
    export(tmp_path, directory(bare, SUNFLOWER))
    organisations = read_json(tmp_path / "organizations.json")["contents"]
    assert organisations == [
        {
            "id": read_json(service_file(tmp_path, "parent-forum"))["organization_id"],
            "name": "hollinbrook play trust",
            "website": "https://www.example.org/play",
            "description": "A local charity that runs play schemes for disabled children.",
        }
    ]
    for site_id in ("parent-forum", "sunflower-play-scheme"):
        assert read_json(service_file(tmp_path, site_id))["organization"] == organisations[0]


@pytest.mark.parametrize(
    ("name", "code"),
    [("English", "en"), ("polish", "pl"), ("British Sign Language", "bfi"), ("Makaton", None)],
)
def test_languages_get_their_iso_639_code(name: str, code: str | None) -> None:
    """ISO 639-1 where the language has a two-letter code, else ISO 639-3;
    none for a name the standard does not know."""
    assert language_code(name) == code


# --- the bundled sample data --------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Directory:
    loader = pytest.importorskip("generator.data.loader")
    return loader.load(ROOT / "data", today=TODAY).directory  # type: ignore[no-any-return]


def test_the_sample_data_exports_valid_open_data(sample: Directory, tmp_path: Path) -> None:
    export(tmp_path, sample)
    assert sample.published(TODAY), "the sample publishes services"
    assert_valid_open_data(tmp_path, sample)
    assert_csv_round_trip(tmp_path / "services.csv", sample)
