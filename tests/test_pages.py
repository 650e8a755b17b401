"""Directory -> pages: what each generated page says, links to and leaves out.

The directories are built here directly (no YAML), so each test shows the
exact data behind the HTML it checks. The HTML is asserted in exact
fragments: the markup is the contract with the theme's CSS and with the
scripts of later features.
"""

from __future__ import annotations

import posixpath
import random
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from generator.data.model import (
    AgeRange,
    Contact,
    Cost,
    Directory,
    FeedbackItem,
    HowToAccess,
    Location,
    Organisation,
    Person,
    Phone,
    Service,
    Session,
    SourceRef,
    Term,
)
from generator.site.links import root_of, url_of
from generator.site.pages import GeneratedPage, Redirect, SiteInfo, build_pages, page_sources

TODAY = date(2026, 7, 1)
SITE = SiteInfo(
    name="Hollinbrook Local Offer", area_name="Hollinbrook", council="Hollinbrook Borough Council"
)
GUIDANCE = {
    "get-advice/",
    "have-your-say/",
    "professionals/",
    "working-together/",
    "information/",
    "information/using-this-site/",
    "therapy/",
    "accessibility/",
    "privacy/",
    "contact/",
}
"""Pages another part of the project writes in content/; generated pages may link to them."""

THEMES = [
    Term("health", "Health", "NHS services such as therapies."),
    Term(
        "leisure-play-short-breaks",
        "Leisure, play and short breaks",
        "Clubs, sport and play schemes.",
    ),
    Term("education", "Education", "Schools and colleges."),
]
NEEDS = [
    Term("autism", "Autism", "Social communication."),
    Term("physical", "Physical disability", ""),
]
FEATURES = [
    Term("step-free-access", "Step-free access"),
    Term("accessible-toilet", "Accessible toilet"),
    Term("changing-places-toilet", "Changing Places toilet"),
]


