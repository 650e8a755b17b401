"""`python -m generator import SOURCE`: what a council officer sees, and the files it writes.

Fixtures in tests/fixtures/import/ are written in the shapes of an Open
Referral UK v1 page (`content`, service_taxonomys, regular_schedules...) and
of HSDS 3.0's examples (`contents`, attributes, schedules with RRULE parts),
with Hollinbrook's fictional services and the faults real feeds have.
Feeds at an address are served by a small HTTP server in the test.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import ONE_SERVICE, ROOT, run_generator

from generator.cli import main
from generator.data import loader

FIXTURES = ROOT / "tests" / "fixtures" / "import"
V1 = FIXTURES / "oruk1-page.json"
V3 = FIXTURES / "hsds3-page.json"
TODAY = date.today()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with our lists and no listings, as a council starts."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("themes.yaml", "needs.yaml", "accessibility.yaml"):
        shutil.copyfile(ROOT / "data" / name, folder / name)
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shown(path: Path) -> str:
    return loader.shown_path(path)


# --- a v1 feed saved to a file -------------------------------------------------------


def test_v1_page_imports_cleaned_listings_that_pass_the_check(data: Path) -> None:
    code, out, err = run(str(V1), "--data", str(data))
    services = data / "services"
    expected = [
        f"Read 4 services from {V1} (Open Referral UK v1).",
        "Imported 3: 3 new, 0 updated, 0 unchanged.",
        f"Wrote {shown(data / 'crosswalk.yaml')}, the starter crosswalk: adjust it to your source, "
        "then import again.",
        "",
        "Skipped 1 record:",
        "  id 9b2c1e2a-0000-4000-8000-000000000003: it has no name",
        "",
        "Warnings:",
        '  "Hollinbrook & District Parent Carer Forum": its description held code that could '
        "run in a browser (a script, a javascript: link or an event attribute), which was "
        "removed. Read the listing before you publish it",
        '  "Hollinbrook & District Parent Carer Forum": the placeholder email '
        "name@noemail.invalid was left out",
        "  \"Hollinbrook Swimming Club\": the web address \"http://\" was left out: it is not one "
        "we can link to",
    ]
    assert (code, err) == (0, "")
    assert out.splitlines()[: len(expected)] == expected
    assert sorted(p.name for p in services.iterdir()) == [
        "hollinbrook-and-district-parent-carer-forum.yaml",
        "hollinbrook-swimming-club.yaml",
        "sunflower-play-scheme.yaml",
    ]
    assert (data / "crosswalk.yaml").is_file() and (data / ".import-state.json").is_file()
    assert loader.check(data, today=TODAY).services == 3

    sunflower = loader.load(data, today=TODAY).directory.services
    by_id = {s.id: s for s in sunflower}
    play = by_id["sunflower-play-scheme"]
    assert play.summary == "Holiday play sessions for disabled children aged 5 to 11."
    # The feed's own <h1> (the name again) is gone and its <h2> is below the page's headings.
    assert play.description == (
        "Holiday play sessions for disabled children aged 5 to 11. Our play workers run "
        "games, crafts & trips.\n\n### What to bring\n\n- A packed lunch\n- Sun cream"
    )
    assert "\u200b" not in (play.description or "")
    assert play.themes == ("leisure-play-short-breaks",)
    assert list(play.needs) == ["autism"]
    assert (
        play.contact is not None
        and play.contact.website == "https://www.example.org/hollinbrook/sunflower"
    )
    assert play.contact.phone is not None and play.contact.phone.display == "0161 496 0110"
    assert [p.name for p in play.contacts] == ["Amina Shah"]
    assert play.locations[0].postcode == "HB3 2QT"
    assert list(play.locations[0].accessibility) == ["step-free-access", "accessible-toilet"]
    assert play.last_reviewed == date(2026, 3, 14)
    swim = by_id["hollinbrook-swimming-club"]
    assert (swim.ages.min, swim.ages.max) == (8, 25) if swim.ages else False
    forum = by_id["hollinbrook-and-district-parent-carer-forum"]
    assert forum.ages is None  # -1 and 99: no limit
    assert forum.contact is None  # the placeholder email was dropped
    assert forum.last_reviewed == TODAY


def test_hostile_html_is_sanitised_before_it_is_written(data: Path) -> None:
    run(str(V1), "--data", str(data))
    text = (data / "services" / "hollinbrook-and-district-parent-carer-forum.yaml").read_text()
    for hostile in ("<script", "alert(", "javascript:", "onclick", "onerror", "<img", "steal"):
        assert hostile not in text
    assert (
        "description: Parents helping parents. Click and [our site](https://www.example.org/forum).\n"
        in text
    )


def test_hsds3_page_maps_terms_phones_areas_and_dates(data: Path) -> None:
    code, out, _ = run(str(V3), "--data", str(data))
    assert code == 0
    assert out.splitlines()[:2] == [
        f"Read 1 service from {V3} (HSDS 3.0).",
        "Imported 1: 1 new, 0 updated, 0 unchanged.",
    ]
    (service,) = loader.load(data, today=TODAY).directory.services
    assert list(service.themes) == ["health"]
    assert list(service.needs) == ["speech-language-communication"]
    assert service.organisation is not None
    assert service.organisation.description == "Community health services."
    assert service.area == "All of Hollinbrook"
    assert service.how_to_access is not None
    assert service.how_to_access.details == "Ask your GP or health visitor to refer you."
    assert service.cost is not None and service.cost.free is True
    assert list(service.locations[0].accessibility) == ["hearing-loop"]


def test_listings_carry_their_source(data: Path) -> None:
    run(str(V3), "--data", str(data))
    text = (data / "services" / "hollinbrook-speech-and-language-therapy.yaml").read_text()
    assert (
        "source:\n  system: hsds3-page\n  id: ac148810-d857-441c-9679-408f346de14b\n"
        in text
    )


def test_monthly_sessions_keep_their_weeks(data: Path) -> None:
    run(str(V1), "--data", str(data))
    text = (data / "services" / "sunflower-play-scheme.yaml").read_text()
    assert "weeks:\n  - first\n  - third\n" in text


# --- the crosswalk -------------------------------------------------------------------


def test_a_record_that_maps_to_nothing_gets_the_fallback_theme_and_a_warning(
    data: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "id": "x1",
                    "name": "Hollinbrook Knitting Circle",
                    "description": "We knit.",
                    "url": "https://www.example.org/knit",
                }
            ]
        )
    )
    code, out, _ = run(str(feed), "--data", str(data))
    knitting = data / "services" / "hollinbrook-knitting-circle.yaml"
    assert code == 0
    assert (
        "  1 listing matched no theme in the crosswalk and got the theme advice-support-advocacy. "
        f"Add their terms to {shown(data / 'crosswalk.yaml')} and import again:\n"
        f'    "Hollinbrook Knitting Circle" ({shown(knitting)})\n'
    ) in out
    # The editor adds a word to the crosswalk; the next import uses it and rewrites the listing.
    crosswalk = data / "crosswalk.yaml"
    crosswalk.write_text(
        crosswalk.read_text().replace(
            "words: [play, playscheme,", "words: [knit, play, playscheme,"
        )
    )
    code, out, _ = run(str(feed), "--data", str(data))
    assert out.splitlines()[1] == "Imported 1: 0 new, 1 updated, 0 unchanged."
    assert (
        "themes:\n- leisure-play-short-breaks\n"
        in (data / "services" / "hollinbrook-knitting-circle.yaml").read_text()
    )


def test_a_crosswalk_naming_an_unknown_theme_is_refused(data: Path) -> None:
    (data / "crosswalk.yaml").write_text("fallback_theme: advice\nthemes: {}\n")
    before = files(data)
    code, out, err = run(str(V3), "--data", str(data))
    assert (code, out) == (1, "")
    assert err == (
        "The crosswalk cannot be used:\n"
        f"  {shown(data / 'crosswalk.yaml')}, line 1: \"advice\" is not one of our themes. "
        "Use an id from themes.yaml, like education, health, social-care, "
        "early-years-childcare, ....\n"
    )
    assert files(data) == before


# --- re-import -----------------------------------------------------------------------


def test_importing_the_same_source_again_changes_nothing(data: Path) -> None:
    run(str(V1), "--data", str(data))
    before = files(data)
    times = {p: p.stat().st_mtime_ns for p in data.rglob("*")}
    time.sleep(0.01)
    code, out, _ = run(str(V1), "--data", str(data))
    assert code == 0
    assert out.splitlines()[1] == "Imported 3: 0 new, 0 updated, 3 unchanged."
    assert files(data) == before
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*")} == times


def changed_v1(tmp_path: Path, name: str) -> Path:
    feed = json.loads(V1.read_text())
    feed["content"][0]["fees"] = "£6 a session."
    feed["content"][3]["description"] = (
        "Swimming lessons for young people with learning disabilities, on Fridays."
    )
    path = tmp_path / name
    path.write_text(json.dumps(feed))
    return path


def test_a_changed_source_rewrites_only_the_listings_that_changed(
    data: Path, tmp_path: Path
) -> None:
    run(str(V1), "--data", str(data), "--system", "placecube-hollinbrook")
    before = files(data)
    code, out, _ = run(
        str(changed_v1(tmp_path, "v1.json")),
        "--data",
        str(data),
        "--system",
        "placecube-hollinbrook",
    )
    assert code == 0
    assert out.splitlines()[1] == "Imported 3: 0 new, 2 updated, 1 unchanged."
    after = files(data)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {
        ".import-state.json",
        "services/sunflower-play-scheme.yaml",
        "services/hollinbrook-swimming-club.yaml",
    }
    assert b"description: \xc2\xa36 a session." in after["services/sunflower-play-scheme.yaml"]


def test_a_listing_edited_here_is_kept_and_reported_unless_told_to_overwrite(
    data: Path, tmp_path: Path
) -> None:
    run(str(V1), "--data", str(data), "--system", "placecube-hollinbrook")
    edited = data / "services" / "sunflower-play-scheme.yaml"
    mine = edited.read_text().replace("Sun cream", "Sun cream and a hat")
    edited.write_text(mine)
    newer = changed_v1(tmp_path, "v1.json")
    code, out, _ = run(str(newer), "--data", str(data), "--system", "placecube-hollinbrook")
    assert code == 0
    assert (
        out.splitlines()[1] == "Imported 3: 0 new, 1 updated, 1 unchanged, 1 kept as edited here."
    )
    assert (
        "1 listing was edited here since the last import and changed in the source too. Your "
        "version was kept; to take the source's instead, import again with --overwrite:\n"
        f"  {shown(edited)}\n"
    ) in out
    assert edited.read_text() == mine
    code, out, _ = run(
        str(newer), "--data", str(data), "--system", "placecube-hollinbrook", "--overwrite"
    )
    assert out.splitlines()[1] == "Imported 3: 0 new, 0 updated, 2 unchanged, 1 edits replaced."
    assert "Sun cream and a hat" not in edited.read_text()
    assert "£6 a session." in edited.read_text()


# --- the round trip ------------------------------------------------------------------


def test_importing_our_own_export_reproduces_the_listings(data: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export"
    result = run_generator(
        ROOT,
        "export",
        "--data",
        str(ROOT / "data"),
        "--out",
        str(exported),
        "--site-url",
        "https://localoffer.example.org/",
        "--today",
        TODAY.isoformat(),
    )
    assert result.returncode == 0, result.stderr
    code, out, _ = run(str(exported / "services.csv"), "--data", str(data))
    original = {s.id: s for s in loader.load(ROOT / "data", today=TODAY).directory.services}
    with (exported / "services.csv").open(encoding="utf-8-sig", newline="") as table:
        rows = len(list(csv.DictReader(table)))
    assert code == 0
    assert out.splitlines()[:2] == [
        f"Read {rows} services from {exported / 'services.csv'} (services.csv).",
        f"Imported {rows}: {rows} new, 0 updated, 0 unchanged.",
    ]
    imported = {s.id: s for s in loader.load(data, today=TODAY).directory.services}
    assert len(imported) == rows
    # `owner` is never published, so it cannot come back; everything else does, exactly
    # (but for where each listing was read from, its file and line).
    assert {
        i: dataclasses.replace(original[i], owner=None, source=s.source)
        for i, s in imported.items()
    } == imported


# --- bad input: a clear message, exit 1, nothing written ------------------------------


def refused(data: Path, source: str, *more: str) -> str:
    before = files(data)
    code, out, err = run(source, "--data", str(data), *more)
    assert (code, out) == (1, "")
    assert files(data) == before
    return err


def test_a_file_that_is_not_json(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('{"content": [\n  {"id": 1,,}\n]}')
    assert refused(data, str(path)) == (
        f"{path} is not JSON: the text stops making sense at line 2, column 12. "
        "Import an Open Referral feed (JSON) or our services.csv.\n"
    )


def test_json_in_a_shape_it_does_not_know(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('{"items": [], "count": 0}')
    assert refused(data, str(path)) == (
        f"{path} is JSON, but not in a shape the import knows. It has count, items. Give an Open "
        "Referral UK v1 page (with content), an HSDS 3.0 page (with contents), one service, or a "
        "list of services.\n"
    )


def test_a_file_over_the_size_cap(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(
        json.dumps({"content": [{"id": str(i), "name": "x" * 100} for i in range(12_000)]})
    )
    size = path.stat().st_size
    assert refused(data, str(path), "--max-size", "1") == (
        f"{path} is too big to import: {size / 1_000_000:.1f} MB or more, and the limit is 1.0 MB. "
        "Split it, or give a larger --max-size.\n"
    )


def test_a_feed_whose_records_all_fail(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps({"contents": [{"id": "a", "name": ""}, {"id": "b", "name": "<b></b>"}]})
    )
    assert refused(data, str(path)) == (
        f"No service in {path} could be imported. Nothing was written.\n"
        "  id a: it has no name\n"
        "  id b: it has no name\n"
    )


# --- feeds at an address -------------------------------------------------------------


@contextmanager
def feed_server(routes: dict[str, tuple[str, bytes]], delay: float = 0.0) -> Iterator[str]:
    """Serve `routes` (path with query -> content type, body); other paths answer 404."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if delay:
                time.sleep(delay)
            found = routes.get(self.path)
            if found is None:
                self.send_error(404)
                return
            kind, body = found
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _json(document: object) -> tuple[str, bytes]:
    return "application/json", json.dumps(document).encode()


