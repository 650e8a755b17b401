"""The one date a build uses: the commit's or the day's, never the time of day.

Two builds of the same commit on the same day must be byte-identical, so
every page that shows "today" (publishing windows, sitemap dates, review
warnings) reads it from here. `SOURCE_DATE_EPOCH` (the reproducible-builds
convention, also honoured by MkDocs for the sitemap) wins; else the later of
the commit time of HEAD and the start of today (midnight UTC); else now.

The start of today, because listings' `visible_from` and `visible_to` must
take effect on their day although nothing was committed: the daily rebuild
(.github/workflows/daily.yml) publishes the same commit with the new date.
UTC, not Europe/London: it is what `build_date` and `SOURCE_DATE_EPOCH`
count in, and the daily rebuild runs at 05:30 UTC, when the date is the
same in both.

"Now" also stands in for the commit when the working tree has uncommitted
changes: an editor building their own edits (a listing reviewed today) is
building something newer than any commit, and must not be told its date is
in the future. A clean checkout, as CI builds it, always gets the rule above.
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

from generator import messages

_PROJECT = Path(__file__).resolve().parents[2]
_DAY = 24 * 60 * 60  # seconds; Unix time has no leap seconds, so each day is this long


def build_epoch(project: Path | None = None, *, now: float | None = None) -> int:
    """Seconds since 1970 (UTC) that stand for "now" in this build.

    `project` is the folder whose git history dates the build; by default the
    checkout this package lives in. `now` is the wall clock's time (by
    default the real one), which only the date of matters to a clean checkout.
    """
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            return int(env)
        except ValueError:
            raise ValueError(messages.bad_epoch(env)) from None
    wall = int(time.time() if now is None else now)
    commit = _commit_epoch(project or _PROJECT)
    return wall if commit is None else max(commit, _start_of_day(wall))


def build_date(project: Path | None = None, *, now: float | None = None) -> date:
    """The build's "today", in UTC so that it never depends on the machine's zone."""
    return datetime.fromtimestamp(build_epoch(project, now=now), tz=UTC).date()


def _start_of_day(epoch: int) -> int:
    """Midnight UTC at the start of the day `epoch` falls on."""
    return epoch - epoch % _DAY


def _commit_epoch(project: Path) -> int | None:
    """The committer time of HEAD; None outside git, before the first commit,
    or when the working tree has uncommitted changes."""
    committed = _git(project, "log", "-1", "--format=%ct")
    if committed is None or not committed.isdigit():
        return None
    changes = _git(project, "status", "--porcelain")
    return int(committed) if changes == "" else None


def _git(project: Path, *args: str) -> str | None:
    """A git command's output, or None when git or the repository is missing."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