def service(id: str, name: str | None = None, **fields: object) -> Service:
    """A minimal valid published service; `fields` set anything else."""
    base = Service(
        id=id,
        name=name or id.replace("-", " ").capitalize(),
        summary=f"Summary of {id}.",
        last_reviewed=date(2026, 6, 14),
        themes=("health",),
        source=SourceRef("data/services.yaml", 1),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


SUNFLOWER = service(
    "sunflower-play-scheme",
    "Sunflower Play Scheme",
    summary="Holiday play sessions for disabled children aged 5 to 11.",
    description="Our play workers *know* every child.\n\n- Games\n- Crafts",
    previous_ids=("sunflower-playscheme", "sunflower"),
    organisation=Organisation("Hollinbrook Play Trust", "https://www.example.org/play-trust"),
    themes=("leisure-play-short-breaks", "health"),
    needs=("autism", "physical"),
    ages=AgeRange(5, 11),
    cost=Cost(free=False, description="£5 a session. Free for families on Universal Credit."),
    contact=Contact(
        Phone("+441614960123", "0161 496 0123"), "play@example.org", "https://www.example.org/play"
    ),
    contacts=(
        Person(
            "Amina Shah",
            "Play coordinator",
            Phone("+441614960124", "0161 496 0124"),
            "amina.shah@example.org",
        ),
    ),
    schedule=(
        Session(("monday", "wednesday"), "09:30", "15:00", "School holidays only"),
        Session(("saturday",), "12:00", "17:00"),
    ),
    locations=(
        Location(
            "Hollinbrook Adventure Playground",
            "12 Mill Lane, Hollinbrook",
            "HB3 2QT",
            53.4891,
            -2.2412,
            ("step-free-access", "changing-places-toilet"),
        ),
    ),
    area="North Hollinbrook",
    how_to_access=HowToAccess(("self-referral", "drop-in"), "Phone us to book a place."),
    eligibility="Children with an EHC plan or on the SEN register.",
    languages=("English", "Urdu", "Polish"),
    owner="play-team@example.org",
)


def directory(*services: Service, feedback: tuple[FeedbackItem, ...] = ()) -> Directory:
    return Directory(
        services=list(services),
        themes=list(THEMES),
        needs=list(NEEDS),
        accessibility=list(FEATURES),
        feedback=list(feedback),
    )


def build(
    data: Directory, site: SiteInfo = SITE
) -> tuple[dict[str, GeneratedPage], list[Redirect]]:
    pages, redirects = build_pages(data, today=TODAY, site=site)
    return {page.src_uri: page for page in pages}, redirects


def one_line(html: str) -> str:
    """The HTML with the newlines between tags removed, for fragments that span lines."""
    return re.sub(r">\n+<", "><", html)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def card_html(html: str) -> dict[str, str]:
    """Each result card's HTML by service id."""
    return dict(
        re.findall(r'<li class="lo-result" data-service-id="([^"]+)">(.*?)</li>\n', html, re.S)
    )


def result_ids(html: str) -> list[str]:
    return re.findall(r'<li class="lo-result" data-service-id="([^"]+)">', html)


# --- addresses ---


@pytest.mark.parametrize(
    ("src", "url", "root"),
    [
        ("index.md", "", ""),
        ("you-said-we-did.md", "you-said-we-did/", "../"),
        ("themes/index.md", "themes/", "../"),
        ("themes/health.md", "themes/health/", "../../"),
        ("services/sunflower-play-scheme.md", "services/sunflower-play-scheme/", "../../"),
    ],
)
def test_addresses_are_directory_style_and_links_relative(src: str, url: str, root: str) -> None:
    assert url_of(src) == url
    assert root_of(src) == root


def test_the_pages_a_directory_makes() -> None:
    pages, _ = build(directory(SUNFLOWER))
    assert sorted(pages) == [
        "ages/0-4.md", "ages/12-16.md", "ages/17-19.md", "ages/20-25.md", "ages/5-11.md",
        "ages/index.md",
        "index.md",
        "my-list.md",
        "needs/autism.md", "needs/index.md", "needs/physical.md",
        "search.md",
        "services/index.md", "services/sunflower-play-scheme.md",
        "themes/education.md", "themes/health.md", "themes/index.md",
        "themes/leisure-play-short-breaks.md",
        "you-said-we-did.md",
    ]  # fmt: skip
    in_nav = sorted(src for src, page in pages.items() if page.in_nav)
    assert in_nav == [
        "ages/index.md", "index.md", "needs/index.md", "services/index.md", "themes/index.md",
        "you-said-we-did.md",
    ]  # fmt: skip


def test_the_check_knows_every_page_the_build_makes_without_drawing_them() -> None:
    from projects import ROOT

    from generator.data import clock
    from generator.data.loader import load

    today = clock.build_date(ROOT)
    sample = load(ROOT / "data", today=today).directory
    pages, _ = build_pages(sample, today=today, site=SITE)
    assert page_sources(sample, today=today) == [page.src_uri for page in pages]
    assert any(page.meta.get("page_type") == "retired-service" for page in pages)


# --- a service page ---


def test_service_page_meta_and_title() -> None:
    page = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"]
    assert page.title == "Sunflower Play Scheme"
    assert page.meta == {
        "description": "Holiday play sessions for disabled children aged 5 to 11.",
        "page_type": "service",
        "service_id": "sunflower-play-scheme",
        "last_reviewed": "2026-06-14",
    }
    assert not page.in_nav


def test_service_page_has_every_summary_list_row_in_order() -> None:
    html = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"].body_html
    keys = re.findall(r'<dt class="govuk-summary-list__key">([^<]+)</dt>', html)
    assert keys == [
        "Who it is for", "Themes", "Cost", "How to get it", "Who can use it", "Opening times",
        "Contact", "Where", "Languages", "Run by", "Last reviewed",
    ]  # fmt: skip
    assert '<h1 id="sunflower-play-scheme">Sunflower Play Scheme</h1>\n' in html
    assert (
        '<p class="govuk-body-l" data-pagefind-meta="summary">'
        "Holiday play sessions for disabled children aged 5 to 11.</p>" in html
    )
    assert '<dl class="govuk-summary-list">' in html
    flat = one_line(html)
    row = (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>'
    )
    for key, value in [
        (
            "Who it is for",
            '<p>5 to 11 years</p><ul class="govuk-list"><li><a '
            'href="../../needs/autism/">Autism</a></li>'
            '<li><a href="../../needs/physical/">Physical disability</a></li></ul>',
        ),
        (
            "Themes",
            '<ul class="govuk-list"><li><a '
            'href="../../themes/leisure-play-short-breaks/">Leisure, play and short breaks</a>'
            "</li>"
            '<li><a href="../../themes/health/">Health</a></li></ul>',
        ),
        (
            "Cost",
            "<p>There is a cost</p><p>£5 a session. Free for families on Universal Credit.</p>",
        ),
        (
            "How to get it",
            '<ul class="govuk-list"><li>Refer yourself</li><li>Drop in</li></ul><p>Phone us to '
            "book a place.</p>",
        ),
        ("Who can use it", "<p>Children with an EHC plan or on the SEN register.</p>"),
        ("Languages", "<p>English, Urdu and Polish</p>"),
        (
            "Run by",
            '<p><a href="https://www.example.org/play-trust">Hollinbrook Play Trust</a></p>',
        ),
        ("Last reviewed", '<time datetime="2026-06-14">14 June 2026</time>'),
    ]:
        assert row.format(key, value) in flat, key


def test_service_page_contact_links() -> None:
    html = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"].body_html
    assert '<li>Phone: <a href="tel:+441614960123">0161 496 0123</a></li>' in html
    assert '<li>Email: <a href="mailto:play@example.org">play@example.org</a></li>' in html
    assert (
        '<li>Website: <a href="https://www.example.org/play">www.example.org/play</a></li>' in html
    )
    assert (
        '<p class="lo-person">Amina Shah, Play coordinator'
        '<br>Phone: <a href="tel:+441614960124">0161 496 0124</a>'
        '<br>Email: <a href="mailto:amina.shah@example.org">amina.shah@example.org</a></p>'
    ) in html


def test_service_page_opening_times_table_reads_day_by_day() -> None:
    html = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"].body_html
    assert (
        '<table class="govuk-table lo-schedule">\n'
        '<caption class="visually-hidden">Opening times of Sunflower Play Scheme</caption>\n'
        '<thead><tr><th scope="col">Day</th><th scope="col">Times</th><th scope="col">Notes</th>'
        "</tr></thead>\n"
        "<tbody>\n"
        '<tr><th scope="row">Monday</th><td><time datetime="09:30">9:30am</time> to '
        '<time datetime="15:00">3pm</time></td><td>School holidays only</td></tr>\n'
        '<tr><th scope="row">Wednesday</th><td><time datetime="09:30">9:30am</time> to '
        '<time datetime="15:00">3pm</time></td><td>School holidays only</td></tr>\n'
        '<tr><th scope="row">Saturday</th><td><time datetime="12:00">midday</time> to '
        '<time datetime="17:00">5pm</time></td><td></td></tr>\n'
        "</tbody>\n</table>"
    ) in html


def test_opening_times_without_notes_have_no_notes_column() -> None:
    quiet = service("quiet", schedule=(Session(("friday",), "00:00", "12:00"),))
    html = build(directory(quiet))[0]["services/quiet.md"].body_html
    assert '<th scope="col">Notes</th>' not in html
    assert (
        '<tr><th scope="row">Friday</th><td><time datetime="00:00">midnight</time> to '
        '<time datetime="12:00">midday</time></td></tr>'
    ) in html


def test_service_page_location_with_features_and_map_link() -> None:
    html = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"].body_html
    assert (
        '<div class="lo-location">\n'
        "<p><strong>Hollinbrook Adventure Playground</strong>"
        "<br>12 Mill Lane, Hollinbrook<br>HB3 2QT</p>\n"
        "<p>Accessibility:</p>\n"
        '<ul class="govuk-list govuk-list--bullet">\n'
        "<li>Step-free access</li>\n<li>Changing Places toilet</li>\n</ul>\n"
        '<p><a href="https://www.openstreetmap.org/?mlat=53.4891&amp;mlon=-2.2412#map=17/53.4891/-2.2412">'
        'View on a map<span class="visually-hidden"> of Hollinbrook Adventure Playground</span>'
        "</a></p>\n"
        "</div>\n"
        "<p>Covers: North Hollinbrook</p>"
    ) in html


def test_service_without_a_location_says_the_area_it_covers() -> None:
    outreach = service("outreach", area="All of Hollinbrook")
    html = build(directory(outreach))[0]["services/outreach.md"].body_html
    assert (
        '<dt class="govuk-summary-list__key">Where</dt>'
        '<dd class="govuk-summary-list__value"><p>Covers: All of Hollinbrook</p>\n</dd>'
    ) in html
    assert "openstreetmap" not in html


def test_service_page_description_is_sanitised_under_its_own_heading() -> None:
    html = build(directory(SUNFLOWER))[0]["services/sunflower-play-scheme.md"].body_html
    assert (
        '<h2 id="about-this-service">About this service</h2>\n'
        '<div class="lo-description">\n'
        "<p>Our play workers <em>know</em> every "
        "child.</p>\n<ul>\n<li>Games</li>\n<li>Crafts</li>\n</ul>\n"
        "</div>"
    ) in html
    assert html.index("</dl>") < html.index("About this service")


def test_minimal_service_shows_only_rows_it_has() -> None:
    html = build(directory(service("bare")))[0]["services/bare.md"].body_html
    keys = re.findall(r'<dt class="govuk-summary-list__key">([^<]+)</dt>', html)
    assert keys == ["Themes", "Last reviewed"]
    assert "About this service" not in html
    assert "govuk-warning-text" not in html


def test_free_service_and_cost_without_a_yes_or_no() -> None:
    free = service("free", cost=Cost(free=True))
    ask = service("ask", cost=Cost(description="Ask us about costs."))
    pages, _ = build(directory(free, ask))
    assert (
        '<dd class="govuk-summary-list__value"><p>Free</p>\n</dd>'
        in pages["services/free.md"].body_html
    )
    assert (
        '<dd class="govuk-summary-list__value"><p>Ask us about costs.</p>\n</dd>'
        in pages["services/ask.md"].body_html
    )
    cards = card_html(pages["themes/health.md"].body_html)
    assert "<div><dt>Cost</dt><dd>Free</dd></div>" in cards["free"]
    assert "<dt>Cost</dt>" not in cards["ask"]


def test_temporarily_closed_service_has_a_warning_and_a_tag() -> None:
    closed = replace(SUNFLOWER, status="temporarily-closed")
    pages, _ = build(directory(closed))
    body = pages["services/sunflower-play-scheme.md"].body_html
    summary = (
        '<p class="govuk-body-l" data-pagefind-meta="summary">'
        "Holiday play sessions for disabled children aged 5 to 11.</p>"
    )
    warning = (
        '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" '
        'aria-hidden="true">!</span>'
        '<strong class="govuk-warning-text__text"><span class="visually-hidden">Warning: </span>'
        "This service is temporarily closed. Contact the service to find out when it will open "
        "again."
        "</strong></div>"
    )
    assert summary in body and warning in body
    assert body.index(summary) < body.index(warning) < body.index("<dl"), (
        "the warning comes right after the summary, before the details"
    )
    tag = (
        '<p class="lo-result__status">'
        '<strong class="govuk-tag govuk-tag--yellow">Temporarily closed</strong></p>'
    )
    assert tag in pages["themes/health.md"].body_html
    assert tag in pages["services/index.md"].body_html
    assert tag not in build(directory(SUNFLOWER))[0]["themes/health.md"].body_html


# --- escaping: nothing an editor writes becomes markup ---

HOSTILE = "<script>alert(1)</script>\"onmouseover=alert(2) 'x"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2) &#39;x"