def test_a_feed_base_address_is_paged_through_and_thin_records_fetched(data: Path) -> None:
    full = json.loads(V3.read_text())["contents"][0]
    second = dict(
        full, id="bb000000-0000-4000-8000-000000000002", name="Hollinbrook Wheelchair Service"
    )
    routes = {
        "/": _json({"version": "3.0", "profile": "https://openreferraluk.org"}),
        "/services": _json(
            {
                "total_pages": 2,
                "page_number": 1,
                "contents": [{"id": full["id"], "name": full["name"]}],
            }
        ),
        "/services?page=2": _json(
            {
                "total_pages": 2,
                "page_number": 2,
                "contents": [{"id": second["id"], "name": second["name"]}],
            }
        ),
        f"/services/{full['id']}": _json(full),
        f"/services/{second['id']}": _json(second),
    }
    with feed_server(routes) as base:
        code, out, _ = run(base + "/", "--data", str(data))
    assert code == 0, out
    assert out.splitlines()[:2] == [
        f"Read 2 services from {base}/services (HSDS 3.0).",
        "Imported 2: 2 new, 0 updated, 0 unchanged.",
    ]
    names = sorted(s.name for s in loader.load(data, today=TODAY).directory.services)
    assert names == ["Hollinbrook Speech and Language Therapy", "Hollinbrook Wheelchair Service"]
    services = loader.load(data, today=TODAY).directory.services
    assert all(s.contact and s.contact.phone for s in services)  # from /services/{id}


