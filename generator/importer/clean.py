"""Foreign text made into what an editor would have written, with maintained libraries.

Real feeds carry HTML descriptions with their own headings, entities and
zero-width spaces, web addresses without a scheme, placeholder e-mails,
phone numbers inside sentences and `-1` for "no age limit". Each helper
here turns one of those into a value our checks accept, or into nothing
and a warning: the checks still run on everything written, so imported
text passes the same gate as anything an editor types.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import html_to_markdown
import nh3
import phonenumbers
import pyromark

from generator.data.checks import checked_email, checked_phone, checked_url
from generator.data.fields import HIDDEN, SUMMARY_LIMIT

_HIDDEN = re.compile(f"[{HIDDEN}]")
_HIDDEN_IN_TEXT = re.compile("[" + r"\x00-\x08\x0b-\x1f" + HIDDEN.removeprefix(r"\x00-\x1f") + "]")
"""HIDDEN, less the line breaks and tabs that longer text keeps."""
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_LOOKS_HTML = re.compile(r"<[a-zA-Z!/][^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_HEADING = re.compile(r"^(#{1,6})(?= )", re.MULTILINE)

# The tags an imported description may keep before it becomes markdown:
# what our markdown can say (paragraphs, lists, emphasis, links, headings).
_KEPT_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_KEPT_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_TO_MARKDOWN = html_to_markdown.ConversionOptions(
    escape_asterisks=True, escape_underscores=True, bullets="-", skip_images=True
)
"""Source text is not markdown: its * and _ stay characters, never emphasis."""
TOP_HEADING = 3
"""The level the description's first heading level becomes: the service page
has its name as the one `<h1>` and its sections as `<h2>`."""

PLACEHOLDER_LOCALS = frozenset(
    {"noemail", "no-email", "no.email", "none", "na", "n/a", "noreply", "no-reply",
     "donotreply", "do-not-reply", "unknown", "test", "email", "name"}
)  # fmt: skip
PLACEHOLDER_DOMAINS = ("noemail", "no-email", "none.", "test.com", "email.com")
PLACEHOLDER_ENDINGS = (".invalid", ".test", ".localhost")


def visible(text: str) -> str:
    """Text without hidden characters (zero-width spaces, control characters,
    bidirectional overrides), with its entities decoded and lines kept."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _HIDDEN_IN_TEXT.sub("", text)


def line(value: object) -> str | None:
    """One line of plain text from whatever the source holds: tags dropped,
    entities decoded, hidden characters removed, spaces collapsed."""
    if value is None:
        return None
    text = str(value)
    if _LOOKS_HTML.search(text):
        text = nh3.clean(text, tags=set())
    text = _HIDDEN.sub(" ", html.unescape(text))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Only links with a scheme: a relative link pointed into the old directory's
    site, and on ours it would lead nowhere (the check refuses such links)."""
    if tag == "a" and attribute == "href":
        return value if re.match(r"^\s*(https?:|mailto:|tel:)", value, re.IGNORECASE) else None
    return value


def without_title(text: str | None, name: str) -> str | None:
    """A description without a first heading that only repeats the service's name."""
    if not text:
        return text
    first, _, rest = text.partition("\n")
    if first.startswith("#") and first.lstrip("#").strip().casefold() == name.casefold():
        return rest.strip() or None
    return text


def markdown(value: object, name: str | None = None) -> str | None:
    """A description as markdown: HTML sanitised (nh3), then converted
    (html-to-markdown), its headings demoted below the page's own; a first heading that
    only repeats the service's `name` is dropped."""
    if value is None:
        return None
    return _markdown(str(value), name)


@lru_cache(maxsize=4096)
def _markdown(text: str, name: str | None) -> str | None:
    """`markdown`, cached: a feed repeats its organisations' descriptions on every service."""
    if _LOOKS_HTML.search(text):
        safe = nh3.clean(
            text,
            tags=_KEPT_TAGS,
            attributes=_KEPT_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel=None,
            attribute_filter=_absolute_links,
        )
        text = html_to_markdown.convert(safe, _TO_MARKDOWN).content or ""
    text = visible(text)
    text = "\n".join(_SPACES.sub(" ", part).rstrip() for part in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if name:
        text = without_title(text, name) or ""
    return demote_headings(text) or None


_HOSTILE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\b(java|vb)script\s*:|\bdata\s*:\s*text/html"
    r"|<[^>]+\son[a-z]+\s*=",
    re.IGNORECASE,
)


def hostile(value: object) -> bool:
    """Whether HTML holds what a page must never run (scripts, `javascript:` links,
    event attributes), even written as entities: `markdown` removes the markup,
    text that decodes to markup is removed when the page is made (the site
    sanitises every description), and the report says so."""
    return value is not None and _HOSTILE.search(html.unescape(str(value))) is not None