def hostile_directory() -> tuple[Directory, SiteInfo]:
    nasty = replace(
        SUNFLOWER,
        name=HOSTILE,
        summary=HOSTILE,
        status="temporarily-closed",
        description=HOSTILE
        + "\n\n[x](javascript:alert(3)) <img src=x onerror=alert(4)>{ onclick=alert(5) }",
        organisation=Organisation(HOSTILE, 'https://www.example.org/"onmouseover=alert(6)'),
        cost=Cost(free=False, description=HOSTILE),
        contact=Contact(
            Phone('+441614960123"onmouseover=alert(7)', HOSTILE),
            'play@example.org"onmouseover=alert(8)',
            'https://www.example.org/"onmouseover=alert(9)',
        ),
        contacts=(Person(HOSTILE, HOSTILE, Phone("+441614960124", HOSTILE), HOSTILE),),
        schedule=(Session(("monday",), "09:30", "15:00", HOSTILE),),
        locations=(Location(HOSTILE, HOSTILE, HOSTILE, 53.4891, -2.2412, ("hostile",)),),
        area=HOSTILE,
        how_to_access=HowToAccess(("self-referral",), HOSTILE),
        eligibility=HOSTILE,
        languages=(HOSTILE, HOSTILE),
    )
    retired = service("gone", HOSTILE, status="retired", previous_ids=("old",))
    data = Directory(
        services=[nasty, retired],
        themes=[replace(t, name=HOSTILE, description=HOSTILE) for t in THEMES],
        needs=[replace(t, name=HOSTILE, description=HOSTILE) for t in NEEDS],
        accessibility=[Term("hostile", HOSTILE)],
        feedback=[FeedbackItem(HOSTILE, HOSTILE, date(2026, 5, 1), HOSTILE)],
    )
    return data, SiteInfo(HOSTILE, HOSTILE, HOSTILE)


