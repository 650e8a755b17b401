"""Directory -> the generated pages: services, listings, redirects.

The output is engine-agnostic: safe HTML bodies plus metadata. The MkDocs
plugin feeds them to a build; `python -m generator generate` writes them to
disk for any other engine.

Addresses are directory style (`themes/health.md` is served at
`themes/health/`) and every link between pages is relative, built from the
linking page's depth, so the site works from a sub-folder as well as from
the root of a domain.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from markupsafe import Markup

from generator.data.model import AGE_BANDS, ATTENDING, DAYS, Directory, FeedbackItem, Service, Term
from generator.data.thesaurus import Synonyms, browser_table
from generator.site import shortlist, speech
from generator.site.facets import EXACT_AGES, FILTERS, service_facts
from generator.site.history import ListingHistory
from generator.site.jsonld import service_jsonld_script
from generator.site.links import root_of
from generator.site.render import ENV, anchor, render, render_markdown


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page we generate. `body_html` is already safe: built from checked
    data through autoescaping templates and sanitised markdown."""

    src_uri: str  # like "services/sunflower-play-scheme.md"; URL "services/sunflower-play-scheme/"
    title: str
    body_html: str
    # description, page_type; service pages also service_id and last_reviewed
    meta: dict[str, str] = field(default_factory=dict)
    in_nav: bool = False


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old address that must keep working: written as a tiny HTML page."""

    from_path: str  # like "services/old-id/index.html"
    to_uri: str  # like "services/new-id/"


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """The few facts about the publisher that pages put into words."""

    name: str  # "Hollinbrook Local Offer"
    area_name: str  # "Hollinbrook"
    council: str  # "Hollinbrook Borough Council"
    site_url: str = ""  # "https://localoffer.example.org/": absolute links in JSON-LD


class BrowseItem(NamedTuple):
    href: str
    name: str
    description: str
    total: int


class FilterGroup(NamedTuple):
    """One fieldset of the search page's filters: (value, label) options."""

    name: str  # the filter's name in the index and the address: "theme"
    legend: str
    options: list[tuple[str, str]]


class AzGroup(NamedTuple):
    label: str
    anchor: str
    cards: Markup


OTHER_LETTER = ("0–9", "letter-0-9")
"""The A to Z group for names that do not start with a letter."""


def build_pages(
    directory: Directory,
    *,
    today: date,
    site: SiteInfo,
    changes: Mapping[str, ListingHistory] | None = None,
    thesaurus: Sequence[Synonyms] = (),
) -> tuple[list[GeneratedPage], list[Redirect]]:
    """Every page and redirect the directory publishes on `today`, sorted by address.

    `today` is the build date (never the wall clock), so the same data gives
    the same pages byte for byte. `changes` says when each listing last
    changed (from git, see `generator.site.history`), for its "Last changed" row.
    `thesaurus` goes into the search page, which rewrites parents' words with it.
    """
    builder = _Builder(directory, today, site, changes or {}, thesaurus)
    pages = [*builder.lists(), *builder.service_pages()]
    pages.sort(key=lambda page: page.src_uri)
    return pages, builder.redirects()


HOME, FEEDBACK, A_TO_Z, SEARCH, MY_LIST = FIXED_PAGES = (
    "index.md",
    "you-said-we-did.md",
    "services/index.md",
    "search.md",
    "my-list.md",
)
"""The pages `_Builder.lists` makes whatever the data: home, "You said, we did",
the A to Z, search and My list."""


def page_sources(directory: Directory, *, today: date) -> list[str]:
    """The source file of every page `build_pages` makes, sorted, named from
    the ids without drawing any page: the check only needs to know which
    pages exist, to find links to none (a test holds the two lists equal)."""
    browse = {
        "themes": [term.id for term in directory.themes],
        "needs": [term.id for term in directory.needs],
        "ages": [band for band, *_rest in AGE_BANDS],
    }
    lists = [source for folder, ids in browse.items() for source in _browse_sources(folder, ids)]
    services = [*directory.published(today), *directory.retired()]
    return sorted([*FIXED_PAGES, *lists, *map(_service_source, services)])


