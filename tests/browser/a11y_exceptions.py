"""Every checker finding the site's tests accept, each with the reason it cannot apply.

This is the only place a finding may be excused. An entry names the tool,
a pattern that matches its message (and, where a message is too broad, the
markup it points at), and why it is not a fault a visitor could meet. Add
an entry only with a reason a reviewer can check; a fault in the theme is
fixed in overrides/ or the CSS, never listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Exception_:
    tool: str  # "axe" (a rule id) or "vnu" (a message)
    pattern: str  # regular expression: the axe rule id, or the vnu message
    reason: str
    extract: str = ""  # vnu only: a pattern the flagged markup must also match


EXCEPTIONS: tuple[Exception_, ...] = (
    Exception_(
        tool="vnu",
        pattern=r"^Resource violates Content Security Policy \(meta tag\): external "
        r"(stylesheet|script) “(?![a-z]+:)[^”]*” blocked by",
        reason="The Nu Html Checker reads the built files from disk (file: addresses), "
        "where the policy's 'self' cannot match the site's own stylesheets and scripts. "
        "Served over HTTP they are the same origin; test_security.py loads every page "
        "type in Chromium and proves no resource is blocked. Only addresses inside the "
        "site (no scheme) are excused.",
    ),
    Exception_(
        tool="vnu",
        pattern=r"^Inline script violates Content Security Policy \(meta tag\)",
        extract=r'<script[^>]*\btype="application/(ld\+)?json"',
        reason="A JSON data block (Material's settings, a service's schema.org JSON-LD) "
        "is never run as a script, so script-src does not apply to it (HTML's "
        "'data block'); the Nu Html Checker warns anyway. Executable inline scripts "
        "are still checked against the policy's hashes.",
    ),
)


def excused_vnu(finding: Any) -> Exception_ | None:
    """The entry that excuses a Nu Html Checker finding, if any."""
    for entry in EXCEPTIONS:
        if entry.tool != "vnu" or not re.search(entry.pattern, finding.message):
            continue
        if entry.extract and not re.search(entry.extract, finding.extract or ""):
            continue
        return entry
    return None


def excused_axe(violation: dict[str, Any]) -> Exception_ | None:
    """The entry that excuses an axe-core rule, if any (there are none)."""
    for entry in EXCEPTIONS:
        if entry.tool == "axe" and re.fullmatch(entry.pattern, violation["id"]):
            return entry
    return None
