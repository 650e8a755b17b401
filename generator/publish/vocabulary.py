"""The index's own words, for "Did you mean" on the search page.

Pagefind keeps words as stems ("servic", "wellb"), which cannot be offered
to a reader, and answers a word it lacks with pages that have another word
("welsh" finds "we"). So the search page also gets every word of every
indexed page as written, with how many pages use it: search.js then tells
a word the index has from one it lacks, and offers the closest known word.
The words come from the index itself (each page's fragment holds its
indexed text), so they are exactly what search can find, whatever the engine.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from generator.publish import pagefind_stable

WORDS_FILE = "words.json"
"""In the index's folder: `pagefind/words.json`."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LONGEST = 30  # longer "words" are addresses run together, never a typed word


def write_vocabulary(bundle: Path) -> Path:
    """Write `bundle/words.json`: {"words": {word: pages using it}}, A to Z, so
    the same site gives the same file."""
    counts: Counter[str] = Counter()
    for fragment, _length in pagefind_stable.pages(bundle):
        counts.update(set(_WORD.findall(str(fragment.get("content", "")).casefold())))
    words = {word: counts[word] for word in sorted(counts) if 2 <= len(word) <= _LONGEST}
    target = bundle / WORDS_FILE
    target.write_text(json.dumps({"words": words}, separators=(",", ":")), encoding="utf-8")
    return target
