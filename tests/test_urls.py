"""Links that never break: the published-URL manifest and `check-urls`.

Professionals put links to services in care plans and letters. Each test
builds real tiny sites, the second with a service's id changed, and runs
`python -m generator check-urls` between them as the publishing workflow
does, asserting the exact words an editor reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

from projects import EPOCH, build_env

SITE_URL = "https://localoffer.example.org/"

BEFORE = dedent(
    """\
    services:
      - id: sunflower-playscheme
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        themes: [leisure-play-short-breaks]
        last_reviewed: 2026-03-14
      - id: acorn-sensory-room
        name: Acorn Sensory Room
        summary: A quiet sensory room for children who find busy places hard.
        themes: [health]
        last_reviewed: 2026-03-14
    """
)

RENAMED = BEFORE.replace("id: sunflower-playscheme", "id: sunflower-play-scheme")
REDIRECTED = RENAMED.replace(
    "id: sunflower-play-scheme\n",
    "id: sunflower-play-scheme\n    previous_ids: [sunflower-playscheme]\n",
)


def check_urls(
    previous: Path | str, site: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check-urls", "--previous", str(previous)]
        + ["--site", str(site), *options],
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def built(make_project: Any, build: Any, services: str, *, epoch: int = EPOCH) -> Path:
    project = make_project(services_yaml=services)
    result = build(project, env=build_env(epoch))
    assert result.returncode == 0, result.stderr
    return project / "site"


def saved_manifest(site: Path, tmp_path: Path) -> Path:
    """The first build's manifest, kept as the publishing workflow keeps the live one."""
    saved = tmp_path / "published-urls.json"
    saved.write_text((site / "urls.json").read_text(encoding="utf-8"), encoding="utf-8")
    return saved


def test_manifest_lists_every_page_and_redirect_sorted(make_project: Any, build: Any) -> None:
    site = built(make_project, build, REDIRECTED)
    manifest = json.loads((site / "urls.json").read_text(encoding="utf-8"))
    assert manifest["site_url"] == SITE_URL
    urls = manifest["urls"]
    assert urls == sorted(urls)
    for page in (
        "",
        "services/",
        "services/sunflower-play-scheme/",
        "services/acorn-sensory-room/",
        "themes/health/",
        "my-list/",
        "accessibility/",
    ):
        assert SITE_URL + page in urls
    assert SITE_URL + "services/sunflower-playscheme/" in urls  # the redirect
    assert manifest["redirects"] == {
        SITE_URL + "services/sunflower-playscheme/": SITE_URL + "services/sunflower-play-scheme/"
    }
    assert not [url for url in urls if "/assets/" in url or url.endswith(".html")]
    assert all(url.startswith(SITE_URL + "api/") for url in manifest["files"])


def test_manifest_is_the_same_from_two_builds(make_project: Any, build: Any) -> None:
    first = built(make_project, build, BEFORE)
    second = built(make_project, build, BEFORE)
    assert (first / "urls.json").read_bytes() == (second / "urls.json").read_bytes()


def test_renamed_id_with_previous_ids_passes(make_project: Any, build: Any, tmp_path: Path) -> None:
    previous = saved_manifest(built(make_project, build, BEFORE), tmp_path)
    count = len(json.loads(previous.read_text(encoding="utf-8"))["urls"])
    site = built(make_project, build, REDIRECTED)

    result = check_urls(previous, site)

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"All {count} addresses published before still lead to a page or a redirect.\n"
    )
    assert result.stderr == ""


def test_renamed_id_without_previous_ids_fails_naming_the_address(
    make_project: Any, build: Any, tmp_path: Path
) -> None:
    previous = saved_manifest(built(make_project, build, BEFORE), tmp_path)
    site = built(make_project, build, RENAMED)

    result = check_urls(previous, site)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "These addresses were published before and now lead nowhere:\n"
        "  https://localoffer.example.org/services/sunflower-playscheme/\n"
        "Add the old id to previous_ids of the service that replaced it, "
        "or set status: retired.\n"
    )