def test_hostile_text_in_every_plain_field_comes_out_escaped() -> None:
    data, site = hostile_directory()
    pages, _ = build(data, site)
    for src, page in pages.items():
        parsed = parse(page.body_html)
        for tag, attrs in parsed.tags:
            assert tag not in {"script", "img", "iframe"}, src
            for name in attrs:
                assert not name.startswith("on"), (src, tag, attrs)
        assert "<script" not in page.body_html, src
        assert "javascript:" not in page.body_html, src
    service_html = pages["services/sunflower-play-scheme.md"].body_html
    assert service_html.count(ESCAPED) >= 20
    assert f'<h1 id="scriptalert1scriptonmouseoveralert2-x">{ESCAPED}</h1>' in service_html
    assert '<th scope="row">Monday</th>' in service_html
    assert f"<td>{ESCAPED}</td>" in service_html
    assert '<a href="tel:+441614960123&#34;onmouseover=alert(7)">' in service_html
    assert '<a href="mailto:play@example.org&#34;onmouseover=alert(8)">' in service_html
    assert '<a href="https://www.example.org/&#34;onmouseover=alert(9)">' in service_html
    assert f'<span class="visually-hidden"> of {ESCAPED}</span>' in service_html
    assert f"<li>{ESCAPED}</li>" in service_html  # the accessibility feature's name
    for src in (
        "index.md", "themes/health.md", "themes/index.md", "needs/autism.md", "services/index.md",
        "services/gone.md", "you-said-we-did.md",
    ):  # fmt: skip
        assert ESCAPED in pages[src].body_html, src


