"""QR codes made ahead on the second core, and kept between builds.

Both exist only for speed (QR codes were a third of a 10,000-page build), so
what they must never do is change a page: every code is exactly the one
`qr_svg` makes, and a cache file someone tampered with adds no markup.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.publish import qr

SITE = "https://localoffer.example.org/services/"


def _urls(count: int) -> list[str]:
    return [f"{SITE}service-number-{number}/" for number in range(count)]


def test_codes_made_ahead_are_the_codes_qr_svg_makes() -> None:
    urls = _urls(120)  # three batches of 40: the worker starts
    ahead = qr.Prefetch(urls, batch=40)
    try:
        made = [ahead.svg(url) for url in urls]
    finally:
        ahead.close()
    assert made == [qr.qr_svg(url) for url in urls]


def test_asking_out_of_order_still_gives_each_page_its_own_code() -> None:
    urls = _urls(100)
    ahead = qr.Prefetch(urls, batch=20)
    try:
        asked = [*reversed(urls[50:]), *urls[:50], "https://localoffer.example.org/other/"]
        made = {url: ahead.svg(url) for url in asked}
    finally:
        ahead.close()
    assert made == {url: qr.qr_svg(url) for url in asked}


def test_known_codes_are_used_and_new_ones_added() -> None:
    urls = _urls(3)
    known = {urls[0]: qr.qr_svg(urls[0])}
    ahead = qr.Prefetch(urls, known=known)
    assert [ahead.svg(url) for url in urls] == [qr.qr_svg(url) for url in urls]
    ahead.close()
    assert set(known) == set(urls)


def test_the_cache_keeps_codes_between_builds(tmp_path: Path) -> None:
    codes = {url: qr.qr_svg(url) for url in [*_urls(3), 'https://example.org/?a=1&b="<x>"']}
    qr.write_cache(tmp_path / ".cache", codes)
    assert qr.read_cache(tmp_path / ".cache") == codes


def test_a_tampered_cache_entry_is_dropped(tmp_path: Path) -> None:
    urls = _urls(3)
    qr.write_cache(tmp_path, {url: qr.qr_svg(url) for url in urls})
    cached = json.loads((tmp_path / qr.CACHE_FILE).read_text(encoding="utf-8"))
    codes = cached["codes"]
    codes[urls[0]] = codes[urls[0]].replace(' d="M', ' d="M2"/><script>alert(1)</script><path d="M')
    codes[urls[1]] = codes[urls[2]]  # another page's code under this address
    codes["https://localoffer.example.org/new/"] = "<svg onload=alert(1)></svg>"
    (tmp_path / qr.CACHE_FILE).write_text(json.dumps(cached), encoding="utf-8")
    assert qr.read_cache(tmp_path) == {urls[2]: qr.qr_svg(urls[2])}


def test_a_cache_from_other_settings_or_unreadable_is_ignored(tmp_path: Path) -> None:
    assert qr.read_cache(tmp_path) == {}
    (tmp_path / qr.CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert qr.read_cache(tmp_path) == {}
    url = _urls(1)[0]
    other = {"format": "segno 0.0, error h", "codes": {url: qr.qr_svg(url)}}
    (tmp_path / qr.CACHE_FILE).write_text(json.dumps(other), encoding="utf-8")
    assert qr.read_cache(tmp_path) == {}
