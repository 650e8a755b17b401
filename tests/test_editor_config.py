"""The browser editor's configuration (admin/config.yml) follows the field table,
and /admin/ is the one page whose policy lets it talk to the git host."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from projects import ROOT, run_build, run_generator, write_project

from generator.data import fields as table
from generator.data.fields import SERVICE, Field

PATTERNS = {
    "id": table.ID_PATTERN,
    "phone": table.PHONE_PATTERN,
    "url": table.URL_PATTERN,
    "time": table.TIME_PATTERN,
}
"""The kinds whose check is a pattern in fields.py: the form must use the very same."""


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    result = run_generator(ROOT, "cms-config")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# The browser editor's configuration")
    loaded = yaml.safe_load(result.stdout)
    assert isinstance(loaded, dict)
    return loaded


def _compare(specs: tuple[Field, ...], widgets: list[dict[str, Any]], *, optional: bool) -> None:
    assert [w["name"] for w in widgets] == [s.key for s in specs]
    for spec, widget in zip(specs, widgets, strict=True):
        assert widget["label"] == spec.title
        assert widget.get("hint", "") == spec.description
        assert widget.get("required", True) == (spec.required and not optional), spec.key
        if spec.kind in PATTERNS:
            assert widget["pattern"][0] == PATTERNS[spec.kind], spec.key
        if "pattern" in widget and isinstance(spec.example, str):
            assert re.search(widget["pattern"][0], spec.example), (spec.key, spec.example)
        if spec.kind == "list" and spec.item is not None and spec.item.kind == "term":
            wanted = yaml.safe_load((ROOT / "data" / f"{spec.item.terms}.yaml").read_text())
            ids = [entry["id"] for entry in next(iter(wanted.values()))]
            assert [o["value"] for o in widget["options"]] == ids
            assert widget["multiple"] is True
        if spec.kind == "choice":
            assert widget["options"] == list(spec.choices)
        if spec.kind in ("group", "groups"):
            assert spec.group is not None
            inner = optional or (spec.kind == "group" and not spec.required)
            _compare(spec.group.fields, widget["fields"], optional=inner)
        if spec.kind == "date":
            assert widget["widget"] == "datetime" and widget["format"] == "YYYY-MM-DD"


def test_every_field_of_the_table_is_in_the_form(config: dict[str, Any]) -> None:
    services = config["collections"][0]
    assert services["folder"] == "data/services"
    assert services["slug"] == "{{id}}"
    _compare(SERVICE.fields, services["fields"], optional=False)


def test_the_form_gives_no_advice_meant_for_writing_yaml_by_hand(config: dict[str, Any]) -> None:
    """The form writes the YAML itself: "Put it in quotes" is for VS Code's hover only."""
    def hints(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["hint"]] if isinstance(node.get("hint"), str) else []
            return own + [hint for value in node.values() for hint in hints(value)]
        return [hint for item in node for hint in hints(item)] if isinstance(node, list) else []

    assert "The service's UK phone number." in hints(config)
    assert [hint for hint in hints(config) if "quotes" in hint] == []
    schema = (ROOT / "schema" / "services.schema.json").read_text("utf-8")
    assert "A UK phone number. Put it in quotes. Open Referral HSDS 3.0" in schema


def test_saving_opens_a_change_for_review(config: dict[str, Any]) -> None:
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "hollinbrook/local-offer",
        "branch": "main",
    }


def test_each_section_of_guidance_is_editable_with_its_front_matter(
    config: dict[str, Any],
) -> None:
    folders = {c["folder"] for c in config["collections"][1:]}
    wanted = {"content"} | {
        f"content/{p.name}"
        for p in (ROOT / "content").iterdir()
        if p.is_dir() and any(p.glob("*.md"))
    }
    assert folders == wanted
    pages = config["collections"][1]
    assert pages["format"] == "frontmatter"
    assert [f["name"] for f in pages["fields"]][0] == "title"
    assert pages["fields"][-1] == {"label": "Page", "name": "body", "widget": "markdown"}


EDITOR = {"editor": {"repo": "hollinbrook/local-offer", "base_url": "https://auth.example.org"}}
"""mkdocs.yml's `extra` that turns the browser editor on."""


def test_only_admin_may_talk_to_the_git_host(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", extra=EDITOR)
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    assert_only_admin_talks_to_the_git_host(project / "site")


def assert_only_admin_talks_to_the_git_host(site: Path) -> None:
    """/admin/ is written with its own policy, and no other page may reach the git host."""
    admin = (site / "admin" / "index.html").read_text("utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', admin)
    assert policy is not None
    assert "connect-src 'self' https://api.github.com https://auth.example.org" in policy.group(1)
    assert '<script src="decap-cms.js"></script>' in admin
    assert (site / "admin" / "decap-cms.js").is_file()
    assert (
        yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))["backend"]["base_url"]
        == "https://auth.example.org"
    )
    for page in site.rglob("*.html"):
        if page.parent.name != "admin":
            assert "api.github.com" not in page.read_text("utf-8"), page
    assert "admin/" not in (site / "urls.json").read_text("utf-8")
    # Hosts that read _headers: the site's policy detached from /admin/, and its own.
    headers = (site / "_headers").read_text("utf-8")
    assert (
        f"/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {policy.group(1)}\n"
        in headers
    )