def test_a_feed_that_answers_a_web_page(data: Path) -> None:
    with feed_server(
        {"/services": ("text/html", b"<!DOCTYPE html><title>Directory</title>")}
    ) as base:
        assert refused(data, base + "/services") == (
            f"{base}/services answered with a web page, not JSON. Give the address of the feed "
            "itself (its /services), not of the directory's website.\n"
        )


def test_a_feed_that_does_not_answer_in_time(data: Path) -> None:
    with feed_server({"/services": _json({"contents": []})}, delay=2.0) as base:
        assert refused(data, base + "/services", "--timeout", "0.5") == (
            f"{base}/services did not answer within 0.5 seconds. Try again later, or give a "
            "longer --timeout.\n"
        )


def test_the_command_is_documented() -> None:
    guide = (ROOT / "docs" / "importing.md").read_text()
    for words in ("python -m generator import", "crosswalk.yaml", "--overwrite", "Going live"):
        assert words in guide
    assert "docs/importing.md" in (ROOT / "README.md").read_text()


def test_a_listing_the_check_refuses_is_skipped_with_the_checks_words(
    data: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.json"
    late = {"byday": "MO", "opens_at": "15:00", "closes_at": "09:00"}
    feed.write_text(
        json.dumps(
            [
                {
                    "id": "x1",
                    "name": "Late Club",
                    "url": "https://www.example.org/late",
                    "regular_schedules": [late],
                },
                {"id": "x2", "name": "Early Club", "url": "https://www.example.org/early"},
            ]
        )  # fmt: skip
    )
    code, out, _ = run(str(feed), "--data", str(data))
    assert code == 0
    assert out.splitlines()[1:7] == [
        "Imported 1: 1 new, 0 updated, 0 unchanged.",
        f"Wrote {shown(data / 'crosswalk.yaml')}, the starter crosswalk: adjust it to your source, "
        "then import again.",
        "",
        "Skipped 1 record:",
        '  "Late Club" (id x1): schedule[1].closes: The closing time (09:00) is not after the '
        "opening time (15:00). Check opens and closes, using the 24-hour clock, like 17:00 "
        "for 5pm.",
    ]
    assert [p.name for p in (data / "services").iterdir()] == ["early-club.yaml"]


def test_a_listing_no_longer_in_the_source_is_kept_and_named(data: Path, tmp_path: Path) -> None:
    run(str(V1), "--data", str(data), "--system", "placecube-hollinbrook")
    feed = json.loads(V1.read_text())
    del feed["content"][3]
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(feed))
    code, out, _ = run(str(smaller), "--data", str(data), "--system", "placecube-hollinbrook")
    swim = data / "services" / "hollinbrook-swimming-club.yaml"
    assert code == 0
    assert (
        "\n\n1 listing imported before is no longer in the source. They were kept: if the "
        "service has closed, set its status to retired or remove it:\n"
        f"  {shown(swim)}\n"
    ) in out
    assert swim.is_file()


