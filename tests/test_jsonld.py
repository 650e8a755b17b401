"""Structured data (schema.org JSON-LD) on service pages.

Search engines read it to show a service's provider, hours and contact
details. It must be valid JSON with the expected types, and no editor text
may end the `<script>` element it sits in.
"""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

from generator.data.model import (
    AgeRange,
    Contact,
    Cost,
    Directory,
    Location,
    Organisation,
    Phone,
    Service,
    Session,
    SourceRef,
    Term,
)
from generator.site.jsonld import jsonld_script, service_jsonld, service_jsonld_script

SITE = "https://localoffer.example.org/"
COUNCIL = "Hollinbrook Borough Council"
SOURCE = SourceRef("data/services.yaml", 1)

PLAY = Service(
    id="sunflower-play-scheme",
    name="Sunflower Play Scheme",
    summary="Holiday play sessions for disabled children aged 5 to 11.",
    last_reviewed=date(2026, 6, 14),
    themes=("leisure-play-short-breaks",),
    source=SOURCE,
    organisation=Organisation("Hollinbrook Play Trust", "https://www.example.org/play"),
    ages=AgeRange(5, 11),
    cost=Cost(True, "Free for everyone."),
    contact=Contact(
        Phone("+441614960123", "0161 496 0123"), "play@example.org", "https://www.example.org/play"
    ),
    schedule=(Session(("monday", "wednesday"), "09:30", "15:00", "School holidays only"),),
    locations=(
        Location(
            "Hollinbrook Adventure Playground",
            "12 Mill Lane, Hollinbrook",
            "HB3 2QT",
            53.4891,
            -2.2412,
        ),
    ),
    area="North Hollinbrook",
    languages=("English", "Urdu"),
)
EARLY_HELP = Service(
    id="early-help",
    name="Early help",
    summary="Family support from the council.",
    last_reviewed=date(2026, 6, 14),
    themes=("social-care",),
    source=SOURCE,
    organisation=Organisation("hollinbrook borough council"),
)
DIRECTORY = Directory(
    services=[PLAY, EARLY_HELP],
    themes=[
        Term("leisure-play-short-breaks", "Leisure, play and short breaks"),
        Term("social-care", "Social care"),
    ],
)


class Scripts(HTMLParser):
    """What a browser sees: each script element's type and its raw text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.other_tags: list[str] = []
        self._type: str | None = None
        self._inside = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._inside = True
            self._type = dict(attrs).get("type")
            self.scripts.append((self._type, ""))
        else:
            self.other_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def from_page(html: str) -> dict[str, object]:
    parsed = Scripts(html)
    assert parsed.scripts and all(kind == "application/ld+json" for kind, _ in parsed.scripts)
    assert len(parsed.scripts) == 1, "exactly one script element"
    assert parsed.other_tags == []
    data = json.loads(parsed.scripts[0][1])
    assert isinstance(data, dict)
    return data


def test_a_provider_service_is_a_schema_org_service() -> None:
    data = from_page(service_jsonld_script(PLAY, DIRECTORY, site_url=SITE, council=COUNCIL))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Service"
    assert data["name"] == "Sunflower Play Scheme"
    assert data["url"] == "https://localoffer.example.org/services/sunflower-play-scheme/"
    assert data["serviceType"] == ["Leisure, play and short breaks"]
    assert data["provider"] == {
        "@type": "Organization",
        "name": "Hollinbrook Play Trust",
        "url": "https://www.example.org/play",
    }
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "North Hollinbrook"}
    assert data["audience"] == {
        "@type": "PeopleAudience",
        "suggestedMinAge": 5,
        "suggestedMaxAge": 11,
    }
    assert data["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Monday", "https://schema.org/Wednesday"],
            "opens": "09:30",
            "closes": "15:00",
            "description": "School holidays only",
        }
    ]
    channel = data["availableChannel"]
    assert isinstance(channel, dict)
    assert channel["@type"] == "ServiceChannel"
    assert channel["serviceUrl"] == "https://www.example.org/play"
    assert channel["servicePhone"] == {
        "@type": "ContactPoint",
        "telephone": "+441614960123",
        "email": "play@example.org",
    }
    assert channel["availableLanguage"] == ["English", "Urdu"]
    (place,) = channel["serviceLocation"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 Mill Lane, Hollinbrook",
        "postalCode": "HB3 2QT",
        "addressCountry": "GB",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 53.4891, "longitude": -2.2412}
    assert data["offers"] == {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "GBP",
        "description": "Free for everyone.",
    }


def test_a_council_service_is_a_government_service() -> None:
    data = service_jsonld(EARLY_HELP, DIRECTORY, site_url=SITE, council=COUNCIL)
    assert data["@type"] == "GovernmentService"
    assert data["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "hollinbrook borough council",
    }
    for missing in ("hoursAvailable", "availableChannel", "areaServed", "audience", "offers"):
        assert missing not in data, "nothing is said that the listing does not say"


def test_hostile_text_cannot_leave_the_script_element() -> None:
    hostile = '</script><script>alert("x")</script><!-- & </SCRIPT > \u2028'
    service = Service(
        id="hostile",
        name=hostile,
        summary=hostile,
        last_reviewed=date(2026, 6, 14),
        themes=("social-care",),
        source=SOURCE,
        organisation=Organisation(hostile),
        area=hostile,
    )
    html = service_jsonld_script(service, DIRECTORY, site_url=SITE, council=COUNCIL)
    assert html.startswith('<script type="application/ld+json">')
    assert html.endswith("</script>")
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    for character in ("<", ">", "&", "\u2028"):
        assert character not in inner
    data = from_page(html)
    assert data["name"] == hostile, "the escapes read back as the same text"
    assert data["provider"] == {"@type": "Organization", "name": hostile}


def test_jsonld_script_escapes_any_data() -> None:
    html = jsonld_script({"@context": "https://schema.org", "text": "a<b>&c"})
    assert html == (
        '<script type="application/ld+json">'
        '{"@context": "https://schema.org", "text": "a\\u003cb\\u003e\\u0026c"}</script>'
    )
