"""The search index step: what the built pages tell Pagefind, and what it indexed.

Reads the sample site's real HTML and Pagefind's real output; expectations
come from the sample data through the loader, not from lists written here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from projects import ROOT

from generator.data import clock
from generator.data.loader import load
from generator.data.model import Directory
from generator.site.facets import service_facts


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load(ROOT / "data", today=clock.build_date(ROOT)).directory


def guidance_pages(site: Path) -> list[Path]:
    """Pages written in content/: the ones MkDocs made from markdown files."""
    pages = []
    for md in (ROOT / "content").rglob("*.md"):
        stem = md.relative_to(ROOT / "content").with_suffix("")
        folder = stem.parent if stem.name == "index" else stem
        pages.append(site / folder / "index.html")
    return pages


def test_a_service_page_carries_its_filters_and_metadata(
    sample_site: Any, site_page: Any, directory: Directory
) -> None:
    today = clock.build_date(ROOT)
    for service in directory.published(today):
        page = site_page(sample_site.site, f"services/{service.id}/")
        facts = service_facts(service, directory.postcodes, "Hollinbrook")
        body = page.attrs("div", cls="lo-service")
        assert len(body) == 1 and "data-pagefind-body" in body[0], service.id
        filters = [(a["data-pagefind-filter"], t) for tag, a, t in page.texts
                   if tag == "span" and "data-pagefind-filter" in a]
        assert filters == facts.filters, service.id
        meta = {a["data-pagefind-meta"]: t for tag, a, t in page.texts
                if "data-pagefind-meta" in a}
        assert meta["summary"] == service.summary
        assert meta["type"] == "Service"
        for name, value in facts.meta:
            assert meta[name] == value, (service.id, name)


def test_listing_pages_are_not_indexed(sample_site: Any) -> None:
    site = sample_site.site
    listings = [site / "index.html", site / "search" / "index.html"]
    for folder in ("services", "themes", "ages", "needs"):
        listings.append(site / folder / "index.html")
    for folder in ("themes", "ages", "needs"):
        listings += [p for p in (site / folder).glob("*/index.html")]
    listings.append(site / "you-said-we-did" / "index.html")
    assert len(listings) > 20
    for path in listings:
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8"), path


def test_guidance_pages_are_indexed_as_guidance(sample_site: Any) -> None:
    for path in guidance_pages(sample_site.site):
        html = path.read_text(encoding="utf-8")
        assert 'data-pagefind-body data-pagefind-meta="type:Guidance"' in html, path


def test_pagefind_indexed_exactly_the_services_and_guidance(
    sample_site: Any, directory: Directory
) -> None:
    site = sample_site.site
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    published = directory.published(clock.build_date(ROOT))
    assert entry["languages"]["en"]["page_count"] == len(published) + len(guidance_pages(site))
    assert len(list((site / "pagefind" / "fragment").iterdir())) == entry["languages"]["en"][
        "page_count"
    ]


def test_only_the_search_page_loads_search_code(sample_site: Any) -> None:
    site = sample_site.site
    search = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../assets/search.js" async>' in search
    for page in (site / "index.html", site / "services" / "index.html"):
        assert "search.js" not in page.read_text(encoding="utf-8"), page


def test_the_search_page_works_without_javascript_by_pointing_to_browsing(
    sample_site: Any, site_page: Any
) -> None:
    page = site_page(sample_site.site, "search/")
    text = " ".join(page.text_of("div", cls="lo-search__nojs"))
    assert text.startswith("Search needs JavaScript")
    links = {a["href"] for a in page.attrs("a") if a.get("href", "").startswith("../")}
    assert {"../themes/", "../ages/", "../needs/", "../services/"} <= links


def _decoded_index(bundle: Path) -> dict[str, Any]:
    """What a Pagefind index says, with each page named by its address instead
    of its number (which follows the order Pagefind was given the pages in)."""
    from generator.publish.pagefind_stable import _read
    from generator.publish.pagefind_stable import pages as numbered_pages

    numbered = list(numbered_pages(bundle))
    urls = [fragment["url"] for fragment, _length in numbered]
    fragments = {fragment["url"]: (fragment, length) for fragment, length in numbered}
    words: dict[str, list[Any]] = {}
    for chunk in bundle.glob("index/*.pf_index"):
        for word, *lists in _read(chunk)[0]:  # the pages a word is in, each with positions
            words[word] = [_by_address(pages, urls) for pages in lists]
    filters = {}
    for table in bundle.glob("filter/*.pf_filter"):
        name, values = _read(table)
        for value, pages in values:
            filters[(name, value)] = sorted(urls[page] for page in pages)
    return {"fragments": fragments, "words": words, "filters": filters}


def _by_address(pages: list[Any], urls: list[str]) -> list[str]:
    """A word's pages (each numbered as the difference from the one before)
    as addresses with what the index holds for each."""
    number, found = 0, []
    for step, *rest in pages:
        number += step
        found.append(json.dumps([urls[number], *rest]))
    return sorted(found)


def test_the_index_is_the_one_pagefind_makes_of_the_whole_site(
    sample_site: Any, tmp_path: Path
) -> None:
    """The build feeds Pagefind only the pages it indexes (service pages as
    their bodies alone): the index must say what `pagefind --site` over the
    whole built site says. Page numbers differ: `pagefind --site` numbers
    pages in the order the file system lists them."""
    import shutil

    from generator.publish import theme_files
    from generator.publish.search import BUNDLE, index_site

    whole = tmp_path / "site"
    shutil.copytree(sample_site.site, whole)
    shutil.rmtree(whole / BUNDLE)
    index_site(whole)
    theme_files.remove_unused(whole)  # as the build does: Pagefind's own UI is not used
    built = _decoded_index(sample_site.site / BUNDLE)
    assert len(built["fragments"]) > 80 and len(built["words"]) > 1000 and built["filters"]
    assert built == _decoded_index(whole / BUNDLE)


def test_pagefind_messages_are_read_whole_however_the_pipe_splits_them(
    sample_site: Any,
) -> None:
    """Pagefind's replies come over a pipe as base64 of JSON, each ending at a
    comma; the one with the index's files is large and is decoded as it
    arrives. Read in pieces of any size, each message must come out whole,
    and text that is not a message must come out as Pagefind wrote it (it is
    shown when indexing fails)."""
    import base64
    import random

    from generator.publish.indexer import _Incoming

    bundle = sample_site.site / "pagefind"
    files = [
        {
            "path": path.relative_to(bundle).as_posix(),
            "content": base64.b64encode(path.read_bytes()).decode(),
        }
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    ]
    replies = [
        {"message_id": 2, "payload": {"type": "IndexedFile", "page_url": "/services/x/"}},
        {"message_id": 9, "payload": {"type": "GetFiles", "files": files}},
    ]
    said = b"Error: the index could not be written"
    stream = b"".join(base64.b64encode(json.dumps(r).encode()) + b"," for r in replies)
    stream += said + b","
    assert len(stream) > 8 * _Incoming._DECODED_FROM  # long enough to be decoded as it arrives
    for seed in range(3):
        pieces, start, rng = [], 0, random.Random(seed)
        while start < len(stream):
            size = rng.choice([1, 3, 4, 1000, 65536, 1 << 20])
            pieces.append(stream[start : start + size])
            start += size
        incoming = _Incoming()
        read = [message for piece in pieces for message in incoming.feed(piece)]
        assert len(read) == 3
        same = [json.loads(text) if text else None for text, _ in read[:2]] == replies
        assert same, f"a message read in pieces (seed {seed}) came out changed"
        assert read[2][1] == said
