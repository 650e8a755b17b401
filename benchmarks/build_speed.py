"""How long the whole site build takes at 1,000, 5,000 and 10,000 services,
against a naive MkDocs site of the same services.

For each size this writes synthetic listings with `make_services.py` (plus the
sample listings, which the guidance pages link to, so that the strict build
passes) into a temporary copy of the project (mkdocs.yml, content/, overrides/,
data/), committed to a fresh git repository as a council's would be, so What's
new and "Last changed" read real history. It then measures, alternating run
by run so that a busy machine penalises both alike:

- ours: `python -m generator build --project DIR`, exactly what `make site`
  runs: the check, the pages, MkDocs, the Pagefind index, the exports. Run
  cold: the project's `.cache/` is removed before each run (a warm repeat build
  is reported separately with `--warm`).
- baseline: the same services written as plain markdown pages (about 250
  words each: name, summary, description and a list of facts) and built by
  plain `mkdocs build` with mkdocs-material and its built-in search plugin.
  Service pages are left out of an explicit nav (the A to Z page links to
  them), as the issue's baseline figures imply: with no nav at all every page
  would carry 10,000 links and MkDocs' time would grow with the square.

For each it records CPU seconds (user + system of the whole process tree,
from `getrusage(RUSAGE_CHILDREN)` deltas), wall seconds, the peak resident
memory of the Python build processes and, separately, of Pagefind (sampled
from /proc while the build runs: each process's own high-water mark).

    python benchmarks/build_speed.py                        # 1,000, 5,000, 10,000; 3 runs
    python benchmarks/build_speed.py --counts 1000 --runs 1
    python benchmarks/build_speed.py --write-doc            # also update docs/performance.md
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECT_PARTS = ("mkdocs.yml", "content", "overrides")
SAMPLE_DATA = ROOT / "data"
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Build speed"
PYTHON = sys.executable


def _make_services() -> object:
    spec = importlib.util.spec_from_file_location("make_services", HERE / "make_services.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_services"] = module
    spec.loader.exec_module(module)
    return module


# --- the two projects ---------------------------------------------------------------


def _sample_services() -> list[Path]:
    return [SAMPLE_DATA / "services.yaml", *sorted((SAMPLE_DATA / "services").glob("*.yaml"))]


def _sample_count() -> int:
    return sum(
        1
        for path in _sample_services()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("  - id:")
    )


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def make_our_project(folder: Path, count: int) -> None:
    """A copy of the project whose data is `count` services (synthetic plus the
    sample ones), committed to git."""
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        else:
            shutil.copyfile(source, folder / part)
    samples = _sample_services()
    make = _make_services()
    make.write_data_folder(folder / "data", count - _sample_count(), seed=0)  # type: ignore[attr-defined]
    for path in samples:
        name = "sample.yaml" if path.parent == SAMPLE_DATA else path.name
        shutil.copyfile(path, folder / "data" / "services" / name)
    for path in sorted((ROOT / "data").glob("*.yaml")):  # the glossary, the duties of the law
        if not (folder / "data" / path.name).exists():
            shutil.copyfile(path, folder / "data" / path.name)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "Listings")


BASELINE_CONFIG = """\
site_name: Hollinbrook Local Offer
site_url: https://localoffer.example.org/
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
  - A to Z of services: services/index.md
validation:
  nav:
    omitted_files: ignore
