"""Lay out what Zensical builds: one docs folder and its settings.

usage: python engines/zensical/prepare.py --project . --pages PAGES --out DOCS

Zensical reads one docs folder, so this puts what content/ holds besides its
pages (images, files) and the pages `python -m generator generate` wrote
(PAGES, the guidance pages among them, already HTML) side by side in DOCS,
with two changes:

- each page `a/b.md` becomes `a/b/index.md`. Its HTML links are relative to
  its published address, `a/b/`, while Zensical (like MkDocs) resolves every
  relative link, raw HTML ones too, against the page's source file: only an
  `index.md` sits in the folder of its address. The navigation follows the move;
- the project's theme files (`<custom_dir>/assets/`: styles and scripts)
  are copied into `DOCS/assets/`, since Zensical's theme folder is ours.

It also writes the settings Zensical reads, `zensical.yml` beside DOCS,
derived from mkdocs.yml (the one settings file: names, address, navigation
are never copied by hand) with the docs folder, site folder (`site/` beside
DOCS) and theme overrides (engines/zensical/overrides/) changed. Zensical
ignores the `localoffer` plugin, and `finish` does the plugin's work after.
"""

from __future__ import annotations

import argparse
import posixpath
import shutil
import sys
from itertools import permutations
from pathlib import Path
from typing import Any

import yaml

from generator.data.settings import read_settings

OVERRIDES = Path(__file__).resolve().parent / "overrides"
CONFIG = "zensical.yml"
SITE = "site"
FOR_FINISH = {"redirects.json"}
"""Files of PAGES that `finish` reads and the site does not serve."""



class Refused(Exception):
    """prepare.py will not go on; the message says why and what to do."""


def prepare(project: Path, pages: Path, docs: Path) -> Path:
    """Write DOCS and the settings beside it; returns the settings file."""
    settings = read_settings(project)
    content = project / str(settings.get("docs_dir") or "docs")
    config = docs.parent / CONFIG
    if any(a == b or a.is_relative_to(b) for a, b in permutations((docs, content, pages), 2)):
        raise Refused(f"{docs} must be a folder of its own, outside {content} and {pages}.")
    if docs.exists() and any(docs.iterdir()) and not config.is_file():
        raise Refused(f"{docs} holds files prepare.py did not write: choose a new folder.")
    if not (pages / "index.md").is_file():
        raise Refused(f"{pages} has no index.md: give the folder `generate --out` wrote.")
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(content, docs)

    for page in content.rglob("*.md"):  # PAGES holds each one, rendered
        (docs / page.relative_to(content)).unlink()
    moved: dict[str, str] = {}
    for source in sorted(p for p in pages.rglob("*") if p.is_file()):
        path = source.relative_to(pages).as_posix()
        if path in FOR_FINISH:
            continue
        if path.endswith(".md") and posixpath.basename(path) != "index.md":
            moved[path] = path.removesuffix(".md") + "/index.md"
        target = docs / moved.get(path, path)
        if target.exists():
            raise Refused(f"{path} is in both {pages} and {content}: rename the one in {content}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    theme = settings.get("theme") or {}
    assets = project / str(theme.get("custom_dir") or "overrides") / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs / "assets", dirs_exist_ok=True)

    derived = {
        **settings,
        "docs_dir": docs.name,
        "site_dir": SITE,
        "theme": {**theme, "custom_dir": str(OVERRIDES)},
        "nav": _moved_nav(settings.get("nav") or [], moved),
        "plugins": [{"search": {"enabled": False}}],  # Pagefind's index (`finish`) replaces it
    }
    header = "# Written by engines/zensical/prepare.py from mkdocs.yml: edit that instead.\n"
    body = yaml.safe_dump(derived, sort_keys=False, allow_unicode=True)
    config.write_text(header + body, encoding="utf-8")
    return config


def _moved_nav(nav: Any, moved: dict[str, str]) -> Any:
    """mkdocs.yml's `nav`, its paths following the move."""
    if isinstance(nav, str):
        return moved.get(nav, nav)
    if isinstance(nav, list):
        return [_moved_nav(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {title: _moved_nav(item, moved) for title, item in nav.items()}
    return nav


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=Path("."), help="the project folder")
    parser.add_argument("--pages", type=Path, required=True, help="the folder `generate` wrote")
    parser.add_argument("--out", type=Path, required=True, help="the docs folder to write")
    args = parser.parse_args(argv)
    docs = args.out.resolve()
    try:
        config = prepare(args.project.resolve(), args.pages.resolve(), docs)
    except Refused as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {docs} and {config}. Next: python -m zensical build --strict -f {config}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
