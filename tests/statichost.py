"""A small static host that obeys `_redirects` and `_headers` as Netlify or Cloudflare Pages do.

The open data's consumers read the feed at addresses without `.json`, which
only the host's rules make work, so the feed's tests serve the built site
with the rules read the way those hosts document them:

- `_redirects`: one rule a line, `source destination [status]` (302 when no
  status is given), `#` starts a comment. The first rule whose source
  matches the request's path wins; the query string takes no part. `:name`
  matches one path segment and `*` the rest of the path; both can be used in
  the destination (`*` as `:splat`). Status 200 answers with the
  destination's file at the requested address (a rewrite); 301 and 302 send
  the client to the destination.
- `_headers`: a path pattern on a line of its own, then its headers,
  indented, `Name: value`. Every block whose pattern matches the requested
  path adds its headers; a header given by two matching blocks gets both
  values, joined by ", " (so a header set twice shows). A header set there
  replaces the host's own (such as Content-Type).
- Where the two hosts differ: Netlify serves a file that exists at the
  requested path before any rule ("shadowing"), and matches a pattern with
  or without a final slash, `/x/*` matching `/x` too (the rule to regular
  expression of its CLI's `netlify dev`, which says production does the
  same); Cloudflare Pages applies its rules "regardless of whether or not an
  asset matches", and matches patterns as written.
- Otherwise a file is served as it is, with the type its extension gives;
  `folder/` serves `folder/index.html`, and `folder` redirects to
  `folder/` when that exists. Nothing else is guessed: `/api/services`
  never finds `api/services.json` without a rule. `_redirects` and
  `_headers` themselves are never served.
"""

from __future__ import annotations

import mimetypes
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TOKEN = re.compile(r"(:[A-Za-z_][A-Za-z0-9_]*|\*)")
HIDDEN = frozenset({"/_redirects", "/_headers"})


def cloudflare_pattern(source: str) -> re.Pattern[str]:
    """A rule's path pattern as Cloudflare Pages reads it: as written."""
    parts = []
    for piece in _TOKEN.split(source):
        if piece == "*":
            parts.append("(?P<splat>.*)")
        elif _TOKEN.fullmatch(piece):
            parts.append(f"(?P<{piece[1:]}>[^/]+)")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts) + r"\Z")


def netlify_pattern(source: str) -> re.Pattern[str]:
    """A rule's path pattern as Netlify reads it: each segment may be followed
    by a slash, and `/x/*` also matches `/x` (netlify-cli's getRulePattern)."""
    segments = [segment for segment in source.split("/") if segment]
    if not segments:
        return re.compile(r"/\Z")
    pattern = ""
    for segment in segments:
        if segment.startswith(":"):
            pattern += f"/(?P<{segment[1:]}>[^/]+)/?"
        elif segment == "*":
            if not pattern:
                pattern = "/?(?P<splat>.*)/?"
            else:
                pattern = pattern.rstrip("/?") + "(?:|/|/(?P<splat>.*)/?)"
        else:
            pattern += "/" + re.escape(segment).replace(r"\*", ".*") + "/?"
    return re.compile(pattern + r"\Z")


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    destination: str
    status: int

    def target(self, path: str) -> str | None:
        """Where this rule sends `path`, or None when it does not match."""
        match = self.pattern.fullmatch(path)
        if match is None:
            return None
        found = match.groupdict()
        return _TOKEN.sub(
            lambda m: (
                found.get("splat" if m.group(0) in ("*", ":splat") else m.group(0)[1:])
                or m.group(0)
            ),
            self.destination,
        )


Pattern = Callable[[str], re.Pattern[str]]


def read_redirects(text: str, pattern: Pattern) -> list[Rule]:
    rules = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 2:
            continue
        status = int(words[2]) if len(words) > 2 else 302
        rules.append(Rule(pattern(words[0]), words[1], status))
    return rules


def read_headers(
    text: str, pattern: Pattern
) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    blocks: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            blocks.append((pattern(line.strip()), []))
        else:
            name, value = line.strip().split(":", 1)
            blocks[-1][1].append((name.strip(), value.strip()))
    return blocks


HOSTS: tuple[str, ...] = ("netlify", "cloudflare")


class StaticHost:
    """The built site in `root`, served as `host` ("netlify" or "cloudflare") would."""

    def __init__(self, root: Path, *, host: str) -> None:
        self.root = root
        self.shadowing = host == "netlify"
        pattern = netlify_pattern if host == "netlify" else cloudflare_pattern
        redirects, headers = root / "_redirects", root / "_headers"
        self.rules = (
            read_redirects(redirects.read_text("utf-8"), pattern) if redirects.is_file() else []
        )
        self.headers = (
            read_headers(headers.read_text("utf-8"), pattern) if headers.is_file() else []
        )

    def file(self, path: str) -> Path | None:
        if path in HIDDEN:
            return None
        target = self.root / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def answer(self, path: str) -> tuple[int, Path | None, str | None]:
        """(status, file to send, address to send the client to) for a request's path."""
        found = self.file(path)
        if found is not None and self.shadowing:
            return 200, found, None
        for rule in self.rules:
            target = rule.target(path)
            if target is None:
                continue
            if rule.status == 200:
                rewritten = self.file(target)
                return (200, rewritten, None) if rewritten else (404, None, None)
            return rule.status, None, target
        if found is not None:
            return 200, found, None
        if self.file(path + "/") is not None:
            return 301, None, path + "/"
        return 404, None, None

    def custom_headers(self, path: str) -> dict[str, str]:
        values: dict[str, list[str]] = {}
        for pattern, headers in self.headers:
            if pattern.fullmatch(path):
                for name, value in headers:
                    values.setdefault(name.lower(), []).append(value)
        return {name: ", ".join(found) for name, found in values.items()}

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Serve on a free local port; yields the origin ("http://127.0.0.1:PORT")."""
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = unquote(urlsplit(self.path).path)
                status, file, location = host.answer(path)
                body = file.read_bytes() if file is not None else b"Not found\n"
                headers = {
                    "content-type": (mimetypes.guess_type(file.name)[0] if file else None)
                    or ("application/octet-stream" if file else "text/plain"),
                }
                if location is not None:
                    headers["location"] = location
                    body = b""
                headers.update(host.custom_headers(path))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
