"""How long `python -m generator import FILE` takes for a large Open Referral UK v1 feed.

Writes a synthetic v1 page of N services shaped like the real feeds the
issue describes (HTML descriptions with headings, entities and zero-width
spaces; addresses without a scheme; phones with words around them; `-1`
ages; ESD and Placecube taxonomy terms; contacts, locations, weekly and
monthly schedules, cost options), then imports it into a fresh data folder
holding only the project's lists, as a council's first import does, and
then again (the re-import, where nothing changed). It prints the wall time
of each run, from starting the command to its exit, and the files written.

    python benchmarks/import_speed.py                  # 10,000 services
    python benchmarks/import_speed.py --count 1000

Target (issue 16): the first import of 10,000 records under 60 s.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERMS = [
    ("esdServiceTypes", "Short breaks for disabled children"),
    ("esdServiceTypes", "Speech and language therapy"),
    ("esdNeeds", "Autism"),
    ("esdNeeds", "ADHD"),
    ("placecube", "Activities"),
    ("placecube", "Education and learning"),
    ("placecube", "Money"),
    ("placecube", "Things to do"),
    ("placecube", "Community groups"),  # matches nothing: the fallback theme
]
WORDS = ["play", "support", "families", "children", "young", "people", "sessions", "group",
         "visit", "help", "local"]  # fmt: skip


def record(number: int, rng: random.Random) -> dict[str, object]:
    words = " ".join(rng.choice(WORDS) for _ in range(60))
    terms = rng.sample(TERMS, 2)
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "name": f"Hollinbrook service {number}",
        "description": (
            f"<h1>Hollinbrook service {number}</h1><p>We offer {words[:200]}.\u200b "
            f"More about &amp; for you.</p><h2>What happens</h2><ul><li>{words[200:260]}</li>"
            f"<li>{words[260:320]}</li></ul><p><a href='https://www.example.org/s/{number}'>"
            "Read more</a></p>"
        ),
        "url": f"www.example.org/hollinbrook/{number}",
        "email": "name@noemail.invalid" if number % 7 == 0 else f"service{number}@example.org",
        "status": "active",
        "fees": "Free",
        "attending_type": rng.choice(["Venue", "Online", "Phone", "Home visit"]),
        "assured_date": "2026-03-14",
        "organization": {
            "id": f"org-{number % 300}",
            "name": f"Hollinbrook provider {number % 300}",
            "description": "<p>A local provider.</p>",
            "url": "https://www.example.org/hollinbrook",
        },
        "eligibilitys": [{"id": "e", "minimum_age": -1 if number % 3 else 5, "maximum_age": 99}],
        "contacts": [
            {
                "id": "c1",
                "name": "",
                "phones": [{"id": "p1", "number": f"Main line: 0161 496 0{number % 1000:03d}"}],
            },
            {
                "id": "c2",
                "name": "Amina Shah",
                "title": "Coordinator",
                "phones": [{"id": "p2", "number": f"020 7946 0{number % 1000:03d}"}],
            },
        ],
        "cost_options": [{"id": "co", "amount": 0, "option": "Free"}],
        "regular_schedules": [
            {
                "id": "s1",
                "freq": "WEEKLY",
                "byday": "MO,WE",
                "opens_at": "09:30:00",
                "closes_at": "15:00:00",
            },
            {
                "id": "s2",
                "freq": "MONTHLY",
                "byday": "1TU,3TU",
                "opens_at": "10:00:00",
                "closes_at": "12:00:00",
            },
        ],  # fmt: skip
        "service_areas": [{"id": "a", "service_area": "Hollinbrook North"}],
        "service_at_locations": [
            {
                "id": "sl",
                "location": {
                    "id": "l",
                    "name": "Hollinbrook Community Centre",
                    "latitude": 53.4891,
                    "longitude": -2.2412,
                    "physical_addresses": [
                        {
                            "address_1": "12 Mill Lane",
                            "city": "Hollinbrook",
                            "postal_code": "HB3 2QT",
                        }
                    ],
                    "accessibility_for_disabilities": [{"accessibility": "Wheelchair accessible"}],
                },
            }
        ],
        "service_taxonomys": [
            {"id": f"t{i}", "taxonomy": {"id": f"x{i}", "name": name, "vocabulary": vocabulary}}
            for i, (vocabulary, name) in enumerate(terms)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="import-speed-") as folder:
        work = Path(folder)
        feed = work / "feed.json"
        content = [record(n, rng) for n in range(1, args.count + 1)]
        page = {"totalElements": args.count, "totalPages": 1, "number": 1, "content": content}
        feed.write_text(json.dumps(page), "utf-8")
        data = work / "data"
        data.mkdir()
        for name in ("themes.yaml", "needs.yaml", "accessibility.yaml"):
            shutil.copyfile(ROOT / "data" / name, data / name)
        print(f"{args.count:,} services, feed {feed.stat().st_size / 1e6:.1f} MB")
        for label in ("first import", "re-import, nothing changed"):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "generator", "import", str(feed), "--data", str(data)],
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                sys.exit(result.stderr)
            written = sum(1 for _ in (data / "services").iterdir())
            print(f"{label}: {seconds:.1f} s ({result.stdout.splitlines()[1]}; {written:,} files)")


if __name__ == "__main__":
    main()
