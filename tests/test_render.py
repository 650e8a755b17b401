"""The shared Jinja2 environment, the markdown sanitiser and the wording helpers.

What an editor writes in a description must never become script, an event
handler, an image or a link to anything but a web page, an email address or
a phone number; and what pages say about times, dates and ages must read the
way GOV.UK writes them.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
import yaml
from jinja2 import UndefinedError
from markupsafe import Markup
from projects import ROOT

from generator.data.model import AgeRange, Cost, Session
from generator.site import render, speech
from generator.site.render import ENV, render_markdown


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def assert_only_allowed(html: str) -> None:
    """Only the allow-list's tags; only href (http, https, mailto, tel) and rel on links."""
    for tag, attrs in parse(html).tags:
        assert tag in {"p", "ul", "ol", "li", "em", "strong", "a", "br"}, html
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, html
            assert attrs.get("rel") == "noopener", html
            href = attrs.get("href")
            assert href is None or href.startswith(("https:", "http:", "mailto:", "tel:")), html
        else:
            assert attrs == {}, html


# --- render_markdown: what editors may write ---

PAGE = "services/sunflower-play-scheme.md"


def md(text: str) -> str:
    """A description as its service page shows it."""
    return render_markdown(text, PAGE)


def test_markdown_keeps_paragraphs_lists_emphasis_links_and_line_breaks() -> None:
    text = (
        "We run *play* sessions for **disabled** children.  \n"
        "Phone us to book.\n\n"
        "- Games\n- Crafts\n\n"
        "1. Phone\n2. Visit\n\n"
        "[Our website](https://www.example.org/play), "
        "[email](mailto:play@example.org) or [phone](tel:+441614960123)."
    )
    assert md(text) == (
        "<p>We run <em>play</em> sessions for <strong>disabled</strong> children.<br>\n"
        "Phone us to book.</p>\n"
        "<ul>\n<li>Games</li>\n<li>Crafts</li>\n</ul>\n"
        "<ol>\n<li>Phone</li>\n<li>Visit</li>\n</ol>\n"
        '<p><a href="https://www.example.org/play" rel="noopener">Our website</a>, '
        '<a href="mailto:play@example.org" rel="noopener">email</a> or '
        '<a href="tel:+441614960123" rel="noopener">phone</a>.</p>'
    )


def test_markdown_shows_what_editors_mean() -> None:
    """A list straight under a line is a list, a numbered list keeps its first
    number, and "#1" is text, not a heading."""
    text = (
        "What you can expect:\n- help with forms\n- a named worker\n\n"
        "3. Ask for a visit\n4. We phone you back\n\n"
        "#1 for families, as voted by parents."
    )
    assert md(text) == (
        "<p>What you can expect:</p>\n"
        "<ul>\n<li>help with forms</li>\n<li>a named worker</li>\n</ul>\n"
        '<ol start="3">\n<li>Ask for a visit</li>\n<li>We phone you back</li>\n</ol>\n'
        "<p>#1 for families, as voted by parents.</p>"
    )


def test_markdown_links_to_site_pages_become_relative_to_the_service_page() -> None:
    html = md(
        "[Sibs Club](/services/sibs-club/), [short breaks](/your-rights/short-breaks), "
        "[A to Z](/services/), [home](/), "
        "[your rights](your-rights/index.md) and [SEN support](your-rights/sen-support.md#plans)"
    )
    assert html == (
        '<p><a href="../../services/sibs-club/" rel="noopener">Sibs Club</a>, '
        '<a href="../../your-rights/short-breaks/" rel="noopener">short breaks</a>, '
        '<a href="../../services/" rel="noopener">A to Z</a>, '
        '<a href="../../" rel="noopener">home</a>, '
        '<a href="../../your-rights/" rel="noopener">your rights</a> and '
        '<a href="../../your-rights/sen-support/#plans" rel="noopener">SEN support</a></p>'
    )


def test_markdown_result_is_markup_so_templates_do_not_escape_it_twice() -> None:
    assert isinstance(md("Hello & welcome"), Markup)
    assert md("Hello & welcome") == "<p>Hello &amp; welcome</p>"


