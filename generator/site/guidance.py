"""Guidance pages, made ready for any engine and checked like the listings.

Every guidance page's markdown passes through `Guidance.markdown` before an
engine renders it: the MkDocs plugin calls it for each page of `content/`,
and `generate` writes the pages it returns, so MkDocs, Zensical or Hugo all
draw the same thing. It

- replaces each reference to a listing or setting with its current value
  (`generator.site.localfacts`),
- makes every phone number and email address written out by hand a link,
- explains each glossary term where the page first uses it
  (`generator.site.glossary`).

Before all that it takes out raw HTML (`generator.site.commonmark`). It works
on the prose of the page only: code (fenced or inline), links,
images, web addresses and HTML are left exactly as written, and headings get
no glossary links. `check_pages` finds what would go wrong (a reference to a
listing or detail that does not exist, a duty in `covers:` that is not in
`data/local-offer-duties.yaml`) as problems with the page's file and line, and
`readability_warnings` the pages and descriptions that read above grade 8.

`Guidance.html` then renders the page with the listings' own CommonMark
renderer (`generator.site.guidance_html`): the MkDocs plugin and `generate`
both publish that HTML, so no engine's markdown renderer reads a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.data import problems as say
from generator.data.duties import DUTIES_FILE, Duty, read_duties
from generator.data.glossary import GlossaryTerm, read_glossary
from generator.data.loader import lists_folder, shown_path
from generator.data.model import Directory
from generator.data.problems import Problem
from generator.data.thesaurus import Synonyms, read_thesaurus
from generator.site import commonmark, guidance_html, readability
from generator.site.glossary import FirstUses
from generator.site.links import Addresses
from generator.site.localfacts import REFERENCE, Facts, autolink
from generator.site.pages import SiteInfo

_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s")
_PROTECTED = re.compile(
    r"(`+).*?\1"  # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"  # an inline link or image
    r"|!?\[[^\]]*\]\[[^\]]*\]"  # a reference link
    r"|<[A-Za-z/!][^<>]*>"  # an autolink or HTML
    r"|https?://[^\s)>\]]+"  # a bare web address
)

Prose = Callable[[str, int, bool], str]
"""Called with a run of prose, its line (0-based, in the markdown given) and
whether it is in a heading; returns what to put in its place."""


@dataclass(frozen=True, slots=True)
class GuidanceSource:
    """One page of content/ as written: its front matter and its markdown body."""

    path: str  # relative to content/, like "get-advice.md"
    label: str  # as editors see it: "content/get-advice.md"
    meta: dict[str, Any]
    front: str  # the front matter block as written, "---\n...\n---\n" (or "")
    body: str
    body_line: int  # the file's line number (1-based) of the body's first line

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return title if isinstance(title, str) else self.path


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """(front matter, its block as written, body) of a markdown page, as MkDocs splits it;
    front matter that is not YAML fields counts as none."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return {}, "", text
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), found.group(0), text[found.end() :]


def read_pages(content: Path) -> list[GuidanceSource]:
    """Every markdown page under `content`, in path order."""
    pages = []
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, front, body = split_front_matter(text)
        relative = path.relative_to(content).as_posix()
        pages.append(
            GuidanceSource(relative, shown_path(path), meta, front, body, front.count("\n") + 1)
        )
    return pages


def walk(markdown: str, prose: Prose) -> str:
    """`markdown` with each run of prose replaced by what `prose` returns for it."""
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(keepends=True)):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening is not None and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening is not None:
            fence = opening[1]
            out.append(line)
            continue
        if _LINK_DEFINITION.match(line):
            out.append(line)
            continue
        heading = _HEADING.match(line) is not None
        at = 0
        for found in _PROTECTED.finditer(line):
            out += [prose(line[at : found.start()], number, heading), found[0]]
            at = found.end()
        out.append(prose(line[at:], number, heading))
    return "".join(out)


class Guidance:
    """What every guidance page's markdown passes through before an engine renders it."""

    def __init__(self, facts: Facts, terms: Sequence[GlossaryTerm] = ()) -> None:
        self.facts = facts
        self.terms = list(terms)
        # Every page of the site, once the pages are made (`make_site_content`):
        # a link to a page by its address then names its source file instead.
        self.addresses: Addresses | None = None

    def markdown(self, page: str, markdown: str) -> str:
        """The markdown body of the guidance page `page` (its path in content/), ready to render.

        Raw HTML is taken out first (the check warns of it with its line), so
        no engine ever renders it."""
        markdown = commonmark.strip_html(markdown)
        with_facts = walk(markdown, lambda text, _line, _heading: self.facts.expand(text, page))
        linked = walk(with_facts, lambda text, _line, _heading: autolink(text))
        if not self.terms:
            return linked
        first_uses = FirstUses(self.terms, page)
        return walk(
            linked, lambda text, _line, heading: text if heading else first_uses.explain(text)
        )

    def html(self, page: str, markdown: str) -> str:
        """The safe HTML body of the guidance page `page` from its markdown body."""
        return guidance_html.page_html(self.markdown(page, markdown), page, self.addresses)

    def page_text(self, source: GuidanceSource) -> str:
        """The whole page as `generate` writes it for another engine: its front
        matter (with the h1 as its title when it names none), then its HTML."""
        body = self.html(source.path, source.body)
        front, title = source.front, guidance_html.first_heading(body)
        if "title" not in source.meta and title is not None:
            fields = yaml.safe_dump({"title": title, **source.meta}, allow_unicode=True)
            front = f"---\n{fields}---\n"
        return f"{front}\n{body}\n"


