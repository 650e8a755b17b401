"""Search the way parents use it: on a phone, in their own words, for a child's age.

The sample site, Pagefind's real index and Chromium, at phone and desktop
sizes. Expectations come from the sample data through the loader (and the
same `service_facts` the pages are built from), or from the thesaurus file.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from site_pages import all_results

from generator.data.model import Directory, Service
from generator.data.thesaurus import read_thesaurus
from generator.site.facets import service_facts

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "data"
BOTH = pytest.mark.parametrize("viewport_width", [390, 1280])


def aged(directory: Directory, published: list[Service], age: int) -> set[str]:
    return {
        s.id
        for s in published
        if ("aged", str(age)) in service_facts(s, directory.postcodes, "Hollinbrook").filters
    }


@pytest.mark.parametrize("viewport_width", [390])
def test_on_a_phone_results_come_first_and_the_filters_wait_behind_a_button(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=speech&theme=health"))
    toggle = page.get_by_role("button", name="Filter results (1 selected)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#lo-search-options")).to_be_hidden()
    first = page.locator(".lo-search__list > li").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] < 844, "the first result is on the first screen"
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("How old is the child?")).to_be_visible()
    # "Show results" closes the options and goes back to the results.
    page.get_by_role("button", name="Show results").click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(page.locator(".lo-search__status")).to_contain_text("results for “speech”, filtered")


@pytest.mark.parametrize("viewport_width", [1280])
def test_on_a_wide_screen_the_filters_are_open_beside_the_results(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=speech"))
    toggle = page.get_by_role("button", name="Filter results")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#lo-search-options")).to_be_visible()
    toggle.click()
    expect(page.locator("#lo-search-options")).to_be_hidden()


@BOTH
def test_chosen_filters_are_tags_that_remove_themselves_by_keyboard(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=support&theme=health&cost=free&aged=4"))
    tags = page.get_by_role("list", name="Chosen filters")
    expect(tags.get_by_role("button")).to_have_text(
        [
            "Remove filter: Age: 4 years old",
            "Remove filter: Theme: Health",
            "Remove filter: Cost: Free only",
            "Clear filters",
        ]
    )
    expect(page.get_by_role("button", name=re.compile("^Filter results"))).to_have_text(
        "Filter results (3 selected)"
    )
    before = page.locator(".lo-search__status").inner_text()
    tags.get_by_role("button", name="Remove filter: Theme: Health").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".lo-search__status")).not_to_have_text(before)
    assert "theme=" not in page.url and "cost=free" in page.url
    # Focus stays among the tags: the next one.
    expect(tags.get_by_role("button", name="Remove filter: Cost: Free only")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Clear filters"
    expect(page.locator(".lo-search__tags")).to_be_hidden()
    expect(page.get_by_role("button", name="Filter results")).to_be_focused()
    assert "aged=" not in page.url and "cost=" not in page.url and "q=support" in page.url


@BOTH
def test_how_old_is_the_child_finds_exactly_the_services_for_that_age(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service]
) -> None:
    page.goto(sample_site_server.url_for("search/"))
    if page.get_by_label("How old is the child?").is_hidden():
        page.get_by_role("button", name="Filter results").click()
    page.get_by_label("How old is the child?").select_option("4")
    expect(page.locator(".lo-search__status")).to_contain_text("filtered")
    assert "aged=4" in page.url
    found = {i for i in all_results(page) if not i.startswith("/")}
    assert found == aged(directory, published, 4)
    # A service for ages 1 to 3 is in the band "0 to 4" but not for a 4-year-old.
    younger = {s.id for s in published if s.ages is not None and s.ages.max < 4}
    assert younger and not (found & younger)


@BOTH
def test_the_result_count_is_announced_after_each_change(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=school"))
    status = page.locator(".lo-search__status")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “school”$"))
    if page.locator("#lo-search-options").is_hidden():
        page.get_by_role("button", name="Filter results").click()
    page.get_by_label("How old is the child?").select_option("10")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “school”, filtered$"))


def thesaurus_search(term: str) -> str:
    terms, problems = read_thesaurus(DATA, "data")
    assert not problems
    return next(t.search for t in terms if term in t.also)


@BOTH
@pytest.mark.parametrize(
    ("typed", "service"),
    [
        ("late talker", "childrens-speech-and-language-therapy"),
        ("my child is not talking", "childrens-speech-and-language-therapy"),
        ("SLT", "childrens-speech-and-language-therapy"),
        ("respite", "short-breaks-team"),
    ],
)
def test_parents_words_find_the_service_through_the_thesaurus(
    page: Page, sample_site_server: Any, typed: str, service: str
) -> None:
    page.goto(sample_site_server.url_for("search/"))
    page.locator("#lo-search-q").fill(typed)
    page.locator("#lo-search-q").press("Enter")
    ids = all_results(page)
    assert service in ids[:3], ids[:3]
    phrase = next(p for p in ("late talker", "not talking", "SLT", "respite") if p in typed)
    search = thesaurus_search(phrase)
    expect(page.locator(".lo-search__hint")).to_contain_text(f"Showing results for “{search}”")


@BOTH
def test_a_misspelt_word_gets_did_you_mean_from_the_index_words(
    page: Page, sample_site_server: Any
) -> None:
    # "hering" is in no thesaurus entry: the correction comes from the index's words.
    page.goto(sample_site_server.url_for("search/?q=hering"))
    hint = page.locator(".lo-search__hint")
    expect(hint).to_have_text(
        "Did you mean hearing? No pages have “hering”, so these are the results for “hearing”."
    )
    expect(hint.get_by_role("link", name="hearing")).to_have_attribute(
        "href", re.compile(r"\?q=hearing$")
    )
    assert "paediatric-audiology" in all_results(page)


def test_a_word_no_page_has_finds_nothing_rather_than_other_words(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=welsh"))
    expect(page.locator(".lo-search__status")).to_have_text(
        "0 results for “welsh”. Try other words or fewer filters."
    )
    expect(page.locator(".lo-search__hint")).to_have_text("No pages have “welsh”.")
    expect(page.locator(".lo-search__list > li")).to_have_count(0)


def test_several_words_no_page_has_all_of_find_pages_with_some(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=wheelchair+basketball+trampoline"))
    expect(page.locator(".lo-search__hint")).to_contain_text(
        "Few pages have all of your words, so pages with some of them follow, most first."
    )
    assert "hollinbrook-rollers" in all_results(page)[:3]


@pytest.mark.parametrize("viewport_width", [390])
def test_while_search_loads_it_says_loading_not_that_javascript_is_off(
    page: Page, sample_site_server: Any
) -> None:
    release = threading.Event()

    def slow(route: Route) -> None:
        release.wait(10)
        route.fallback()

    page.route("**/assets/search.js", slow)
    page.goto(sample_site_server.url_for("search/?q=speech"), wait_until="domcontentloaded")
    expect(page.locator(".lo-search__loading")).to_have_text("Loading search…")
    expect(page.get_by_text("Search needs JavaScript")).to_have_count(0)
    release.set()
    expect(page.locator(".lo-search__list > li").first).to_be_visible()
    expect(page.locator(".lo-search__loading")).to_be_hidden()


def test_without_javascript_the_search_page_points_to_browsing(
    browser: Browser, sample_site_server: Any
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site_server.url_for("search/"))
        expect(
            page.get_by_text("Search needs JavaScript, which is turned off in your browser.")
        ).to_be_visible()
        expect(page.get_by_role("link", name="Services by age")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Filter results"))).to_be_hidden()
    finally:
        context.close()


@BOTH
def test_axe_finds_nothing_on_the_search_controls(
    page: Page, sample_site_server: Any, run_axe: Any, describe_violations: Any, viewport_width: int
) -> None:
    from a11y_exceptions import excused_axe

    page.goto(sample_site_server.url_for("search/?q=hering&theme=health&aged=4"))
    expect(page.locator(".lo-search__status")).to_contain_text("result")
    if page.locator("#lo-search-options").is_hidden():
        page.get_by_role("button", name=re.compile("^Filter results")).click()
    violations = [v for v in run_axe(page) if excused_axe(v) is None]
    assert violations == [], f"search at {viewport_width} px:\n" + describe_violations(violations)
