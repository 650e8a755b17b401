"""Write realistic synthetic Local Offer listings, for benchmarks and scale tests.

The bundled sample has about 80 services, but a large council's Local Offer
can hold thousands, and the site must stay fast and correct at 10,000. This
script writes that many listings in exactly the format editors write
(`services.yaml`, or `services/*.yaml` split into parts), rich enough to
cost what real listings cost: 2 to 3 paragraphs of markdown with a list and
a link, opening times, 1 or 2 venues, named contacts; about 2.5 KB of YAML
each, so 10,000 listings are about 25 MB.

Every value keeps the data contract: phone numbers from Ofcom's drama ranges,
`example.org` addresses, postcodes in the fictional HB1 to HB9 districts,
unique ids, and real review dates no later than `REFERENCE_DATE`. The same
seed always gives byte-identical output, so timings can be compared.

It writes text with string formatting rather than `yaml.dump`, so 10,000
listings take about a second. Other benchmarks import `make_listings`,
`make_services` and `write_data_folder`.

    python benchmarks/make_services.py --count 10000 --out /tmp/big
    python benchmarks/make_services.py --count 10000 --split 20 --out /tmp/big
"""

from __future__ import annotations

import argparse
import functools
import random
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REFERENCE_DATE = date(2026, 11, 23)
"""No review date is later than this. About 1 listing in 20 was reviewed more than
a year before it, so the "due for review" warning is exercised without flooding."""

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SUPPORT_FILES = (
    "themes.yaml",
    "needs.yaml",
    "accessibility.yaml",
    "postcodes.csv",
    "feedback.yaml",
)
"""Copied from `data/` so that the output folder is a complete data folder."""

DEFAULT_OUT = Path(tempfile.gettempdir()) / "local-offer-benchmark-data"
"""Outside the repository, so a benchmark run never leaves files to commit."""

SCHEMA_TOP = "# yaml-language-server: $schema=../schema/services.schema.json\n"
SCHEMA_SPLIT = "# yaml-language-server: $schema=../../schema/services.schema.json\n"

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
"""The letters a UK postcode may end with."""


@dataclass(frozen=True, slots=True)
class District:
    code: str
    place: str
    latitude: float
    longitude: float
    streets: tuple[str, ...]


DISTRICTS: tuple[District, ...] = (
    District("HB1", "Hollinbrook Central", 53.4902, -2.2405,
             ("Market Street", "Canal Street", "Station Road", "King Street", "Bridge Street")),
    District("HB2", "Northfield", 53.5148, -2.2447,
             ("Rowan Road", "Birch Avenue", "Moorside Road", "Elm Grove", "Northfield Lane")),
    District("HB3", "Brookside", 53.5051, -2.2063,
             ("Brook Street", "Mill Lane", "Park Lane", "St Mark's Road", "Weir Close")),
    District("HB4", "Eastfield", 53.4876, -2.1978,
             ("Eastfield Road", "Park Road", "Mill Street", "Ash Terrace", "Cotton Lane")),
    District("HB5", "Mossbank", 53.4663, -2.2108,
             ("Moss Lane", "Fern Road", "Heath Avenue", "Reed Street", "Bank Side")),
    District("HB6", "Southgate", 53.4594, -2.2452,
             ("Grange Road", "Church Walk", "Southgate Road", "Orchard Way", "Lime Street")),
    District("HB7", "Oakfield", 53.4682, -2.2791,
             ("Oakfield Road", "Acorn Drive", "Hazel Close", "Beech Road", "Dale Street")),
    District("HB8", "Westbrook", 53.4921, -2.2846,
             ("Chapel Street", "Lowther Road", "Albert Road", "West End", "Queen's Road")),
    District("HB9", "Hollin Moor", 53.5187, -2.2813,
             ("Moor Lane", "Church Lane", "Larch Close", "Hollin Lane", "Top Road")),
)
"""Centres match data/postcodes.csv; venues fall within 0.006 degrees of them."""

