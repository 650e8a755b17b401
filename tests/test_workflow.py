"""The publishing workflows (.github/workflows/) do what docs/publishing.md says.

GitHub runs them, not us; so the test reads the files, checks their jobs,
steps and permissions, and runs here what they run there: the check that
turns each problem into an annotation on its line of the YAML, the step that
fetches the live site's addresses, and every `python -m generator` command
they name (which must exist, with those options).
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from projects import ROOT

from generator.cli import main

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "publish.yml"
PAGES_PERMISSIONS = {"contents": "read", "pages": "write", "id-token": "write"}


def workflow(path: Path = WORKFLOW) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def triggers(path: Path = WORKFLOW) -> Any:
    found = workflow(path)
    return found.get("on", found.get(True))  # YAML 1.1 reads `on` as true


def steps(job: str, path: Path = WORKFLOW) -> list[dict[str, Any]]:
    return workflow(path)["jobs"][job]["steps"]  # type: ignore[no-any-return]


def uses(job: str, path: Path = WORKFLOW) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job, path) if "uses" in step]


def runs(job: str, path: Path = WORKFLOW) -> list[str]:
    return [step["run"] for step in steps(job, path) if "run" in step]


DEPLOY = WORKFLOWS / "deploy.yml"
DAILY = WORKFLOWS / "daily.yml"


def test_it_runs_on_pull_requests_and_on_main() -> None:
    assert "pull_request" in triggers()
    assert triggers()["push"] == {"branches": ["main"]}
    assert workflow()["permissions"] == {"contents": "read"}, "least privilege by default"


def test_a_pull_request_is_checked_built_tested_and_kept_for_preview() -> None:
    job = workflow()["jobs"]["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert "permissions" not in job, "a pull request can never publish"
    assert job["container"] == "python:3.11-bookworm", "Debian, so apt-get gives a real Chromium"
    assert uses("check") == [
        "actions/checkout",
        "actions/setup-node",
        "actions/upload-artifact",
    ]
    assert steps("check")[0]["with"]["fetch-depth"] == 0, "What's new needs the history"
    assert runs("check") == [
        'git config --global --add safe.directory "$GITHUB_WORKSPACE"',
        "make .venv/.installed",
        ".venv/bin/python -m generator check --format github",
        "make site",
        "make test",
    ]
    assert steps("check")[-1]["with"]["path"] == "site/"


def test_main_is_built_and_its_addresses_checked_before_it_is_published() -> None:
    job = workflow()["jobs"]["publish"]
    assert job["if"] == "github.event_name != 'pull_request'"
    assert job["uses"] == "./.github/workflows/deploy.yml"
    assert job["permissions"] == PAGES_PERMISSIONS

    assert "workflow_call" in triggers(DEPLOY)
    deploy = workflow(DEPLOY)["jobs"]["deploy"]
    assert deploy["permissions"] == PAGES_PERMISSIONS
    assert deploy["environment"]["name"] == "github-pages"
    assert uses("deploy", DEPLOY) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/setup-node",  # npm: the browser editor's pinned package, for /admin/
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert steps("deploy", DEPLOY)[0]["with"]["fetch-depth"] == 0, "What's new needs the history"
    order = [
        step.get("id") or step.get("uses", "").split("@")[0] or step["run"].split(" --")[0]
        for step in steps("deploy", DEPLOY)
    ]
    assert order == [
        "actions/checkout",
        "actions/setup-python",
        "actions/setup-node",
        "make .venv/.installed node_modules/.installed",
        ".venv/bin/python -m generator check",
        "pages",
        "previous",  # while the live site is still the previous one
        "make site",
        ".venv/bin/python -m generator check-urls",
        "actions/upload-pages-artifact",
        "deployment",
    ]
    check = steps("deploy", DEPLOY)[order.index(".venv/bin/python -m generator check-urls")]
    assert check["run"] == (
        '.venv/bin/python -m generator check-urls --previous "$RUNNER_TEMP/previous-urls.json" '
        '--site site --summary "$GITHUB_STEP_SUMMARY"'
    )
    # Skipped only at the first publication; a failure stops the steps after it.
    assert check["if"] == "steps.previous.outputs.found == 'true'"
    assert not [step for step in steps("deploy", DEPLOY) if "continue-on-error" in step]
    after = steps("deploy", DEPLOY)[order.index("actions/upload-pages-artifact") :]
    assert not [step for step in after if "if" in step], "a failed check must stop the deploy"
    assert after[0]["with"]["path"] == "site/"


def test_main_is_published_again_every_morning_in_the_same_order() -> None:
    assert triggers(DAILY)["schedule"] == [{"cron": "30 5 * * *"}]
    assert "workflow_dispatch" in triggers(DAILY)
    assert workflow(DAILY)["permissions"] == {"contents": "read"}
    job = workflow(DAILY)["jobs"]["publish"]
    assert job["uses"] == "./.github/workflows/deploy.yml", "one definition of the steps"
    assert job["permissions"] == PAGES_PERMISSIONS
    # One publication at a time: the same group as a push to main.
    assert workflow(DAILY)["concurrency"]["group"] == workflow()["concurrency"]["group"]
    assert workflow(DAILY)["concurrency"]["cancel-in-progress"] is False
    assert "concurrency" not in workflow(DEPLOY), "it would wait for its caller's group"


def fetch_previous(live_site: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the step that fetches the live urls.json as GitHub runs it (bash -e),
    with the outputs and summary files GitHub gives it; returns what it wrote."""
    step = next(step for step in steps("deploy", DEPLOY) if step.get("id") == "previous")
    assert step["env"] == {"LIVE_SITE": "${{ steps.pages.outputs.base_url }}"}
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env={
            **os.environ,
            "LIVE_SITE": live_site.rstrip("/"),  # GitHub gives the base address without one
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    written = outputs.read_text(encoding="utf-8") if outputs.exists() else ""
    if summary.exists():
        written += "summary: " + summary.read_text(encoding="utf-8")
    return result, written


def test_the_fetch_step_keeps_the_live_sites_addresses(
    tmp_path: Path, served_folder: Any
) -> None:
    live = tmp_path / "live"
    live.mkdir()
    (live / "urls.json").write_text('{"urls": []}\n', encoding="utf-8")
    result, written = fetch_previous(served_folder(live), tmp_path)
    assert result.returncode == 0, result.stderr
    assert written == "found=true\n"
    assert (tmp_path / "previous-urls.json").read_text(encoding="utf-8") == '{"urls": []}\n'


def test_the_first_publication_has_no_addresses_and_still_deploys(
    tmp_path: Path, served_folder: Any
) -> None:
    (tmp_path / "empty").mkdir()
    result, written = fetch_previous(served_folder(tmp_path / "empty"), tmp_path)
    assert result.returncode == 0, result.stderr
    first = (
        "The live site has no urls.json yet: this is its first publication, "
        "so no address can break.\n"
    )
    assert result.stdout == first
    assert written == f"found=false\nsummary: {first}"


def test_a_live_site_that_does_not_answer_stops_the_job(tmp_path: Path) -> None:
    """Never publish unchecked: only a 404 means there is nothing to compare with."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        address = f"http://127.0.0.1:{unused.getsockname()[1]}"
    result, written = fetch_previous(address, tmp_path)
    assert result.returncode == 1
    assert written == ""
    assert result.stdout == (
        f"::error title=Not published::Could not read {address}/urls.json (HTTP status 000), "
        "so the new site cannot be checked against the live one. Run the workflow again later.\n"
    )


def test_every_generator_command_in_the_workflow_exists() -> None:
    """A renamed command or option would otherwise fail only on GitHub."""
    checked = 0
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job, definition in workflow(path)["jobs"].items():
            if "steps" not in definition:
                continue  # it calls another workflow, checked in its own file
            checked += check_commands(runs(job, path))
    assert checked >= 3, "check, check --format github and check-urls at least"


def check_commands(scripts: list[str]) -> int:
    """Look up each `python -m generator` command and option in the scripts;
    returns how many commands it found."""
    found = 0
    for script in scripts:
        for line in script.splitlines():
            if "-m generator " not in line:
                continue
            found += 1
            words = shlex.split(line.split("-m generator ", 1)[1])
            command = main.commands[words[0]]
            options = {opt for param in command.params for opt in getattr(param, "opts", [])}
            for word in words[1:]:
                if word.startswith("--"):
                    assert word in options, (words[0], word)
    return found


BROKEN = """\
services:
  - id: sunflower-play-scheme
    name: Sunflower Play Scheme
    summary: Holiday play sessions for disabled children aged 5 to 11.
    themes: [leisure-play-short-breaks]
    ages: {min: 5, max: 40}
    last_reviewed: 2026-03-14
  - id: oak-tree-sensory-room
    name: Oak Tree Sensory Room, Hollinbrook
    summary: A quiet sensory room.
    themes: [leisure-play-short-breaks]
    contact: {phone: "0161 496 0125"}
    area: All of Hollinbrook
    last_reviewed: 2020-01-01
"""


def test_the_check_step_gives_annotations_on_the_yaml_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("themes.yaml", "needs.yaml", "accessibility.yaml"):
        (data / name).write_bytes((ROOT / "data" / name).read_bytes())
    (data / "services.yaml").write_text(BROKEN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--format", "github", "--today", "2026-06-01"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/services.yaml,line=6,title=Sunflower Play Scheme::"
        'ages.max: You wrote "40". Enter an age from 0 to 25.',
        "::warning file=data/services.yaml,line=14,title=Oak Tree Sensory Room%2C Hollinbrook::"
        "last_reviewed: Last reviewed on 1 January 2020, more than 12 months ago. "
        "Check the listing with the service, then update last_reviewed.",
    ]
    # The plain-English report is still in the log.
    assert 'Line 6, "Sunflower Play Scheme", ages.max' in result.stderr


def test_the_check_step_passes_on_the_sample_data() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--format", "github"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("::warning ") for line in result.stdout.splitlines())
    assert "0 problems" in result.stderr
