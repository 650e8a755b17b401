"""For professionals, in Chromium: My list, sharing it, printing, "Copy link",
and the keyboard-only journey.

Runs on the sample site served over HTTP (fixtures in conftest.py). The
`page` fixture fails a test on any console error, script error or request
to another origin, so every step here also proves the scripts run under the
site's rules.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

SITE_URL = "https://localoffer.example.org/"
FULL_SERVICE = "chatterbox-toddler-group"  # phone, email, opening times and an address


def add_first_three(page: Page, server: Any) -> list[tuple[str, str]]:
    """Add the first three services of the A to Z to My list: (id, name) of each."""
    page.goto(server.url_for("services/"))
    cards = page.locator(".lo-result[data-service-id]")
    added = []
    for index in range(3):
        card = cards.nth(index)
        name = card.locator(".lo-result__title").inner_text().strip()
        button = card.get_by_role("button", name=f"Add to my list {name}")
        button.click()
        expect(card.get_by_role("button", name=f"Remove from my list {name}")).to_be_visible()
        expect(card.get_by_role("status")).to_contain_text(f"My list has {index + 1}")
        added.append((card.get_attribute("data-service-id") or "", name))
    return added


def titles(page: Page) -> list[str]:
    items = page.locator(".lo-mylist__item h2")
    expect(items.first).to_be_visible()
    expect(page.get_by_text("Loading…")).to_have_count(0)
    return [text.strip() for text in items.all_inner_texts()]


def test_add_three_share_and_save_on_another_device(
    page: Page, browser: Browser, sample_site_server: Any, page_log: Any
) -> None:
    added = add_first_three(page, sample_site_server)
    names = [name for _id, name in added]

    page.get_by_role("link", name="View My list").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My list")
    assert titles(page) == names
    expect(page.locator(".lo-mylist .lo-count")).to_have_text("3 services")
    share = page.locator(".lo-mylist__share-link").get_attribute("href") or ""
    assert share == SITE_URL + "my-list/?ids=" + ",".join(i for i, _name in added)

    # Another device: a fresh browser with nothing saved.
    other = browser.new_context()
    try:
        other.route("**/*", page_log.on_route)
        there = other.new_page()
        there.goto(share.replace(SITE_URL, sample_site_server.url))
        assert titles(there) == names
        expect(there.get_by_text("Someone shared this list with you.")).to_be_visible()
        assert there.evaluate("localStorage.getItem('localoffer.mylist')") is None
        there.get_by_role("button", name="Save this list on this device").click()
        expect(there.get_by_role("status").first).to_have_text(
            "Saved. This list is now on this device."
        )
        assert there.evaluate("JSON.parse(localStorage.getItem('localoffer.mylist'))") == [
            i for i, _name in added
        ]
        there.goto(sample_site_server.url_for("my-list/"))
        assert titles(there) == names
        expect(there.get_by_role("button", name="Save this list on this device")).to_have_count(0)
    finally:
        other.close()

    # Remove one: the list and its share link follow.
    page.get_by_role("button", name=f"Remove {names[1]} from my list").click()
    expect(page.get_by_role("status").first).to_have_text(f"Removed {names[1]} from my list.")
    assert titles(page) == [names[0], names[2]]


def test_print_hides_navigation_and_shows_qr_code_and_contact_details(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for(f"services/{FULL_SERVICE}/"))
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".lo-footer", ".lo-correct"):
        expect(page.locator(chrome).first).to_be_hidden()
    for button in page.locator("main button").all():
        expect(button).to_be_hidden()
    qr = page.locator(".lo-print-page svg.lo-qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 80  # about 30 mm  # type: ignore[index]
    expect(page.locator(".lo-print-page__url")).to_have_text(SITE_URL + f"services/{FULL_SERVICE}/")
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'long', year: 'numeric'})"
        ".format(new Date())"
    )
    expect(page.locator(".lo-print-page")).to_contain_text(f"Printed on {today}")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile(r"^0161 496"))).to_be_visible()
    expect(main.locator("a[href^='mailto:']").first).to_be_visible()
    expect(main.locator("table.lo-schedule")).to_be_visible()
    expect(main.get_by_text("Last reviewed")).to_be_visible()

    page.emulate_media(media="screen")
    expect(qr).to_be_hidden()
    expect(page.locator(".md-header")).to_be_visible()


def test_my_list_prints_the_facts_and_the_share_link(page: Page, sample_site_server: Any) -> None:
    page.goto(sample_site_server.url_for(f"services/{FULL_SERVICE}/"))
    page.get_by_role("button", name=re.compile("^Add to my list")).click()
    page.goto(sample_site_server.url_for("my-list/"))
    titles(page)
    page.emulate_media(media="print")
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this list")).to_be_hidden()
    item = page.locator(".lo-mylist__item")
    for fact in ("Phone", "Email", "Opening times", "Address", "Last reviewed"):
        expect(item.get_by_text(fact, exact=True)).to_be_visible()
    expect(page.locator(".lo-mylist__share-link")).to_be_visible()


def test_copy_link_puts_the_published_address_on_the_clipboard(
    page: Page, sample_site_server: Any
) -> None:
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=sample_site_server.origin
    )
    page.goto(sample_site_server.url_for(f"services/{FULL_SERVICE}/"))
    page.get_by_role("button", name=re.compile("^Copy link to ")).click()
    expect(page.locator(".lo-actions").get_by_role("status").last).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        SITE_URL + f"services/{FULL_SERVICE}/"
    )

    page.goto(sample_site_server.url_for("professionals/"))
    button = page.get_by_role("button", name="Copy link to Building a list for a family")
    button.click()
    expect(button.locator("xpath=following-sibling::*[@role='status']")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        SITE_URL + "professionals/#building-a-list-for-a-family"
    )


def tab_to(page: Page, pattern: str, *, limit: int = 80) -> str:
    """Press Tab until the focused element's accessible text matches; its text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement && document.activeElement.textContent || '').trim()"
        )
        if re.search(pattern, text):
            return str(text)
    raise AssertionError(f"Tab never reached {pattern!r}")


def test_keyboard_only_add_open_my_list_and_print(page: Page, sample_site_server: Any) -> None:
    page.goto(sample_site_server.url_for(f"services/{FULL_SERVICE}/"))
    tab_to(page, r"^Add to my list")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile("^Remove from my list"))).to_be_focused()
    tab_to(page, r"^View My list$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my-list/$"))
    titles(page)
    # window.print() opens the browser's dialog; record the call instead.
    page.evaluate("window.print = () => { window.printed = true; }")
    tab_to(page, r"^Print this list$")
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") is True


@pytest.mark.parametrize("viewport_width", [390, 1280])
def test_remove_all_can_be_undone_at_once(page: Page, sample_site_server: Any) -> None:
    added = add_first_three(page, sample_site_server)
    page.goto(sample_site_server.url_for("my-list/"))
    assert titles(page) == [name for _id, name in added]
    page.get_by_role("button", name="Remove all services from my list").click()
    expect(page.locator(".lo-mylist .lo-count")).to_have_text("0 services")
    undo = page.get_by_role("button", name="Undo and put back 3 services")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    assert titles(page) == [name for _id, name in added]
    saved = page.evaluate("JSON.parse(localStorage.getItem('localoffer.mylist'))")
    assert saved == [i for i, _name in added]
