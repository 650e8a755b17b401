"""Files the tools copy into every site that this site never uses.

Material copies its whole `assets/` folder whatever the configuration. Its
search language files (`assets/javascripts/lunr/`, about 1 MB in 60 files)
are only ever loaded by its built-in search's worker, and that search is
off here (Pagefind replaces it; mkdocs.yml lists only our plugin), so no
page asks for them. Pagefind writes its ready-made search interfaces beside
its index; our search page has its own (assets/search.js). Publishing them
only adds files to upload and to keep in step with the tools.
"""

from __future__ import annotations

import shutil
from pathlib import Path

UNUSED = (
    "assets/javascripts/lunr",
    "search.json",  # Zensical writes an empty one even with its search off
    *(
        f"pagefind/{name}"
        for name in (
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-modular-ui.css",
            "pagefind-component-ui.js",
            "pagefind-component-ui.css",
            "pagefind-highlight.js",
        )
    ),
)
"""Folders and files of the built site, relative to it, that nothing refers to."""


def remove_unused(site_dir: Path) -> list[str]:
    """Delete the tools' unused folders and files from a built site; returns those removed."""
    removed = []
    for name in UNUSED:
        target = site_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.is_file():
            target.unlink()
        else:
            continue
        removed.append(name)
    return removed
