"""What MkDocs' Markdown pass would have found in a generated body.

A generated page skips that pass (its body is HTML already), so its table
of contents (whose first entry is also the target of Material's skip link)
and the anchors other pages may link to are read from the body here.
"""

from __future__ import annotations

import re
from typing import Any

from generator.publish.shell import headings

MAIN_CONTENT = "main-content"  # the id overrides/main.html gives every page body
_ID = re.compile(r'id="([^"]+)"')  # an attribute when a space comes before: see `ids`
_TAG = re.compile(r"<[^>]+>")


def ids(html: str) -> set[str]:
    """The `id`s of the elements in `html` (not `data-...-id`). Found by the
    plain text `id="` and then the space before it: a pattern that starts
    with a word boundary is tried at every character, many times slower."""
    return {m.group(1) for m in _ID.finditer(html) if html[m.start() - 1 : m.start()].isspace()}


def tokens(body_html: str, title: str) -> list[Any]:
    """The page's h2 and h3 headings that have an id, nested as Python-Markdown's
    `toc` nests them, under one level-1 entry for the page itself. That entry
    points at `#main-content`, the wrapper overrides/main.html puts around
    every page body, so the skip link works whether or not the h1 has an id."""
    top: dict[str, Any] = {"level": 1, "id": MAIN_CONTENT, "name": title, "children": []}
    stack = [top]
    for level, anchor, inner in headings(body_html):
        token = {"level": level, "id": anchor, "name": _TAG.sub("", inner).strip(), "children": []}
        while stack[-1]["level"] >= token["level"]:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return [top]