def test_hostile_description_is_sanitised() -> None:
    data, site = hostile_directory()
    html = build(data, site)[0]["services/sunflower-play-scheme.md"].body_html
    description = html[html.index('<div class="lo-description">') :]
    assert description == (
        # CommonMark: a line that starts with <script> is raw HTML to its end,
        # so the rest of it is left as text, outside any paragraph.
        '<div class="lo-description">\n'
        "\"onmouseover=alert(2) 'x\n"
        '<p><a rel="noopener">x</a> { onclick=alert(5) }</p>\n'
        "</div>\n</div>"
    )


def test_page_titles_and_meta_stay_plain_text_for_the_plugin_to_escape() -> None:
    data, site = hostile_directory()
    pages, _ = build(data, site)
    assert pages["services/sunflower-play-scheme.md"].title == HOSTILE
    assert pages["services/sunflower-play-scheme.md"].meta["description"] == HOSTILE
    assert pages["index.md"].title == HOSTILE
    assert pages["themes/health.md"].title == HOSTILE


# --- browsing ---


def test_theme_page_lists_its_services_a_to_z_with_a_count() -> None:
    banana = service("banana", "banana club")
    apple = service("apple", "Apple Tree Nursery", ages=AgeRange(0, 4), cost=Cost(free=True))
    cherry = service("cherry", "Cherry Swim", themes=("education",))
    pages, _ = build(directory(banana, cherry, apple))
    health = pages["themes/health.md"]
    assert health.title == "Health"
    assert health.meta == {"description": "NHS services such as therapies.", "page_type": "theme"}
    assert result_ids(health.body_html) == ["apple", "banana"]
    assert health.body_html.startswith(
        '<p class="govuk-caption-l">Services by theme</p>\n'
        '<h1 id="health">Health</h1>\n'
        '<p class="govuk-body-l">NHS services such as therapies.</p>\n'
        '<p class="lo-count">2 services</p>\n'
        '<ul class="lo-results">\n'
        '<li class="lo-result" data-service-id="apple">\n'
        '<h2 class="lo-result__title"><a href="../../services/apple/">Apple Tree Nursery</a></h2>\n'
        '<p class="lo-result__summary">Summary of apple.</p>\n'
        '<dl class="lo-result__facts">\n'
        "<div><dt>Ages</dt><dd>0 to 4 years</dd></div>\n"
        "<div><dt>Cost</dt><dd>Free</dd></div>\n"
        "</dl>\n"
        "</li>\n"
    )
    assert '<p><a href="../../themes/">All services by theme</a></p>' in health.body_html
    education = pages["themes/education.md"].body_html
    assert '<p class="lo-count">1 service</p>' in education
    assert result_ids(education) == ["cherry"]
    empty = pages["themes/leisure-play-short-breaks.md"].body_html
    assert (
        '<p class="lo-count">0 services</p>\n<p>There are no services in this theme yet.</p>'
        in empty
    )
    assert "lo-results" not in empty