def test_the_job_summary_names_each_broken_address_and_what_to_do(
    make_project: Any, build: Any, tmp_path: Path
) -> None:
    """What the publishing workflow's summary page shows when it stops before deploying."""
    previous = saved_manifest(built(make_project, build, BEFORE), tmp_path)
    site = built(make_project, build, RENAMED.replace("id: acorn-sensory-room", "id: acorn-room"))
    summary = tmp_path / "summary.md"
    summary.write_text("Fetched the live urls.json.\n\n", encoding="utf-8")

    result = check_urls(previous, site, "--summary", str(summary))

    assert result.returncode == 1
    assert result.stderr == (
        "These addresses were published before and now lead nowhere:\n"
        "  https://localoffer.example.org/services/acorn-sensory-room/\n"
        "  https://localoffer.example.org/services/sunflower-playscheme/\n"
        "Add the old id to previous_ids of the service that replaced it, "
        "or set status: retired.\n"
    )
    assert summary.read_text(encoding="utf-8") == (
        "Fetched the live urls.json.\n"
        "\n"
        "### Not published: addresses published before would lead nowhere\n"
        "\n"
        "These addresses were published before and now lead nowhere:\n"
        "\n"
        "- `https://localoffer.example.org/services/acorn-sensory-room/`\n"
        "- `https://localoffer.example.org/services/sunflower-playscheme/`\n"
        "\n"
        "Add the old id to previous_ids of the service that replaced it, "
        "or set status: retired.\n"
    )


def test_the_job_summary_when_every_address_still_works(
    make_project: Any, build: Any, tmp_path: Path
) -> None:
    previous = saved_manifest(built(make_project, build, BEFORE), tmp_path)
    count = len(json.loads(previous.read_text(encoding="utf-8"))["urls"])
    site = built(make_project, build, REDIRECTED)
    summary = tmp_path / "summary.md"

    result = check_urls(previous, site, "--summary", str(summary))

    assert result.returncode == 0, result.stderr
    assert summary.read_text(encoding="utf-8") == (
        "### Every address published before still leads somewhere\n"
        "\n"
        f"All {count} addresses published before still lead to a page or a redirect.\n"
    )


