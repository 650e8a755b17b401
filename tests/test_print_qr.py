"""Pages a professional prints for a family, and what the build gives them
to link and shortlist with: QR codes, "Copy link" without JavaScript, the
My list page's frame and its per-service key facts.

One tiny real site is built for the module; tests read its HTML and files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from textwrap import dedent

import pytest
from projects import ROOT, SitePage, run_build, write_project
from qrscan import scan

from generator.publish.qr import qr_svg
from generator.site.shortlist import file_count, file_of

SITE_URL = "https://localoffer.example.org/"

SERVICES = dedent(
    """\
    services:
      - id: sunflower-play-scheme
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        themes: [leisure-play-short-breaks]
        ages: {min: 5, max: 11}
        cost: {free: no, description: "£5 a session."}
        contact: {phone: "0161 496 0123", email: play@example.org, website: "https://www.example.org/play"}
        schedule:
          - {days: [monday, wednesday], opens: "09:30", closes: "15:00", note: School holidays only}
        locations:
          - name: Hollinbrook Adventure Playground
            address: "12 Mill Lane, Hollinbrook"
            postcode: HB3 2QT
        last_reviewed: 2026-03-14
      - id: old-club
        status: retired
        name: Old Club
        summary: A club that closed.
        themes: [leisure-play-short-breaks]
        last_reviewed: 2026-03-14
    """
)

GUIDANCE = dedent(
    """\
    ---
    title: Help for families
    summary: How to get help.
    audience: Parents and carers
    last_reviewed: 2026-05-01
    ---

    # Help for families

    Some words.

    ## Opening times & *days*

    More words.

    ### Who to call

    Call us.
    """
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(
        tmp_path_factory.mktemp("print"),
        services_yaml=SERVICES,
        content={"help.md": GUIDANCE},
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def page(site: Path, address: str) -> SitePage:
    return SitePage(site / address / "index.html")


def print_block(html: str) -> str:
    match = re.search(r'<div class="lo-print-only lo-print-page">(.*?)</div>', html, re.S)
    assert match, "no print-only block"
    return match.group(1)


def test_service_page_prints_its_address_and_a_qr_code_of_it(site: Path) -> None:
    html = page(site, "services/sunflower-play-scheme").html
    block = print_block(html)
    address = SITE_URL + "services/sunflower-play-scheme/"
    # The QR code scans: read back from the page's own markup, it is the
    # printed address.
    assert scan(block) == address
    assert qr_svg(address) in block
    assert f'aria-label="QR code for {address}"' in block
    assert f'<span class="lo-print-page__url">{address}</span>' in block
    assert "Printed on <span data-lo-printed-on>1 June 2026</span>" in block
    # Last reviewed and opening times in full are part of the page itself.
    assert "14 March 2026" in html
    assert "School holidays only" in html


def test_guidance_page_prints_its_address_and_qr_code(site: Path) -> None:
    block = print_block(page(site, "help").html)
    assert scan(block) == SITE_URL + "help/"


def test_my_list_prints_no_qr_code_of_its_empty_frame(site: Path) -> None:
    block = print_block(page(site, "my-list").html)
    assert "<svg" not in block
    assert "Printed on" in block


def test_print_styles_are_a4_and_hide_the_chrome(site: Path) -> None:
    html = page(site, "services/sunflower-play-scheme").html
    assert 'href="../../assets/print.css"' in html
    css = (site / "assets" / "print.css").read_text(encoding="utf-8")
    assert "size: A4;" in css
    assert "margin: 15mm;" in css
    assert 'a[href^="http"]::after' in css
    for hidden in (".md-header", ".md-sidebar", ".lo-footer", ".lo-correct", "button"):
        assert re.search(rf"^  {re.escape(hidden)},?$", css, re.M), hidden


def test_service_page_has_copy_link_without_javascript(site: Path) -> None:
    service = page(site, "services/sunflower-play-scheme")
    links = service.attrs("a", cls="lo-copy-link__link")
    assert links == [{"class": "lo-copy-link__link", "href": "./", "data-lo-copy-link": ""}]
    assert "Copy link to Sunflower Play Scheme" in service.text_of("a", cls="lo-copy-link__link")


def test_guidance_headings_have_copy_links_to_their_anchors(site: Path) -> None:
    guidance = page(site, "help")
    assert guidance.text_of("a", cls="lo-copy-link__link") == [
        "Copy link to Opening times & days",
        "Copy link to Who to call",
    ]
    assert [a["href"] for a in guidance.attrs("a", cls="lo-copy-link__link")] == [
        "#opening-times-days",
        "#who-to-call",
    ]
    # The control replaces Markdown's "¶" in the headings it follows.
    assert guidance.text_of("h2") == ["Opening times & days"]
    assert guidance.text_of("h3") == ["Who to call"]


def test_my_list_page_without_javascript_says_so(site: Path) -> None:
    my_list = page(site, "my-list")
    assert my_list.text_of("p", cls="lo-mylist__nojs") == [
        "My list needs JavaScript, which is turned off or not working in your browser. "
        "You can still find services in the A to Z of services, and print or share any "
        "service page."
    ]
    assert {"href": "../services/"} in my_list.attrs("a", href="../services/")


def _key_facts(site: Path, service_id: str) -> object:
    """A service's key facts, from the file the My list page would fetch them from."""
    files = re.search(r'data-lo-files="(\d+)"', page(site, "my-list").html)
    assert files is not None
    found = json.loads((site / file_of(service_id, int(files[1]))).read_text(encoding="utf-8"))
    return found[service_id]