def test_theme_index_counts_each_theme() -> None:
    pages, _ = build(
        directory(service("a"), service("b"), service("c", themes=("education", "health")))
    )
    index = pages["themes/index.md"]
    assert index.meta["page_type"] == "themes"
    assert (
        '<li class="lo-browse__item">\n'
        '<h2 class="lo-browse__title"><a href="../themes/health/">Health</a></h2>\n'
        "<p>NHS services such as therapies.</p>\n"
        '<p class="lo-count">3 services</p>\n'
        "</li>"
    ) in index.body_html
    assert (
        '<a href="../themes/education/">Education</a></h2>\n<p>Schools and colleges.</p>\n<p '
        'class="lo-count">1 service</p>' in index.body_html
    )
    assert (
        '<a href="../themes/leisure-play-short-breaks/">Leisure, play and short breaks</a>'
        '</h2>\n<p>Clubs, sport and play schemes.</p>\n<p class="lo-count">0 services</p>'
        in index.body_html
    )


def test_need_pages() -> None:
    pages, _ = build(directory(SUNFLOWER, service("other", needs=("autism",))))
    autism = pages["needs/autism.md"]
    assert autism.meta["page_type"] == "need"
    assert result_ids(autism.body_html) == ["other", "sunflower-play-scheme"]
    assert '<p class="lo-count">2 services</p>' in autism.body_html
    assert result_ids(pages["needs/physical.md"].body_html) == ["sunflower-play-scheme"]
    assert pages["needs/index.md"].meta["page_type"] == "needs"
    # a need with no description is described from its name
    assert pages["needs/physical.md"].meta["description"] == "Services by need: Physical disability"


def test_age_bands_include_every_service_whose_range_overlaps() -> None:
    pages, _ = build(
        directory(
            service("toddlers", ages=AgeRange(0, 2)),
            service("straddle", ages=AgeRange(4, 6)),
            service("teens", ages=AgeRange(11, 12)),
            service("young-adults", ages=AgeRange(19, 25)),
            service("everyone"),  # no ages: for all ages
        )
    )
    members = {
        band: result_ids(pages[f"ages/{band}.md"].body_html)
        for band in ("0-4", "5-11", "12-16", "17-19", "20-25")
    }
    assert members == {
        "0-4": ["everyone", "straddle", "toddlers"],
        "5-11": ["everyone", "straddle", "teens"],
        "12-16": ["everyone", "teens"],
        "17-19": ["everyone", "young-adults"],
        "20-25": ["everyone", "young-adults"],
    }
    band = pages["ages/5-11.md"]
    assert band.title == "5 to 11 years"
    assert band.meta["page_type"] == "age"
    assert (
        '<p class="govuk-caption-l">Services by age</p>\n<h1 id="5-to-11-years">5 to 11 years</h1>'
        in band.body_html
    )
    assert "<div><dt>Ages</dt><dd>All ages</dd></div>" in band.body_html
    index = pages["ages/index.md"].body_html
    assert '<a href="../ages/0-4/">0 to 4 years</a></h2>' in index
    assert pages["ages/index.md"].meta["page_type"] == "ages"


def test_a_to_z_groups_by_first_letter_with_a_jump_list() -> None:
    pages, _ = build(
        directory(
            service("zebra", "Zebra Club"),
            service("elan", "Élan Dance"),
            service("apple", "apple Tree"),
            service("avon", "Avon Swim"),
            service("scouts", "1st Hollinbrook Scouts"),
        )
    )
    page = pages["services/index.md"]
    assert page.title == "A to Z of services"
    assert page.meta["page_type"] == "a-z"
    html = page.body_html
    assert html.startswith(
        '<h1 id="a-to-z-of-services">A to Z of services</h1>\n<p class="lo-count">5 services</p>\n'
    )
    assert (
        '<nav class="lo-az-nav" aria-label="Jump to a letter">\n<ul>\n<li><a '
        'href="#letter-0-9">0–9</a></li>\n<li><a href="#letter-a">A</a></li>\n<li><span '
        'class="lo-az-nav__empty">B</span></li>' in html
    )
    assert '<li><a href="#letter-e">E</a></li>' in html
    assert '<li><a href="#letter-z">Z</a></li>' in html
    headings = re.findall(r'<h2 id="([^"]+)" class="lo-az-letter">([^<]+)</h2>', html)
    assert headings == [
        ("letter-0-9", "0–9"),
        ("letter-a", "A"),
        ("letter-e", "E"),
        ("letter-z", "Z"),
    ]
    assert result_ids(html) == ["scouts", "apple", "avon", "elan", "zebra"]
    assert '<h3 class="lo-result__title"><a href="../services/apple/">apple Tree</a></h3>' in html


