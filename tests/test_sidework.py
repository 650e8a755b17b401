"""Work done in a forked process while the build renders pages: its files
arrive in the site only when it succeeded, and a failure stops the build
with the reason."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from generator.sidework import Ahead, SideWork, SideWorkFailed, map_halves


def _write_api(staging: Path) -> None:
    (staging / "api").mkdir()
    (staging / "api" / "services.json").write_text('{"ok": true}', encoding="utf-8")


def _fail(staging: Path) -> None:
    (staging / "api").mkdir()
    raise ValueError("The site address is missing.")


def test_files_written_aside_are_moved_into_the_site(tmp_path: Path) -> None:
    work = SideWork(_write_api, beside=tmp_path / ".cache")
    site = tmp_path / "site"
    site.mkdir()
    work.finish(into=site)
    assert (site / "api" / "services.json").read_text(encoding="utf-8") == '{"ok": true}'
    assert list((tmp_path / ".cache").iterdir()) == []  # the staging folder is gone


def test_a_failure_is_raised_with_its_reason_and_nothing_is_moved(tmp_path: Path) -> None:
    work = SideWork(_fail, beside=tmp_path / ".cache")
    site = tmp_path / "site"
    with pytest.raises(SideWorkFailed, match="The site address is missing."):
        work.finish(into=site)
    assert not (site / "api").exists()
    assert list((tmp_path / ".cache").iterdir()) == []


def test_a_cancelled_job_leaves_nothing_behind(tmp_path: Path) -> None:
    work = SideWork(_write_api, beside=tmp_path / ".cache")
    work.cancel()
    assert list((tmp_path / ".cache").iterdir()) == []


def _square(number: int) -> int:
    return number * number


def _refuse_seven_hundred(number: int) -> int:
    if number == 700:
        raise ValueError("Number 700 cannot be made.")
    return number


def test_map_halves_gives_every_result_in_order() -> None:
    numbers = list(range(1001))
    assert map_halves(_square, numbers, fork=True) == [n * n for n in numbers]


def test_map_halves_reports_a_failure_in_the_forked_half() -> None:
    with pytest.raises(SideWorkFailed, match="Number 700 cannot be made."):
        map_halves(_refuse_seven_hundred, list(range(1000)), fork=True)


def test_map_halves_stays_in_one_process_for_a_few_items() -> None:
    with pytest.raises(ValueError, match="Number 700 cannot be made."):
        map_halves(_refuse_seven_hundred, list(range(701)), fork=False)


def _whose_pid() -> int:
    return os.getpid()


def test_work_started_ahead_runs_in_another_process_and_returns_its_result() -> None:
    ahead = Ahead(_whose_pid, fork=True)
    assert ahead.result() != os.getpid()


def _fails_only_elsewhere(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("not here")
    return 42


def test_work_that_failed_ahead_is_done_again_here() -> None:
    """So its error, if it fails here too, is raised where the build can report it."""
    ahead = Ahead(functools.partial(_fails_only_elsewhere, os.getpid()), fork=True)
    assert ahead.result() == 42