def test_key_facts_for_my_list(site: Path) -> None:
    facts = _key_facts(site, "sunflower-play-scheme")
    assert facts == {
        "id": "sunflower-play-scheme",
        "name": "Sunflower Play Scheme",
        "summary": "Holiday play sessions for disabled children aged 5 to 11.",
        "ages": "5 to 11 years",
        "cost": "There is a cost. £5 a session.",
        "phone": {"display": "0161 496 0123", "tel": "+441614960123"},
        "email": "play@example.org",
        "website": "https://www.example.org/play",
        "times": ["Monday and Wednesday: 9:30am to 3pm (School holidays only)"],
        "addresses": ["Hollinbrook Adventure Playground, 12 Mill Lane, Hollinbrook, HB3 2QT"],
        "reviewed": "14 March 2026",
    }
    assert _key_facts(site, "old-club") == {"id": "old-club", "name": "Old Club", "retired": True}


def test_my_lists_key_facts_are_a_few_services_to_a_file(site: Path) -> None:
    # A static host serves, and the build creates, every file: about
    # SERVICES_PER_FILE services to one, in a power of two of files.
    files = sorted((site / "assets" / "mylist").glob("*.json"))
    facts = {key: value for path in files for key, value in json.loads(path.read_text()).items()}
    assert "sunflower-play-scheme" in facts and "old-club" in facts
    count = int(re.findall(r'data-lo-files="(\d+)"', page(site, "my-list").html)[0])
    assert count == file_count(len(facts)) >= len(files)
    assert [file_count(n) for n in (0, 1, 8, 9, 1000, 10_000)] == [1, 1, 1, 2, 128, 2048]


def test_my_list_draws_its_qr_codes_with_the_pinned_library_served_by_the_site(
    site: Path,
) -> None:
    html = page(site, "my-list").html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    # Before mylist.js, which draws the codes with it (both deferred: they run in order).
    assert scripts.index("../assets/qrcode-generator.js") < scripts.index("../assets/mylist.js")
    shipped = (site / "assets" / "qrcode-generator.js").read_bytes()
    installed = ROOT / "node_modules" / "qrcode-generator" / "dist" / "qrcode.js"
    assert shipped == installed.read_bytes()
    assert b"Licensed under the MIT license" in shipped[:1000]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert pinned["dependencies"]["qrcode-generator"] == "2.0.4"
    # Only the My list page loads it.
    assert "qrcode-generator.js" not in page(site, "services/sunflower-play-scheme").html