def test_empty_directory_still_makes_every_browse_page() -> None:
    pages, redirects = build(directory())
    assert redirects == []
    assert (
        '<p class="lo-count">0 services</p>\n<p>There are no services yet.</p>'
        in pages["services/index.md"].body_html
    )
    assert "<p>We have not published any feedback yet.</p>" in pages["you-said-we-did.md"].body_html


# --- what is and is not published ---


def test_inactive_and_out_of_window_services_get_no_page_and_no_listing() -> None:
    data = directory(
        service("live"),
        service("asleep", status="inactive", previous_ids=("asleep-old",)),
        service("future", visible_from=date(2026, 7, 2), previous_ids=("future-old",)),
        service("past", visible_to=date(2026, 6, 30)),
        service("today", visible_from=TODAY, visible_to=TODAY),
    )
    pages, redirects = build(data)
    services = sorted(
        src for src in pages if src.startswith("services/") and src != "services/index.md"
    )
    assert services == ["services/live.md", "services/today.md"]
    everything = "".join(page.body_html for page in pages.values())
    for hidden in ("asleep", "future", "past"):
        assert f'data-service-id="{hidden}"' not in everything
        assert f"services/{hidden}/" not in everything
    assert redirects == []


def test_retired_service_keeps_a_short_page_and_is_listed_nowhere() -> None:
    gone = service(
        "old-club",
        "Old Club",
        status="retired",
        themes=("health", "education"),
        previous_ids=("older",),
    )
    pages, redirects = build(directory(gone, service("live")))
    page = pages["services/old-club.md"]
    assert page.title == "Old Club"
    assert page.meta == {
        "description": "This service is no longer available.",
        "page_type": "retired-service",
        "service_id": "old-club",
        "last_reviewed": "2026-06-14",
    }
    assert page.body_html == (
        '<div class="lo-service lo-service--retired" data-service-id="old-club">\n'
        '<h1 id="old-club">Old Club</h1>\n'
        '<p class="govuk-body-l">This service is no longer available.</p>\n'
        "<p>You may find a similar service in:</p>\n"
        '<ul class="govuk-list">\n'
        '<li><a href="../../themes/health/">Health</a></li>\n'
        '<li><a href="../../themes/education/">Education</a></li>\n'
        "</ul>\n"
        '<p><a href="../../services/">Browse the A to Z of services</a></p>\n'
        "</div>"
    )
    listings = "".join(
        page.body_html for src, page in pages.items() if src != "services/old-club.md"
    )
    assert "old-club" not in listings
    assert redirects == [
        Redirect(from_path="services/older/index.html", to_uri="services/old-club/")
    ]


def test_previous_ids_redirect_to_the_current_page() -> None:
    _, redirects = build(directory(SUNFLOWER, service("plain")))
    assert redirects == [
        Redirect(
            from_path="services/sunflower-playscheme/index.html",
            to_uri="services/sunflower-play-scheme/",
        ),
        Redirect(
            from_path="services/sunflower/index.html", to_uri="services/sunflower-play-scheme/"
        ),
    ]


# --- home and "You said, we did" ---


