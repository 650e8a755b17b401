"""Validating open data against Open Referral's own schemas, for every test that
exports it: the exporter's tests (test_opendata.py) and the built site's
(test_publishing.py).

The schemas are copied, unmodified, into schemas/openreferral/; `jsonschema`
resolves their references to each other from those files, without network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.data.model import Directory
from generator.publish.opendata import page_url

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas" / "openreferral"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
UK_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
SITE = "https://localoffer.example.org/"
TODAY = date(2026, 11, 23)

# --- the schemas ------------------------------------------------------------------


def _registry() -> Registry[Any]:
    """Every copied schema file under the address its siblings' `$ref`s point to.

    The per-entity schemas refer to each other by file name ("phone.json") and
    the OpenAPI files by raw.githubusercontent.com address; registering each
    file at that address resolves both without any network access.
    """
    resources = []
    for folder, base in (("hsds-3.0", HSDS_BASE), ("uk-profile-3.0", UK_BASE)):
        schema_dir = SCHEMAS / folder / "schema"
        for path in sorted(schema_dir.rglob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            uri = base + path.relative_to(schema_dir).as_posix()
            resources.append((uri, Resource(contents=contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


REGISTRY = _registry()
FORMATS = Draft202012Validator.FORMAT_CHECKER


def _validator(uri: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": uri}, registry=REGISTRY, format_checker=FORMATS)


def _api_response(base: str, path: str) -> str:
    """The response schema of `GET path` in that OpenAPI file, as a `$ref` address."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"{base}openapi.json#/paths/{escaped}/get/responses/200/content/application~1json/schema"


HSDS = {
    "service": _validator(HSDS_BASE + "service.json"),
    "taxonomy": _validator(HSDS_BASE + "taxonomy.json"),
    "taxonomy_term": _validator(HSDS_BASE + "taxonomy_term.json"),
    "organization": _validator(HSDS_BASE + "organization.json"),
    "service_at_location": _validator(HSDS_BASE + "service_at_location.json"),
    "/services": _validator(_api_response(HSDS_BASE, "/services")),
    "/taxonomies": _validator(_api_response(HSDS_BASE, "/taxonomies")),
    "/taxonomy_terms": _validator(_api_response(HSDS_BASE, "/taxonomy_terms")),
    "/organizations": _validator(_api_response(HSDS_BASE, "/organizations")),
    "/service_at_locations": _validator(_api_response(HSDS_BASE, "/service_at_locations")),
}
UK = {
    "service": _validator(UK_BASE + "service.json"),
    "taxonomy": _validator(UK_BASE + "taxonomy.json"),
    "taxonomy_term": _validator(UK_BASE + "taxonomy_term.json"),
    "/services": _validator(_api_response(UK_BASE, "/services")),
    # HSDS's `GET /organizations/{id}`, which the UK OpenAPI lacks, in the UK's compiled form.
    "/organizations/{id}": _validator(UK_BASE + "compiled/organization.json"),
    "service_at_location": _validator(UK_BASE + "compiled/service_at_location.json"),
}

UK_OPENAPI = json.loads((SCHEMAS / "uk-profile-3.0" / "schema" / "openapi.json").read_text("utf-8"))
UK_OPENAPI_URL = UK_BASE + "openapi.json"


