"""How times, dates, ages, counts and codes are said to people.

Pages show "9:30am to 3pm", "14 June 2026" and "Refer yourself", never
"09:30", "2026-06-14" or "self-referral": GOV.UK style, and what a screen
reader should read aloud. One function per kind of wording, so every page
says the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from generator.data.model import DAYS, AgeRange, Cost, Session

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
    """Opening times as they are read out: one row per day, in week order, then by
    time, so a screen reader says "Monday, 9:30am to 3pm" rather than "Monday,
    Wednesday" and then a time that belongs to both."""
    return sorted(
        ((day, session) for session in sessions for day in session.days),
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
    parts = []
    for session in sessions:
        times = f"{time_words(session.opens)} to {time_words(session.closes)}"
        hours = f"{days_words(session.days)}, {times}"
        parts.append(f"{hours} ({session.note})" if session.note else hours)
    return "; ".join(parts)
