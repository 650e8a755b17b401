"""Search over an index laid out as for a large directory: one filter table per value.

At 10,000 services `generator/publish/pagefind_stable.py` splits the filter tables
per value and the search page leaves out result counts (see
docs/performance.md). Building 10,000 services here would take minutes, so
the sample site is indexed again with the size limit set to nothing, which
gives the same layout; everything a visitor sees must stay the same.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from site_pages import all_results
from test_search import members, near_band

from generator.data.model import Directory, Service
from generator.publish import pagefind_stable, search, theme_files
from generator.publish.indexer import Indexer
from generator.site.facets import distance_miles, service_places

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def split_site(sample_site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site indexed again, its pages given to Pagefind in the
    order the build gave them (ties between results keep their order)."""
    site = tmp_path_factory.mktemp("split") / "site"
    shutil.copytree(sample_site_dir, site)
    order = [fragment["url"] for fragment, _length in pagefind_stable.pages(site / search.BUNDLE)]
    shutil.rmtree(site / search.BUNDLE)
    index = Indexer()
    for url in order:
        path = f"{url.strip('/')}/index.html".lstrip("/")
        index.add(path, (site / path).read_text(encoding="utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind_stable, "COUNTS_BUDGET", 0)
        index.write(site / search.BUNDLE)
        index.finish()
    theme_files.remove_unused(site)
    return site


@pytest.fixture
def split_server(split_site: Path, served_site: Callable[[Path], Any]) -> Any:
    return served_site(split_site)


def test_the_index_says_its_filter_tables_are_split_per_value(
    split_site: Path, sample_site_dir: Path
) -> None:
    for site, layout in ((split_site, "split"), (sample_site_dir, "whole")):
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
        assert [info["lo_filters"] for info in entry["languages"].values()] == [layout]


@pytest.mark.parametrize(
    "address",
    [
        "search/?theme=education",
        "search/?need=autism&need=physical",
        "search/?theme=education&aged=12&cost=free",
        "search/?access=step-free-access&day=saturday",
        "search/?q=support&theme=health",
    ],
)
def test_filters_give_the_same_results_as_whole_tables(
    page: Page,
    split_server: Any,
    sample_site_server: Any,
    directory: Directory,
    published: list[Service],
    address: str,
) -> None:
    page.goto(sample_site_server.url_for(address))
    whole = all_results(page)
    page.goto(split_server.url_for(address))
    split = all_results(page)
    assert split == whole
    chosen: dict[str, set[str]] = {}
    for pair in address.split("?", 1)[1].split("&"):
        name, value = pair.split("=")
        if name != "q":
            chosen[name] = chosen.get(name, set()) | members(directory, published, name, value)
    expected = set.intersection(*chosen.values())
    assert set(split) <= expected
    if "q=" not in address:
        assert set(split) == expected
    # Counts would need every table: a large directory leaves them out.
    expect(page.locator(".lo-filter__count").first).to_have_text("")


def test_near_me_groups_every_result_by_its_nearest_postcode_district(
    page: Page, split_server: Any, directory: Directory, published: list[Service]
) -> None:
    # No words and no filter: every page, more than near me sorts exactly,
    # so results come district by district through the split district tables,
    # in near me's groups by distance; a page with no place is in the nearest group.
    centre = next(p for p in directory.postcodes if p.district == "HB3")
    miles = {
        p.district: distance_miles(centre.latitude, centre.longitude, p.latitude, p.longitude)
        for p in directory.postcodes
    }
    by_id = {s.id: s for s in published}

    def group(result: str) -> int:
        service = by_id.get(result)
        places = service_places(service, directory.postcodes) if service else []
        if not places:
            return 0
        return near_band(min(miles[p.district] for p in places))

    page.goto(split_server.url_for("search/?near=HB3"))
    expect(page.locator(".lo-search__status")).to_contain_text("nearest to HB3 first")
    found = all_results(page)
    assert len(found) > 50, "the sample should have more results than near me sorts exactly"
    assert {s.id for s in published} <= set(found)
    groups = [group(r) for r in found]
    assert groups[0] == 0
    assert groups == sorted(groups)
