"""The browser editor at /admin/: its configuration, drawn from the field table,
and its page, self-hosted from the pinned npm package.

Council officers edit listings and guidance pages in a form (Decap CMS; Sveltia
CMS reads the same `config.yml`) that saves to git as a pull request. The form
is generated from `generator/data/fields.py`, the table that also drives the
checks and the JSON Schema, so a field added there appears in the form with
its label, hint, widget, required flag and pattern, and the three cannot
disagree. The configuration is never kept by hand: the build writes it, and
`python -m generator cms-config` prints it.

The editor is the one page that talks to anything but its own site: the git
host's API (and the council's sign-in service). It gets its own
Content-Security-Policy allowing exactly those, and no other page does.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.data import model
from generator.data import problems as say
from generator.data.duties import DUTIES_FILE
from generator.data.fields import (
    AMOUNT_PATTERN,
    CURRENCY_PATTERN,
    DATE_PATTERN,
    EMAIL_PATTERN,
    HIDDEN,
    ID_PATTERN,
    PHONE_PATTERN,
    POSTCODE_PATTERN,
    SERVICE,
    TIME_PATTERN,
    URL_PATTERN,
    Field,
    example_of,
)
from generator.data.loader import SERVICES_FOLDER, load_lists
from generator.publish import npm

ADMIN_FOLDER = "admin"
PACKAGE = "decap-cms"
SCRIPT = "decap-cms.js"
"""The npm package shipped, and its file: see docs/editing.md for why Decap."""

HOSTS: dict[str, tuple[str, str]] = {
    "github": ("https://api.github.com", "https://github.com"),
    "gitlab": ("https://gitlab.com", "https://gitlab.com"),
}
"""Each git host's API and sign-in addresses, for the editor's policy."""


@dataclass(frozen=True, slots=True)
class EditorSettings:
    """mkdocs.yml `extra.editor`: where the editor saves, and how officers sign in.

    `repo` defaults to the repository of `extra.history.url`; `base_url` is
    the council's authenticator (the OAuth client, which keeps the secret);
    `local_backend` is the address of a local `decap-server`, for tests and
    for trying the editor on one's own machine.
    """

    repo: str
    backend: str = "github"
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    api_root: str = ""
    local_backend: str = ""
    site_url: str = ""
    more: dict[str, Any] = field(default_factory=dict)  # other backend keys (auth_type, app_id)


def editor_settings(extra: Mapping[str, Any] | None, site_url: str = "") -> EditorSettings:
    """The settings from mkdocs.yml's `extra`: `editor`, else the history link's repository."""
    extra = extra or {}
    given = extra.get("editor") if isinstance(extra.get("editor"), dict) else {}
    assert isinstance(given, dict)
    history = extra.get("history") if isinstance(extra.get("history"), dict) else {}
    assert isinstance(history, dict)
    repo = str(given.get("repo") or "")
    if not repo and history.get("url"):
        repo = urlsplit(str(history["url"])).path.strip("/")
    return EditorSettings(
        repo=repo,
        backend=str(given.get("backend") or "github"),
        branch=str(given.get("branch") or history.get("branch") or "main"),
        base_url=str(given.get("base_url") or ""),
        auth_endpoint=str(given.get("auth_endpoint") or ""),
        api_root=str(given.get("api_root") or ""),
        local_backend=str(given.get("local_backend") or ""),
        site_url=site_url,
        more={k: v for k, v in given.items() if k not in _SETTINGS},
    )


_SETTINGS = frozenset(
    {"repo", "backend", "branch", "base_url", "auth_endpoint", "api_root", "local_backend"}
)


# --- the configuration ---------------------------------------------------------------


def _line_pattern(spec: Field) -> str:
    """The check's rule for one line of text (no hidden characters, the length cap)."""
    length = f"{{1,{spec.max_length}}}" if spec.max_length else "*"
    return f"^[^{HIDDEN}]{length}$"


