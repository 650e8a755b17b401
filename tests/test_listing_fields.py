"""The fields real directories carry (issue 16): what each becomes, and the
exact words an editor reads when one is wrong.

Like tests/test_checks.py, each test writes a small data folder with one
service (see `datafolder.py`) and changes one field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from datafolder import (
    TODAY,
    load_ok,
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

from generator.data import model, recurrence
from generator.site.jsonld import service_jsonld
from generator.site.pages import SiteInfo, build_pages

NAME = '"Sunflower Play Scheme"'


# --- source -------------------------------------------------------------------


def test_the_source_system_and_id_are_kept(tmp_path: Path) -> None:
    checked = service(
        tmp_path, source="{system: placecube-hollinbrook, id: 3fa85f64-5717-4562-b3fc-2c963f66afa6}"
    )
    assert checked.origin == model.Origin(
        "placecube-hollinbrook", "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    )
    assert checked.source == model.SourceRef("data/services.yaml", 2)


def test_the_source_needs_a_system_id_and_a_record_id(tmp_path: Path) -> None:
    assert problems(tmp_path, source="{system: Placecube Hollinbrook}") == [
        f'Line 9, {NAME}, source.system | You wrote "Placecube Hollinbrook". Enter an id using '
        "only small letters, numbers and single hyphens, like placecube-hollinbrook.",
        f"Line 9, {NAME}, source.id | id is missing. Add it, like "
        "id: 3fa85f64-5717-4562-b3fc-2c963f66afa6.",
    ]


# --- phones -------------------------------------------------------------------


def test_more_phones_each_with_what_it_is_for(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        contact='{phone: "0161 496 0110", phones: [{number: "0161 496 0112", '
        "description: Youth team}, {number: 0161 496 0113}]}",
    )
    assert checked.contact is not None
    assert checked.contact.phones == (
        model.ContactPhone(model.Phone("+441614960112", "0161 496 0112"), "Youth team"),
        model.ContactPhone(model.Phone("+441614960113", "0161 496 0113")),
    )


def test_a_wrong_extra_phone_is_named_by_its_place(tmp_path: Path) -> None:
    assert problems(
        tmp_path, contact="{phones: [{number: '0161 496 0112'}, {number: 'Youth team: 0117'}]}"
    ) == [
        f'Line 6, {NAME}, contact.phones[2].number | You wrote "Youth team: 0117". '
        "Enter a UK phone number, like 0161 496 0112."
    ]
    assert problems(tmp_path / "a", contact="{phones: [{description: Youth team}]}") == [
        f"Line 6, {NAME}, contact.phones[1].number | number is missing. Add it, like "
        "number: 0161 496 0112."
    ]


# --- cost options -------------------------------------------------------------


def test_cost_options_with_amount_currency_and_what_for(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        cost="{free: no, options: [{amount: 5.00, for: a 2-hour session}, "
        "{amount: 12, currency: EUR}]}",
    )
    assert checked.cost == model.Cost(
        free=False,
        options=(
            model.CostOption(Decimal("5.00"), "GBP", "a 2-hour session"),
            model.CostOption(Decimal("12"), "EUR", None),
        ),
    )


def test_a_cost_option_amount_is_a_plain_number(tmp_path: Path) -> None:
    assert problems(tmp_path, cost="{options: [{amount: £5}]}") == [
        f'Line 9, {NAME}, cost.options[1].amount | You wrote "£5". '
        "Enter the amount as a number, without the £ sign, like 5.00."
    ]
    assert problems(tmp_path / "a", cost="{options: [{amount: -2}]}") == [
        f'Line 9, {NAME}, cost.options[1].amount | You wrote "-2". '
        "Enter the amount as a number, without the £ sign, like 5.00."
    ]


def test_a_cost_option_currency_is_an_iso_code(tmp_path: Path) -> None:
    assert problems(tmp_path, cost="{options: [{amount: 5, currency: pounds}]}") == [
        f'Line 9, {NAME}, cost.options[1].currency | You wrote "pounds". '
        "Enter the three-letter code of a currency (ISO 4217) in capitals, like GBP."
    ]
    assert problems(tmp_path / "a", cost="{options: [{amount: 5, currency: XYZ}]}") == [
        f'Line 9, {NAME}, cost.options[1].currency | You wrote "XYZ". '
        "Enter the three-letter code of a currency (ISO 4217) in capitals, like GBP."
    ]


# --- areas --------------------------------------------------------------------


def test_several_areas(tmp_path: Path) -> None:
    checked = service(tmp_path, area=None, areas="[Hollinbrook North, Hollinbrook South]")
    assert checked.areas == ("Hollinbrook North", "Hollinbrook South")
    assert checked.covers == ("Hollinbrook North", "Hollinbrook South")
    assert service(tmp_path / "a").covers == ("North Hollinbrook",)


def test_area_and_areas_are_not_both_given(tmp_path: Path) -> None:
    assert problems(tmp_path, areas="[Hollinbrook South]") == [
        f"Line 9, {NAME}, areas | There are both area and areas. Put every area under areas, "
        "like areas: [Hollinbrook North, Hollinbrook South]."
    ]


def test_areas_alone_count_as_a_place(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data", services_file(with_fields(area=None, areas="[Hollinbrook South]"))
    )
    assert warnings_of(folder) == []


# --- attending ----------------------------------------------------------------


def test_attending_is_a_choice_kept_in_order(tmp_path: Path) -> None:
    checked = service(tmp_path, attending="[online, venue, online]")
    assert checked.attending == ("online", "venue")
    assert problems(tmp_path / "a", attending="[venue, home visit]") == [
        f'Line 9, {NAME}, attending[2] | You wrote "home visit". Did you mean "home-visit"? '
        "Enter one of: venue, phone, online, home-visit."
    ]


# --- alert, locations, organisation --------------------------------------------


def test_an_alert_is_one_line(tmp_path: Path) -> None:
    assert service(tmp_path, alert="Closed over Christmas.").alert == "Closed over Christmas."
    assert problems(tmp_path / "a", alert='"Closed\\nover Christmas"') == [
        f"Line 9, {NAME}, alert | There is a line break in this text. Write it on one line."
    ]


def test_a_location_has_a_description_and_transport(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        locations="[{name: Hollinbrook Library, description: The entrance is at the side., "
        "transport: Buses 52 and 53 stop outside.}]",
    )
    (location,) = checked.locations
    assert location.description == "The entrance is at the side."
    assert location.transport == "Buses 52 and 53 stop outside."


def test_an_organisation_description_is_markdown(tmp_path: Path) -> None:
    checked = service(
        tmp_path, organisation="{name: Hollinbrook Play Trust, description: '*Local* charity.'}"
    )
    assert checked.organisation == model.Organisation(
        "Hollinbrook Play Trust", description="*Local* charity."
    )


# --- schedules ----------------------------------------------------------------


def test_a_monthly_session(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        schedule='[{days: [tuesday], weeks: [third, first], opens: "10:00", closes: "12:00"}]',
    )
    (session,) = checked.schedule
    assert session.weeks == ("first", "third")
    assert recurrence.rrule_parts(session) == {"FREQ": "MONTHLY", "BYDAY": "+1TU,+3TU"}
    assert recurrence.next_day(session, date(2026, 12, 2)) == date(2026, 12, 15)


def test_dated_sessions(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        schedule='[{dates: [2026-12-12, 2026-12-05], opens: "10:00", closes: "12:00"}]',
    )
    (session,) = checked.schedule
    assert session.days == ()
    assert session.dates == (date(2026, 12, 5), date(2026, 12, 12))
    assert recurrence.dates_to_come(session, date(2026, 12, 6)) == [date(2026, 12, 12)]
    assert recurrence.next_day(session, date(2026, 12, 13)) is None


def test_a_session_between_two_dates(tmp_path: Path) -> None:
    checked = service(
        tmp_path,
        schedule="[{days: [saturday], valid_from: 2026-09-01, valid_to: 2027-07-20, "
        'opens: "10:00", closes: "12:00"}]',
    )
    (session,) = checked.schedule
    assert (session.valid_from, session.valid_to) == (date(2026, 9, 1), date(2027, 7, 20))
    assert recurrence.next_day(session, date(2027, 7, 21)) is None
    assert recurrence.next_day(session, date(2026, 8, 1)) == date(2026, 9, 5)


def test_a_session_has_days_or_dates(tmp_path: Path) -> None:
    assert problems(tmp_path, schedule='[{opens: "10:00", closes: "12:00"}]') == [
        f"Line 9, {NAME}, schedule[1].days | This session has no days or dates. Add the days "
        "it runs, like days: [monday], or the dates, like dates: [2026-12-05]."
    ]
    both = '[{days: [monday], dates: [2026-12-05], opens: "10:00", closes: "12:00"}]'
    assert problems(tmp_path / "a", schedule=both) == [
        f"Line 9, {NAME}, schedule[1].dates | This session has both days and dates. Use days "
        "for a session every week (or, with weeks, every month), or dates for sessions on "
        "those dates only. Split it in two."
    ]


def test_weeks_need_days_and_dates_take_no_bounds(tmp_path: Path) -> None:
    weeks = '[{dates: [2026-12-05], weeks: [first], opens: "10:00", closes: "12:00"}]'
    assert problems(tmp_path, schedule=weeks) == [
        f"Line 9, {NAME}, schedule[1].weeks | weeks needs days: add the day of those weeks, "
        "like days: [tuesday]."
    ]
    bounded = '[{dates: [2026-12-05], valid_to: 2026-12-31, opens: "10:00", closes: "12:00"}]'
    assert problems(tmp_path / "a", schedule=bounded) == [
        f"Line 9, {NAME}, schedule[1].valid_to | valid_to is for sessions on days. A session "
        "on dates runs on those dates only: remove valid_to."
    ]


def test_wrong_weeks_dates_and_bounds(tmp_path: Path) -> None:
    assert problems(
        tmp_path, schedule='[{days: [friday], weeks: [every], opens: "10:00", closes: "12:00"}]'
    ) == [
        f'Line 9, {NAME}, schedule[1].weeks[1] | You wrote "every". '
        "Enter one of: first, second, third, fourth, last."
    ]
    assert problems(
        tmp_path / "a", schedule='[{dates: [5 December], opens: "10:00", closes: "12:00"}]'
    ) == [
        f'Line 9, {NAME}, schedule[1].dates[1] | You wrote "5 December". '
        "Enter a real date as year-month-day, like 2026-12-05."
    ]
    reversed_dates = (
        "[{days: [saturday], valid_from: 2027-07-20, valid_to: 2026-09-01, "
        'opens: "10:00", closes: "12:00"}]'
    )
    assert problems(tmp_path / "b", schedule=reversed_dates) == [
        f"Line 9, {NAME}, schedule[1].valid_to | valid_to (2026-09-01) is before valid_from "
        "(2027-07-20). Check the dates."
    ]


# --- the service page -----------------------------------------------------------

FULL = """\
    alert: Closed over Christmas; open again on 5 January.
    attending: [venue, home-visit]
    organisation: {name: Hollinbrook Play Trust, description: "A *local* charity."}
    cost:
      free: no
      options:
        - {amount: 5.00, for: a 2-hour session}
        - {amount: 7.50}
        - {amount: 0, for: brothers and sisters}
    contact:
      phone: "0161 496 0110"
      phones:
        - {number: "0161 496 0112", description: Youth team}
    locations:
      - name: Hollinbrook Library
        description: The entrance is at the side of the building.
        transport: Buses 52 and 53 stop outside.
    schedule:
      - {days: [monday], opens: "09:30", closes: "15:00"}
      - {days: [tuesday], weeks: [first, third], opens: "10:00", closes: "12:00"}
      - {dates: [2026-11-21, 2026-12-05, 2026-12-12], opens: "10:00", closes: "12:00"}
      - days: [saturday]
        valid_from: 2026-09-01
        valid_to: 2027-07-20
        opens: "10:00"
        closes: "12:30"
      - {days: [sunday], valid_to: 2026-10-31, opens: "10:00", closes: "12:00"}
