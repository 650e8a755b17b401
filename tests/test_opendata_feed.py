"""The open data read as its real consumers read it, from the built sample site.

Two consumers of Open Referral UK feeds are acted out here, over HTTP, against
the sample site served by a host that obeys its `_redirects` and `_headers`
as Netlify and Cloudflare Pages do (tests/statichost.py), both ways:

- the Open Referral UK validator starts at the feed's base address, reads
  `version` from `/` to pick the profile, then requests every endpoint of
  that profile's OpenAPI (`?page=1` on the lists), each `{id}` taken from
  the lists, and checks each answer against the OpenAPI's response schema;
- the DfE family hubs importer reads `/services`, then `/services/{id}` for
  each service in it.

Every answer must also be JSON with `Access-Control-Allow-Origin: *`, which
the UK profile's compliance rules require.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from hsds import HSDS, UK, UK_OPENAPI, UK_OPENAPI_URL, errors, uk_api_validator
from projects import ROOT, BuiltSite, SitePage
from statichost import HOSTS, StaticHost

from generator.data import clock
from generator.data.loader import load
from generator.publish import feed


class Answer:
    """One HTTP response: its status, headers (lower-case names) and body."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def get(url: str) -> Answer:
    """GET `url` as a consumer's HTTP client does (following redirects)."""
    try:
        with urlopen(url, timeout=30) as response:
            headers = {name.lower(): value for name, value in response.headers.items()}
            return Answer(response.status, headers, response.read())
    except HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return Answer(error.code, headers, error.read())


@pytest.fixture(scope="module", params=HOSTS)
def base(request: pytest.FixtureRequest, sample_site: BuiltSite) -> Iterator[str]:
    """The feed's base address on the sample site, served by each host in turn."""
    host = StaticHost(sample_site.site, host=request.param)
    with host.serving() as origin:
        yield f"{origin}/{feed.API_FOLDER}/"


def read_json_answer(url: str) -> Any:
    """A feed answer, after checking what every answer must be."""
    answer = get(url)
    assert answer.status == 200, url
    assert answer.headers["content-type"] == "application/json", url
    assert answer.headers["access-control-allow-origin"] == "*", url
    return answer.json()


def validator_version(version: str) -> float:
    """What the Open Referral UK validator makes of `version` (OpenApiDiscoveryService):
    "HSDS-UK-" and any "v" removed, the rest read as a number."""
    return float(re.sub("v", "", version.replace("HSDS-UK-", ""), flags=re.I).strip())


def test_discovery_starts_at_the_base_address(base: str) -> None:
    root = read_json_answer(base)
    assert validator_version(root["version"]) == 3.0, "the UK profile 3.0, not HSDS-UK 1.0"
    assert root["openapi_url"] == UK_OPENAPI_URL
    assert root["profile"].startswith("https://github.com/OpenReferralUK/uk-profile")
    assert errors(uk_api_validator("/"), root) == []
    # Honest about what a static feed cannot do with the OpenAPI's query parameters.
    assert "?search=" in root["description"]
    assert "?taxonomy_term_id=" in root["description"]
    assert "No query parameter is applied" in root["description"]
    # Given without its final slash, as a server-side consumer may be: the same document.
    bare = get(base.rstrip("/"))
    assert (bare.status, bare.json()) == (200, root)


def test_every_endpoint_of_the_uk_openapi_answers_with_its_schema(base: str) -> None:
    """As the validator does: the lists first (with ?page=1), then each {id} from them."""
    api = base.rstrip("/")
    paths = [path for path in UK_OPENAPI["paths"] if "get" in UK_OPENAPI["paths"][path]]
    assert sorted(paths) == sorted(
        ["/", "/services", "/services/{id}"]
        + [f"/{name}{tail}" for name in feed.COLLECTIONS[1:4] for tail in ("", "/{id}")]
    ), "the UK OpenAPI's endpoints (organizations are HSDS's, checked below)"
    ids: dict[str, list[str]] = {}
    for path in paths:
        if "{id}" in path:
            continue
        document = read_json_answer(api + path + ("?page=1" if path != "/" else ""))
        assert errors(uk_api_validator(path), document) == [], path
        if path != "/":
            assert document["total_pages"] == 1 and document["last_page"] is True, path
            assert document["total_items"] == len(document["contents"]) > 0, path
            ids[path] = [entry["id"] for entry in document["contents"]]
    for path in paths:
        if "{id}" not in path:
            continue
        check = uk_api_validator(path)
        listed = ids[path.removesuffix("/{id}")]
        for item_id in listed:
            document = read_json_answer(api + path.replace("{id}", item_id))
            assert document["id"] == item_id, path
            assert errors(check, document) == [], f"{path} {item_id}"

    organisations = read_json_answer(api + "/organizations?page=1")
    assert errors(HSDS["/organizations"], organisations) == []
    assert organisations["contents"]
    for entry in organisations["contents"]:
        document = read_json_answer(f"{api}/organizations/{entry['id']}")
        assert errors(UK["/organizations/{id}"], document) == []
        assert document["services"], "each organisation with the services it runs"


