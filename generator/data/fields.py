"""The one declaration of every field an editor can write, and what it holds.

The checks (`checks.py`), the JSON Schema that VS Code uses (`schema.py`) and
the "did you mean" suggestions all read this table, so a field added here is
checked, completed in the editor and suggested at once, and the three can
never disagree. Each field names its Open Referral HSDS 3.0 counterpart so the
open-data export can follow it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.data import model

SUMMARY_LIMIT = 200

# The text rules, written once in the regular-expression syntax that both
# Python's `re` and JSON Schema (ECMA-262) read, so the check and the editor's
# red underline agree.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DECIMAL_PATTERN = r"^[+-]?[0-9]{1,3}(\.[0-9]+)?$"
AMOUNT_PATTERN = r"^[0-9]{1,7}(\.[0-9]{1,2})?$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
PHONE_PATTERN = r"^\+?[0-9 ()-]{6,}$"
EMAIL_PATTERN = r"^[^\s@]+@[^\s@]+\.[^\s@]+$"
POSTCODE_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$"
"""The shapes of an email address and a postcode: what a form or the schema can
check as one types; the full check (email syntax, real postcodes) is `check`'s."""
HIDDEN = (
    r"\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
"""Characters a one-line field may not hold: line breaks and other control
characters, zero-width and bidirectional-override characters (they hide or
reorder text: a known trick for making a listing say something other than
what its reviewers saw)."""
_NOT_IN_URL = r"""\s"'`<>\\""" + HIDDEN
URL_PATTERN = (
    r"^https?://(?=[^/?#]*\.)"  # a host name with a dot in it: not "localhost"
    rf"[^./?#@:{_NOT_IN_URL}][^/?#@:{_NOT_IN_URL}]*"  # and no "name:password@" before it
    r"(:[0-9]{1,5})?"
    rf"([/?#][^{_NOT_IN_URL}]*)?$"
)
"""A web address as we publish it: http(s) only, judged on the raw text, so no
spaces, quotes, angle brackets, backslashes or hidden characters anywhere."""
HIDDEN_IN_TEXT = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""Longer text may have line breaks and tabs, and the joiners some scripts and
emoji need, but never other control characters or bidirectional overrides."""
YES_NO: dict[str, bool] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE"), False),
}

KINDS = frozenset(
    {
        "id",  # small letters, digits, single hyphens
        "line",  # one line of plain text
        "text",  # plain text, may run over several lines
        "markdown",  # paragraphs, lists, emphasis, links
        "age",  # whole years, 0 to 25
        "yesno",  # yes/no/true/false
        "phone",  # a UK phone number
        "email",
        "url",  # https:// or http:// only
        "postcode",  # a full UK postcode
        "time",  # HH:MM, 24-hour
        "date",  # YYYY-MM-DD
        "amount",  # an amount of money, 0 or more, up to 2 decimal places
        "currency",  # an ISO 4217 code, like GBP
        "latitude",
        "longitude",
        "choice",  # one of `choices`
        "day",  # monday ... sunday
        "term",  # an id from a controlled list (`terms`)
        "list",  # a list of `item`
        "group",  # the fields of `group`
        "groups",  # a list of `group`s
    }
)
"""What a field can hold. Each kind has one check (`checks._CHECKS`) and one
schema fragment (`schema._scalar`, `schema._value`)."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field: its key, what it holds, and what editors and HSDS call it.

    `example` is a value as an editor writes it (what the YAML extension in
    VS Code would read), used in messages, in the schema and in the guide.
    `yaml_tip` is advice for those who write the YAML by hand ("Put it in
    quotes."): the schema adds it to the description, the browser editor's
    form, which writes the YAML itself, leaves it out.
    """

    key: str
    kind: str
    title: str
    description: str
    hsds: str
    example: object
    required: bool = False
    item: Field | None = None  # kind "list": what each item is
    group: Group | None = None  # kinds "group" and "groups"
    choices: tuple[str, ...] = ()  # kind "choice"
    terms: str = ""  # kind "term": "themes", "needs" or "accessibility"
    max_length: int | None = None
    min_items: int = 0
    yaml_tip: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A set of fields written under one key (a service, a location, ...)."""

    name: str
    title: str
    fields: tuple[Field, ...]
    by_key: dict[str, Field] = field(init=False, repr=False, compare=False)
    keys: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {f.key: f for f in self.fields})
        object.__setattr__(self, "keys", tuple(f.key for f in self.fields))


def _item(kind: str, title: str, example: object, **more: object) -> Field:
    """The spec of one item in a list: only its kind matters, the rest is for the schema."""
    return Field(key="", kind=kind, title=title, description="", hsds="", example=example, **more)  # type: ignore[arg-type]


PHONE_EXAMPLE = "0161 496 0123"
WEB_EXAMPLE = "https://www.example.org/hollinbrook/play"

ORGANISATION = Group(
    "organisation",
    "Organisation",
    (
        Field(
            "name",
            "line",
            "Organisation name",
            "Who runs the service.",
            "organization.name",
            "Hollinbrook Play Trust",
            required=True,
        ),
        Field(
            "website",
            "url",
            "Organisation website",
            "The organisation's own website.",
            "organization.website",
            "https://www.example.org/hollinbrook",
        ),
        Field(
            "description",
            "markdown",
            "About the organisation",
            "What the organisation is and does, in markdown like the service's description.",
            "organization.description",
            "A local charity that runs play schemes for disabled children.",
        ),
    ),
)

SOURCE = Group(
    "source",
    "Imported from",
    (
        Field(
            "system",
            "id",
            "Source system",
            "A short name for the directory it was imported from: small letters, numbers "
            "and hyphens.",
            "no counterpart (the importer's own record)",
            "placecube-hollinbrook",
            required=True,
        ),
        Field(
            "id",
            "line",
            "Id there",
            "The listing's id in that directory, so that importing again updates this listing.",
            "no counterpart (the source record's service.id)",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            required=True,
        ),
    ),
)

AGES = Group(
    "ages",
    "Ages",
    (
        Field(
            "min",
            "age",
            "Youngest age",
            "The youngest age the service is for, in whole years (0 to 25).",
            "service.minimum_age",
            5,
            required=True,
        ),
        Field(
            "max",
            "age",
            "Oldest age",
            "The oldest age the service is for, in whole years (0 to 25).",
            "service.maximum_age",
            11,
            required=True,
        ),
    ),
)

COST_OPTION = Group(
    "cost_option",
    "Cost option",
    (
        Field(
            "amount",
            "amount",
            "Amount",
            "What it costs, as a number without the £ sign: 0 or more, like 5.00.",
            "cost_option.amount",
            "5.00",
            required=True,
        ),
        Field(
            "currency",
            "currency",
            "Currency",
            "The ISO 4217 code of the currency, in capitals. Leave it out for pounds (GBP).",
            "cost_option.currency",
            "GBP",
        ),
        Field(
            "for",
            "line",
            "What it is for",
            "What the amount pays for, to follow \"£5.00 for\".",
            "cost_option.option",
            "a 2-hour session",
        ),
    ),
)

COST = Group(
    "cost",
    "Cost",
    (
        Field(
            "free",
            "yesno",
            "Free",
            "Whether the service is free to families: yes or no.",
            "cost_option.amount (0 when free)",
            "no",
        ),
        Field(
            "description",
            "line",
            "Cost details",
            "What it costs, and who can get it free.",
            "service.fees_description; cost_option.amount_description",
            "£5 a session. Free for families on Universal Credit.",
        ),
        Field(
            "options",
            "groups",
            "Prices",
            "Each price: its amount, and what it is for.",
            "service.cost_options[] (amount, currency, option)",
            {"amount": "5.00", "for": "a 2-hour session"},
            group=COST_OPTION,
        ),
    ),
)

PHONE_ENTRY = Group(
    "phone_entry",
    "Phone number",
    (
        Field(
            "number",
            "phone",
            "Number",
            "A UK phone number.",
            "phone.number",
            "0161 496 0112",
            required=True,
            yaml_tip="Put it in quotes.",
        ),
        Field(
            "description",
            "line",
            "What it is for",
            "Who answers it, or when to use it.",
            "phone.description",
            "Youth team",
        ),
    ),
)

CONTACT = Group(
    "contact",
    "Contact",
    (
        Field(
            "phone",
            "phone",
            "Phone",
            "The service's UK phone number.",
            "service.phones[].number",
            PHONE_EXAMPLE,
            yaml_tip="Put it in quotes.",
        ),
        Field(
            "email",
            "email",
            "Email",
            "The service's email address.",
            "service.email",
            "play@example.org",
        ),
        Field(
            "website",
            "url",
            "Website",
            "A page about this service, starting https://.",
            "service.url",
            WEB_EXAMPLE,
        ),
        Field(
            "phones",
            "groups",
            "More phone numbers",
            "Other numbers, each with what it is for. The main number stays under phone.",
            "service.phones[] (number, description)",
            {"number": "0161 496 0112", "description": "Youth team"},
            group=PHONE_ENTRY,
        ),
    ),
)

PERSON = Group(
    "person",
    "Contact person",
    (
        Field(
            "name",
            "line",
            "Name",
            "The person's name.",
            "contact.name",
            "Amina Shah",
            required=True,
        ),
        Field("role", "line", "Role", "Their job title.", "contact.title", "Play coordinator"),
        Field(
            "phone",
            "phone",
            "Phone",
            "Their UK phone number.",
            "contact.phones[].number",
            "0161 496 0124",
            yaml_tip="Put it in quotes.",
        ),
        Field(
            "email",
            "email",
            "Email",
            "Their email address.",
            "contact.email",
            "amina.shah@example.org",
        ),
    ),
)

SESSION = Group(
    "session",
    "Opening times",
    (
        Field(
            "days",
            "list",
            "Days",
            "The days these hours apply to, in small letters. Leave it out for sessions "
            "on dates.",
            "schedule.byday (freq WEEKLY, or MONTHLY with weeks)",
            ["monday", "wednesday"],
            item=_item("day", "Day", "monday"),
            min_items=1,
        ),
        Field(
            "opens",
            "time",
            "Opens",
            'Opening time, 24-hour, like "09:30".',
            "schedule.opens_at",
            "09:30",
            required=True,
            yaml_tip="Put it in quotes.",
        ),
        Field(
            "closes",
            "time",
            "Closes",
            'Closing time, 24-hour, like "15:00".',
            "schedule.closes_at",
            "15:00",
            required=True,
            yaml_tip="Put it in quotes.",
        ),
        Field(
            "note",
            "line",
            "Note",
            "Anything else about these times.",
            "schedule.notes",
            "School holidays only",
        ),
        Field(
            "weeks",
            "list",
            "Weeks of the month",
            "For a monthly session: which weeks of the month, with days. "
            "first, second, third, fourth or last.",
            "schedule.byday with the week's number (freq MONTHLY: 1TU,3TU)",
            ["first", "third"],
            item=_item("choice", "Week", "first", choices=model.WEEKS),
            min_items=1,
        ),
        Field(
            "dates",
            "list",
            "Dates",
            "For sessions on particular dates instead of days, as year-month-day.",
            "schedule.dtstart (one schedule for each date)",
            ["2026-12-05", "2026-12-12"],
            item=_item("date", "Date", "2026-12-05"),
            min_items=1,
        ),
        Field(
            "valid_from",
            "date",
            "From",
            "The first day these times apply, as year-month-day.",
            "schedule.valid_from",
            "2026-09-01",
        ),
        Field(
            "valid_to",
            "date",
            "Until",
            "The last day these times apply, as year-month-day.",
            "schedule.valid_to",
            "2027-07-20",
        ),
    ),
)

LOCATION = Group(
    "location",
    "Location",
    (
        Field(
            "name",
            "line",
            "Place name",
            "The name of the venue.",
            "location.name",
            "Hollinbrook Adventure Playground",
        ),
        Field(
            "address",
            "line",
            "Address",
            "The street address, on one line, without the postcode.",
            "location.addresses[].address_1 (+ city)",
            "12 Mill Lane, Hollinbrook",
        ),
        Field(
            "postcode",
            "postcode",
            "Postcode",
            "The full UK postcode.",
            "location.addresses[].postal_code",
            "HB3 2QT",
        ),
        Field(
            "latitude",
            "latitude",
            "Latitude",
            "Decimal degrees (WGS84), for the map and distances.",
            "location.latitude",
            53.4891,
        ),
        Field(
            "longitude",
            "longitude",
            "Longitude",
            "Decimal degrees (WGS84), for the map and distances.",
            "location.longitude",
            -2.2412,
        ),
        Field(
            "accessibility",
            "list",
            "Accessibility",
            "Ids from data/accessibility.yaml.",
            "location.accessibility[].description",
            ["step-free-access", "accessible-toilet"],
            item=_item("term", "Accessibility feature", "step-free-access", terms="accessibility"),
        ),
        Field(
            "description",
            "line",
            "Finding it",
            "Anything that helps families find the place or the way in.",
            "location.description",
            "The entrance is at the side of the building.",
        ),
        Field(
            "transport",
            "line",
            "Getting there",
            "Buses, trains and parking.",
            "location.transportation",
            "Buses 52 and 53 stop outside.",
        ),
    ),
)

HOW_TO_ACCESS = Group(
    "how_to_access",
    "How to access",
    (
        Field(
            "methods",
            "list",
            "Ways in",
            "How families can start using the service.",
            "service.attributes (taxonomy term per method)",
            ["self-referral", "drop-in"],
            item=_item("choice", "Way in", "self-referral", choices=model.ACCESS_METHODS),
        ),
        Field(
            "details",
            "line",
            "Details",
            "What to do, in a sentence or two.",
            "service.application_process",
            "Phone us to book a place.",
        ),
    ),
)

SERVICE = Group(
    "service",
    "Service",
    (
        Field(
            "id",
            "id",
            "Id",
            "The service's permanent id: small letters, numbers and hyphens. Its page is "
            "/services/<id>/ for ever. If you must change it, put the old one in previous_ids.",
            "service.id",
            "sunflower-play-scheme",
            required=True,
        ),
        Field(
            "previous_ids",
            "list",
            "Previous ids",
            "Ids this service had before. Their old pages lead here, and they stay reserved.",
            "no counterpart (old addresses redirect to the current one)",
            ["sunflower-playscheme"],
            item=_item("id", "Old id", "sunflower-playscheme"),
        ),
        Field(
            "name",
            "line",
            "Name",
            "The service's name, as families know it.",
            "service.name",
            "Sunflower Play Scheme",
            required=True,
        ),
        Field(
            "summary",
            "line",
            "Summary",
            f"One line shown in lists and search results, {SUMMARY_LIMIT} characters at most.",
            "service.description, as its first paragraph (HSDS has no summary field)",
            "Holiday play sessions for disabled children aged 5 to 11.",
            required=True,
            max_length=SUMMARY_LIMIT,
        ),
        Field(
            "description",
            "markdown",
            "Description",
            "What the service does, in markdown: paragraphs, lists, *emphasis* and [links](https://www.example.org).",
            "service.description",
            "Our play workers run games, crafts and trips.",
        ),
        Field(
            "status",
            "choice",
            "Status",
            "active (the default), temporarily-closed, inactive (kept, not published) or "
            "retired (its page says it is no longer available, and its id stays reserved).",
            "service.status (active, temporarily closed, inactive, defunct for retired)",
            "active",
            choices=model.STATUSES,
        ),
        Field(
            "organisation",
            "group",
            "Organisation",
            "Who runs the service.",
            "service.organization",
            {"name": "Hollinbrook Play Trust", "website": "https://www.example.org/hollinbrook"},
            group=ORGANISATION,
        ),
        Field(
            "themes",
            "list",
            "Themes",
            "One or more ids from data/themes.yaml.",
            "service.attributes (taxonomy: Local Offer themes)",
            ["leisure-play-short-breaks"],
            required=True,
            min_items=1,
            item=_item("term", "Theme", "leisure-play-short-breaks", terms="themes"),
        ),
        Field(
            "needs",
            "list",
            "Needs",
            "Ids from data/needs.yaml.",
            "service.attributes (taxonomy: SEND needs)",
            ["autism", "physical"],
            item=_item("term", "Need", "autism", terms="needs"),
        ),
        Field(
            "ages",
            "group",
            "Ages",
            "The age range, in whole years from 0 to 25.",
            "service.minimum_age and service.maximum_age",
            {"min": 5, "max": 11},
            group=AGES,
        ),
        Field(
            "cost",
            "group",
            "Cost",
            "Whether it is free, and what it costs.",
            "service.cost_options; service.fees_description",
            {"free": "no", "description": "£5 a session."},
            group=COST,
        ),
        Field(
            "contact",
            "group",
            "Contact",
            "How families contact the service.",
            "service.phones, service.email, service.url",
            {"phone": PHONE_EXAMPLE, "email": "play@example.org"},
            group=CONTACT,
        ),
        Field(
            "contacts",
            "groups",
            "Contact people",
            "Named people to contact.",
            "service.contacts",
            {"name": "Amina Shah", "role": "Play coordinator"},
            group=PERSON,
        ),
        Field(
            "schedule",
            "groups",
            "Opening times",
            "When the service runs.",
            "service.schedules",
            {"days": ["monday", "wednesday"], "opens": "09:30", "closes": "15:00"},
            group=SESSION,
        ),
        Field(
            "locations",
            "groups",
            "Locations",
            "Where the service runs.",
            "service.service_at_locations[].location",
            {"name": "Hollinbrook Adventure Playground", "postcode": "HB3 2QT"},
            group=LOCATION,
        ),
        Field(
            "area",
            "line",
            "Area covered",
            "The area the service covers, especially when it has no location.",
            "service.service_areas[].name",
            "North Hollinbrook",
        ),
        Field(
            "areas",
            "list",
            "Areas covered",
            "Several areas the service covers. Give area or areas, not both.",
            "service.service_areas[].name (one for each)",
            ["Hollinbrook North", "Hollinbrook South"],
            item=_item("line", "Area", "Hollinbrook North"),
            min_items=1,
        ),
        Field(
            "attending",
            "list",
            "How to attend",
            "How families take part: venue (in person), phone, online, home-visit.",
            "schedule.attending_type (as words); service.attributes (taxonomy: ways to attend)",
            ["venue", "online"],
            item=_item("choice", "Way to attend", "venue", choices=model.ATTENDING),
            min_items=1,
        ),
        Field(
            "alert",
            "line",
            "Alert",
            "A notice shown at the top of the page, such as a closure.",
            "service.alert",
            "Closed over Christmas; open again on 5 January.",
        ),
        Field(
            "how_to_access",
            "group",
            "How to access",
            "How families start using the service.",
            "service.application_process",
            {"methods": ["self-referral"], "details": "Phone us."},
            group=HOW_TO_ACCESS,
        ),
        Field(
            "eligibility",
            "line",
            "Who can use it",
            "Who the service is for.",
            "service.eligibility_description",
            "Children with an EHC plan or on the SEN register.",
        ),
        Field(
            "languages",
            "list",
            "Languages",
            "Languages the service is offered in.",
            "service.languages[].name (and .code, its ISO 639 code)",
            ["English", "Urdu"],
            item=_item("line", "Language", "Urdu"),
        ),
        Field(
            "source",
            "group",
            "Imported from",
            "Where the listing was imported from. Written by the import: leave it as it is.",
            "no counterpart (HSDS has no field for a record's origin)",
            {"system": "placecube-hollinbrook", "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            group=SOURCE,
        ),
        Field(
            "owner",
            "line",
            "Owner",
            "Who reviews this listing: a team or an email address.",
            "service.assurer_email",
            "play-team@example.org",
        ),
        Field(
            "last_reviewed",
            "date",
            "Last reviewed",
            "When the listing was last checked with the service, as year-month-day. "
            "Not in the future.",
            "service.assured_date",
            "2026-06-14",
            required=True,
        ),
        Field(
            "visible_from",
            "date",
            "Visible from",
            "Publish the listing from this date.",
            "no counterpart (a publishing window)",
            "2026-01-01",
        ),
        Field(
            "visible_to",
            "date",
            "Visible to",
            "Stop publishing the listing after this date.",
            "no counterpart (a publishing window)",
            "2027-03-31",
        ),
    ),
)

TERM = Group(
    "term",
    "List entry",
    (
        Field(
            "id",
            "id",
            "Id",
            "The entry's permanent id.",
            "taxonomy_term.code",
            "autism",
            required=True,
        ),
        Field(
            "name",
            "line",
            "Name",
            "The name people see.",
            "taxonomy_term.name",
            "Autism",
            required=True,
        ),
        Field(
            "description",
            "line",
            "Description",
            "One line about it.",
            "taxonomy_term.description",
            "Support for autistic children and young people.",
        ),
    ),
)

FEEDBACK = Group(
    "feedback",
    "You said, we did",
    (
        Field(
            "said",
            "text",
            "You said",
            "What families told us.",
            "no counterpart",
            "The listings were hard to find.",
            required=True,
        ),
        Field(
            "did",
            "text",
            "We did",
            "What we changed.",
            "no counterpart",
            "We added search to every page.",
            required=True,
        ),
        Field(
            "date",
            "date",
            "Date",
            "When we made the change.",
            "no counterpart",
            "2026-03-01",
            required=True,
        ),
        Field("topic", "line", "Topic", "What it was about.", "no counterpart", "Finding services"),
    ),
)


@dataclass(frozen=True, slots=True)
class ListFile:
    """A controlled list: its file, the key its entries sit under, and what they are."""

    terms: str  # "themes", "needs", "accessibility": the name fields use in `terms`
    file: str
    key: str
    what: str  # plural noun for messages


LIST_FILES: tuple[ListFile, ...] = (
    ListFile("themes", "themes.yaml", "themes", "themes"),
    ListFile("needs", "needs.yaml", "needs", "needs"),
    ListFile("accessibility", "accessibility.yaml", "features", "accessibility features"),
)


def flow(value: object, *, nested: bool = False) -> str:
    """An example value written as YAML on one line, the way an editor would type it.

    Text is left unquoted wherever YAML reads it back unchanged, as editors
    write it; `nested` is for text inside [ ] or { }, where commas end a value.
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v, nested=True)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v, nested=True) for v in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    unsafe = (
        ": " in text or " #" in text or text[:1] in "-?:,[]{}#&*!|>'\"%@`" or text != text.strip()
    )
    if nested and any(ch in text for ch in ",[]{}"):
        unsafe = True
    if not unsafe:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def example_of(spec: Field) -> str:
    """How messages show a field's example: a list of groups shows its first field only."""
    if spec.kind == "groups" and isinstance(spec.example, dict):
        first = next(iter(spec.example.items()))
        return f"{first[0]}: {flow(first[1])}"
    return flow(spec.example)