"""


def make_baseline_project(folder: Path, data: Path, today: date) -> None:
    """The same published services as plain markdown pages for plain MkDocs."""
    from generator.data.loader import load

    directory = load(data, today=today).directory
    themes = {term.id: term.name for term in directory.themes}
    needs = {term.id: term.name for term in directory.needs}
    docs = folder / "docs"
    (docs / "services").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text(
        "# Hollinbrook Local Offer\n\nServices and support for children and young "
        "people with special educational needs and disabilities.\n\n"
        "[Find a service](services/index.md)\n",
        encoding="utf-8",
    )
    services = directory.published(today)
    links = [f"- [{s.name}]({s.id}.md): {s.summary}" for s in services]
    (docs / "services" / "index.md").write_text(
        "# A to Z of services\n\n" + "\n".join(links) + "\n", encoding="utf-8"
    )
    for service in services:
        facts = []
        if service.organisation:
            facts.append(f"Run by: {service.organisation.name}")
        facts.append("Themes: " + ", ".join(themes.get(t, t) for t in service.themes))
        if service.needs:
            facts.append("Needs: " + ", ".join(needs.get(n, n) for n in service.needs))
        if service.ages:
            facts.append(f"Ages: {service.ages.min} to {service.ages.max}")
        if service.cost:
            cost = "Free" if service.cost.free else "There is a cost"
            facts.append(f"Cost: {cost}. {service.cost.description or ''}".rstrip())
        if service.contact:
            if service.contact.phone:
                facts.append(f"Phone: {service.contact.phone.display}")
            if service.contact.email:
                facts.append(f"Email: {service.contact.email}")
            if service.contact.website:
                facts.append(f"Website: <{service.contact.website}>")
        for person in service.contacts:
            facts.append(f"Contact: {person.name}, {person.role or ''}".rstrip(", "))
        for session in service.schedule:
            when = ", ".join(day.title() for day in session.days)
            note = f" ({session.note})" if session.note else ""
            facts.append(f"Open: {when}, {session.opens} to {session.closes}{note}")
        for location in service.locations:
            parts = (location.name, location.address, location.postcode)
            facts.append("Where: " + ", ".join(p for p in parts if p))
        if service.area:
            facts.append(f"Area: {service.area}")
        if service.how_to_access:
            methods = ", ".join(m.replace("-", " ") for m in service.how_to_access.methods)
            facts.append(f"How to access: {methods}. {service.how_to_access.details or ''}")
        if service.eligibility:
            facts.append(f"Who can use it: {service.eligibility}")
        if service.languages:
            facts.append("Languages: " + ", ".join(service.languages))
        facts.append(f"Last reviewed: {service.last_reviewed.isoformat()}")
        page = (
            f"# {service.name}\n\n{service.summary}\n\n{service.description or ''}\n\n"
            "## Key facts\n\n" + "\n".join(f"- {fact}" for fact in facts) + "\n"
        )
        (docs / "services" / f"{service.id}.md").write_text(page, encoding="utf-8")


# --- measuring ----------------------------------------------------------------------


@dataclass
class Peaks:
    """Each process's own peak resident memory (VmHWM), in MB, by kind."""

    python: float = 0.0
    pagefind: float = 0.0
    other: float = 0.0
    seen: dict[int, tuple[str, float]] = field(default_factory=dict)


def _children_of(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue
        parents[int(entry)] = int(text.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        found.append(pid)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return found


def _sample(pid: int, peaks: Peaks) -> None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            status = handle.read()
    except OSError:
        return
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            megabytes = int(line.split()[1]) / 1024
            break
    else:
        return
    kind = "pagefind" if "pagefind" in command else "python" if "python" in command else "other"
    if kind == "python" and "-m pagefind" in command:
        kind = "pagefind"
    peaks.seen[pid] = (kind, max(megabytes, peaks.seen.get(pid, ("", 0.0))[1]))


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    python_mb: float
    pagefind_mb: float
    tree_mb: float  # getrusage's max RSS over all children (the largest process)


def measure(command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion and measure it and everything it starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peaks = Peaks()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for pid in _children_of(process.pid):
                _sample(pid, peaks)
            stop.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _out, err = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-4000:])
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    by_kind = {"python": 0.0, "pagefind": 0.0}
    for kind, megabytes in peaks.seen.values():
        if kind in by_kind:
            by_kind[kind] = max(by_kind[kind], megabytes)
    return Run(
        cpu=cpu,
        wall=wall,
        python_mb=by_kind["python"],
        pagefind_mb=by_kind["pagefind"],
        tree_mb=after.ru_maxrss / 1024,
    )


def set_aside(folder: Path) -> None:
    """Move the last run's site out of the way, to be deleted when the benchmark ends.

    Not deleted now: on this machine's file system (ext4 without a journal,
    which checks the inodes freed in the last minutes when it makes a file)
    the runs got slower one after another while each deleted the last
    run's tens of thousands of files (docs/performance.md). A council's CI
    builds into a fresh clone, with nothing deleted.
    """
    if folder.exists():
        aside = folder.parent / LAST_SITES
        aside.mkdir(exist_ok=True)
        folder.rename(aside / f"{len(list(aside.iterdir()))}")


LAST_SITES = ".last-sites"
"""The folder of a project where `set_aside` moves the sites of earlier runs."""


def run_ours(project: Path, *, cold: bool = True) -> Run:
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    set_aside(project / "site")
    return measure([PYTHON, "-m", "generator", "build", "--project", str(project)], cwd=ROOT)


def run_baseline(project: Path) -> Run:
    set_aside(project / "site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return measure([PYTHON, "-m", "mkdocs", "build", "--quiet"], cwd=project, env=env)


# --- reporting ----------------------------------------------------------------------


@dataclass
class Result:
    count: int
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)


def _median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs) if runs else float("nan")


