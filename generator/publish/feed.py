"""The Open Referral feed's addresses, and the host rules that make a static host answer them.

Consumers of an Open Referral UK feed start at its base address and add the
paths of the UK profile's OpenAPI to it: the Open Referral UK validator reads
`/` and then every endpoint, the DfE family hubs importer reads `/services`
and then `/services/{id}` for each service. Our feed's base address is
`<site_url>api/`. A static host serves files, so each endpoint is a JSON file
(`services.json`, `services/<uuid>.json`), and its address without `.json`
is a status-200 rewrite to that file in `_redirects`. `_headers` gives every
answer the JSON type and `Access-Control-Allow-Origin: *`, which the UK
profile's compliance rules require so that web pages elsewhere can read the
feed. Netlify and Cloudflare Pages read both files; docs/open-data.md says
what to do on other hosts.

The rules are written so that both hosts read them the same way, and so that
no header is set twice for one address (both hosts would join the two values,
and `*, *` is not a value browsers accept):

- Netlify serves an existing file before a rule; Cloudflare Pages applies
  the rule. No rule's address is a file we write, except that a
  `/api/services/:id` rule also matches `/api/services/<uuid>.json`: there
  the hosts differ, which is why the documented addresses are the ones
  without `.json`.
- The CORS header is set once, for `/api/*`; the type is set per endpoint
  (see `header_rules`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

API_FOLDER = "api"
"""Where the feed's files go in the built site: site/api/services.json and so on."""

ROOT_FILE = "index.json"
"""The document at the feed's base address (`GET /`)."""

COLLECTIONS: tuple[str, ...] = (
    "services",
    "taxonomies",
    "taxonomy_terms",
    "service_at_locations",
    "organizations",
)
"""Every list endpoint (`GET /services`), each with its `/{id}` endpoint: the
UK profile's OpenAPI has all but `organizations`, which is HSDS's."""

REDIRECTS_FILE = "_redirects"

VERSION = "HSDS-UK-3.0"
"""The `version` of `GET /`, as the Open Referral UK validator reads it: it
strips "HSDS-UK-" and checks the feed against the UK profile of that number
(without it, it falls back to the rules of HSDS-UK 1.0)."""

PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
"""The UK profile's OpenAPI file, which describes every endpoint of the feed
but `organizations` (copied, unmodified, into schemas/openreferral/)."""


EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
"""`api/sitemap.xml`, for the theme: mkdocs-material reads the `sitemap.xml`
beside every `<link rel="alternate">` of a page (it takes them for the same
site in other languages), so the home page's link to `api/index.json` would
cost every visitor a request that fails. This one says there is nothing to map."""


def list_file(collection: str) -> str:
    """The file that answers `GET /<collection>`, inside the feed's folder."""
    return f"{collection}.json"


def item_file(collection: str, item_id: str) -> str:
    """The file that answers `GET /<collection>/{id}`, inside the feed's folder."""
    return f"{collection}/{item_id}.json"


def feed_url(site_url: str) -> str:
    """The feed's base address, which consumers are given: `<site_url>api/`."""
    return site_url.rstrip("/") + f"/{API_FOLDER}/"


def _api_path(site_url: str) -> str:
    """The feed's path on its host, as the host rules name it ("/api", or
    "/localoffer/api" for a site in a folder of its domain)."""
    return urlsplit(site_url).path.rstrip("/") + f"/{API_FOLDER}"


def redirect_rules(site_url: str) -> str:
    """`_redirects`: each endpoint's address rewritten (status 200, so the
    address stays) to the file that answers it."""
    api = _api_path(site_url)
    rules = [(api, f"{api}/{ROOT_FILE}"), (f"{api}/", f"{api}/{ROOT_FILE}")]
    rules += [(f"{api}/{name}", f"{api}/{list_file(name)}") for name in COLLECTIONS]
    # Rules with placeholders after the others, as Cloudflare Pages asks.
    rules += [(f"{api}/{name}/:id", f"{api}/{item_file(name, ':id')}") for name in COLLECTIONS]
    width = max(len(source) for source, _ in rules)
    lines = [
        "# The Open Referral feed: each endpoint's address answered by its JSON file.",
        *(f"{source.ljust(width)}  {target}  200" for source, target in rules),
    ]
    return "\n".join(lines) + "\n"


def header_rules(site_url: str) -> str:
    """The feed's part of `_headers`: CORS for everything under the feed's
    folder, and the JSON type for each endpoint's address.

    Netlify lets a rule's path end with a slash or not, and lets `/api/*`
    match `/api` itself; Cloudflare Pages matches as written. So no two
    blocks here match one address on either host (`/api` and `/api/` would,
    on Netlify, and so would `/api/services` and `/api/services/*`), and
    `/api` (without its slash) gets the type from its file alone on
    Cloudflare Pages: the base address to give consumers is `api/`.
    """
    api = _api_path(site_url)
    json_addresses = [f"{api}/"]
    json_addresses += [f"{api}/{name}" for name in COLLECTIONS]
    json_addresses += [f"{api}/{name}/:id" for name in COLLECTIONS]
    blocks = [f"{api}/*\n  Access-Control-Allow-Origin: *\n"]
    blocks += [f"{address}\n  Content-Type: application/json\n" for address in json_addresses]
    return "".join(blocks)
