"""The editors' review report: what is out of date, and what the Local Offer lacks.

The SEND regulations ask for a Local Offer that is kept up to date and covers
a set list of topics. Editors cannot see either from one listing at a time,
so this module works it out from the whole directory and the guidance pages:

- published services due for review (last reviewed more than 12 months ago),
  oldest first, with the owner who should review each;
- themes, age bands and SEND needs with fewer than 3 services, or none;
- the Local Offer topics of the regulations that have no guidance page or no
  service.

`python -m generator report` prints it as text; `report_page_html` gives the
same report as an editors' page with charts (see generator/site/charts.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from generator.data.clock import year_before
from generator.data.duties import Duty
from generator.data.model import AGE_BANDS, Directory, Service
from generator.site import charts, speech
from generator.site.guidance import split_front_matter
from generator.site.links import root_of, url_of
from generator.site.pages import GeneratedPage

REVIEW_MONTHS = 12
"""A listing is due for review when it was last reviewed more than this many months
ago (`generator.data.clock.year_before`, which the loader's warning uses too)."""

FEW = 3
"""Themes, age bands and needs with fewer services than this are reported."""

REVIEW_AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 3 months", 0, 2),
    ("3 to 5 months", 3, 5),
    ("6 to 8 months", 6, 8),
    ("9 to 11 months", 9, 11),
    ("12 to 17 months", 12, 17),
    ("18 months or more", 18, None),
)
"""(label, first, last) of the "months since review" chart; None: no upper limit."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic the Local Offer must cover, and how we recognise that it does.

    A published service counts when it is in one of `themes`, or when its
    name, summary or description contains one of `service_words`; a guidance page counts
    when its title or summary contains one of `page_words`. Words match at
    the start of a word, without case: "disagree" finds "disagreement".
    """

    id: str
    name: str
    themes: tuple[str, ...]
    page_words: tuple[str, ...]
    service_words: tuple[str, ...] = ()


LOCAL_OFFER_TOPICS: tuple[Topic, ...] = (
    Topic(
        "special-educational-provision",
        "Special educational provision",
        ("education", "early-years-childcare"),
        ("special educational", "SEN support", "EHC", "education", "school", "nursery"),
    ),
    Topic("health", "Health", ("health",), ("health", "therapy", "therapist", "NHS")),
    Topic(
        "social-care",
        "Social care",
        ("social-care",),
        ("social care", "social worker", "short break", "respite"),
    ),
    Topic(
        "training",
        "Training",
        ("preparing-for-adulthood",),
        ("training", "apprenticeship", "internship", "traineeship", "employment"),
        ("training", "apprenticeship", "internship", "traineeship"),
    ),
    Topic("travel", "Travel", ("travel-transport",), ("travel", "transport")),
    Topic(
        "preparing-for-adulthood",
        "Preparing for adulthood",
        ("preparing-for-adulthood",),
        ("adulthood", "independent living", "moving on", "leaving school"),
    ),
    Topic(
        "information-and-advice",
        "Information and advice",
        ("advice-support-advocacy",),
        ("advice", "information", "SENDIASS"),
    ),
    Topic(
        "complaints-and-disagreements",
        "Complaints and disagreement resolution",
        (),
        ("complain", "disagree", "mediation", "tribunal", "appeal"),
        ("complain", "disagreement", "mediation", "tribunal"),
    ),
)
"""The topics the SEND Regulations 2014 (Schedule 2) and the Children and
Families Act 2014 (section 30) ask a Local Offer to cover, mapped to our theme
ids and to words that show a guidance page is about them."""


@dataclass(frozen=True, slots=True)
class GuidancePage:
    """A page of content/, as the report needs it: where it is and what it is about."""

    path: str  # relative to content/, like "working-together/when-you-disagree.md"
    title: str
    summary: str = ""
    covers: tuple[str, ...] = ()  # ids of the duties (data/local-offer-duties.yaml) it covers


