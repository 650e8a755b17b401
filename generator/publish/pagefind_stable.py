"""Make Pagefind's output the same for the same site, and light at any size.

Two builds of one commit must be byte-identical, so a council can verify
what was published. Pagefind 1.5 writes its filter tables, and the list of
them in its metadata file, in hash-map order, which changes from run to run
(upstream issue 638: fragments were made stable in 1.3, filters were not).
The files are gzip-compressed CBOR behind a `pagefind_dcd` signature, and
are found through the names listed in the metadata file and
`pagefind-entry.json`. So we sort their contents, write them again, name
them by their content, and update those references.

While rewriting, three changes keep a first search small at 10,000
services (measured with `benchmarks/search_weight.py`); none changes which
pages a search finds:

- In a large directory each filter value gets a table of its own
  (`theme=education`), so a search filtered on one value fetches that
  value's pages, not the whole filter's (Pagefind loads one table per
  filter name: 30 KB compressed for all themes at 10,000 services, 5 KB
  for one). A small directory keeps one table per filter: the search page
  then loads them all to show how many results each option gives, and
  whole tables compress better than split ones (21 KB against 34 KB at
  1,000 services). Which layout was used goes into `pagefind-entry.json`
  as `lo_filters` (`whole` or `split`) for `search.js`.
- The metadata file, which every search loads whole, lists each page by
  its fragment's name: 10,000 content hashes make it 65 KB compressed.
  The fragments are renamed `<hash of all their names>_<page number>`
  (39 KB), so any change to the site still gives every fragment a new
  address and no cached fragment is ever stale.
- Page lengths (Pagefind ranks a match in a shorter page higher) are
  rounded to 32 steps per doubling, within 1.1% (33 KB). Only results
  whose scores were within about 1% of each other can swap places.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What every Pagefind data file starts with, once decompressed."""

LENGTH_STEPS = 32
"""Page lengths are rounded to this many steps per doubling."""

COUNTS_BUDGET = 50_000
"""Bytes: while all filter tables together weigh at most this (compressed),
they stay whole and the search page shows result counts by every filter
option (about 2,400 services); above it, a first search would carry more
counts than results, so tables are split per value and counts left out."""


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(prefix: str, value: Any, digits: int) -> tuple[str, bytes]:
    """`value` as a Pagefind data file: its name (by its content) and bytes."""
    payload = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:digits]}"
    return name, gzip.compress(payload, compresslevel=9, mtime=0)


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write `value` as a Pagefind data file named by its content; return the
    name (without suffix)."""
    name, data = _encode(prefix, value, digits)
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def stabilise(bundle: Path) -> None:
    """Rewrite `bundle` (a site's `pagefind/` folder) in a stable order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta[1] = _number_fragments(bundle / "fragment", meta[1])
        meta[3], info["lo_filters"] = _filter_tables(bundle / "filter", language, meta[3])
        meta_path.unlink()
        name = _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10)
        info["hash"] = name.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def pages(bundle: Path) -> Iterator[tuple[dict[str, Any], int]]:
    """Each page of a Pagefind index (`bundle`, a site's `pagefind/` folder):
    its fragment (what a result shows: address, title, excerpt, metadata)
    and its length, in the order of their numbers: the order the pages were
    given to Pagefind, which breaks ties between equal results. One at a
    time: a large directory's all at once would add to the build's peak."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        meta = _read(bundle / f"pagefind.{info['hash']}.pf_meta")
        for name, length in meta[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
            yield json.loads(raw[len(SIGNATURE) :]), length


def _number_fragments(folder: Path, pages: list[list[Any]]) -> list[list[Any]]:
    """Rename each page's fragment to `<hash of all fragment names>_<page number>`
    and round its length; return the metadata's new page list."""
    whole = hashlib.sha256("\n".join(fragment for fragment, _length in pages).encode())
    prefix = whole.hexdigest()[:8]
    numbered = []
    for number, (fragment, length) in enumerate(pages):
        name = f"{prefix}_{number:x}"
        (folder / f"{fragment}.pf_fragment").rename(folder / f"{name}.pf_fragment")
        numbered.append([name, _rounded(length)])
    return numbered


def _rounded(length: int) -> int:
    if length <= 0:
        return length
    return round(2 ** (round(math.log2(length) * LENGTH_STEPS) / LENGTH_STEPS))


def _filter_tables(
    folder: Path, language: str, tables: list[list[str]]
) -> tuple[list[list[str]], str]:
    """Write the filter tables sorted, whole or split per value (as `<filter>=<value>`,
    holding only that value); return the metadata's new filter list and the layout."""
    whole = []
    for _name, old_hash in tables:
        old = folder / f"{old_hash}.pf_filter"
        name, values = _read(old)
        old.unlink()
        whole.append([name, sorted(values, key=lambda item: item[0])])
    files = [(table[0], *_encode(f"{language}_", table, 7)) for table in whole]
    layout = "whole"
    if sum(len(data) for _name, _file, data in files) > COUNTS_BUDGET:
        layout = "split"
        split = [
            [f"{name}={value}", [[value, ids]]]
            for name, values in whole
            for value, ids in values
        ]
        files = [(table[0], *_encode(f"{language}_", table, 7)) for table in split]
    for _name, file, data in files:
        (folder / f"{file}.pf_filter").write_bytes(data)
    return sorted([name, file] for name, file, _data in files), layout