_PATTERNS: dict[str, str] = {
    "id": ID_PATTERN,
    "phone": PHONE_PATTERN,
    "email": EMAIL_PATTERN,
    "url": URL_PATTERN,
    "postcode": POSTCODE_PATTERN,
    "time": TIME_PATTERN,
    "date": DATE_PATTERN,
    "amount": AMOUNT_PATTERN,
    "currency": CURRENCY_PATTERN,
}
"""The shapes the form checks as an officer types, the check's own; the full
check (email syntax, real postcodes) runs on the pull request, as for any change."""


def field_pattern(spec: Field) -> tuple[str, str] | None:
    """The pattern the form applies to a field, and what it says when the
    value does not fit: the check's own words, with the field's example."""
    if spec.kind == "line":
        return _line_pattern(spec), say.expected_line(example_of(spec), spec.max_length)
    if spec.kind in _PATTERNS:
        return _PATTERNS[spec.kind], say.expected(spec.kind, example_of(spec))
    return None


def _options(spec: Field, terms: Mapping[str, Sequence[model.Term]]) -> list[Any]:
    if spec.kind == "term":
        return [{"label": t.name, "value": t.id} for t in terms[spec.terms]]
    if spec.kind == "day":
        return list(model.DAYS)
    return list(spec.choices)


def widget(
    spec: Field, terms: Mapping[str, Sequence[model.Term]], *, optional_group: bool = False
) -> dict[str, Any]:
    """One field of the form, from its entry in the field table.

    `optional_group`: the field sits in a group that may be left out (like
    `ages`). The form would refuse a page with the group's required fields
    empty, so there they are optional and the check asks for them, naming
    the group, once any of it is filled in."""
    out: dict[str, Any] = {"label": spec.title, "name": spec.key}
    if spec.description:
        out["hint"] = spec.description
    kind = spec.kind
    if kind == "list":
        assert spec.item is not None
        if spec.item.kind in ("term", "choice", "day"):
            out |= {"widget": "select", "multiple": True, "options": _options(spec.item, terms)}
            if spec.min_items:
                out["min"] = spec.min_items
        else:
            item = widget(spec.item, terms)
            item["name"] = spec.item.kind
            out |= {"widget": "list", "field": _without_defaults(item)}
    elif kind in ("group", "groups"):
        assert spec.group is not None
        out["widget"] = "object" if kind == "group" else "list"
        # Decap checks what sits in a group, lists and their items included,
        # even when the group is left empty: inside a group that may be left
        # out, nothing is required in the form (the check still asks for it).
        inside_optional = optional_group or (kind == "group" and not spec.required)
        out["fields"] = [
            widget(f, terms, optional_group=inside_optional) for f in spec.group.fields
        ]
        if kind == "groups":
            out["fields"] = [_without_defaults(f) for f in out["fields"]]
        out["collapsed"] = kind == "groups"
        if kind == "groups":
            out["summary"] = "{{fields." + spec.group.fields[0].key + "}}"
    elif kind in ("term", "choice", "day"):
        out |= {"widget": "select", "options": _options(spec, terms)}
    elif kind == "markdown":
        out |= {
            "widget": "markdown",
            "buttons": ["bold", "italic", "link", "bulleted-list", "numbered-list"],
            "editor_components": [],
            "modes": ["rich_text", "raw"],
        }
    elif kind == "text":
        out["widget"] = "text"
    elif kind == "yesno":
        out["widget"] = "boolean"
    elif kind == "age":
        out |= {"widget": "number", "value_type": "int", "min": 0, "max": 25}
    elif kind in ("latitude", "longitude"):
        limit = 90 if kind == "latitude" else 180
        out |= {"widget": "number", "value_type": "float", "min": -limit, "max": limit}
    elif kind == "date":
        out |= {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
        }
        if not spec.required:
            out["default"] = ""
    else:
        out["widget"] = "string"
    pattern = field_pattern(spec)
    if pattern is not None and out["widget"] == "string":
        out["pattern"] = list(pattern)
    if not spec.required or optional_group:
        out["required"] = False
    return out


