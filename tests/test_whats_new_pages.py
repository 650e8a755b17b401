"""What's new never stops silently: older changes go on "Older changes" pages."""

from __future__ import annotations

import re
from typing import Any

from generator.site.whatsnew import LIMIT


def test_every_change_is_on_a_page_linked_by_older_and_newer_changes(
    sample_site: Any, site_page: Any
) -> None:
    site = sample_site.site
    address = "whats-new/"
    pages = 0
    newer = None
    while address:
        page = site_page(site, address)
        pages += 1
        hrefs = [a.get("href", "") for a in page.attrs("a")]
        items = [h for h in hrefs if re.search(r"/services/[a-z0-9-]+/$", h)]
        changes = page.text_of("ul", cls="lo-changes")
        assert changes and len(items) <= LIMIT
        links = {a.get("rel"): a["href"] for a in page.attrs("a") if a.get("rel")}
        if newer is not None:
            assert links.get("prev", "").endswith(newer), links
        older = links.get("next")
        newer = address
        address = "whats-new/" + older.split("whats-new/", 1)[1] if older else ""
    assert pages > 1, "the sample has more changes than one page holds"
    last = site_page(site, newer)
    assert "Older changes" not in " ".join(last.text_of("nav", cls="lo-pagination"))
    assert last.text_of("h1")[0] == f"What’s new: older changes, page {pages}"
