"""Search in a real browser: the sample site, Pagefind's real index, Chromium.

Every expectation comes from the sample data through the loader (and the
same `service_facts` the pages are built from), never from a hand list.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from site_pages import all_results

from generator.data.model import Directory, Service
from generator.site.facets import distance_miles, service_facts, service_places

pytestmark = pytest.mark.browser


def members(directory: Directory, services: list[Service], name: str, value: str) -> set[str]:
    """The ids of the services the data puts under one filter value."""
    return {
        s.id
        for s in services
        if (name, value) in service_facts(s, directory.postcodes, "Hollinbrook").filters
    }


def result_count(page: Page) -> int:
    status = page.locator(".lo-search__status")
    expect(status).to_contain_text("result")
    match = re.match(r"(\d+) results?", status.inner_text())
    assert match, status.inner_text()
    return int(match.group(1))


def test_a_search_finds_services_by_name(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    for service in (published[0], published[len(published) // 2], published[-1]):
        page.goto(sample_site_server.url_for("search/?q=" + service.name))
        first = page.locator(".lo-search__list > li").first
        expect(first).to_have_attribute("data-service-id", service.id)
        expect(first.locator(".lo-result__summary")).to_have_text(service.summary)


def test_a_word_finds_every_service_that_says_it_in_its_summary(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    word = "autistic"
    expected = {s.id for s in published if re.search(rf"\b{word}\b", s.summary, re.I)}
    assert expected, "the sample data should have services to find"
    page.goto(sample_site_server.url_for(f"search/?q={word}"))
    found = set(all_results(page))
    assert expected <= found
    assert result_count(page) == len(found)


@pytest.mark.parametrize("name", ["theme", "need", "cost", "day", "area", "access"])
def test_each_filter_narrows_to_exactly_the_services_the_data_says(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service], name: str
) -> None:
    page.goto(sample_site_server.url_for("search/"))
    boxes = page.locator(f".lo-filter input[name='{name}']")
    values = [box.get_attribute("value") or "" for box in boxes.all()]
    # the value with most services, and the first one with any, unless they are the same
    sizes = {v: len(members(directory, published, name, v)) for v in values}
    chosen = sorted({max(values, key=lambda v: sizes[v]), next(v for v in values if sizes[v])})
    for value in chosen:
        page.goto(sample_site_server.url_for(f"search/?{name}={value}"))
        assert set(all_results(page)) == members(directory, published, name, value), value


def test_filters_combine_and_a_filtered_address_reloads_to_the_same_results(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service]
) -> None:
    address = "search/?theme=education&aged=12&cost=free"
    expected = (
        members(directory, published, "theme", "education")
        & members(directory, published, "aged", "12")
        & members(directory, published, "cost", "free")
    )
    page.goto(sample_site_server.url_for(address))
    first = all_results(page)
    assert set(first) == expected
    page.reload()
    assert all_results(page) == first
    expect(page.locator(".lo-filter input[name='theme'][value='education']")).to_be_checked()
    expect(page.locator("#lo-search-aged")).to_have_value("12")


def test_each_filter_option_says_how_many_results_choosing_it_gives(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service]
) -> None:
    # A directory this small shows counts (search.js leaves them out only when the
    # index's filter tables are too heavy, as at 10,000 services).
    education = members(directory, published, "theme", "education")
    page.goto(sample_site_server.url_for("search/?theme=education"))
    expect(page.locator(".lo-filter__count").first).not_to_have_text("")
    for name in ("need", "cost", "theme"):
        for box in page.locator(f".lo-filter input[name='{name}']").all():
            value = box.get_attribute("value") or ""
            services = members(directory, published, name, value)
            # Other groups narrow the results; within its own group an option adds to them.
            expected = len(services) if name == "theme" else len(services & education)
            count = box.locator("xpath=..").locator(".lo-filter__count")
            expect(count).to_have_text(f"({expected})")


NEAR_BANDS = (1, 3, 5)
"""Near me's groups in miles, as search.js and "Using this site" say."""


def near_band(distance: float) -> int:
    """Which group a result is in: a service with no place of its own (it covers
    the whole area or visits at home) is in the nearest."""
    if distance == float("inf"):
        return 0
    return next((i for i, limit in enumerate(NEAR_BANDS) if distance < limit), len(NEAR_BANDS))


