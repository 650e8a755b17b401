"""The site's Content-Security-Policy, computed from the pages as written.

A strict policy is the last line of defence if editor text ever slipped
past the sanitiser: a browser then runs no script and applies no style that
the site did not ship. The theme (mkdocs-material) puts a few small inline
scripts on every page, and their text changes with the page's depth and the
theme's version, so their SHA-256 hashes are computed here over the files
MkDocs wrote, never written down by hand.

Only scripts outside the page body (`<article>`) are allowed: the theme's
chrome is ours, but a script inside a page body can only have come from
content, so it is left to the policy to block.

Each page carries its own policy as a `<meta http-equiv>` tag (which works
on any host), allowing only the inline scripts that page has; `_headers`
(Netlify and Cloudflare Pages send it as a real header) allows those of
every page. `frame-ancestors` only works as a header, and browsers warn
when a meta tag has it, so it is in `_headers` only.

The same step removes the one piece of theme markup no template block can
reach (see `fix_theme_markup`), as each page is written.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

HEADERS_FILE = "_headers"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_SRC_OR_TYPE = re.compile(r"""\b(src|type)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_ARTICLE = re.compile(r"<article\b.*</article>", re.S | re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# `(?<!\s)`: a match starts only where a run of spaces does. Without it the
# search retries from every space of the theme's deep indentation (3 ms a
# page, half a minute at 10,000 pages); the matches are the same.
_EXISTING = re.compile(r"(?<!\s)\s*<meta http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})

# Material's two page-wide toggles (the menu drawer and its own search) carry
# autocomplete="off", which HTML does not allow on a checkbox (the Nu Html
# Checker rejects it). They are written by base.html outside any block.
_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="[a-z]+" type="checkbox" id="__[a-z]+") '
    r'autocomplete="off">'
)


def script_hashes(html: str) -> set[str]:
    """CSP source expressions ('sha256-...') for the inline scripts a browser
    would run in this page, outside its body."""
    chrome = _ARTICLE.sub("", html)
    hashes = set()
    for match in _SCRIPT.finditer(chrome):
        attributes = {
            m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _SRC_OR_TYPE.finditer(match.group(1))
        }
        if "src" in attributes or attributes.get("type", "").strip().lower() not in _SCRIPT_TYPES:
            continue  # a file (allowed by 'self') or data such as JSON, never run
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def policy(hashes: Iterable[str], *, wasm: bool, header: bool) -> str:
    """The policy text. `wasm`: allow compiling WebAssembly (Pagefind's search
    runs as WebAssembly; this does not allow `eval`). `header`: the form for
    an HTTP header, which can also forbid framing."""
    script = ["'self'"]
    if wasm:
        script.append("'wasm-unsafe-eval'")
    script += sorted(hashes)
    parts = [
        "default-src 'self'",
        "script-src " + " ".join(script),
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
    ]
    if header:
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


def fix_theme_markup(html: str) -> str:
    """Theme markup that breaks HTML's rules and that no template block reaches."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html)


def with_meta_policy(html: str, meta_policy: str) -> str:
    """The page with the policy as the first thing in its head after the
    character set, before any script, so it covers all of them."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy}">'
    if 'http-equiv="content-security-policy"' in html.lower():  # rare: skip the slow search
        html = _EXISTING.sub("", html)
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not a page (an HTML fragment): nothing runs it as a document
    return html[: anchor.end()] + "\n  " + tag + html[anchor.end() :]


def secure_page(html: str, *, wasm: bool) -> tuple[str, set[str]]:
    """A page as published: the theme's markup fixed, and a policy that allows
    exactly the page's own inline scripts (the hashes, returned too, go into
    the site-wide header). Done as each page is written, so no second pass
    reads and rewrites thousands of pages."""
    hashes = script_hashes(html)
    return with_meta_policy(fix_theme_markup(html), policy(hashes, wasm=wasm, header=False)), hashes


def write_headers(site_dir: Path, hashes: Iterable[str], *, wasm: bool, more: str = "") -> str:
    """The `_headers` file: one policy for every page, allowing every inline
    script any page has. Browsers apply it and the page's own meta policy
    both, so each page still runs only its own. `more`: other rules to
    follow it (the open data's, `generator.publish.feed.header_rules`).
    Returns the header policy."""
    header_policy = policy(hashes, wasm=wasm, header=True)
    (site_dir / HEADERS_FILE).write_text(
        f"/*\n  Content-Security-Policy: {header_policy}\n{more}", encoding="utf-8"
    )
    return header_policy
