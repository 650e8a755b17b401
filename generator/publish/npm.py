"""Files the site ships from pinned npm packages (package.json, package-lock.json).

The site loads nothing from a CDN (its Content-Security-Policy allows only
its own files), so a browser library it needs is copied from `node_modules`
into the built site. The packages are installed by `make node_modules/.installed`.
"""

from __future__ import annotations

from pathlib import Path


def installed_file(project: Path, package: str, path: str) -> Path | None:
    """The file `path` of the installed npm `package`: in the project's
    node_modules (or a folder above it), or in this generator's own
    checkout's. None when npm has not installed it."""
    here = Path(__file__).resolve().parents[2]
    for root in (project.resolve(), *project.resolve().parents, here):
        found = root / "node_modules" / package / path
        if found.is_file():
            return found
    return None
