"""The JSON Schema VS Code uses: up to date, accepting what the check accepts and
underlining what it refuses.

The YAML extension in VS Code reads files as YAML 1.2 (core schema): `min: 5`
is a number, `free: no` is text but `free: false` a boolean, `opens: 09:30`
is text. `yaml.safe_load` is YAML 1.1 and would turn `09:30` into 570 and
dates into date objects, so these tests read YAML the way the editor does,
with the 1.2 core rules below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from datafolder import problems_of, services_file, with_fields, write_data

from generator.data.schema import SCHEMA_PATH, build_schema, schema_text
from generator.importer.writer import listing_text

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / SCHEMA_PATH


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with YAML 1.2 core-schema types: what the VS Code YAML extension sees."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """YAML 1.2 integers: `0161` is 161 (1.1 read it as octal), `0o17` is octal."""
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def as_editor_sees(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 (a SafeLoader subclass)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    """Every message, including those inside "any of" (the editor shows the closest one)."""

    def walk(found: Any) -> list[str]:
        return [m for error in found for m in (error.message, *walk(error.context or []))]

    return walk(validator.iter_errors(as_editor_sees(text)))


def test_the_yaml_12_reading_is_the_editor_one() -> None:
    assert as_editor_sees("a: 09:30\nb: no\nc: false\nd: 5\ne: 2026-06-14\nf: 0161\ng:\n") == {
        "a": "09:30",
        "b": "no",
        "c": False,
        "d": 5,
        "e": "2026-06-14",
        "f": 161,
        "g": None,
    }


def test_the_committed_schema_is_up_to_date() -> None:
    expected = schema_text(ROOT / "data")
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert committed == expected, (
        "schema/services.schema.json is out of date: run `python -m generator schema` "
        "and commit the result."
    )


def test_the_schema_accepts_the_sample_data(validator: jsonschema.Draft202012Validator) -> None:
    files = [ROOT / "data" / "services.yaml", *sorted((ROOT / "data" / "services").glob("*.yaml"))]
    checked = [path for path in files if path.exists()]
    assert checked
    for path in checked:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema="), path.name
        assert errors(validator, text) == [], path.name


def test_the_schema_accepts_one_listing_as_the_import_writes_it_and_underlines_its_mistakes(
    validator: jsonschema.Draft202012Validator,
) -> None:
    listing = {
        "id": "sunflower-play-scheme",
        "name": "Sunflower Play Scheme",
        "summary": "Holiday play sessions for disabled children aged 5 to 11.",
        "themes": ["leisure-play-short-breaks"],
        "last_reviewed": "2026-01-05",
    }
    text = listing_text(listing, "Imported from a feed.")
    assert text.startswith("# yaml-language-server: $schema=../../schema/services.schema.json\n")
    assert errors(validator, text) == []
    wrong = text.replace("\nthemes:", "\ncolour: blue\nthemes:")
    assert any("'colour' was unexpected" in message for message in errors(validator, wrong))


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"name": None}, "'name' is a required property"),
        ({"id": "Sunflower_Play"}, "does not match"),
        ({"colour": "blue"}, "Additional properties are not allowed ('colour' was unexpected)"),
        ({"themes": "[sport]"}, "'sport' is not one of"),
        ({"themes": "[]"}, "should be non-empty"),
        ({"ages": "{min: 5, max: 30}"}, "30 is greater than the maximum of 25"),
        ({"schedule": '[{days: [mon], opens: "09:30", closes: "15:00"}]'}, "'mon' is not one of"),
        ({"schedule": "[{days: [monday], opens: 9.30am, closes: 15:00}]"}, "does not match"),
        ({"contact": "{website: 'javascript:alert(1)'}"}, "does not match"),
        ({"contact": "{emial: play@example.org}"}, "'emial' was unexpected"),
        ({"cost": "{free: maybe}"}, "is not valid under any of the given schemas"),
        ({"summary": "x" * 201}, "is too long"),
        ({"last_reviewed": "14/06/2026"}, "does not match"),
        ({"status": "closed"}, "'closed' is not one of"),
        ({"locations": "[{postcode: 12345}]"}, "12345 is not of type 'string'"),
    ],
)
def test_the_schema_rejects_a_broken_entry(
    tmp_path: Path, validator: jsonschema.Draft202012Validator, fields: dict[str, Any], why: str
) -> None:
    text = services_file(with_fields(**fields))
    found = errors(validator, text)
    assert any(why in message for message in found), found
    # ... and the check refuses the same entry.
    assert problems_of(write_data(tmp_path / "data", text)) != []


@pytest.mark.parametrize(
    "fields",
    [
        {"ages": "{min: 5, max: 11}"},
        {"ages": '{min: "5", max: "11"}'},
        {"cost": "{free: no}"},
        {"cost": "{free: false}"},
        {"cost": "{free: Yes}"},
        {"contact": "{phone: 01614960123}"},
        {"contact": "{phone: '+44 161 496 0123'}"},
        {"schedule": "[{days: [monday], opens: 09:30, closes: 17:00}]"},
        {"schedule": "[{days: [monday], opens: 9:30, closes: 17:00}]"},
        {"locations": "[{name: Hall, latitude: 53.4891, longitude: -2.2412}]"},
        {"locations": "[{name: Hall, postcode: hb3 2qt}]"},
        {"eligibility": ""},
        {"status": "retired"},
    ],
)
def test_what_the_check_accepts_the_editor_accepts(
    tmp_path: Path, validator: jsonschema.Draft202012Validator, fields: dict[str, Any]
) -> None:
    text = services_file(with_fields(**fields))
    assert problems_of(write_data(tmp_path / "data", text)) == []
    assert errors(validator, text) == []


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{name}.{key}", prop)
        for name, definition in schema["$defs"].items()
        for key, prop in definition["properties"].items()
    ]


def test_every_field_has_a_title_a_description_naming_hsds_and_an_example() -> None:
    schema = build_schema({})
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for where, prop in _properties(schema):
        assert prop["title"], where
        assert "Open Referral HSDS 3.0: " in prop["description"], where
        assert prop["examples"], where


def test_every_example_is_valid_for_its_own_field() -> None:
    schema = build_schema(
        {
            "themes": ["leisure-play-short-breaks"],
            "needs": ["autism", "physical"],
            "accessibility": ["step-free-access", "accessible-toilet"],
        }
    )
    for where, prop in _properties(schema):
        fragment = {**prop, "$defs": schema["$defs"]}
        for example in prop["examples"]:
            assert list(jsonschema.Draft202012Validator(fragment).iter_errors(example)) == [], where
