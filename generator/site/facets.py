"""What each service page tells the search index: its filters and metadata.

The pages say what to index with `data-pagefind-*` attributes, so search is
made from any engine's output (generator/publish/search.py). "Near me" needs
each service's places without loading whole listings: the index carries each
location's point and postcode district (as metadata and a hidden filter), and
the postcode table goes into the search page itself. No location ever leaves
the visitor's browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.data.model import AGE_BANDS, DAYS, Location, Postcode, Service
from generator.site import speech

FILTERS: tuple[str, ...] = ("theme", "need", "cost", "attending", "day", "area", "access")
"""The filters a visitor can tick, in the order the search page shows them
(their values are ids, so the address of a search stays short and stable).
Also indexed: `aged`, a child's exact age in years, which the search page
offers as one list ("How old is the child?") instead of the age bands (a
service for ages 1 to 3 is in the band "0 to 4", but not for a 4-year-old);
`age`, the bands, for addresses made before; and `district`, for near me."""

EXACT_AGES: tuple[int, ...] = tuple(range(AGE_BANDS[0][2], AGE_BANDS[-1][3] + 1))
"""The ages "How old is the child?" offers: every year the age bands cover."""




@dataclass(frozen=True, slots=True)
class Place:
    """A location as "near me" uses it: the postcode district it is in and a point."""

    district: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class SearchFacts:
    """What a service page gives the index: (filter, value) and (meta, value) pairs."""

    filters: list[tuple[str, str]]
    meta: list[tuple[str, str]]


def service_facts(service: Service, postcodes: list[Postcode], area_name: str) -> SearchFacts:
    """The filters and metadata of one service page.

    Filter values are ids (themes, needs, accessibility features, age bands,
    days) or, for the area, the listing's own words; a service with no age
    range is in every age band, as on the browse pages.
    """
    filters = [("theme", theme) for theme in service.themes]
    filters += [
        ("age", band)
        for band, _label, first, last in AGE_BANDS
        if service.ages is None or service.ages.overlaps(first, last)
    ]
    filters += [
        ("aged", str(age))
        for age in EXACT_AGES
        if service.ages is None or service.ages.overlaps(age, age)
    ]
    filters += [("need", need) for need in service.needs]
    if service.cost is not None and service.cost.free:
        filters.append(("cost", "free"))
    filters += [("attending", way) for way in service.attending]
    days = {day for session in service.schedule for day in session.days}
    filters += [("day", day) for day in sorted(days, key=_day_order)]
    filters += [("area", area) for area in service.covers]
    features = {f for location in service.locations for f in location.accessibility}
    filters += [("access", feature) for feature in sorted(features)]
    places = service_places(service, postcodes)
    filters += [("district", district) for district in sorted({p.district for p in places})]

    meta = [("type", "Service"), ("ages", speech.age_words(service.ages))]
    cost = speech.cost_words(service.cost)
    if cost:
        meta.append(("cost", cost))
    if service.status == "temporarily-closed":
        meta.append(("status", "Temporarily closed"))
    if places:
        meta.append(("places", ";".join(f"{p.latitude:.4f},{p.longitude:.4f}" for p in places)))
    else:
        covers = speech.list_words(service.covers)
        meta.append(("covers", covers or f"All of {area_name}"))
    return SearchFacts(filters=filters, meta=meta)


def service_places(service: Service, postcodes: list[Postcode]) -> list[Place]:
    """Each location of a service as a point with its postcode district.

    A location without coordinates takes its district's centre from the
    postcode table; one without a known district takes the district whose
    centre is nearest. A location with neither is left out (the service then
    shows as covering its area).
    """
    centres = {p.district: p for p in postcodes}
    places = []
    for location in service.locations:
        place = _place(location, centres, postcodes)
        if place is not None and place not in places:
            places.append(place)
    return places


def _place(
    location: Location, centres: dict[str, Postcode], postcodes: list[Postcode]
) -> Place | None:
    district = location.postcode.split()[0] if location.postcode else None
    if location.latitude is not None and location.longitude is not None:
        if district is None or district not in centres:
            district = _nearest(location.latitude, location.longitude, postcodes) or district
        if district is None:
            return None
        return Place(district, location.latitude, location.longitude)
    if district is not None and district in centres:
        centre = centres[district]
        return Place(district, centre.latitude, centre.longitude)
    return None


def _nearest(latitude: float, longitude: float, postcodes: list[Postcode]) -> str | None:
    if not postcodes:
        return None
    return min(
        postcodes, key=lambda p: distance_miles(latitude, longitude, p.latitude, p.longitude)
    ).district


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in miles, as search.js works it out,
    so tests can compute the order the page must show."""
    radius = 3958.8
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def _day_order(day: str) -> int:
    return DAYS.index(day)

