"""What editors write in markdown, checked and built as they meant it.

A link to a page of the site that does not exist, and an image, stop the
check and the build with the file, line, what was written and the nearest
real address; raw HTML and links to anything but web pages, emails and phone
numbers are removed with a warning, in listings and guidance pages alike.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from projects import ROOT, run_generator

from generator.site.commonmark import strip_html
from generator.site.links import Addresses

SERVICES = dedent(
    """\
    services:
      - id: sunflower-play-scheme
        name: Sunflower Play Scheme
        summary: Holiday play for disabled children aged 5 to 11.
        description: |
          What you can expect:
          - help with forms
          - a visit first, see [Sibs Club](/services/{sibs}/)

          3. Phone us
          4. Visit

          #1 for families. {image}

          Read <b>this</b> and [our rules](javascript:alert(1)).
        themes: [leisure-play-short-breaks]
        contact:
          phone: "0161 496 0123"
        area: North Hollinbrook
        last_reviewed: 2026-05-01
      - id: sibs-club
        name: Sibs Club
        summary: A club for brothers and sisters of disabled children.
        themes: [leisure-play-short-breaks]
        contact:
          phone: "0161 496 0124"
        area: North Hollinbrook
        last_reviewed: 2026-05-01
    """
)

ADVICE = dedent(
    """\
    ---
    title: Get advice
    ---

    # Get advice

    Ask [Sibs Club](/services/sibs-club/) or read [short breaks]({short}).

    <div onclick="alert(1)">Hello</div>

    | Letter | Stands for |
    | --- | --- |
    | S | Situation |

    What to bring:
    - your child's red book
    - any letters, see [Contact us](/contact/#write)

    3. Phone us
    4. Visit

    #1 for families.

    ## Ask
    ## Ask
    """
)

SHORT_BREAKS = (
    "---\ntitle: Short breaks\n---\n\n# Short breaks\n\nSee [Get advice](get-advice.md).\n"
)

WARNINGS = """\
Check these in content/get-advice.md (they do not stop publishing)

Line 9
  You wrote "<div onclick="alert(1)">Hello</div>". HTML is not published: it was removed. \
Use markdown instead, like **bold** or [Short breaks](/your-rights/short-breaks/). \
See docs/editing.md.

Check these in data/services.yaml (they do not stop publishing)

Line 15, "Sunflower Play Scheme", description
  You wrote "<b>", "</b>". HTML is not published: it was removed. Use markdown instead, \
like **bold** or [Short breaks](/your-rights/short-breaks/). See docs/editing.md.
Line 15, "Sunflower Play Scheme", description
  The link "our rules" goes to "javascript:alert(1)". Only links to web pages, email \
addresses and phone numbers are published, so the page shows its text alone. Link to a web \
page, like [Contact us](https://www.example.org/contact).
"""

PROBLEMS = """\
There is a problem with content/get-advice.md

Line 7
  The link "short breaks" goes to "short-break.md", which is not a page of this site. \
Did you mean "short-breaks.md"? Link to a page that exists, like \
[Short breaks](/your-rights/short-breaks/).

There is a problem with data/services.yaml

Line 8, "Sunflower Play Scheme", description
  The link "Sibs Club" goes to "/services/sibs-clb/", which is not a page of this site. \
Did you mean "/services/sibs-club/"? Link to a page that exists, like \
[Short breaks](/your-rights/short-breaks/).
Line 13, "Sunflower Play Scheme", description
  You wrote "![Our hall](https://www.example.org/hall.jpg)". A listing cannot show an image. \
Describe what it shows in words, or link to it instead, like \
[Our leaflet](https://www.example.org/leaflet.pdf).

"""


def project(make_project: Any, *, broken: bool) -> Path:
    services = SERVICES.format(
        sibs="sibs-clb" if broken else "sibs-club",
        image="![Our hall](https://www.example.org/hall.jpg)" if broken else "",
    )
    advice = ADVICE.format(short="short-break.md" if broken else "short-breaks.md")
    return make_project(
        services_yaml=services,
        content={"get-advice.md": advice, "short-breaks.md": SHORT_BREAKS},
    )


def test_links_to_no_page_and_images_stop_check_and_build_with_file_line_and_nearest(
    make_project: Any, build: Any
) -> None:
    folder = project(make_project, broken=True)
    check = run_generator(folder, "check")
    assert check.returncode == 1
    assert check.stderr == PROBLEMS + WARNINGS + "\n3 problems in 2 files. Nothing was published.\n"
    assert "Traceback" not in check.stderr

    built = build(folder)
    assert built.returncode == 1
    assert built.stderr.startswith(PROBLEMS + WARNINGS)
    assert not (folder / "site").exists()


def test_the_site_shows_what_editors_meant_and_says_what_it_removed(
    make_project: Any, build: Any, site_page: Any
) -> None:
    folder = project(make_project, broken=False)
    check = run_generator(folder, "check")
    assert check.returncode == 0
    assert check.stdout.startswith(WARNINGS)
    built = build(folder)
    assert built.returncode == 0, built.stderr

    service = site_page(folder / "site", "services/sunflower-play-scheme").html
    assert (
        "<p>What you can expect:</p>\n<ul>\n<li>help with forms</li>\n"
        '<li>a visit first, see <a href="../../services/sibs-club/" rel="noopener">Sibs Club</a>'
        "</li>\n</ul>\n"
        '<ol start="3">\n<li>Phone us</li>\n<li>Visit</li>\n</ol>\n'
        "<p>#1 for families.</p>\n"
        '<p>Read this and <a rel="noopener">our rules</a>.</p>'
    ) in service
    assert "javascript:" not in service

    advice = site_page(folder / "site", "get-advice").html
    assert '<a href="../services/sibs-club/">Sibs Club</a>' in advice
    assert '<a href="../short-breaks/">short breaks</a>' in advice
    assert "onclick" not in advice
    assert "<p>Hello</p>" in advice  # its words stay, as in a listing
    assert "<th>Letter</th>" in advice
    assert (  # the listings' renderer: what the editor meant, on a guidance page too
        "<p>What to bring:</p>\n<ul>\n<li>your child\u2019s red book</li>\n"
        '<li>any letters, see <a href="../contact/#write">Contact us</a></li>\n</ul>\n'
        '<ol start="3">\n<li>Phone us</li>\n<li>Visit</li>\n</ol>\n'
        "<p>#1 for families.</p>\n"
        '<h2 id="ask">Ask</h2>\n'
    ) in advice.replace("'", "\u2019")
    assert '<h2 id="ask_1">Ask</h2>' in advice  # a second heading of the same name


def test_generate_gives_other_engines_the_guidance_html_the_mkdocs_build_publishes(
    make_project: Any, build: Any, site_page: Any, tmp_path: Path
) -> None:
    folder = project(make_project, broken=False)
    out = tmp_path / "pages"
    result = run_generator(folder, "generate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = (out / "get-advice.md").read_text(encoding="utf-8")
    front, _, body = written.partition("---\n\n")
    assert front == "---\ntitle: Get advice\n"
    assert '<a href="../services/sibs-club/">Sibs Club</a>' in body
    assert "<div" not in body and "onclick" not in body
    assert build(folder).returncode == 0
    published = site_page(folder / "site", "get-advice").html
    assert body.strip() in published  # no engine's renderer reads the markdown


def test_the_guide_quotes_the_link_problem_as_the_check_words_it(make_project: Any) -> None:
    folder = project(make_project, broken=True)
    lines = run_generator(folder, "check").stderr.splitlines()
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert lines[3].strip() in guide


# --- the addresses a link can name, and what is taken out ------------------------

SITE = Addresses(
    ["index.md", "services/index.md", "services/sibs-club.md", "your-rights/index.md"]
    + ["your-rights/short-breaks.md", "get-advice.md"]
)


@pytest.mark.parametrize(
    ("href", "folder", "nearest"),
    [
        ("/services/sibs-club", "", None),
        ("/services/sibs-club/#when", "", None),
        ("/", "", None),
        ("../get-advice.md#ask", "your-rights", None),
        ("short-breaks.md", "your-rights", None),
        ("../services/", "your-rights", None),
        ("https://www.example.org/x/", "", None),
        ("tel:+441614960123", "", None),
        ("#top", "", None),
        ("/your-rights/short-break/", "", "/your-rights/short-breaks/"),
        ("../services/sib-club.md", "your-rights", "../services/sibs-club.md"),
        ("get-advise.md", "", "get-advice.md"),
    ],
)
def test_a_link_to_no_page_is_found_with_the_nearest_page_written_the_same_way(
    href: str, folder: str, nearest: str | None
) -> None:
    broken = SITE.broken(href, folder=folder)
    assert (broken.nearest if broken is not None else None) == nearest


def test_a_link_to_no_page_like_any_real_one_suggests_none() -> None:
    broken = SITE.broken("../money-and-benefits/", folder="your-rights")
    assert broken is not None and broken.nearest is None


def test_raw_html_and_what_a_script_holds_are_taken_out_of_a_guidance_page() -> None:
    """The words of a block of HTML stay, as the sanitiser keeps them in a
    listing; a comment and a script's content go with their tags."""
    markdown = (
        "Before <b>bold</b> <script>alert(1)</script> after.\n\n"
        '<div onclick="alert(2)">\nInside\n</div>\nStill the div\'s block.\n\n'
        "<!-- a\nhidden note -->\n\n<script>\nalert(3)\n</script>\n\n"
        "Code stays: `<b>`.\n"
    )
    assert strip_html(markdown) == (
        "Before bold  after.\n\n\nInside\n\nStill the div's block.\n\n\n\n\n\nCode stays: `<b>`.\n"
    )


def test_an_organisations_description_is_checked_like_a_listings(make_project: Any) -> None:
    services = dedent(
        """\
        services:
          - id: sibs-club
            name: Sibs Club
            summary: A club for brothers and sisters of disabled children.
            organisation:
              name: Hollinbrook Carers
              description: |
                We run clubs across the borough.
                See [our play scheme](/services/sunflower/).
            themes: [leisure-play-short-breaks]
            contact:
              phone: "0161 496 0124"
            area: North Hollinbrook
            last_reviewed: 2026-05-01
        """
    )
    folder = make_project(services_yaml=services)
    check = run_generator(folder, "check")
    assert check.returncode == 1
    assert (
        "There is a problem with data/services.yaml\n\n"
        'Line 9, "Sibs Club", organisation.description\n'
        '  The link "our play scheme" goes to "/services/sunflower/", which is not a page of '
        "this site. Did you mean"
    ) in check.stderr