@dataclass(slots=True)
class Prepared:
    """The guidance side of a build: the pass for pages, and what the check found."""

    guidance: Guidance
    glossary: list[GlossaryTerm]
    duties: list[Duty]
    pages: list[GuidanceSource]
    problems: list[Problem] = field(default_factory=list)
    thesaurus: list[Synonyms] = field(default_factory=list)


def prepare(
    data: Path,
    content: Path | None,
    directory: Directory,
    *,
    today: date,
    site: SiteInfo,
) -> Prepared:
    """Read the glossary and the duties beside the data, and check every page of `content`
    (none when it is None or missing) against the checked directory. The reading
    grades are `readability_warnings`' (`check` gives them; a build does not)."""
    folder = data if data.is_dir() else lists_folder(data)
    label = shown_path(folder)
    terms, found = read_glossary(folder, label)
    themes = {theme.id for theme in directory.themes}
    duties, more = read_duties(folder, label, themes, {s.id for s in directory.services})
    found += more
    thesaurus, more = read_thesaurus(folder, label)
    found += more
    facts = Facts(directory, site, today=today)
    pages = read_pages(content) if content is not None and content.is_dir() else []
    found += check_pages(pages, facts, duties, duties_file=f"{label}/{DUTIES_FILE}")
    return Prepared(Guidance(facts, terms), terms, duties, pages, found, thesaurus)


def check_pages(
    pages: Sequence[GuidanceSource], facts: Facts, duties: Sequence[Duty], *, duties_file: str
) -> list[Problem]:
    """Every reference that cannot be shown and every unknown duty, with file and line."""
    found: list[Problem] = []
    for page in pages:

        def references(text: str, line: int, _heading: bool, page: GuidanceSource = page) -> str:
            for reference in REFERENCE.finditer(text):
                resolved = facts.resolve(reference[1], page.path)
                if resolved.problem is not None:
                    found.append(
                        Problem(
                            page.label,
                            page.body_line + line,
                            resolved.problem,
                            resolved.service,
                            reference[1],
                        )
                    )
            return text

        walk(page.body, references)
        found.extend(_covers_problems(page, [duty.id for duty in duties], duties_file))
    return found


def _covers_problems(page: GuidanceSource, ids: list[str], duties_file: str) -> list[Problem]:
    covers = page.meta.get("covers")
    if covers is None:
        return []
    line = _front_matter_line(page, "covers")
    example = ids[0] if ids else "how-to-ask-for-an-assessment"
    if not isinstance(covers, list):
        return [Problem(page.label, line, say.covers_not_list(example), None, "covers")]
    if not ids:
        return [Problem(page.label, line, say.no_duties_file(duties_file), None, "covers")]
    return [
        Problem(page.label, line, say.unknown_duty(str(duty), ids, duties_file), None, "covers")
        for duty in covers
        if str(duty) not in ids
    ]


def _front_matter_line(page: GuidanceSource, key: str) -> int:
    for number, line in enumerate(page.front.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def covered(page: GuidanceSource) -> tuple[str, ...]:
    """The duty ids a page says it covers."""
    covers = page.meta.get("covers")
    return tuple(str(duty) for duty in covers) if isinstance(covers, list) else ()


def readability_warnings(
    pages: Sequence[GuidanceSource],
    directory: Directory,
    *,
    today: date,
    grader: readability.Grader,
) -> Callable[[], list[Problem]]:
    """A warning for each guidance page and published description above grade 8,
    given by the function returned: the grading goes on in the grader's process
    until that function is called."""
    described = [service for service in directory.published(today) if service.description]
    texts = [page.body for page in pages] + [service.description or "" for service in described]
    graded = grader.too_hard(texts).result

    def warnings() -> list[Problem]:
        grades = graded()
        found: list[Problem] = []
        for page, grade in zip(pages, grades[: len(pages)], strict=True):
            if grade is not None:
                what = f'The page "{page.title}"'
                message = say.hard_to_read(grade, readability.MAX_GRADE, what)
                found.append(Problem(page.label, None, message))
        for service, grade in zip(described, grades[len(pages) :], strict=True):
            if grade is not None:
                message = say.hard_to_read(grade, readability.MAX_GRADE, "The description")
                found.append(
                    Problem(
                        service.source.file,
                        service.source.line,
                        message,
                        say.service_named(service.name),
                        "description",
                    )
                )
        return found

    return warnings
