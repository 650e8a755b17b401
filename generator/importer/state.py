"""data/.import-state.json: what the last import wrote, so the next one can tell edits apart.

For each source system and record id it keeps the listing's id, its file and
the SHA-256 of the text written. A file whose text no longer has that hash
was edited here since, and the import keeps it (see `run`). The state lives
in data/ so it is committed with the listings: a fresh clone, or CI, knows
what was imported. It is JSON, which the loader never reads as listings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_FILE = ".import-state.json"


@dataclass(frozen=True, slots=True)
class Imported:
    listing: str  # the listing's id
    file: str  # relative to the data folder, with forward slashes
    sha256: str  # of the text the import wrote
    reviewed: str  # the last_reviewed given when the source had none, kept from run to run


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(data: Path) -> dict[str, dict[str, Imported]]:
    path = data / STATE_FILE
    if not path.is_file():
        return {}
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return {
        system: {key: Imported(**entry) for key, entry in records.items()}
        for system, records in document.get("sources", {}).items()
    }


def text(state: dict[str, dict[str, Imported]]) -> str:
    document = {
        "about": "Written by `python -m generator import`: do not edit. See docs/importing.md.",
        "sources": {
            system: {
                key: {
                    "listing": e.listing,
                    "file": e.file,
                    "sha256": e.sha256,
                    "reviewed": e.reviewed,
                }
                for key, e in sorted(records.items())
            }
            for system, records in sorted(state.items())
        },
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
