"""When a session of opening times happens: its iCalendar (RFC 5545) rule.

Sessions are weekly, monthly ("first and third Tuesday") or on dates, and
may run only between `valid_from` and `valid_to`. python-dateutil's `rrule`
computes the occurrences, so that the page (which leaves out sessions that
are over) and the open data (HSDS's `freq` and `byday`, which are RRULE
parts) read the same rule, and no recurrence arithmetic is written here.
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil import rrule

from generator.data.model import DAYS, WEEKS, Session

_WEEKDAYS = dict(zip(DAYS, rrule.weekdays, strict=True))
_WEEK_NUMBERS = dict(zip(WEEKS, (1, 2, 3, 4, -1), strict=True))


def is_weekly(session: Session) -> bool:
    """Every week on its days, with no first or last date: a row of the opening times table."""
    return bool(session.days) and not session.weeks and not _bounded(session)


def _bounded(session: Session) -> bool:
    return session.valid_from is not None or session.valid_to is not None


def rule(session: Session, start: date) -> rrule.rrule | rrule.rruleset:
    """The session's days as a rule, from `start` (or its own `valid_from`) on.

    Its times do not matter here: the rule says on which days it runs.
    """
    if not session.days:
        dated = rrule.rruleset()
        for day in session.dates:
            dated.rdate(_midnight(day))
        return dated
    first = _midnight(session.valid_from or start)
    until = _midnight(session.valid_to) if session.valid_to else None
    if session.weeks:
        byweekday = [
            _WEEKDAYS[day](_WEEK_NUMBERS[week]) for week in session.weeks for day in session.days
        ]
        return rrule.rrule(rrule.MONTHLY, dtstart=first, byweekday=byweekday, until=until)
    byweekday = [_WEEKDAYS[day] for day in session.days]
    return rrule.rrule(rrule.WEEKLY, dtstart=first, byweekday=byweekday, until=until)


def rrule_parts(session: Session) -> dict[str, str]:
    """The RRULE parts of a weekly or monthly session, as dateutil writes them:
    {"FREQ": "MONTHLY", "BYDAY": "+1TU,+3TU"}. A dated session has none."""
    if not session.days:
        return {}
    text = str(rule(session, session.valid_from or date(2000, 1, 3)))
    line = next(part for part in text.splitlines() if part.startswith("RRULE:"))
    return dict(item.split("=", 1) for item in line.removeprefix("RRULE:").split(";"))


def next_day(session: Session, today: date) -> date | None:
    """The next day (today included) the session runs, or None when it is over."""
    found = rule(session, today).after(_midnight(today), inc=True)
    return found.date() if found is not None else None


def dates_to_come(session: Session, today: date) -> list[date]:
    """A dated session's dates from today on, in order."""
    return [found.date() for found in rule(session, today).xafter(_midnight(today), inc=True)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())
