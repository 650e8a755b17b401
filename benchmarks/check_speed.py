"""How long `check` takes at 1,000 and 10,000 listings, against a bare PyYAML load.

For each case (in one file, and split over 100 files) this writes synthetic
listings with `benchmarks/make_services.py`, then times, each in a fresh
Python process so no run warms the next:

- CSafeLoader: `yaml.load(..., Loader=yaml.CSafeLoader)` of the same bytes,
  the baseline the issue sets (target: check at most 1.5 times this, and
  under 3 seconds for 10,000 listings);
- check: `generator.data.loader.check()` on the folder, what the `check` command
  runs: reading and checking everything on both cores, no model kept;
- exact: the same with the exact PyYAML reader (`LOCAL_OFFER_YAML=exact`);
- load: `generator.data.loader.load()`, which the build uses: the same checks,
  and the model of every service;
- checks only: `load()` again with every tree already read, so only the
  field checks and model building are timed (one core);
- cached: a second `check()` with its cache of what it found in unchanged
  files (a repeat run, reported separately);
- CLI: the whole `python -m generator check` command, start-up included;
- CLI cached: the same with `--cache`, after a first run filled the cache.

Every figure is the best of `--repeat` runs, in wall seconds.

    python benchmarks/check_speed.py                 # 1,000 and 10,000
    python benchmarks/check_speed.py --counts 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAKE = HERE / "make_services.py"


def _services_files(folder: Path) -> list[Path]:
    top = folder / "services.yaml"
    return ([top] if top.exists() else []) + sorted((folder / "services").glob("*.yaml"))


def _reference_date() -> str:
    """The synthetic data's "today": no review date is later than it."""
    spec = importlib.util.spec_from_file_location("make_services", MAKE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_services"] = module
    spec.loader.exec_module(module)
    return str(module.REFERENCE_DATE)


# --- measurements, each run in its own process -----------------------------------


def _measure(what: str, folder: Path, today: str, cache: str) -> float | None:
    """Run inside a fresh process: one timing, in seconds (None when not applicable)."""
    from datetime import date

    if what == "csafe":
        import yaml

        blobs = [path.read_bytes() for path in _services_files(folder)]
        started = time.perf_counter()
        for blob in blobs:
            yaml.load(blob, Loader=yaml.CSafeLoader)  # noqa: S506 (the baseline being measured)
        return time.perf_counter() - started

    from generator.data import loader
    from generator.data.problems import Problem
    from generator.data.yamlnodes import Node

    day = date.fromisoformat(today)
    if what in ("check", "exact"):
        started = time.perf_counter()
        loader.check(folder, today=day)
        return time.perf_counter() - started
    if what == "load":
        started = time.perf_counter()
        loader.load(folder, today=day)
        return time.perf_counter() - started
    if what == "cached":
        loader.check(folder, today=day, cache_dir=Path(cache))  # fills the cache
        started = time.perf_counter()
        loader.check(folder, today=day, cache_dir=Path(cache))
        return time.perf_counter() - started
    if what == "checks-only":
        one, many = loader.default_readers()
        paths = _services_files(folder)
        with loader.gc_paused():
            trees = dict(many(paths)) if many is not None else {}
            for path in paths:
                if trees.get(path) is None:
                    trees[path] = one(path, path.name)[0]

        def ready(path: Path, label: str) -> tuple[Node | None, list[Problem]]:
            tree = trees.get(path)
            return (tree, []) if tree is not None else one(path, label)

        started = time.perf_counter()
        loader.load(folder, today=day, reader=ready)
        return time.perf_counter() - started
    raise ValueError(what)


def _cache_folder(folder: Path) -> Path:
    """Where `check --cache` keeps what it found for this data folder."""
    from generator.data.loader import cache_folder

    found = cache_folder(folder)
    assert found is not None
    if not found.is_relative_to(folder.resolve()):
        # Inside a git repository the cache is the repository's own: the
        # benchmark removes it between runs, so keep its data elsewhere.
        raise SystemExit(f"Put the data outside a git repository (its cache is {found}).")
    return found


def _run_measure(what: str, folder: Path, today: str, *, exact: bool = False) -> float | None:
    env = dict(os.environ)
    if exact:
        env["LOCAL_OFFER_YAML"] = "exact"
    with tempfile.TemporaryDirectory(prefix="check-speed-cache-") as cache:
        result = subprocess.run(
            [sys.executable, __file__, "--measure", what, str(folder), today, cache],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        print(f"measuring {what} on {folder} failed:\n{result.stderr[-1500:]}", file=sys.stderr)
        return float("nan")
    value = json.loads(result.stdout.strip().splitlines()[-1])
    return None if value is None else float(value)


def _run_cli(folder: Path, today: str, *, cache: bool = False) -> float:
    command = [sys.executable, "-m", "generator", "check", "--data", str(folder), "--today", today]
    if cache:
        command.append("--cache")
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)  # fills the cache
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        print(f"check found problems in {folder}:\n{result.stderr[-1500:]}", file=sys.stderr)
        return float("nan")
    return elapsed


# --- the table ------------------------------------------------------------------


def _best(times: list[float | None]) -> float | None:
    known = [t for t in times if t is not None]
    return min(known) if known else None


def _seconds(value: float | None) -> str:
    """A figure for the table: "-" when not applicable, "failed" when the run failed."""
    if value is None:
        return "-"
    return "failed" if math.isnan(value) else f"{value:.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--split", type=int, default=100, help="files for the split case")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best is kept)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the data")
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        what, folder, today, cache = args.measure
        print(json.dumps(_measure(what, Path(folder), today, cache)))
        return 0

    today = _reference_date()
    work = Path(args.out or tempfile.mkdtemp(prefix="check-speed-"))
    columns = (
        "CSafeLoader",
        "check",
        "ratio",
        "exact",
        "load",
        "checks only",
        "cached",
        "CLI",
        "CLI cached",
    )
    print(
        "Load average (1, 5, 15 min) at the start: "
        + ", ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    print(f"{'case':<28}{'MB':>6}" + "".join(f"{c:>12}" for c in columns))
    worst_ratio = 0.0
    for count in args.counts:
        for split in (0, args.split):
            folder = work / f"{count}-{split or 1}"
            make = [sys.executable, str(MAKE), "--count", str(count), "--out", str(folder)]
            if split:
                make += ["--split", str(split)]
            subprocess.run(make, check=True, capture_output=True)
            size = sum(p.stat().st_size for p in _services_files(folder)) / 1_000_000
            figures: dict[str, float | None] = {}
            for what, exact in (
                ("csafe", False),
                ("check", False),
                ("exact", True),
                ("load", False),
                ("checks-only", False),
                ("cached", False),
            ):
                runs = [_run_measure(what, folder, today, exact=exact) for _ in range(args.repeat)]
                figures[what] = _best(runs)
            figures["cli"] = min(_run_cli(folder, today) for _ in range(args.repeat))
            cache = _cache_folder(folder)
            shutil.rmtree(cache, ignore_errors=True)
            figures["cli-cached"] = min(
                _run_cli(folder, today, cache=True) for _ in range(args.repeat)
            )
            shutil.rmtree(cache, ignore_errors=True)
            base, check = figures["csafe"], figures["check"]
            ratio = check / base if base and check and not math.isnan(check) else None
            worst_ratio = max(worst_ratio, ratio or 0.0)
            files = f"{split} files" if split else "1 file"
            row = [
                _seconds(base),
                _seconds(check),
                "-" if ratio is None else f"{ratio:.2f}x",
                _seconds(figures["exact"]),
                _seconds(figures["load"]),
                _seconds(figures["checks-only"]),
                _seconds(figures["cached"]),
                _seconds(figures["cli"]),
                _seconds(figures["cli-cached"]),
            ]
            case = f"{count:,} services, {files}"
            print(f"{case:<28}{size:>6.1f}" + "".join(f"{c:>12}" for c in row), flush=True)
    print(
        f"\nTargets for 10,000 services: check at most 1.5x CSafeLoader and under 3 s "
        f"(worst ratio here: {worst_ratio:.2f}x). Data in {work}."
    )
    # Timings on a shared machine mean little when it is busy: say how busy it was.
    print(
        "Load average (1, 5, 15 min) at the end: " + ", ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
