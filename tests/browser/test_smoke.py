"""The built sample site in a real browser: what a parent sees first.

Opens the home page and a service page in Debian's Chromium, served over
HTTP like a real host, and checks what a person sees and can use: the four
tasks on the home page, and on a service page its name, opening times, a
phone number to tap and the way to report a mistake. Every page must also
load without a console error, a script error, or a request that leaves the
site (the `page` fixture fails the test on any of those).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from generator.data import clock
from generator.data.loader import load
from generator.data.model import Service

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TASKS = ("Find a service", "Get advice", "Have your say", "For professionals")


def task_links(main: Locator, task: str) -> Locator:
    """The visible links a person can follow for one task: the task itself as
    a link, or the links in the block the task heads."""
    as_link = main.get_by_role("link", name=task, exact=True)
    if as_link.count():
        return as_link
    heading = main.get_by_role("heading", name=task, exact=True)
    assert heading.count() == 1, f"the home page has no link or heading {task!r}"
    return heading.locator("xpath=..").get_by_role("link")


@pytest.mark.parametrize("viewport_width", [390, 1280])
def test_home_page_offers_the_four_tasks(page: Page, sample_site_server, viewport_width):
    response = page.goto(sample_site_server.url)
    assert response is not None and response.status == 200
    # The page's own content, not the navigation (which has some of the same words).
    main = page.get_by_role("article")
    for task in TASKS:
        main.get_by_text(task, exact=True).first.wait_for(state="visible")
        links = task_links(main, task)
        visible = [links.nth(i) for i in range(links.count()) if links.nth(i).is_visible()]
        assert visible, f"{task!r} is on the home page but offers no link to follow"
    # The first task leads to services: following its first link lists some.
    task_links(main, TASKS[0]).first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.url.startswith(sample_site_server.url) and page.url != sample_site_server.url


def feedback_link(page: Page) -> Locator:
    """The "Is this page correct?" link: a link of that name, or the one link
    in the region of that name ("Is this page correct? If not, tell us")."""
    link = page.get_by_role("link", name="Is this page correct?")
    if link.count():
        return link
    region = page.get_by_role("complementary", name="Is this page correct?")
    assert region.count() == 1, 'the page has no "Is this page correct?" link or region'
    assert region.is_visible()
    return region.get_by_role("link")


def service_to_open(site_dir: Path) -> Service:
    """A published service with opening times and a phone number whose page was built."""
    today = clock.build_date()
    directory = load(ROOT / "data", today=today).directory
    for service in directory.published(today):
        has_phone = service.contact is not None and service.contact.phone is not None
        page_file = site_dir / "services" / service.id / "index.html"
        if service.schedule and has_phone and page_file.is_file():
            return service
    raise AssertionError("no built service page has both opening times and a phone number")


@pytest.mark.parametrize("viewport_width", [390, 1280])
def test_service_page_shows_what_a_parent_needs(
    page: Page, sample_site_dir, sample_site_server, viewport_width
):
    service = service_to_open(sample_site_dir)
    response = page.goto(sample_site_server.url_for(f"services/{service.id}/"))
    assert response is not None and response.status == 200

    h1 = page.get_by_role("heading", level=1)
    assert h1.count() == 1 and h1.is_visible()
    assert h1.inner_text().strip() == service.name

    times = page.get_by_role("table", name=re.compile(r"^Opening times"))
    assert times.is_visible()
    first_day = service.schedule[0].days[0].capitalize()
    assert times.get_by_role("rowheader", name=first_day).is_visible()

    assert service.contact is not None and service.contact.phone is not None
    phone = page.get_by_role("link", name=service.contact.phone.display, exact=True).first
    assert phone.is_visible()
    assert phone.get_attribute("href") == f"tel:{service.contact.phone.e164}"

    correct = feedback_link(page)
    assert correct.is_visible()
    assert service.id in (correct.get_attribute("href") or ""), "the feedback link lacks the id"