@dataclass(frozen=True, slots=True)
class DueReview:
    service: Service
    months: int  # whole months since last_reviewed


@dataclass(frozen=True, slots=True)
class Count:
    """How many published services one theme, need, age band or review age has."""

    id: str
    name: str
    services: int


@dataclass(frozen=True, slots=True)
class TopicCoverage:
    topic: Topic
    services: int
    pages: tuple[GuidancePage, ...]


@dataclass(frozen=True, slots=True)
class DutyCoverage:
    """One duty of the law, with the guidance pages and published services that cover it."""

    duty: Duty
    pages: tuple[GuidancePage, ...]
    services: tuple[Service, ...]

    @property
    def needs_service(self) -> bool:
        """A duty with themes or listings is about services: a gap until one is published."""
        return bool(self.duty.themes or self.duty.services)


@dataclass(frozen=True, slots=True)
class ReviewReport:
    today: date
    published: int
    due: list[DueReview]  # oldest review first
    themes: list[Count]  # in the order of data/themes.yaml
    age_bands: list[Count]
    needs: list[Count]
    review_ages: list[Count]
    topics: list[TopicCoverage]
    duties: list[DutyCoverage] = field(default_factory=list)

    @staticmethod
    def few(counts: Iterable[Count]) -> list[Count]:
        return [count for count in counts if count.services < FEW]

    @property
    def topics_without_pages(self) -> list[Topic]:
        return [coverage.topic for coverage in self.topics if not coverage.pages]

    @property
    def topics_without_services(self) -> list[Topic]:
        return [coverage.topic for coverage in self.topics if not coverage.services]

    @property
    def duties_without_pages(self) -> list[Duty]:
        return [coverage.duty for coverage in self.duties if not coverage.pages]

    @property
    def duties_without_services(self) -> list[Duty]:
        return [c.duty for c in self.duties if c.needs_service and not c.services]


