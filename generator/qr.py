"""QR codes for printed pages: a page's address as an inline SVG.

A family handed a printed page can scan the code to open the page (and its
latest details) on a phone. Made at build time with `segno`, so the site
needs no script or third-party service for it, and the printed code always
matches the address printed beside it.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

import segno

_MASK = 0
"""A fixed mask pattern. Letting segno try all eight and keep the best costs
about 15 ms a code (2.5 minutes for 10,000 service pages); any of the eight
gives a valid code, and short URLs at error level M scan reliably with it."""


@lru_cache(maxsize=65536)  # `serve` rebuilds make the same codes again
def qr_svg(url: str) -> str:
    """An inline `<svg>` QR code of `url`, labelled for assistive technology.

    Safe to place in a page as it is: segno writes only its own markup, and
    `url` appears in it only as an escaped attribute value.
    """
    code = segno.make(url, error="m", mask=_MASK, micro=False)
    svg: str = code.svg_inline(
        scale=1,
        border=2,
        omitsize=True,  # a viewBox only: print CSS sets its size in millimetres
        dark="#000",
        svgclass="lo-qr",
        lineclass=None,
    )
    # A label, not an SVG <title>: a <title> inside <body> is easily taken
    # for the page's own by tools that read the HTML.
    label = escape(f"QR code for {url}", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
