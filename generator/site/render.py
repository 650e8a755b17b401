"""The one Jinja2 environment and the one markdown renderer.

Editor text is never trusted. Plain fields reach HTML only through this
environment, which escapes everything (autoescape) and fails on a missing
variable (StrictUndefined) instead of printing nothing. Markdown fields go
through `render_markdown`: CommonMark (pyromark, which draws guidance pages
too), then `nh3` with a short allow-list, because CommonMark
passes raw HTML and `javascript:` links straight through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.site import anchors, commonmark, links, speech

TEMPLATES = Path(__file__).parent / "templates"

ALLOWED_TAGS: frozenset[str] = frozenset({"p", "ul", "ol", "li", "em", "strong", "a", "br"})
ALLOWED_SCHEMES: frozenset[str] = frozenset({"https", "http", "mailto", "tel"})
WEB_SCHEMES: tuple[str, ...] = ("https://", "http://")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are compiled once per process, never re-checked on disk
    )
    env.filters.update(
        time_words=speech.time_words,
        opening_rows=speech.opening_rows,
        date_words=speech.date_words,
        day_words=speech.day_words,
        age_words=speech.age_words,
        cost_words=speech.cost_words,
        access_words=speech.access_words,
        attending_words=speech.attending_words,
        cost_option_words=speech.cost_option_words,
        other_sessions=speech.other_sessions,
        plural=speech.plural,
        list_words=speech.list_words,
        coordinate=speech.coordinate,
        web_url=web_url,
        url_text=url_text,
        anchor=anchor,
    )
    env.globals["closed_warning"] = speech.CLOSED_WARNING
    return env


def web_url(url: str) -> str:
    """Pass a web address into an `href`, refusing anything but http(s).

    The loader already rejects other schemes on the raw string; this makes a
    loader bug fail the build loudly instead of publishing a `javascript:` link.
    """
    if not url.startswith(WEB_SCHEMES):
        raise ValueError(f"not a web address: {url!r}")
    return url


def url_text(url: str) -> str:
    """A web address as link text: "https://www.example.org/play/" -> "www.example.org/play".

    Short enough for a phone, still readable aloud and copyable from print.
    """
    for scheme in WEB_SCHEMES:
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/")


def anchor(heading: str) -> str:
    """The `id` of a heading, made as a guidance page's headings get theirs, so
    generated and written pages link to headings the same way."""
    return anchors.slugify(heading) or "section"


ENV = _environment()


def render(template: str, **context: Any) -> str:
    """Render one template of `generator/site/templates/` with the shared environment."""
    return ENV.get_template(template).render(**context)


# Plain CommonMark: a list may follow a line directly, a numbered list keeps
# its first number, "#1" stays text. Headings inside a description would break
# the page's one outline, so they become paragraphs (`_HEADING_TAG`).
_HEADING_TAG = re.compile(r"<(/?)h[1-6]>")
_HREF = re.compile(r'<a href="([^"]*)"')
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href"}, "ol": {"start"}, "*": set()},
    url_schemes=set(ALLOWED_SCHEMES),
    # Internal links are made relative to the page (`links.listing_href`);
    # the check refuses those that go to no page.
    url_relative="pass_through",
    link_rel="noopener",
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


@lru_cache(maxsize=32768)  # `serve` rebuilds re-render only the descriptions that changed
def render_markdown(text: str, page: str) -> Markup:
    """Editor markdown -> HTML safe to place in the page `page` (its source
    file), whatever the editor wrote. What cannot be shown (raw HTML, an
    image, a link to no page) is told to the editor by
    `generator.site.markdown_checks`; here it is only made harmless."""
    html = _HEADING_TAG.sub(r"<\1p>", commonmark.LISTING.html(text).rstrip("\n"))
    relative = relink(html, lambda href: links.listing_href(href, page))
    return Markup(_CLEANER.clean(relative).strip())


def relink(html: str, change: Callable[[str], str]) -> str:
    """The HTML the CommonMark renderer made with each link's target replaced
    by `change(target)`: links to site pages made relative to the page."""

    def replace(found: re.Match[str]) -> str:
        return f'<a href="{escape(change(html_unescape(found[1])))}"'

    return _HREF.sub(replace, html)


# A guidance page keeps its headings (ids, the "¶" permalink), tables
# (alignment) and code (`generator.site.guidance_html`); no attribute of the editor's.
GUIDANCE_TAGS: frozenset[str] = ALLOWED_TAGS | {
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "code", "pre", "blockquote", "hr",
}  # fmt: skip
_GUIDANCE_CLEANER = nh3.Cleaner(
    tags=set(GUIDANCE_TAGS),
    attributes={
        "a": {"href", "title"},
        "ol": {"start"},
        "th": {"style", "align"},
        "td": {"style", "align"},
        **{f"h{level}": {"id"} for level in range(1, 7)},
    },
    allowed_classes={"a": {"headerlink"}},
    filter_style_properties={"text-align"},
    url_schemes=set(ALLOWED_SCHEMES),
    url_relative="pass_through",  # links between pages: made relative to the page already
    link_rel=None,
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


def clean_guidance(html: str) -> str:
    """The HTML rendered from a guidance page, safe to publish.

    The guidance pass has taken raw HTML out of the page's markdown already
    (`commonmark.strip_html`); this enforces the same rule on the rendered
    page, so that nothing the renderer lets through can publish a script."""
    return _GUIDANCE_CLEANER.clean(html)
