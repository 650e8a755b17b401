"""Draft listings -> YAML text in the house style, holding only fields this version knows.

The text is what editors see in their pull request, so it looks like a file
they wrote: `services:` with the listing indented under it, yes/no for
yes/no, block text for descriptions, quotes only where YAML needs them. A
key the field table (`generator.data.fields`) does not have yet is left out
and named in the report, so what is written always passes the check.
"""

from __future__ import annotations

import re
import textwrap
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


WHOLE = frozenset({"schedule"})
"""Lists whose items are left out whole when a part is unknown: a session without its
`weeks` or `dates` would say something else ("every Tuesday")."""


def known_fields(
    listing: dict[str, Any], group: Group = SERVICE, prefix: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """The listing with only the keys the field table has, and the keys left out."""
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    if group is SERVICE and "areas" in listing and "areas" not in SERVICE.by_key:
        # Until listings have `areas`, several areas are written on the one line of `area`.
        listing = {**listing, "area": "; ".join(listing["areas"])}
        listing = {k: v for k, v in listing.items() if k != "areas"}
    for key, value in listing.items():
        spec = group.by_key.get(key)
        if spec is None:
            dropped.append(prefix + key)
        elif spec.kind == "group" and spec.group is not None and isinstance(value, dict):
            kept[key], more = known_fields(value, spec.group, f"{prefix}{key}.")
            dropped += more
        elif spec.kind == "groups" and spec.group is not None and isinstance(value, list):
            items = []
            for item in value:
                inner, more = known_fields(item, spec.group, f"{prefix}{key}[].")
                dropped += more
                if more and key in WHOLE:
                    continue
                items.append(inner)
            if items:
                kept[key] = items
        else:
            kept[key] = value
    order = {key: index for index, key in enumerate(group.keys)}
    kept = dict(sorted(kept.items(), key=lambda item: order[item[0]]))
    return kept, list(dict.fromkeys(dropped))


def listing_text(listing: dict[str, Any], header: str) -> str:
    """One listing as a services file of its own."""
    body = yaml.dump(
        [listing],
        Dumper=ListingDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return (
        "# yaml-language-server: $schema=../../schema/services.schema.json\n"
        + comments
        + "services:\n"
        + textwrap.indent(body, "  ")
    )
