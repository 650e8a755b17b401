"""How often search finds the right service for a parent's own words.

Each query below is something a parent or professional might type, in their
words, with the services it should find (any one of them counts). The
sample site is built (or `--site` names a built one), served on 127.0.0.1,
and each query is typed into the search page in headless Chromium; a query
passes when one of its services is among the first three results. It prints
each query's first three results and the share that passed. Target: 90%.

    python benchmarks/search_relevance.py             # builds the sample into a temporary folder
    python benchmarks/search_relevance.py --site site/

The queries are ours, written from what parents ask (everyday words, short
forms, misspellings, several words at once), not taken from the thesaurus.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from chromium import chromium  # noqa: E402
from search_weight import serving  # noqa: E402

TOP = 3
TARGET = 0.9

QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("speech delay", ("childrens-speech-and-language-therapy",)),
    ("my child is not talking", ("childrens-speech-and-language-therapy",)),
    ("late talker", ("childrens-speech-and-language-therapy",)),
    ("speach therapy", ("childrens-speech-and-language-therapy",)),
    ("SLT", ("childrens-speech-and-language-therapy",)),
    ("stammering", ("childrens-speech-and-language-therapy",)),
    ("respite", ("short-breaks-team", "hollinbrook-childrens-hospice-short-breaks")),
    (
        "austism",
        (
            "neurodevelopmental-assessment-service",
            "spectrum-parents-hollinbrook",
            "moorside-high-autism-base",
        ),
    ),
    ("autism diagnosis", ("neurodevelopmental-assessment-service",)),
    ("ASD support group", ("spectrum-parents-hollinbrook",)),
    ("ADHD parents group", ("hollinbrook-adhd-families",)),
    ("EHCP", ("ehc-assessment-team",)),
    ("apply for an EHC plan", ("ehc-assessment-team",)),
    ("tribunal appeal", ("send-mediation-service",)),
    ("independent advice about SEN", ("hollinbrook-sendiass",)),
    ("parent partnership", ("hollinbrook-sendiass",)),
    ("CAMHS", ("hollinbrook-camhs",)),
    ("my teenager is anxious", ("hollinbrook-camhs", "the-harbour")),
    ("OT", ("childrens-occupational-therapy",)),
    ("physio", ("childrens-physiotherapy",)),
    (
        "deaf child",
        ("sensory-support-team", "hollinbrook-deaf-childrens-society", "paediatric-audiology"),
    ),
    ("glue ear", ("paediatric-audiology",)),
    ("visually impaired", ("vision-support-team", "clear-sight-club")),
    ("squint", ("childrens-eye-clinic",)),
    ("potty training", ("childrens-continence-service",)),
    ("bedwetting", ("childrens-continence-service",)),
    ("DLA", ("dla-advice-clinic",)),
    ("benefits for disabled child", ("dla-advice-clinic",)),
    ("taxi to school", ("send-home-to-school-transport",)),
    ("disabled parking", ("blue-badge",)),
    ("accessible toilets", ("changing-places-map",)),
    ("personal budget", ("direct-payments-support",)),
    ("wheelchair", ("childrens-wheelchair-service",)),
    ("dentist", ("special-care-dental-service",)),
    ("siblings", ("sibs-club",)),
    ("home visits for toddlers", ("hollinbrook-portage",)),
    ("worried about a child", ("childrens-services-front-door",)),
    ("ed psych", ("educational-psychology-service",)),
    ("leaving school at 16", ("preparing-for-adulthood-team",)),
    ("summer holiday club", ("summer-play-scheme-2026", "sunflower-play-scheme")),
    ("fussy eater", ("feeding-and-swallowing-clinic",)),
    ("travel on the bus alone", ("independent-travel-training",)),
)


def first_results(page: object, base: str, query: str) -> list[str]:
    """The service ids (or addresses of guidance) of the first results for `query`."""
    page.goto(f"{base}search/?q={quote_plus(query)}")  # type: ignore[attr-defined]
    status = page.locator(".lo-search__status")  # type: ignore[attr-defined]
    status.filter(has_text="result").wait_for()
    cards = page.locator(".lo-search__list > li")  # type: ignore[attr-defined]
    found = []
    for card in cards.all()[:TOP]:
        found.append(
            card.get_attribute("data-service-id") or card.locator("a").first.get_attribute("href")
        )
    return found


def measure(site: Path) -> float:
    passed = 0
    with serving(site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for query, wanted in QUERIES:
            found = first_results(page, base, query)
            ok = any(service in found for service in wanted)
            passed += ok
            print(f"{'pass' if ok else 'MISS'}  {query!r:34} {', '.join(map(str, found))}")
    share = passed / len(QUERIES)
    print(f"\n{passed} of {len(QUERIES)} queries ({share:.0%}) find a right service", end=" ")
    print(f"in the first {TOP} (target {TARGET:.0%}).")
    return share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    args = parser.parse_args()
    if args.site:
        measure(args.site)
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--project", str(ROOT), "--out", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        measure(out)


if __name__ == "__main__":
    main()
