"""The page types of the sample site, and how to open each as a visitor finds it.

Every accessibility, reflow and security test runs over the same list, so a
new kind of page is added here once. Pages that are chosen from the data
(the service with the most fields filled in, a temporarily closed service,
the busiest theme) are found through the loader, so the tests follow the
sample data as it changes.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from generator.data import clock
from generator.data.loader import load
from generator.data.model import Directory, Service

ROOT = Path(__file__).resolve().parents[2]

PAGE_TYPES = (
    "home",
    "guidance",
    "rights",
    "glossary",
    "service",
    "closed-service",
    "themes",
    "theme",
    "age",
    "a-z",
    "search",
    "my-list",
    "you-said-we-did",
    "accessibility",
    "not-found",
)
"""Every kind of page a visitor can land on, by a short name for test ids."""

MY_LIST_KEY = "localoffer.mylist"
"""Where mylist.js keeps the saved ids (overrides/assets/mylist.js)."""


@dataclass(frozen=True)
class PageType:
    """One page to open: its address in the site, the HTML file behind it,
    the status a host answers with, and My list ids saved beforehand."""

    name: str
    path: str
    file: str
    status: int = 200
    saved: tuple[str, ...] = ()


def sample_directory() -> Directory:
    """The sample data as the sample site was built from it (same date)."""
    return load(ROOT / "data", today=clock.build_date(ROOT)).directory


def filled_fields(service: Service) -> int:
    """How many of a listing's optional fields are filled in."""
    return sum(
        1
        for f in dataclasses.fields(service)
        if f.name not in ("source", "status") and getattr(service, f.name)
    )


def richest_service(directory: Directory, site_dir: Path) -> Service:
    """The active service with the most fields filled in (and a built page):
    the page that shows every part of the service template."""
    today = clock.build_date(ROOT)
    candidates = [
        s
        for s in directory.published(today)
        if s.status == "active" and (site_dir / "services" / s.id / "index.html").is_file()
    ]
    assert candidates, "the sample site has no active service page"
    return max(candidates, key=lambda s: (filled_fields(s), s.id))


def closed_service(directory: Directory, site_dir: Path) -> Service:
    today = clock.build_date(ROOT)
    for service in directory.published(today):
        built = (site_dir / "services" / service.id / "index.html").is_file()
        if service.status == "temporarily-closed" and built:
            return service
    raise AssertionError("the sample data has no published temporarily closed service")


def search_word(service: Service) -> str:
    """A word from a service's name that search must find (the longest)."""
    return max(service.name.split(), key=len).strip(",.'’").lower()


def page_types(site_dir: Path) -> dict[str, PageType]:
    """Every page type of the built sample site, by name."""
    directory = sample_directory()
    today = clock.build_date(ROOT)
    rich = richest_service(directory, site_dir)
    closed = closed_service(directory, site_dir)
    published = directory.published(today)
    busiest = max(directory.themes, key=lambda t: sum(t.id in s.themes for s in published))
    found = {
        PageType("home", "", "index.html"),
        PageType("guidance", "working-together/communicating/", ""),
        # Guidance with facts from the listings, a table and glossary links.
        PageType("rights", "your-rights/disagreements/", ""),
        PageType("glossary", "glossary/", ""),
        PageType("service", f"services/{rich.id}/", ""),
        PageType("closed-service", f"services/{closed.id}/", ""),
        PageType("themes", "themes/", ""),
        PageType("theme", f"themes/{busiest.id}/", ""),
        PageType("age", "ages/5-11/", ""),
        PageType("a-z", "services/", ""),
        PageType("search", f"search/?q={search_word(rich)}", "search/index.html"),
        PageType(
            "my-list",
            "my-list/",
            "",
            saved=(rich.id, closed.id),
        ),
        PageType("you-said-we-did", "you-said-we-did/", ""),
        PageType("accessibility", "accessibility/", ""),
        PageType("not-found", "no-such-page/", "404.html", status=404),
    }
    types = {t.name: dataclasses.replace(t, file=t.file or f"{t.path}index.html") for t in found}
    assert set(types) == set(PAGE_TYPES)
    for kind in types.values():
        assert (site_dir / kind.file).is_file(), f"the {kind.name} page was not built"
    return types


def open_page(page: Page, site_url: str, kind: PageType, page_log: Any) -> None:
    """Go to the page as a visitor would and wait until its scripts have
    finished what a visitor would wait for (search results, My list).

    The 404 page's own status is expected, so it is taken off `page_log`.
    """
    if kind.saved:
        ids = json.dumps(list(kind.saved))
        page.context.add_init_script(
            f"try {{ localStorage.setItem({json.dumps(MY_LIST_KEY)}, {json.dumps(ids)}); }}"
            " catch (e) {}"
        )
    url = site_url + kind.path
    response = page.goto(url)
    assert response is not None and response.status == kind.status, (
        f"{kind.path}: HTTP {response.status if response else None}"
    )
    if kind.status != 200:
        page_log.failed_responses.remove(f"{kind.status} {url}")
        page_log.console_errors[:] = [
            m for m in page_log.console_errors if not (url in m and f" {kind.status} " in m)
        ]
    page.wait_for_load_state("load")
    if kind.name == "search":
        results = page.locator(".lo-search__list > li")
        expect(results.first).to_be_visible(timeout=15_000)
        expect(page.locator(".lo-search__status")).not_to_be_empty()
    elif kind.name == "my-list":
        items = page.locator(".lo-mylist__item")
        expect(items).to_have_count(len(kind.saved), timeout=10_000)
        expect(items.filter(has_text="Loading")).to_have_count(0, timeout=10_000)
    page.wait_for_load_state("networkidle")


def all_results(page: Page) -> list[str]:
    """Every result's service id (or address for guidance), showing more until all are shown."""
    expect(page.locator(".lo-search__status")).to_contain_text("result")
    more = page.locator(".lo-search__more")
    while more.is_visible():
        before = page.locator(".lo-search__list > li").count()
        more.click()
        expect(page.locator(".lo-search__list > li")).not_to_have_count(before)
    cards = page.locator(".lo-search__list > li")
    return [
        card.get_attribute("data-service-id") or card.locator("a").first.get_attribute("href") or ""
        for card in cards.all()
    ]
