"""The daily rebuild: the same commit, built on a later day, publishes with
that day's date, and twice the same day gives the same files.

A real git repository made in the test, committed on 15 April 2026 with a
holiday club listed until 30 April. Built as CI builds it (no
SOURCE_DATE_EPOCH, a clean checkout), on the day the test runs, long after:
the club's page is gone, on purpose, and `check-urls` against the site as
it was published on the day of the commit passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from projects import ONE_SERVICE, all_files, build_env, git, run_build, write_project

SITE_URL = "https://localoffer.example.org/"
COMMITTED = "2026-04-15T12:00:00+00:00"

HOLIDAY_CLUB = """\
  - id: easter-holiday-club
    previous_ids: [easter-club]
    name: Easter Holiday Club
    summary: Play sessions in the Easter holidays for disabled children aged 5 to 11.
    themes: [leisure-play-short-breaks]
    last_reviewed: 2026-03-14
    visible_to: 2026-04-30
"""


def unset_epoch() -> dict[str, str]:
    """The environment of a CI build: nothing fixes the date."""
    env = build_env(None)
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, committed; what the build writes inside it is ignored, as
    in the repository, so the checkout stays clean."""
    folder = write_project(
        tmp_path_factory.mktemp("daily") / "project", services_yaml=ONE_SERVICE + HOLIDAY_CLUB
    )
    (folder / ".gitignore").write_text("/site/\n.cache/\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Add the holiday club", date=COMMITTED)
    return folder


def epoch_of(moment: str) -> int:
    return int(datetime.fromisoformat(moment).timestamp())


def build(project: Path, out: Path, env: dict[str, str]) -> Path:
    result = run_build(project, "--out", str(out), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(project, "status", "--porcelain") == "", "the build left the checkout dirty"
    return out


def test_a_later_day_drops_the_expired_listing_on_purpose(
    project: Path, tmp_path: Path
) -> None:
    # The site as published on the day of the commit, with the club.
    on_the_day = {**unset_epoch(), "SOURCE_DATE_EPOCH": str(epoch_of(COMMITTED))}
    published = build(project, tmp_path / "published", on_the_day)
    assert (published / "services" / "easter-holiday-club" / "index.html").is_file()
    previous = json.loads((published / "urls.json").read_text(encoding="utf-8"))

    # Built the way CI builds it, on the day the test runs.
    today = datetime.now(UTC).date().isoformat()
    first = build(project, tmp_path / "first", unset_epoch())
    second = build(project, tmp_path / "second", unset_epoch())

    files = all_files(first)
    assert files == all_files(second), "two builds of one commit on one day differ"
    assert f"<lastmod>{today}</lastmod>".encode() in files["sitemap.xml"]
    assert "services/easter-holiday-club/index.html" not in files
    assert "services/easter-club/index.html" not in files
    assert json.loads(files["urls.json"])["outside_dates"] == [
        SITE_URL + "services/easter-club/",
        SITE_URL + "services/easter-holiday-club/",
    ]

    result = subprocess.run(
        [sys.executable, "-m", "generator", "check-urls"]
        + ["--previous", str(published / "urls.json"), "--site", str(first)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "These addresses are off the site on purpose, because the visible_from or visible_to "
        "dates of their listing leave it out on the day of this build:\n"
        "  https://localoffer.example.org/services/easter-club/\n"
        "  https://localoffer.example.org/services/easter-holiday-club/\n"
        f"The other {len(previous['urls']) - 2} addresses published before "
        "still lead to a page or a redirect.\n"
    )