def uk_api_validator(path: str) -> Draft202012Validator:
    """The UK OpenAPI's response schema of `GET path` ("/services/{id}"), as a validator."""
    return _validator(_api_response(UK_BASE, path))


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def errors(validator: Draft202012Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def each_service(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name without .json, document) of each service file: the name is its UUID."""
    for path in sorted((folder / "services").glob("*.json")):
        yield path.stem, read_json(path)


def services_by_site_id(folder: Path) -> dict[str, dict[str, Any]]:
    """Every service file of an export, by the service's id on the site."""
    return {document["local_offer_id"]: document for _, document in each_service(folder)}


def service_file(folder: Path, site_id: str) -> Path:
    """The file of the service with that id on the site: services/<its UUID>.json."""
    for path in sorted((folder / "services").glob("*.json")):
        if read_json(path)["local_offer_id"] == site_id:
            return path
    raise AssertionError(f"no file for {site_id}")


# --- checks shared by the code-built directory and the sample data -----------------------


def assert_valid_open_data(
    folder: Path, data: Directory, *, today: date = TODAY, site_url: str = SITE
) -> None:
    """Every document against HSDS 3.0 and the UK profile, plus what schemas cannot say.

    `folder` holds the export (a built site's api/); `today` and `site_url` are
    the ones it was made with."""
    published = data.published(today)
    retired = data.retired()
    exported = [*published, *retired]
    for stem, document in each_service(folder):
        assert stem == document["id"], "each service's file is named by its UUID"
    files = services_by_site_id(folder)
    assert sorted(files) == sorted(s.id for s in exported), "the published and retired services"

    for site_id, document in files.items():
        assert errors(HSDS["service"], document) == [], site_id
        assert errors(UK["service"], document) == [], site_id
        assert document["local_offer_url"] == page_url(site_url, site_id)
    assert [files[s.id]["status"] for s in retired] == ["defunct"] * len(retired)
    assert "defunct" not in [files[s.id]["status"] for s in published]

    listing = read_json(folder / "services.json")
    assert set(listing) == PAGE_KEYS
    assert errors(HSDS["/services"], listing) == []
    assert errors(UK["/services"], listing) == []
    assert listing["total_items"] == listing["size"] == len(exported)
    assert [item["local_offer_id"] for item in listing["contents"]] == [s.id for s in exported]
    for item in listing["contents"]:
        full = files[item["local_offer_id"]]
        assert not any(isinstance(value, list) for value in item.values()), "one-to-one fields only"
        assert item == {key: value for key, value in full.items() if not isinstance(value, list)}

    taxonomies = read_json(folder / "taxonomies.json")
    terms = read_json(folder / "taxonomy_terms.json")
    for document, path in ((taxonomies, "/taxonomies"), (terms, "/taxonomy_terms")):
        assert set(document) == PAGE_KEYS
        assert errors(HSDS[path], document) == []
    for taxonomy in taxonomies["contents"]:
        assert errors(HSDS["taxonomy"], taxonomy) == []
        assert errors(UK["taxonomy"], taxonomy) == []
    for name, document in (("taxonomies", taxonomies), ("taxonomy_terms", terms)):
        items = sorted((folder / name).glob("*.json")) if document["contents"] else []
        assert {path.stem: read_json(path) for path in items} == {
            entry["id"]: entry for entry in document["contents"]
        }, f"each entry of {name}.json is also its own file, named by its id"
    taxonomy_ids = {taxonomy["id"] for taxonomy in taxonomies["contents"]}
    term_ids = set()
    for term in terms["contents"]:
        assert errors(HSDS["taxonomy_term"], term) == []
        assert errors(UK["taxonomy_term"], term) == []
        assert term["taxonomy_id"] in taxonomy_ids
        assert term["term"] == term["name"], "Open Referral UK's `term` holds the term itself"
        term_ids.add(term["id"])

    # Every taxonomy term a service uses is published, and nothing unused is (HSDS asks this).
    used = set()
    for document in files.values():
        for attribute in _attributes(document):
            assert attribute["taxonomy_term"]["id"] == attribute["taxonomy_term_id"]
            used.add(attribute["taxonomy_term_id"])
    assert used == term_ids

    # Services at locations and organisations: the lists and each item by its id.
    places = read_json(folder / "service_at_locations.json")
    assert errors(HSDS["/service_at_locations"], places) == []
    assert [entry["id"] for entry in places["contents"]] == [
        link["id"] for s in published for link in files[s.id].get("service_at_locations", [])
    ]
    for entry in places["contents"]:
        whole = read_json(folder / "service_at_locations" / f"{entry['id']}.json")
        assert errors(HSDS["service_at_location"], whole) == []
        assert errors(UK["service_at_location"], whole) == []
        service = files[whole["service"]["local_offer_id"]]
        assert whole["location"] in [link["location"] for link in service["service_at_locations"]]
        assert (whole["name"], whole["status"]) == (service["name"], service["status"])
    organisations = read_json(folder / "organizations.json")
    assert errors(HSDS["/organizations"], organisations) == []
    named = {s.organisation.name.casefold() for s in exported if s.organisation}
    assert len(organisations["contents"]) == len(named), "one organisation per name"
    for entry in organisations["contents"]:
        assert errors(HSDS["organization"], entry) == []
        whole = read_json(folder / "organizations" / f"{entry['id']}.json")
        assert errors(UK["/organizations/{id}"], whole) == []
        assert {key: value for key, value in whole.items() if key != "services"} == entry
        runs = [s.id for s in exported if files[s.id].get("organization_id") == entry["id"]]
        assert [service["local_offer_id"] for service in whole["services"]] == runs
        for document in files.values():
            if document.get("organization_id") == entry["id"]:
                assert document["organization"] == entry, "the same organisation everywhere"

    # HSDS ids are unique within each kind of thing.
    for kind in ("schedules", "contacts", "service_at_locations", "attributes"):
        ids = [entry["id"] for document in files.values() for entry in document.get(kind, [])]
        assert len(ids) == len(set(ids)), kind


def _attributes(document: Any) -> Iterator[dict[str, Any]]:
    """Every attribute anywhere in a document (services, accessibility entries...)."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "attributes":
                yield from value
            else:
                yield from _attributes(value)
    elif isinstance(document, list):
        for value in document:
            yield from _attributes(value)
