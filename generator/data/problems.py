"""Every sentence an editor reads about their data, and how a report is laid out.

Editors are council staff, not programmers: each message says what they wrote,
what we expected and gives an example, in GOV.UK's plain style ("Enter a
postcode, like HB3 2QT"). Keeping all of that wording here, away from the
checks, means it can be read, reviewed and tested as one piece of writing, and
no traceback or Python type name can leak into it.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.data.yamlnodes import Node, Scalar, Seq

GUIDE = "docs/editing.md"
LIKE_DATE = "2026-06-14"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a second look) in the data, with where it is.

    `service` is the entry it is about (shown as an editor recognises it:
    '"Sunflower Play Scheme"', or 'Service 3' when a service has no usable
    name); `field` is a path like `ages.max` or `locations[2].postcode` (1-based).
    """

    file: str
    line: int | None
    message: str
    service: EntryRef | None = None
    field: str | None = None
    column: int | None = None

    def heading(self) -> str:
        """The line above the message: where to look."""
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"Line {self.line}")
            if self.column is not None and self.service is None and self.field is None:
                parts.append(f"column {self.column}")
        if self.service:
            parts.append(str(self.service))
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)


class DataError(Exception):
    """The data has at least one problem, so nothing may be published.

    Carries every problem found in the run (never only the first) and the
    warnings, so that one run tells an editor everything to fix.
    """

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        self.problems = sort_problems(problems)
        self.warnings = sort_problems(warnings)
        super().__init__(problem_report(self.problems, self.warnings))


# --- reports ---------------------------------------------------------------


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Files in sorted order, then by line, as an editor works down a file."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))


