"""`loader.check`, the path `python -m generator check` takes: it reads and checks
on two cores and keeps no model, but must report exactly what `load` reports,
word for word and in the same order, for good data and bad, one file or many.

The data is the benchmarks' synthetic listings (a few hundred, with the size
at which a second process is used lowered to match), with problems planted
on both sides of where the work is divided.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from datafolder import TODAY

from generator.data import fastyaml, loader
from generator.data.loader import check, load
from generator.data.problems import DataError, github_annotations, problem_report, success_report
from generator.data.yamlnodes import Map, Node

ROOT = Path(__file__).resolve().parent.parent
COUNT = 300  # about 750 KB of YAML


def make_services_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_services", ROOT / "benchmarks" / "make_services.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_services"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


MAKE = make_services_module()


def listing_id(listing: str) -> str:
    return listing.splitlines()[0].removeprefix("  - id: ")


def spoil(listings: list[str]) -> list[str]:
    """Plant problems (and warnings) near the start, the middle and the end."""
    out = list(listings)
    first, middle = listing_id(out[10]), listing_id(out[140])
    # No usable name or id: messages call it "Service N", counted from the file's start.
    for n in (12, 160, 250):
        lines = out[n].splitlines(keepends=True)
        lines[0] = "  - id: Not An Id\n"
        out[n] = "".join(line for line in lines if not line.startswith("    name:"))
    out[170] = "  - just some text\n"  # an entry that is not a listing
    # An id used twice, across the middle; an old id that is another's id; a tab.
    out[155] = out[155].replace(listing_id(out[155]), first, 1)
    out[260] = out[260].replace("    owner:", f"    previous_ids: [{middle}, gone]\n    owner:")
    out[280] = out[280].replace("    owner:", "    previous_ids: [gone]\n    owner:")
    out[290] = out[290].replace(listing_id(out[290]), "gone", 1)
    out[150] = re.sub(r"ages: \{.*\}", "ages: {min: 20, max: 10}", out[150])
    out[200] = out[200].replace('phone: "0161', 'phone: "0999', 1)
    out[299] = out[299].replace("    owner:", "    colour: blue\n    owner:")
    out[230] = out[230].replace("    themes:", "    themes:\t[health]\n    old_themes:")
    return out


def write_folder(folder: Path, listings: list[str], *, split: int = 0) -> Path:
    """A data folder like `make_services.write_data_folder`'s, with these listings."""
    MAKE.write_data_folder(folder, 0, split=split or 0)
    if not split:
        (folder / "services.yaml").write_text(MAKE.services_file(listings), encoding="utf-8")
        return folder
    for old in (folder / "services").glob("*.yaml"):
        old.unlink()
    for part in range(split):
        chunk = listings[part * len(listings) // split : (part + 1) * len(listings) // split]
        path = folder / "services" / f"part-{part + 1:03d}.yaml"
        path.write_text(MAKE.services_file(chunk, in_subfolder=True), encoding="utf-8")
    return folder


def report(run: Callable[[], object]) -> str:
    """Everything `check` prints, whichever way the run ends."""
    try:
        result = run()
    except DataError as error:
        return problem_report(error.problems, error.warnings) + github_annotations(
            error.problems, error.warnings
        )
    if isinstance(result, loader.LoadResult):
        count, warnings, files = len(result.directory.services), result.warnings, result.files
    else:
        assert isinstance(result, loader.CheckResult)
        count, warnings, files = result.services, result.warnings, result.files
    return success_report(count, warnings) + github_annotations([], warnings) + repr(files)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share the work from 100 KB on, as from 1 MB in real use."""
    monkeypatch.setattr(fastyaml, "SPLIT_MIN_BYTES", 100_000)


def both_ways(folder: Path) -> tuple[str, str, str]:
    expected = report(lambda: load(folder, today=TODAY))
    shared = report(lambda: check(folder, today=TODAY, parallel=True))
    alone = report(lambda: check(folder, today=TODAY, parallel=False))
    return expected, shared, alone


@pytest.mark.parametrize("split", [0, 7], ids=["one file", "seven files"])
def test_bad_data_is_reported_exactly_as_load_reports_it(
    tmp_path: Path, two_cores: None, split: int
) -> None:
    folder = write_folder(tmp_path / "data", spoil(MAKE.make_listings(COUNT)), split=split)
    expected, shared, alone = both_ways(folder)
    for planted in ("is also used by", "is in the previous_ids of", "is also in the previous_ids"):
        assert planted in expected
    assert "just some text" in expected
    assert shared == expected
    assert alone == expected


@pytest.mark.parametrize("split", [0, 7], ids=["one file", "seven files"])
def test_good_data_gives_the_same_count_and_warnings(
    tmp_path: Path, two_cores: None, split: int
) -> None:
    folder = write_folder(tmp_path / "data", MAKE.make_listings(COUNT), split=split)
    expected, shared, alone = both_ways(folder)
    assert f"{COUNT} services checked: 0 problems" in expected
    assert shared == expected
    assert alone == expected


def test_one_file_is_cut_in_two_with_positions_counted_from_its_start(
    tmp_path: Path, two_cores: None
) -> None:
    """The split really happens, and "Service N" counts from the file's first listing
    even when N is in the worker's half."""
    listings = spoil(MAKE.make_listings(COUNT))
    data = MAKE.services_file(listings).encode()
    seen: list[int] = []

    def ids(items: list[Node]) -> object:
        seen.append(len(items))
        return [item.entries["id"].text for item in items if isinstance(item, Map)]

    split = fastyaml.Split(key="services", head=ids, tail=_ids_in_worker)
    tree = fastyaml.read_fast(data, parallel=True, split=split)
    assert isinstance(tree, Map)
    halves = tree.entries["services"].items  # type: ignore[union-attr]
    assert [type(half) for half in halves] == [fastyaml.Done, fastyaml.Done]
    head, (pid, tail) = halves[0].result(), halves[1].result()  # type: ignore[union-attr]
    assert pid != os.getpid(), "the second half was read in another process"
    assert len(seen) == 1 and 0 < seen[0] < COUNT
    assert head + tail == [listing_id(x) for x in listings if x.startswith("  - id:")]

    folder = write_folder(tmp_path / "data", listings)
    problems = check_problems(folder)
    assert [p.service for p in problems if p.field == "name"] == [
        "Service 13",
        "Service 161",
        "Service 251",
    ]


def _ids_in_worker(items: list[Node]) -> object:
    return os.getpid(), [item.entries["id"].text for item in items if isinstance(item, Map)]


def _fail_in_worker(items: list[Node]) -> object:
    if os.getpid() != PARENT:
        raise RuntimeError("the worker fails")
    return len(items)


PARENT = os.getpid()


def test_a_worker_that_fails_leaves_its_share_to_the_main_process(two_cores: None) -> None:
    data = MAKE.make_services(COUNT).encode()
    split = fastyaml.Split(key="services", head=len, tail=_fail_in_worker)
    tree = fastyaml.read_fast(data, parallel=True, split=split)
    assert isinstance(tree, Map)
    halves = tree.entries["services"].items  # type: ignore[union-attr]
    assert sum(half.result() for half in halves) == COUNT  # type: ignore[union-attr,misc]


def check_problems(folder: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(DataError) as caught:
        check(folder, today=TODAY, parallel=True)
    return caught.value.problems


def test_unreadable_and_broken_files_among_many(tmp_path: Path, two_cores: None) -> None:
    folder = write_folder(tmp_path / "data", MAKE.make_listings(COUNT), split=5)
    (folder / "services" / "part-002.yaml").write_text("services:\n  - id: [\n")
    (folder / "services" / "part-004.yaml").write_bytes(b"services:\n  - id: caf\xe9\n")
    (folder / "services" / "part-005.yaml").write_text("")
    third = folder / "services" / "part-003.yaml"  # a key twice: only the exact reader reads it
    third.write_text(third.read_text().replace("    owner:", "    name: Again\n    owner:", 1))
    expected, shared, alone = both_ways(folder)
    assert "part-002.yaml" in expected and "part-004.yaml" in expected
    assert "part-005.yaml" in expected
    assert '"name" is written twice' in expected
    assert shared == expected
    assert alone == expected


def test_cache_gives_the_same_report_and_notices_changes(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "data", spoil(MAKE.make_listings(COUNT)), split=3)
    cache = tmp_path / "cache"
    expected = report(lambda: load(folder, today=TODAY))
    assert report(lambda: check(folder, today=TODAY, cache_dir=cache)) == expected
    entries = sorted(cache.glob("check-*.pickle"))
    assert len(entries) == 3
    assert report(lambda: check(folder, today=TODAY, cache_dir=cache)) == expected

    # A changed file is checked again; the others come from the cache.
    part = folder / "services" / "part-002.yaml"
    part.write_text(part.read_text().replace("last_reviewed: 2026", "last_reviewed: 2027"))
    changed = report(lambda: load(folder, today=TODAY))
    assert changed != expected
    assert report(lambda: check(folder, today=TODAY, cache_dir=cache)) == changed
    assert len(list(cache.glob("check-*.pickle"))) == 4

    # Another day is another check: "due for review" and "in the future" move with it.
    later = TODAY.replace(year=TODAY.year + 2)
    assert report(lambda: check(folder, today=later, cache_dir=cache)) == report(
        lambda: load(folder, today=later)
    )


def test_cache_entries_that_are_damaged_or_hold_code_are_ignored(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "data", spoil(MAKE.make_listings(COUNT)), split=2)
    cache = tmp_path / "cache"
    expected = report(lambda: check(folder, today=TODAY, cache_dir=cache))
    first, second = sorted(cache.glob("check-*.pickle"))
    first.write_bytes(b"not a pickle")
    second.write_bytes(pickle.dumps([(os.system, ("true",))]))
    assert report(lambda: check(folder, today=TODAY, cache_dir=cache)) == expected
    assert report(lambda: load(folder, today=TODAY)) == expected


def test_a_service_named_like_a_place_keeps_its_name_in_the_second_half(
    tmp_path: Path, two_cores: None
) -> None:
    """Only "Service N" labels from a place in the file are renumbered, never a name."""
    listings = MAKE.make_listings(COUNT)
    listings[200] = re.sub(r"(?m)^    name: .*$", "    name: Service 3", listings[200], count=1)
    listings[200] = listings[200].replace('phone: "0161', 'phone: "0999', 1)
    folder = write_folder(tmp_path / "data", listings)
    expected, shared, alone = both_ways(folder)
    assert [p.service for p in check_problems(folder)] == ['"Service 3"']
    assert shared == expected
    assert alone == expected
