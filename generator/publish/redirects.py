"""Old addresses that send visitors on: one small page for each."""

from __future__ import annotations

import posixpath
from html import escape

from generator.site.pages import Redirect


def redirect_html(redirect: Redirect, *, site_url: str | None) -> str:
    """A tiny page that sends an old address on to the new one.

    A meta refresh (no script, so it works under a strict Content-Security-
    Policy and without JavaScript), a canonical link so search engines move
    their listing, and a visible link for anyone whose browser does not follow.
    """
    target = relative_url(redirect.from_path, redirect.to_uri)
    canonical = site_url.rstrip("/") + "/" + redirect.to_uri if site_url else target
    href = escape(target)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved. <a href="{href}">Go to the new page</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def relative_url(from_path: str, to_uri: str) -> str:
    """The link from the file `from_path` ("services/old/index.html") to the
    site address `to_uri` ("services/new/"), relative so the site can live
    under any folder of a domain."""
    target = posixpath.relpath(to_uri or ".", posixpath.dirname(from_path) or ".")
    return target + "/" if to_uri.endswith("/") or to_uri == "" else target

