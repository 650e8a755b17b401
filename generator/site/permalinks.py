"""The "Copy link" controls under the headings of guidance pages.

Professionals point a family at one part of a long page ("how to ask for an
assessment"), so every h2 and h3 with an id gets a visible control. In the
HTML it is a plain link to the heading's anchor: without JavaScript,
following it puts the full address in the browser's address bar.
overrides/assets/copylink.js turns it into a button that copies the page's
published address plus the anchor. Visually hidden text completes the link
text ("Copy link to Opening times"), as GOV.UK does for "Change" links.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"(<h([23])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>)(.*?)(</h\2>)", re.S)
_HEADERLINK = re.compile(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")


def copy_link(anchor: str, text_html: str) -> str:
    """The control for one heading. `anchor` is the heading's id, `text_html`
    its text, already HTML-escaped (as it appears inside the heading)."""
    return (
        f'<p class="lo-copy-link"><a class="lo-copy-link__link" href="#{anchor}" '
        f'data-lo-copy-link="{anchor}">Copy link'
        f'<span class="visually-hidden"> to {text_html}</span></a></p>'
    )


def add_copy_links(html: str) -> str:
    """`html` with a "Copy link" control after every h2 and h3 that has an id.

    Markdown's own "¶" permalink inside such a heading is dropped: the
    control replaces it, and the symbol would otherwise be read out and
    indexed as part of the heading.
    """

    def replace(match: re.Match[str]) -> str:
        start, _level, anchor, inner, end = match.groups()
        inner = _HEADERLINK.sub("", inner).rstrip()
        text = " ".join(_TAG.sub("", inner).split())
        return f"{start}{inner}{end}\n{copy_link(anchor, text)}"

    return _HEADING.sub(replace, html)
