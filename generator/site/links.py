"""Links editors write to other pages of the site, and where they really go.

An editor names a page of the site three ways: by its address from the
site's root (`/services/sunflower-play-scheme/`), by its source file
(`../your-rights/short-breaks.md`, as guidance pages do), or by an address
relative to the page. The site may be published below a folder of its host
(`https://www.example.org/local-offer/`), so a link that starts with "/"
would leave the site: every internal link is written relative to the page it
is on. A link to a page that does not exist is found here, with the nearest
real address, so that the check can say "did you mean".
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.data import problems as say

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def url_of(src_uri: str) -> str:
    """The directory-style URL of a page, relative to the site root.

    "index.md" -> "", "themes/index.md" -> "themes/", "themes/health.md" -> "themes/health/".
    """
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def root_of(src_uri: str) -> str:
    """The relative path from a page back to the site root: "", "../", "../../"."""
    return "../" * url_of(src_uri).count("/")


def is_internal(href: str) -> bool:
    """Whether `href` names a page of this site (not another site, an email,
    a phone number, or only a place on the same page)."""
    href = href.strip()
    return bool(href) and not href.startswith(("#", "//")) and _SCHEME.match(href) is None


def split(href: str) -> tuple[str, str]:
    """(path, "#fragment" or "?query#fragment" or "") of a link."""
    for mark in ("?", "#"):
        at = href.find(mark)
        if at >= 0:
            return href[:at], href[at:]
    return href, ""


def _site_path(path: str, folder: str) -> str:
    """The source file (".md") or address ("x/") that `path` names, from the
    site's root: `folder` is the folder that a relative `path` starts from."""
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(folder, path)) if path else folder
        joined = "" if joined == "." else joined
        if path.endswith("/") and not joined.endswith("/"):
            joined += "/"
    if joined.endswith(".md") or joined == "":
        return joined
    return joined if joined.endswith("/") or "." in joined.rpartition("/")[2] else joined + "/"


def listing_href(href: str, page: str) -> str:
    """The link an editor wrote in a listing on the page `page` (its source
    file, like "services/x.md"), made relative to that page's address.

    In a listing there is no file to be relative to: an address starting with
    "/" and a `.md` path both count from the site's root (`.md` from the
    guidance folder), as an editor reading the site's addresses expects."""
    if not is_internal(href):
        return href
    path, rest = split(href)
    target = _site_path(path if path.startswith("/") else "/" + path, "")
    address = url_of(target) if target.endswith(".md") else target
    return (root_of(page) + address or "./") + rest


def guidance_href(href: str, page: str, addresses: Addresses) -> str:
    """The link an editor wrote on the guidance page `page` (its source file),
    made relative to that page's address. A link to no page stays as written:
    the check has refused it already."""
    if not is_internal(href):
        return href
    path, rest = split(href.strip())
    target = addresses.find(path, folder=posixpath.dirname(page))
    if target is None:
        return href
    return relative_address(url_of(target), url_of(page)) + rest


def relative_address(target: str, here: str) -> str:
    """The address `target` as a link from the page at `here` (both from the
    site's root, like "your-rights/" or "" for the home page), as MkDocs
    writes links: "short-breaks/", "../", "./"."""
    relative = posixpath.relpath("/" + (target or "./"), "/" + here)
    if relative == ".":
        return "./"
    return relative + "/" if (target or "./").endswith("/") else relative


@dataclass(frozen=True, slots=True)
class Broken:
    """A link to no page of the site, and the nearest real one, as the editor would write it."""

    wrote: str
    nearest: str | None


class Addresses:
    """Every page of the built site, by source file and by address."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.sources = frozenset(sources)
        self.by_url = {url_of(source): source for source in self.sources}

    def find(self, href: str, *, folder: str) -> str | None:
        """The source file of the page `href` links to, read from `folder`
        (the folder of the page the link is on; "" for a listing), or None."""
        path, _rest = split(href.strip())
        target = _site_path(path, folder)
        if target in self.sources:
            return target
        return self.by_url.get(target)

    def broken(self, href: str, *, folder: str, listing: bool = False) -> Broken | None:
        """`Broken` when the internal link `href` goes to no page, else None."""
        if not is_internal(href):
            return None
        path, _rest = split(href.strip())
        if listing and not path.startswith("/"):
            path = "/" + path
        if self.find(path, folder=folder) is not None:
            return None
        return Broken(href, self.nearest(path, folder=folder))

    def nearest(self, path: str, *, folder: str) -> str | None:
        """The real address close to `path`, if one is, written the way `path` is: from
        the root, as a source file relative to `folder`, or as an address relative to it."""
        if path.startswith("/"):
            choices = ["/" + url for url in self.by_url]
        elif path.endswith(".md"):
            choices = [posixpath.relpath(source, folder or ".") for source in self.sources]
        else:
            choices = [_relative_url(url, folder) for url in self.by_url]
        return say.suggestion(path, choices)


def _relative_url(url: str, folder: str) -> str:
    relative = posixpath.relpath(url or ".", folder or ".")
    return relative + "/" if url.endswith("/") and relative != "." else relative
