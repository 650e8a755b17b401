"""The `id` of a heading, made the way Python-Markdown's `toc` makes it.

Generated pages, guidance pages and the links editors wrote before the core
rendered guidance (`page.md#how-to-ask`) all name headings this way, so an
address that worked once keeps working.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableSet

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str) -> str:
    """ "EHC needs assessments: how to ask" -> "ehc-needs-assessments-how-to-ask"."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", ascii_only).strip().lower())


def unique(anchor: str, used: MutableSet[str]) -> str:
    """`anchor`, or `anchor_1`, `anchor_2`... when a heading before took it (`used`)."""
    while anchor in used or not anchor:
        numbered = _NUMBERED.match(anchor)
        anchor = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{anchor}_1"
    used.add(anchor)
    return anchor
