"""How long the markdown of listing descriptions takes to render and to check.

Writes `--count` synthetic listings with `benchmarks/make_services.py`,
takes their descriptions, then times, each the best of `--repeat` runs:

- render: `render_markdown` (CommonMark by pyromark, then nh3), with its
  cache cleared, as a first build renders every description;
- check: `markdown_checks.scan`, which finds the links, images and raw HTML
  the check reports;
- Python-Markdown: the same descriptions through Python-Markdown and the
  same nh3 clean, the renderer this replaced, for comparison.

Prints milliseconds a description.

    python benchmarks/markdown_speed.py --count 1000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import markdown
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from make_services import make_services  # noqa: E402

from generator.site import commonmark, render  # noqa: E402


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="how many listings")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, best kept")
    args = parser.parse_args(argv)
    services = yaml.load(make_services(args.count), Loader=yaml.CSafeLoader)["services"]
    texts = [str(s["description"]) for s in services if s.get("description")]
    python_markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")

    def rendered() -> None:
        render.render_markdown.cache_clear()
        for text in texts:
            render.render_markdown(text, "services/x.md")

    def scanned() -> None:
        for text in texts:
            list(commonmark.scan(text))

    def python() -> None:
        for text in texts:
            render._CLEANER.clean(python_markdown.reset().convert(text))

    print(f"{len(texts)} descriptions, about {sum(map(len, texts)) // len(texts)} characters each")
    for name, run in (("render", rendered), ("check", scanned), ("Python-Markdown", python)):
        seconds = _best(run, args.repeat)
        print(f"{name:>16}: {seconds * 1000 / len(texts):.3f} ms a description")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
