"""The strict Content-Security-Policy holds on every page type, in a real browser.

The build hashes the theme's inline scripts and writes the policy into each
page and into `_headers` (generator/publish/csp.py). Chromium then loads every page
type: no script, style, image or font may be refused by the policy, and no
request may leave the site. A policy the browser refuses something under is
a broken page; a policy too loose to refuse anything is no policy, so the
test also shows that an injected inline script is blocked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from site_pages import PAGE_TYPES, PageType, open_page, page_types

from generator.publish import csp

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture(scope="module")
def kinds(sample_site_dir: Path) -> dict[str, PageType]:
    return page_types(sample_site_dir)


def meta_policy(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert len(found) == 1, f"expected one policy tag, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_breaks_the_policy_or_leaves_the_site(
    page: Page, page_log, kinds, kind, sample_site_server
):
    page.add_init_script(RECORD_VIOLATIONS)
    open_page(page, sample_site_server.url, kinds[kind], page_log)
    assert page.evaluate("() => window.__cspViolations") == []
    page_log.assert_clean()  # no console error ("Refused to ..."), no foreign request


def test_every_page_has_the_strict_policy(sample_site_dir: Path):
    header = (sample_site_dir / "_headers").read_text(encoding="utf-8")
    assert header.startswith("/*\n  Content-Security-Policy: default-src 'self'; script-src 'self'")
    # The policy's own line: the open data's rules follow it (generator/publish/feed.py).
    full = header.split("Content-Security-Policy: ", 1)[1].split("\n", 1)[0].strip()
    assert full.endswith("; frame-ancestors 'none'")
    in_page = full.removesuffix("; frame-ancestors 'none'")
    assert "unsafe-inline" not in full and "'unsafe-eval'" not in full
    for directive in (
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
    ):
        assert f"; {directive}" in full
    pages = list(sample_site_dir.rglob("*.html"))
    hashes = set(in_page.split("; ")[1].split()[2:])
    for path in pages:
        html = path.read_text(encoding="utf-8")
        # The page's own policy: the header's, less other pages' scripts.
        own = csp.script_hashes(html)
        assert own <= hashes, path
        assert meta_policy(html) == csp.policy(own, wasm=True, header=False), path
        assert not re.search(r"<style\b|\sstyle=", html), f"{path} has inline style"


def test_the_policy_blocks_an_inline_script_it_did_not_hash(
    page: Page, page_log, sample_site_dir: Path, served_site, tmp_path: Path
):
    """A script that got into a page body would not run."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(sample_site_dir, site)
    target = site / "accessibility" / "index.html"
    html = target.read_text(encoding="utf-8")
    html = html.replace("</article>", "<script>window.__pwned = 1</script></article>", 1)
    target.write_text(html, encoding="utf-8")
    assert csp.script_hashes(html) == csp.script_hashes(
        (sample_site_dir / "accessibility" / "index.html").read_text(encoding="utf-8")
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(served_site(site).url_for("accessibility/"))
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__pwned") is None
    assert any("script-src" in v for v in page.evaluate("() => window.__cspViolations"))
    assert any("Content Security Policy" in m for m in page_log.console_errors)
    page_log.clear()
