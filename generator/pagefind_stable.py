"""Make Pagefind's output the same for the same site.

Two builds of one commit must be byte-identical, so a council can verify
what was published. Pagefind 1.5 writes its filter tables, and the list of
them in its metadata file, in hash-map order, which changes from run to run
(upstream issue 638: fragments were made stable in 1.3, filters were not).
The files are gzip-compressed CBOR behind a `pagefind_dcd` signature, and
are found through the names listed in the metadata file and
`pagefind-entry.json`. So we sort their contents, write them again, name
them by their content, and update those references. Results do not change:
the search reads the same tables in another order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own interfaces: our search page has its own, so these are never loaded."""


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write `value` as a Pagefind data file named by its content; return the hash part."""
    payload = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def stabilise(bundle: Path) -> None:
    """Rewrite `bundle` (a site's `pagefind/` folder) in a stable order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters: list[list[str]] = []
        for filter_name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            name, values = _read(old)
            old.unlink()
            table = [name, sorted(values, key=lambda value: value[0])]
            new_hash = _write(bundle / "filter", f"{language}_", ".pf_filter", table, 7)
            filters.append([filter_name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10).removeprefix(
            "pagefind."
        )
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    for unused in UNUSED:
        (bundle / unused).unlink(missing_ok=True)
