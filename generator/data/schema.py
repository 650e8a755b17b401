"""The JSON Schema editors' tools read: completion and red underlines in VS Code.

Built from the same field table as the checks (`fields.py`), so the editor
and the check agree. It describes what editors *write*, as the YAML extension
in VS Code reads it (YAML 1.2 core types): `min: 5` is a number there,
`free: no` is text but `free: false` a boolean, an unquoted `01614960123`
a number. Where editors may write either, either is accepted, because our
loader reads every value as text and decides for itself. The ids of themes,
needs and accessibility features come from the data's own lists, so the
editor offers exactly the ids the check accepts.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.data import model
from generator.data.fields import (
    AMOUNT_PATTERN,
    CURRENCY_PATTERN,
    DATE_PATTERN,
    DECIMAL_PATTERN,
    EMAIL_PATTERN,
    HIDDEN,
    ID_PATTERN,
    PHONE_PATTERN,
    POSTCODE_PATTERN,
    SERVICE,
    TIME_PATTERN,
    URL_PATTERN,
    YES_NO,
    Field,
    Group,
)
from generator.data.loader import load_lists

SCHEMA_PATH = Path("schema/services.schema.json")


def _scalar(spec: Field, terms: dict[str, list[str]]) -> dict[str, object]:
    """What one value may be, as the YAML extension reads it."""
    kind = spec.kind
    if kind == "id":
        return {"type": "string", "pattern": ID_PATTERN}
    if kind == "line":
        fragment: dict[str, object] = {
            "type": "string",
            "minLength": 1,
            "pattern": f"^[^{HIDDEN}]*$",
        }
        if spec.max_length is not None:
            fragment["maxLength"] = spec.max_length
        return fragment
    if kind in ("text", "markdown"):
        return {"type": "string", "minLength": 1}
    if kind == "age":
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 25},
                {"type": "string", "pattern": "^0{0,2}([0-9]|1[0-9]|2[0-5])$"},
            ]
        }
    if kind == "yesno":
        return {"anyOf": [{"type": "boolean"}, {"enum": list(YES_NO)}]}
    if kind == "phone":
        return {"anyOf": [{"type": "string", "pattern": PHONE_PATTERN}, {"type": "integer"}]}
    if kind == "email":
        return {"type": "string", "format": "email", "pattern": EMAIL_PATTERN}
    if kind == "url":
        return {"type": "string", "format": "uri", "pattern": URL_PATTERN}
    if kind == "postcode":
        return {"type": "string", "pattern": POSTCODE_PATTERN}
    if kind == "time":
        return {"type": "string", "pattern": TIME_PATTERN}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if kind == "amount":
        return {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ]
        }
    if kind == "currency":
        return {"type": "string", "pattern": CURRENCY_PATTERN}
    if kind in ("latitude", "longitude"):
        limit = 90 if kind == "latitude" else 180
        return {
            "anyOf": [
                {"type": "number", "minimum": -limit, "maximum": limit},
                {"type": "string", "pattern": DECIMAL_PATTERN},
            ]
        }
    if kind == "choice":
        return {"enum": list(spec.choices)}
    if kind == "day":
        return {"enum": list(model.DAYS)}
    if kind == "term":
        ids = terms.get(spec.terms)
        return {"enum": ids} if ids else {"type": "string", "pattern": ID_PATTERN}
    raise ValueError(f"no schema for the field kind {kind!r}")


def _value(spec: Field, terms: dict[str, list[str]], defs: dict[str, object]) -> dict[str, object]:
    if spec.kind == "list":
        assert spec.item is not None
        fragment: dict[str, object] = {"type": "array", "items": _scalar(spec.item, terms)}
        if spec.min_items:
            fragment["minItems"] = spec.min_items
        return fragment
    if spec.kind in ("group", "groups"):
        assert spec.group is not None
        _define(spec.group, terms, defs)
        ref: dict[str, object] = {"$ref": f"#/$defs/{spec.group.name}"}
        return ref if spec.kind == "group" else {"type": "array", "items": ref}
    return _scalar(spec, terms)


def _nullable(fragment: dict[str, object]) -> dict[str, object]:
    """An optional field may be left blank (`website:`), which YAML reads as null."""
    choices = fragment.get("anyOf")
    if isinstance(choices, list):
        return {**fragment, "anyOf": [*choices, {"type": "null"}]}
    values = fragment.get("enum")
    if isinstance(values, list):
        return {**fragment, "enum": [*values, None]}
    if "$ref" in fragment:
        return {"anyOf": [fragment, {"type": "null"}]}
    return {**fragment, "type": [fragment["type"], "null"]}


def _define(group: Group, terms: dict[str, list[str]], defs: dict[str, object]) -> None:
    if group.name in defs:
        return
    defs[group.name] = {}  # reserve the place first, so definitions keep a stable order
    properties: dict[str, object] = {}
    for spec in group.fields:
        fragment = _value(spec, terms, defs)
        if not spec.required:
            fragment = _nullable(fragment)
        example = [spec.example] if spec.kind == "groups" else spec.example
        properties[spec.key] = {
            "title": spec.title,
            "description": " ".join(
                filter(
                    None, (spec.description, spec.yaml_tip, f"Open Referral HSDS 3.0: {spec.hsds}.")
                )
            ),
            **fragment,
            "examples": [example],
        }
    defs[group.name] = {
        "title": group.title,
        "type": "object",
        "properties": properties,
        "required": [spec.key for spec in group.fields if spec.required],
        "additionalProperties": False,
    }


def build_schema(terms: dict[str, list[str]]) -> dict[str, object]:
    """The schema of a services file, a list of services or one listing on its
    own (as `split`, the import and the browser editor write them); `terms`
    maps "themes", "needs", "accessibility" to ids."""
    defs: dict[str, object] = {}
    _define(SERVICE, terms, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Local Offer services",
        "description": (
            "The services of a Local Offer: data/services.yaml and data/services/*.yaml, "
            "each a list of services or one listing. "
            "Generated by `python -m generator schema` from generator/data/fields.py: do not edit."
        ),
        "oneOf": [
            {
                "title": "A list of services",
                "type": "object",
                "properties": {
                    "services": {
                        "title": "Services",
                        "description": 'The list of services, each starting with "- id:".',
                        "type": "array",
                        "items": {"$ref": "#/$defs/service"},
                    }
                },
                "required": ["services"],
                "additionalProperties": False,
            },
            {"$ref": "#/$defs/service"},
        ],
        "$defs": defs,
    }


def schema_text(data: Path) -> str:
    """The schema file's exact text for a data folder (raises `DataError` for bad lists)."""
    lists = load_lists(data)
    terms = {
        "themes": [t.id for t in lists.themes],
        "needs": [t.id for t in lists.needs],
        "accessibility": [t.id for t in lists.accessibility],
    }
    return json.dumps(build_schema(terms), indent=2, ensure_ascii=False) + "\n"


def write_schema(data: Path, out: Path = SCHEMA_PATH) -> Path:
    """Write the schema (creating its folder); only rewrites the file when it changed."""
    text = schema_text(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out
