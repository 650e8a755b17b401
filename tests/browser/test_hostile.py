"""Hostile content never runs: a site built from listings full of script
payloads opens in Chromium with no dialog, no script run and no foreign request.

Every field an editor can write (names, summaries, markdown descriptions
with raw HTML, `javascript:` links and attribute lists, addresses, contact
names, feedback, guidance front matter, and the strangest web addresses the
loader accepts) carries payloads that would set `window.__pwned` and open a
dialog if any of them ever ran. Every page of the built site is opened,
then search and My list, which build their content in the browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

RUN = "window.__pwned=1;alert(document.domain)"
PAYLOADS = (
    f"<script>{RUN}</script>",
    f'"><script>{RUN}</script>',
    f'\'><img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}"></svg>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f"{{{{ {RUN} }}}}",
)
ONE_LINE = " ".join(PAYLOADS)
MARKDOWN = "\n\n".join(
    [
        "Paragraph " + ONE_LINE,
        f"[click me](javascript:{RUN})",
        f"[data link](data:text/html,<script>{RUN}</script>)",
        f"Attribute list {{ onclick={RUN} }}",
        f"## Heading {{ #x onmouseover={RUN} }}",
        f'<a href="javascript:{RUN}">raw link</a>',
        f'<div onclick="{RUN}" style="position:fixed;inset:0">raw div</div>',
        f'<img src="x" onerror="{RUN}">',
        f"<svg><script>{RUN}</script></svg>",
        f'<form action="javascript:{RUN}"><button>Go</button></form>',
        f'<object data="javascript:{RUN}"></object>',
        f'<math><mtext><style><img src=x onerror="{RUN}"></style></mtext></math>',
        f"<style>body {{ background: url(javascript:{RUN}) }}</style>",
    ]
)
# A guidance page holds the same payloads (less the `{{ }}` one, which a guidance
# page's check refuses as a reference it does not know), and what only a page
# can hold: tables, reference links, autolinks, heading attributes.
GUIDANCE_PAYLOADS = tuple(payload for payload in PAYLOADS if "{{" not in payload)
GUIDANCE_MARKDOWN = "\n\n".join(
    [
        "# Guidance",
        "Paragraph " + " ".join(GUIDANCE_PAYLOADS),
        *MARKDOWN.split("\n\n")[1:],
        f"[reference link][evil] and <javascript:{RUN}>",
        f"[evil]: javascript:{RUN}",
        f'| a | b |\n| --- | --- |\n| <img src=x onerror="{RUN}"> | [x](javascript:{RUN}) |',
        f"## Heading two {{: #y onclick={RUN} }}",
        f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    ]
)
URL = "https://www.example.org/x?q=javascript:alert(1)&r=%22%3E%3Cscript%3E#%3Cimg%20src=x%3E"


def hostile_service(number: int) -> dict:
    return {
        "id": f"hostile-{number}",
        "name": f"Hostile {number} <script>{RUN}</script>",
        "summary": ONE_LINE[:190],
        "description": MARKDOWN,
        "status": "temporarily-closed" if number == 2 else "active",
        "organisation": {"name": ONE_LINE[:100], "website": URL},
        "themes": ["education"],
        "needs": ["autism"],
        "ages": {"min": 5, "max": 11},
        "cost": {"free": False, "description": ONE_LINE},
        "contact": {"phone": "0161 496 0123", "email": "play@example.org", "website": URL},
        "contacts": [
            {"name": ONE_LINE[:100], "role": ONE_LINE[:100], "phone": "0161 496 0124"},
        ],
        "schedule": [
            {"days": ["monday"], "opens": "09:30", "closes": "15:00", "note": ONE_LINE[:100]},
        ],
        "locations": [
            {
                "name": ONE_LINE[:100],
                "address": ONE_LINE[:150],
                "postcode": "HB3 2QT",
                "accessibility": ["step-free-access"],
            }
        ],
        "area": f'<b onclick="{RUN}">North</b>',
        "how_to_access": {"methods": ["self-referral"], "details": ONE_LINE},
        "eligibility": ONE_LINE,
        "languages": [f"<script>{RUN}</script>"],
        "owner": "play@example.org",
        "last_reviewed": "2026-03-14",
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from projects import run_build, write_project

    services = {"services": [hostile_service(1), hostile_service(2)]}
    feedback = {
        "feedback": [
            {"said": ONE_LINE, "did": MARKDOWN, "date": "2026-04-01", "topic": ONE_LINE[:80]},
        ]
    }
    guidance = (
        "---\n"
        + yaml.safe_dump({"title": ONE_LINE[:120], "summary": ONE_LINE[:190]}, width=1000)
        + "---\n\n"
        + GUIDANCE_MARKDOWN
        + "\n"
    )
    project = write_project(
        tmp_path_factory.mktemp("hostile") / "project",
        services_yaml=yaml.safe_dump(services, allow_unicode=True, sort_keys=False),
        feedback_yaml=yaml.safe_dump(feedback, allow_unicode=True, sort_keys=False),
        content={"guidance.md": guidance},
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def page_body(html: str) -> str:
    """The page's own words: its <article> up to the print-only block (a QR code)."""
    found = re.search(r"<article\b.*?(?=lo-print-only|</article>)", html, re.DOTALL)
    assert found, "the page has no <article>"
    return found[0]


