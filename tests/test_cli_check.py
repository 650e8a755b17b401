"""`python -m generator check` and `schema`: the exact text an editor reads, and the
exit codes CI relies on (1 on any problem, 0 otherwise)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolder import SERVICE, services_file, with_fields, write_data

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def issue_example() -> str:
    """The services file behind the example in the issue: problems on lines 42 and 57."""
    padding = "".join(f"      Line {n} of a long description.\n" for n in range(1, 33))
    first = (
        "  - id: sunflower-play-scheme\n"  # line 2
        "    name: Sunflower Play Scheme\n"
        "    summary: Holiday play sessions for disabled children aged 5 to 11.\n"
        "    description: |\n"  # line 5
        + padding  # lines 6 to 37
        + "    themes: [leisure-play-short-breaks]\n"  # 38
        "    contact: {phone: '0161 496 0123'}\n"
        "    area: North Hollinbrook\n"  # 40
        "    ages:\n"
        "      max: eleven\n"  # 42
        "      min: 5\n"
        "    last_reviewed: 2026-06-14\n"  # 44
    )
    second = (
        "  - id: speech-and-language-drop-in\n"  # 45
        "    name: Speech and Language Drop-in\n"
        "    summary: A weekly drop-in with a speech and language therapist.\n"
        "    themes: [health]\n"
        "    area: All of Hollinbrook\n"
        "    last_reviewed: 2026-09-01\n"  # 50
        "    how_to_access:\n"
        "      methods: [drop-in]\n"
        "      details: Just come along.\n"
        "    needs: [autism]\n"
        "    contact:\n"  # 55
        "      phone: '020 7946 0123'\n"
        "      emial: slt@example.org\n"  # 57
    )
    return "services:\n" + first + second


def test_the_issue_example_word_for_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = issue_example()
    assert text.splitlines()[41] == "      max: eleven"
    assert text.splitlines()[56] == "      emial: slt@example.org"
    write_data(tmp_path / "data", text)
    code, out, err = run(tmp_path, monkeypatch, "check")
    assert code == 1
    assert out == ""
    assert err == ISSUE_REPORT
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert ISSUE_REPORT in guide, "docs/editing.md quotes the check's output exactly"


ISSUE_REPORT = (
    "There is a problem with data/services.yaml\n"
    "\n"
    'Line 42, "Sunflower Play Scheme", ages.max\n'
    '  You wrote "eleven". Enter the age as a whole number, like 11.\n'
    'Line 57, "Speech and Language Drop-in", contact.emial\n'
    '  "emial" is not a field we know. Did you mean "email"?\n'
    "\n"
    "2 problems in 1 file. Nothing was published.\n"
)


def test_several_files_each_get_a_block_then_one_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(
        tmp_path / "data",
        services_file(with_fields(status="open", free="yes")),
        split={
            "b.yaml": services_file(
                with_fields(id="two", name="Two", summary=None, ages="{min: 3, max: 30}")
            )
        },
        extra={"needs.yaml": "needs:\n  - {id: autism, name: Autism}\n  - id: Hearing\n"},
    )
    code, out, err = run(tmp_path, monkeypatch, "check", "--data", "data")
    assert code == 1
    assert err == (
        "There is a problem with data/needs.yaml\n"
        "\n"
        "Line 3, Entry 2, id\n"
        '  You wrote "Hearing". Enter an id using only small letters, numbers and single '
        "hyphens, like autism.\n"
        "Line 3, Entry 2, name\n"
        "  name is missing. Add it, like name: Autism.\n"
        "\n"
        "There is a problem with data/services.yaml\n"
        "\n"
        'Line 9, "Sunflower Play Scheme", status\n'
        '  You wrote "open". Enter one of: active, temporarily-closed, inactive, retired.\n'
        'Line 10, "Sunflower Play Scheme", free\n'
        '  "free" is not a field we know. Check the spelling, or see docs/editing.md.\n'
        "\n"
        "There is a problem with data/services/b.yaml\n"
        "\n"
        'Line 2, "Two", summary\n'
        "  summary is missing. Add it, like summary: Holiday play sessions for disabled "
        "children aged 5 to 11.\n"
        'Line 8, "Two", ages.max\n'
        '  You wrote "30". Enter an age from 0 to 25.\n'
        "\n"
        "6 problems in 3 files. Nothing was published.\n"
    )


def test_success_prints_warnings_then_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(
        tmp_path / "data",
        services_file(SERVICE, with_fields(id="old-listing", last_reviewed="2024-05-01")),
    )
    code, out, err = run(tmp_path, monkeypatch, "check", "--today", "2026-11-23")
    assert (code, err) == (0, "")
    assert out == (
        "Check these in data/services.yaml (they do not stop publishing)\n"
        "\n"
        'Line 15, "Sunflower Play Scheme", last_reviewed\n'
        "  Last reviewed on 1 May 2024, more than 12 months ago. Check the listing with the "
        "service, then update last_reviewed.\n"
        "\n"
        "2 services checked: 0 problems, 1 warning\n"
    )


def test_no_warnings_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(tmp_path / "data")
    code, out, _ = run(tmp_path, monkeypatch, "check", "--today", "2026-11-23")
    assert (code, out) == (0, "1 service checked: 0 problems, 0 warnings\n")


def test_warnings_come_after_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(
        tmp_path / "data",
        services_file(with_fields(contact=None), with_fields(id="two", status="gone")),
    )
    code, _, err = run(tmp_path, monkeypatch, "check", "--today", "2026-11-23")
    assert code == 1
    assert err.endswith(
        "Check these in data/services.yaml (they do not stop publishing)\n"
        "\n"
        'Line 2, "Sunflower Play Scheme", contact\n'
        "  There is no way to contact this service. Add a phone number, email address or "
        "website under contact.\n"
        "\n"
        "1 problem in 1 file. Nothing was published.\n"
    )


def test_data_can_be_one_services_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(tmp_path / "data", split={"extra.yaml": services_file(with_fields(id="x"))})
    code, out, _ = run(
        tmp_path,
        monkeypatch,
        "check",
        "--data",
        "data/services/extra.yaml",
        "--today",
        "2026-11-23",
    )
    assert (code, out) == (0, "1 service checked: 0 problems, 0 warnings\n")


def test_a_missing_data_path_is_a_clean_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(tmp_path, monkeypatch, "check", "--data", "nowhere")
    assert code == 1
    assert err == (
        "There is a problem with nowhere\n"
        "\n"
        "We could not find nowhere. Check the path, or run the check from the project's folder.\n"
        "\n"
        "1 problem in 1 file. Nothing was published.\n"
    )


def test_a_garbled_file_never_shows_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_data(tmp_path / "data")
    (folder / "services.yaml").write_bytes(b"services:\n  - id: \xff\xfe\x00\x01\n")
    code, out, err = run(tmp_path, monkeypatch, "check")
    assert code == 1
    assert "Traceback" not in out + err
    assert "There is a problem with data/services.yaml" in err


def test_the_real_command_on_the_bundled_data() -> None:
    """The sample data that ships with the project checks with no problems."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    last = result.stdout.splitlines()[-1]
    assert last.endswith(" warnings") or last.endswith(" warning")
    assert " services checked: 0 problems, " in last


def test_schema_writes_the_file_and_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path / "data")
    code, out, _ = run(tmp_path, monkeypatch, "schema")
    assert (code, out) == (0, "Wrote schema/services.schema.json\n")
    schema = json.loads((tmp_path / "schema" / "services.schema.json").read_text())
    needs = schema["$defs"]["service"]["properties"]["needs"]
    assert needs["items"] == {"enum": ["autism", "physical"]}


def test_schema_stops_on_bad_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(tmp_path / "data", extra={"themes.yaml": "themes:\n  - {id: Education}\n"})
    code, _, err = run(tmp_path, monkeypatch, "schema")
    assert code == 1
    assert err.startswith("There is a problem with data/themes.yaml\n")
    assert not (tmp_path / "schema").exists()


def test_every_command_here_has_help() -> None:
    for command in ("check", "schema"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "--data" in result.stdout