def test_home_page_is_four_tasks() -> None:
    page = build(directory(SUNFLOWER))[0]["index.md"]
    assert page.title == "Hollinbrook Local Offer"
    assert page.meta["page_type"] == "home"
    html = page.body_html
    assert html.startswith(
        '<h1 id="hollinbrook-local-offer">Hollinbrook Local Offer</h1>\n<p '
        'class="govuk-body-l">The Local Offer tells you about support and services in Hollinbrook'
    )
    assert re.findall(r"<h2 [^>]*>([^<]+)</h2>", html) == [
        "Find a service", "Get advice", "Have your say", "For professionals",
    ]  # fmt: skip
    for link in (
        '<a href="themes/health/">Health</a>',
        '<a href="themes/leisure-play-short-breaks/">Leisure, play and short breaks</a>',
        '<a href="ages/">Services by age</a>',
        '<a href="needs/">Services by need</a>',
        '<a href="services/">A to Z of services</a>',
        '<a href="get-advice/">',
        '<a href="have-your-say/">',
        '<a href="you-said-we-did/">You said, we did</a>',
        '<a href="professionals/">',
    ):
        assert link in html, link


def test_you_said_we_did_newest_first() -> None:
    feedback = (
        FeedbackItem("Older said.", "Older did.", date(2025, 11, 3), "Transport"),
        FeedbackItem("Newer said.", "Newer did.", date(2026, 5, 1), "Short breaks"),
        FeedbackItem("Same day said.", "Same day did.", date(2026, 5, 1), None),
    )
    page = build(directory(feedback=feedback))[0]["you-said-we-did.md"]
    assert page.meta == {
        "description": "What you told us about the Hollinbrook Local Offer, and what we did "
        "about it.",
        "page_type": "you-said-we-did",
    }
    html = page.body_html
    assert re.findall(r"<h2 [^>]*>([^<]+)</h2>", html) == ["Feedback", "Short breaks", "Transport"]
    assert (
        '<div class="lo-feedback">\n'
        '<h2 id="2026-05-01-short-breaks">Short breaks</h2>\n'
        '<p class="lo-feedback__date"><time datetime="2026-05-01">1 May 2026</time></p>\n'
        '<dl class="govuk-summary-list">\n'
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">You said</dt>'
        '<dd class="govuk-summary-list__value">Newer said.</dd></div>\n'
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">We did</dt>'
        '<dd class="govuk-summary-list__value">Newer did.</dd></div>\n'
        "</dl>\n"
        "</div>"
    ) in html
    assert "Hollinbrook Borough Council did about it" in html


def test_feedback_heading_ids_are_unique() -> None:
    same = FeedbackItem("a", "b", date(2026, 5, 1), "Clubs")
    html = build(directory(feedback=(same, replace(same, said="c"))))[0][
        "you-said-we-did.md"
    ].body_html
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["2026-05-01-clubs", "2026-05-01-clubs_1"]


# --- the whole set ---


def everything() -> Directory:
    return directory(
        SUNFLOWER,
        replace(
            SUNFLOWER, id="closed", name="Closed Club", status="temporarily-closed", previous_ids=()
        ),
        service("gone", status="retired"),
        service("teens", ages=AgeRange(12, 16), themes=("education",), needs=("autism",)),
        service("asleep", status="inactive"),
        feedback=(FeedbackItem("said", "did", date(2026, 1, 5), "Topic"),),
    )


def test_every_page_has_one_h1_and_no_skipped_heading_level() -> None:
    pages, _ = build(everything())
    for src, page in pages.items():
        levels = parse(page.body_html).headings
        assert levels[0] == 1 and levels.count(1) == 1, src
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (src, levels)


def test_every_internal_link_leads_to_a_page() -> None:
    pages, redirects = build(everything())
    addresses = {url_of(src) for src in pages} | GUIDANCE
    for src, page in pages.items():
        here = url_of(src)
        ids = {attrs["id"] for _, attrs in parse(page.body_html).tags if "id" in attrs}
        for tag, attrs in parse(page.body_html).tags:
            href = attrs.get("href") if tag == "a" else None
            if href is None or href.startswith(("https://", "http://", "mailto:", "tel:")):
                continue
            if href.startswith("#"):
                assert href[1:] in ids, (src, href)
                continue
            target = posixpath.normpath(posixpath.join(here, href))
            target = "" if target == "." else target + "/"
            assert href.endswith("/") and target in addresses, (src, href)


def test_output_is_deterministic_whatever_the_order_of_the_data() -> None:
    first = build_pages(everything(), today=TODAY, site=SITE)
    second = build_pages(everything(), today=TODAY, site=SITE)
    assert first == second
    shuffled = everything()
    random.Random(7).shuffle(shuffled.services)
    shuffled.feedback.reverse()
    assert build_pages(shuffled, today=TODAY, site=SITE) == first
    assert [page.src_uri for page in first[0]] == sorted(page.src_uri for page in first[0])