def test_a_system_name_that_is_not_an_id_is_refused(data: Path) -> None:
    assert refused(data, str(V3), "--system", "Placecube Hollinbrook") == (
        '--system "Placecube Hollinbrook" cannot name a source: use small letters, numbers '
        "and single hyphens, like placecube-hollinbrook.\n"
    )


def test_an_id_already_used_here_is_not_reused(data: Path) -> None:
    (data / "services.yaml").write_text(ONE_SERVICE)  # has sunflower-play-scheme
    code, _, _ = run(str(V1), "--data", str(data))
    assert code == 0
    assert (data / "services" / "sunflower-play-scheme-2.yaml").is_file()
    assert loader.check(data, today=TODAY).services == 4


def test_a_position_off_the_earth_is_left_out_not_the_listing(data: Path, tmp_path: Path) -> None:
    feed = json.loads(V3.read_text())
    feed["contents"][0]["service_at_locations"][0]["location"].update(
        latitude=100.0, longitude=-2.2
    )
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    code, out, _ = run(str(path), "--data", str(data))
    assert code == 0
    assert (
        '  "Hollinbrook Speech and Language Therapy": the latitude 100.0 is not on Earth, so '
        "the place's position was left out\n"
    ) in out
    (service,) = loader.load(data, today=TODAY).directory.services
    assert (service.locations[0].latitude, service.locations[0].longitude) == (None, None)