def test_an_importer_reads_services_then_each_one_by_id(base: str, sample_site: BuiltSite) -> None:
    """As the DfE family hubs importer does: GET {base}/services, then each by id."""
    api = base.rstrip("/")
    listing = read_json_answer(f"{api}/services")
    imported = {}
    for entry in listing["contents"]:
        service = read_json_answer(f"{api}/services/{entry['id']}")
        assert service["id"] == entry["id"]
        assert service["name"] == entry["name"]
        imported[service["local_offer_id"]] = service
    today = _build_day(sample_site)
    directory = load(sample_site.project / "data", today=today).directory
    published = directory.published(today)
    retired = directory.retired()
    assert sorted(imported) == sorted(s.id for s in [*published, *retired])
    assert len(published) > 20, "the sample has services to import"
    for service in published:
        full = imported[service.id]
        assert full["status"] in ("active", "temporarily closed")
        assert len(full.get("service_at_locations", [])) == len(service.locations)
    for service in retired:
        assert imported[service.id]["status"] == "defunct", "so the importer can remove it"


def _build_day(site: BuiltSite) -> date:
    """The day the sample site was built as (its checkout's last commit)."""
    return datetime.fromtimestamp(clock.build_epoch(ROOT), tz=UTC).date()


def test_every_answer_carries_the_cors_header(base: str, sample_site: BuiltSite) -> None:
    """Every endpoint address, the list files by their own names and the CSV."""
    api_dir = sample_site.site / feed.API_FOLDER
    api = base.rstrip("/")
    addresses = [base]
    for name in feed.COLLECTIONS:
        addresses += [f"{api}/{name}", f"{api}/{name}.json"]
        addresses += [f"{api}/{name}/{path.stem}" for path in sorted((api_dir / name).glob("*"))]
    assert len(addresses) > 100
    for url in addresses:
        answer = get(url)
        assert answer.status == 200, url
        assert answer.headers["access-control-allow-origin"] == "*", url
        assert answer.headers["content-type"] == "application/json", url
    csv = get(f"{api}/services.csv")
    assert csv.status == 200
    assert csv.headers["access-control-allow-origin"] == "*"
    assert csv.headers["content-type"] == "text/csv"


def test_the_feed_needs_the_host_rules(tmp_path: Path, sample_site: BuiltSite) -> None:
    """Without `_redirects` and `_headers` the same files answer none of the
    endpoints: the rules, not the test host, make the feed work."""
    bare = tmp_path / "site"
    (bare / feed.API_FOLDER).mkdir(parents=True)
    for path in (sample_site.site / feed.API_FOLDER).glob("*.json"):
        (bare / feed.API_FOLDER / path.name).write_bytes(path.read_bytes())
    with StaticHost(bare, host="netlify").serving() as origin:
        assert get(f"{origin}/api/services").status == 404
        assert get(f"{origin}/api/").status == 404
        services = get(f"{origin}/api/services.json")
        assert services.status == 200
        assert "access-control-allow-origin" not in services.headers


def test_the_host_rules_rewrite_each_endpoint_to_its_file(sample_site: BuiltSite) -> None:
    rules = (sample_site.site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert rules[0].startswith("# ")
    written = [line.split() for line in rules[1:]]
    assert [words[2] for words in written] == ["200"] * len(written), "rewrites, not redirects"
    assert [words[0] for words in written] == [
        "/api",
        "/api/",
        *[f"/api/{name}" for name in feed.COLLECTIONS],
        *[f"/api/{name}/:id" for name in feed.COLLECTIONS],
    ]
    headers = (sample_site.site / "_headers").read_text(encoding="utf-8")
    assert headers.count("Access-Control-Allow-Origin: *") == 1, "set once, never joined twice"
    assert "/api/*\n  Access-Control-Allow-Origin: *\n" in headers


def test_the_home_page_and_every_footer_point_to_the_open_data(sample_site: BuiltSite) -> None:
    home = SitePage(sample_site.site / "index.html")
    alternates = home.attrs("link", rel="alternate", type="application/json")
    # The feed's `/` document by its file's name, which every host serves.
    assert [link["href"] for link in alternates] == ["api/index.json"]
    root = json.loads((sample_site.site / "api" / "index.json").read_text(encoding="utf-8"))
    assert root["version"] == "HSDS-UK-3.0"
    pages = sorted(sample_site.site.rglob("*.html"))
    guide_folder = sample_site.site / "open-data"
    checked = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if "This page has moved." in html:
            continue  # an old address's redirect page has no chrome
        footer = html.split("<footer", 1)[1]
        links = re.findall(r'<a href="([^"]*)">Open data</a>', footer)
        assert len(links) == 1, path
        # Relative, but absolute on the 404 page (served at any depth).
        href = links[0]
        target = sample_site.site / href[1:] if href.startswith("/") else path.parent / href
        assert target.resolve() == guide_folder.resolve(), path
        checked += 1
    assert checked > 50
    guide = SitePage(sample_site.site / "open-data" / "index.html")
    assert guide.text_of("h1") == ["Open data¶"], "the guidance page (¶: its heading link)"