def _service_source(service: Service) -> str:
    return f"services/{service.id}.md"


def _browse_sources(folder: str, ids: Iterable[str]) -> list[str]:
    """A list-of-lists page's source, then one per entry (themes, needs, age bands)."""
    return [f"{folder}/index.md", *(f"{folder}/{term_id}.md" for term_id in ids)]


class _Builder:
    """Holds what every page shares (lookups, memberships, rendered cards) so
    each is computed once per build, not once per page."""

    def __init__(
        self,
        directory: Directory,
        today: date,
        site: SiteInfo,
        changes: Mapping[str, ListingHistory],
        thesaurus: Sequence[Synonyms] = (),
    ) -> None:
        self.directory = directory
        self.thesaurus = list(thesaurus)
        self.today = today
        self.site = site
        self.changes = changes
        self.published = directory.published(today)
        self.retired = directory.retired()
        self.theme_terms = {term.id: term for term in directory.themes}
        self.need_terms = {term.id: term for term in directory.needs}
        self.features = {term.id: term for term in directory.accessibility}
        self.by_theme: dict[str, list[Service]] = {term_id: [] for term_id in self.theme_terms}
        self.by_need: dict[str, list[Service]] = {term_id: [] for term_id in self.need_terms}
        for service in self.published:
            for theme_id in service.themes:
                self.by_theme[theme_id].append(service)
            for need_id in service.needs:
                self.by_need[need_id].append(service)
        self.by_age: dict[str, list[Service]] = {
            band: [s for s in self.published if s.ages is None or s.ages.overlaps(first, last)]
            for band, _label, first, last in AGE_BANDS
        }
        self._card_macro = ENV.get_template("macros.html").module.result_card  # type: ignore[attr-defined]
        self._cards: dict[tuple[str, str, int], Markup] = {}

    # --- shared pieces ---

    def card(self, service: Service, root: str, level: int) -> Markup:
        """A service's result card, rendered once per page depth and heading level."""
        key = (service.id, root, level)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = Markup(self._card_macro(service, root, level).strip())
        return card

    def cards(self, services: Iterable[Service], root: str, level: int) -> Markup:
        return Markup("\n").join(self.card(service, root, level) for service in services)

    # --- pages ---

    def home(self) -> GeneratedPage:
        src = HOME
        body = render("home.html", site=self.site, themes=self.directory.themes, root=root_of(src))
        description = (
            f"Support and services in {self.site.area_name} for children and young people aged "
            "0 to 25 with special educational needs and disabilities (SEND), and their families."
        )
        return _page(src, self.site.name, body, description, "home", in_nav=True)

    def you_said_we_did(self) -> GeneratedPage:
        src = FEEDBACK
        feedback = sorted(self.directory.feedback, key=_newest_first)
        anchors = _unique(f"{f.date.isoformat()}-{anchor(f.topic or 'feedback')}" for f in feedback)
        items = list(zip(feedback, anchors, strict=True))
        body = render("you_said_we_did.html", site=self.site, items=items, root=root_of(src))
        description = f"What you told us about the {self.site.name}, and what we did about it."
        return _page(src, "You said, we did", body, description, "you-said-we-did", in_nav=True)

    def a_to_z(self) -> GeneratedPage:
        src = A_TO_Z
        root = root_of(src)
        grouped: dict[tuple[str, str], list[Service]] = {}
        for service in self.published:
            grouped.setdefault(_letter(service.name), []).append(service)
        letters = [OTHER_LETTER] if OTHER_LETTER in grouped else []
        letters += [(c, f"letter-{c.lower()}") for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        everything = [
            AzGroup(label, target, self.cards(grouped.get((label, target), ()), root, 3))
            for label, target in letters
        ]
        body = render(
            "a_z.html",
            count=len(self.published),
            letters=everything,
            groups=[group for group in everything if group.cards],
        )
        description = f"Every service in the {self.site.name}, from A to Z."
        return _page(src, "A to Z of services", body, description, "a-z", in_nav=True)

    def my_list(self) -> GeneratedPage:
        """The visitor's shortlist: an empty frame that overrides/assets/mylist.js
        fills from the browser's storage (or the `ids` of a shared link)."""
        src = MY_LIST
        files = shortlist.file_count(len(self.published) + len(self.retired))
        body = render("my_list.html", root=root_of(src), files=files)
        description = "The services you saved, to look at again, print or share."
        return _page(src, "My list", body, description, "my-list")

    def search(self) -> GeneratedPage:
        """The search page: its filters are every value a service can have,
        labelled as the browse pages label them; search.js adds the counts."""
        src = SEARCH
        areas = sorted({a for s in self.published for a in s.covers}, key=str.casefold)
        attending = {way for s in self.published for way in s.attending}
        days = {day for s in self.published for session in s.schedule for day in session.days}
        options: dict[str, tuple[str, list[tuple[str, str]]]] = {
            "theme": ("Theme", [(t.id, t.name) for t in self.directory.themes]),
            "need": ("Need", [(t.id, t.name) for t in self.directory.needs]),
            "cost": ("Cost", [("free", "Free only")]),
            "attending": (
                "How to attend",
                [(w, speech.attending_words(w)) for w in ATTENDING if w in attending],
            ),
            "day": ("Day open", [(d, speech.day_words(d)) for d in DAYS if d in days]),
            "area": ("Area covered", [(area, area) for area in areas]),
            "access": ("Accessibility", [(t.id, t.name) for t in self.directory.accessibility]),
        }
        groups = [FilterGroup(name, *options[name]) for name in FILTERS if options[name][1]]
        postcodes = [[p.district, p.latitude, p.longitude] for p in self.directory.postcodes]
        body = render(
            "search.html",
            root=root_of(src),
            site=self.site,
            groups=groups,
            postcodes=postcodes,
            ages=[(str(age), speech.year_words(age)) for age in EXACT_AGES],
            thesaurus=browser_table(self.thesaurus),
        )
        description = f"Search the services and guidance of the {self.site.name}."
        return _page(src, "Search", body, description, "search")

    def themes(self) -> list[GeneratedPage]:
        return self._browse(
            folder="themes",
            terms=self.directory.themes,
            members=self.by_theme,
            index_title="Services by theme",
            index_intro=f"Find services in {self.site.area_name} by what they help with.",
            index_type="themes",
            item_type="theme",
            empty="There are no services in this theme yet.",
        )

    def needs(self) -> list[GeneratedPage]:
        return self._browse(
            folder="needs",
            terms=self.directory.needs,
            members=self.by_need,
            index_title="Services by need",
            index_intro=f"Find services in {self.site.area_name} for each kind of need.",
            index_type="needs",
            item_type="need",
            empty="There are no services for this need yet.",
        )

    def ages(self) -> list[GeneratedPage]:
        bands = [
            Term(
                band,
                label,
                f"Services for children and young people aged {first} to {last}, "
                "including services for a wider age range.",
            )
            for band, label, first, last in AGE_BANDS
        ]
        return self._browse(
            folder="ages",
            terms=bands,
            members=self.by_age,
            index_title="Services by age",
            index_intro=f"Find services in {self.site.area_name} for each age group.",
            index_type="ages",
            item_type="age",
            empty="There are no services for this age yet.",
        )

    def _browse(
        self,
        *,
        folder: str,
        terms: list[Term],
        members: dict[str, list[Service]],
        index_title: str,
        index_intro: str,
        index_type: str,
        item_type: str,
        empty: str,
    ) -> list[GeneratedPage]:
        """A list-of-lists page and one page per entry: themes, needs and age bands alike."""
        index_src, *term_sources = _browse_sources(folder, [term.id for term in terms])
        index_root = root_of(index_src)
        items = [
            BrowseItem(f"{index_root}{folder}/{t.id}/", t.name, t.description, len(members[t.id]))
            for t in terms
        ]
        body = render("browse.html", heading=index_title, intro=index_intro, items=items)
        pages = [_page(index_src, index_title, body, index_intro, index_type, in_nav=True)]
        for term, src in zip(terms, term_sources, strict=True):
            root = root_of(src)
            services = members[term.id]
            body = render(
                "listing.html",
                caption=index_title,
                heading=term.name,
                description=term.description,
                count=len(services),
                cards=self.cards(services, root, 2),
                empty=empty,
                back=(f"{root}{folder}/", f"All {index_title[0].lower()}{index_title[1:]}"),
            )
            description = term.description or f"{index_title}: {term.name}"
            pages.append(_page(src, term.name, body, description, item_type))
        return pages

    def jsonld(self, service: Service) -> Markup | None:
        """The page's schema.org description; it needs the site's address for its links."""
        if not self.site.site_url:
            return None
        return Markup(
            service_jsonld_script(
                service, self.directory, site_url=self.site.site_url, council=self.site.council
            )
        )

    def lists(self) -> list[GeneratedPage]:
        """Every page but the services' own: the home page, the lists and the tools."""
        return [
            self.home(),
            self.you_said_we_did(),
            self.a_to_z(),
            self.search(),
            self.my_list(),
            *self.themes(),
            *self.needs(),
            *self.ages(),
        ]

    def service_page(self, service: Service) -> GeneratedPage:
        src = _service_source(service)
        body = render(
            "service.html",
            service=service,
            root=root_of(src),
            themes=[self.theme_terms[t] for t in service.themes],
            needs=[self.need_terms[n] for n in service.needs],
            features=self.features,
            description=render_markdown(service.description, src) if service.description else None,
            organisation_description=(
                render_markdown(service.organisation.description, src)
                if service.organisation and service.organisation.description
                else None
            ),
            today=self.today,
            search=service_facts(service, self.directory.postcodes, self.site.area_name),
            changed=self.changes.get(service.id),
            jsonld=self.jsonld(service),
        )
        return _service_page(src, service, body, service.summary, "service")

    def service_pages(self) -> list[GeneratedPage]:
        pages = [self.service_page(service) for service in self.published]
        for service in self.retired:
            src = _service_source(service)
            body = render(
                "retired.html",
                service=service,
                root=root_of(src),
                # a retired listing may outlive a theme that has since been removed
                themes=[self.theme_terms[t] for t in service.themes if t in self.theme_terms],
            )
            description = "This service is no longer available."
            pages.append(_service_page(src, service, body, description, "retired-service"))
        return pages

    def redirects(self) -> list[Redirect]:
        """Old ids of every service that still has a page, pointing at that page."""
        return sorted(
            (
                Redirect(from_path=f"services/{old}/index.html", to_uri=f"services/{service.id}/")
                for service in [*self.published, *self.retired]
                for old in service.previous_ids
            ),
            key=lambda redirect: redirect.from_path,
        )


def _page(
    src: str, title: str, body: str, description: str, page_type: str, *, in_nav: bool = False
) -> GeneratedPage:
    meta = {"description": description, "page_type": page_type}
    return GeneratedPage(src_uri=src, title=title, body_html=body, meta=meta, in_nav=in_nav)


def _service_page(
    src: str, service: Service, body: str, description: str, page_type: str
) -> GeneratedPage:
    meta = {
        "description": description,
        "page_type": page_type,
        "service_id": service.id,
        "last_reviewed": service.last_reviewed.isoformat(),
    }
    return GeneratedPage(src_uri=src, title=service.name, body_html=body, meta=meta)


def _letter(name: str) -> tuple[str, str]:
    """The A to Z group of a name: its first letter without accents ("Élan" -> E)."""
    first = unicodedata.normalize("NFKD", name.lstrip()[:1])[:1].upper()
    if "A" <= first <= "Z":
        return first, f"letter-{first.lower()}"
    return OTHER_LETTER


def _unique(names: Iterable[str]) -> list[str]:
    """Heading ids made unique on their page, as Python-Markdown does: "x", "x_1", "x_2"."""
    seen: set[str] = set()
    unique = []
    for name in names:
        candidate, number = name, 0
        while candidate in seen:
            number += 1
            candidate = f"{name}_{number}"
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _newest_first(item: FeedbackItem) -> tuple[int, str, str, str]:
    return (-item.date.toordinal(), item.topic or "", item.said, item.did)
