"""The published-URL manifest (`site/urls.json`) and the check that no
address published before now leads nowhere.

Professionals put links to this site in care plans, letters and emails that
are read years later. Every build writes the list of addresses it published;
`check-urls` compares a new build with an earlier list (a saved file or the
live site's) and names each address that would now break. No mkdocs here:
the session calls `write_manifest` after a build, the CLI calls `compare`.

A listing outside its `visible_from` / `visible_to` dates has no page, on
purpose: the manifest names its addresses under "outside_dates", and
`compare` counts them as intended, not broken. They come back when the dates
include the day of a build (the daily rebuild publishes the same commit with
each new day's date).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import messages
from generator.data.model import Service

MANIFEST = "urls.json"
PUBLIC_FILE_FOLDERS: tuple[str, ...] = ("api/",)
"""Folders of the built site whose files are published for others (the open
data). The manifest lists them under "files", for information: they follow
the data (a service's file goes when its id changes; its new one says which
ids it replaced), so `check-urls` holds only pages and redirects to account.
Assets (styles, scripts, search index) are not listed at all: their names
may change with any release."""

TIMEOUT = 30  # seconds to wait for the live site's manifest


class ManifestError(Exception):
    """The earlier manifest could not be read; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What one build published: `site_url` and each address's path inside the
    site ("" for the home page, "services/x/", "api/services.json")."""

    site_url: str
    pages: tuple[str, ...]
    redirects: dict[str, str]  # old path -> the path it sends people to
    files: tuple[str, ...]
    outside_dates: tuple[str, ...] = ()  # away on purpose today: see `outside_dates`

    def paths(self) -> set[str]:
        """Every address people may have saved: a page or a redirect."""
        return {*self.pages, *self.redirects}

    def to_json(self) -> str:
        """Sorted and stable, so two builds of the same commit write the same bytes."""
        absolute = self.absolute
        document = {
            "site_url": self.site_url,
            "urls": sorted(absolute(path) for path in self.paths()),
            "redirects": {
                absolute(old): absolute(new) for old, new in sorted(self.redirects.items())
            },
            "files": [absolute(path) for path in sorted(self.files)],
            "outside_dates": [absolute(path) for path in sorted(self.outside_dates)],
        }
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"

    def absolute(self, path: str) -> str:
        return self.site_url + path


def outside_dates(services: Iterable[Service], today: date) -> list[str]:
    """The addresses ("services/x/" and one per previous id) of the listings
    that only their visible_from / visible_to dates leave off the site on
    `today`. Retired and inactive listings are not among them: a retired one
    keeps its page, and an inactive one's address breaking is for the check
    to report."""
    return sorted(
        f"services/{service_id}/"
        for service in services
        if service.hidden_by_dates(today)
        for service_id in (service.id, *service.previous_ids)
    )


def site_manifest(
    site_dir: Path,
    *,
    site_url: str | None,
    redirects: dict[str, str],
    outside_dates: Iterable[str] = (),
) -> Manifest:
    """The manifest of the built site in `site_dir`.

    Pages are the folders holding an `index.html` (the site's directory-style
    addresses); `redirects` maps each old address the build redirects, like
    "services/old-id/", to its new one; files are the open data under `api/`;
    `outside_dates` are the addresses away on purpose (see `outside_dates`).
    """
    pages: list[str] = []
    files: list[str] = []
    # os.walk, not Path.rglob: it learns which entries are files as it lists
    # them, where rglob builds a path and asks the disk again for each of a
    # large site's tens of thousands of files.
    for folder, _folders, names in os.walk(site_dir):
        inside = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if inside == "." else f"{inside}/"
        for name in names:
            if name == "index.html":
                if prefix not in redirects:
                    pages.append(prefix)
            elif (relative := prefix + name).startswith(PUBLIC_FILE_FOLDERS):
                files.append(relative)
    return Manifest(
        site_url=_base(site_url or "/"),
        pages=tuple(sorted(pages)),
        redirects=dict(sorted(redirects.items())),
        files=tuple(sorted(files)),
        outside_dates=tuple(sorted(outside_dates)),
    )


def write_manifest(
    site_dir: Path,
    *,
    site_url: str | None,
    redirects: dict[str, str],
    outside_dates: Iterable[str] = (),
) -> Path:
    """Write `urls.json` into the built site; returns its path."""
    manifest = site_manifest(
        site_dir, site_url=site_url, redirects=redirects, outside_dates=outside_dates
    )
    target = site_dir / MANIFEST
    target.write_text(manifest.to_json(), encoding="utf-8")
    return target


def read_manifest(source: str) -> Manifest:
    """A manifest from a file path or an http(s) address.

    An address ending in "/" is taken as the site itself, so
    `https://localoffer.example.org/` reads that site's `urls.json`.
    Raises `ManifestError` with a plain message when it cannot be read.
    """
    if source.startswith(("https://", "http://")):
        address = source + MANIFEST if source.endswith("/") else source
        try:
            with urllib.request.urlopen(address, timeout=TIMEOUT) as response:  # noqa: S310
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, TimeoutError, OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "reason", error)
            raise ManifestError(f"Could not read {address}: {reason}.") from None
        return parse_manifest(text, address)
    path = Path(source)
    if path.is_dir():
        path = path / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"There is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"Could not read {path}: {error}.") from None
    return parse_manifest(text, str(path))


def parse_manifest(text: str, source: str) -> Manifest:
    """A manifest from the text of a `urls.json`; `source` names it in messages."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError:
        document = None
    urls = document.get("urls") if isinstance(document, dict) else None
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise ManifestError(
            f"{source} is not a list of published addresses: it should be a urls.json "
            f'written by the build, with a list of "urls".'
        )
    site_url = _base(str(document.get("site_url") or "/"))
    redirects = document.get("redirects")
    redirects = redirects if isinstance(redirects, dict) else {}
    relative = {_relative(url, site_url) for url in urls}
    moved = {
        _relative(str(old), site_url): _relative(str(new), site_url)
        for old, new in redirects.items()
    }
    hidden = document.get("outside_dates")  # none in a urls.json from before it was added
    hidden = hidden if isinstance(hidden, list) else []
    return Manifest(
        site_url=site_url,
        pages=tuple(sorted(relative - set(moved))),
        redirects=moved,
        files=(),
        outside_dates=tuple(sorted({_relative(str(url), site_url) for url in hidden})),
    )


