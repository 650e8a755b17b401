"""Guidance that tells families what the law gives them: facts from the listings,
every number a link, the glossary, the law's coverage and plain words.

Tiny real projects are built with `python -m generator build` and their
HTML read; the check's messages are asserted word for word; the sample
site's own pages are read for the facts families need.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
import yaml
from projects import ROOT, run_generator

from generator.data import clock
from generator.data.duties import read_duties
from generator.data.loader import load
from generator.site import readability
from generator.site.report import build_report, read_guidance

SERVICES = dedent(
    """\
    services:
      - id: hollinbrook-sendiass
        name: Hollinbrook SENDIASS
        summary: Free advice about SEND for families.
        themes: [advice-support-advocacy]
        contact:
          phone: "0161 496 0120"
          email: sendiass@example.org
          website: https://www.example.org/sendiass
        contacts:
          - {name: Evening helpline, phone: "0161 496 0121"}
        schedule:
          - {days: [monday, tuesday, wednesday, thursday, friday], opens: "09:30", closes: "16:30"}
        area: All of Hollinbrook
        last_reviewed: 2026-03-14
      - id: old-service
        name: Old Service
        summary: A service that has closed.
        status: retired
        themes: [advice-support-advocacy]
        last_reviewed: 2026-03-14
    """
)

FRONT = (
    "---\ntitle: {title}\nsummary: Free help.\naudience: Parents and carers\n"
    "last_reviewed: 2026-05-01\n{more}---\n\n"
)

ADVICE = FRONT.format(title="Get advice", more="") + dedent(
    """\
    # Get advice

    Phone {{service.hollinbrook-sendiass.phone}} or email {{ service.hollinbrook-sendiass.email }}.
    Lines are open {{service.hollinbrook-sendiass.hours}}.
    In the evening, call {{service.hollinbrook-sendiass.contacts.1.phone}}.
    Read about {{service.hollinbrook-sendiass.name}} on {{site.council}}'s site.

    The Local Offer team is on 0161 496 0100 and localoffer@example.org.

    Ask the SENCO. The SENCO can help. Ask about SEN support (help at school).

    ## SENCO meetings

    Write `{{service.hollinbrook-sendiass.phone}}` to show the number.
    """
)

GLOSSARY = dedent(
    """\
    terms:
      - id: senco
        term: SENCO
        short: the member of staff in charge of SEN support
        description: The teacher who makes sure children with SEN get help.
      - id: sen-support
        term: SEN support
        short: extra help at school
        description: Help a school gives from its own money.
    """
)

DUTIES = dedent(
    """\
    duties:
      - id: information-and-advice
        source: Schedule 2, paragraph 15
        says: Where to get information, advice and support
        themes: [advice-support-advocacy]
      - id: complaints-and-appeals
        source: Schedule 2, paragraph 17
        says: How to complain, and appeals
      - id: travel
        source: Schedule 2
        says: Travel to school
        themes: [travel-transport]
    """
)

PHONE = re.compile(r"\b0[0-9]{2,4} ?[0-9]{3} ?[0-9]{4}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def project_with(make_project: Any, content: dict[str, str], **data: str) -> Path:
    """A tiny project with `content`, SERVICES, and the given files in data/
    (`glossary`, `duties`); the glossary page, when there is one, in the nav."""
    project = make_project(services_yaml=SERVICES, content=content)
    files = {"glossary": "glossary.yaml", "duties": "local-offer-duties.yaml"}
    for key, text in data.items():
        (project / "data" / files[key]).write_text(text, encoding="utf-8")
    if "glossary" in data:
        settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        settings["nav"].append({"Glossary": "glossary.md"})
        (project / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return project



def article(html: str) -> str:
    """The page's own content: what is inside <article>."""
    found = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    assert found, "the page has no <article>"
    return found[0]


