"""The search index: Pagefind over the pages as built, by any engine.

The pages say what to index with `data-pagefind-*` attributes: only the
body of service and guidance pages (`data-pagefind-body`), never navigation,
footer, feedback block or listing pages. The index is split into small
chunks that the search page fetches on demand, so a page that does not
search loads nothing of it, and a first query stays small however many
services there are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import messages
from generator.publish import pagefind_stable, vocabulary

BUNDLE = "pagefind"
"""The index's folder inside the site; the search page imports `pagefind/pagefind.js`."""

BODY_ATTRIBUTE = "data-pagefind-body"
"""Marks what Pagefind indexes of a page; a site with one indexes no page without it."""

EXCLUDE = (".headerlink", ".lo-correct", "nav", "footer")
"""Never indexed even inside a page body: the "¶" of heading permalinks, the
"Is this page correct?" block and any navigation."""

class SearchIndexFailed(Exception):
    """Pagefind could not index the site; its own output says why."""


def index_site(site_dir: Path) -> Path:
    """Index a whole built site with `pagefind --site`, writing `site_dir/pagefind/`.

    The build does not use this: it feeds Pagefind page by page as pages
    are written (generator/publish/indexer.py). This is the reference it is tested
    against, and a way to index any engine's output. Raises
    `SearchIndexFailed` with Pagefind's output.
    """
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "en",
        "--exclude-selectors",
        ", ".join(EXCLUDE),
        "--quiet",
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        output = f"{run.stdout}{run.stderr}".rstrip()
        raise SearchIndexFailed(messages.index_failed_exit(run.returncode, output))
    return stabilise_index(site_dir / BUNDLE)


def stabilise_index(bundle: Path) -> Path:
    """Make Pagefind's output the same for the same site (see pagefind_stable),
    and add its words as written (see vocabulary)."""
    try:
        pagefind_stable.stabilise(bundle)
        vocabulary.write_vocabulary(bundle)
    except (OSError, ValueError, LookupError, TypeError) as error:
        # Its files are read by their internal layout, which a new Pagefind may change.
        raise SearchIndexFailed(messages.index_layout(error)) from None
    return bundle
