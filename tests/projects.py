"""Tiny real projects, real builds and built pages, for the site tests.

`write_project` writes a small project (mkdocs.yml, content/, data/) in a
temporary folder, `run_build` runs the command a council runs on it
(`python -m generator build`), and `SitePage` reads the HTML it wrote.
conftest.py turns these into fixtures; tests import the constants.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from textwrap import dedent
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

EPOCH = int(datetime(2026, 6, 1, tzinfo=UTC).timestamp())
"""The build date of the tiny projects: 1 June 2026. Their listings are
reviewed before it, and two builds with it must match byte for byte."""

MINIMAL_CONTENT: dict[str, str] = {
    "accessibility.md": "# Accessibility statement\n\nHow accessible this site is.\n",
    "privacy.md": "# Privacy\n\nWhat we do with what you send us.\n",
    "contact.md": "# Contact us\n\nEmail localoffer@example.org.\n",
    "open-data.md": "# Open data\n\nOur services as open data.\n",
}
"""The pages the footer links to, which every project has."""

GENERATED_NAV: list[Any] = [
    {"Home": "index.md"},
    {
        "Find a service": [
            {"A to Z of services": "services/index.md"},
            {"Services by theme": "themes/index.md"},
            {"Services by age": "ages/index.md"},
            {"Services by need": "needs/index.md"},
        ]
    },
    {"You said, we did": "you-said-we-did.md"},
]

ONE_SERVICE = dedent(
    """\
    services:
      - id: sunflower-play-scheme
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        themes: [leisure-play-short-breaks]
        last_reviewed: 2026-03-14
    """
)

FEEDBACK = dedent(
    """\
    feedback:
      - said: The site was hard to use on a phone.
        did: We rebuilt it so it works well on phones.
        date: 2026-04-01
        topic: Local Offer website
    """
)


@dataclass(frozen=True)
class BuiltSite:
    """A project and the site built from it."""

    project: Path
    site: Path
    result: subprocess.CompletedProcess[str]


def build_env(epoch: int | None = EPOCH) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env



def run_generator(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )

def git(folder: Path, *args: str, date: str | None = None) -> str:
    """A git command in `folder`, by the editor, away from the machine's git
    settings; `date` (ISO 8601) dates a commit. Returns what it printed."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    result = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def all_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, {path inside it: bytes}, to compare two builds."""
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def run_build(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator build` in `project`, as `make site` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=project,
        env=env if env is not None else build_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def write_project(
    folder: Path,
    *,
    services_yaml: str = ONE_SERVICE,
    content: dict[str, str] | None = None,
    feedback_yaml: str = FEEDBACK,
    extra: dict[str, Any] | None = None,
) -> Path:
    """A tiny real project: the repository's mkdocs.yml with a nav that fits
    `content`, the repository's theme overrides and controlled lists, and the
    given services. Returns the project folder."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = {**MINIMAL_CONTENT, **(content or {})}
    for name, text in pages.items():
        target = folder / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    data = folder / "data"
    data.mkdir(exist_ok=True)
    for name in ("themes.yaml", "needs.yaml", "accessibility.yaml", "postcodes.csv"):
        shutil.copy(ROOT / "data" / name, data / name)
    (data / "services.yaml").write_text(services_yaml, encoding="utf-8")
    (data / "feedback.yaml").write_text(feedback_yaml, encoding="utf-8")

    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = str(ROOT / "overrides")
    settings["nav"] = GENERATED_NAV + sorted(pages)
    if extra is not None:
        settings["extra"] = {**settings["extra"], **extra}
    (folder / "mkdocs.yml").write_text(
        yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return folder


# --- reading built pages -------------------------------------------------------


class SitePage(HTMLParser):
    """A built page: its raw HTML, plus its elements' attributes and the text
    inside elements picked by id or class."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: list[tuple[str, dict[str, str], str]] = []
        self.feed(self.html)

    _VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "source", "wbr"})
    _BLOCK = frozenset(
        {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "tr", "td", "th"}
    )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in self._VOID:
            self._open.append((tag, attributes, []))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                name, attributes, parts = self._open[index]
                del self._open[index:]
                text = " ".join("".join(parts).split())
                self.texts.append((name, attributes, text))
                if self._open:
                    gap = " " if name in self._BLOCK else ""
                    self._open[-1][2].append(gap + "".join(parts) + gap)
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)

    def text_of(self, tag: str, *, cls: str | None = None, id: str | None = None) -> list[str]:
        """The text of every `tag` element with that class (or id), in order of closing."""
        return [
            text
            for name, attributes, text in self.texts
            if name == tag
            and (cls is None or cls in attributes.get("class", "").split())
            and (id is None or attributes.get("id") == id)
        ]

    def attrs(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """The attributes of every `tag` element whose attributes include `wanted`
        (`cls=` matches one class among several)."""
        cls = wanted.pop("cls", None)
        return [
            attributes
            for name, attributes in self.elements
            if name == tag
            and all(attributes.get(key) == value for key, value in wanted.items())
            and (cls is None or cls in attributes.get("class", "").split())
        ]
