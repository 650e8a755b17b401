"""How times, dates, ages, counts and codes are said to people.

Pages show "9:30am to 3pm", "14 June 2026" and "Refer yourself", never
"09:30", "2026-06-14" or "self-referral": GOV.UK style, and what a screen
reader should read aloud. One function per kind of wording, so every page
says the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache

from generator.data import recurrence
from generator.data.model import DAYS, AgeRange, Cost, CostOption, Session

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CLOSED_WARNING = (
    "This service is temporarily closed. Contact the service to find out when it will open again."
)
"""What a temporarily closed service's page warns, and its `alert` in the open data."""

ACCESS_WORDS: dict[str, str] = {
    "self-referral": "Refer yourself",
    "professional-referral": "A professional must refer you",
    "drop-in": "Drop in",
    "appointment": "Make an appointment",
}

ATTENDING_WORDS: dict[str, str] = {
    "venue": "In person at a venue",
    "phone": "By phone",
    "online": "Online",
    "home-visit": "Home visits",
}

CURRENCY_SIGNS: dict[str, str] = {"GBP": "£", "EUR": "€", "USD": "$"}


@cache  # a few hundred distinct times, said on thousands of pages
def time_words(hhmm: str) -> str:
    """Say a 24-hour time as GOV.UK does.

    "09:30" -> "9:30am", "15:00" -> "3pm", "12:00" -> "midday", "00:00" -> "midnight".
    """
    hours, minutes = (int(part) for part in hhmm.split(":"))
    if minutes == 0 and hours == 0:
        return "midnight"
    if minutes == 0 and hours == 12:
        return "midday"
    suffix = "am" if hours < 12 else "pm"
    clock = hours % 12 or 12
    return f"{clock}{suffix}" if minutes == 0 else f"{clock}:{minutes:02d}{suffix}"


def date_words(day: date) -> str:
    """2026-06-14 -> "14 June 2026" (GOV.UK: no ordinal, no leading zero)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def front_matter_words(value: object) -> str:
    """A front matter value as a page prints it: a date as GOV.UK writes it,
    anything else as written."""
    return date_words(value) if isinstance(value, date) else str(value)


def day_words(day: str) -> str:
    """Say a day id: "monday" -> "Monday"."""
    return day.capitalize()


def opening_rows(sessions: Iterable[Session]) -> list[tuple[str, Session]]:
    """Weekly opening times as they are read out (the rest: `session_lines`): one
    row per day, in week order, then by time, so a screen reader says "Monday,
    9:30am to 3pm" rather than "Monday, Wednesday" and then a time that belongs
    to both."""
    return sorted(
        (
            (day, session)
            for session in sessions
            if recurrence.is_weekly(session)
            for day in session.days
        ),
        key=lambda row: (_DAY_ORDER[row[0]], row[1].opens, row[1].closes),
    )


_DAY_ORDER = {day: number for number, day in enumerate(DAYS)}


def age_words(ages: AgeRange | None) -> str:
    """An age range as a reader says it; no range means the service is for everyone."""
    if ages is None:
        return "All ages"
    if ages.min == ages.max:
        return "Under 1 year" if ages.min == 0 else plural(ages.min, "year")
    return f"{ages.min} to {ages.max} years"


def year_words(age: int) -> str:
    """A child's age as the search page offers it: "Under 1", "1 year old", "4 years old"."""
    return "Under 1" if age == 0 else f"{plural(age, 'year')} old"


def cost_words(cost: Cost | None) -> str | None:
    """Say the cost in brief: "Free" or "There is a cost"; None when the listing does not say."""
    if cost is None or cost.free is None:
        return None
    return "Free" if cost.free else "There is a cost"


def money_words(amount: Decimal, currency: str = "GBP") -> str:
    """An amount as GOV.UK writes money: "£5", "£7.50", "€12"; pence only when there are some."""
    whole = amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{number}" if sign else f"{number} {currency}"


