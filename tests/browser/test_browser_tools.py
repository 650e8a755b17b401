"""The browser test tools themselves: each must pass a good page and catch a bad one.

A checker that never reports anything proves nothing, so every tool the site
tests rely on (the page log, the request blocker, axe-core, the Nu Html
Checker, the local server) is shown here failing on a page made to fail.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HEAD = '<meta charset="utf-8"><link rel="icon" href="data:,">'
GOOD = f"""<!doctype html>
<html lang="en-GB">
<head>{HEAD}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Good page</title></head>
<body>
<main>
<h1>Sunflower Play Scheme</h1>
<p><img src="flower.svg" alt="A sunflower"> Holiday play sessions.</p>
<p><a href="tel:+441614960123">0161 496 0123</a></p>
</main>
</body>
</html>
"""
FLOWER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10"/></svg>'
)


def page_html(title: str, body: str, head: str = "") -> str:
    return (
        f'<!doctype html><html lang="en-GB"><head>{HEAD}{head}<title>{title}</title></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """A small hand-written site: one good page and pages broken on purpose."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(GOOD, encoding="utf-8")
    (site / "flower.svg").write_text(FLOWER, encoding="utf-8")
    (site / "404.html").write_text(page_html("Page not found", "<p>Sorry.</p>"), encoding="utf-8")
    (site / "foreign.html").write_text(
        page_html("Foreign", '<img src="https://www.example.org/tracker.png" alt="">'),
        encoding="utf-8",
    )
    (site / "no-alt.html").write_text(
        page_html("No alt", '<img src="flower.svg">'), encoding="utf-8"
    )
    (site / "noisy.html").write_text(
        page_html(
            "Noisy",
            "<p>Text</p>",
            head="<script>console.error('boom'); alert('hello');"
            " window.addEventListener('load', () => { throw new Error('broken'); });</script>",
        ),
        encoding="utf-8",
    )
    (site / "invalid.html").write_text(
        page_html(
            "Invalid",
            '<p id="a">One</p><p id="a">Two</p><input type="checkbox" autocomplete="off">',
        ),
        encoding="utf-8",
    )
    (site / "strict-csp.html").write_text(
        page_html(
            "Strict policy",
            "<p>Scripts only from this site.</p>",
            head='<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
            "script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'\">",
        ),
        encoding="utf-8",
    )
    return site


def test_a_good_page_passes_every_check(
    tiny_site, served_site, page, page_log, run_axe, run_vnu, describe_violations
):
    site = served_site(tiny_site)
    response = page.goto(site.url)
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Sunflower Play Scheme"
    assert page.get_by_role("img", name="A sunflower").is_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    assert run_vnu([tiny_site / "index.html"]) == []
    page_log.assert_clean()


def test_a_request_to_another_origin_is_blocked_and_recorded(
    tiny_site, served_site, page, page_log
):
    site = served_site(tiny_site)
    page.goto(site.url_for("foreign.html"))
    page.wait_for_load_state("networkidle")
    assert page_log.foreign_requests == ["https://www.example.org/tracker.png"]
    with pytest.raises(AssertionError, match="request to another origin"):
        page_log.assert_clean()
    page_log.clear()


def test_console_errors_script_errors_and_dialogs_are_recorded(
    tiny_site, served_site, page, page_log
):
    site = served_site(tiny_site)
    page.goto(site.url_for("noisy.html"))
    page.wait_for_load_state("load")
    assert any("boom" in m for m in page_log.console_errors), page_log.console_errors
    assert page_log.dialogs == ["alert: hello"]
    assert any("broken" in m for m in page_log.page_errors), page_log.page_errors
    page_log.clear()


def test_axe_finds_an_image_without_alt_text(tiny_site, served_site, page, run_axe):
    site = served_site(tiny_site)
    page.goto(site.url_for("no-alt.html"))
    assert "image-alt" in {v["id"] for v in run_axe(page)}


def test_axe_runs_under_a_strict_content_security_policy(
    tiny_site, served_site, page, page_log, run_axe, describe_violations
):
    """The site sets a strict policy; injecting axe must neither be blocked nor log a violation."""
    site = served_site(tiny_site)
    page.goto(site.url_for("strict-csp.html"))
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    page_log.assert_clean()


def test_the_nu_html_checker_reports_errors_and_warnings_with_lines(tiny_site, run_vnu):
    findings = run_vnu([tiny_site / "invalid.html", tiny_site / "index.html"])
    messages = [f.message for f in findings]
    assert any("Duplicate ID" in m for m in messages), messages
    assert any("autocomplete" in m for m in messages), messages
    assert {f.kind for f in findings} == {"error", "warning"}  # the first "a" is a warning
    assert all(f.file.endswith("invalid.html") and f.line == 1 for f in findings)


def test_a_missing_page_gets_the_sites_404_page_with_status_404(
    tiny_site, served_site, page, page_log
):
    site = served_site(tiny_site)
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(site.url_for("no-such-page/"))
    assert raised.value.code == 404
    assert b"Page not found" in raised.value.read()
    response = page.goto(site.url_for("no-such-page/"))
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page_log.failed_responses == [f"404 {site.url_for('no-such-page/')}"]
    page_log.clear()
