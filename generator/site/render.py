"""The one Jinja2 environment and the one markdown renderer.

Editor text is never trusted. Plain fields reach HTML only through this
environment, which escapes everything (autoescape) and fails on a missing
variable (StrictUndefined) instead of printing nothing. Markdown fields go
through `render_markdown`: Python-Markdown with no extension that adds
attributes (so no `attr_list`), then `nh3` with a short allow-list, because
Python-Markdown itself passes raw HTML and `javascript:` links straight through.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from generator.site import speech

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
    """The `id` of a heading, made as MkDocs makes it for a markdown page, so
    generated and written pages link to headings the same way."""
    return slugify(heading, "-") or "section"


ENV = _environment()


def render(template: str, **context: Any) -> str:
    """Render one template of `generator/site/templates/` with the shared environment."""
    return ENV.get_template(template).render(**context)


class _HeadingsToParagraphs(Treeprocessor):
    """Headings inside a description would break the page's one outline, and the
    allow-list drops them to bare text; keep them as paragraphs instead."""

    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in self.HEADINGS:
                element.tag = "p"


class _FlatHeadings(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_HeadingsToParagraphs(md), "flat-headings", 1)


# `sane_lists` (no attributes) keeps a numbered list after a bulleted one from
# merging into it, as editors expect.
_MARKDOWN = markdown.Markdown(extensions=["sane_lists", _FlatHeadings()], output_format="html")
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href"}, "*": set()},
    url_schemes=set(ALLOWED_SCHEMES),
    url_relative="deny",  # a relative link from a description breaks when the site moves
    link_rel="noopener",
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


_UNSUPPORTED = re.compile(
    r"[\\`<>\t\x00-\x09\x0b-\x1f\x7f]"  # escapes, code, HTML, autolinks, tabs, control characters
    r"|!\["  # an image
    r"|&#|&[-.\w]+;"  # a character reference (a numeric one even without its ";")
)
_BULLET = re.compile(r"[-*+] (?=\S)")
_NUMBER = re.compile(r"[0-9]+\. (?=\S)")
# What may not start a paragraph's line or a list item's text: another list,
# a heading, a quote, a rule, a table; a line may start with emphasis (`*a`, `**a`).
_BLOCK_SYNTAX = re.compile(r"[-+#=>|]|\d+[.)]|\*(?:\s|$|\*(?:[\s*]|$))")
# The inline markup the shortcut knows: [text](address), **strong**, *emphasis*.
# Strong and emphasis close before a space or punctuation, and `_inline` checks
# that they open at the start or after a space or "(": where Python-Markdown's
# rules for `*` leave no doubt.
_INLINE = re.compile(
    r"\[(?P<text>[^\[\]*_]+)\]\((?P<href>[^\s()<>\"'*\[\]]+)\)"
    r"|(?P<mark>\*\*?)(?P<inner>[^\s*_\[\]](?:[^*_\[\]]*[^\s*_\[\]])?)(?P=mark)(?=[\s.,;:!?)]|\Z)"
)
_INLINE_SYNTAX = frozenset("*_[]")
_INLINE_TAGS = {"*": "em", "**": "strong"}


def _simple_markdown(text: str) -> str | None:
    """The HTML Python-Markdown makes of the markdown editors mostly write
    (paragraphs, bulleted and numbered lists, links, bold and italic), or
    None when the text has (or might have) anything more.

    Python-Markdown costs about 1 ms a description, which was most of the time
    of 10,000 service pages; this about 0.05 ms. The check errs towards None;
    tests hold the two paths equal. Both outputs go through the same
    sanitiser, so this is never a way round it.
    """
    if _UNSUPPORTED.search(text):
        return None
    html: list[str] = []
    previous = ""
    for block in text.split("\n\n"):
        block = block.strip("\n")  # three or more newlines are one blank line
        if not block:
            continue
        lines = block.split("\n")
        if any(line[:1].isspace() or line[-1:].isspace() for line in lines):
            return None  # indented code or list, or a line break
        marker = _BULLET if _BULLET.match(block) else _NUMBER if _NUMBER.match(block) else None
        if marker is None:
            if any(_BLOCK_SYNTAX.match(line) for line in lines):
                return None
            inline = _inline(block)
            if inline is None:
                return None
            html.append(f"<p>{inline}</p>")
            previous = "p"
            continue
        tag = "ul" if marker is _BULLET else "ol"
        if tag == previous:  # a second list straight after one joins it, as a loose list
            return None
        items = [f"<{tag}>"]
        for line in lines:
            found = marker.match(line)
            if found is None:  # a line that carries on an item
                return None
            item = line[found.end() :]
            inline = None if _BLOCK_SYNTAX.match(item) else _inline(item)
            if inline is None:
                return None
            items.append(f"<li>{inline}</li>")
        items.append(f"</{tag}>")
        html.append("\n".join(items))
        previous = tag
    return "\n".join(html)


def _inline(text: str) -> str | None:
    """The HTML of a paragraph's or a list item's text: links, strong and
    emphasis; None when any other markdown syntax is left between them."""
    if _INLINE_SYNTAX.isdisjoint(text):
        return escape(text)
    parts: list[str] = []
    done = 0
    for found in _INLINE.finditer(text):
        start = found.start()
        plain = text[done:start]
        if not _INLINE_SYNTAX.isdisjoint(plain):
            return None
        parts.append(escape(plain))
        if found["href"] is not None:
            parts.append(f'<a href="{escape(found["href"])}">{escape(found["text"])}</a>')
        elif start == 0 or text[start - 1] in " \n(":
            tag = _INLINE_TAGS[found["mark"]]
            parts.append(f"<{tag}>{escape(found['inner'])}</{tag}>")
        else:
            return None
        done = found.end()
    plain = text[done:]
    if not _INLINE_SYNTAX.isdisjoint(plain):
        return None
    parts.append(escape(plain))
    return "".join(parts)


def _markdown_html(text: str) -> str:
    """Python-Markdown's HTML for any text, before sanitising."""
    return _MARKDOWN.reset().convert(text)


@lru_cache(maxsize=32768)  # `serve` rebuilds re-render only the descriptions that changed
def render_markdown(text: str) -> Markup:
    """Editor markdown -> HTML safe to place in a page, whatever the editor wrote."""
    html = _simple_markdown(text)
    if html is None:
        html = _markdown_html(text)
    return Markup(_CLEANER.clean(html))
