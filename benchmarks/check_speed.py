"""How long `check` takes at 1,000 and 10,000 listings, against a bare PyYAML load.

For each case (in one file, and split over 100 files) this writes synthetic
listings with `benchmarks/make_services.py`, then times, each in a fresh
Python process so no run warms the next:

- CSafeLoader: `yaml.load(..., Loader=yaml.CSafeLoader)` of the same bytes,
  the floor: what reading the YAML alone costs with libyaml;
- read: our one reader (`yamlread`: libyaml's events into line-numbered nodes);
- check: `generator.data.loader.check()` on the folder, what the `check`
  command runs: reading and checking everything, no model kept;
- load: `generator.data.loader.load()`, which the build uses: the same, and
  the model of every service;
- CLI: the whole `python -m generator check` command, start-up included.

Every figure is the best of `--repeat` runs, in wall seconds. Then, for each
of `--pages-counts`, the same command on a copy of the project (the sample's
`mkdocs.yml` and `content/` pages, the sample listings among the synthetic
ones, as `build_speed.py` makes it), where `check` also checks the guidance
pages and grades the plain words of every page and description: each run's
wall and CPU seconds (user + system), since a shared machine's wall clock
says little alone. The targets (`docs/performance.md`): the CLI under 6 s at
10,000 listings, with pages and without.

    python benchmarks/check_speed.py                 # 1,000 and 10,000
    python benchmarks/check_speed.py --counts 1000 --repeat 3
    python benchmarks/check_speed.py --counts --pages-counts 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAKE = HERE / "make_services.py"
BUILD_SPEED = HERE / "build_speed.py"
COLUMNS = ("CSafeLoader", "read", "check", "load", "CLI")


def _services_files(folder: Path) -> list[Path]:
    top = folder / "services.yaml"
    return ([top] if top.exists() else []) + sorted((folder / "services").glob("*.yaml"))


def _module(name: str, path: Path) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _reference_date() -> str:
    """The synthetic data's "today": no review date is later than it."""
    return str(_module("make_services", MAKE).REFERENCE_DATE)  # type: ignore[attr-defined]


def _measure(what: str, folder: Path, today: str) -> float:
    """Run inside a fresh process: one timing, in seconds."""
    from datetime import date

    if what == "CSafeLoader":
        import yaml

        blobs = [path.read_bytes() for path in _services_files(folder)]
        started = time.perf_counter()
        for blob in blobs:
            yaml.load(blob, Loader=yaml.CSafeLoader)  # noqa: S506 (the floor being measured)
        return time.perf_counter() - started

    from generator.data import loader, yamlread

    day = date.fromisoformat(today)
    started = time.perf_counter()
    if what == "read":
        with loader.gc_paused():
            for path in _services_files(folder):
                yamlread.read_yaml(path, path.name)
    elif what == "check":
        loader.check(folder, today=day)
    elif what == "load":
        loader.load(folder, today=day)
    else:
        raise ValueError(what)
    return time.perf_counter() - started


def _run_measure(what: str, folder: Path, today: str) -> float:
    if what == "CLI":
        command = [sys.executable, "-m", "generator", "check", "--data", str(folder)]
        command += ["--today", today]
    else:
        command = [sys.executable, __file__, "--measure", what, str(folder), today]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        print(f"{what} on {folder} failed:\n{result.stderr[-1500:]}", file=sys.stderr)
        return float("nan")
    return elapsed if what == "CLI" else float(json.loads(result.stdout.splitlines()[-1]))


def _seconds(value: float) -> str:
    return "failed" if math.isnan(value) else f"{value:.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument(
        "--pages-counts", type=int, nargs="*", default=[10000], help="cases with content/ pages"
    )
    parser.add_argument("--split", type=int, default=100, help="files for the split case")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is kept)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the data")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        what, folder, today = args.measure
        print(json.dumps(_measure(what, Path(folder), today)))
        return 0

    today = _reference_date()
    work = Path(args.out or tempfile.mkdtemp(prefix="check-speed-"))
    print("Load average (1, 5, 15 min) at the start: " + _load())
    if args.counts:
        print(f"{'case':<28}{'MB':>6}" + "".join(f"{c:>12}" for c in COLUMNS))
    for count in args.counts:
        for split in (0, args.split):
            folder = work / f"{count}-{split or 1}"
            make = [sys.executable, str(MAKE), "--count", str(count), "--out", str(folder)]
            if split:
                make += ["--split", str(split)]
            subprocess.run(make, check=True, capture_output=True)
            size = sum(p.stat().st_size for p in _services_files(folder)) / 1_000_000
            row = [
                min(_run_measure(what, folder, today) for _ in range(args.repeat))
                for what in COLUMNS
            ]
            case = f"{count:,} services, {f'{split} files' if split else '1 file'}"
            print(f"{case:<28}{size:>6.1f}" + "".join(f"{_seconds(c):>12}" for c in row))
    for count in args.pages_counts:
        _with_pages(work / f"project-{count}", count, today, args.repeat)
    print(f"Data in {work}.")
    # Timings on a shared machine mean little when it is busy: say how busy it was.
    print("Load average (1, 5, 15 min) at the end: " + _load())
    return 0


def _with_pages(project: Path, count: int, today: str, repeat: int) -> None:
    """Time `check` on a copy of the project with `count` services: wall and CPU per run."""
    _module("build_speed", BUILD_SPEED).make_our_project(project, count)  # type: ignore[attr-defined]
    command = [sys.executable, "-m", "generator", "check", "--data", str(project / "data")]
    command += ["--today", today]
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        if result.returncode != 0:
            print(f"check with pages failed:\n{result.stderr[-1500:]}", file=sys.stderr)
            return
        runs.append(f"{wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{count:,} services and the sample's content/ pages, CLI: " + "; ".join(runs))
    print("  " + (result.stdout + result.stderr).strip().splitlines()[-1])


def _load() -> str:
    return ", ".join(f"{n:.1f}" for n in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
