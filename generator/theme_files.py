"""Files mkdocs-material copies into every site that this site never uses.

Material copies its whole `assets/` folder whatever the configuration. Its
search language files (`assets/javascripts/lunr/`, about 1 MB in 60 files)
are only ever loaded by its built-in search's worker, and that search is
off here (Pagefind replaces it; mkdocs.yml lists only our plugin), so no
page asks for them. Publishing them only adds files to upload and to keep
in step with the theme.
"""

from __future__ import annotations

import shutil
from pathlib import Path

UNUSED = ("assets/javascripts/lunr",)
"""Folders of the built site, relative to it, that nothing refers to."""


def remove_unused(site_dir: Path) -> list[str]:
    """Delete the theme's unused folders from a built site; returns those removed."""
    removed = []
    for folder in UNUSED:
        target = site_dir / folder
        if target.is_dir():
            shutil.rmtree(target)
            removed.append(folder)
    return removed
