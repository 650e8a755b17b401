"""Directory -> the generated pages: services, listings, redirects.

The output is engine-agnostic: safe HTML bodies plus metadata. The MkDocs
plugin feeds them to a build; `python -m generator generate` writes them to
disk for any other engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page we generate. `body_html` is already safe: built from checked
    data through autoescaping templates and sanitised markdown."""

    src_uri: str  # like "services/sunflower-play-scheme.md"; URL "services/sunflower-play-scheme/"
    title: str
    body_html: str
    meta: dict[str, str] = field(default_factory=dict)  # description, page_type, service_id, last_reviewed ...
    in_nav: bool = False


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old address that must keep working: written as a tiny HTML page."""

    from_path: str  # like "services/old-id/index.html"
    to_uri: str  # like "services/new-id/"
