"""One listing per file (`data/services/<id>.yaml`, as the browser editor writes
it) beside list files, and `python -m generator split`, which turns one into
the other: checks, line numbers, What's new and "Last changed" the same for both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from textwrap import dedent
from typing import Any

from projects import ROOT, git, run_generator, write_project

HISTORY = {"history": {"url": "https://github.com/hollinbrook/local-offer", "branch": "main"}}

OAK_FILE = dedent(
    """\
    # One listing, as the browser editor writes it.
    id: oak-tree-sensory-room
    name: Oak Tree Sensory Room
    summary: A quiet sensory room for children with sensory needs.
    themes: [leisure-play-short-breaks]
    area: All of Hollinbrook
    contact: {email: oak@example.org}
    last_reviewed: {reviewed}
    """
)

TWO_LISTINGS = dedent(
    """\
    # Play and short breaks.
    services:
      # Summer only.
      - id: sunflower-play-scheme
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        description: |
          Games, crafts and trips.

          # Not a comment: part of the description.
        themes: [leisure-play-short-breaks]
        area: North Hollinbrook
        contact: {phone: "0161 496 0110"}
        schedule:
          - {days: [monday], opens: "09:30", closes: "15:00"}
        last_reviewed: 2026-01-05

      # Ask for a visit first.
      - id: oak-tree-sensory-room
        name: Oak Tree Sensory Room
        summary: A quiet sensory room for children with sensory needs.
        themes: [leisure-play-short-breaks]
        area: All of Hollinbrook
        contact: {email: oak@example.org}
        last_reviewed: 2026-01-20
    """
)


def one_listing_project(folder: Path, reviewed: str = "2026-01-20") -> Path:
    write_project(folder)
    (folder / "data" / "services").mkdir(exist_ok=True)
    (folder / "data" / "services" / "oak-tree-sensory-room.yaml").write_text(
        OAK_FILE.replace("{reviewed}", reviewed), encoding="utf-8"
    )
    return folder


def test_a_file_of_one_listing_loads_beside_a_list_file(tmp_path: Path, build: Any) -> None:
    project = one_listing_project(tmp_path / "project")
    checked = run_generator(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "2 services checked: 0 problems, 2 warnings"
    assert build(project).returncode == 0
    for ident in ("sunflower-play-scheme", "oak-tree-sensory-room"):
        assert (project / "site" / "services" / ident / "index.html").is_file()


def test_a_problem_in_a_file_of_one_listing_names_its_file_and_line(tmp_path: Path) -> None:
    project = one_listing_project(tmp_path / "project", reviewed="2026-13-01")
    checked = run_generator(project, "check")
    assert checked.returncode == 1
    assert checked.stderr.startswith(
        "There is a problem with data/services/oak-tree-sensory-room.yaml\n\n"
        'Line 8, "Oak Tree Sensory Room", last_reviewed\n'
        '  You wrote "2026-13-01". Enter a real date as year-month-day, like 2026-06-14.\n'
    )
    assert checked.stderr.rstrip().endswith("1 problem in 1 file. Nothing was published.")


def test_split_writes_each_listing_line_for_line(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", services_yaml=TWO_LISTINGS)
    before = run_generator(project, "check")
    result = run_generator(project, "split", "data/services.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Split data/services.yaml into 2 files in data/services/, one for each listing, "
        "and removed data/services.yaml. Commit them together.\n"
    )
    assert not (project / "data" / "services.yaml").exists()
    folder = project / "data" / "services"
    assert sorted(p.name for p in folder.iterdir()) == [
        "oak-tree-sensory-room.yaml",
        "sunflower-play-scheme.yaml",
    ]
    assert (folder / "sunflower-play-scheme.yaml").read_text("utf-8") == dedent(
        """\
        # Summer only.
        id: sunflower-play-scheme
        name: Sunflower Play Scheme
        summary: Holiday play sessions for disabled children aged 5 to 11.
        description: |
          Games, crafts and trips.

          # Not a comment: part of the description.
        themes: [leisure-play-short-breaks]
        area: North Hollinbrook
        contact: {phone: "0161 496 0110"}
        schedule:
          - {days: [monday], opens: "09:30", closes: "15:00"}
        last_reviewed: 2026-01-05
        """
    )
    assert (
        (folder / "oak-tree-sensory-room.yaml")
        .read_text("utf-8")
        .startswith("# Ask for a visit first.\nid: oak-tree-sensory-room\n")
    )
    after = run_generator(project, "check")
    assert after.returncode == before.returncode == 0
    assert after.stdout.splitlines()[-1] == before.stdout.splitlines()[-1]


def test_split_writes_nothing_when_a_file_is_in_the_way(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", services_yaml=TWO_LISTINGS)
    folder = project / "data" / "services"
    folder.mkdir()
    (folder / "oak-tree-sensory-room.yaml").write_text("# kept\n", encoding="utf-8")
    result = run_generator(project, "split", "data/services.yaml")
    assert result.returncode == 1
    assert result.stderr == (
        "There is a problem with data/services/oak-tree-sensory-room.yaml\n\n"
        "data/services/oak-tree-sensory-room.yaml already exists, so this listing was not "
        "split. Rename or remove data/services/oak-tree-sensory-room.yaml.\n\n"
        "1 problem in 1 file. Nothing was published.\n"
    )
    assert (project / "data" / "services.yaml").read_text("utf-8") == TWO_LISTINGS
    assert sorted(p.name for p in folder.iterdir()) == ["oak-tree-sensory-room.yaml"]


def test_split_refuses_a_file_of_one_listing(tmp_path: Path) -> None:
    project = one_listing_project(tmp_path / "project")
    result = run_generator(project, "split", "data/services/oak-tree-sensory-room.yaml")
    assert result.returncode == 1
    assert "This file holds one listing already, so there is nothing to split." in result.stderr


def _commit(folder: Path, when: str, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=when)


def test_history_follows_a_listing_into_its_own_file(
    tmp_path: Path, build: Any, site_page: Any
) -> None:
    """Splitting is not news; an edit to the new file is, and "Last changed"
    points at the new file's lines."""
    project = write_project(tmp_path / "project", services_yaml=TWO_LISTINGS, extra=HISTORY)
    git(project, "init", "-q", "-b", "main")
    _commit(project, "2026-02-01T09:00:00+00:00", "Two listings")
    assert run_generator(project, "split", "data/services.yaml").returncode == 0
    _commit(project, "2026-03-01T09:00:00+00:00", "One file per listing")
    oak = project / "data" / "services" / "oak-tree-sensory-room.yaml"
    oak.write_text(
        oak.read_text("utf-8").replace("children with sensory needs", "children and young people"),
        encoding="utf-8",
    )
    _commit(project, "2026-04-01T09:00:00+00:00", "Oak Tree: summary")
    (project / "data" / "services" / "willow-swim.yaml").write_text(
        OAK_FILE.replace("oak-tree-sensory-room", "willow-swim")
        .replace("Oak Tree Sensory Room", "Willow Swim")
        .replace("{reviewed}", "2026-04-20"),
        encoding="utf-8",
    )
    _commit(project, "2026-05-01T09:00:00+00:00", "Add Willow Swim")
    result = build(project)
    assert result.returncode == 0, result.stderr

    html = (project / "site" / "whats-new" / "index.html").read_text("utf-8")
    entries = re.findall(r'<li><a href="\.\./services/([^/]+)/">[^<]+</a>: ([^<]+)</li>', html)
    assert entries == [
        ("willow-swim", "Added"),
        ("oak-tree-sensory-room", "Summary changed"),
        ("oak-tree-sensory-room", "Added"),
        ("sunflower-play-scheme", "Added"),
    ]
    page = site_page(project / "site", "services/oak-tree-sensory-room")
    row = [t for t in page.text_of("div", cls="govuk-summary-list__row") if "Last changed" in t]
    assert row == ["Last changed 1 April 2026 Changes to this listing"]
    lines = len(oak.read_text("utf-8").splitlines())
    blame = (
        "https://github.com/hollinbrook/local-offer/blame/main/"
        f"data/services/oak-tree-sensory-room.yaml#L2-L{lines}"
    )
    assert [a["href"] for a in page.attrs("a") if "/blame/" in a["href"]] == [blame]


def test_the_sample_data_splits_into_files_that_check_the_same(tmp_path: Path) -> None:
    """Every list file of the sample split: the same services, problems and warnings."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = run_generator(tmp_path, "check", "--data", "data")
    lists = [
        "data/services.yaml",
        *sorted(f"data/services/{p.name}" for p in (data / "services").iterdir()),
    ]
    for list_file in lists:
        split = run_generator(tmp_path, "split", list_file)
        assert split.returncode == 0, split.stderr
    after = run_generator(tmp_path, "check", "--data", "data")
    assert after.returncode == before.returncode == 0
    assert after.stdout.splitlines()[-1] == before.stdout.splitlines()[-1]
    assert not (data / "services.yaml").exists()
    assert all(
        not re.search(r"^services:", p.read_text("utf-8"), re.M)
        for p in (data / "services").iterdir()
    )
