"""The field checks: what each value may be, what it becomes, and the exact words
an editor reads when it is wrong.

Every test writes a small data folder with one service (see `datafolder.py`),
changes one field, and asserts the problem's heading and message word for
word, or the checked value the site will use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from datafolder import (
    SERVICE,
    TODAY,
    load_ok,
    problems_of,
    services_file,
    warnings_of,
    with_fields,
    write_data,
)
from datafolder import (
    changed_problems as problems,
)
from datafolder import (
    changed_service as service,
)

from generator.data import model
from generator.data.checks import checked_phone, checked_url, normal_postcode
from generator.data.fields import FEEDBACK, TERM, Field, example_of, flow
from generator.data.fields import SERVICE as SERVICE_FIELDS

NAME = '"Sunflower Play Scheme"'
ROOT = Path(__file__).resolve().parent.parent


def test_a_valid_service_becomes_a_model_object(tmp_path: Path) -> None:
    result = load_ok(write_data(tmp_path / "data"))
    (checked,) = result.directory.services
    assert checked.id == "sunflower-play-scheme"
    assert checked.status == "active"
    assert checked.last_reviewed == date(2026, 6, 14)
    assert checked.themes == ("leisure-play-short-breaks",)
    assert checked.source == model.SourceRef("data/services.yaml", 2)
    assert result.warnings == []


# --- required and unknown fields -------------------------------------------------


def test_a_missing_required_field_is_named_with_an_example(tmp_path: Path) -> None:
    assert problems(tmp_path, summary=None) == [
        f"Line 2, {NAME}, summary | summary is missing. Add it, like summary: "
        "Holiday play sessions for disabled children aged 5 to 11."
    ]


def test_a_blank_required_field_is_named_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, last_reviewed="") == [
        f"Line 8, {NAME}, last_reviewed | last_reviewed is blank. "
        "Fill it in, like last_reviewed: 2026-06-14."
    ]


def test_a_blank_optional_field_counts_as_not_given(tmp_path: Path) -> None:
    assert service(tmp_path, eligibility="", needs="").eligibility is None


def test_a_misspelt_field_gets_did_you_mean(tmp_path: Path) -> None:
    assert problems(tmp_path, contact="{phone: '0161 496 0123', emial: play@example.org}") == [
        f'Line 6, {NAME}, contact.emial | "emial" is not a field we know. Did you mean "email"?'
    ]


def test_an_unknown_field_in_a_small_group_lists_the_fields(tmp_path: Path) -> None:
    assert problems(tmp_path, contact="{phone: '0161 496 0123', fax: '0161 496 0999'}") == [
        f'Line 6, {NAME}, contact.fax | "fax" is not a field we know. '
        "The fields here are: phone, email, website, phones."
    ]


def test_an_unknown_service_field_points_to_the_guide(tmp_path: Path) -> None:
    assert problems(tmp_path, colour="blue") == [
        f'Line 9, {NAME}, colour | "colour" is not a field we know. '
        "Check the spelling, or see docs/editing.md."
    ]


def test_every_problem_in_a_service_is_reported_not_only_the_first(tmp_path: Path) -> None:
    found = problems(tmp_path, ages="{min: five, max: 30}", status="open", needs="[autistic]")
    assert found == [
        f'Line 9, {NAME}, ages.min | You wrote "five". Enter the age as a whole number, like 5.',
        f'Line 9, {NAME}, ages.max | You wrote "30". Enter an age from 0 to 25.',
        f'Line 10, {NAME}, status | You wrote "open". '
        "Enter one of: active, temporarily-closed, inactive, retired.",
        f'Line 11, {NAME}, needs[1] | You wrote "autistic". Did you mean "autism"? '
        "The ids are listed in data/needs.yaml.",
    ]


# --- values ---------------------------------------------------------------------


def test_ages_are_whole_numbers_in_order(tmp_path: Path) -> None:
    assert service(tmp_path, ages="{min: 5, max: 11}").ages == model.AgeRange(5, 11)
    assert problems(tmp_path / "a", ages="{min: 5, max: eleven}") == [
        f'Line 9, {NAME}, ages.max | You wrote "eleven". Enter the age as a whole number, like 11.'
    ]
    assert problems(tmp_path / "b", ages="{min: 12, max: 5}") == [
        f"Line 9, {NAME}, ages | The youngest age (12) is more than the oldest age (5). "
        "Check min and max."
    ]
    assert problems(tmp_path / "c", ages="{min: 4.5, max: 11}") == [
        f'Line 9, {NAME}, ages.min | You wrote "4.5". Enter the age as a whole number, like 5.'
    ]


def test_phone_numbers_keep_their_leading_zero_and_get_e164(tmp_path: Path) -> None:
    checked = service(tmp_path, contact="{phone: 01614960123}")
    assert checked.contact == model.Contact(phone=model.Phone("+441614960123", "0161 496 0123"))
    assert problems(tmp_path / "a", contact='{phone: "0161 496 012"}') == [
        f'Line 6, {NAME}, contact.phone | You wrote "0161 496 012". '
        "Enter a UK phone number, like 0161 496 0123."
    ]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("0161 496 0123", True),
        ("020 7946 0999", True),
        ("+44 161 496 0123", True),
        ("(0161) 496 0123", True),
        ("0161 496 012", False),
        ("+33 1 23 45 67 89", False),  # valid in France, not a UK number
        ("0161 496 0123 ext 4", False),
        ("call 0161 496 0123", False),
    ],
)
def test_phone_numbers_must_be_uk_numbers(text: str, valid: bool) -> None:
    assert (checked_phone(text) is not None) is valid


def test_emails_are_checked_without_the_network(tmp_path: Path) -> None:
    assert service(tmp_path, contact="{email: Play@Example.ORG}").contact == model.Contact(
        email="Play@example.org"
    )
    assert problems(tmp_path / "a", contact="{email: play.example.org}") == [
        f'Line 6, {NAME}, contact.email | You wrote "play.example.org". '
        "Enter an email address, like play@example.org."
    ]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("https://www.example.org/play", True),
        ("http://example.org", True),
        ("https://www.example.org/play?a=1&b=2#top", True),
        ("www.example.org", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>hi</b>", False),
        ("//example.org/play", False),
        ("https://www.example.org/a b", False),
        ('https://www.example.org/"onmouseover=x', False),
        ("https://www.example.org/<script>", False),
        ("https://www.example.org/\u202eexe.txt", False),
        ("https://user:pass@example.org/", False),
        ("https://localhost/", False),
        ("ftp://example.org/file", False),
        (" https://www.example.org/", False),
    ],
)
def test_web_addresses_are_checked_on_the_raw_text(text: str, valid: bool) -> None:
    assert checked_url(text) is valid


def test_web_address_messages_say_what_is_wrong(tmp_path: Path) -> None:
    assert problems(tmp_path, contact="{website: 'javascript:alert(1)'}") == [
        f'Line 6, {NAME}, contact.website | You wrote "javascript:alert(1)". '
        "Enter a web address starting with https://, like https://www.example.org/hollinbrook/play."
    ]
    assert problems(tmp_path / "a", contact="{website: 'https://www.example.org/a b'}") == [
        f'Line 6, {NAME}, contact.website | You wrote "https://www.example.org/a b". '
        "A web address cannot contain spaces. "
        "Enter it without spaces, like https://www.example.org/hollinbrook/play."
    ]


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("hb3 2qt", "HB3 2QT"),
        ("HB32QT", "HB3 2QT"),
        (" hb3  2qt ", "HB3 2QT"),
        ("M1 1AA", "M1 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("HB3", None),
        ("HB3 2Q", None),
        ("123 456", None),
    ],
)
def test_postcodes_are_normalised(text: str, normal: str | None) -> None:
    assert normal_postcode(text) == normal


def test_a_location_gets_its_normalised_postcode(tmp_path: Path) -> None:
    checked = service(tmp_path, locations="[{name: Playground, postcode: hb3 2qt}]")
    assert checked.locations == (
        model.Location(
            name="Playground", address=None, postcode="HB3 2QT", latitude=None, longitude=None
        ),
    )
    assert problems(tmp_path / "a", locations="[{name: A}, {name: B, postcode: hb3 2q}]") == [
        f'Line 9, {NAME}, locations[2].postcode | You wrote "hb3 2q". '
        "Enter a full UK postcode, like HB3 2QT."
    ]


def test_times_are_24_hour_and_closes_is_after_opens(tmp_path: Path) -> None:
    checked = service(tmp_path, schedule='[{days: [monday], opens: 9:30, closes: "15:00"}]')
    assert checked.schedule == (model.Session(("monday",), "09:30", "15:00"),)
    assert problems(
        tmp_path / "a", schedule="[{days: [monday], opens: 9.30am, closes: 17:00}]"
    ) == [
        f'Line 9, {NAME}, schedule[1].opens | You wrote "9.30am". '
        "Enter the time in 24-hour format, like 09:30."
    ]
    assert problems(tmp_path / "b", schedule="[{days: [monday], opens: 17:00, closes: 09:00}]") == [
        f"Line 9, {NAME}, schedule[1].closes | The closing time (09:00) is not after the opening "
        "time (17:00). Check opens and closes, using the 24-hour clock, like 17:00 for 5pm."
    ]


def test_days_must_be_written_in_full(tmp_path: Path) -> None:
    assert problems(tmp_path, schedule="[{days: [Mon, friday], opens: 9:00, closes: 17:00}]") == [
        f'Line 9, {NAME}, schedule[1].days[1] | You wrote "Mon". Did you mean "monday"? '
        "Write days in full, in small letters."
    ]
    assert problems(tmp_path / "a", schedule="[{days: [], opens: 9:00, closes: 17:00}]") == [
        f"Line 9, {NAME}, schedule[1].days | days is empty. "
        "Add at least one, like days: [monday, wednesday]."
    ]


def test_dates_must_be_real(tmp_path: Path) -> None:
    assert problems(tmp_path, last_reviewed="2026-02-30") == [
        f'Line 8, {NAME}, last_reviewed | You wrote "2026-02-30". '
        "Enter a real date as year-month-day, like 2026-06-14."
    ]
    assert problems(tmp_path / "a", last_reviewed="14/06/2026") == [
        f'Line 8, {NAME}, last_reviewed | You wrote "14/06/2026". '
        "Enter a real date as year-month-day, like 2026-06-14."
    ]


def test_last_reviewed_cannot_be_in_the_future(tmp_path: Path) -> None:
    assert problems(tmp_path, last_reviewed="2026-11-24") == [
        f'Line 8, {NAME}, last_reviewed | You wrote "2026-11-24". This date is in the future. '
        "Enter the date the listing was last checked, like 2026-06-14."
    ]
    assert service(tmp_path / "a", last_reviewed="2026-11-23").last_reviewed == TODAY


def test_the_publishing_window_must_be_in_order(tmp_path: Path) -> None:
    assert problems(tmp_path, visible_from="2027-01-01", visible_to="2026-12-01") == [
        f"Line 10, {NAME}, visible_to | visible_to (2026-12-01) is before visible_from "
        "(2027-01-01). Check the dates."
    ]


@pytest.mark.parametrize(
    ("written", "free"),
    [("yes", True), ("no", False), ("true", True), ("false", False), ("Yes", True), ("NO", False)],
)
def test_free_is_yes_or_no_decided_by_us(tmp_path: Path, written: str, free: bool) -> None:
    assert service(tmp_path, cost=f"{{free: {written}}}").cost == model.Cost(free=free)


def test_free_rejects_anything_else(tmp_path: Path) -> None:
    assert problems(tmp_path, cost="{free: sometimes}") == [
        f'Line 9, {NAME}, cost.free | You wrote "sometimes". Enter yes or no.'
    ]


def test_latitude_and_longitude_are_in_range_and_come_together(tmp_path: Path) -> None:
    checked = service(tmp_path, locations="[{name: A, latitude: 53.4891, longitude: -2.2412}]")
    assert (checked.locations[0].latitude, checked.locations[0].longitude) == (53.4891, -2.2412)
    assert problems(tmp_path / "a", locations="[{name: A, latitude: 153.2, longitude: 2}]") == [
        f'Line 9, {NAME}, locations[1].latitude | You wrote "153.2". '
        "Enter a latitude from -90 to 90, like 53.4891."
    ]
    assert problems(tmp_path / "b", locations="[{name: A, latitude: 53.4}]") == [
        f"Line 9, {NAME}, locations[1].longitude | longitude is missing. "
        "Give both latitude and longitude, or neither, not only latitude."
    ]


def test_a_location_needs_a_name_address_or_postcode(tmp_path: Path) -> None:
    assert problems(tmp_path, locations="[{accessibility: [step-free-access]}]") == [
        f"Line 9, {NAME}, locations[1] | This location has no name, address or postcode. "
        "Add at least one of them."
    ]


def test_ids_from_the_lists(tmp_path: Path) -> None:
    assert problems(tmp_path, themes="[health, helth, sport]") == [
        f'Line 5, {NAME}, themes[2] | You wrote "helth". Did you mean "health"? '
        "The ids are listed in data/themes.yaml.",
        f'Line 5, {NAME}, themes[3] | You wrote "sport". '
        "Enter an id from data/themes.yaml, like leisure-play-short-breaks.",
    ]
    assert problems(tmp_path / "a", themes="[]") == [
        f"Line 5, {NAME}, themes | themes is empty. "
        "Add at least one, like themes: [leisure-play-short-breaks]."
    ]
    checked = service(tmp_path / "b", locations="[{name: A, accessibility: [step-free-access]}]")
    assert checked.locations[0].accessibility == ("step-free-access",)


def test_a_list_written_as_one_value(tmp_path: Path) -> None:
    assert problems(tmp_path, themes="health") == [
        f'Line 5, {NAME}, themes | You wrote "health". '
        "Write themes as a list, like themes: [leisure-play-short-breaks]."
    ]


def test_a_group_written_as_one_value(tmp_path: Path) -> None:
    assert problems(tmp_path, ages="5 to 11") == [
        f'Line 9, {NAME}, ages | You wrote "5 to 11". '
        "Write the fields under ages, like ages: {min: 5, max: 11}."
    ]


def test_text_written_as_a_list(tmp_path: Path) -> None:
    assert problems(tmp_path, area="[North, South]") == [
        f"Line 7, {NAME}, area | You wrote a list here. "
        "Enter text on one line, like North Hollinbrook."
    ]


def test_status_and_access_methods_come_from_the_model(tmp_path: Path) -> None:
    assert service(tmp_path, status="retired").status == "retired"
    assert problems(tmp_path / "a", status="temporarily closed") == [
        f'Line 9, {NAME}, status | You wrote "temporarily closed". '
        'Did you mean "temporarily-closed"? '
        "Enter one of: active, temporarily-closed, inactive, retired."
    ]
    assert problems(tmp_path / "b", how_to_access="{methods: [referral]}") == [
        f'Line 9, {NAME}, how_to_access.methods[1] | You wrote "referral". '
        'Did you mean "self-referral"? '
        "Enter one of: self-referral, professional-referral, drop-in, appointment."
    ]


def test_ids_are_small_letters_digits_and_hyphens(tmp_path: Path) -> None:
    assert problems(tmp_path, id="Sunflower_Play") == [
        f'Line 2, {NAME}, id | You wrote "Sunflower_Play". Enter an id using only small '
        "letters, numbers and single hyphens, like sunflower-play-scheme."
    ]


def test_one_line_fields_refuse_line_breaks(tmp_path: Path) -> None:
    assert problems(tmp_path, summary='"Holiday play.\\nAges 5 to 11."') == [
        f"Line 4, {NAME}, summary | There is a line break in this text. Write it on one line."
    ]


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\\u200b", "U+200B, zero width space"),
        ("\\u202e", "U+202E, right-to-left override"),
        ("\\u0007", "U+0007"),
        ("\\ufeff", "U+FEFF, zero width no-break space"),
    ],
)
def test_one_line_fields_refuse_hidden_characters(tmp_path: Path, char: str, named: str) -> None:
    assert problems(tmp_path, area=f'"North{char} Hollinbrook"') == [
        f'Line 7, {NAME}, area | There is a hidden character ({named}) after "North". '
        "Delete it, or retype that part of the text."
    ]


def test_descriptions_may_have_line_breaks_but_not_bidi_overrides(tmp_path: Path) -> None:
    assert service(tmp_path, description='"One.\\n\\nTwo."').description == "One.\n\nTwo."
    assert problems(tmp_path / "a", description='"One \\u202eowT"') == [
        f"Line 9, {NAME}, description | There is a hidden character "
        '(U+202E, right-to-left override) after "One ". '
        "Delete it, or retype that part of the text."
    ]


def test_the_summary_is_at_most_200_characters(tmp_path: Path) -> None:
    assert problems(tmp_path, summary="a" * 201) == [
        f"Line 4, {NAME}, summary | summary is 201 characters long. "
        "Shorten it to 200 characters or fewer."
    ]
    assert len(service(tmp_path / "a", summary="a" * 200).summary) == 200


def test_previous_ids_cannot_hold_the_service_own_id(tmp_path: Path) -> None:
    assert problems(tmp_path, previous_ids="[sunflower-play-scheme]") == [
        f'Line 9, {NAME}, previous_ids | "sunflower-play-scheme" is this service\'s own id. '
        "Remove it from previous_ids."
    ]


# --- how a service is named in messages --------------------------------------------


def test_a_service_without_a_usable_name_is_named_by_id_then_position(tmp_path: Path) -> None:
    entries = services_file(
        with_fields(name=None, summary="x" * 201),
        with_fields(id="Bad Id", name='"Tab\\there"', summary="x" * 201),
    )
    assert problems_of(write_data(tmp_path / "data", entries)) == [
        "Line 2, Service with id sunflower-play-scheme, name | name is missing. "
        "Add it, like name: Sunflower Play Scheme.",
        "Line 3, Service with id sunflower-play-scheme, summary | summary is 201 characters "
        "long. Shorten it to 200 characters or fewer.",
        'Line 8, Service 2, id | You wrote "Bad Id". Enter an id using only small letters, '
        "numbers and single hyphens, like sunflower-play-scheme.",
        'Line 9, Service 2, name | There is a hidden character (U+0009) after "Tab". '
        "Delete it, or retype that part of the text.",
        "Line 10, Service 2, summary | summary is 201 characters long. "
        "Shorten it to 200 characters or fewer.",
    ]


def test_an_entry_that_is_not_a_group_of_fields(tmp_path: Path) -> None:
    assert problems_of(
        write_data(tmp_path / "data", services_file(SERVICE, "  - just text\n"))
    ) == [
        'Line 9, Service 2 | You wrote "just text". Each entry is a group of fields starting '
        'on a new line with "- ", like - id: sunflower-play-scheme.'
    ]


# --- warnings -----------------------------------------------------------------


def test_warnings_do_not_stop_publishing(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        services_file(with_fields(contact=None, area=None, last_reviewed="2025-11-22")),
    )
    assert problems_of(folder) == []
    assert warnings_of(folder) == [
        f"Line 2, {NAME}, contact | There is no way to contact this service. "
        "Add a phone number, email address or website under contact.",
        f"Line 2, {NAME}, locations | There is no location or area. Add a location, or the "
        "area the service covers, like area: North Hollinbrook.",
        f"Line 6, {NAME}, last_reviewed | Last reviewed on 22 November 2025, more than "
        "12 months ago. Check the listing with the service, then update last_reviewed.",
    ]


def test_exactly_12_months_is_not_yet_due(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", services_file(with_fields(last_reviewed="2025-11-23")))
    assert warnings_of(folder) == []


def test_a_named_contact_or_a_location_is_enough(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        services_file(
            with_fields(
                contact=None,
                area=None,
                contacts="[{name: Amina Shah, email: amina.shah@example.org}]",
                locations="[{name: Hollinbrook Library}]",
            )
        ),
    )
    assert warnings_of(folder) == []


def test_services_not_published_get_no_warnings(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        services_file(with_fields(contact=None, last_reviewed="2020-01-01", status="retired")),
    )
    assert warnings_of(folder) == []


# --- the field table ------------------------------------------------------------


def _all_fields() -> list[Field]:
    out: list[Field] = []

    def walk(fields: tuple[Field, ...]) -> None:
        for spec in fields:
            out.append(spec)
            if spec.group is not None:
                walk(spec.group.fields)

    for group in (SERVICE_FIELDS, TERM, FEEDBACK):
        walk(group.fields)
    return out


@pytest.mark.parametrize("spec", _all_fields(), ids=lambda spec: spec.key)
def test_every_example_in_the_field_table_passes_its_own_check(tmp_path: Path, spec: Field) -> None:
    """Messages quote these examples: an editor who copies one must get no problem."""
    text = example_of(spec) if spec.kind != "groups" else flow(spec.example)
    parsed = yaml.load(f"{spec.key}: {text}", Loader=yaml.BaseLoader)
    assert spec.key in parsed, text
    if spec in SERVICE_FIELDS.fields and spec.key not in ("id", "previous_ids", "last_reviewed"):
        value = text if spec.kind != "groups" else f"[{text}]"
        changes: dict[str, str | None] = {spec.key: value}
        if spec.key == "areas":
            changes["area"] = None  # one or the other
        assert problems(tmp_path, **changes) == []


def test_the_full_example_in_the_editors_guide_passes(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in guide.split("```yaml\n")[1:]]
    (example,) = [b for b in blocks if "\nservices:\n" in b]
    folder = write_data(tmp_path / "data", example, lists=False)
    for name in ("themes.yaml", "needs.yaml", "accessibility.yaml"):
        (folder / name).write_bytes((ROOT / "data" / name).read_bytes())
    assert problems_of(folder) == []
    assert warnings_of(folder) == []
    (checked,) = load_ok(folder).directory.services
    assert checked.contact is not None and checked.contact.phone is not None
    assert checked.contact.phone.e164 == "+441614960123"


def test_every_kind_of_field_has_a_check_and_a_schema() -> None:
    from generator.data.checks import _CHECKS
    from generator.data.fields import KINDS
    from generator.data.schema import build_schema

    assert set(_CHECKS) == KINDS
    assert {spec.kind for spec in _all_fields()} | {
        spec.item.kind for spec in _all_fields() if spec.item is not None
    } <= KINDS
    assert build_schema({})["$defs"]


def test_an_organisation_may_say_what_it_does_checked_as_text(tmp_path: Path) -> None:
    """`organisation.description` goes into the open data: plain text, checked like the rest."""
    found = service(
        tmp_path,
        organisation='{name: Hollinbrook Play Trust, description: "Runs play schemes.\\nFor all."}',
    )
    assert found.organisation == model.Organisation(
        "Hollinbrook Play Trust", None, "Runs play schemes.\nFor all."
    )
    assert problems(
        tmp_path / "a",
        organisation='{name: Hollinbrook Play Trust, description: "Runs \\u202eplay"}',
    ) == [
        f"Line 9, {NAME}, organisation.description | There is a hidden character "
        '(U+202E, right-to-left override) after "Runs ". '
        "Delete it, or retype that part of the text."
    ]