# --- building the report ------------------------------------------------------


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later`: 14 June to 13 July is 0, to 14 July is 1."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def is_due_for_review(last_reviewed: date, today: date) -> bool:
    """Last reviewed more than a year ago: the rule of the loader's warning, shared."""
    return last_reviewed < year_before(today)


def read_guidance(content: Path) -> list[GuidancePage]:
    """Every markdown page under `content/` with its front matter title and summary.

    A page without a front matter title takes its first `# ` heading, as
    MkDocs does, or else its file name, so the report still counts it (and
    test_content.py tells the editor to add one).
    """
    pages = []
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, _, _ = split_front_matter(text)
        relative = path.relative_to(content).as_posix()
        title = meta.get("title")
        if not isinstance(title, str):
            heading = re.search(r"^# +(.+?) *#* *$", text, re.MULTILINE)
            title = heading.group(1) if heading else None
        summary = meta.get("summary")
        covers = meta.get("covers")
        pages.append(
            GuidancePage(
                relative,
                title if isinstance(title, str) else path.stem.replace("-", " ").capitalize(),
                summary if isinstance(summary, str) else "",
                tuple(str(duty) for duty in covers) if isinstance(covers, list) else (),
            )
        )
    return pages


def _words_of(service: Service) -> str:
    return f"{service.name} {service.summary} {service.description or ''}"


def _mentions(text: str, words: Sequence[str]) -> bool:
    return any(re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE) for word in words)


def build_report(
    directory: Directory,
    *,
    today: date,
    guidance: Sequence[GuidancePage],
    duties: Sequence[Duty] = (),
) -> ReviewReport:
    """The review report for `today` (the build date) from the data and the guidance pages,
    with each of `duties` (what the law asks the Local Offer to cover) mapped to the
    pages that say they cover it and the published services in its themes."""
    published = directory.published(today)
    due = sorted(
        (
            DueReview(service, months_between(service.last_reviewed, today))
            for service in published
            if is_due_for_review(service.last_reviewed, today)
        ),
        key=lambda item: (
            item.service.last_reviewed,
            item.service.name.casefold(),
            item.service.id,
        ),
    )
    since_review = [months_between(s.last_reviewed, today) for s in published]
    review_ages = [
        Count(
            label, label, sum(1 for m in since_review if first <= m and (last is None or m <= last))
        )
        for label, first, last in REVIEW_AGE_BANDS
    ]
    topics = []
    for topic in LOCAL_OFFER_TOPICS:
        services = sum(
            1
            for s in published
            if set(s.themes) & set(topic.themes)
            or (topic.service_words and _mentions(_words_of(s), topic.service_words))
        )
        pages = tuple(p for p in guidance if _mentions(f"{p.title} {p.summary}", topic.page_words))
        topics.append(TopicCoverage(topic, services, pages))
    return ReviewReport(
        today=today,
        published=len(published),
        due=due,
        themes=[
            Count(t.id, t.name, sum(1 for s in published if t.id in s.themes))
            for t in directory.themes
        ],
        age_bands=[
            # A service without ages is for all ages: the site lists it in every band too.
            Count(
                band,
                label,
                sum(1 for s in published if s.ages is None or s.ages.overlaps(first, last)),
            )
            for band, label, first, last in AGE_BANDS
        ],
        needs=[
            Count(n.id, n.name, sum(1 for s in published if n.id in s.needs))
            for n in directory.needs
        ],
        review_ages=review_ages,
        topics=topics,
        duties=[
            DutyCoverage(
                duty,
                tuple(page for page in guidance if duty.id in page.covers),
                tuple(
                    s
                    for s in published
                    if set(s.themes) & set(duty.themes) or s.id in duty.services
                ),
            )
            for duty in duties
        ],
    )


# --- the report as text (the CLI) ---------------------------------------------------


def _services(count: int) -> str:
    return speech.plural(count, "service")


def _months(count: int) -> str:
    return speech.plural(count, "month")


def render_text(report: ReviewReport) -> str:
    """The report as plain text for `python -m generator report`."""
    lines = [
        f"Review report for {speech.date_words(report.today)}",
        f"Published services: {report.published:,}",
        "",
        f"Due for review (last reviewed more than {REVIEW_MONTHS} months ago): "
        f"{_services(len(report.due))}, oldest first",
    ]
    if not report.due:
        lines.append("  None.")
    for item in report.due:
        service = item.service
        lines.append(f"  {service.name} ({service.id})")
        lines.append(
            f"    Last reviewed {speech.date_words(service.last_reviewed)}, "
            f"{_months(item.months)} ago. Owner: {service.owner or 'not set'}"
        )
    for heading, counts in (
        ("Themes", report.themes),
        ("Age bands", report.age_bands),
        ("Needs", report.needs),
    ):
        few = report.few(counts)
        lines += ["", f"{heading} with fewer than {FEW} services: {len(few)}"]
        lines += [f"  {count.name}: {_services(count.services)}" for count in few] or ["  None."]
    lines += ["", "Local Offer topics (SEND Regulations 2014):"]
    for coverage in report.topics:
        pages = speech.plural(len(coverage.pages), "guidance page")
        lines.append(f"  {coverage.topic.name}: {_services(coverage.services)}, {pages}")
    for heading, topics in (
        ("Topics with no guidance page", report.topics_without_pages),
        ("Topics with no service", report.topics_without_services),
    ):
        names = ", ".join(topic.name for topic in topics) or "None."
        lines += ["", f"{heading}: {names}"]
    if report.duties:
        lines += _duties_text(report)
    return "\n".join(lines) + "\n"


SHOWN_SERVICES = 3
"""A duty's services are named up to this many, then counted: a theme can have hundreds."""