def _without_defaults(item: dict[str, Any]) -> dict[str, Any]:
    """A list's item with no default in it, however deep. Decap starts a list
    whose item has a default with one item already in it: a new listing would
    then hold an empty session, whose times the form asks for."""
    item.pop("default", None)
    for inner in item.get("fields", []):
        _without_defaults(inner)
    if "field" in item:
        _without_defaults(item["field"])
    return item


def guidance_collections(content: Path, duties: Sequence[str]) -> list[dict[str, Any]]:
    """A folder collection per section of content/ (its top level, then each
    folder), editing each page's front matter and its markdown."""
    fields: list[dict[str, Any]] = [
        {"label": "Title", "name": "title", "widget": "string", "hint": "The page's heading."},
        {
            "label": "Summary",
            "name": "summary",
            "widget": "string",
            "required": False,
            "hint": "One line saying what the page is for, shown in search results.",
        },
        {
            "label": "Audience",
            "name": "audience",
            "widget": "string",
            "required": False,
            "hint": "Who the page is for, like: Parents and carers, and professionals.",
        },
        {
            "label": "Last reviewed",
            "name": "last_reviewed",
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "required": False,
            "default": "",
        },
    ]
    if duties:
        fields.append(
            {
                "label": "Duties this page covers",
                "name": "covers",
                "widget": "select",
                "multiple": True,
                "required": False,
                "options": list(duties),
                "hint": f"Ids from data/{DUTIES_FILE}.",
            }
        )
    fields.append({"label": "Page", "name": "body", "widget": "markdown"})
    folders = [content] if content.is_dir() else []
    folders += sorted(p for p in content.iterdir() if p.is_dir()) if folders else []
    collections = []
    for folder in folders:
        if not any(folder.glob("*.md")):
            continue
        relative = folder.relative_to(content.parent).as_posix()
        section = folder.relative_to(content).as_posix()
        name = "pages" if section == "." else f"pages-{section.replace('/', '-')}"
        label = "Guidance pages" if section == "." else f"Guidance: {section.replace('-', ' ')}"
        collections.append(
            {
                "name": name,
                "label": label,
                "folder": relative,
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "slug": "{{slug}}",
                "fields": fields,
            }
        )
    return collections


def editor_config(
    settings: EditorSettings, *, data: Path, content: Path | None, project: Path
) -> dict[str, Any]:
    """The editor's whole configuration (what config.yml holds), as data.

    `data` and `content` are the project's folders; paths in it are relative
    to `project`, the repository's root, as the git host sees them.
    """
    lists = load_lists(data)
    terms = {"themes": lists.themes, "needs": lists.needs, "accessibility": lists.accessibility}
    backend: dict[str, Any] = {
        "name": settings.backend,
        "repo": settings.repo,
        "branch": settings.branch,
    }
    for key in ("base_url", "auth_endpoint", "api_root"):
        if getattr(settings, key):
            backend[key] = getattr(settings, key)
    backend |= settings.more
    data_rel = data.resolve().relative_to(project.resolve()).as_posix()
    config: dict[str, Any] = {"backend": backend, "publish_mode": "editorial_workflow"}
    if settings.local_backend:
        config["local_backend"] = {"url": settings.local_backend}
    if settings.site_url:
        config["site_url"] = config["display_url"] = settings.site_url
    config |= {
        "media_folder": (f"{content.name}/images" if content else "images"),
        "public_folder": "/images",
        "collections": [
            {
                "name": "services",
                "label": "Services",
                "label_singular": "Service",
                "description": "Each service's listing, one file per service. Saving opens a "
                "change for review: nothing is published until it is approved.",
                "folder": f"{data_rel}/{SERVICES_FOLDER}",
                "extension": "yaml",
                "format": "yaml",
                "create": True,
                "identifier_field": "name",
                "slug": "{{id}}",
                "summary": "{{name}}",
                "fields": [widget(spec, terms) for spec in SERVICE.fields],
            }
        ],
    }
    if content is not None and content.is_dir():
        duties = _duty_ids(data)
        config["collections"] += guidance_collections(content, duties)
    return config


