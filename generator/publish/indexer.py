"""Pagefind fed page by page, on the other core, while the site is written.

`pagefind --site` starts only when every page is on disk, then reads and
parses all of them: at 10,000 services that was over 20 s of waiting at the
end of every build. Pagefind's service mode (`pagefind --service`, the
protocol its Python package speaks) takes pages one by one over a pipe, so
each page goes to it as it is written and Pagefind parses it while the build
goes on. And only the pages it indexes go to it: a page without
`data-pagefind-body` would be parsed for nothing (the A to Z page is 4.5 MB
at 10,000 services), and a page whose chrome has nothing for the index is
sent as its body alone (a service page's 29 KB of theme chrome around 3 KB
of body). The index is the same byte for byte; a test compares it with
`pagefind --site` over the whole built site.

Pagefind's own Python client waits a tenth of a second between replies (17
minutes for 10,000 pages), so this is a small synchronous client: a thread
writes what the build queues, another reads the replies and keeps errors.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from generator import messages
from generator.publish.search import BODY_ATTRIBUTE, EXCLUDE, SearchIndexFailed, stabilise_index

_STOP = None


class Indexer:
    """One Pagefind index: pages go in with `add`, `write` asks for the
    files, `finish` waits for them (or `close` gives up)."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexFailed(messages.PAGEFIND_MISSING)
        # Its complaints, if any, read only when it fails: a file never fills up as a pipe can.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `_end`)
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._awaited: set[int] = set()
        self._replies: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._replied = threading.Condition()
        self._next_id = 0
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._writer.start()
        self._reader.start()
        config = {"force_language": "en", "exclude_selectors": list(EXCLUDE)}
        reply = self._wait(self._send({"type": "NewIndex", "config": config}, awaited=True))
        self._index = int(reply["index_id"])
        self.stopped = False
        self._writing: threading.Thread | None = None
        self._output: Path | None = None
        self._failed: BaseException | None = None

    def add(self, path: str, html: str) -> None:
        """A whole page, at `path` in the site ("services/x/index.html"):
        left out when it has no body to index."""
        if BODY_ATTRIBUTE in html:
            self._add(path, html)

    def add_body(self, path: str, body_html: str) -> None:
        """A page whose chrome has no `data-pagefind-*` attribute: its body alone."""
        self._add(
            path,
            '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>'
            f"<body>{body_html}</body></html>",
        )

    def _add(self, path: str, html: str) -> None:
        self._send(
            {"type": "AddFile", "index_id": self._index, "file_path": path, "file_contents": html}
        )

    def write(self, output: Path) -> None:
        """Have Pagefind build the index once every page sent is indexed,
        while this process goes on, and write it into `output` as soon as it
        arrives, from a thread: creating its files is mostly the system's
        work, so it goes on while this process writes the rest of the site.
        `finish` waits for it. Pagefind hands the files over (`GetFiles`)
        rather than writing them (`WriteFiles`): it leaves as soon as its
        input ends, and its own writes may not have reached the disk by then."""
        request = {"type": "GetFiles", "index_id": self._index}
        message_id = self._send(request, awaited=True)
        self._output = output
        self._writing = threading.Thread(target=self._write_index, args=(message_id, output))
        self._writing.start()

    def finish(self) -> Path:
        """Wait for the index `write` asked for to be written; raise
        `SearchIndexFailed` with Pagefind's words if any step failed.
        Returns its folder."""
        assert self._writing is not None and self._output is not None, "write() first"
        try:
            self._writing.join()
        finally:
            self._end()
        if self._failed is not None:
            raise self._failed
        return self._output

    def _write_index(self, message_id: int, output: Path) -> None:
        try:
            reply = self._wait(message_id)
            if self._errors or reply.get("type") == "Error":
                raise SearchIndexFailed(self._failure(messages.INDEX_FAILED))
            files = reply.pop("files")
            while files:  # each file's text let go of once it is written
                file = files.pop()
                target = output / file["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(file["content"]))
            stabilise_index(output)
        except BaseException as error:  # raised by `finish`, in the build's thread
            self._failed = error

    def _failure(self, what: str) -> str:
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        return "\n".join([f"{what}:", *self._errors, *([said] if said else [])])

    def close(self) -> None:
        """Stop Pagefind: the build failed, or a new one starts (`serve`)."""
        self.stopped = True
        if self._process.poll() is None:
            self._process.kill()
        if self._writing is not None:
            self._writing.join()  # nothing is written into the site after this
        self._end()

    def _end(self) -> None:
        """Let Pagefind finish what it is writing and leave (it does when its
        input ends), or stop it if it will not."""
        self._outbox.put(_STOP)
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.close()

    # --- the pipe ---

    def _send(self, payload: dict[str, Any], *, awaited: bool = False) -> int:
        self._next_id += 1
        if awaited:
            with self._replied:
                self._awaited.add(self._next_id)
        message = {"message_id": self._next_id, "payload": payload}
        self._outbox.put(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        return self._next_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._replied:
            while message_id not in self._replies:
                if not self._reader.is_alive():
                    raise SearchIndexFailed(
                        self._failure(messages.INDEX_STOPPED)
                    )
                self._replied.wait(timeout=1)
            return self._replies.pop(message_id)

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (message := self._outbox.get()) is not _STOP:
            try:
                stdin.write(message)
                if self._outbox.empty():
                    stdin.flush()
            except OSError:  # Pagefind stopped: the reader reports it
                return
        stdin.close()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        incoming = _Incoming()
        while chunk := os.read(stdout.fileno(), 1 << 20):
            for text, words in incoming.feed(chunk):
                self._receive(text, words)
                del text  # the index's reply, tens of megabytes, before the next read
        with self._replied:
            self._replied.notify_all()

    def _receive(self, text: str | None, words: bytes) -> None:
        if text is not None and '"IndexedFile"' in text:
            return  # the reply to each page, with its words and metadata: not needed
        try:
            reply = json.loads(text) if text is not None else None
        except ValueError:
            reply = None
        if not isinstance(reply, dict):  # not a reply: Pagefind's own words
            self._errors.append(words.decode("utf-8", "replace").strip())
            return
        payload = reply.get("payload") or {}
        if payload.get("type") == "Error":
            self._errors.append(str(payload.get("message")))
        with self._replied:
            message_id = reply.get("message_id")
            if message_id in self._awaited:  # not the reply to each page
                self._awaited.discard(message_id)
                self._replies[message_id] = payload
                self._replied.notify_all()


class _Incoming:
    """The message being read from Pagefind: base64 of JSON, up to a comma.

    A long one is decoded as it arrives, whole groups of four characters at
    a time: the index's files come as one message of tens of megabytes, at
    the build's peak, and read whole it would be in memory up to three
    times over (encoded, decoded, as text); this way twice at most. A short
    one is kept as it came too, for Pagefind's own words if it is no message.
    """

    _DECODED_FROM = 1 << 16

    def __init__(self) -> None:
        self._encoded = bytearray()  # fewer than four characters once it is long
        self._decoded: list[bytes] = []
        self._broken = False  # not base64: not a reply

    def feed(self, chunk: bytes) -> Iterator[tuple[str | None, bytes]]:
        """Each message that `chunk`, the next bytes read, completes: its JSON
        text (None when it is not base64 of UTF-8) and, if it was short, its
        characters as they came (b"" if it was long). The rest is kept."""
        start = 0
        while (end := chunk.find(b",", start)) != -1:
            self._add(chunk[start:end])
            yield self._complete()
            start = end + 1
        self._add(chunk[start:])

    def _add(self, part: bytes) -> None:
        self._encoded += part
        if len(self._encoded) < self._DECODED_FROM:
            return
        whole = len(self._encoded) - len(self._encoded) % 4
        if not self._broken:
            try:
                with memoryview(self._encoded) as view, view[:whole] as head:
                    self._decoded.append(base64.b64decode(head))
            except ValueError:
                self._broken = True
        del self._encoded[:whole]

    def _complete(self) -> tuple[str | None, bytes]:
        words = b"" if self._decoded or self._broken else bytes(self._encoded)
        text: str | None = None
        if not self._broken:
            try:
                self._decoded.append(base64.b64decode(self._encoded))
                joined = b"".join(self._decoded)
                self._decoded.clear()  # before the text is made: one copy fewer at once
                text = joined.decode("utf-8")
            except ValueError:  # not base64, or not UTF-8
                pass
        self._encoded.clear()
        self._decoded.clear()
        self._broken = False
        return text, words