def _service_names(services: Sequence[Service]) -> str:
    names = [service.name for service in services[:SHOWN_SERVICES]]
    more = len(services) - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def _duties_text(report: ReviewReport) -> list[str]:
    lines = ["", "What the law asks the Local Offer to cover:"]
    for coverage in report.duties:
        duty = coverage.duty
        pages = ", ".join(page.title for page in coverage.pages) or "none"
        lines += [f"  {duty.says} ({duty.source})", f"    Guidance pages: {pages}"]
        if coverage.needs_service:
            count = len(coverage.services)
            lines.append(f"    Services ({count:,}): {_service_names(coverage.services) or 'none'}")
    for heading, duties in (
        ("Duties with no guidance page", report.duties_without_pages),
        ("Duties with no service", report.duties_without_services),
    ):
        lines += ["", f"{heading}: " + ("; ".join(duty.says for duty in duties) or "None.")]
    return lines


# --- the report as an editors' page -------------------------------------------------


def report_page_html(report: ReviewReport, *, root: str = "../", owners: bool = False) -> str:
    """The body of the editors' report page: the figures, charts and tables.

    `root` is the relative path from the report page to the site root
    ("../" for a page at `editors-report/`), for links to service pages and
    guidance. The page is left out of the navigation, but a static site has
    no log-in: anyone with its address can read it. So, like the open data,
    it does not show owners (often a person's work email) unless `owners`
    is True, for a site behind a log-in; the CLI report shows them.
    """
    e = escape
    parts = [
        '<h1 id="review-report">Review report</h1>',
        f"<p>For {e(speech.date_words(report.today))}: {e(_services(report.published))} "
        "published. Run <code>python -m generator report</code> to see the same report "
        "as text, with the owner of each listing.</p>",
        f'<h2 id="due-for-review">Due for review ({len(report.due)})</h2>',
        f"<p>Services last reviewed more than {REVIEW_MONTHS} months ago, oldest first. "
        "Ask the owner to check the listing with the service, then update "
        "<code>last_reviewed</code>.</p>",
    ]
    if report.due:
        rows = "".join(
            f'<tr><td><a href="{e(root)}services/{e(item.service.id)}/">{e(item.service.name)}</a>'
            f"</td><td>{e(speech.date_words(item.service.last_reviewed))}</td>"
            f"<td>{e(_months(item.months))}</td>"
            + (f"<td>{e(item.service.owner or 'Not set')}</td>" if owners else "")
            + "</tr>"
            for item in report.due
        )
        parts.append(
            '<table class="govuk-table"><caption>Services due for review</caption>'
            "<thead><tr>"
            '<th scope="col">Service</th><th scope="col">Last reviewed</th>'
            '<th scope="col">Time since review</th>'
            + ('<th scope="col">Owner</th>' if owners else "")
            + f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>None: every published service was reviewed in time.</p>")
    parts.append(
        charts.bar_chart(
            "review-age",
            "Services by months since review",
            f"How long ago each of the {report.published} published services was last reviewed.",
            [charts.Bar(c.name, c.services) for c in report.review_ages],
            label_header="Time since review",
        )
    )
    for chart_id, heading, counts, label_header in (
        ("themes", "Services per theme", report.themes, "Theme"),
        ("age-bands", "Services per age band", report.age_bands, "Age band"),
    ):
        parts.append(
            charts.bar_chart(
                chart_id,
                heading,
                f"{heading} among the {report.published} published services. "
                "A service can count in more than one.",
                [charts.Bar(c.name, c.services) for c in counts],
                label_header=label_header,
            )
        )
    parts.append(f'<h2 id="few-services">Fewer than {FEW} services</h2>')
    for anchor, heading, counts in (
        ("few-themes", "Themes", report.themes),
        ("few-age-bands", "Age bands", report.age_bands),
        ("few-needs", "Needs", report.needs),
    ):
        few = report.few(counts)
        parts.append(f'<h3 id="{anchor}">{heading}</h3>')
        if few:
            items = "".join(f"<li>{e(c.name)}: {e(_services(c.services))}</li>" for c in few)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>None.</p>")
    parts += [
        '<h2 id="topics">Local Offer topics</h2>',
        "<p>The topics the SEND Regulations 2014 ask a Local Offer to cover, with the "
        "services and guidance pages we found for each.</p>",
    ]
    rows = ""
    for coverage in report.topics:
        links = ", ".join(
            f'<a href="{e(root)}{e(url_of(p.path))}">{e(p.title)}</a>' for p in coverage.pages
        )
        rows += (
            f'<tr><th scope="row">{e(coverage.topic.name)}</th>'
            f"<td>{coverage.services}</td><td>{links or 'None'}</td></tr>"
        )
    parts.append(
        '<table class="govuk-table"><caption>Local Offer topics</caption>'
        "<thead><tr>"
        '<th scope="col">Topic</th><th scope="col">Services</th>'
        f'<th scope="col">Guidance pages</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    for heading, topics in (
        ("Topics with no guidance page", report.topics_without_pages),
        ("Topics with no service", report.topics_without_services),
    ):
        names = ", ".join(e(topic.name) for topic in topics) or "None."
        parts.append(f"<p><strong>{heading}:</strong> {names}</p>")
    if report.duties:
        parts += _duties_html(report, root)
    return "\n".join(parts) + "\n"


def _duties_html(report: ReviewReport, root: str) -> list[str]:
    e = escape
    rows = ""
    for coverage in report.duties:
        duty = coverage.duty
        pages = ", ".join(
            f'<a href="{e(root)}{e(url_of(p.path))}">{e(p.title)}</a>' for p in coverage.pages
        )
        shown = coverage.services[:SHOWN_SERVICES]
        services = ", ".join(
            f'<a href="{e(root)}services/{e(s.id)}/">{e(s.name)}</a>' for s in shown
        )
        more = len(coverage.services) - len(shown)
        if more > 0:
            services += f" and {more:,} more"
        if not coverage.needs_service:
            services = "Not needed"
        rows += (
            f'<tr><th scope="row">{e(duty.says)}</th><td>{e(duty.source)}</td>'
            f"<td>{pages or '<strong>None</strong>'}</td>"
            f"<td>{services or '<strong>None</strong>'}</td></tr>"
        )
    parts = [
        '<h2 id="duties">What the law asks the Local Offer to cover</h2>',
        "<p>Each paragraph of Schedule 2 of the SEND Regulations 2014, and each item the "
        "SEND Code of Practice says a Local Offer must include, with the guidance pages "
        "that cover it (their <code>covers</code>) and the published services in its "
        "themes. The list is <code>data/local-offer-duties.yaml</code>.</p>",
        '<table class="govuk-table"><caption>What the law asks for, and where we cover it'
        "</caption><thead><tr>"
        '<th scope="col">What the Local Offer must cover</th><th scope="col">Where the law '
        'says it</th><th scope="col">Guidance pages</th><th scope="col">Services</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>",
    ]
    for heading, duties in (
        ("Duties with no guidance page", report.duties_without_pages),
        ("Duties with no service", report.duties_without_services),
    ):
        names = "; ".join(e(duty.says) for duty in duties) or "None."
        parts.append(f"<p><strong>{heading}:</strong> {names}</p>")
    return parts


REVIEW_PAGE = "editors/review-report.md"


def review_page(report: ReviewReport, *, src_uri: str = REVIEW_PAGE) -> GeneratedPage:
    """The editors' report as a generated page, out of the navigation.

    Unlinked is not secret, so owners are left out (see `report_page_html`);
    `noindex` keeps it out of search engines and the sitemap.
    """
    return GeneratedPage(
        src_uri=src_uri,
        title="Review report",
        body_html=report_page_html(report, root=root_of(src_uri)),
        meta={
            "description": "Services due for review and gaps in the Local Offer, for editors.",
            "page_type": "editors-report",
            "robots": "noindex",  # overrides/main.html and sitemap.xml read it
        },
        in_nav=False,
    )
