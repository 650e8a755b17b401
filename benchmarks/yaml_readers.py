"""How fast each YAML reader turns listings into nodes, at 1,000 and 10,000 services.

`check` must read 10,000 listings (about 25 MB) in well under 3 seconds, and a
bare PyYAML load takes 10 seconds or more. This times the readers alone, each
in a fresh Python process (cold: nothing warmed by an earlier run), on the
same bytes written by `benchmarks/make_services.py`, in one file and split
over 100 files:

- CSafeLoader: `yaml.load(..., Loader=yaml.CSafeLoader)`, the issue's baseline;
- exact: `generator.data.yamlread.read_yaml`, the reference reader (libyaml events);
- fast, 1 core: `generator.data.fastyaml` with no worker process;
- fast: `generator.data.fastyaml` as the loader calls it (`read_many`, a second
  process when a core is spare and the input is large);
- fast, 2 cores: the same with the worker forced on, whatever the load;
- cached: `read_many` again with its cache of unchanged files (a repeat run).

Each figure is wall-clock seconds (best of --repeat), with the process's own
CPU seconds beside it: on a busy machine wall time includes waiting for a core.
The load average is printed, because a second process only helps when a core
is free.

    python benchmarks/yaml_readers.py                    # 1,000 and 10,000
    python benchmarks/yaml_readers.py --counts 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAKE = HERE / "make_services.py"

READERS = ("CSafeLoader", "exact", "fast, 1 core", "fast", "fast, 2 cores", "cached")


def _files(folder: Path) -> list[Path]:
    one = folder / "services.yaml"
    return [one] if one.is_file() else sorted((folder / "services").glob("*.yaml"))


def _measure(reader: str, folder: Path, cache: Path) -> tuple[float, float]:
    """In a fresh process: read every services file in `folder` once; (wall, cpu) seconds."""
    sys.path.insert(0, str(ROOT))
    import yaml

    from generator.data import fastyaml, yamlread

    paths = _files(folder)
    if reader == "cached":
        fastyaml.read_many(paths, cache_dir=cache)  # fills the cache, not timed
    wall, cpu = time.perf_counter(), time.process_time()
    if reader == "CSafeLoader":
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    elif reader == "exact":
        for path in paths:
            tree, problems = yamlread.read_yaml(path, path.name)
            assert tree is not None and not problems
    else:
        parallel = {"fast, 1 core": False, "fast": None, "fast, 2 cores": True}.get(reader)
        trees = fastyaml.read_many(
            paths, cache_dir=cache if reader == "cached" else None, parallel=parallel
        )
        assert all(tree is not None for tree in trees.values()), "the fast reader declined"
    return time.perf_counter() - wall, time.process_time() - cpu


def _run(reader: str, folder: Path, repeat: int) -> tuple[float, float]:
    best = (float("inf"), float("inf"))
    with tempfile.TemporaryDirectory(prefix="yaml-readers-cache-") as cache:
        for _ in range(repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", reader, str(folder), cache],
                check=True,
                capture_output=True,
                text=True,
            )
            wall, cpu = json.loads(out.stdout)
            best = min(best, (wall, cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--split", type=int, default=100, help="files for the split case")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; best is kept")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        reader, folder, cache = args.measure
        print(json.dumps(_measure(reader, Path(folder), Path(cache))))
        return

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at start")  # fmt: skip
    header = f"{'case':<34}" + "".join(f"{name:>16}" for name in READERS)
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="yaml-readers-") as tmp:
        for count in args.counts:
            for split in (0, args.split):
                folder = Path(tmp) / f"{count}-{split}"
                command = [sys.executable, str(MAKE), "--count", str(count), "--out", str(folder)]
                if split:
                    command += ["--split", str(split)]
                subprocess.run(command, check=True, capture_output=True)
                size = sum(p.stat().st_size for p in _files(folder)) / 1e6
                files = f"{split} files" if split else "1 file"
                cells = []
                for reader in READERS:
                    wall, cpu = _run(reader, folder, args.repeat)
                    cells.append(f"{wall:7.2f} ({cpu:5.2f})")
                label = f"{count:,} services, {files}"
                print(f"{label:<28}{size:3.0f} MB" + "".join(f"{c:>16}" for c in cells), flush=True)
    print(
        "\nSeconds of wall-clock time, best of", args.repeat, "(CPU seconds of the main process)."
    )
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