def demote_headings(text: str) -> str:
    """Shift every markdown heading so the highest becomes `TOP_HEADING` (at most 6)."""
    levels = [len(match[1]) for match in _HEADING.finditer(text)]
    if not levels:
        return text
    shift = max(0, TOP_HEADING - min(levels))
    return _HEADING.sub(lambda m: "#" * min(6, len(m[1]) + shift), text)


def plain(markdown_text: str) -> str:
    """Markdown reduced to its words, for a summary: rendered (pyromark), then
    every tag taken away (nh3), headings with their words; links keep their text."""
    rendered = pyromark.html(markdown_text)
    text = html.unescape(nh3.clean(rendered, tags=set(), clean_content_tags=_DROPPED_WITH_WORDS))
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


_DROPPED_WITH_WORDS = {"script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}
"""What `plain` drops with its words: headings title the text, they do not begin it."""


def summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The first sentence, within the limit; cut at a word and marked with "..." if longer."""
    words = line(plain(text)) or ""  # markup that was written as entities is not words
    first = _SENTENCE_END.split(words, maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "..."


def web_address(value: object) -> str | None:
    """An http(s) address, with `https://` put before one written without a
    scheme (`www.example.org`); None when it is still not one we publish."""
    text = line(value)
    if not text:
        return None
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "https://" + text.lstrip("/")
    return text if checked_url(text) else None


def email(value: object) -> tuple[str | None, bool]:
    """(the address, or None; whether it was a placeholder such as name@noemail.invalid)."""
    text = line(value)
    if not text:
        return None, False
    local, _, domain = text.rpartition("@")
    domain = domain.casefold()
    if (
        local.casefold() in PLACEHOLDER_LOCALS
        or domain.endswith(PLACEHOLDER_ENDINGS)
        or domain.startswith(PLACEHOLDER_DOMAINS)
    ):
        return None, True
    return (text if checked_email(text) else None), False


def phones(value: object) -> list[tuple[str, str | None]]:
    """Every UK number in the text, as (national format, the words around it).

    "Youth team: 0117 000 0000" gives ("0117 000 0000", "Youth team"): the
    text beside a number becomes that phone's description.
    """
    text = line(value)
    if not text:
        return []
    alone = checked_phone(text)
    if alone is not None:  # most feeds give the number alone: no need to look for it
        return [(alone.display, None)]
    return _phones_in(text)


@lru_cache(maxsize=65536)  # feeds repeat a team's phone text on every service
def _phones_in(text: str) -> list[tuple[str, str | None]]:
    spans = _number_spans(text)
    found: list[tuple[str, str | None]] = []
    last = 0
    for start, end, national in spans:
        words = _NOT_A_DESCRIPTION.sub("", text[last:start]).strip(" :;,-()/") or None
        found.append((national, words))
        last = end
    if found and last < len(text):
        tail = text[last:].strip(" :;,-()/")
        if tail and found[-1][1] is None:
            found[-1] = (found[-1][0], tail)
    return found


_NOT_A_DESCRIPTION = re.compile(
    r"^\W*(or|and|call|ring|tel\.?|telephone|phone|t|on)\b|\b(or|and|on|call|ring)\W*$",
    re.IGNORECASE,
)
"""The words around numbers that only join them ("Call ... or ..."), not what a number is for."""


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    """Where the UK numbers are, found by phonenumbers' matcher."""
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        national = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if checked_phone(national) is not None:
            spans.append((match.start, match.end, national))
    return spans


NO_LIMIT = (0, 25)
"""What "no limit" means for our ages: 0 to 25, the Local Offer's range."""


def age(value: object, *, youngest: bool) -> int | None:
    """A whole age, with the feeds' sentinels (-1, blank, over 25) read as "no limit"."""
    try:
        number = int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
    if number < 0:
        return None
    low, high = NO_LIMIT
    return min(max(number, low), high) if youngest or number <= high else None


def ages(minimum: object, maximum: object) -> dict[str, int] | None:
    """The `ages` of a listing, or None when the source gives no limit at either end."""
    low = age(minimum, youngest=True)
    high = age(maximum, youngest=False)
    if low is None and high is None:
        return None
    low = NO_LIMIT[0] if low is None else low
    high = NO_LIMIT[1] if high is None else high
    return {"min": min(low, high), "max": max(low, high)}


def slug(text: str) -> str:
    """An id from a name: small letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.casefold().replace("&", " and "))
    return "-".join(words)[:60].strip("-") or "service"
