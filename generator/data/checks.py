"""Field checks: YAML nodes in, model objects out, every problem collected.

Each value is still the text the editor typed (see `yamlnodes`); here our own
rules, declared once in `fields.py`, decide what it means: `no` is "not free"
only in a yes-or-no field, `09:30` is a time only in a time field, a phone
number keeps its leading 0. A check never stops at the first problem: it notes
it, skips building that object, and carries on, so one run finds everything.

This runs for every value of every listing (600,000 of them for a large
council), so the field table is turned once into plain look-up tables
(`_Plan`) and a valid value costs one call, a type test and a compiled
pattern. Wording is built only when there is something to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

import email_validator
import phonenumbers
import pycountry

from generator.data import fields, model
from generator.data import problems as say
from generator.data.clock import year_before
from generator.data.fields import FEEDBACK, SERVICE, TERM, Field, Group, ListFile, example_of, flow
from generator.data.problems import Problem
from generator.data.yamlnodes import Map, Node, Scalar, Seq

_BAD_LINE = re.compile(f"[{fields.HIDDEN}]")
_BAD_TEXT = re.compile(f"[{fields.HIDDEN_IN_TEXT}]")
_ID = re.compile(fields.ID_PATTERN)
_AGE = re.compile(r"[0-9]{1,3}")
_TIME = re.compile(fields.TIME_PATTERN)
_DATE = re.compile(fields.DATE_PATTERN)
_DECIMAL = re.compile(fields.DECIMAL_PATTERN)
_AMOUNT = re.compile(fields.AMOUNT_PATTERN)
_CURRENCY = re.compile(fields.CURRENCY_PATTERN)
_PHONE_CHARS = re.compile(fields.PHONE_PATTERN)
_URL = re.compile(fields.URL_PATTERN)
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_YES_NO = fields.YES_NO

_BAD = object()
"""Stands for a value whose problem has been reported."""


class _Fail:
    """A value's problem, returned for the caller to report: only the caller knows
    the field's path (`locations[2].postcode`), and building it for every value
    that is fine would cost more than the check itself."""

    __slots__ = ("line", "message")

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


_BLANK = _Fail(0, "")
"""Returned for a value left blank: the caller decides if the field was required."""


@lru_cache(maxsize=65536)
def checked_phone(text: str) -> model.Phone | None:
    """A UK phone number, or None. Cached: listings share numbers, and parsing is slow."""
    if not _PHONE_CHARS.fullmatch(text):
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44:
        return None
    # Checking against Great Britain's plan first is 3 times quicker than letting
    # the library try each region that shares +44, which it then does only for
    # the rest (Jersey, Guernsey, the Isle of Man).
    if not (
        phonenumbers.is_valid_number_for_region(number, "GB")
        or phonenumbers.is_valid_number(number)
    ):
        return None
    return model.Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
    )


@lru_cache(maxsize=65536)
def checked_email(text: str) -> str | None:
    """A normalised email address, or None. Syntax only: the check never uses the network."""
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        return None


def checked_url(text: str) -> bool:
    """An http(s) address, judged on the raw text: what we check is what we publish."""
    return _URL.fullmatch(text) is not None


@lru_cache(maxsize=256)
def known_currency(code: str) -> bool:
    """An ISO 4217 currency code (pycountry's list), like GBP."""
    if _CURRENCY.fullmatch(code) is None:
        return False
    return pycountry.currencies.get(alpha_3=code) is not None


def normal_postcode(text: str) -> str | None:
    """`hb3 2qt` -> `HB3 2QT`, or None when it is not a full UK postcode."""
    match = _POSTCODE.fullmatch("".join(text.split()).upper())
    return f"{match[1]} {match[2]}" if match else None


@dataclass(slots=True)
class Terms:
    """The ids of one controlled list, for checks and "did you mean"."""

    ids: frozenset[str]
    ordered: tuple[str, ...]
    file: str  # as shown to editors, like data/needs.yaml


Check = Callable[["Checker", Node, Field, str], object]
"""A field's check: (checker, node, field, the group's path) -> the value, `_BLANK`,
a `_Fail` for the caller to report, or `_BAD` when it reported problems itself
(lists and groups, whose items have their own paths)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """A group of the field table, as look-up tables for the hot loop."""

    group: Group
    steps: dict[str, tuple[Field, Check]]
    defaults: dict[str, object]
    required: tuple[Field, ...]
    build: Callable[..., object] | None
    rule: Callable[[Checker, dict[str, object], Map, str], None] | None


class Checker:
    """Checks the nodes of one file against the field table and builds model objects.

    Problems go to `found`, warnings to `warnings`; both are shared across
    files by the loader, so one run reports everything.
    """

    def __init__(
        self,
        file: str,
        *,
        today: date,
        terms: dict[str, Terms],
        found: list[Problem],
        warnings: list[Problem],
    ) -> None:
        self.file = file
        self.today = today
        self.year_ago = year_before(today)
        self.terms = terms
        self.found = found
        self.warnings = warnings
        self.subject: say.EntryRef | None = None  # the entry being checked, for messages

    # --- reporting ---------------------------------------------------------

    def problem(self, line: int | None, path: str | None, message: str) -> None:
        self.found.append(Problem(self.file, line, message, self.subject, path))

    def warn(self, line: int | None, path: str | None, message: str) -> None:
        self.warnings.append(Problem(self.file, line, message, self.subject, path))

    # --- the top of a file -------------------------------------------------

    def top_list(self, root: Node | None, key: str) -> list[Node]:
        """The entries under the file's one top-level key, like `services:`."""
        if root is None or (type(root) is Scalar and not root.text.strip()):
            self.problem(None, None, say.empty_file(key))
            return []
        if type(root) is not Map:
            self.problem(root.line, None, say.top_not_fields(key))
            return []
        for other, line in root.key_lines.items():
            if other != key:
                self.problem(line, other, say.unknown_field(other, [key]))
        entries = root.entries.get(key)
        if entries is None:
            self.problem(root.line, None, say.top_missing_key(key))
            return []
        if type(entries) is Scalar and not entries.text.strip():
            return []  # `services:` with nothing under it yet
        if type(entries) is not Seq:
            self.problem(entries.line, key, say.not_list(entries, key, "[...]"))
            return []
        return entries.items

    # --- services ----------------------------------------------------------

    def service(self, node: Node, position: int) -> model.Service | None:
        """One service, or None when it has a problem (already reported)."""
        self.subject = say.EntryRef(position)
        if type(node) is not Map:
            self.problem(node.line, None, say.entry_not_fields(node, "id: sunflower-play-scheme"))
            return None
        self.subject = _subject(node, position)
        before = len(self.found)
        values = self.group_values(node, _PLANS["service"], "")
        reviewed = values["last_reviewed"]
        if isinstance(reviewed, date) and reviewed > self.today:
            message = say.date_in_future(reviewed.isoformat())
            self.problem(node.key_lines["last_reviewed"], "last_reviewed", message)
        start, end = values["visible_from"], values["visible_to"]
        if isinstance(start, date) and isinstance(end, date) and end < start:
            message = say.window_reversed(start, end)
            self.problem(node.key_lines["visible_to"], "visible_to", message)
        if values["area"] is not None and values["areas"]:
            self.problem(node.key_lines["areas"], "areas", say.area_and_areas())
        own_id, previous_ids = values["id"], values["previous_ids"]
        if isinstance(previous_ids, tuple) and own_id in previous_ids:
            message = say.previous_id_is_own(str(own_id))
            self.problem(node.key_lines["previous_ids"], "previous_ids", message)
        if len(self.found) > before:
            return None
        values["status"] = values["status"] or "active"
        values["origin"] = values.pop("source")
        lines = dict(node.key_lines)
        organisation = node.entries.get("organisation")
        if isinstance(organisation, Map):  # its description is markdown, checked after too
            lines.update({f"organisation.{k}": n for k, n in organisation.key_lines.items()})
        source = model.SourceRef(self.file, node.line, tuple(lines.items()))
        service = model.Service(source=source, **values)  # type: ignore[arg-type]
        self._service_warnings(service, node)
        return service

    def _service_warnings(self, service: model.Service, node: Map) -> None:
        """Things worth a second look that do not stop publishing."""
        if service.status not in ("active", "temporarily-closed"):
            return
        if service.last_reviewed < self.year_ago:
            message = say.due_for_review(service.last_reviewed)
            self.warn(node.key_lines["last_reviewed"], "last_reviewed", message)
        contact = service.contact
        reachable = (
            contact is not None and (contact.phone or contact.email or contact.website)
        ) or any(person.phone or person.email for person in service.contacts)
        if not reachable:
            self.warn(node.key_lines.get("contact", node.line), "contact", say.no_contact())
        if not service.locations and not service.covers:
            self.warn(node.key_lines.get("locations", node.line), "locations", say.no_place())

    # --- groups of fields --------------------------------------------------

    def group_values(self, node: Map, plan: _Plan, prefix: str) -> dict[str, object]:
        """A group's values by key: defaults for what is absent, `_BAD` after a problem.

        `prefix` is the group's path for messages, like "locations[2].".
        """
        values = plan.defaults.copy()
        steps = plan.steps
        entries = node.entries
        for key, child in entries.items():
            step = steps.get(key)
            if step is None:
                message = say.unknown_field(key, plan.group.keys)
                self.problem(node.key_lines[key], prefix + key, message)
                continue
            spec, check = step
            result = check(self, child, spec, prefix)
            if type(result) is _Fail:
                if result is _BLANK:
                    if not spec.required:
                        continue  # left blank: the same as not given
                    result = _Fail(child.line, say.blank(key, example_of(spec)))
                self.problem(result.line, prefix + key, result.message)
                result = _BAD
            values[key] = result
        for spec in plan.required:
            if spec.key not in entries:
                message = say.missing(spec.key, example_of(spec))
                self.problem(node.line, prefix + spec.key, message)
                values[spec.key] = _BAD
        return values

    def _group(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Map:
            if type(node) is Scalar and not node.text.strip():
                return _BLANK
            return _Fail(node.line, say.not_fields(node, spec.key, flow(spec.example)))
        assert spec.group is not None
        plan = _PLANS[spec.group.name]
        path = prefix + spec.key
        before = len(self.found)
        return self._build(plan, self.group_values(node, plan, path + "."), node, path, before)

    def _groups(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Seq:
            if type(node) is Scalar and not node.text.strip():
                return _BLANK
            return _Fail(node.line, say.not_list_of_fields(node, spec.key, example_of(spec)))
        assert spec.group is not None
        plan = _PLANS[spec.group.name]
        path = prefix + spec.key
        out: list[object] = []
        failed = False
        for index, child in enumerate(node.items, 1):
            where = f"{path}[{index}]"
            if type(child) is not Map:
                message = say.not_list_of_fields(child, spec.key, example_of(spec))
                self.problem(child.line, where, message)
                failed = True
                continue
            before = len(self.found)
            values = self.group_values(child, plan, where + ".")
            result = self._build(plan, values, child, where, before)
            if result is _BAD:
                failed = True
            else:
                out.append(result)
        return _BAD if failed else tuple(out)

    def _build(
        self, plan: _Plan, values: dict[str, object], node: Map, path: str, before: int
    ) -> object:
        """A group's rules across its fields, then its model object (`_BAD` after a problem)."""
        if plan.rule is not None:
            plan.rule(self, values, node, path)
        if len(self.found) > before or plan.build is None:
            return _BAD
        return plan.build(**values)

    def _ages_rule(self, values: dict[str, object], node: Map, path: str) -> None:
        youngest, oldest = values["min"], values["max"]
        if isinstance(youngest, int) and isinstance(oldest, int) and youngest > oldest:
            self.problem(node.line, path, say.ages_reversed(youngest, oldest))

    def _session_rule(self, values: dict[str, object], node: Map, path: str) -> None:
        opens, closes = values["opens"], values["closes"]
        if isinstance(opens, str) and isinstance(closes, str) and closes <= opens:
            message = say.closes_before_opens(opens, closes)
            self.problem(node.key_lines["closes"], path + ".closes", message)
        lines = node.key_lines
        has_days, has_dates = values["days"] != (), values["dates"] != ()
        if not has_days and not has_dates:
            self.problem(node.line, path + ".days", say.session_without_days())
        elif has_days and has_dates:
            self.problem(lines["dates"], path + ".dates", say.session_days_and_dates())
        if values["weeks"] != () and not has_days:
            self.problem(lines["weeks"], path + ".weeks", say.weeks_without_days())
        if has_dates and not has_days:
            for key in ("valid_from", "valid_to"):
                if values[key] is not None:
                    self.problem(lines[key], f"{path}.{key}", say.dates_with_bounds(key))
        start, end = values["valid_from"], values["valid_to"]
        if isinstance(start, date) and isinstance(end, date) and end < start:
            message = say.window_reversed(start, end, ("valid_from", "valid_to"))
            self.problem(lines["valid_to"], path + ".valid_to", message)
        weeks, dates = values["weeks"], values["dates"]
        if isinstance(weeks, tuple):
            values["weeks"] = tuple(week for week in model.WEEKS if week in weeks)
        if isinstance(dates, tuple):
            values["dates"] = tuple(sorted(dates))  # type: ignore[type-var]

    def _location_rule(self, values: dict[str, object], node: Map, path: str) -> None:
        if values["name"] is None and values["address"] is None and values["postcode"] is None:
            self.problem(node.line, path, say.empty_location())
        has_lat, has_long = values["latitude"] is not None, values["longitude"] is not None
        if has_lat != has_long:
            absent, given = ("longitude", "latitude") if has_lat else ("latitude", "longitude")
            self.problem(node.line, f"{path}.{absent}", say.coordinates_half(absent, given))

    def _list(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Seq:
            if type(node) is Scalar and not node.text.strip():
                return _BLANK
            return _Fail(node.line, say.not_list(node, spec.key, flow(spec.example)))
        item = spec.item
        assert item is not None
        check = _CHECKS[item.kind]
        path = prefix + spec.key
        out: list[object] = []
        failed = False
        for index, child in enumerate(node.items, 1):
            result = check(self, child, item, path)
            if type(result) is _Fail:
                if result is not _BLANK:  # "- " with nothing after it is skipped
                    self.problem(result.line, f"{path}[{index}]", result.message)
                    failed = True
            elif result not in out:
                out.append(result)
        if failed:
            return _BAD
        if len(out) < spec.min_items:
            return _Fail(node.line, say.empty_list(spec.key, flow(spec.example)))
        return tuple(out)

    # --- single values: each returns the value, `_BLANK`, or a `_Fail` ------

    def _not_value(self, node: Node, spec: Field) -> _Fail:
        """A list or a group of fields where one value was expected."""
        kind = spec.kind if spec.kind in say.EXPECTED_KINDS else "line"
        terms = self.terms.get(spec.terms) if spec.terms else None
        file = terms.file if terms else ""
        return _Fail(node.line, say.not_text(node, kind, flow(spec.example), list_file=file))

    @staticmethod
    def _bad(node: Scalar, spec: Field) -> _Fail:
        """The usual problem: what they wrote, what we expected, an example."""
        return _Fail(node.line, say.bad_value(node.text.strip(), spec.kind, flow(spec.example)))

    def _id(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if _ID.fullmatch(text):
            return text
        return self._bad(node, spec) if text else _BLANK

    def _line(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if not text:
            return _BLANK
        bad = _BAD_LINE.search(text)
        if bad is not None:
            if bad[0] in "\n\r":
                return _Fail(node.line, say.line_break())
            return _Fail(node.line, say.hidden_character(bad[0], text[: bad.start()]))
        limit = spec.max_length
        if limit is not None and len(text) > limit:
            return _Fail(node.line, say.too_long(spec.key, len(text), limit))
        return text

    def _text(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if not text:
            return _BLANK
        bad = _BAD_TEXT.search(text)
        if bad is not None:
            return _Fail(node.line, say.hidden_character(bad[0], text[: bad.start()]))
        return text

    def _age(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if not _AGE.fullmatch(text):
            return self._bad(node, spec) if text else _BLANK
        age = int(text)
        return age if age <= 25 else _Fail(node.line, say.age_out_of_range(text))

    def _yesno(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        answer = _YES_NO.get(text)
        if answer is None:
            return self._bad(node, spec) if text else _BLANK
        return answer

    def _phone(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        phone = checked_phone(text) if text else _BLANK
        return self._bad(node, spec) if phone is None else phone

    def _email(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        email = checked_email(text) if text else _BLANK
        return self._bad(node, spec) if email is None else email

    def _url(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text  # the raw text: no trimming before the check
        if checked_url(text):
            return text
        if not text.strip():
            return _BLANK
        example = flow(spec.example)
        if text.startswith(("https://", "http://")) and "@" in text.split("/", 3)[2]:
            return _Fail(node.line, say.web_address_with_login(text, example))
        return _Fail(node.line, say.bad_web_address(text, example))

    def _postcode(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        if not node.text.strip():
            return _BLANK
        postcode = normal_postcode(node.text)
        return self._bad(node, spec) if postcode is None else postcode

    def _time(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        match = _TIME.fullmatch(text)
        if match is None:
            return self._bad(node, spec) if text else _BLANK
        return f"{int(match[1]):02d}:{match[2]}"

    def _date(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        return self._bad(node, spec) if text else _BLANK

    def _amount(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if _AMOUNT.fullmatch(text):
            return Decimal(text)
        return self._bad(node, spec) if text else _BLANK

    def _currency(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if known_currency(text):
            return text
        return self._bad(node, spec) if text else _BLANK

    def _degrees(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if _DECIMAL.fullmatch(text):
            value = float(text)
            if abs(value) <= (90.0 if spec.kind == "latitude" else 180.0):
                return value
        return self._bad(node, spec) if text else _BLANK

    def _choice(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if text in spec.choices:
            return text
        return _Fail(node.line, say.not_one_of(text, spec.choices)) if text else _BLANK

    def _day(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        if text in model.DAYS:
            return text
        return _Fail(node.line, say.not_a_day(text, model.DAYS)) if text else _BLANK

    def _term(self, node: Node, spec: Field, prefix: str) -> object:
        if type(node) is not Scalar:
            return self._not_value(node, spec)
        text = node.text.strip()
        terms = self.terms.get(spec.terms)
        if terms is None or text in terms.ids:  # no list: its own problem is reported
            return text or _BLANK
        if not text:
            return _BLANK
        message = say.not_in_list(text, terms.ordered, terms.file, flow(spec.example))
        return _Fail(node.line, message)

    # --- controlled lists and feedback ------------------------------------

    def terms_list(self, root: Node | None, list_file: ListFile) -> list[model.Term]:
        """The entries of themes.yaml, needs.yaml or accessibility.yaml."""
        out: list[model.Term] = []
        first_line: dict[str, int] = {}
        for position, node in enumerate(self.top_list(root, list_file.key), 1):
            self.subject = say.EntryRef(position, kind="Entry")
            if type(node) is not Map:
                self.problem(node.line, None, say.entry_not_fields(node, "id: autism"))
                continue
            before = len(self.found)
            values = self.group_values(node, _PLANS["term"], "")
            if len(self.found) > before:
                continue
            ident = str(values["id"])
            if ident in first_line:
                self.problem(node.line, "id", say.term_used_twice(ident, first_line[ident]))
                continue
            first_line[ident] = node.line
            description = str(values["description"] or "")
            out.append(model.Term(id=ident, name=str(values["name"]), description=description))
        self.subject = None
        return out

    def feedback(self, root: Node | None) -> list[model.FeedbackItem]:
        """The "You said, we did" entries of feedback.yaml."""
        out: list[model.FeedbackItem] = []
        for position, node in enumerate(self.top_list(root, "feedback"), 1):
            self.subject = say.EntryRef(position, kind="Entry")
            if type(node) is not Map:
                self.problem(node.line, None, say.entry_not_fields(node, "said: ..."))
                continue
            before = len(self.found)
            values = self.group_values(node, _PLANS["feedback"], "")
            if len(self.found) == before:
                source = model.SourceRef(self.file, node.line)
                out.append(model.FeedbackItem(source=source, **values))  # type: ignore[arg-type]
        self.subject = None
        return out


_CHECKS: dict[str, Check] = {
    "id": Checker._id,
    "line": Checker._line,
    "text": Checker._text,
    "markdown": Checker._text,
    "age": Checker._age,
    "yesno": Checker._yesno,
    "phone": Checker._phone,
    "email": Checker._email,
    "url": Checker._url,
    "postcode": Checker._postcode,
    "time": Checker._time,
    "date": Checker._date,
    "amount": Checker._amount,
    "currency": Checker._currency,
    "latitude": Checker._degrees,
    "longitude": Checker._degrees,
    "choice": Checker._choice,
    "day": Checker._day,
    "term": Checker._term,
    "list": Checker._list,
    "group": Checker._group,
    "groups": Checker._groups,
}

_MODELS: dict[str, Callable[..., object]] = {
    "organisation": model.Organisation,
    "ages": model.AgeRange,
    "cost": model.Cost,
    "contact": model.Contact,
    "person": model.Person,
    "session": model.Session,
    "location": model.Location,
    "how_to_access": model.HowToAccess,
    "source": model.Origin,
    "phone_entry": model.ContactPhone,
    "cost_option": lambda amount, currency, **values: model.CostOption(
        amount, currency or "GBP", values["for"]
    ),
}
"""Model classes built straight from a group's values. Services, list entries
and feedback are built by their callers, which add their source and context."""


_RULES: dict[str, Callable[[Checker, dict[str, object], Map, str], None]] = {
    "ages": Checker._ages_rule,
    "session": Checker._session_rule,
    "location": Checker._location_rule,
}
"""Rules across the fields of a group, run before its model object is built."""


def _plans() -> dict[str, _Plan]:
    """Every group of the field table, ready for `Checker.group_values`."""
    plans: dict[str, _Plan] = {}

    def add(group: Group) -> None:
        if group.name in plans:
            return
        plans[group.name] = _Plan(
            group=group,
            steps={spec.key: (spec, _CHECKS[spec.kind]) for spec in group.fields},
            defaults={
                spec.key: () if spec.kind in ("list", "groups") else None for spec in group.fields
            },
            required=tuple(spec for spec in group.fields if spec.required),
            build=_MODELS.get(group.name),
            rule=_RULES.get(group.name),
        )
        for spec in group.fields:
            if spec.group is not None:
                add(spec.group)

    for group in (SERVICE, TERM, FEEDBACK):
        add(group)
    return plans


_PLANS = _plans()


def _subject(node: Map, position: int) -> say.EntryRef:
    """A service as messages name it: its place in the file, and its name and id when usable."""
    name = node.entries.get("name")
    text = name.text.strip() if type(name) is Scalar else ""
    ident = node.entries.get("id")
    ident_text = ident.text.strip() if type(ident) is Scalar else ""
    return say.EntryRef(
        position,
        name=text if text and not _BAD_LINE.search(text) else "",
        ident=ident_text if _ID.fullmatch(ident_text) else "",
    )


@dataclass(frozen=True, slots=True)
class IdEntry:
    """One service's ids as the cross-file registry needs them, read from its nodes
    (even a broken service's ids count)."""

    label: say.EntryRef  # the service, as messages name it
    file: str
    ident: str  # "" when the service has no usable id
    line: int  # the id's line
    previous: tuple[tuple[int, str, int], ...]  # (1-based index, old id, line) of previous_ids


def id_entry(node: Node, label: say.EntryRef, file: str) -> IdEntry | None:
    """The ids of one service (even a broken one counts), or None when it is not a map."""
    if type(node) is not Map:
        return None
    ident_node = node.entries.get("id")
    ident = ""
    line = 0
    if type(ident_node) is Scalar and ident_node.text.strip():
        ident = ident_node.text.strip()
        line = ident_node.line
    previous: list[tuple[int, str, int]] = []
    previous_node = node.entries.get("previous_ids")
    if type(previous_node) is Seq:
        for index, item in enumerate(previous_node.items, 1):
            old = item.text.strip() if type(item) is Scalar else ""
            if old and old != ident:  # its own id is reported by the service's checks
                previous.append((index, old, item.line))
    return IdEntry(label, file, ident, line, tuple(previous))


class Ids:
    """Every id and previous id seen so far, across files: each may lead to one service only."""

    def __init__(self, found: list[Problem]) -> None:
        self.found = found
        self.ids: dict[str, tuple[say.EntryRef, str, int]] = {}  # id -> (label, file, line)
        self.previous: dict[str, tuple[say.EntryRef, str, int]] = {}

    def register(self, entry: IdEntry) -> None:
        """Register one service's ids, reporting any already taken."""
        label, file, ident = entry.label, entry.file, entry.ident
        if ident:
            if ident in self.ids:
                message = say.id_used_twice(ident, self._where(self.ids[ident], file))
                self.found.append(Problem(file, entry.line, message, label, "id"))
            elif ident in self.previous:
                message = say.id_is_previous(ident, self._where(self.previous[ident], file))
                self.found.append(Problem(file, entry.line, message, label, "id"))
            else:
                self.ids[ident] = (label, file, entry.line)
        for index, old, line in entry.previous:
            path = f"previous_ids[{index}]"
            if old in self.ids:
                message = say.id_used_twice(old, self._where(self.ids[old], file))
                self.found.append(Problem(file, line, message, label, path))
            elif old in self.previous:
                message = say.previous_id_twice(old, self._where(self.previous[old], file))
                self.found.append(Problem(file, line, message, label, path))
            else:
                self.previous[old] = (label, file, line)

    @staticmethod
    def _where(other: tuple[say.EntryRef, str, int], file: str) -> str:
        label, other_file, line = other
        return say.where(label, line, other_file, file)
