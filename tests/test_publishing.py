"""What the build publishes beside the pages: open data, JSON-LD, the editors' report.

Read from the sample site as `make site` builds it, so these are the files a
council actually publishes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hsds import assert_valid_open_data
from projects import ROOT, BuiltSite

from generator.data import clock
from generator.data.loader import load
from generator.data.settings import read_settings

SCRIPT_START = '<script type="application/ld+json">'


def test_the_built_site_publishes_valid_open_data(sample_site: BuiltSite) -> None:
    today = datetime.fromtimestamp(clock.build_epoch(ROOT), tz=UTC).date()
    site_url = read_settings(sample_site.project)["site_url"]
    directory = load(sample_site.project / "data", today=today).directory
    api = sample_site.site / "api"
    for name in ("services.json", "taxonomies.json", "taxonomy_terms.json", "services.csv"):
        assert (api / name).is_file(), name
    assert_valid_open_data(api, directory, today=today, site_url=site_url)


def test_every_service_page_carries_json_ld(sample_site: BuiltSite) -> None:
    pages = sorted((sample_site.site / "services").glob("*/index.html"))
    types = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "This page has moved." in html:
            continue  # an old id's redirect
        if "lo-service--retired" in html:
            assert SCRIPT_START not in html, "a retired service is not a service any more"
            continue
        assert html.count(SCRIPT_START) == 1, page
        text = html.split(SCRIPT_START, 1)[1].split("</script>", 1)[0]
        data = json.loads(text)
        service_id = page.parent.name
        assert data["@context"] == "https://schema.org"
        assert data["url"] == f"https://localoffer.example.org/services/{service_id}/"
        assert data["@type"] in ("Service", "GovernmentService")
        if "provider" in data:
            assert data["provider"]["@type"] in ("Organization", "GovernmentOrganization")
        for hours in data.get("hoursAvailable", []):
            assert hours["@type"] == "OpeningHoursSpecification"
        types.add(data["@type"])
    assert types == {"Service", "GovernmentService"}, "the sample has both kinds"


def test_the_review_report_is_built_for_editors_only(sample_site: BuiltSite) -> None:
    site = sample_site.site
    report = (site / "editors" / "review-report" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in report
    assert '<h1 id="review-report">Review report</h1>' in report
    assert 'class="lo-chart__svg"' in report
    assert "editors/review-report" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "editors/review-report" not in home, "not linked from the public navigation"
    assert "whats-new/" in home, "What's new is in the navigation"
