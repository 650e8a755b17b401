"""What a QR code in each of My list's key-facts files would cost, against
the browser drawing every code on that page with the library it needs anyway.

Writes `--count` synthetic listings with `benchmarks/make_services.py` into
a temporary data folder, loads them as a build does, and for each service
measures its key-facts file (`generator/site/shortlist.py`) as built, then
with the build's QR code of its page (`generator/publish/qr.py`) added, as
the whole SVG and as its path alone. Prints the mean bytes a file (and
gzipped) and the total for the directory, and the size of the QR library
the My list page loads (`node_modules/qrcode-generator`).

    python benchmarks/mylist_qr_size.py --count 1000
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from make_services import REFERENCE_DATE, write_data_folder  # noqa: E402

from generator.data.loader import load  # noqa: E402
from generator.publish import npm, qr  # noqa: E402
from generator.site.shortlist import _dump, key_facts  # noqa: E402

SITE_URL = "https://localoffer.example.org/"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="how many listings")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        write_data_folder(Path(folder), args.count)
        services = load(Path(folder), today=REFERENCE_DATE).directory.published(REFERENCE_DATE)
    kinds = {"as built": 0, "with the SVG": 0, "with its path": 0}
    zipped = dict.fromkeys(kinds, 0)
    for service in services:
        facts = key_facts(service)
        svg = qr.qr_svg(f"{SITE_URL}services/{service.id}/")
        found = re.search(r'viewBox="0 0 (\d+).* d="([^"]*)"', svg)
        assert found
        texts = {
            "as built": _dump(facts),
            "with the SVG": _dump({**facts, "qr": svg}),
            "with its path": _dump({**facts, "qr": [int(found[1]), found[2]]}),
        }
        for kind, text in texts.items():
            data = text.encode()
            kinds[kind] += len(data)
            zipped[kind] += len(gzip.compress(data))
    count = len(services)
    print(f"{count} services, key-facts file: mean bytes (gzipped), total for all")
    for kind, total in kinds.items():
        print(f"  {kind:14} {total / count:6.0f} ({zipped[kind] / count:5.0f})  {total:>11,}")
    library = npm.installed_file(HERE.parent, qr.SCRIPT_PACKAGE, qr.SCRIPT_SOURCE)
    if library is not None:
        data = library.read_bytes()
        print(f"QR library, once, My list only: {len(data):,} ({len(gzip.compress(data)):,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