VENUES = (
    "Community Centre", "Family Hub", "Library", "Health Centre", "Sports Hall",
    "Youth Centre", "Methodist Church Hall", "Primary School", "Children's Centre",
    "Leisure Centre",
)
ACCESSIBILITY = (
    "step-free-access", "accessible-toilet", "changing-places-toilet", "hearing-loop",
    "accessible-parking", "quiet-room", "lift", "large-print", "bsl-interpreter",
    "sensory-friendly",
)
FIRST_NAMES = (
    "Amina", "Ben", "Chloe", "Dev", "Ella", "Farah", "George", "Hannah", "Imran", "Jess",
    "Kwame", "Lucy", "Marek", "Nadia", "Owen", "Priya", "Rosa", "Sam", "Tariq", "Zofia",
)
LAST_NAMES = (
    "Ahmed", "Brierley", "Clarke", "Dunn", "Evans", "Fletcher", "Gill", "Hughes", "Iqbal",
    "Jones", "Kowalski", "Lee", "Marsh", "Nowak", "Okafor", "Patel", "Shah", "Taylor", "Walsh",
)
ROLES = ("Service manager", "Co-ordinator", "Family support worker", "Duty officer", "Team leader")
ACCESS_METHODS = (
    "[self-referral]", "[self-referral, drop-in]", "[professional-referral]",
    "[professional-referral, appointment]",
)
LANGUAGE_SETS = (
    "[English]", "[English, Urdu]", "[English, Polish]", "[English, Urdu, Bengali]",
    "[English, British Sign Language]", "[English, Arabic, Romanian]",
)
ORGANISATIONS = (
    "Hollinbrook Borough Council", "Hollinbrook Community Health NHS Trust", "Hollinbrook College",
    "Hollinbrook Play Trust", "Hollinbrook Youth Trust", "Hollinbrook Carers' Centre",
    "Citizens Advice Hollinbrook", "Hollinbrook Leisure", "Hollinbrook Family Hubs",
)
OFFERS = (
    "trained staff who understand SEND",
    "a quiet space to take a break",
    "help with personal care and medication",
    "activities planned with families",
    "information in other languages on request",
    "a named worker for each family",
)
SCHEDULES = (
    '      - days: [monday, tuesday, wednesday, thursday, friday]\n'
    '        opens: "09:00"\n'
    '        closes: "17:00"\n',
    '      - days: [tuesday, thursday]\n'
    '        opens: "18:00"\n'
    '        closes: "20:30"\n'
    '        note: Evening sessions\n',
    '      - days: [saturday]\n'
    '        opens: "10:00"\n'
    '        closes: "12:30"\n'
    '        note: Term time only\n',
    '      - days: [monday, wednesday]\n'
    '        opens: "09:30"\n'
    '        closes: "12:30"\n'
    '        note: Morning session\n'
    '      - days: [monday, wednesday]\n'
    '        opens: "13:30"\n'
    '        closes: "16:00"\n'
    '        note: Afternoon session. Closed for lunch.\n',
    '      - days: [monday, tuesday, wednesday, thursday]\n'
    '        opens: "08:30"\n'
    '        closes: "16:30"\n'
    '      - days: [friday]\n'
    '        opens: "08:30"\n'
    '        closes: "16:00"\n',
)


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of service: what it is called, who it is for, and what it does."""

    name: str
    themes: str
    needs: tuple[str, ...]
    ages: tuple[int, int]
    free: bool
    summary: str
    what: str
    how: str


KINDS: tuple[Kind, ...] = (
    Kind("inclusive swimming", "[leisure-play-short-breaks]",
         ("physical", "autism", "sensory-processing", "learning"), (0, 25), False,
         "Quiet swimming sessions for disabled children and young people, with a pool hoist.",
         "quiet swimming sessions with warmer water, a pool hoist and lifeguards trained to "
         "support disabled swimmers",
         "One carer swims free with each disabled swimmer. Floats and toys are provided."),
    Kind("holiday play scheme", "[leisure-play-short-breaks, social-care]",
         ("autism", "learning", "physical", "adhd"), (5, 11), False,
         "Holiday play days for disabled children, with lots of staff and a calm space.",
         "play days in the school holidays with messy play, outdoor games, a sensory room and "
         "a calm space, with 1 member of staff for every 2 children",
         "Staff are trained in epilepsy medication, tube feeding and moving and handling."),
    Kind("speech and language clinic", "[health, early-years-childcare]",
         ("speech-language-communication", "autism", "learning"), (0, 18), True,
         "Help for children who find it hard to talk, listen or understand.",
         "assessment and therapy for children who find it hard to talk, listen or understand, "
         "with activities for families to practise every day",
         "Most children have a block of 6 sessions and then a review."),
    Kind("parent support group", "[advice-support-advocacy]",
         ("autism", "adhd", "social-emotional-mental-health"), (0, 25), True,
         "A friendly support group for parents and carers of children with SEND.",
         "a friendly group where parents and carers share ideas, have a brew and hear from "
         "guest speakers such as sleep advisers and therapists",
         "You do not need a diagnosis for your child to come along."),
    Kind("youth club inclusion night", "[leisure-play-short-breaks]",
         ("learning", "autism", "social-emotional-mental-health"), (11, 19), False,
         "A weekly youth club night for young people with SEND.",
         "a weekly youth club night with games, cooking, music and trips, run by youth workers "
         "who know the young people well",
         "Parents can stay for the first few weeks while their young person settles in."),
    Kind("benefits advice clinic", "[money-benefits, advice-support-advocacy]",
         ("physical", "learning", "complex-medical", "autism"), (0, 25), True,
         "Free help to claim disability benefits and to challenge decisions.",
         "help to claim Disability Living Allowance, Personal Independence Payment, Carer's "
         "Allowance and Universal Credit, and to challenge decisions",
         "Bring any letters and reports you have. Phone appointments are available."),
    Kind("travel training", "[travel-transport, preparing-for-adulthood]",
         ("learning", "autism"), (11, 25), True,
         "One-to-one training so young people with SEND can travel on their own.",
         "one-to-one training on the journeys a young person needs, such as to college or work, "
         "until they can travel safely on their own",
         "Most young people learn their route in 6 to 12 weeks."),
    Kind("supported employment", "[preparing-for-adulthood]",
         ("learning", "autism"), (18, 25), True,
         "Job coaches who help young adults with SEND find and keep a paid job.",
         "job coaches who help young adults find a paid job, learn it and settle in, and who "
         "stay in touch with them and their employer",
         "We work with shops, cafes, offices and the hospital."),
    Kind("nursery inclusion places", "[early-years-childcare, education]",
         ("speech-language-communication", "physical", "complex-medical"), (0, 4), False,
         "Nursery places with extra staff so that children with SEND can join in.",
         "nursery places with extra staff and training so that children with SEND can join in "
         "fully alongside their friends",
         "Funded early education hours can be used here."),
    Kind("sensory support", "[education, health]",
         ("hearing", "vision", "multi-sensory-impairment"), (0, 25), True,
         "Specialist teachers for children and young people with a hearing or sight loss.",
         "specialist teachers who support children and young people with a hearing or sight "
         "loss at home, nursery, school and college",
         "We can change worksheets into large print or braille and advise on equipment."),
    Kind("wellbeing drop-in", "[health, advice-support-advocacy]",
         ("social-emotional-mental-health", "autism", "adhd"), (12, 25), True,
         "A drop-in where young people can talk about stress, anxiety or low mood.",
         "a place where young people can talk to a trained worker about stress, anxiety or "
         "low mood, on their own or with a friend",
         "If you are in crisis, phone NHS 111 or go to A&E."),
    Kind("short breaks", "[social-care, leisure-play-short-breaks]",
         ("complex-medical", "physical", "multi-sensory-impairment", "learning"), (0, 17), True,
         "Day and overnight short breaks for disabled children, giving families a rest.",
         "day and overnight short breaks that give disabled children fun time away from home "
         "and give their families a rest",
         "We visit you at home before the first break to get to know your child."),
    Kind("foundation course", "[education, preparing-for-adulthood]",
         ("learning", "autism", "speech-language-communication"), (16, 25), True,
         "College courses in life and work skills for young people with learning difficulties.",
         "full-time college courses in English, maths, independent living and work skills, "
         "with a work placement in the second year",
         "Come to an open evening to look around and meet the team."),
    Kind("physiotherapy clinic", "[health]",
         ("physical", "complex-medical"), (0, 19), True,
         "Physiotherapy for children whose movement, balance or strength is affected.",
         "assessment of movement, posture and balance, home exercise programmes and advice on "
         "walkers, standing frames and splints",
         "Therapists can visit school to show staff how to help."),
)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@functools.lru_cache(maxsize=512)
def _paragraphs(kind: Kind, district: District) -> str:
    """The fixed part of a description, wrapped as an editor would; cached for speed."""
    first = (
        f"{district.place} {kind.name} offers {kind.what}. We work with children, young "
        f"people and their families across {district.place} and the rest of Hollinbrook."
    )
    second = (
        f"{kind.how} Sessions are small, so every child and young person gets the time "
        "and attention they need, and staff get to know families well."
    )
    return "\n\n".join(
        textwrap.fill(text, width=78, initial_indent="      ", subsequent_indent="      ")
        for text in (first, second)
    )


def _postcode(rng: random.Random, district: District) -> str:
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{district.code} {rng.randint(1, 9)}{letters}"


def _location(rng: random.Random, district: District) -> str:
    features = sorted(rng.sample(ACCESSIBILITY, rng.randint(2, 5)), key=ACCESSIBILITY.index)
    return (
        f"      - name: {district.place} {rng.choice(VENUES)}\n"
        f'        address: "{rng.randint(1, 120)} {rng.choice(district.streets)}, Hollinbrook"\n'
        f'        postcode: "{_postcode(rng, district)}"\n'
        f"        latitude: {district.latitude + rng.uniform(-0.006, 0.006):.4f}\n"
        f"        longitude: {district.longitude + rng.uniform(-0.006, 0.006):.4f}\n"
        f"        accessibility: [{', '.join(features)}]\n"
    )


def _person(rng: random.Random, phone: str) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return (
        f"      - name: {first} {last}\n"
        f"        role: {rng.choice(ROLES)}\n"
        f'        phone: "{phone}"\n'
        f"        email: {first.lower()}.{last.lower()}@example.org\n"
    )


def _status(rng: random.Random) -> tuple[str, str]:
    """Mostly active; a few closed for now, kept back, or ended. Returns (field, summary prefix)."""
    roll = rng.random()
    if roll < 0.02:
        return "    status: temporarily-closed\n", "Closed for building work until further notice. "
    if roll < 0.03:
        return "    status: inactive\n", ""
    if roll < 0.04:
        return "    status: retired\n", "This service has ended. "
    return "", ""


def _listing(rng: random.Random, number: int) -> str:
    """One service as YAML text; `number` makes its id and main phone number."""
    kind = KINDS[number % len(KINDS)]
    district = rng.choice(DISTRICTS)
    name = f"{district.place} {kind.name}"
    service_id = f"{_slug(name)}-{number:05d}"
    website = f"https://www.example.org/hollinbrook/services/{service_id}"
    first_age, last_age = kind.ages
    if last_age - first_age > 6:
        first_age += rng.randint(0, 2)
        last_age -= rng.randint(0, 2)
    needs = ", ".join(kind.needs[: rng.randint(1, len(kind.needs))])
    reviewed = REFERENCE_DATE - timedelta(days=rng.randint(22, 385))
    status, closed_note = _status(rng)
    previous = f"    previous_ids: [{service_id}-old]\n" if rng.random() < 0.03 else ""
    cost = (
        "      free: yes\n"
        if kind.free
        else "      free: no\n"
        f'      description: "£{rng.randint(2, 15)} a session. '
        'Free for families on Universal Credit."\n'
    )
    bullets = "".join(f"      - {offer}\n" for offer in rng.sample(OFFERS, 3))
    if rng.random() < 0.45:
        second = _location(rng, rng.choice(DISTRICTS))
        where = "    locations:\n" + _location(rng, district) + second
    elif rng.random() < 0.8:
        where = "    locations:\n" + _location(rng, district)
    else:
        where = "    area: All of Hollinbrook\n"
    contacts = _person(rng, f"020 7946 {(number * 7 + 3) % 1000:04d}")
    if rng.random() < 0.4:
        contacts += _person(rng, f"020 7946 {(number * 7 + 4) % 1000:04d}")
    return (
        f"  - id: {service_id}\n"
        f"{previous}"
        f"    name: {name}\n"
        f"    summary: {closed_note}{kind.summary} Ages {first_age} to {last_age}.\n"
        "    description: |\n"
        f"{_paragraphs(kind, district)}\n"
        "\n"
        "      What you can expect:\n"
        "\n"
        f"{bullets}"
        "\n"
        "      Read more about what happens at your first visit on our\n"
        f"      [website]({website}), or phone us with any questions.\n"
        f"{status}"
        "    organisation:\n"
        f"      name: {rng.choice(ORGANISATIONS)}\n"
        "      website: https://www.example.org/hollinbrook\n"
        f"    themes: {kind.themes}\n"
        f"    needs: [{needs}]\n"
        f"    ages: {{min: {first_age}, max: {last_age}}}\n"
        f"    cost:\n{cost}"
        "    contact:\n"
        f'      phone: "0161 496 {number % 1000:04d}"\n'
        f"      email: {service_id}@example.org\n"
        f"      website: {website}\n"
        f"    contacts:\n{contacts}"
        f"    schedule:\n{rng.choice(SCHEDULES)}"
        f"{where}"
        "    how_to_access:\n"
        f"      methods: {rng.choice(ACCESS_METHODS)}\n"
        "      details: Phone or email us and we will call you back within 2 working days.\n"
        f"    languages: {rng.choice(LANGUAGE_SETS)}\n"
        f"    owner: {_slug(kind.name)}-team@example.org\n"
        f"    last_reviewed: {reviewed.isoformat()}\n"
    )


def make_listings(count: int, seed: int = 0) -> list[str]:
    """`count` listings as YAML text blocks, each starting `  - id:`; same seed, same text."""
    rng = random.Random(seed)
    return [_listing(rng, number) for number in range(count)]


def services_file(listings: Sequence[str], *, in_subfolder: bool = False) -> str:
    """A whole services file: the schema comment, `services:` and the listings."""
    header = SCHEMA_SPLIT if in_subfolder else SCHEMA_TOP
    if not listings:
        return header + "services: []\n"
    return header + "services:\n" + "\n".join(listings)


def make_services(count: int, seed: int = 0) -> str:
    """The text of a `services.yaml` holding `count` synthetic listings."""
    return services_file(make_listings(count, seed))


def write_data_folder(out: Path, count: int, *, seed: int = 0, split: int = 0) -> list[Path]:
    """Write a complete data folder to `out`; return the services files written.

    With `split`, the listings are spread over `services/part-001.yaml` ...
    instead of one `services.yaml`. Services files left by an earlier run are
    removed first, so that the folder never holds one id twice.
    """
    out = out.resolve()
    if out == DATA_DIR.resolve():
        raise ValueError("refusing to overwrite the sample data in data/: choose another --out")
    (out / "services").mkdir(parents=True, exist_ok=True)
    (out / "services.yaml").unlink(missing_ok=True)
    for old in (out / "services").glob("part-*.yaml"):
        old.unlink()
    for name in SUPPORT_FILES:
        shutil.copyfile(DATA_DIR / name, out / name)

    listings = make_listings(count, seed)
    if not split:
        path = out / "services.yaml"
        path.write_text(services_file(listings), encoding="utf-8")
        return [path]
    written = []
    for part in range(split):
        chunk = listings[part * count // split : (part + 1) * count // split]
        path = out / "services" / f"part-{part + 1:03d}.yaml"
        path.write_text(services_file(chunk, in_subfolder=True), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write synthetic Local Offer listings to a complete data folder."
    )
    parser.add_argument("--count", type=int, required=True, help="how many listings to write")
    parser.add_argument(
        "--split",
        type=int,
        default=0,
        metavar="K",
        help="spread the listings over K files in services/ instead of one services.yaml",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to write to (default: {DEFAULT_OUT})",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    if args.count < 0 or args.split < 0:
        parser.error("--count and --split must be 0 or more")
    try:
        files = write_data_folder(args.out, args.count, seed=args.seed, split=args.split)
    except ValueError as error:
        parser.error(str(error))
    size = sum(path.stat().st_size for path in files)
    print(
        f"Wrote {args.count} services ({size / 1_000_000:.1f} MB) "
        f"in {len(files)} file(s) to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
