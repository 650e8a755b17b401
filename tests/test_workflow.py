"""The publishing workflow (.github/workflows/publish.yml) does what docs/publishing.md says.

GitHub runs it, not us; so the test reads the file, checks its jobs, steps
and permissions, and runs here what it runs there: the check that turns each
problem into an annotation on its line of the YAML, and every
`python -m generator` command it names (which must exist, with those options).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from projects import ROOT

from generator.cli import main

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def steps(job: str) -> list[dict[str, Any]]:
    return workflow()["jobs"][job]["steps"]  # type: ignore[no-any-return]


def uses(job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def runs(job: str) -> list[str]:
    return [step["run"] for step in steps(job) if "run" in step]


def test_it_runs_on_pull_requests_and_on_main() -> None:
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers
    assert triggers["push"] == {"branches": ["main"]}
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


def test_main_is_published_to_pages_then_its_addresses_checked() -> None:
    job = workflow()["jobs"]["publish"]
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    names = uses("publish")
    assert names == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    order = [
        step.get("id") or step.get("uses", "").split("@")[0] or step["run"]
        for step in steps("publish")
    ]
    # The previous manifest is fetched while the old site is still live.
    assert order.index("previous") < order.index("deployment")
    last = steps("publish")[-1]
    assert last["run"].startswith(".venv/bin/python -m generator check-urls --previous ")
    assert last["if"] == "steps.previous.outputs.found == 'true'"
    assert "make site" in runs("publish")


def test_every_generator_command_in_the_workflow_exists() -> None:
    """A renamed command or option would otherwise fail only on GitHub."""
    for job in workflow()["jobs"]:
        for script in runs(job):
            for line in script.splitlines():
                if "-m generator " not in line:
                    continue
                words = shlex.split(line.split("-m generator ", 1)[1])
                command = main.commands[words[0]]
                options = {opt for param in command.params for opt in getattr(param, "opts", [])}
                for word in words[1:]:
                    if word.startswith("--"):
                        assert word in options, (words[0], word)


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