def unlinked(html: str) -> str:
    """The text of `html` outside links and code, tags removed."""
    html = re.sub(r"<a\b.*?</a>|<code>.*?</code>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


# --- facts from the listings, on built pages ------------------------------------


def test_references_show_the_listings_values_as_links(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = project_with(make_project, {"get-advice.md": ADVICE}, glossary=GLOSSARY)
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = article(site_page(project / "site", "get-advice").html)

    assert 'Phone <a href="tel:+441614960120">0161 496 0120</a> or email ' in html
    assert '<a href="mailto:sendiass@example.org">sendiass@example.org</a>.' in html
    assert "Lines are open Monday to Friday, 9:30am to 4:30pm." in html
    assert 'call <a href="tel:+441614960121">0161 496 0121</a>.' in html
    assert '<a href="../services/hollinbrook-sendiass/">Hollinbrook SENDIASS</a>' in html
    assert "Hollinbrook Borough Council" in html
    # A reference in code is shown as it is written: that is how the guide shows them.
    assert "<code>{{service.hollinbrook-sendiass.phone}}</code>" in html
    assert "{{" not in unlinked(html)


def test_every_phone_number_and_email_in_guidance_is_a_link(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = project_with(make_project, {"get-advice.md": ADVICE})
    assert build(project).returncode == 0
    html = article(site_page(project / "site", "get-advice").html)
    assert '<a href="tel:+441614960100">0161 496 0100</a>' in html
    assert '<a href="mailto:localoffer@example.org">localoffer@example.org</a>' in html
    text = unlinked(html)
    assert PHONE.findall(text) == [] and EMAIL.findall(text) == []
    # The footer's contact page, written by hand, has its email linked too.
    contact = article(site_page(project / "site", "contact").html)
    assert '<a href="mailto:localoffer@example.org">localoffer@example.org</a>' in contact


def test_the_first_use_of_a_glossary_term_is_explained_once(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = project_with(make_project, {"get-advice.md": ADVICE}, glossary=GLOSSARY)
    assert build(project).returncode == 0
    html = article(site_page(project / "site", "get-advice").html)
    first = (
        'Ask the <a href="../glossary/#senco">SENCO</a> '
        "(the member of staff in charge of SEN support). The SENCO can help."
    )
    assert first in html
    # A term followed by brackets is explained already: the link alone.
    assert 'Ask about <a href="../glossary/#sen-support">SEN support</a> (help at school).' in html
    # No link inside a heading.
    assert re.search(r"<h2 id=\"senco-meetings\"[^>]*>SENCO meetings", html)
    glossary = site_page(project / "site", "glossary")
    assert glossary.text_of("dt", id="senco") == ["SENCO"]
    assert glossary.text_of("dt", id="sen-support") == ["SEN support"]
    assert "Help a school gives from its own money." in glossary.text_of("dd")


# --- a broken reference is a problem, with file and line ----------------------------

BROKEN = FRONT.format(title="Advice", more="") + dedent(
    """\
    # Advice

    Phone {{service.hollinbrook-sendiass.fone}}.
    Phone {{service.hollinbrk-sendiass.phone}}.
    Phone {{service.old-service.phone}}.
    Phone {{servce.x.phone}}.
    Call {{service.hollinbrook-sendiass.contacts.2.phone}}.
    """
)

BROKEN_REPORT = """\
There is a problem with content/advice.md

Line 10, "Hollinbrook SENDIASS", service.hollinbrook-sendiass.fone
  "fone" is not a detail we can show from a listing. Did you mean "phone"? \
Use one of: name, phone, email, website, hours, address.
Line 11, service.hollinbrk-sendiass.phone
  There is no listing with the id "hollinbrk-sendiass". Did you mean "hollinbrook-sendiass"?
Line 12, "Old Service", service.old-service.phone
  "Old Service" is not published (its status is "retired"), so this page cannot show its \
details. Refer to a published listing, or publish this one.
Line 13, servce.x.phone
  You wrote "{{servce.x.phone}}". Refer to a detail of a listing like \
{{service.hollinbrook-sendiass.phone}}, or to the site like {{site.council}}.
Line 14, "Hollinbrook SENDIASS", service.hollinbrook-sendiass.contacts.2.phone
  "Hollinbrook SENDIASS" has no phone number for named contact 2 in its listing \
(data/services.yaml, line 2). Add it to the listing, or refer to a detail it has.

5 problems in 1 file. Nothing was published."""


def test_a_broken_reference_is_caught_by_check_and_build_with_file_and_line(
    make_project: Any, build: Any
) -> None:
    project = project_with(make_project, {"advice.md": BROKEN})
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert check.stdout == ""
    assert check.stderr.strip() == BROKEN_REPORT
    assert "Traceback" not in check.stderr

    built = build(project)
    assert built.returncode == 1
    assert built.stderr.startswith(check.stderr)
    assert not (project / "site").exists()


def test_the_guide_shows_a_reference_problem_as_the_check_words_it(
    make_project: Any,
) -> None:
    """docs/editing.md quotes the check's message for a misspelt detail exactly."""
    project = project_with(make_project, {"advice.md": BROKEN})
    message = run_generator(project, "check").stderr.splitlines()[3]
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert message in guide


# --- generate: the same guidance for another engine ---------------------------------


def test_generate_writes_guidance_pages_with_references_expanded(
    make_project: Any, tmp_path: Path
) -> None:
    project = project_with(make_project, {"get-advice.md": ADVICE}, glossary=GLOSSARY)
    out = tmp_path / "pages"
    result = run_generator(project, "generate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = (out / "get-advice.md").read_text(encoding="utf-8")
    assert text.startswith(FRONT.format(title="Get advice", more=""))
    assert 'Phone <a href="tel:+441614960120">0161 496 0120</a> or email' in text
    assert '<a href="../services/hollinbrook-sendiass/">Hollinbrook SENDIASS</a>' in text
    assert (
        '<a href="../glossary/#senco">SENCO</a> (the member of staff in charge of SEN support)'
    ) in text
    assert (out / "glossary.md").is_file()

    sys.path.insert(0, str(ROOT / "engines" / "zensical"))
    try:
        import prepare
    finally:
        sys.path.pop(0)
    docs = tmp_path / "build" / "docs"
    prepare.prepare(project, out, docs)
    # At the folder of its address, where its links (relative to it) lead right.
    assert not (docs / "get-advice.md").exists()
    assert (docs / "get-advice" / "index.md").read_text(encoding="utf-8") == text


# --- the duties a page covers, and the report --------------------------------------

COVERING = FRONT.format(title="Get advice", more="covers: [information-and-advice]\n") + (
    "# Get advice\n\nAsk us.\n"
)
UNKNOWN_DUTY = FRONT.format(title="Travel", more="covers: [travel, complaints]\n") + (
    "# Travel\n\nAsk us.\n"
)


def test_a_duty_that_is_not_in_the_list_is_a_problem(make_project: Any) -> None:
    project = project_with(make_project, {"travel.md": UNKNOWN_DUTY}, duties=DUTIES)
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert check.stderr.strip() == (
        "There is a problem with content/travel.md\n\n"
        "Line 6, covers\n"
        '  You wrote "complaints". Did you mean "complaints-and-appeals"? '
        "The duties are listed in data/local-offer-duties.yaml.\n\n"
        "1 problem in 1 file. Nothing was published."
    )


def test_the_report_maps_each_duty_to_pages_and_services_and_names_the_gaps(
    make_project: Any,
) -> None:
    project = project_with(make_project, {"get-advice.md": COVERING}, duties=DUTIES)
    result = run_generator(project, "report", "--today", "2026-06-01")
    assert result.returncode == 0, result.stderr
    section = result.stdout[result.stdout.index("What the law asks") :]
    assert section == dedent(
        """\
        What the law asks the Local Offer to cover:
          Where to get information, advice and support (Schedule 2, paragraph 15)
            Guidance pages: Get advice
            Services (1): Hollinbrook SENDIASS
          How to complain, and appeals (Schedule 2, paragraph 17)
            Guidance pages: none
          Travel to school (Schedule 2)
            Guidance pages: none
            Services (0): none

        Duties with no guidance page: How to complain, and appeals; Travel to school

        Duties with no service: Travel to school
        """
    )


def test_the_editors_report_page_shows_the_duties(
    make_project: Any, build: Any, site_page: Any
) -> None:
    project = project_with(make_project, {"get-advice.md": COVERING}, duties=DUTIES)
    assert build(project).returncode == 0
    page = site_page(project / "site", "editors/review-report")
    rows = page.text_of("tr")
    assert (
        "Where to get information, advice and support "
        "Schedule 2, paragraph 15 Get advice Hollinbrook SENDIASS"
    ) in rows
    assert "Travel to school Schedule 2 None None" in rows
    assert (
        "Duties with no guidance page: How to complain, and appeals; Travel to school"
    ) in page.text_of("p")


def test_the_sample_covers_every_duty_with_a_page_and_a_service() -> None:
    today = clock.build_date(ROOT)
    directory = load(ROOT / "data", today=today).directory
    duties, found = read_duties(
        ROOT / "data",
        "data",
        {t.id for t in directory.themes},
        {s.id for s in directory.services},
    )
    assert found == []
    assert len(duties) >= 15
    report = build_report(
        directory, today=today, guidance=read_guidance(ROOT / "content"), duties=duties
    )
    assert [d.id for d in report.duties_without_pages] == []
    assert [d.id for d in report.duties_without_services] == []


# --- plain words -------------------------------------------------------------------

HARD = (
    FRONT.format(title="Hard page", more="")
    + "# Hard page\n\n"
    + (
        "Notwithstanding the aforementioned considerations, multidisciplinary professionals "
        "should systematically operationalise collaborative partnerships, facilitating "
        "comprehensive individualised interventions. " * 4
    )
)
EASY = (
    FRONT.format(title="Easy page", more="")
    + "# Easy page\n\n"
    + ("You can ask us for help. We will call you back. It is free. " * 6)
)
HARD_SERVICE = SERVICES + (
    "  - id: jargon-service\n"
    "    name: Jargon Service\n"
    "    summary: Help.\n"
    "    themes: [advice-support-advocacy]\n"
    '    contact: {phone: "0161 496 0130"}\n'
    "    area: Hollinbrook\n"
    "    description: >-\n"
    + (
        "      Notwithstanding the aforementioned considerations, multidisciplinary\n"
        "      professionals systematically operationalise collaborative partnerships,\n"
        "      facilitating comprehensive individualised interventions. Consequently,\n"
        "      stakeholders' interdisciplinary deliberations necessitate contemporaneous\n"
        "      documentation, notwithstanding organisational constraints.\n"
    )
    * 2
    + "    last_reviewed: 2026-03-14\n"
)


def test_pages_and_descriptions_that_read_above_grade_8_are_warnings(
    make_project: Any, build: Any
) -> None:
    project = make_project(services_yaml=HARD_SERVICE, content={"hard.md": HARD, "easy.md": EASY})
    check = run_generator(project, "check", "--today", "2026-06-01")
    assert check.returncode == 0, check.stderr
    page_grade = readability.markdown_grade(HARD.split("---\n", 2)[2])
    description = yaml.safe_load(HARD_SERVICE)["services"][-1]["description"]
    service_grade = readability.markdown_grade(description)
    assert page_grade > readability.MAX_GRADE and service_grade > readability.MAX_GRADE
    assert (
        "Check these in content/hard.md (they do not stop publishing)\n\n"
        f'The page "Hard page" reads at grade {page_grade:.1f} (Flesch-Kincaid). '
        "Aim for grade 8 or lower: use shorter sentences and shorter words.\n"
    ) in check.stdout
    assert (
        f'Line 22, "Jargon Service", description\n'
        f"  The description reads at grade {service_grade:.1f} (Flesch-Kincaid). "
        "Aim for grade 8 or lower: use shorter sentences and shorter words.\n"
    ) in check.stdout
    assert "easy.md" not in check.stdout
    assert check.stdout.endswith("3 services checked: 0 problems, 2 warnings\n")
    # The build publishes, and leaves the grades to `check` (their word list takes seconds).
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert "reads at grade" not in built.stdout


def test_the_reading_grade_counts_a_reference_as_one_short_word() -> None:
    with_reference = "Phone {{service.hollinbrook-sendiass.phone}} today."
    assert readability.plain_text(with_reference) == "Phone it today."


# --- the sample site --------------------------------------------------------------

RIGHTS = sorted(
    p.relative_to(ROOT / "content").as_posix()
    for p in (ROOT / "content" / "your-rights").glob("*.md")
)
TOPICS = [page for page in RIGHTS if page != "your-rights/index.md"]
GUIDANCE_PAGES = sorted(
    p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*.md")
)


def address(page: str) -> str:
    return page.removesuffix(".md").removesuffix("index").rstrip("/")


@pytest.mark.parametrize("page", GUIDANCE_PAGES)
def test_every_number_and_email_on_the_sample_guidance_is_a_link(
    sample_site: Any, site_page: Any, page: str
) -> None:
    html = article(site_page(sample_site.site, address(page)).html)
    text = unlinked(html)
    assert PHONE.findall(text) == [], f"{page}: numbers that are not links"
    assert EMAIL.findall(text) == [], f"{page}: emails that are not links"
    assert "{{" not in text


@pytest.mark.parametrize("page", TOPICS)
def test_each_rights_page_has_next_steps_contacts_review_date_and_feedback(
    sample_site: Any, site_page: Any, page: str
) -> None:
    built = site_page(sample_site.site, address(page))
    assert "What you can do now" in built.text_of("h2")
    assert "Who to contact" in built.text_of("h2")
    assert any(text.startswith("Last reviewed:") for text in built.text_of("div"))
    assert built.attrs("aside", cls="lo-correct"), f"{page}: no 'Is this page correct?' link"
    assert 'href="tel:+44' in article(built.html), f"{page}: no number to call"


def test_when_you_disagree_gives_the_time_limits_and_who_to_call(
    sample_site: Any, site_page: Any
) -> None:
    directory = load(ROOT / "data", today=clock.build_date(ROOT)).directory
    services = {s.id: s for s in directory.services}
    html = article(site_page(sample_site.site, "working-together/when-you-disagree").html)
    for ident in ("hollinbrook-sendiass", "send-mediation-service", "council-complaints-team"):
        phone = services[ident].contact.phone  # type: ignore[union-attr]
        assert f'<a href="tel:{phone.e164}">{phone.display}</a>' in html, ident
    for words in ("within 3 working days", "within 30 days", "within 2 months", "Ombudsman"):
        assert words in html


def test_the_disagreements_page_states_the_law_with_its_numbers(
    sample_site: Any, site_page: Any
) -> None:
    text = " ".join(site_page(sample_site.site, "your-rights/disagreements").text_of("article"))
    for fact in (
        "within 3 working days",
        "it must happen within 30 days",
        "within 2 months of the date on the council's decision letter",
        "1 month from the date on your mediation certificate",
        "within 6 months",
    ):
        assert fact in text
    assessment = " ".join(
        site_page(sample_site.site, "your-rights/ehc-needs-assessments").text_of("article")
    )
    for row in ("6 weeks", "16 weeks", "20 weeks"):
        assert row in assessment
