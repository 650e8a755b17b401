"""What's new: recent changes to listings and guidance, as a page and an Atom feed.

Parents, carers and professionals come back to the Local Offer to see what has
changed; a feed lets them (and other sites) follow it without checking. The
changes come from git (`generator.site.history`), so each has the date it was
published. A copy without git history (a tarball) still gets a useful page:
the services by the date they were last reviewed.

Only pages that exist on the site today are listed, by their current names:
a listing since made inactive, or a guidance page since deleted, is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import groupby
from xml.sax.saxutils import escape as xml_escape

from generator.data.model import Directory, Service
from generator.site import speech
from generator.site.history import History, ServiceChange
from generator.site.links import root_of, url_of
from generator.site.pages import GeneratedPage
from generator.site.render import render

PAGE = "whats-new.md"
FEED = "whats-new.xml"
LIMIT = 50
"""The most entries the feed and each page of What's new show; older ones
are on "Older changes" pages (whats-new/2/, whats-new/3/, ...)."""

FIELD_WORDS: dict[str, str] = {
    "name": "name",
    "summary": "summary",
    "description": "description",
    "schedule": "opening times",
    "contact": "contact details",
    "contacts": "contact details",
    "locations": "address",
    "area": "area covered",
    "areas": "area covered",
    "attending": "how to attend",
    "alert": "notice",
    "cost": "cost",
    "ages": "ages",
    "needs": "needs",
    "themes": "themes",
    "how_to_access": "how to get it",
    "eligibility": "who can use it",
    "languages": "languages",
    "organisation": "who runs it",
}
"""Listing fields in the words of the page, for "Opening times changed"."""

KIND_WORDS: dict[str, str] = {
    "added": "Added",
    "temporarily-closed": "Temporarily closed",
    "reopened": "Open again",
    "retired": "Retired",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of What's new: a page, what happened to it, and when."""

    when: datetime  # the commit's date (or a review date at midnight UTC)
    title: str  # the service's or page's current name
    uri: str  # the page's address from the site root, like "services/x/"
    description: str  # "Added", "Opening times changed", "Guidance updated"...
    key: str  # unique and stable: the feed entry's id fragment


def change_words(change: ServiceChange) -> str:
    """A listing's change in one line: "Added", "Opening times changed",
    "Opening times and cost changed", "Details updated"."""
    if change.kind != "changed":
        return KIND_WORDS.get(change.kind, "Details updated")
    words = list(dict.fromkeys(FIELD_WORDS.get(name, "") for name in change.fields))
    if not words or "" in words or len(words) > 2:
        return "Details updated"
    text = speech.list_words(words)
    return f"{text[0].upper()}{text[1:]} changed"


def entries_from_history(
    history: History,
    directory: Directory,
    *,
    today: date,
    page_titles: dict[str, str],
    limit: int | None = None,
) -> list[Entry]:
    """The changes to pages the site has today (the newest `limit`, or all), newest first.

    `page_titles` maps each guidance page (path under content/) to its title.
    """
    pages = _service_pages(directory, today)
    entries = []
    for change in history.services:
        service = pages.get(change.service_id)
        if service is not None:
            entries.append(
                Entry(
                    change.commit.when,
                    service.name,
                    f"services/{service.id}/",
                    change_words(change),
                    f"{service.id}-{change.commit.sha[:12]}",
                )
            )
    for page in history.pages:
        title = page_titles.get(page.path)
        if title is not None:
            entries.append(
                Entry(
                    page.commit.when,
                    title,
                    url_of(page.path),
                    "New guidance" if page.added else "Guidance updated",
                    f"{page.path.removesuffix('.md')}-{page.commit.sha[:12]}",
                )
            )
    return _newest(entries, limit)


def entries_from_reviews(
    directory: Directory, *, today: date, limit: int | None = None
) -> list[Entry]:
    """Without git history: the published services by the date they were last reviewed."""
    entries = [
        Entry(
            datetime.combine(service.last_reviewed, time(), tzinfo=UTC),
            service.name,
            f"services/{service.id}/",
            "Checked",
            f"{service.id}-reviewed-{service.last_reviewed.isoformat()}",
        )
        for service in directory.published(today)
    ]
    return _newest(entries, limit)


