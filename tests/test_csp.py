"""The Content-Security-Policy the build writes (generator/csp.py), on real builds."""

from __future__ import annotations

import base64
import hashlib
import re

from generator import csp


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_runnable_inline_scripts_outside_the_page_body_are_hashed():
    html = (
        '<html><head><meta charset="utf-8"><script>var a=1</script>'
        '<script src="x.js"></script><script type="application/json">{"a": 1}</script>'
        "</head><body><article><script>window.__pwned=1</script></article>"
        '<script type="module">import "./y.js"</script></body></html>'
    )
    assert csp.script_hashes(html) == {sha("var a=1"), sha('import "./y.js"')}


def test_a_built_site_has_the_policy_in_every_page_and_in_headers(make_project, build):
    project = make_project()
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    header = (site / "_headers").read_text(encoding="utf-8")
    policy = re.search(r"Content-Security-Policy: (.*)\n", header).group(1)
    assert policy.startswith("default-src 'self'; script-src 'self' ")
    assert policy.endswith(
        "; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'"
    )
    in_page = policy.removesuffix("; frame-ancestors 'none'")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{in_page}">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count(tag) == 1, page
        assert csp.script_hashes(html) <= set(policy.split("; ")[1].split()[2:]), page
        assert 'autocomplete="off">' not in html.split("<body", 1)[-1].split("md-header")[0], page