_LIST_FILE = re.compile(rb"^services\s*:", re.M)


def list_files_in(folder: Path) -> list[Path]:
    """The list files (`services:`) in the editor's folder, which it cannot edit."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and _LIST_FILE.search(p.read_bytes())
    )


def _duty_ids(data: Path) -> list[str]:
    path = data / DUTIES_FILE
    if not path.is_file():
        return []
    read = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = read.get("duties") if isinstance(read, dict) else None
    return [str(e["id"]) for e in entries or [] if isinstance(e, dict) and "id" in e]


HEADER = (
    "# The browser editor's configuration (Decap CMS; Sveltia CMS reads it too).\n"
    "# Generated from generator/data/fields.py by `python -m generator cms-config`\n"
    "# and by every build: do not edit it by hand.\n"
)


def config_text(config: Mapping[str, Any]) -> str:
    return HEADER + yaml.safe_dump(dict(config), sort_keys=False, allow_unicode=True, width=100)


# --- the page ----------------------------------------------------------------------


def connect_sources(settings: EditorSettings) -> list[str]:
    """Where the editor may send requests: the git host, the sign-in service, a local backend."""
    sources = ["'self'"]
    api, _sign_in = HOSTS.get(settings.backend, ("", ""))
    for url in (settings.api_root or api, settings.base_url, settings.local_backend):
        if url:
            parts = urlsplit(url)
            sources.append(f"{parts.scheme}://{parts.netloc}")
    return list(dict.fromkeys(sources))


def admin_policy(settings: EditorSettings) -> str:
    """The editor's Content-Security-Policy. Its scripts are the package's files
    only, but Decap compiles its configuration's schema into a function at
    run time (ajv), which needs 'unsafe-eval'; its styles are injected at run
    time (CSS-in-JS), so they are allowed inline. Both only here: no other
    page allows either, and this page shows no text but the officer's own."""
    connect = connect_sources(settings)
    images = ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com"]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src " + " ".join(images),
            "connect-src " + " ".join(connect),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def header_rules(settings: EditorSettings) -> str:
    """The editor's rules for `_headers`: the site-wide policy detached from
    /admin/ (`!`, as Cloudflare Pages reads it) and the editor's own. Netlify
    cannot detach a header: there the site-wide policy applies too and blocks
    the editor, so serve /admin/ from a host that reads none (see
    docs/publishing.md)."""
    base = urlsplit(settings.site_url).path.rstrip("/")
    return (
        f"{base}/{ADMIN_FOLDER}/*\n"
        "  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {admin_policy(settings)}\n"
        "  X-Robots-Tag: noindex\n"
    )


def admin_html(settings: EditorSettings) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        f'  <meta http-equiv="Content-Security-Policy" content="{admin_policy(settings)}">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '  <meta name="robots" content="noindex">\n'
        "  <title>Edit the Local Offer</title>\n"
        '  <link rel="icon" href="../assets/images/favicon.png">\n'
        '  <link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        "</head>\n"
        "<body>\n"
        f'  <script src="{SCRIPT}"></script>\n'
        "</body>\n"
        "</html>\n"
    )


def package_folder(project: Path) -> Path | None:
    """The pinned package's dist/ folder, or None when npm has not installed it."""
    script = npm.installed_file(project, PACKAGE, f"dist/{SCRIPT}")
    return None if script is None else script.parent


def write_admin(
    site_dir: Path, config: Mapping[str, Any], settings: EditorSettings, dist: Path
) -> None:
    """Write /admin/: the page, its configuration, and the editor's script
    files copied from the package (the script loads its chunks from beside itself)."""
    admin = site_dir / ADMIN_FOLDER
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "index.html").write_text(admin_html(settings), encoding="utf-8")
    (admin / "config.yml").write_text(config_text(config), encoding="utf-8")
    for script in dist.iterdir():
        if script.name.endswith(SCRIPT):
            shutil.copyfile(script, admin / script.name)
    licence = dist.parent / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, admin / "LICENSE.txt")