@pytest.mark.parametrize("viewport_width", [390, 1280])
def test_near_me_groups_results_by_distance_with_area_wide_services_among_the_nearest(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service]
) -> None:
    centre = next(p for p in directory.postcodes if p.district == "HB3")

    def distance(service_id: str) -> float:
        service = next(s for s in published if s.id == service_id)
        places = service_places(service, directory.postcodes)
        return min(
            (distance_miles(centre.latitude, centre.longitude, p.latitude, p.longitude)
             for p in places),
            default=float("inf"),
        )

    page.goto(sample_site_server.url_for("search/?theme=health"))
    if page.locator("#lo-search-near").is_hidden():
        page.get_by_role("button", name=re.compile("^Filter results")).click()
    page.fill("#lo-search-near", "hb3")
    page.get_by_role("button", name="Sort by distance").click()
    expect(page.locator(".lo-search__status")).to_contain_text("nearest to HB3 first")
    assert "near=hb3" in page.url
    ids = all_results(page)
    assert set(ids) == members(directory, published, "theme", "health")
    distances = [distance(i) for i in ids]
    # Without words to match, each group is nearest first, area-wide services after the located.
    keys = [(near_band(d), d) for d in distances]
    assert keys == sorted(keys)
    located = [d for d in distances if d != float("inf")]
    assert located, "the sample data should have located health services"
    area_wide = [i for i, d in zip(ids, distances, strict=True) if d == float("inf")]
    assert area_wide, "the sample data should have area-wide health services"
    further = next(n for n, d in enumerate(distances) if near_band(d) > 0)
    assert all(ids.index(i) < further for i in area_wide), "area-wide among the nearest"
    nearest = ids[distances.index(min(located))]
    first = page.locator(f".lo-search__list > li[data-service-id='{nearest}']").locator("dd").last
    expect(first).to_have_text(re.compile(r"(\d+\.\d|1) miles? away|Less than 0\.1 miles away"))
    card = page.locator(f".lo-search__list > li[data-service-id='{area_wide[0]}']")
    service = next(s for s in published if s.id == area_wide[0])
    everywhere = service.area in (None, "All of Hollinbrook")
    words = "Covers all of Hollinbrook" if everywhere else f"Covers {service.area}"
    expect(card.locator("dd").last).to_have_text(words)


def test_near_me_with_words_keeps_the_best_match_first_within_each_group(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=portage&near=HB3"))
    first = page.locator(".lo-search__list > li").first
    expect(first).to_have_attribute("data-service-id", "hollinbrook-portage")
    expect(first.locator("dd").last).to_have_text("Covers all of Hollinbrook")


def test_an_unknown_postcode_district_says_what_to_enter(
    page: Page, sample_site_server: Any
) -> None:
    page.goto(sample_site_server.url_for("search/?q=play&near=ZZ99"))
    error = page.locator("#lo-search-near-error")
    expect(error).to_have_text("Error: Enter the first part of a postcode in Hollinbrook, like HB1")
    expect(page.locator("#lo-search-near")).to_have_attribute("aria-invalid", "true")


def test_search_and_filters_work_with_the_keyboard_alone(
    page: Page, sample_site_server: Any, directory: Directory, published: list[Service]
) -> None:
    page.goto(sample_site_server.url_for("search/"))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "lo-search-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("support")
    page.keyboard.press("Enter")
    total = result_count(page)
    assert total > 0
    assert "q=support" in page.url
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "cost":
            break
    else:
        pytest.fail("Tab never reached the 'Free only' filter")
    page.keyboard.press("Space")
    expect(page.locator(".lo-search__status")).to_contain_text("filtered")
    assert "cost=free" in page.url
    narrowed = set(all_results(page))
    assert len(narrowed) < total
    assert {i for i in narrowed if not i.startswith("/")} <= members(
        directory, published, "cost", "free"
    )


def test_the_results_count_is_in_a_polite_live_region(page: Page, sample_site_server: Any) -> None:
    page.goto(sample_site_server.url_for("search/?q=school"))
    status = page.locator(".lo-search__status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “school”$"))


def test_when_the_search_files_cannot_load_the_page_says_so(
    page: Page, page_log: Any, sample_site_server: Any
) -> None:
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(sample_site_server.url_for("search/?q=school"))
    expect(page.locator(".lo-search__status")).to_have_text(
        "Search is not working at the moment. "
        "Try again, or browse services by theme, age, need or A to Z."
    )
    # The only problems are the blocked files themselves.
    assert page_log.console_errors
    assert all("pagefind" in error for error in page_log.console_errors), page_log.console_errors
    page_log.console_errors.clear()


def test_pages_that_do_not_search_load_no_search_code_or_data(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for address in ("", f"services/{published[0].id}/", "themes/health/"):
        page.goto(sample_site_server.url_for(address))
        page.wait_for_load_state("networkidle")
    assert requested
    assert not [u for u in requested if "/pagefind/" in u or "search.js" in u]


def test_the_header_search_goes_to_the_search_page(
    page: Page, sample_site_server: Any, published: list[Service]
) -> None:
    page.goto(sample_site_server.url_for(f"services/{published[0].id}/"))
    page.get_by_label("Search this site").fill("speech")
    page.get_by_label("Search this site").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=speech$"))
    expect(page.locator(".lo-search__status")).to_contain_text("for “speech”")
    expect(page.locator("#lo-search-q")).to_have_value("speech")
