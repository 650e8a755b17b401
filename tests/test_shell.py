"""Service pages filled into a shell of the theme's chrome (generator/publish/shell.py)
read exactly as the theme would have drawn them, and a theme the shell
cannot follow is drawn page by page instead."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from projects import ROOT, build_env

from generator.publish import shell

TRICKY = """\
services:
  - id: tom-and-jerrys-club
    name: Tom & Jerry's "Saturday" club
    summary: A club for 5 to 11 year olds <with> "quotes" & ampersands.
    themes: [leisure-play-short-breaks]
    last_reviewed: 2026-03-14
    description: |
      Games, crafts and a snack.

      - Bring a drink
      - Wear **old clothes**
  - id: plain-play
    name: Plain play
    summary: Play sessions.
    themes: [leisure-play-short-breaks]
    last_reviewed: 2026-03-14
  - id: quiet-swim
    name: Quiet swim
    summary: A calm swimming session / with a slash.
    themes: [leisure-play-short-breaks]
    last_reviewed: 2026-03-14
    description: Lane swimming with the lights low.
"""
IDS = ("tom-and-jerrys-club", "plain-play", "quiet-swim")


def test_a_probe_value_in_a_form_the_shell_does_not_know_refuses_the_shell():
    title = shell.PROBES["title"]
    known = f"<title>{title}</title><a href='?page={title.replace(' ', '+')}'>{title}</a>"
    parsed = shell.Shell.parse(known)
    assert parsed is not None
    filled = parsed.fill({"title": "Tom & Jerry's"})
    assert filled == (
        "<title>Tom &amp; Jerry&#39;s</title>"
        "<a href='?page=Tom+%26+Jerry%27s'>Tom &amp; Jerry&#39;s</a>"
    )
    assert shell.Shell.parse(known + title.upper()) is None


def test_only_values_every_form_prints_alike_are_filled_in():
    values = {"title": "Tom & Jerry's", "id": "tom-and-jerrys", "body": "<p>a  b</p>"}
    assert shell.fillable(values)
    assert not shell.fillable({**values, "title": "Two  spaces"})
    assert not shell.fillable({**values, "id": "tom&jerry"})


def _theme_that_prints_each_id(project: Path, *, capitals: bool) -> None:
    """Theme overrides that print each page's service id: as it is (a form
    the shell fills in), or in capitals (one it cannot, so the theme must
    draw every page)."""
    overrides = project / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    main = overrides / "main.html"
    value = "page.meta.service_id if page and page.meta.service_id else ''"
    printed = f"({value})" + (" | upper" if capitals else "")
    block = '<p class="lo-test-id">{{ ' + printed + " }}</p>"
    main.write_text(
        main.read_text(encoding="utf-8") + f"\n{{% block announce %}}{block}{{% endblock %}}\n",
        encoding="utf-8",
    )
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = "overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")


def _mkdocs_build(project: Path) -> str:
    """MkDocs itself (its INFO lines, which `generator build` hides, say how
    pages were drawn); returns what it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_filled_pages_are_the_pages_the_theme_draws(make_project):
    filled = make_project(services_yaml=TRICKY)
    drawn = make_project(services_yaml=TRICKY)
    _theme_that_prints_each_id(filled, capitals=False)
    _theme_that_prints_each_id(drawn, capitals=True)
    refused = "(in services/) are drawn by the theme one by one"
    assert refused not in _mkdocs_build(filled)
    assert refused in _mkdocs_build(drawn)
    for service_id in IDS:
        page = f"services/{service_id}/index.html"
        by_shell = (filled / "site" / page).read_text(encoding="utf-8")
        by_theme = (drawn / "site" / page).read_text(encoding="utf-8")
        assert f'<p class="lo-test-id">{service_id}</p>' in by_shell
        assert by_shell == by_theme.replace(service_id.upper(), service_id), service_id
    page = (filled / "site" / "services" / IDS[0] / "index.html").read_text(encoding="utf-8")
    assert "<title>Tom &amp; Jerry&#39;s &#34;Saturday&#34; club - " in page
    assert "page=Tom+%26+Jerry%27s+%22Saturday%22+club&amp;url=" in page
    assert (
        'content="A club for 5 to 11 year olds &lt;with&gt; &#34;quotes&#34; &amp; ampersands."'
        in page
    )
    assert f"QR code for https://localoffer.example.org/services/{IDS[0]}/" in page
