"""Printouts that travel: a service page on at most two A4 sheets, My list on few,
each service on it with a QR code of its page and the share link with one of its own.

Printed to PDF by Chromium itself (print media, A4), the way a parent's
"Print" button prints; the sheets are counted in the PDF. The QR codes are
read back from the markup the browser drew, with zxing-cpp's decoder.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from qrscan import scan

from generator.data.model import Service
from generator.site import speech

pytestmark = pytest.mark.browser

SITE_URL = "https://localoffer.example.org/"
QR_MIN_PX = 75
"""A printed code's least width in CSS pixels (96 to the inch): 20 mm, which
phone cameras read at arm's length."""


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


def test_my_list_prints_a_qr_code_of_each_service_and_one_of_its_share_link(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    ids = [s.id for s in richest(published, 4)]
    page.goto(sample_site_server.url_for("my-list/?ids=" + ",".join(ids)))
    expect(page.locator(".lo-mylist__item h2")).to_have_count(4)
    codes = page.locator("svg.lo-qr")
    expect(codes).to_have_count(5)
    for index in range(5):  # on paper only
        expect(codes.nth(index)).to_be_hidden()

    page.emulate_media(media="print")
    for service_id in ids:
        card = page.locator(f".lo-mylist__item[data-service-id='{service_id}']")
        printed_code(card.locator("svg.lo-qr"), SITE_URL + f"services/{service_id}/")
    share = page.locator(".lo-mylist__share")
    link = SITE_URL + "my-list/?ids=" + ",".join(ids)
    expect(share.locator(".lo-mylist__share-link")).to_have_attribute("href", link)
    printed_code(share.locator("svg.lo-qr"), link)
    expect(page.get_by_text(link, exact=True)).to_have_count(1)


def printed_code(code: Locator, address: str) -> None:
    """`code` is one QR code, printed large enough to scan, named for
    assistive technology, that reads back as `address`."""
    expect(code).to_have_count(1)
    expect(code).to_be_visible()
    expect(code).to_have_attribute("role", "img")
    expect(code).to_have_attribute("aria-label", f"QR code for {address}")
    box = code.bounding_box()
    assert box is not None and box["width"] >= QR_MIN_PX, box
    assert scan(code.evaluate("svg => svg.outerHTML")) == address
