"""The bundled sample data and the synthetic data generator keep the data contract.

A council forks this project and learns the format from `data/`, and every
page, filter and test is exercised by it, so the sample must be valid and must
cover everything the site can show: every theme, need and age band, every
status and publishing rule, every accessibility feature. It must also stay
safely fictional: phone numbers from Ofcom's drama ranges, addresses at
example.org, postcodes in the made-up HB districts.

Most checks read the YAML with `yaml.BaseLoader`, which keeps every scalar as
the text the editor typed (no YAML 1.1 guessing), so they test the sample's own
promises independently of the loader; 2 tests then run the real loader.
`benchmarks/make_services.py` must produce listings that pass the same checks.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.data.model import ACCESS_METHODS, AGE_BANDS, DAYS, STATUSES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCRIPT = ROOT / "benchmarks" / "make_services.py"
TODAY = date(2026, 11, 23)

THEMES = {
    "education", "health", "social-care", "early-years-childcare", "preparing-for-adulthood",
    "money-benefits", "travel-transport", "leisure-play-short-breaks", "advice-support-advocacy",
}
NEEDS = {
    "autism", "adhd", "speech-language-communication", "hearing", "vision", "physical",
    "learning", "social-emotional-mental-health", "sensory-processing", "complex-medical",
    "multi-sensory-impairment",
}
FEATURES = {
    "step-free-access", "accessible-toilet", "changing-places-toilet", "hearing-loop",
    "accessible-parking", "quiet-room", "lift", "large-print", "bsl-interpreter",
    "sensory-friendly",
}

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PHONE = re.compile(r"^(0161 496 0\d{3}|020 7946 0\d{3})$")
EMAIL = re.compile(r"^[a-z0-9.\-]+@example\.org$")
WEBSITE = re.compile(r"^https://(www\.)?example\.org(/\S*)?$")
POSTCODE = re.compile(r"^HB[1-9] [0-9][ABD-HJLNP-UW-Z]{2}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
LINK = re.compile(r"\]\((\S+?)\)")
LATITUDE = (53.45, 53.53)
LONGITUDE = (-2.30, -2.18)

Service = dict[str, Any]
TextLoader: Any = yaml.CBaseLoader if yaml.__with_libyaml__ else yaml.BaseLoader
"""BaseLoader, in C when available: the same text-only reading, much faster."""
Centres = dict[str, tuple[float, float]]


def read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=TextLoader)


def services_files(folder: Path) -> list[Path]:
    top = [folder / "services.yaml"] if (folder / "services.yaml").exists() else []
    return top + sorted((folder / "services").glob("*.yaml"))


def load_services(folder: Path) -> list[Service]:
    return [service for path in services_files(folder) for service in read(path)["services"]]


def read_text_services(text: str) -> list[Service]:
    services: list[Service] = yaml.load(text, Loader=TextLoader)["services"]
    return services


def district_centres(folder: Path) -> Centres:
    with (folder / "postcodes.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["district"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def is_published(service: Service, today: date = TODAY) -> bool:
    """The rule of `model.Service.is_published`, on raw text."""
    if service.get("status", "active") not in ("active", "temporarily-closed"):
        return False
    if "visible_from" in service and today < date.fromisoformat(service["visible_from"]):
        return False
    return not ("visible_to" in service and today > date.fromisoformat(service["visible_to"]))


def contract_problems(services: list[Service], centres: Centres) -> list[str]:
    """Every value that breaks the data contract, as 'id: what is wrong' lines."""
    found: list[str] = []
    for service in services:
        sid = service.get("id", "?")

        def bad(what: str, sid: str = sid) -> None:
            found.append(f"{sid}: {what}")

        for field in ("id", "name", "summary", "themes", "last_reviewed"):
            if not service.get(field):
                bad(f"no {field}")
        if not ID.match(sid):
            bad("id is not lower-case words joined by hyphens")
        if len(service.get("summary", "")) > 200 or "\n" in service.get("summary", ""):
            bad("summary longer than 200 characters or on more than one line")
        if service.get("status", "active") not in STATUSES:
            bad(f"unknown status {service['status']!r}")
        reviewed = date.fromisoformat(service.get("last_reviewed", "2000-01-01"))
        if reviewed > TODAY:
            bad(f"last_reviewed {reviewed} is in the future")
        if "ages" in service:
            low, high = int(service["ages"]["min"]), int(service["ages"]["max"])
            if not 0 <= low <= high <= 25:
                bad(f"ages {low} to {high}")
        if service.get("cost", {}).get("free", "yes") not in ("yes", "no"):
            bad("cost.free is not yes or no")
        people = [service.get("contact", {}), *service.get("contacts", [])]
        for person in people:
            if "phone" in person and not PHONE.match(person["phone"]):
                bad(f"phone {person['phone']!r} is not in a drama range")
            if "email" in person and not EMAIL.match(person["email"]):
                bad(f"email {person['email']!r} is not at example.org")
        websites = [p["website"] for p in people if "website" in p]
        websites += [service["organisation"]["website"]] if "website" in service.get(
            "organisation", {}
        ) else []
        websites += LINK.findall(service.get("description", ""))
        for website in websites:
            if not WEBSITE.match(website):
                bad(f"website {website!r} is not https://www.example.org")
        if "owner" in service and not EMAIL.match(service["owner"]):
            bad(f"owner {service['owner']!r} is not an example.org email")
        for session in service.get("schedule", []):
            if not set(session.get("days", [])) <= set(DAYS):
                bad(f"days {session['days']}")
            if not (TIME.match(session["opens"]) and TIME.match(session["closes"])):
                bad(f"times {session['opens']} to {session['closes']}")
            elif session["closes"] <= session["opens"]:
                bad(f"closes {session['closes']} before it opens {session['opens']}")
        if is_published(service) and not (service.get("locations") or service.get("area")):
            bad("published with neither locations nor area: say where it is")
        for place in service.get("locations", []):
            postcode = place.get("postcode", "")
            if not POSTCODE.match(postcode):
                bad(f"postcode {postcode!r} is not a valid HB1 to HB9 postcode")
                continue
            lat, lon = float(place["latitude"]), float(place["longitude"])
            if not (LATITUDE[0] <= lat <= LATITUDE[1] and LONGITUDE[0] <= lon <= LONGITUDE[1]):
                bad(f"{place['name']} at {lat}, {lon} is outside Hollinbrook")
            centre = centres[postcode.split()[0]]
            if abs(lat - centre[0]) > 0.015 or abs(lon - centre[1]) > 0.015:
                bad(f"{place['name']} is far from the centre of {postcode.split()[0]}")
            if not set(place.get("accessibility", [])) <= FEATURES:
                bad(f"unknown accessibility {place['accessibility']}")
        if not set(service.get("themes", [])) <= THEMES:
            bad(f"unknown themes {service['themes']}")
        if not set(service.get("needs", [])) <= NEEDS:
            bad(f"unknown needs {service['needs']}")
        if not set(service.get("how_to_access", {}).get("methods", [])) <= set(ACCESS_METHODS):
            bad(f"unknown access methods {service['how_to_access']['methods']}")
    ids = Counter(s.get("id") for s in services)
    found += [f"{sid}: id used {n} times" for sid, n in ids.items() if n > 1]
    old = Counter(old for s in services for old in s.get("previous_ids", []))
    found += [f"{sid}: previous id used {n} times" for sid, n in old.items() if n > 1]
    found += [f"{sid}: previous id is also a current id" for sid in old if sid in ids]
    found += [f"{sid}: previous id is not lower-case words" for sid in old if not ID.match(sid)]
    return found


@pytest.fixture(scope="module")
def services() -> list[Service]:
    return load_services(DATA)


@pytest.fixture(scope="module")
def published(services: list[Service]) -> list[Service]:
    return [service for service in services if is_published(service)]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_services", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_services"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# --- the sample data ---


def test_services_are_spread_over_both_places_with_the_schema_comment() -> None:
    files = services_files(DATA)
    assert files[0] == DATA / "services.yaml"
    assert 2 <= len(files) - 1 <= 4, "data/services/ should hold 2 to 4 provider files"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "../schema" if path.parent == DATA else "../../schema"
        assert first == f"# yaml-language-server: $schema={schema}/services.schema.json", path
        assert read(path)["services"], f"{path.name} has no services"
    top = len(read(DATA / "services.yaml")["services"])
    total = len(load_services(DATA))
    assert total >= 64
    assert 0.35 <= top / total <= 0.65, "about half the services belong in data/services.yaml"


def test_every_service_keeps_the_contract(services: list[Service]) -> None:
    assert contract_problems(services, district_centres(DATA)) == []


def test_controlled_lists_hold_exactly_the_agreed_ids() -> None:
    for filename, key, expected in (
        ("themes.yaml", "themes", THEMES),
        ("needs.yaml", "needs", NEEDS),
        ("accessibility.yaml", "features", FEATURES),
    ):
        terms = read(DATA / filename)[key]
        assert sorted(t["id"] for t in terms) == sorted(expected), filename
        for term in terms:
            assert term["name"] and "\n" not in term["name"], term
            assert term["description"].endswith("."), term
            assert term["name"][0].isupper(), term
            # Sentence case: no capital after the first word, except names and acronyms.
            for word in term["name"].split()[1:]:
                assert word.islower() or word in {"Places", "BSL", "ADHD"}, term["name"]


def test_published_services_cover_every_theme_need_and_age_band(
    published: list[Service],
) -> None:
    themes = Counter(theme for s in published for theme in s["themes"])
    needs = Counter(need for s in published for need in s.get("needs", []))
    assert {t: themes[t] for t in THEMES if themes[t] < 4} == {}
    assert {n: needs[n] for n in NEEDS if needs[n] < 3} == {}
    for band, _label, first, last in AGE_BANDS:
        count = sum(
            1
            for s in published
            if "ages" in s and int(s["ages"]["min"]) <= last and first <= int(s["ages"]["max"])
        )
        assert count >= 5, f"only {count} published services for ages {band}"


def test_every_feature_and_access_method_is_shown(services: list[Service]) -> None:
    features = Counter(
        f for s in services for place in s.get("locations", []) for f in place["accessibility"]
    )
    methods = Counter(m for s in services for m in s.get("how_to_access", {}).get("methods", []))
    assert {f: features[f] for f in FEATURES if features[f] < 2} == {}
    assert set(methods) == set(ACCESS_METHODS)


def test_sample_shows_every_kind_of_listing(services: list[Service]) -> None:
    assert {s["cost"]["free"] for s in services if "cost" in s} == {"yes", "no"}
    assert sum(len(s.get("locations", [])) == 2 for s in services) >= 3
    assert sum("area" in s and not s.get("locations") for s in services) >= 3
    assert sum(bool(s.get("contacts")) for s in services) >= 3
    assert sum(bool(s.get("languages")) for s in services) >= 10
    sessions = [session for s in services for session in s.get("schedule", [])]
    days = {d for session in sessions for d in session.get("days", [])}
    assert {"saturday", "sunday"} <= days
    assert any(session["opens"] >= "17:00" for s in services for session in s.get("schedule", []))
    split_days = [
        s["id"]
        for s in services
        if len({tuple(x.get("days", ())) for x in s.get("schedule", [])})
        < len(s.get("schedule", []))
    ]
    assert len(split_days) >= 2, "show a day with 2 sessions (morning and afternoon)"
    descriptions = [s.get("description", "") for s in services]
    assert any("\n- " in d for d in descriptions), "show a bullet list"
    assert any("](https://www.example.org/" in d for d in descriptions), "show a link"
    assert any("weeks" in session for session in sessions), "show a monthly session"
    assert any("dates" in session for session in sessions), "show dated sessions"
    assert sum(bool(s.get("attending")) for s in services) >= 2
    assert any(s.get("areas") for s in services)
    assert any(s.get("alert") for s in services)
    assert any(s.get("cost", {}).get("options") for s in services)
    assert any(s.get("contact", {}).get("phones") for s in services)
    assert any(p.get("transport") for s in services for p in s.get("locations", []))


def test_status_and_publishing_rules_appear_exactly_as_planned(services: list[Service]) -> None:
    statuses = Counter(s.get("status", "active") for s in services)
    assert statuses["temporarily-closed"] == 3
    assert statuses["retired"] == 1
    assert statuses["inactive"] == 1
    for service in services:
        if service.get("status") == "temporarily-closed":
            assert "closed" in service["summary"].lower() or "not taking" in service[
                "summary"
            ].lower(), f"{service['id']}: say in the summary why it is closed"
    assert sum(bool(s.get("previous_ids")) for s in services) == 2
    assert [s.get("visible_from") for s in services if "visible_from" in s] == ["2027-02-01"]
    assert [s.get("visible_to") for s in services if "visible_to" in s] == ["2026-08-31"]


def test_review_dates_are_real_and_a_few_are_due(services: list[Service]) -> None:
    reviewed = [date.fromisoformat(s["last_reviewed"]) for s in services]
    assert min(reviewed) >= date(2025, 6, 1)
    assert max(reviewed) <= date(2026, 11, 1)
    due = [d for d in reviewed if d < TODAY - timedelta(days=365)]
    assert 4 <= len(due) <= 6


def test_feedback_is_eight_dated_entries() -> None:
    feedback = read(DATA / "feedback.yaml")["feedback"]
    assert len(feedback) == 8
    for entry in feedback:
        assert set(entry) == {"said", "did", "date", "topic"}
        assert entry["said"].strip() and entry["did"].strip() and entry["topic"].strip()
        assert date(2025, 1, 1) <= date.fromisoformat(entry["date"]) <= TODAY


def test_postcode_districts_are_inside_hollinbrook() -> None:
    centres = district_centres(DATA)
    assert list(centres) == [f"HB{n}" for n in range(1, 10)]
    for lat, lon in centres.values():
        assert LATITUDE[0] <= lat <= LATITUDE[1] and LONGITUDE[0] <= lon <= LONGITUDE[1]


# --- the synthetic data generator ---


def test_generator_writes_a_complete_split_data_folder(tmp_path: Path) -> None:
    out = tmp_path / "tmp"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--count", "50", "--split", "5", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 50 services")
    parts = sorted(p.name for p in (out / "services").iterdir())
    assert parts == [f"part-00{n}.yaml" for n in range(1, 6)]
    assert not (out / "services.yaml").exists()
    for name in ("themes.yaml", "needs.yaml", "accessibility.yaml", "postcodes.csv"):
        assert (out / name).read_bytes() == (DATA / name).read_bytes()
    generated = load_services(out)
    assert len(generated) == 50
    assert len({s["id"] for s in generated}) == 50
    assert all(len(read(out / "services" / p)["services"]) == 10 for p in parts)
    assert contract_problems(generated, district_centres(out)) == []


def test_generator_is_deterministic_rich_and_valid_at_scale() -> None:
    make = load_generator()
    text = make.make_services(1000, seed=7)
    assert text == make.make_services(1000, seed=7)
    assert text != make.make_services(1000, seed=8)
    per_listing = len(text.encode("utf-8")) / 1000
    assert 2000 <= per_listing <= 3000, f"{per_listing:.0f} bytes a listing"
    generated = read_text_services(text)
    assert contract_problems(generated, district_centres(DATA)) == []
    phones = {s["contact"]["phone"] for s in generated}
    assert len(phones) == 1000, "main phone numbers cycle through 0161 496 0000 to 0999"
    assert {s.get("status", "active") for s in generated} == set(STATUSES)
    assert all(len(s["locations"]) in (1, 2) for s in generated if "locations" in s)


def test_the_loader_accepts_the_sample_warning_only_about_reviews(
    services: list[Service],
) -> None:
    from generator.data.loader import load

    result = load(DATA, today=TODAY)
    assert len(result.directory.services) == len(services)
    assert [w.field for w in result.warnings] == ["last_reviewed"] * 5


def test_the_loader_accepts_generated_data(tmp_path: Path) -> None:
    from generator.data.loader import load

    make = load_generator()
    make.write_data_folder(tmp_path, 300, seed=3, split=3)
    result = load(tmp_path, today=TODAY)
    assert len(result.directory.services) == 300
    assert {w.field for w in result.warnings} <= {"last_reviewed"}


def test_generator_never_overwrites_the_sample_data() -> None:
    make = load_generator()
    with pytest.raises(ValueError, match="refusing to overwrite the sample data"):
        make.write_data_folder(DATA, 1)

