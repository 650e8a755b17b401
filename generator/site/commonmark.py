"""The one CommonMark parser of what editors write, read event by event.

`render_markdown` renders listings with it, `guidance_html` renders guidance
pages with it, the checks find every link, image and piece of raw HTML (with
its line) with it, and the guidance pass uses it to take raw HTML out of a
page before it is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyromark

LISTING = pyromark.Markdown()
GUIDANCE = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
# Raw HTML whose content goes with it (nh3's `clean_content_tags` for listings).
_WITH_CONTENT = re.compile(r"<(script|style)\b", re.I)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Found:
    """One link, image or piece of raw HTML, where it starts in the text."""

    kind: str  # "link", "image" or "html"
    line: int  # 0-based line of the text
    wrote: str  # the markdown as written
    text: str = ""  # a link's text or an image's description
    href: str = ""


def scan(markdown: str, *, tables: bool = False) -> Iterator[Found]:
    """Every link, image and run of raw HTML in `markdown`, in order."""
    if "[" not in markdown and "<" not in markdown:
        return  # none of them can be written without one: no need to parse
    data = markdown.encode()
    parser = GUIDANCE if tables else LISTING
    opened: list[tuple[str, int, int, str, list[str]]] = []
    for event, span in parser.events_with_range(markdown):
        start, end = span["start"], span["end"]
        if isinstance(event, dict) and ("Html" in event or "InlineHtml" in event):
            piece = data[start:end].decode()
            if piece.strip():
                yield Found("html", data.count(b"\n", 0, start), piece.strip())
            continue
        if isinstance(event, dict) and "Text" in event and opened:
            opened[-1][4].append(str(event["Text"]))
            continue
        begun = event.get("Start") if isinstance(event, dict) else None
        if isinstance(begun, dict) and ("Link" in begun or "Image" in begun):
            kind = "link" if "Link" in begun else "image"
            opened.append((kind, start, end, str(begun[kind.title()]["dest_url"]), []))
            continue
        ended = event.get("End") if isinstance(event, dict) else None
        if ended in ("Link", "Image") and opened:
            kind, begin, stop, href, words = opened.pop()
            wrote = data[begin:stop].decode()
            yield Found(kind, data.count(b"\n", 0, begin), wrote, "".join(words), href)


def strip_html(markdown: str) -> str:
    """`markdown` without its raw HTML, so that no engine's renderer ever sees it.

    As the sanitiser does for a listing, the words of a block of HTML stay
    (CommonMark's block runs on to the next blank line, and often holds the
    editor's own sentences), while a comment, and what a `<script>` or
    `<style>` holds, go with their tags."""
    data = markdown.encode()
    edits: list[tuple[int, int, bytes]] = []
    dropping: tuple[int, bytes] | None = None  # (where it started, what ends it)
    for event, span in GUIDANCE.events_with_range(markdown):
        if not (isinstance(event, dict) and ("Html" in event or "InlineHtml" in event)):
            continue
        start, end = span["start"], span["end"]
        piece = data[start:end]
        if dropping is not None:
            if dropping[1] in piece.lower():
                edits.append((dropping[0], end, b"\n" if piece.endswith(b"\n") else b""))
                dropping = None
            continue
        text = piece.decode()
        opens = _WITH_CONTENT.match(text.lstrip())
        closing = f"</{opens[1].lower()}" if opens is not None else "-->"
        if (opens is not None or text.lstrip().startswith("<!--")) and closing not in text.lower():
            dropping = (start, closing.encode())
            continue
        words = "" if opens is not None or "<!--" in text else _TAG.sub("", text)
        if "Html" in event:  # a line of a block: its words, and its line break
            kept = words.strip(" \t")
            edits.append((start, end, (kept if kept.strip() else "\n").encode()))
        else:
            edits.append((start, end, b""))
    if dropping is not None:
        edits.append((dropping[0], len(data), b""))
    if not edits:
        return markdown
    kept_parts, at = [], 0
    for start, end, replacement in sorted(edits):
        if start >= at:
            kept_parts += [data[at:start], replacement]
            at = end
    kept_parts.append(data[at:])
    return b"".join(kept_parts).decode()