def _blocks(problems: Sequence[Problem], title: str) -> list[str]:
    out: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in sort_problems(problems):
        by_file.setdefault(problem.file, []).append(problem)
    for file, items in by_file.items():
        out.append(title.format(file=file))
        out.append("")
        for problem in items:
            heading = problem.heading()
            if heading:
                out.append(heading)
                out.append(f"  {problem.message}")
            else:
                out.append(problem.message)
        out.append("")
    return out


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def problem_report(problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> str:
    """The full text shown when the data cannot be published."""
    lines = _blocks(problems, "There is a problem with {file}")
    lines += _blocks(warnings, "Check these in {file} (they do not stop publishing)")
    files = len({p.file for p in problems})
    lines.append(
        f"{_plural(len(problems), 'problem', 'problems')} in {_plural(files, 'file', 'files')}."
        " Nothing was published."
    )
    return "\n".join(lines)


def github_annotations(problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> str:
    """The problems as GitHub Actions workflow commands, one a line, so that a
    pull request shows each one on the offending line of the YAML:
    `::error file=data/services.yaml,line=42,title=Sunflower Play Scheme::ages.max: ...`.
    The words are the same as in `problem_report`; GitHub shows the title
    above them."""
    lines = []
    for level, found in (("error", problems), ("warning", warnings)):
        for problem in found:
            properties = [f"file={_github_property(problem.file)}"]
            if problem.line is not None:
                properties.append(f"line={problem.line}")
                if problem.column is not None:
                    properties.append(f"col={problem.column}")
            if problem.service:
                properties.append(f"title={_github_property(problem.service.title)}")
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            lines.append(f"::{level} {','.join(properties)}::{_github_data(message)}")
    return "\n".join(lines)


def _github_data(text: str) -> str:
    """Escaped as GitHub's workflow commands require of a message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Escaped as GitHub's workflow commands require of a property value."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def success_report(services: int, warnings: Sequence[Problem]) -> str:
    """The text shown when every check passed: any warnings, then the count."""
    lines = _blocks(warnings, "Check these in {file} (they do not stop publishing)")
    lines.append(
        f"{_plural(services, 'service', 'services')} checked: 0 problems, "
        f"{_plural(len(warnings), 'warning', 'warnings')}"
    )
    return "\n".join(lines)


# --- how we show what the editor wrote ----------------------------------------

_LONGEST_ECHO = 60


def shown(text: str) -> str:
    """What an editor wrote, safe to print: shortened, hidden characters made visible.

    Terminal control sequences in data must never reach the terminal, and an
    invisible character is exactly the thing an editor needs to see.
    """
    if len(text) > _LONGEST_ECHO:
        text = text[: _LONGEST_ECHO - 3].rstrip() + "..."
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"[{_char_name(ch)}]" for ch in text)


def _char_name(ch: str) -> str:
    names = {"\n": "line break", "\t": "tab", "\r": "line break"}
    return names.get(ch) or f"U+{ord(ch):04X}"


def you_wrote(text: str) -> str:
    return f'You wrote "{shown(text)}".'


def described(char: str) -> str:
    """A hidden character, named so that an editor can search for it."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code}, {name.lower()}" if name else code


def suggestion(wrote: str, choices: Iterable[str]) -> str | None:
    """The closest known word to a near miss, like "email" for "emial"."""
    folded = {option.casefold(): option for option in choices}
    close = difflib.get_close_matches(wrote.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def _choices(options: Sequence[str]) -> str:
    return ", ".join(options)


# --- the shape of a file ------------------------------------------------------


def no_data_path(path: str) -> str:
    return f"We could not find {path}. Check the path, or run the check from the project's folder."


def empty_folder(folder: str) -> str:
    return (
        f"There is no data in {folder}. Add services.yaml, themes.yaml, needs.yaml and "
        f"accessibility.yaml to it: {GUIDE} explains what goes in each."
    )


def no_services_files(folder: str) -> str:
    return (
        f"There are no services to check in {folder}. "
        f"Add a file called services.yaml, or YAML files in {folder}/services/."
    )


# --- split: a list file into one file per listing (generator/data/split.py) ---


def split_not_a_list() -> str:
    return (
        "This file holds one listing already, so there is nothing to split. "
        "Split a file that starts with services: and lists the services under it."
    )


def split_flow_list() -> str:
    return (
        "The services in this file are written inside [ ], so they cannot be split "
        'line by line. Write each service on its own lines, starting "- id:", then split again.'
    )


def split_target_exists(target: str) -> str:
    return f"{target} already exists, so this listing was not split. Rename or remove {target}."


def split_changed(ident: str) -> str:
    return (
        f"The listing {ident} would not read back the same on its own (its lines are "
        "indented unevenly), so nothing was split. Indent every line of it evenly, then "
        "split again."
    )


def missing_list_file(key: str, what: str) -> str:
    return f"The file is missing. It lists the {what} a service can use, under {key}:."


def cannot_open(error: OSError) -> str:
    reason = error.strerror or "it could not be read"
    return f"We could not open this file ({reason.lower()}). Check it exists and you can read it."


# --- how a message names a service ------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryRef:
    """Which entry of a file a problem is about, kept as facts and worded only
    when shown: a service by its name, else its id, else its place in its
    file (from 1); an entry of another list (`kind="Entry"`) by its place."""

    position: int
    name: str = ""  # a name fit to show, or ""
    ident: str = ""  # a well-formed id, or ""
    kind: str = "Service"

    def __str__(self) -> str:
        if self.name:
            return f'"{shown(self.name)}"'
        if self.ident:
            return f"{self.kind} with id {self.ident}"
        return f"{self.kind} {self.position}"

    @property
    def title(self) -> str:
        """As a heading on its own (a GitHub annotation's title): the name unquoted."""
        return shown(self.name) if self.name else str(self)


def service_named(name: str) -> EntryRef:
    """A service known by its name only (found from the model, not its file's list)."""
    return EntryRef(0, name=name)


def _megabytes(size_bytes: int) -> str:
    size = size_bytes / 1_000_000
    return f"{size:.0f}" if size >= 10 else f"{size:.1f}".removesuffix(".0")


def too_big(size_bytes: int, limit_bytes: int) -> str:
    return (
        f"The file is {_megabytes(size_bytes)} MB, more than the {_megabytes(limit_bytes)} MB "
        "we accept. "
        "Split it into smaller files in the services folder, for example one for each provider."
    )


def empty_file(key: str) -> str:
    return f"The file is empty. Start it with {key}: and then the list."


def top_not_fields(key: str) -> str:
    return f'The file must start with {key}: and then the list, with each entry starting "- ".'


def top_missing_key(key: str) -> str:
    return f"There is no {key}: list in this file. Start the list with a line {key}:."


def not_utf8() -> str:
    return (
        "The file is not saved as UTF-8 text, the encoding we read. Save it as UTF-8 "
        '(in VS Code: "Save with Encoding", then "UTF-8").'
    )


def control_character_in_file(char: str) -> str:
    return (
        f"There is a hidden control character here ({described(char)}). "
        "Delete it, or retype this part of the line."
    )


def more_than_one_document() -> str:
    return (
        'A line with only "---" starts a second document, which we do not read. '
        "Delete that line and keep everything in one list."
    )


def directive(word: str) -> str:
    return f'Lines starting "{word}" are not allowed. Delete the line.'


def anchor(name: str) -> str:
    return f'"&{name}" is an anchor, which we do not allow. Write each value out in full.'


def alias(name: str) -> str:
    return (
        f'"*{name}" repeats another part of the file, which we do not allow. '
        "Write the value out in full."
    )


def tag(name: str) -> str:
    return (
        f'"{name}" is a tag, which we do not allow. Delete it. '
        'To keep a value exactly as written, put it in quotes, like "0161 496 0123".'
    )


def complex_key() -> str:
    return 'A field name must be a single word before a colon, like "name:".'


def duplicate_key(key: str, first_line: int, second_line: int) -> str:
    return f'"{key}" is written twice, on lines {first_line} and {second_line}. Delete one of them.'


# Syntax errors: libyaml's wording mapped to a hint an editor can act on.
SYNTAX_TAB = "There is a tab here. Indent with spaces, not tabs."
SYNTAX_COLON = (
    "There is a colon followed by a space where we did not expect one. If it is part of the "
    'text, put the whole value in quotes, like summary: "Ages: 5 to 11". '
    "If not, check this line is indented like the lines above it."
)
SYNTAX_QUOTE = (
    "A quote mark opens here but does not close. Add the closing quote mark at the end of "
    "the value, or remove the opening one."
)
SYNTAX_INDENT = (
    "The indentation is not what we expected. Check this line starts in the same column "
    "as the fields above it, using spaces."
)
SYNTAX_LIST_ITEM = (
    'We expected a new item starting with "- " here. Check this line is indented like the '
    "lines above it."
)
SYNTAX_NO_COLON = (
    "We expected a field name followed by a colon. Check for a missing colon, or text that "
    "runs on to the next line without being indented."
)
SYNTAX_FLOW = (
    "A list in [ ] or a group in { } is not closed. Check the brackets, and put values that "
    "contain commas in quotes."
)
SYNTAX_START = "A value cannot start with {char}. Put the whole value in quotes."
SYNTAX_ESCAPE = (
    "A backslash in double quotes starts a special character. Use single quotes instead, "
    "or write two backslashes."
)
SYNTAX_OTHER = (
    "This is not valid YAML. Check the indentation, colons and quote marks on this line and "
    "the line above it."
)


# --- fields -------------------------------------------------------------------


def unknown_field(key: str, known: Sequence[str]) -> str:
    close = suggestion(key, known)
    if close is not None:
        return f'"{shown(key)}" is not a field we know. Did you mean "{close}"?'
    if len(known) <= 8:
        return f'"{shown(key)}" is not a field we know. The fields here are: {_choices(known)}.'
    return f'"{shown(key)}" is not a field we know. Check the spelling, or see {GUIDE}.'


def _end(text: str) -> str:
    """End a sentence whose last words are an example, without doubling its full stop."""
    return text if text.endswith((".", "?", "!")) else text + "."


def missing(key: str, example: str) -> str:
    return _end(f"{key} is missing. Add it, like {key}: {example}")


def blank(key: str, example: str) -> str:
    return _end(f"{key} is blank. Fill it in, like {key}: {example}")


def not_fields(node: Node, key: str, example: str) -> str:
    """A group of fields was expected (like ages: {min: 5, max: 11})."""
    return _end(f"{wrote_node(node)} Write the fields under {key}, like {key}: {example}")


def not_list(node: Node, key: str, example: str) -> str:
    return _end(f"{wrote_node(node)} Write {key} as a list, like {key}: {example}")


def not_list_of_fields(node: Node, key: str, example: str) -> str:
    return _end(
        f'{wrote_node(node)} Write each item under {key} on a new line starting with "- ", '
        f"like - {example}"
    )


def empty_list(key: str, example: str) -> str:
    return _end(f"{key} is empty. Add at least one, like {key}: {example}")


def entry_not_fields(node: Node, example: str) -> str:
    """A list entry (a service, a theme) that is not a group of fields."""
    return _end(
        f'{wrote_node(node)} Each entry is a group of fields starting on a new line with "- ", '
        f"like - {example}"
    )


def not_text(node: Node, kind: str, example: str, *, list_file: str = "") -> str:
    return f"{wrote_node(node)} {expected(kind, example, list_file=list_file)}"


def wrote_node(node: Node) -> str:
    """The first half of a message: what the editor wrote, whatever its shape."""
    if isinstance(node, Scalar):
        return you_wrote(node.text)
    if isinstance(node, Seq):
        return "You wrote a list here."
    return "You wrote a group of fields here."


_EXPECTED = {
    "id": "Enter an id using only small letters, numbers and single hyphens, like {ex}.",
    "line": "Enter text on one line, like {ex}.",
    "text": "Enter text, like {ex}.",
    "markdown": "Enter text, like {ex}.",
    "age": "Enter the age as a whole number, like {ex}.",
    "yesno": "Enter yes or no.",
    "phone": "Enter a UK phone number, like {ex}.",
    "email": "Enter an email address, like {ex}.",
    "url": "Enter a web address starting with https://, like {ex}.",
    "postcode": "Enter a full UK postcode, like {ex}.",
    "time": "Enter the time in 24-hour format, like {ex}.",
    "date": "Enter a real date as year-month-day, like {ex}.",
    "amount": "Enter the amount as a number, without the £ sign, like {ex}.",
    "currency": "Enter the three-letter code of a currency (ISO 4217) in capitals, like {ex}.",
    "latitude": "Enter a latitude from -90 to 90, like {ex}.",
    "longitude": "Enter a longitude from -180 to 180, like {ex}.",
    "term": "Enter an id from {list_file}, like {ex}.",
}
EXPECTED_KINDS = frozenset(_EXPECTED)


def expected(kind: str, example: str, *, list_file: str = "") -> str:
    """What we want for each kind of value, with an example: the second half of a message."""
    return _EXPECTED[kind].format(ex=example, list_file=list_file)


def expected_line(example: str, limit: int | None) -> str:
    """`expected` for one line of text that has a length limit (a form says it before any check)."""
    base = expected("line", example)
    return f"{base} Keep it to {limit} characters or fewer." if limit else base


def bad_value(wrote: str, kind: str, example: str, *, list_file: str = "") -> str:
    """The usual message: what they wrote, then what we expected with an example."""
    return f"{you_wrote(wrote)} {expected(kind, example, list_file=list_file)}"


def not_one_of(wrote: str, options: Sequence[str]) -> str:
    close = suggestion(wrote, options)
    if close is not None:
        return f'{you_wrote(wrote)} Did you mean "{close}"? Enter one of: {_choices(options)}.'
    return f"{you_wrote(wrote)} Enter one of: {_choices(options)}."


def not_a_day(wrote: str, days: Sequence[str]) -> str:
    close = suggestion(wrote, days)
    if close is not None:
        return f'{you_wrote(wrote)} Did you mean "{close}"? Write days in full, in small letters.'
    return f"{you_wrote(wrote)} Enter a day of the week in small letters, like monday."


def not_in_list(wrote: str, options: Sequence[str], list_file: str, example: str) -> str:
    close = suggestion(wrote, options)
    if close is not None:
        return f'{you_wrote(wrote)} Did you mean "{close}"? The ids are listed in {list_file}.'
    return bad_value(wrote, "term", example, list_file=list_file)


def line_break() -> str:
    return "There is a line break in this text. Write it on one line."


def hidden_character(char: str, before: str) -> str:
    where = f' after "{shown(before[-20:])}"' if before else " at the start"
    return (
        f"There is a hidden character ({described(char)}){where}. "
        "Delete it, or retype that part of the text."
    )


def too_long(key: str, length: int, limit: int) -> str:
    return f"{key} is {length} characters long. Shorten it to {limit} characters or fewer."


def bad_web_address(wrote: str, example: str) -> str:
    if any(ch.isspace() for ch in wrote):
        return (
            f"{you_wrote(wrote)} A web address cannot contain spaces. "
            f"Enter it without spaces, like {example}."
        )
    if any(ch in "\"'`<>\\" for ch in wrote):
        return (
            f"{you_wrote(wrote)} A web address cannot contain quote marks, angle brackets or "
            f"backslashes. Enter it like {example}."
        )
    return bad_value(wrote, "url", example)


def web_address_with_login(wrote: str, example: str) -> str:
    return (
        f"{you_wrote(wrote)} A web address cannot contain a name or password before @. "
        f"Enter it like {example}."
    )


def age_out_of_range(wrote: str) -> str:
    return f"{you_wrote(wrote)} Enter an age from 0 to 25."


def ages_reversed(youngest: int, oldest: int) -> str:
    return (
        f"The youngest age ({youngest}) is more than the oldest age ({oldest}). Check min and max."
    )


def closes_before_opens(opens: str, closes: str) -> str:
    return (
        f"The closing time ({closes}) is not after the opening time ({opens}). "
        "Check opens and closes, using the 24-hour clock, like 17:00 for 5pm."
    )


def date_in_future(wrote: str) -> str:
    return (
        f"{you_wrote(wrote)} This date is in the future. "
        "Enter the date the listing was last checked, like "
        f"{LIKE_DATE}."
    )


def window_reversed(
    visible_from: date, visible_to: date, keys: tuple[str, str] = ("visible_from", "visible_to")
) -> str:
    return (
        f"{keys[1]} ({visible_to.isoformat()}) is before {keys[0]} "
        f"({visible_from.isoformat()}). Check the dates."
    )


def area_and_areas() -> str:
    return (
        "There are both area and areas. Put every area under areas, like "
        "areas: [Hollinbrook North, Hollinbrook South]."
    )


def session_without_days() -> str:
    return (
        "This session has no days or dates. Add the days it runs, like days: [monday], "
        "or the dates, like dates: [2026-12-05]."
    )


def session_days_and_dates() -> str:
    return (
        "This session has both days and dates. Use days for a session every week (or, with "
        "weeks, every month), or dates for sessions on those dates only. Split it in two."
    )


def weeks_without_days() -> str:
    return "weeks needs days: add the day of those weeks, like days: [tuesday]."


def dates_with_bounds(key: str) -> str:
    return (
        f"{key} is for sessions on days. A session on dates runs on those dates only: "
        f"remove {key}."
    )


def coordinates_half(missing_key: str, given_key: str) -> str:
    return (
        f"{missing_key} is missing. Give both latitude and longitude, or neither, "
        f"not only {given_key}."
    )


def empty_location() -> str:
    return "This location has no name, address or postcode. Add at least one of them."


def id_used_twice(ident: str, where: str) -> str:
    return f'The id "{ident}" is also used by {where}. Give each service its own id.'


def id_is_previous(ident: str, where: str) -> str:
    return (
        f'The id "{ident}" is in the previous_ids of {where}. Old ids stay reserved so that '
        "old links keep working. Choose another id."
    )


def previous_id_twice(ident: str, where: str) -> str:
    return (
        f'"{ident}" is also in the previous_ids of {where}. An old id can only lead to one '
        "service. Remove it from one of them."
    )


def previous_id_is_own(ident: str) -> str:
    return f'"{ident}" is this service\'s own id. Remove it from previous_ids.'


def term_used_twice(ident: str, first_line: int) -> str:
    return f'The id "{ident}" is also used on line {first_line}. Give each entry its own id.'


def where(service: EntryRef, line: int, file: str, this_file: str) -> str:
    """How a message points at another service: by name, line and (if different) file."""
    if file == this_file:
        return f"{service} on line {line}"
    return f"{service} on line {line} of {file}"


# --- postcodes.csv ------------------------------------------------------------


def csv_header(wrote: str) -> str:
    return f"{you_wrote(wrote)} The first line must be: district,latitude,longitude"


def csv_columns(count: int) -> str:
    return (
        f"This line has {_plural(count, 'value', 'values')}. Each line needs 3, separated by "
        "commas, like HB3,53.5051,-2.2063"
    )


def bad_district(wrote: str) -> str:
    return f"{you_wrote(wrote)} Enter the first part of a postcode, like HB3."


def district_twice(district: str, first_line: int) -> str:
    return f'"{district}" is also on line {first_line}. Keep one of them.'


# --- warnings -----------------------------------------------------------------


def due_for_review(last_reviewed: date) -> str:
    when = f"{last_reviewed.day} {last_reviewed:%B %Y}"
    return (
        f"Last reviewed on {when}, more than 12 months ago. Check the listing with the "
        "service, then update last_reviewed."
    )


def no_contact() -> str:
    return (
        "There is no way to contact this service. "
        "Add a phone number, email address or website under contact."
    )


def no_place() -> str:
    return (
        "There is no location or area. "
        "Add a location, or the area the service covers, like area: North Hollinbrook."
    )


# --- guidance pages: facts from the listings, duties, plain words ------------

REFERENCE_EXAMPLE = "{{service.hollinbrook-sendiass.phone}}"


def unknown_reference(wrote: str) -> str:
    return (
        f'You wrote "{shown(wrote)}". Refer to a detail of a listing like '
        f"{REFERENCE_EXAMPLE}, or to the site like {{{{site.council}}}}."
    )


def no_such_listing(ident: str, ids: Sequence[str]) -> str:
    close = suggestion(ident, ids)
    if close is not None:
        return f'There is no listing with the id "{shown(ident)}". Did you mean "{close}"?'
    return (
        f'There is no listing with the id "{shown(ident)}". Use the id of a listing in the '
        f"data folder, like {REFERENCE_EXAMPLE}."
    )


def listing_not_published(name: EntryRef, status: str) -> str:
    return (
        f'{name} is not published (its status is "{status}"), so this page cannot show its '
        "details. Refer to a published listing, or publish this one."
    )


def unknown_detail(wrote: str, known: Sequence[str]) -> str:
    close = suggestion(wrote, known)
    hint = f' Did you mean "{close}"?' if close is not None else ""
    return (
        f'"{shown(wrote)}" is not a detail we can show from a listing.{hint} '
        f"Use one of: {_choices(known)}."
    )


def listing_lacks(name: EntryRef, detail: str, where: str) -> str:
    return (
        f"{name} has no {detail} in its listing ({where}). Add it to the listing, "
        "or refer to a detail it has."
    )


def unknown_setting(wrote: str, known: Sequence[str]) -> str:
    close = suggestion(wrote, known)
    hint = f' Did you mean "{close}"?' if close is not None else ""
    return (
        f'"{shown(wrote)}" is not a site setting we can show.{hint} '
        f"Use one of: {_choices(known)}."
    )


def setting_not_set(key: str) -> str:
    where = "site_name" if key == "name" else f"extra: {key}"
    return f"mkdocs.yml does not set {where}, so this page cannot show it. Set it there."


def unknown_duty(wrote: str, ids: Sequence[str], duties_file: str) -> str:
    close = suggestion(wrote, ids)
    if close is not None:
        return f'{you_wrote(wrote)} Did you mean "{close}"? The duties are listed in {duties_file}.'
    return f"{you_wrote(wrote)} Enter the id of a duty in {duties_file}, like {ids[0]}."


def covers_not_list(example: str) -> str:
    return f"Write covers as a list of duty ids, like covers: [{example}]."


def hard_to_read(grade: float, target: float, what: str) -> str:
    return (
        f"{what} reads at grade {grade:.1f} (Flesch-Kincaid). Aim for grade {target:g} or "
        "lower: use shorter sentences and shorter words."
    )


def no_duties_file(duties_file: str) -> str:
    return (
        f"There is no {duties_file}, so we cannot check which duties this page covers. "
        "Add the file, or remove covers from the page."
    )


def synonym_used_twice(phrase: str, ident: str, line: int) -> str:
    """A thesaurus phrase in two entries: search could only follow one of them."""
    return (
        f'"{phrase}" is already under "also" in the entry "{ident}" on line {line}. '
        "Keep each phrase in one entry, so search knows which words to look for."
    )


# --- markdown: links, images and HTML in descriptions and guidance pages -----

LINK_EXAMPLE = "[Short breaks](/your-rights/short-breaks/)"


def no_such_page(text: str, wrote: str, nearest: str | None) -> str:
    hint = f' Did you mean "{nearest}"?' if nearest is not None else ""
    return (
        f'The link "{shown(text)}" goes to "{shown(wrote)}", which is not a page of this '
        f"site.{hint} Link to a page that exists, like {LINK_EXAMPLE}."
    )


def image_in_listing(wrote: str) -> str:
    return (
        f"{you_wrote(wrote)} A listing cannot show an image. Describe what it shows in "
        "words, or link to it instead, like [Our leaflet](https://www.example.org/leaflet.pdf)."
    )


def image_in_guidance(wrote: str) -> str:
    return (
        f"{you_wrote(wrote)} Guidance pages cannot show images yet. Describe what it shows "
        "in words, or link to it instead, like [Our leaflet](https://www.example.org/leaflet.pdf)."
    )


def html_removed(pieces: Sequence[str]) -> str:
    wrote = ", ".join(f'"{shown(piece)}"' for piece in pieces)
    return (
        f"You wrote {wrote}. HTML is not published: it was removed. Use markdown instead, "
        f"like **bold** or {LINK_EXAMPLE}. See {GUIDE}."
    )


def link_removed(text: str, wrote: str) -> str:
    return (
        f'The link "{shown(text)}" goes to "{shown(wrote)}". Only links to web pages, '
        "email addresses and phone numbers are published, so the page shows its text alone. "
        "Link to a web page, like [Contact us](https://www.example.org/contact)."
    )