def test_a_v1_feed_is_paged_through_by_its_total_pages(data: Path) -> None:
    records = json.loads(V1.read_text())["content"]
    first = {"totalPages": 2, "number": 1, "first": True, "last": False, "content": records[:2]}
    second = {"totalPages": 2, "number": 2, "first": False, "last": True, "content": records[2:]}
    routes = {"/api/services": _json(first), "/api/services?page=2": _json(second)}
    with feed_server(routes) as base:
        code, out, _ = run(base + "/api/services", "--data", str(data))
    assert code == 0
    assert out.splitlines()[:2] == [
        f"Read 4 services from {base}/api/services (Open Referral UK v1).",
        "Imported 3: 3 new, 0 updated, 0 unchanged.",
    ]


def test_markup_written_as_entities_is_named_and_never_reaches_the_page(
    data: Path, tmp_path: Path
) -> None:
    from generator.site.render import render_markdown

    feed = tmp_path / "feed.json"
    text = "<p>We knit. &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</p>"
    feed.write_text(json.dumps([{"id": "k", "name": "Knit Club", "description": text}]))
    code, out, _ = run(str(feed), "--data", str(data))
    assert code == 0
    assert '  "Knit Club": its description held code that could run in a browser' in out
    (service,) = loader.load(data, today=TODAY).directory.services
    page = str(render_markdown(service.description or "", "services/knit-club.md"))
    assert "<script" not in page and "alert(1)" not in page.replace("&lt;", "<").split("<")[0]
    assert "We knit." in page