"""


def full_directory(tmp_path: Path, **changes: str | None) -> model.Directory:
    entry = with_fields(
        area=None, areas="[Hollinbrook North, Hollinbrook South]", contact=None, **changes
    )
    return load_ok(write_data(tmp_path / "data", services_file(entry + FULL))).directory


def built_page(tmp_path: Path, src_uri: str) -> str:
    site = SiteInfo("Hollinbrook Local Offer", "Hollinbrook", "Hollinbrook Borough Council")
    pages, _ = build_pages(full_directory(tmp_path), today=TODAY, site=site)
    (page,) = [p for p in pages if p.src_uri == src_uri]
    return page.body_html


def full_service_page(tmp_path: Path) -> str:
    return built_page(tmp_path, "services/sunflower-play-scheme.md")


def test_the_page_shows_the_new_fields(tmp_path: Path) -> None:
    html = full_service_page(tmp_path)
    assert (
        '<strong class="govuk-warning-text__text"><span class="visually-hidden">Warning: '
        "</span>Closed over Christmas; open again on 5 January.</strong>"
    ) in html
    assert html.index("Closed over Christmas") < html.index('<dl class="govuk-summary-list">')
    assert (
        '<dt class="govuk-summary-list__key">How to attend</dt><dd class="govuk-summary-list__'
        'value"><ul class="govuk-list">\n<li>In person at a venue</li>\n<li>Home visits</li>\n'
    ) in html
    assert (
        '<ul class="govuk-list lo-cost-options">\n<li>£5 for a 2-hour session</li>\n'
        "<li>£7.50</li>\n<li>Free for brothers and sisters</li>\n</ul>"
    ) in html
    assert ('<li>Youth team: <a href="tel:+441614960112">0161 496 0112</a></li>') in html
    assert "<p>The entrance is at the side of the building.</p>" in html
    assert "<p>Getting there: Buses 52 and 53 stop outside.</p>" in html
    assert "<p>Covers: Hollinbrook North and Hollinbrook South</p>" in html
    assert '<div class="lo-organisation-description">\n<p>A <em>local</em> charity.</p>' in html


def test_the_page_words_schedules_the_gov_uk_way(tmp_path: Path) -> None:
    html = full_service_page(tmp_path)
    assert '<tr><th scope="row">Monday</th>' in html
    assert (
        '<ul class="govuk-list lo-sessions">\n'
        "<li>First and third Tuesday of the month, 10am to midday</li>\n"
        "<li>Saturday 5 December 2026, 10am to midday</li>\n"
        "<li>Saturday 12 December 2026, 10am to midday</li>\n"
        "<li>Saturdays, 10am to 12:30pm, from 1 September 2026 to 20 July 2027</li>\n"
        "</ul>"
    ) in html, "past dates (21 November) and sessions over (Sundays to October) are left out"
    assert "Sunday" not in html and "21 November" not in html


def test_the_search_index_gets_attending_and_every_area(tmp_path: Path) -> None:
    html = full_service_page(tmp_path)
    assert '<span data-pagefind-filter="attending">venue</span>' in html
    assert '<span data-pagefind-filter="attending">home-visit</span>' in html
    assert '<span data-pagefind-filter="area">Hollinbrook South</span>' in html


def test_the_search_page_offers_the_ways_to_attend_in_use(tmp_path: Path) -> None:
    html = built_page(tmp_path, "search.md")
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert legends.index("How to attend") == legends.index("Cost") + 1
    assert 'name="attending" value="venue">' in html
    assert 'name="attending" value="home-visit">' in html
    assert 'value="online"' not in html, "only the ways some listing offers"


def test_schema_org_hours_say_dates_and_leave_monthly_out(tmp_path: Path) -> None:
    (checked,) = full_directory(tmp_path).services
    data = service_jsonld(
        checked, model.Directory(), site_url="https://localoffer.example.org/", council="X"
    )
    hours = [
        (h.get("dayOfWeek"), h.get("validFrom"), h.get("validThrough"))
        for h in data["hoursAvailable"]
    ]
    assert hours == [
        (["https://schema.org/Monday"], None, None),
        (None, "2026-11-21", "2026-11-21"),
        (None, "2026-12-05", "2026-12-05"),
        (None, "2026-12-12", "2026-12-12"),
        (["https://schema.org/Saturday"], "2026-09-01", "2027-07-20"),
        (["https://schema.org/Sunday"], None, "2026-10-31"),
    ]
    assert [a["name"] for a in data["areaServed"]] == ["Hollinbrook North", "Hollinbrook South"]


def test_misspelt_new_fields_get_did_you_mean(tmp_path: Path) -> None:
    assert problems(tmp_path, atending="[venue]") == [
        f'Line 9, {NAME}, atending | "atending" is not a field we know. Did you mean "attending"?'
    ]
    weekly = '[{days: [friday], week: [first], opens: "10:00", closes: "12:00"}]'
    assert problems(tmp_path / "a", schedule=weekly) == [
        f'Line 9, {NAME}, schedule[1].week | "week" is not a field we know. Did you mean "weeks"?'
    ]
