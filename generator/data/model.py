"""The checked directory as plain typed objects.

Everything here has already passed the loader's checks: phone numbers are
parsed, postcodes normalised, times and dates real. Later steps (pages,
exports, search) read these objects and never the YAML, so they can trust
every value and never need to re-validate. No I/O and no mkdocs here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

DAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

STATUSES: tuple[str, ...] = ("active", "temporarily-closed", "inactive", "retired")
"""`active` and `temporarily-closed` are published; `inactive` is kept in the
data but not published; `retired` keeps its address as a short "no longer
available" page so that old links never break, and keeps its id reserved."""

ACCESS_METHODS: tuple[str, ...] = (
    "self-referral",
    "professional-referral",
    "drop-in",
    "appointment",
)

ATTENDING: tuple[str, ...] = ("venue", "phone", "online", "home-visit")
"""How families attend: Open Referral UK v1's `attending_type`, a search filter."""

WEEKS: tuple[str, ...] = ("first", "second", "third", "fourth", "last")
"""Which week of the month a monthly session runs in (iCal BYDAY's 1 to 4, and -1)."""

AGE_BANDS: tuple[tuple[str, str, int, int], ...] = (
    ("0-4", "0 to 4 years", 0, 4),
    ("5-11", "5 to 11 years", 5, 11),
    ("12-16", "12 to 16 years", 12, 16),
    ("17-19", "17 to 19 years", 17, 19),
    ("20-25", "20 to 25 years", 20, 25),
)
"""(id, label, first age, last age) of the browse-by-age bands."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an object came from, so warnings and history can point at it."""

    file: str
    line: int
    # The line of each field of the entry, for a problem found after the
    # checks (a link in a description to a page that does not exist).
    fields: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, field: str) -> int:
        """The line of `field`, or of the entry when it is not known."""
        return dict(self.fields).get(field, self.line)


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a controlled list: a theme, a need or an accessibility feature."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Phone:
    """A checked UK phone number: E.164 for `tel:` links, national format to show."""

    e164: str
    display: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an imported listing came from: the source system and the record's id
    there, so that importing the same source again updates this listing."""

    system: str
    id: str


@dataclass(frozen=True, slots=True)
class ContactPhone:
    """One more phone number, with what it is for ("Youth team")."""

    number: Phone
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    website: str | None = None
    description: str | None = None  # what the organisation does, in the editor's words


@dataclass(frozen=True, slots=True)
class AgeRange:
    min: int
    max: int

    def overlaps(self, first: int, last: int) -> bool:
        return self.min <= last and first <= self.max


@dataclass(frozen=True, slots=True)
class CostOption:
    """One price: an amount in a currency, and what it pays for."""

    amount: Decimal  # 0 or more, checked
    currency: str = "GBP"  # ISO 4217, checked
    purpose: str | None = None  # the editor's `for`: "a 2-hour session"


@dataclass(frozen=True, slots=True)
class Cost:
    free: bool | None = None
    description: str | None = None
    options: tuple[CostOption, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    phone: Phone | None = None
    email: str | None = None
    website: str | None = None
    phones: tuple[ContactPhone, ...] = ()  # more numbers, each with what it is for


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None = None
    phone: Phone | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """One row of opening times: the same hours on some days, or on some dates.

    Weekly on `days`; monthly when `weeks` says which weeks of the month
    ("first and third Tuesday"); on the `dates` alone when it has no `days`.
    `valid_from` and `valid_to` bound a weekly or monthly session. The checks
    make sure exactly one of `days` and `dates` is given.
    """

    days: tuple[str, ...]  # empty for a dated session
    opens: str  # "HH:MM", 24-hour, checked
    closes: str  # "HH:MM", later than opens
    note: str | None = None
    weeks: tuple[str, ...] = ()  # in WEEKS order
    dates: tuple[date, ...] = ()  # in date order
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None
    address: str | None
    postcode: str | None  # normalised, like "M1 1AA"
    latitude: float | None
    longitude: float | None
    accessibility: tuple[str, ...] = ()
    description: str | None = None  # finding the way in: "The entrance is at the side."
    transport: str | None = None  # "Buses 52 and 53 stop outside."


@dataclass(frozen=True, slots=True)
class HowToAccess:
    methods: tuple[str, ...] = ()
    details: str | None = None


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name: str
    summary: str
    last_reviewed: date
    themes: tuple[str, ...]
    source: SourceRef
    description: str | None = None  # markdown, rendered then sanitised
    previous_ids: tuple[str, ...] = ()
    status: str = "active"
    organisation: Organisation | None = None
    needs: tuple[str, ...] = ()
    ages: AgeRange | None = None
    cost: Cost | None = None
    contact: Contact | None = None
    contacts: tuple[Person, ...] = ()
    schedule: tuple[Session, ...] = ()
    locations: tuple[Location, ...] = ()
    area: str | None = None
    areas: tuple[str, ...] = ()  # several areas; never given with `area`
    attending: tuple[str, ...] = ()  # in ATTENDING order
    alert: str | None = None  # a closure or other notice, shown at the top of the page
    origin: Origin | None = None  # the editor's `source`: where it was imported from
    how_to_access: HowToAccess | None = None
    eligibility: str | None = None
    languages: tuple[str, ...] = ()
    owner: str | None = None  # who reviews this listing: a team or an email
    visible_from: date | None = None
    visible_to: date | None = None

    @property
    def covers(self) -> tuple[str, ...]:
        """The areas it covers, from `area` or `areas` (an editor gives one or the other)."""
        return (self.area,) if self.area else self.areas

    def is_published(self, today: date) -> bool:
        """Listed and given a full page: active or temporarily closed, inside its window."""
        return self._listed() and self._within_dates(today)

    def hidden_by_dates(self, today: date) -> bool:
        """Left out only by its visible_from / visible_to dates: its page is
        meant to be away on `today`, and comes back when the dates include it."""
        return self._listed() and not self._within_dates(today)

    def _listed(self) -> bool:
        return self.status in ("active", "temporarily-closed")

    def _within_dates(self, today: date) -> bool:
        """Inside its visible_from / visible_to window (both days included)."""
        if self.visible_from is not None and today < self.visible_from:
            return False
        return not (self.visible_to is not None and today > self.visible_to)


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """One "You said, we did" entry."""

    said: str
    did: str
    date: date
    topic: str | None = None
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Postcode:
    district: str  # like "HB1"
    latitude: float
    longitude: float


@dataclass(slots=True)
class Directory:
    """Everything the loader accepted, ready for pages and exports."""

    services: list[Service] = field(default_factory=list)
    themes: list[Term] = field(default_factory=list)
    needs: list[Term] = field(default_factory=list)
    accessibility: list[Term] = field(default_factory=list)
    feedback: list[FeedbackItem] = field(default_factory=list)
    postcodes: list[Postcode] = field(default_factory=list)

    def published(self, today: date) -> list[Service]:
        """Published services in A-Z order of name, the order every listing uses."""
        return sorted(
            (s for s in self.services if s.is_published(today)),
            key=lambda s: (s.name.casefold(), s.id),
        )

    def retired(self) -> list[Service]:
        """Retired services, by id: each keeps a short page, and the open data
        lists it as defunct so that those who copied it can remove it."""
        return sorted((s for s in self.services if s.status == "retired"), key=lambda s: s.id)