def test_an_address_in_the_summary_cannot_add_markdown(tmp_path: Path) -> None:
    """An earlier urls.json is read from the live site: its text is not trusted."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "urls.json").write_text('{"urls": []}', encoding="utf-8")
    previous = tmp_path / "previous.json"
    strange = "https://localoffer.example.org/a`b`` [x](https://example.org)\n# c/"
    previous.write_text(json.dumps({"site_url": SITE_URL, "urls": [strange]}), encoding="utf-8")
    summary = tmp_path / "summary.md"

    assert check_urls(previous, tmp_path / "site", "--summary", str(summary)).returncode == 1
    assert "\n- ``` https://localoffer.example.org/a`b`` [x](https://example.org) # c/ ```\n" in (
        summary.read_text(encoding="utf-8")
    )


WINDOWED = BEFORE.replace(
    "id: acorn-sensory-room\n",
    "id: acorn-sensory-room\n    previous_ids: [acorn-room]\n    visible_to: 2026-06-30\n",
)
JULY = EPOCH + 30 * 24 * 60 * 60  # 1 July 2026, the day after the listing's visible_to


def test_a_listing_past_its_visible_to_leaves_on_purpose(
    make_project: Any, build: Any, tmp_path: Path
) -> None:
    june = built(make_project, build, WINDOWED)
    assert (june / "services" / "acorn-sensory-room" / "index.html").is_file()
    previous = saved_manifest(june, tmp_path)
    count = len(json.loads(previous.read_text(encoding="utf-8"))["urls"])

    july = built(make_project, build, WINDOWED, epoch=JULY)
    assert not (july / "services" / "acorn-sensory-room").exists()
    assert not (july / "services" / "acorn-room").exists()
    manifest = json.loads((july / "urls.json").read_text(encoding="utf-8"))
    assert manifest["outside_dates"] == [
        SITE_URL + "services/acorn-room/",
        SITE_URL + "services/acorn-sensory-room/",
    ]
    assert SITE_URL + "services/acorn-sensory-room/" not in manifest["urls"]
    summary = tmp_path / "summary.md"

    result = check_urls(previous, july, "--summary", str(summary))

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "These addresses are off the site on purpose, because the visible_from or visible_to "
        "dates of their listing leave it out on the day of this build:\n"
        "  https://localoffer.example.org/services/acorn-room/\n"
        "  https://localoffer.example.org/services/acorn-sensory-room/\n"
        f"The other {count - 2} addresses published before still lead to a page or a redirect.\n"
    )
    assert summary.read_text(encoding="utf-8") == (
        "### Every address published before still leads somewhere\n"
        "\n"
        "These addresses are off the site on purpose, because the visible_from or visible_to "
        "dates of their listing leave it out on the day of this build:\n"
        "\n"
        "- `https://localoffer.example.org/services/acorn-room/`\n"
        "- `https://localoffer.example.org/services/acorn-sensory-room/`\n"
        "\n"
        f"The other {count - 2} addresses published before still lead to a page or a redirect.\n"
    )

    # Deleting the listing instead is not on purpose: its address breaks.
    deleted = BEFORE[: BEFORE.index("  - id: acorn-sensory-room")]
    result = check_urls(previous, built(make_project, build, deleted, epoch=JULY))
    assert result.returncode == 1
    assert "  https://localoffer.example.org/services/acorn-sensory-room/\n" in result.stderr

    # Given new dates, it comes back at the same address.
    later = WINDOWED.replace("visible_to: 2026-06-30", "visible_to: 2026-08-31")
    back = built(make_project, build, later, epoch=JULY)
    assert (back / "services" / "acorn-sensory-room" / "index.html").is_file()
    assert json.loads((back / "urls.json").read_text(encoding="utf-8"))["outside_dates"] == []
    assert check_urls(july / "urls.json", back).returncode == 0


def test_retired_service_keeps_its_address(make_project: Any, build: Any, tmp_path: Path) -> None:
    previous = saved_manifest(built(make_project, build, BEFORE), tmp_path)
    retired = BEFORE.replace(
        "id: acorn-sensory-room\n", "id: acorn-sensory-room\n    status: retired\n"
    )
    site = built(make_project, build, retired)

    assert check_urls(previous, site).returncode == 0
    page = (site / "services" / "acorn-sensory-room" / "index.html").read_text(encoding="utf-8")
    assert "This service is no longer available." in page
    assert "Add to my list" not in page


def test_previous_manifest_from_the_live_site_over_http(
    make_project: Any, build: Any, served_folder: Any
) -> None:
    old_site = built(make_project, build, BEFORE)
    site = built(make_project, build, RENAMED)

    result = check_urls(served_folder(old_site), site)

    assert result.returncode == 1
    assert "  https://localoffer.example.org/services/sunflower-playscheme/\n" in result.stderr


def test_unreadable_previous_manifest_says_so(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    result = check_urls(tmp_path / "missing.json", tmp_path / "site")
    assert result.returncode == 1
    assert result.stderr == f"There is no file {tmp_path / 'missing.json'}.\n"

    not_a_manifest = tmp_path / "other.json"
    not_a_manifest.write_text('{"pages": []}', encoding="utf-8")
    result = check_urls(not_a_manifest, tmp_path / "site")
    assert result.returncode == 1
    assert result.stderr == (
        f"{not_a_manifest} is not a list of published addresses: it should be a urls.json "
        'written by the build, with a list of "urls".\n'
    )


def test_a_summary_that_cannot_be_written_is_said_plainly(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "urls.json").write_text('{"urls": []}', encoding="utf-8")
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps({"site_url": SITE_URL, "urls": []}), encoding="utf-8")
    summary = tmp_path / "no-such-folder" / "summary.md"

    result = check_urls(previous, tmp_path / "site", "--summary", str(summary))

    assert result.returncode == 1
    assert result.stderr == (
        f"Could not add the summary to {summary} (no such file or directory). "
        "Check its folder exists.\n"
    )