def cost_option_words(option: CostOption) -> str:
    """One price: "£5 for a 2-hour session"; an amount of 0 is "Free for siblings"."""
    price = "Free" if option.amount == 0 else money_words(option.amount, option.currency)
    return f"{price} for {option.purpose}" if option.purpose else price


def attending_words(way: str) -> str:
    """A way to attend as the page says it: "home-visit" -> "Home visits"."""
    return ATTENDING_WORDS[way]


def day_date_words(day: date) -> str:
    """2026-12-05 -> "Saturday 5 December 2026"."""
    return f"{day_words(DAYS[day.weekday()])} {date_words(day)}"


def _times(session: Session) -> str:
    return f"{time_words(session.opens)} to {time_words(session.closes)}"


def _bounds(session: Session) -> str:
    start, end = session.valid_from, session.valid_to
    if start and end:
        return f", from {date_words(start)} to {date_words(end)}"
    if start:
        return f", from {date_words(start)}"
    return f", until {date_words(end)}" if end else ""


def _days_of(session: Session) -> str:
    """The days part: "Saturdays", "First and third Tuesday of the month"."""
    if session.weeks:
        weeks = list_words(session.weeks)
        days = list_words(map(day_words, _in_week_order(session.days)))
        return f"{weeks[0].upper()}{weeks[1:]} {days} of the month"
    if recurrence.is_weekly(session):
        return days_words(session.days)
    return list_words(day_words(day) + "s" for day in _in_week_order(session.days))


def _in_week_order(days: Iterable[str]) -> list[str]:
    return sorted(set(days), key=_DAY_ORDER.__getitem__)


def session_lines(session: Session, today: date | None = None) -> list[str]:
    """A session as pages say it, one line for each dated session to come (every date
    without `today`), GOV.UK style: "First and third Tuesday of the month, 10am to
    midday", "Saturday 5 December 2026, 10am to midday", "Saturdays, 10am to
    midday, from 1 September 2026 to 20 July 2027". None once the session is over."""
    note = f" ({session.note})" if session.note else ""
    if not session.days:
        dates = recurrence.dates_to_come(session, today) if today else list(session.dates)
        return [f"{day_date_words(day)}, {_times(session)}{note}" for day in dates]
    if today is not None and recurrence.next_day(session, today) is None:
        return []
    return [f"{_days_of(session)}, {_times(session)}{_bounds(session)}{note}"]


def other_sessions(sessions: Iterable[Session], today: date) -> list[str]:
    """The sessions `opening_rows` leaves out (monthly, dated, between dates), as
    lines, in the order the listing gives them; those that are over are left out."""
    return [
        line
        for session in sessions
        if not recurrence.is_weekly(session)
        for line in session_lines(session, today)
    ]


def access_words(method: str) -> str:
    """An access method id as an instruction: "drop-in" -> "Drop in"."""
    return ACCESS_WORDS[method]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Count things: "1 service", "2 services", "0 services"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def list_words(items: Iterable[str]) -> str:
    """["English", "Urdu", "Polish"] -> "English, Urdu and Polish"."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def coordinate(value: float) -> str:
    """A latitude or longitude for a map link: at most 6 decimals (about 0.1 m), no trailing 0s."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def days_words(days: Iterable[str]) -> str:
    """Days as a reader says them: a run of 3 or more in week order is "Monday to Friday"."""
    ordered = sorted(set(days), key=_DAY_ORDER.__getitem__)
    numbers = [_DAY_ORDER[day] for day in ordered]
    if len(ordered) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{day_words(ordered[0])} to {day_words(ordered[-1])}"
    return list_words(day_words(day) for day in ordered)


def hours_words(sessions: Iterable[Session]) -> str:
    """Opening times in one sentence, as guidance prints them:
    "Monday to Friday, 9:30am to 4:30pm; Wednesday, 5pm to 7pm (Evening helpline)"."""
    return "; ".join(line for session in sessions for line in session_lines(session))
