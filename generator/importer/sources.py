"""SOURCE in, records out: a file or a feed's address, read within limits of size and time.

What a council points the import at varies: a saved page of an Open
Referral UK v1 feed (`content`), an HSDS 3.0 page (`contents`) or one
service, a bare list, the feed's base address (which we page through), or
our own `services.csv`. This module only finds the records and names the
shape; it never guesses a shape it does not know, and every way it can fail
is an `ImportFailure` with a sentence for the person running it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from generator import messages
from generator.importer.clean import slug

MAX_SOURCE_BYTES = 256 * 1024 * 1024
"""A file or answer larger than this is refused before it is parsed."""
TIMEOUT_SECONDS = 30.0
MAX_PAGES = 10_000
FULL_KEYS = frozenset(
    {
        "description", "organization", "service_at_locations", "contacts", "phones",
        "schedules", "regular_schedules", "service_taxonomys", "eligibilitys", "attributes",
    }
)  # fmt: skip
"""A record with none of these is thin (a list entry): the feed's `/services/{id}` has the rest."""
Record = dict[str, Any]


class ImportFailure(Exception):
    """The import cannot go on; the message says why and what to do. Nothing is written."""


@dataclass(frozen=True, slots=True)
class Feed:
    shape: str  # "Open Referral UK v1", "HSDS 3.0" or "services.csv"
    records: list[Record]
    system: str  # the default name of the source system, from the address or file
    label: str  # the source as the report names it


def read(
    source: str, *, max_bytes: int = MAX_SOURCE_BYTES, timeout: float = TIMEOUT_SECONDS
) -> Feed:
    """The records of SOURCE, a file path or an http(s) address."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        return _read_url(source, max_bytes=max_bytes, timeout=timeout)
    return _read_file(Path(source), max_bytes=max_bytes)


def _read_file(path: Path, *, max_bytes: int) -> Feed:
    label = path.as_posix()
    if not path.is_file():
        raise ImportFailure(messages.import_no_file(label))
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFailure(messages.import_too_big(label, size, max_bytes))
    data = path.read_bytes()
    system = slug(path.stem)
    if path.suffix.casefold() == ".csv" or data.startswith(b"\xef\xbb\xbfid,"):
        return Feed("services.csv", _csv_records(data, label), system, label)
    document = _json(data, label)
    shape, records = _shape(document, label)
    return Feed(shape, records, system, label)


def _csv_records(data: bytes, label: str) -> list[Record]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailure(messages.import_not_utf8(label)) from error
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows or "id" not in rows[0] or "name" not in rows[0]:
        raise ImportFailure(messages.import_unknown_csv(label))
    return [dict(row) for row in rows]


def _json(data: bytes, label: str) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise ImportFailure(messages.import_not_utf8(label)) from error
    except json.JSONDecodeError as error:
        raise ImportFailure(messages.import_not_json(label, error.lineno, error.colno)) from error


def _version(records: list[Record]) -> str:
    v1 = ("regular_schedules", "service_taxonomys", "eligibilitys", "holiday_schedules")
    return "Open Referral UK v1" if any(key in r for r in records for key in v1) else "HSDS 3.0"


def _shape(document: Any, label: str) -> tuple[str, list[Record]]:
    """The shape's name and its records, or an `ImportFailure` naming what was found."""
    if isinstance(document, list):
        records = [r for r in document if isinstance(r, dict)]
        if len(records) == len(document) and all("name" in r or "id" in r for r in records):
            return _version(records), records
    elif isinstance(document, dict):
        for key, shape in (("content", "Open Referral UK v1"), ("contents", "HSDS 3.0")):
            if isinstance(document.get(key), list):
                return shape, [r for r in document[key] if isinstance(r, dict)]
        if isinstance(document.get("id"), str) and "name" in document:
            return _version([document]), [document]
        raise ImportFailure(messages.import_unknown_shape(label, sorted(document)[:8]))
    raise ImportFailure(messages.import_unknown_shape(label, []))


# --- feeds at an address -------------------------------------------------------


def _get(url: str, *, max_bytes: int, timeout: float) -> Any:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "local-offer-generator import"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (http(s) only)
            data = answer.read(max_bytes + 1)
            kind = answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise ImportFailure(messages.import_http_status(url, error.code)) from error
    except TimeoutError as error:
        raise ImportFailure(messages.import_timed_out(url, timeout)) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise ImportFailure(messages.import_timed_out(url, timeout)) from error
        raise ImportFailure(messages.import_unreachable(url, str(error.reason))) from error
    if len(data) > max_bytes:
        raise ImportFailure(messages.import_too_big(url, len(data), max_bytes))
    if kind == "text/html" or data.lstrip()[:1] == b"<":
        raise ImportFailure(messages.import_answered_html(url))
    return _json(data, url)


def _with_page(url: str, number: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"] + [("page", str(number))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _read_url(url: str, *, max_bytes: int, timeout: float) -> Feed:
    host = urlsplit(url).hostname or "feed"
    system = slug(host.removeprefix("www.").replace(".", "-"))
    document = _get(url, max_bytes=max_bytes, timeout=timeout)
    base = url.split("?", 1)[0].rstrip("/")
    if isinstance(document, dict) and not {"content", "contents", "id"} & document.keys():
        # The feed's root (`GET /` gives its version): its services are at /services.
        base = base + "/services"
        document = _get(base, max_bytes=max_bytes, timeout=timeout)
        url = base
    shape, records = _shape(document, url)
    if isinstance(document, dict) and ("content" in document or "contents" in document):
        records = records + _later_pages(url, document, max_bytes=max_bytes, timeout=timeout)
    services = base if base.endswith("/services") else base.rsplit("/services", 1)[0] + "/services"
    full = [
        _full(record, services, max_bytes=max_bytes, timeout=timeout)
        if not FULL_KEYS & record.keys() and isinstance(record.get("id"), str)
        else record
        for record in records
    ]
    return Feed(shape, full, system, url)


def _later_pages(url: str, first: Record, *, max_bytes: int, timeout: float) -> list[Record]:
    """The records of the pages after the first, until the feed says it is the last
    (`last_page`/`last`, or `total_pages`/`totalPages`) or a page is empty."""
    total = first.get("total_pages", first.get("totalPages"))
    number = int(first.get("page_number", first.get("number", 1)) or 1)
    key = "contents" if "contents" in first else "content"
    records: list[Record] = []
    document = first
    for _ in range(MAX_PAGES):
        last = document.get("last_page", document.get("last"))
        if last is True or (isinstance(total, int) and number >= total) or not document.get(key):
            break
        number += 1
        address = _with_page(url, number)
        document = _get(address, max_bytes=max_bytes, timeout=timeout)
        if not isinstance(document, dict) or not isinstance(document.get(key), list):
            raise ImportFailure(messages.import_unknown_shape(address, []))
        records += [r for r in document[key] if isinstance(r, dict)]
    return records


def _full(record: Record, services: str, *, max_bytes: int, timeout: float) -> Record:
    """The full record from `/services/{id}`; the thin one when the feed has no such address."""
    try:
        document = _get(f"{services}/{record['id']}", max_bytes=max_bytes, timeout=timeout)
    except ImportFailure as failure:
        if isinstance(failure.__cause__, urllib.error.HTTPError) and failure.__cause__.code == 404:
            return record
        raise
    return document if isinstance(document, dict) and document.get("id") else record