@dataclass(frozen=True, slots=True)
class UrlCheck:
    """The result of comparing an earlier manifest with the current one."""

    checked: int  # how many addresses were published before
    missing: list[str]  # those that now lead nowhere, as absolute addresses, sorted
    # those away on purpose (outside their listing's dates), as absolute addresses, sorted
    hidden: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def leading(self) -> int:
        """How many still lead to a page or a redirect."""
        return self.checked - len(self.missing) - len(self.hidden)


def compare(previous: Manifest, current: Manifest) -> UrlCheck:
    """Which addresses of `previous` are neither a page nor a redirect of
    `current` (`missing`), leaving out those `current` holds back on purpose
    for their listing's dates (`hidden`). Compared by path inside the site, so
    a move to a new domain is not reported as every page breaking; named by
    their old address."""
    present = current.paths()
    away = set(current.outside_dates)
    gone = [path for path in previous.paths() if path not in present]
    return UrlCheck(
        checked=len(previous.paths()),
        missing=sorted(previous.absolute(path) for path in gone if path not in away),
        hidden=sorted(previous.absolute(path) for path in gone if path in away),
    )


def check_report(result: UrlCheck) -> str:
    """What `check-urls` prints: the broken addresses and what to do; then
    those away for their listing's dates, if any; then, if none broke, how
    many still lead somewhere."""
    lines: list[str] = []
    if not result.ok:
        lines += [messages.URLS_MISSING, *(f"  {url}" for url in result.missing), *_help(result)]
    if result.hidden:
        lines += [messages.URLS_OUTSIDE_DATES, *(f"  {url}" for url in result.hidden)]
    if result.ok:
        lines.append(_still_lead(result))
    return "\n".join(lines)


def check_summary(result: UrlCheck) -> str:
    """The same result in markdown, for a CI job's summary (GitHub's
    `$GITHUB_STEP_SUMMARY`): a heading that says whether the site may be
    published, then the same paragraphs with each address in a list."""
    heading = messages.URLS_SUMMARY_OK if result.ok else messages.URLS_SUMMARY_FAILED
    blocks = [f"### {heading}"]
    if not result.ok:
        blocks += [messages.URLS_MISSING, _markdown_list(result.missing), *_help(result)]
    if result.hidden:
        blocks += [messages.URLS_OUTSIDE_DATES, _markdown_list(result.hidden)]
    if result.ok:
        blocks.append(_still_lead(result))
    return "\n\n".join(blocks) + "\n"


def _still_lead(result: UrlCheck) -> str:
    if result.hidden:
        return messages.urls_others_lead(result.leading)
    return messages.urls_all_lead(result.checked)


def _help(result: UrlCheck) -> list[str]:
    """What to do about the missing addresses: a service's, another page's, or both."""
    lines = []
    if any("/services/" in url for url in result.missing):
        lines.append(messages.URLS_SERVICE_HELP)
    if any("/services/" not in url for url in result.missing):
        lines.append(messages.URLS_PAGE_HELP)
    return lines


def _markdown_list(urls: Iterable[str]) -> str:
    """Each address as a code span in a markdown list: an address read from
    an earlier urls.json is not trusted to hold no markdown."""
    return "\n".join(f"- {_code(url)}" for url in urls)


def _code(text: str) -> str:
    """`text` on one line as a markdown code span, whatever backticks it holds."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def redirect_addresses(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Redirects as (file written, address it sends to) -> {old address: new address}:
    "services/old/index.html" -> "services/old/"."""
    return {source.removesuffix("index.html"): target for source, target in pairs}


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _relative(url: str, site_url: str) -> str:
    return url[len(site_url) :] if url.startswith(site_url) else url.lstrip("/")
