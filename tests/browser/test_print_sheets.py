"""Printouts that travel: a service page on at most two A4 sheets, My list on few.

Printed to PDF by Chromium itself (print media, A4), the way a parent's
"Print" button prints; the sheets are counted in the PDF.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.data.model import Service
from generator.site import speech

pytestmark = pytest.mark.browser


def sheets(page: Page) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))


def richest(published: list[Service], count: int) -> list[Service]:
    """The services with most to print: places, sessions, contacts."""
    return sorted(
        published,
        key=lambda s: (-(len(s.locations) * 4 + len(s.schedule) + len(s.description or "") // 200)),
    )[:count]


def test_the_longest_service_pages_print_on_at_most_two_sheets(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    for service in richest(published, 3):
        page.goto(sample_site_server.url_for(f"services/{service.id}/"))
        assert sheets(page) <= 2, service.id


def test_my_list_prints_four_services_on_three_sheets_with_the_share_link_once(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    chosen = richest(published, 4)
    ids = [s.id for s in chosen]
    page.goto(sample_site_server.url_for("my-list/?ids=" + ",".join(ids)))
    expect(page.locator(".lo-mylist__item h2")).to_have_count(4)
    expect(page.get_by_text("Loading…")).to_have_count(0)
    page.emulate_media(media="print")
    share = page.locator(".lo-mylist__share-link")
    after = share.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == "none", after
    assert sheets(page) <= 3
    ways = [s for s in chosen if s.how_to_access is not None and s.how_to_access.methods]
    assert ways, "the richest services should say how to get them"
    for service in ways:
        card = page.locator(f".lo-mylist__item[data-service-id='{service.id}']")
        expect(card).to_contain_text("How to get it")
        expect(card).to_contain_text(speech.access_words(service.how_to_access.methods[0]))