def _service_pages(directory: Directory, today: date) -> dict[str, Service]:
    """Every service with a page today, by its id and by its old ids."""
    found: dict[str, Service] = {}
    for service in directory.services:
        if service.is_published(today) or service.status == "retired":
            for service_id in (*service.previous_ids, service.id):
                found[service_id] = service
    return found


def _newest(entries: list[Entry], limit: int | None) -> list[Entry]:
    entries.sort(key=lambda e: (-e.when.timestamp(), e.title.casefold(), e.uri, e.description))
    return entries[:limit]


# --- the page --------------------------------------------------------------------


def whats_new_page(
    entries: Sequence[Entry],
    *,
    from_history: bool,
    feed: bool,
    site_name: str,
    number: int = 1,
    pages: int = 1,
) -> GeneratedPage:
    """Page `number` of `pages` of What's new: its entries grouped by date,
    newest first, with links to newer and older changes.

    It is listed in mkdocs.yml `nav`; made as "not in nav" so that a project
    whose nav leaves it out still builds strictly.
    """
    src = page_source(number)
    root = root_of(src)
    days = [
        (day, [(f"{root}{e.uri}", e.title, e.description) for e in group])
        for day, group in groupby(entries, key=lambda e: e.when.date())
    ]
    body = render(
        "whats_new.html",
        days=days,
        from_history=from_history,
        feed=f"{root}{FEED}" if feed else None,
        site_name=site_name,
        number=number,
        newer=f"{root}{url_of(page_source(number - 1))}" if number > 1 else None,
        older=f"{root}{url_of(page_source(number + 1))}" if number < pages else None,
    )
    description = f"Services and guidance added or changed in the {site_name}, newest first."
    meta = {
        "description": description if number == 1 else f"{description} Page {number}.",
        "page_type": "whats-new",
    }
    if feed:
        meta["feed"] = FEED
    title = "What's new" if number == 1 else f"What's new: older changes, page {number}"
    return GeneratedPage(src_uri=src, title=title, body_html=body, meta=meta)


def whats_new_pages(
    entries: Sequence[Entry], *, from_history: bool, feed: bool, site_name: str
) -> list[GeneratedPage]:
    """Every change on pages of LIMIT entries, so none is dropped: What's new,
    then its "Older changes" pages."""
    chunks = [entries[start : start + LIMIT] for start in range(0, len(entries), LIMIT)] or [[]]
    return [
        whats_new_page(
            chunk,
            from_history=from_history,
            feed=feed,
            site_name=site_name,
            number=number,
            pages=len(chunks),
        )
        for number, chunk in enumerate(chunks, 1)
    ]


def page_source(number: int) -> str:
    """Where page `number` of What's new comes from: whats-new.md, whats-new/2.md, ..."""
    return PAGE if number == 1 else f"{PAGE.removesuffix('.md')}/{number}.md"


# --- the feed ----------------------------------------------------------------------


def atom_feed(
    entries: Sequence[Entry], *, site_url: str, site_name: str, author: str, today: date
) -> str:
    """The Atom feed (RFC 4287) of the same entries, with absolute links.

    `updated` is the newest entry's date, or the build date when there is
    none, so the feed changes only when something new is published.
    """
    base = site_url.rstrip("/") + "/"
    page = base + url_of(PAGE)
    updated = entries[0].when if entries else datetime.combine(today, time(), tzinfo=UTC)
    e = xml_escape
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
        f"  <id>{e(page)}</id>",
        f"  <title>What&#8217;s new: {e(site_name)}</title>",
        f"  <updated>{_atom_date(updated)}</updated>",
        f"  <author><name>{e(author or site_name)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href="{e(base + FEED)}"/>',
        f'  <link rel="alternate" type="text/html" href="{e(page)}"/>',
    ]
    for entry in entries:
        link = base + entry.uri
        parts += [
            "  <entry>",
            f"    <id>{e(page)}#{e(entry.key)}</id>",
            f"    <title>{e(entry.title)}: {e(entry.description)}</title>",
            f"    <updated>{_atom_date(entry.when)}</updated>",
            f'    <link rel="alternate" type="text/html" href="{e(link)}"/>',
            f"    <summary>{e(entry.description)} on "
            f"{e(speech.date_words(entry.when.date()))}.</summary>",
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _atom_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
