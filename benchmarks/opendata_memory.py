"""Peak memory and time of the open-data export alone, at N services.

Writes N synthetic listings (`benchmarks/make_services.py`) and the sample's
lists into a temporary data folder, then in one fresh Python process loads
them (`generator.data.loader.load`, as the build does) and writes the whole
Open Referral feed (`generator.publish.opendata.write_open_data`). It prints
the process's peak resident memory after the load and after the export, so
the difference is what the export adds to a build's peak.

    python benchmarks/opendata_memory.py --count 10000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-12-02"

MEASURE = f"""
import resource, sys, time
from datetime import date
from pathlib import Path
from generator.data.loader import load
from generator.publish.opendata import write_open_data

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

day = date.fromisoformat("{TODAY}")
directory = load(Path(sys.argv[1]), today=day).directory
print(f"after the load: peak {{peak():.0f}} MB")
start = time.perf_counter()
files = write_open_data(
    directory, Path(sys.argv[2]), site_url="https://localoffer.example.org/", today=day,
    title="Hollinbrook Local Offer",
)
seconds = time.perf_counter() - start
print(f"after the export: peak {{peak():.0f}} MB; {{len(files):,}} files in {{seconds:.1f}} s")
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="services (default 10,000)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import make_services

    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data"
        data.mkdir()
        for path in [*(ROOT / "data").glob("*.yaml"), ROOT / "data" / "postcodes.csv"]:
            shutil.copyfile(path, data / path.name)
        make_services.write_data_folder(data, args.count, seed=0)
        print(f"{args.count:,} services")
        command = [sys.executable, "-c", MEASURE, str(data), str(Path(work) / "api")]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