def test_markdown_script_is_removed_with_its_content() -> None:
    html = md("Hello <script>alert(1)</script> there\n\n<script>\nalert(2)\n</script>")
    assert "script" not in html
    assert "alert" not in html
    assert html == "<p>Hello  there</p>"


def test_markdown_javascript_and_data_links_lose_their_target() -> None:
    html = md(
        "[click](javascript:alert(1)) [caps](JaVaScRiPt:alert(1)) "
        "[data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)"
    )
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "vbscript" not in html
    assert "href" not in html
    assert_only_allowed(html)


def test_markdown_attribute_lists_add_no_attributes() -> None:
    html = md(
        "A paragraph\n{ onclick=alert(1) }\n\n[link](https://x.example.org){ onclick=alert(1) }"
    )
    assert_only_allowed(html)
    assert "<p onclick" not in html
    assert "<a onclick" not in html


def test_markdown_images_with_handlers_are_removed() -> None:
    html = md('Look <img src="x" onerror="alert(1)"> here\n\n![alt](https://x.example.org/i.png)')
    assert "<img" not in html
    assert "onerror" not in html
    assert_only_allowed(html)


def test_markdown_raw_html_is_removed() -> None:
    html = md(
        'A <b onclick="alert(1)">bold</b> word\n\n'
        '<div onclick="alert(1)" style="color:red">Inside a div</div>\n\n'
        "<!-- a comment -->\n\n"
        '<iframe src="https://evil.example.org"></iframe>'
        '<a href="https://www.example.org" onmouseover="alert(1)" title="t" target="_blank">ok</a>'
        "<style>p { display: none }</style><form><input name=x></form><svg onload=alert(1)></svg>"
    )
    assert html.startswith("<p>A bold word</p>")
    for gone in (
        "<div", "<iframe", "onclick", "onmouseover", "style", "<form", "<input", "<svg",
        "onload", "target", "title", "comment",
    ):  # fmt: skip
        assert gone not in html, gone
    assert_only_allowed(html)


def test_markdown_headings_become_paragraphs_so_the_page_keeps_one_outline() -> None:
    html = md("# Big\n\n## Who can come\n\nAnyone.")
    assert html == "<p>Big</p>\n<p>Who can come</p>\n<p>Anyone.</p>"


