"""The README is the way in: every command it promises exists, and every
command the CLI has is documented there (a command nobody can find is a
command nobody uses)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented_in_the_readme() -> None:
    missing = [name for name in main.commands if f"python -m generator {name}" not in README]
    assert not missing, f"README.md does not document: {', '.join(sorted(missing))}"


def test_every_command_the_readme_names_exists() -> None:
    named = set(re.findall(r"python -m generator ([a-z][a-z-]*)", README))
    unknown = named - set(main.commands)
    assert not unknown, f"README.md names unknown commands: {', '.join(sorted(unknown))}"


def test_the_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "make site" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE), ".ci/run must run exactly `make test`"
