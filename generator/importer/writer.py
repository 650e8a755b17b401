"""Draft listings -> YAML text in the house style.

The text is what editors see in their pull request, so it looks like a file
they wrote: one listing at the top level of its own file, yes/no for
yes/no, block text for descriptions, quotes only where YAML needs them, and
the fields in the order of the field table (`generator.data.fields`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from generator.data.fields import SERVICE, Group

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ListingDumper(_Dumper):  # type: ignore[misc,valid-type]
    """PyYAML's safe dumper (libyaml's emitter when there is one) with our scalar style."""


_NUMBERLIKE = re.compile(r"^[0-9+(][0-9 :()+-]*$")
"""Times and phone numbers: quoted, as the editors' guide asks, so that YAML
never reads them as numbers."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _NUMBERLIKE.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar(
            "tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|"
        )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _yes_no(dumper: yaml.SafeDumper, value: bool) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:bool", "yes" if value else "no")


ListingDumper.add_representer(str, _text)
ListingDumper.add_representer(bool, _yes_no)
ListingDumper.add_representer(date, ListingDumper.represent_date)


def in_field_order(listing: dict[str, Any], group: Group = SERVICE) -> dict[str, Any]:
    """The listing with its keys, and those of its groups, in the field table's
    order: the order of the editors' guide and of every other listing."""
    order = {key: index for index, key in enumerate(group.keys)}
    kept: dict[str, Any] = {}
    for key in sorted(listing, key=lambda key: order.get(key, len(order))):
        value, spec = listing[key], group.by_key.get(key)
        if spec is not None and spec.group is not None and spec.kind == "group":
            value = in_field_order(value, spec.group) if isinstance(value, dict) else value
        elif spec is not None and spec.group is not None and spec.kind == "groups":
            inner = spec.group
            value = [in_field_order(i, inner) if isinstance(i, dict) else i for i in value]
        kept[key] = value
    return kept


def listing_text(listing: dict[str, Any], header: str) -> str:
    """One listing as a file of its own: the listing at the top level, as
    `python -m generator split` writes them and the browser editor reads them."""
    body = yaml.dump(
        listing,
        Dumper=ListingDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return "# yaml-language-server: $schema=../../schema/services.schema.json\n" + comments + body
