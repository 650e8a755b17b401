"""A guidance page's markdown -> its safe HTML body, the same for every engine.

The one CommonMark renderer the listings use (pyromark) draws the page, with
tables, the only extension a guidance page needs; then

- each heading gets the `id` Python-Markdown's `toc` would give it
  (`generator.site.anchors`), so addresses with `#section` keep working, and
  the "¶" permalink that `toc` adds;
- each link to a page of the site (by its address, its source file or a
  path relative to the page's folder) is written relative to the page's own
  address, so the site works below a folder of its host;
- nh3 keeps only what a guidance page may hold (`render.clean_guidance`);
- h2 and h3 get their "Copy link" control (`generator.site.permalinks`).

The MkDocs plugin puts this body into the theme's page, and `generate`
writes it for another engine, so no engine's own markdown renderer ever
reads what an editor wrote.
"""

from __future__ import annotations

import re
from html import unescape

from generator.site import anchors, commonmark, links, permalinks, render
from generator.site.links import Addresses

PERMALINK_TITLE = "Link to this section"
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def page_html(markdown: str, page: str, addresses: Addresses | None) -> str:
    """The body of the guidance page `page` (its path in content/) from its
    markdown, which the guidance pass has made ready (`Guidance.markdown`).
    With no `addresses` (no pages known yet) links stay as written."""
    html = commonmark.GUIDANCE.html(markdown)
    used: set[str] = set()

    def heading(found: re.Match[str]) -> str:
        level, inner = found[1], found[2]
        anchor = anchors.unique(anchors.slugify(heading_text(inner)), used)
        permalink = f'<a class="headerlink" href="#{anchor}" title="{PERMALINK_TITLE}">¶</a>'
        return f'<h{level} id="{anchor}">{inner}{permalink}</h{level}>'

    html = _HEADING.sub(heading, html)
    if addresses is not None:
        known = addresses
        html = render.relink(html, lambda href: links.guidance_href(href, page, known))
    return permalinks.add_copy_links(render.clean_guidance(html).strip())


def heading_text(inner_html: str) -> str:
    """What a heading says, from the HTML inside it."""
    return unescape(_TAG.sub("", inner_html)).strip()


def first_heading(html: str) -> str | None:
    """The text of the page's h1, which is its title when its front matter gives none."""
    found = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    if found is None:
        return None
    return heading_text(re.sub(r'<a class="headerlink".*?</a>', "", found[1])) or None