def table(results: list[Result]) -> str:
    header = (
        "| Services | Build | CPU s | Wall s | Python peak MB | Pagefind peak MB | Runs |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n"
    )
    rows = []
    for result in results:
        kinds = [("ours (cold)", result.ours), ("baseline", result.baseline)]
        if result.warm:
            kinds.append(("ours (repeat)", result.warm))
        for name, runs in kinds:
            if not runs:
                continue
            pagefind = f"{_median(runs, 'pagefind_mb'):.0f}" if name != "baseline" else "-"
            rows.append(
                f"| {result.count:,} | {name} | {_median(runs, 'cpu'):.1f} | "
                f"{_median(runs, 'wall'):.1f} | {_median(runs, 'python_mb'):.0f} | "
                f"{pagefind} | {len(runs)} |"
            )
        if result.ours and result.baseline:
            cpu = _median(result.ours, "cpu") / _median(result.baseline, "cpu")
            wall = _median(result.ours, "wall") / _median(result.baseline, "wall")
            rows.append(f"| {result.count:,} | ours / baseline | {cpu:.2f} | {wall:.2f} | | | |")
    text = header + "\n".join(rows) + "\n"
    sized = {r.count: r for r in results if r.ours}
    if len(sized) >= 2:
        small, large = sized[min(sized)], sized[max(sized)]
        growth_cpu = _median(large.ours, "cpu") / _median(small.ours, "cpu")
        growth_wall = _median(large.ours, "wall") / _median(small.ours, "wall")
        text += (
            f"\nGrowth, ours, {large.count:,} / {small.count:,} services: "
            f"CPU {growth_cpu:.1f}x, wall {growth_wall:.1f}x "
            f"({large.count // small.count}x the services).\n"
        )
    return text


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


def machine(*more: str) -> str:
    """The machine and the versions of the tools (and `more`, like a browser's),
    with the load average when the run ended."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kb = int(meminfo.readline().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB memory, "
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {memory}Linux {platform.release()}, "
        f"Python {platform.python_version()}, mkdocs {_version('mkdocs')}, "
        f"mkdocs-material {_version('mkdocs-material')}, pagefind {_version('pagefind')}, "
        f"zxing-cpp {_version('zxing-cpp')}{''.join(f', {m}' for m in more)}; "
        f"load average at the end {load}"
    )


def write_doc(text: str, heading: str = SECTION) -> None:
    """Replace only the section under `heading` in docs/performance.md (each
    benchmark owns its own: "Build speed" here, "Search" for search_weight.py)."""
    section = f"{heading}\n\n{text.rstrip()}\n"
    if not DOC.exists():
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(f"# Performance\n\n{section}", encoding="utf-8")
        return
    current = DOC.read_text(encoding="utf-8")
    start = current.find(heading + "\n")
    if start < 0:
        DOC.write_text(current.rstrip() + "\n\n" + section, encoding="utf-8")
        return
    end = current.find("\n## ", start + len(heading))
    rest = current[end + 1 :] if end >= 0 else ""
    DOC.write_text(current[:start] + section + ("\n" + rest if rest else ""), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="also time a repeat build")
    parser.add_argument("--no-baseline", action="store_true", help="time only our build")
    parser.add_argument("--write-doc", action="store_true", help=f"update {DOC.name}")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)

    make = _make_services()
    today: date = make.REFERENCE_DATE  # type: ignore[attr-defined]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="build-speed-"))
    results = []
    try:
        for count in args.counts:
            ours = workdir / f"ours-{count}"
            base = workdir / f"baseline-{count}"
            for folder in (ours, base):
                shutil.rmtree(folder, ignore_errors=True)
            make_our_project(ours, count)
            if not args.no_baseline:
                make_baseline_project(base, ours / "data", today)
            result = Result(count)
            results.append(result)
            for number in range(args.runs):
                result.ours.append(run_ours(ours))
                print(f"{count:>6} run {number + 1} ours     {result.ours[-1]}", flush=True)
                if args.warm:
                    result.warm.append(run_ours(ours, cold=False))
                    print(f"{count:>6} run {number + 1} repeat   {result.warm[-1]}", flush=True)
                if not args.no_baseline:
                    result.baseline.append(run_baseline(base))
                    print(f"{count:>6} run {number + 1} baseline {result.baseline[-1]}", flush=True)
    finally:
        for result in results:
            for kind in ("ours", "baseline"):
                shutil.rmtree(workdir / f"{kind}-{result.count}" / LAST_SITES, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report = table(results)
    about = machine()
    print()
    print(report)
    print(about)
    if args.write_doc:
        write_doc(
            "Measured with `python benchmarks/build_speed.py` "
            f"(medians of {args.runs} runs each, alternating ours and the baseline).\n\n"
            f"Machine: {about}.\n\n{report}"
        )
        print(f"Updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
