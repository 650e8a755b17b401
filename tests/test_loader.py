"""The strict loader: how files are read, what is refused, and how problems are
collected across every file of a data folder in one run.

Reader tests run against the one YAML reader (`yamlread`, libyaml's events).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from datafolder import (
    SERVICE,
    TODAY,
    line_of,
    load_ok,
    problems_of,
    services_file,
    with_fields,
    write_data,
)

from generator.data import yamlread
from generator.data.loader import load
from generator.data.problems import DataError, Problem, problem_report
from generator.data.yamlnodes import Map, Node, Scalar, Seq, plain

ROOT = Path(__file__).resolve().parent.parent

Reader = Callable[[Path | str, str], tuple[Node | None, list[Problem]]]


@pytest.fixture
def read() -> Reader:
    return yamlread.read_yaml


def messages(found: list[Problem]) -> list[str]:
    return [line_of(p) for p in found]


# --- the reader -------------------------------------------------------------


def test_every_scalar_stays_the_text_the_editor_typed(read: Reader) -> None:
    """No YAML 1.1 guessing: times, yes/no, octal-looking and phone numbers stay text."""
    node, found = read(
        "opens: 17:00\nfree: no\ncode: 010101\nphone: +441234567890\n"
        "date: 2024-13-01\nempty:\nquoted: 'x'\n",
        "f.yaml",
    )
    assert found == []
    assert plain(node) == {
        "opens": "17:00",
        "free": "no",
        "code": "010101",
        "phone": "+441234567890",
        "date": "2024-13-01",
        "empty": "",
        "quoted": "x",
    }


def test_nodes_carry_lines_columns_and_quoting(read: Reader) -> None:
    node, _ = read("a:\n  - b: 'x'\n    c: y\n", "f.yaml")
    assert isinstance(node, Map)
    items = node.entries["a"]
    assert isinstance(items, Seq)
    first = items.items[0]
    assert isinstance(first, Map)
    assert first.key_lines == {"b": 2, "c": 3}
    assert first.entries["b"] == Scalar("x", 2, 8, plain=False)
    assert first.entries["c"] == Scalar("y", 3, 8, plain=True)


def test_a_key_written_twice_names_both_lines(read: Reader) -> None:
    node, found = read("name: First\nid: x\nname: Second\n", "f.yaml")
    assert messages(found) == [
        'Line 3 | "name" is written twice, on lines 1 and 3. Delete one of them.'
    ]
    assert plain(node) == {"name": "First", "id": "x"}


def test_anchors_aliases_and_tags_are_refused(read: Reader) -> None:
    _, found = read("a: &base x\nb: *base\nc: !!str 3\nd: !thing y\n", "f.yaml")
    assert messages(found) == [
        'Line 1 | "&base" is an anchor, which we do not allow. Write each value out in full.',
        'Line 2 | "*base" repeats another part of the file, which we do not allow. '
        "Write the value out in full.",
        'Line 3 | "!!str" is a tag, which we do not allow. Delete it. '
        'To keep a value exactly as written, put it in quotes, like "0161 496 0123".',
        'Line 4 | "!thing" is a tag, which we do not allow. Delete it. '
        'To keep a value exactly as written, put it in quotes, like "0161 496 0123".',
    ]


def test_directives_and_second_documents_are_refused(read: Reader) -> None:
    node, found = read("%YAML 1.1\n---\na: 1\n---\nb: 2\n", "f.yaml")
    assert plain(node) == {"a": "1"}
    assert messages(found) == [
        'Line 1 | Lines starting "%YAML" are not allowed. Delete the line.',
        'Line 4 | A line with only "---" starts a second document, which we do not read. '
        "Delete that line and keep everything in one list.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "services:\n  - id: x\n\tname: y\n",
            "Line 3, column 1 | There is a tab here. Indent with spaces, not tabs.",
        ),
        (
            "services:\n  - id: x\n    summary: Ages: 5 to 11\n",
            "Line 3, column 18 | There is a colon followed by a space where we did not expect "
            'one. If it is part of the text, put the whole value in quotes, like summary: "Ages: '
            '5 to 11". If not, check this line is indented like the lines above it.',
        ),
        (
            "services:\n  - id: x\n    name: 'Sunflower\n    summary: y\n",
            "Line 3, column 11 | A quote mark opens here but does not close. Add the closing "
            "quote mark at the end of the value, or remove the opening one.",
        ),
        (
            "services:\n  - id: x\n    name: y\n   summary: z\n",
            'Line 4, column 4 | We expected a new item starting with "- " here. Check this line '
            "is indented like the lines above it.",
        ),
        (
            "services:\n  - id: x\n    ages:\n      min: 5\n     max: 11\n",
            "Line 5, column 6 | The indentation is not what we expected. Check this line starts "
            "in the same column as the fields above it, using spaces.",
        ),
        (
            "services:\n  - id: x\n    themes: [health, education\n    name: y\n",
            "Line 3, column 13 | A list in [ ] or a group in { } is not closed. Check the "
            "brackets, and put values that contain commas in quotes.",
        ),
        (
            "services:\n  - id: x\n    name\n    summary: y\n",
            "Line 3, column 5 | We expected a field name followed by a colon. Check for a "
            "missing colon, or text that runs on to the next line without being indented.",
        ),
        (
            "services:\n  - id: x\n    owner: @play-team\n",
            "Line 3, column 12 | A value cannot start with @. Put the whole value in quotes.",
        ),
    ],
)
def test_syntax_errors_give_line_column_and_a_hint(text: str, expected: str) -> None:
    node, found = yamlread.read_yaml(text, "f.yaml")
    assert node is None
    assert messages(found) == [expected]


def test_control_characters_and_other_encodings_are_named(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: x\x07y\n")
    assert messages(yamlread.read_yaml(path, "f.yaml")[1]) == [
        "Line 2, column 5 | There is a hidden control character here (U+0007). "
        "Delete it, or retype this part of the line."
    ]
    path.write_bytes("a: 1\nb: caf\u00e9\n".encode("latin-1"))
    assert messages(yamlread.read_yaml(path, "f.yaml")[1]) == [
        "Line 2, column 7 | The file is not saved as UTF-8 text, the encoding we read. "
        'Save it as UTF-8 (in VS Code: "Save with Encoding", then "UTF-8").'
    ]


def test_a_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    padding = "# " + "x" * 1_499_997 + "\n"
    folder = write_data(tmp_path / "data", padding + "services:\n" + SERVICE)
    assert len((folder / "services.yaml").read_bytes()) > 1_500_000
    assert problems_of_capped(folder, 1_000_000) == [
        "The file is 1.5 MB, more than the 1 MB we accept. Split it into smaller files in "
        "the services folder, for example one for each provider."
    ]
    node, found = yamlread.read_yaml("a: " + "x" * 2_000_000, "big.yaml", max_bytes=1_000_000)
    assert node is None
    assert messages(found) == [
        "The file is 2 MB, more than the 1 MB we accept. Split it into smaller files in "
        "the services folder, for example one for each provider."
    ]
    assert yamlread.MAX_FILE_BYTES == 50_000_000


def problems_of_capped(folder: Path, cap: int) -> list[str]:
    try:
        load(folder, today=TODAY, max_file_bytes=cap)
    except DataError as error:
        return [line_of(p) for p in error.problems]
    return []


# --- the loader ---------------------------------------------------------------


def test_the_bundled_sample_data_has_no_problems() -> None:
    result = load(ROOT / "data", today=TODAY)
    assert result.directory.services
    assert {t.id for t in result.directory.themes} >= {"education", "health"}


def test_services_yaml_and_split_files_are_read_together(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        split={"b.yaml": services_file(with_fields(id="second-service"))},
    )
    result = load_ok(folder)
    assert [s.id for s in result.directory.services] == ["sunflower-play-scheme", "second-service"]
    assert result.directory.services[1].source.file == "data/services/b.yaml"
    assert result.files == [
        "data/themes.yaml",
        "data/needs.yaml",
        "data/accessibility.yaml",
        "data/services.yaml",
        "data/services/b.yaml",
    ]


def test_one_services_file_reads_the_lists_beside_it(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data")
    result = load(folder / "services.yaml", today=TODAY)
    assert len(result.directory.services) == 1
    assert len(result.directory.themes) == 3


def test_ids_are_unique_across_files_and_previous_ids(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        services_file(SERVICE, with_fields(id="play-two", name="Play Two", previous_ids="[old]")),
        split={
            "b.yaml": services_file(
                with_fields(name="Copy", previous_ids="[play-two]"),
                with_fields(id="old", name="Old"),
            )
        },
    )
    assert problems_of(folder) == [
        'Line 2, "Copy", id | The id "sunflower-play-scheme" is also used by "Sunflower Play '
        'Scheme" on line 2 of data/services.yaml. Give each service its own id.',
        'Line 9, "Copy", previous_ids[1] | The id "play-two" is also used by "Play Two" on '
        "line 9 of data/services.yaml. Give each service its own id.",
        'Line 10, "Old", id | The id "old" is in the previous_ids of "Play Two" on line 16 of '
        "data/services.yaml. Old ids stay reserved so that old links keep working. "
        "Choose another id.",
    ]


def test_every_problem_in_every_file_in_one_run(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        services_file(with_fields(ages="{min: 5, max: eleven}")),
        split={"b.yaml": services_file(with_fields(id="two", summary=None))},
        extra={"needs.yaml": "needs:\n  - {id: autism}\n"},
    )
    with pytest.raises(DataError) as raised:
        load_ok(folder)
    assert [(p.file, p.line) for p in raised.value.problems] == [
        ("data/needs.yaml", 2),
        ("data/services.yaml", 9),
        ("data/services/b.yaml", 2),
    ]
    report = problem_report(raised.value.problems)
    assert report.endswith("\n\n3 problems in 3 files. Nothing was published.")


def test_a_broken_file_does_not_hide_problems_in_the_others(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        "services:\n  - id: x\n\tname: y\n",
        split={"b.yaml": services_file(with_fields(status="gone"))},
    )
    assert problems_of(folder) == [
        "Line 3, column 1 | There is a tab here. Indent with spaces, not tabs.",
        """Line 9, "Sunflower Play Scheme", status | You wrote "gone". """
        "Enter one of: active, temporarily-closed, inactive, retired.",
    ]


def test_the_top_of_a_services_file(tmp_path: Path) -> None:
    cases = {
        "": "The file is empty. Start it with services: and then the list.",
        "- id: x\n": "Line 1 | The file must start with services: and then the list, with each "
        'entry starting "- ".',
        "service:\n  - id: x\n": 'Line 1, service | "service" is not a field we know. '
        'Did you mean "services"?',
        "services: lots\n": 'Line 1, services | You wrote "lots". '
        "Write services as a list, like services: [...].",
    }
    for index, (text, expected) in enumerate(cases.items()):
        folder = write_data(tmp_path / str(index) / "data", text)
        found = problems_of(folder)
        assert found[0] == expected, text
    folder = write_data(tmp_path / "blank" / "data", "services:\n")
    assert load_ok(folder).directory.services == []


def test_a_missing_or_empty_data_folder_is_said_plainly(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere") == [
        "We could not find nowhere. Check the path, or run the check from the project's folder."
    ]
    (tmp_path / "empty" / "data").mkdir(parents=True)
    assert problems_of(tmp_path / "empty" / "data") == [
        "There is no data in data. Add services.yaml, themes.yaml, needs.yaml and "
        "accessibility.yaml to it: docs/editing.md explains what goes in each."
    ]
    folder = write_data(tmp_path / "lists-only" / "data", services=None)
    assert problems_of(folder) == [
        "There are no services to check in data. Add a file called services.yaml, "
        "or YAML files in data/services/."
    ]


def test_a_missing_list_file_is_named(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data")
    (folder / "needs.yaml").unlink()
    assert problems_of(folder) == [
        "The file is missing. It lists the needs a service can use, under needs:."
    ]


def test_list_files_are_checked_by_the_same_rules(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        extra={
            "needs.yaml": "needs:\n  - {id: autism, name: Autism}\n  - {id: autism, name: A}\n"
            "  - {id: Hearing, name: Hearing, colour: red}\n",
        },
    )
    assert problems_of(folder) == [
        'Line 3, Entry 2, id | The id "autism" is also used on line 2. Give each entry its own id.',
        'Line 4, Entry 3, id | You wrote "Hearing". Enter an id using only small letters, '
        "numbers and single hyphens, like autism.",
        'Line 4, Entry 3, colour | "colour" is not a field we know. '
        "The fields here are: id, name, description.",
    ]


def test_feedback_is_checked_by_the_same_rules(tmp_path: Path) -> None:
    good = "feedback:\n  - said: Hard to find.\n    did: We added search.\n    date: 2026-03-01\n"
    folder = write_data(tmp_path / "data", extra={"feedback.yaml": good})
    (item,) = load_ok(folder).directory.feedback
    assert (item.said, item.did, item.date.isoformat()) == (
        "Hard to find.",
        "We added search.",
        "2026-03-01",
    )
    bad = "feedback:\n  - said: Hard to find.\n    date: 2026-02-30\n"
    folder = write_data(tmp_path / "bad" / "data", extra={"feedback.yaml": bad})
    assert problems_of(folder) == [
        "Line 2, Entry 1, did | did is missing. Add it, like did: We added search to every page.",
        'Line 3, Entry 1, date | You wrote "2026-02-30". '
        "Enter a real date as year-month-day, like 2026-03-01.",
    ]


def test_postcodes_csv_is_checked(tmp_path: Path) -> None:
    good = "district,latitude,longitude\nHB1,53.4902,-2.2405\nhb2,53.5,-2.2\n"
    folder = write_data(tmp_path / "data", extra={"postcodes.csv": good})
    assert [p.district for p in load_ok(folder).directory.postcodes] == ["HB1", "HB2"]
    bad = (
        "district,latitude,longitude\nHB1,53.4,-2.2\nHB 1,53.4,-2.2\nHB2,153,-2.2\nHB1,53,-2\nHB3\n"
    )
    folder = write_data(tmp_path / "bad" / "data", extra={"postcodes.csv": bad})
    assert problems_of(folder) == [
        'Line 3, district | You wrote "HB 1". Enter the first part of a postcode, like HB3.',
        'Line 4, latitude | You wrote "153". Enter a latitude from -90 to 90, like 53.4891.',
        'Line 5 | "HB1" is also on line 2. Keep one of them.',
        "Line 6 | This line has 1 value. Each line needs 3, separated by commas, "
        "like HB3,53.5051,-2.2063",
    ]


def test_the_cycle_collector_is_switched_back_on(tmp_path: Path) -> None:
    assert gc.isenabled()
    load_ok(write_data(tmp_path / "data"))
    assert gc.isenabled()
    with pytest.raises(DataError):
        load_ok(write_data(tmp_path / "bad" / "data", "services: x\n"))
    assert gc.isenabled()