def test_none_of_the_guidance_payloads_is_in_its_html(hostile_site: Path) -> None:
    """What the editor wrote as HTML is gone from the guidance page, not escaped
    into view: no tag, no handler, no `javascript:` target."""
    html = page_body((hostile_site / "guidance" / "index.html").read_text(encoding="utf-8"))
    for payload in GUIDANCE_PAYLOADS:
        assert payload not in html, payload
    for needle in ("<script", "<img", "<svg", "<iframe", "<form", "<object", "<style", "<math"):
        assert needle not in html, needle
    assert re.search(r"""=\s*["']?\s*javascript:""", html, re.I) is None, html
    # An autolink's text is its address: it is published as text alone, as the
    # check warns, and is nowhere else.
    assert html.count("javascript:") == html.count(f"<a>javascript:{RUN}</a>") == 1
    assert re.search(r"<[^>]*\son\w+=", html) is None, html
    assert "<table>" in html  # the table itself is published


def addresses(site: Path) -> list[str]:
    """Every page of the built site, as addresses to open."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("pagefind/", "assets/")):
            continue
        found.append(relative.removesuffix("index.html"))
    return found


def test_every_page_of_a_hostile_site_is_inert(
    page: Page, page_log, hostile_site: Path, served_site
):
    site = served_site(hostile_site)
    pages = addresses(hostile_site)
    assert "services/hostile-1/" in pages and "guidance/" in pages
    saved = json.dumps(json.dumps(["hostile-1", "hostile-2"]))
    page.add_init_script(
        f"try {{ localStorage.setItem('localoffer.mylist', {saved}); }} catch (e) {{}}"
    )
    extra = ["search/?q=hostile", f"search/?q=%3Cscript%3E{RUN}%3C/script%3E", "my-list/"]
    for address in pages + extra:
        response = page.goto(site.url_for(address))
        assert response is not None and response.status == 200, address
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__pwned") is None, f"a payload ran on {address}"
        # Hover and click the visible payload text, where an event handler would be.
        for text in ("raw div", "raw link", "Attribute list"):
            found = page.get_by_text(text).first
            if found.count() and found.is_visible():
                found.hover()
        assert page.evaluate("() => window.__pwned") is None, f"a handler ran on {address}"
    # The payloads were published, as text: the test saw them and they did nothing.
    page.goto(site.url_for("services/hostile-1/"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == hostile_service(1)["name"]
    page_log.assert_clean()
