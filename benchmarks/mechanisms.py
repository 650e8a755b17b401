"""What each speed mechanism of the build buys: the build at 10,000 services
with everything, and again with one mechanism switched off at a time.

A mechanism stays only where it saves at least 5% of the build's wall time
(docs/performance.md lists the figures). Each variant runs the real
`python -m generator build`, exactly as `make site` does, on the project
`build_speed.py` makes; the mechanism is switched off by a `sitecustomize`
module put on the path of every Python process of that build, which replaces
it with the plain way of doing the same thing (the code of the project is
not changed):

- shell: every service page drawn by the theme (`Shells.plan` never fills);
- pagefind client: Pagefind run over the built site at the end (`pagefind
  --site`, reading whole pages) instead of fed page by page.

The mechanisms measured this way and removed, because none saved 5%
(page and open-data forks, the history fork, the QR prefetch and cache, the
Markdown skip, the hand-written uuid5, the e-mail fast path, the template
bytecode cache), are listed with their figures in docs/performance.md.

Runs alternate variant by variant, so a busy machine penalises all alike.

    python benchmarks/mechanisms.py                   # 10,000 services, 3 runs each
    python benchmarks/mechanisms.py --count 1000 --runs 1 --only shell
    python benchmarks/mechanisms.py --write-doc       # also update docs/performance.md
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import PYTHON, ROOT, Run, machine, make_our_project, measure, write_doc  # noqa: E402

SECTION = "## What each speed mechanism buys"

PATCHES: dict[str, str] = {
    "shell": """
from generator.publish import shell
shell.Shells.plan = lambda self, page, draw_probe: False
""",
    "pagefind client": """
from generator.publish import indexer, search
class _WholeSite:
    stopped = False
    def add(self, path, html):
        pass
    def add_body(self, path, body_html):
        pass
    def write(self, output):
        self._output = output
    def finish(self):
        return search.index_site(self._output.parent)
    def close(self):
        self.stopped = True
indexer.Indexer = _WholeSite
""",
}
WARM_PATCHES: dict[str, str] = {}


def variant_env(name: str | None, folder: Path) -> dict[str, str]:
    """The environment of a build without mechanism `name` (None: with everything)."""
    env = dict(os.environ)
    if name is None:
        return env
    patch = {**PATCHES, **WARM_PATCHES}[name]
    site = folder / name.replace(" ", "-")
    site.mkdir(parents=True, exist_ok=True)
    # Imported by every Python process of the build (MkDocs, the QR worker) at start-up.
    (site / "sitecustomize.py").write_text(patch, encoding="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH", "")]))
    return env


def run(project: Path, env: dict[str, str], *, warm: bool) -> Run:
    if not warm:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    command = [PYTHON, "-m", "generator", "build", "--project", str(project)]
    return measure(command, cwd=ROOT, env=env)


def table(results: dict[str, list[Run]], warm: dict[str, list[Run]]) -> str:
    """One row a variant: its median wall and CPU time, and how much longer
    it takes than the build with everything, as a share of that build's wall time."""
    lines = [
        "| Switched off | wall s | CPU s | what it saves (share of the build's wall time) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for suffix, runs_by_name in (("", results), (" (warm)", warm)):
        if not runs_by_name:
            continue
        base = statistics.median(r.wall for r in runs_by_name["everything"])
        for name, runs in runs_by_name.items():
            wall = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            saves = "" if name == "everything" else f"{(wall - base) / base * 100:+.1f}%"
            label = "nothing" if name == "everything" else name
            lines.append(f"| {label}{suffix} | {wall:.1f} | {cpu:.1f} | {saves} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated mechanisms to measure")
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    names = [name for name in PATCHES if not only or name in only]
    warm_names = [name for name in WARM_PATCHES if not only or name in only]
    with tempfile.TemporaryDirectory(prefix="mechanisms-") as tmp:
        folder = Path(tmp)
        project = folder / "project"
        make_our_project(project, args.count)
        results: dict[str, list[Run]] = {name: [] for name in ["everything", *names]}
        warm: dict[str, list[Run]] = {name: [] for name in ["everything", *warm_names]}
        for number in range(args.runs):
            for name in results:
                env = variant_env(None if name == "everything" else name, folder)
                results[name].append(run(project, env, warm=False))
                print(f"run {number + 1}: {name}: {results[name][-1].wall:.1f} s", flush=True)
            if warm_names:
                for name in warm:
                    run(project, variant_env(None, folder), warm=False)  # fills the cache
                    env = variant_env(None if name == "everything" else name, folder)
                    warm[name].append(run(project, env, warm=True))
                    print(f"run {number + 1}: {name} (warm): {warm[name][-1].wall:.1f} s")
    text = (
        f"{args.count:,} services, median of {args.runs} "
        f"(`python benchmarks/mechanisms.py --count {args.count} --runs {args.runs}`), "
        f"{machine()}.\n\n{table(results, warm if warm_names else {})}"
    )
    print(text)
    if args.write_doc:
        write_doc(text, SECTION)


if __name__ == "__main__":
    main()