def test_words_around_phone_numbers_become_their_descriptions(data: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    phones = [{"number": "Call 0161 496 0110 or 020 7946 0123 (evenings)"}]
    feed.write_text(json.dumps([{"id": "p", "name": "Play Line", "phones": phones}]))
    code, _, _ = run(str(feed), "--data", str(data))
    assert code == 0
    text = (data / "services" / "play-line.yaml").read_text()
    assert (
        'contact:\n  phone: "0161 496 0110"\n  phones:\n'
        '  - number: "020 7946 0123"\n    description: evenings\n'
    ) in text


def test_links_into_the_old_directory_keep_only_their_words(data: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    text = (
        '<p>Read <a href="/about">about us</a> or <a href="https://www.example.org/x">ours</a>.</p>'
    )
    feed.write_text(json.dumps([{"id": "r", "name": "Reading Club", "description": text}]))
    run(str(feed), "--data", str(data))
    (service,) = loader.load(data, today=TODAY).directory.services
    assert service.summary == "Read about us or ours."
    assert service.description == "Read about us or [ours](https://www.example.org/x)."


def test_the_organisations_phones_and_the_times_at_each_place_are_kept(
    data: Path, tmp_path: Path
) -> None:
    record = {
        "id": "s",
        "name": "Stay and Play",
        "phones": [{"number": "0161 496 0130"}],
        "organization": {"name": "Oak Tree Centre", "phones": [{"number": "0161 496 0131"}]},
        "service_at_locations": [
            {
                "location": {"name": "Oak Tree Hall"},
                "regular_schedules": [
                    {"weekday": "Tuesday", "opens_at": "09:30", "closes_at": "11:30"}
                ],
            }
        ],
    }
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([record]))
    code, _, err = run(str(feed), "--data", str(data))
    assert code == 0, err
    text = (data / "services" / "stay-and-play.yaml").read_text()
    assert (
        'contact:\n  phone: "0161 496 0130"\n  phones:\n'
        '  - number: "0161 496 0131"\n    description: Oak Tree Centre\n'
    ) in text
    (service,) = loader.load(data, today=TODAY).directory.services
    (session,) = service.schedule
    assert (session.days, session.opens, session.closes, session.note) == (
        ("tuesday",),
        "09:30",
        "11:30",
        "Oak Tree Hall",
    )
