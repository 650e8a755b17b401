"""The Content-Security-Policy the build writes (generator/publish/csp.py), on real builds."""

from __future__ import annotations

import base64
import hashlib
import re

from generator.publish import csp


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
    """Each page allows exactly its own inline scripts; the header allows those
    of every page (browsers apply both, so a page still runs only its own)."""
    project = make_project()
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    header = (site / "_headers").read_text(encoding="utf-8")
    policy = re.search(r"Content-Security-Policy: (.*)\n", header).group(1)
    assert policy.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ")
    assert policy.endswith(
        "; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'"
    )
    everywhere: set[str] = set()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tags = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(tags) == 1, page
        own = csp.script_hashes(html)
        assert tags[0] == csp.policy(own, wasm=True, header=False), page
        everywhere |= own
        assert 'autocomplete="off">' not in html.split("<body", 1)[-1].split("md-header")[0], page
    assert everywhere, "the theme's inline scripts were not found"
    assert policy == csp.policy(everywhere, wasm=True, header=True)