def test_markdown_tables_code_quotes_and_rules_leave_only_allowed_tags() -> None:
    html = md("> quoted\n\n    code block\n\n`code`\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert_only_allowed(html)
    assert "quoted" in html
    assert "code block" in html


def test_markdown_renders_the_sample_descriptions_with_only_allowed_tags() -> None:
    services = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(found, dict) and isinstance(found.get("services"), list):
            services += found["services"]
    described = [s["description"] for s in services if s.get("description")]
    assert len(described) > 50
    for text in described:
        assert_only_allowed(md(text))


def test_guidance_html_keeps_headings_tables_and_links_and_nothing_unsafe() -> None:
    html = render.clean_guidance(
        '<h2 id="ask" onclick="alert(1)">Ask<a class="headerlink" href="#ask" '
        'title="Link to this section">&para;</a></h2>\n'
        '<table><thead><tr><th style="text-align: center; color: red">Letter</th></tr></thead>'
        "<tbody><tr><td>S</td></tr></tbody></table>\n"
        '<p><a href="../contact/">Contact us</a>, <a href="tel:+441614960120">0161 496 0120</a>, '
        '<a href="mailto:a@example.org">a@example.org</a>, <a href="javascript:alert(1)">x</a>'
        '<img src=x onerror="alert(1)"><script>alert(2)</script><iframe src="x"></iframe></p>'
    )
    assert html == (
        '<h2 id="ask">Ask<a class="headerlink" href="#ask" title="Link to this section">¶</a>'
        "</h2>\n"
        '<table><thead><tr><th style="text-align:center">Letter</th></tr></thead>'
        "<tbody><tr><td>S</td></tr></tbody></table>\n"
        '<p><a href="../contact/">Contact us</a>, <a href="tel:+441614960120">0161 496 0120</a>, '
        '<a href="mailto:a@example.org">a@example.org</a>, <a>x</a></p>'
    )


# --- the environment ---


def test_environment_escapes_everything_and_refuses_missing_values() -> None:
    template = ENV.from_string('<p title="{{ x }}">{{ x }}</p>')
    assert template.render(x='"><script>alert(1)</script>') == (
        '<p title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'
        "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    with pytest.raises(UndefinedError):
        template.render()


def test_web_url_refuses_anything_but_http_and_https() -> None:
    template = ENV.from_string('<a href="{{ url|web_url }}">x</a>')
    assert template.render(url="https://www.example.org/a?b=1&c=2") == (
        '<a href="https://www.example.org/a?b=1&amp;c=2">x</a>'
    )
    for bad in (
        "javascript:alert(1)",
        " https://x.example.org",
        "data:text/html,x",
        "//x.example.org",
    ):
        with pytest.raises(ValueError, match="not a web address"):
            template.render(url=bad)


def test_url_text_drops_the_scheme_and_trailing_slash() -> None:
    assert render.url_text("https://www.example.org/play/") == "www.example.org/play"
    assert render.url_text("http://example.org") == "example.org"


# --- wording ---


@pytest.mark.parametrize(
    ("clock", "words"),
    [
        ("09:30", "9:30am"),
        ("09:00", "9am"),
        ("15:00", "3pm"),
        ("17:45", "5:45pm"),
        ("12:00", "midday"),
        ("12:30", "12:30pm"),
        ("00:00", "midnight"),
        ("00:15", "12:15am"),
        ("23:59", "11:59pm"),
    ],
)
def test_times_read_as_gov_uk_writes_them(clock: str, words: str) -> None:
    assert speech.time_words(clock) == words


def test_dates_ages_counts_and_lists_in_words() -> None:
    assert speech.date_words(date(2026, 6, 14)) == "14 June 2026"
    assert speech.date_words(date(2027, 1, 1)) == "1 January 2027"
    assert speech.age_words(AgeRange(5, 11)) == "5 to 11 years"
    assert speech.age_words(AgeRange(0, 0)) == "Under 1 year"
    assert speech.age_words(AgeRange(1, 1)) == "1 year"
    assert speech.age_words(AgeRange(16, 16)) == "16 years"
    assert speech.age_words(None) == "All ages"
    assert speech.plural(0, "service") == "0 services"
    assert speech.plural(1, "service") == "1 service"
    assert speech.plural(2, "service") == "2 services"
    assert speech.plural(10000, "service") == "10,000 services"
    assert speech.list_words([]) == ""
    assert speech.list_words(["English"]) == "English"
    assert speech.list_words(["English", "Urdu"]) == "English and Urdu"
    assert speech.list_words(["English", "Urdu", "Polish"]) == "English, Urdu and Polish"
    assert speech.cost_words(Cost(free=True)) == "Free"
    assert speech.cost_words(Cost(free=False, description="£5")) == "There is a cost"
    assert speech.cost_words(Cost(description="Ask us")) is None
    assert speech.cost_words(None) is None
    assert speech.access_words("professional-referral") == "A professional must refer you"
    assert speech.coordinate(53.4891) == "53.4891"
    assert speech.coordinate(-2.24) == "-2.24"
    assert speech.coordinate(53.123456789) == "53.123457"
    assert speech.coordinate(-0.0000001) == "0"


def test_opening_rows_are_per_day_in_week_order_then_by_time() -> None:
    late = Session(days=("wednesday", "monday"), opens="13:00", closes="15:00")
    early = Session(days=("monday",), opens="09:00", closes="12:00")
    weekend = Session(days=("sunday", "saturday"), opens="10:00", closes="12:00")
    rows = speech.opening_rows([weekend, late, early])
    assert [(day, session.opens) for day, session in rows] == [
        ("monday", "09:00"),
        ("monday", "13:00"),
        ("wednesday", "13:00"),
        ("saturday", "10:00"),
        ("sunday", "10:00"),
    ]
