"""The 404 page: GOV.UK's "Page not found", and a way to report the broken link.

A host serves the same 404.html at every missing address, at any depth, so
its links must work from anywhere, and it asks for a broken link to be
reported (not "Is this page correct?": the page wanted is not there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FEEDBACK_FORM = "https://www.example.org/hollinbrook/local-offer-feedback"
"""`extra.feedback.url` in the repository's mkdocs.yml."""


def open_missing(page: Page, page_log, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404
    page_log.failed_responses.remove(f"404 {url}")
    page_log.console_errors[:] = [m for m in page_log.console_errors if url not in m]


def test_a_missing_page_says_what_to_check_and_where_to_go(
    page: Page, page_log, sample_site_server
):
    url = sample_site_server.url_for("services/no-such-service/deeper/")
    open_missing(page, page_log, url)
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("#main-content")).to_contain_text(
        "If you typed the web address, check it is correct."
    )
    # Absolute links: they work three folders down.
    with page.expect_navigation():
        page.get_by_role("link", name="find a service in the A to Z").click()
    assert page.url == sample_site_server.url_for("services/")
    expect(page.locator("h1")).to_have_text("A to Z of services")


def test_a_missing_page_asks_for_the_broken_link_to_be_reported(
    page: Page, page_log, sample_site_server
):
    open_missing(page, page_log, sample_site_server.url_for("no-such-page/"))
    report = page.get_by_role("complementary", name="Report a broken link")
    expect(report).to_have_text(
        "If a link brought you here, report a broken link. "
        "Tell us the address you tried and where you found the link."
    )
    expect(report.get_by_role("link", name="report a broken link")).to_have_attribute(
        "href", FEEDBACK_FORM + "?page=Page+not+found"
    )
    expect(page.get_by_role("complementary", name="Is this page correct?")).to_have_count(0)


def test_with_only_an_email_route_the_report_is_a_prefilled_email():
    """Without a form, the report opens an email with the two things to tell
    (the macro from overrides/main.html, rendered as MkDocs' theme would)."""
    overrides = Path(__file__).resolve().parents[2] / "overrides"
    main = (overrides / "main.html").read_text(encoding="utf-8")
    macro = main[main.index("{% macro page_feedback") :]
    env = Environment(loader=DictLoader({"m.html": macro}))
    module = env.get_template("m.html").make_module(
        {"config": {"extra": {"feedback": {"email": "localoffer@example.org"}}}}
    )
    html = str(module.page_feedback(broken_link=True))
    assert (
        'href="mailto:localoffer@example.org?subject=Broken%20link'
        '&amp;body=The%20address%20I%20tried%3A%0A%0AWhere%20I%20found%20the%20link%3A%0A"' in html
    )
