"""What search costs a visitor, in bytes and time, against two baselines.

For each size (1,000 and 10,000 synthetic services from make_services.py)
this builds the site in a temporary project (the repository's mkdocs.yml,
content/ and overrides/, the synthetic data), serves it on 127.0.0.1 with
gzip (as any real host does), and measures in headless Chromium, counting
the compressed bytes the local server sent (so a web worker's fetches count):

- service page: one service page loaded (and how many /pagefind/ requests);
- ours, query + filter: on the search page, a query with one filter
  submitted: bytes until the results, and the filter counts where the site
  shows them, are in; and the time from the submit to the first result
  card, timed in the page;
- ours, near me: the extra bytes of then sorting by a postcode district;
- stock Pagefind: the same site indexed by plain `pagefind --site` and
  searched through its default UI (same query and filter);
- Material search: the site built with Material's built-in `search` plugin
  instead: what one service page load transfers (its whole index);
- slow connection (`--slow`): the search page opened at a searching address
  over an emulated 400 kbps link with 400 ms latency, cold cache then warm,
  served compressed as a host would: the time from the start of the
  navigation to the first result, and whether the page ever said that
  JavaScript is off. Target: under 6 s cold on the sample.

    python benchmarks/search_weight.py                    # 1,000 and 10,000
    python benchmarks/search_weight.py --counts 1000 --no-write
    python benchmarks/search_weight.py --site site/       # ours only, a built site
    python benchmarks/search_weight.py --site site/ --slow  # and the slow connection
    python benchmarks/search_weight.py --site site/ --slow --waterfall  # with every request

Both sizes take 6 to 7 minutes on 2 cores (Material's build of 10,000
alone about 2 minutes): run it in the background. It rewrites the
"## Search" section of docs/performance.md (up to the next "## " heading).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from build_speed import machine, write_doc  # noqa: E402
from chromium import chromium  # noqa: E402

from generator.mkdocs import engine  # noqa: E402

QUERY = "speech"
FILTER = ("theme", "education")
DISTRICT = "HB3"
EPOCH = int(datetime(2026, 11, 23, tzinfo=UTC).timestamp())  # make_services.REFERENCE_DATE
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")

STOCK_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stock Pagefind</title>
<link rel="stylesheet" href="/pagefind-stock/pagefind-ui.css">
<script src="/pagefind-stock/pagefind-ui.js"></script>
<script src="stock.js"></script></head>
<body><div id="search"></div></body></html>
"""
STOCK_JS = """window.addEventListener("DOMContentLoaded", () => {
  window.loStock = new PagefindUI({ element: "#search", bundlePath: "/pagefind-stock/" });
});
"""


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser asks (as a real host serves them)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not gzip_ok or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        SENT.append((self.path, len(data)))
        outputfile.write(data)

    def guess_type(self, path: Any) -> str:
        if str(path).endswith(".wasm"):
            return "application/wasm"
        return str(super().guess_type(path))


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SENT: list[tuple[str, int]] = []
"""(path, body bytes) of every response the local server sent, compressed where
gzipped. Counted at the server, so fetches from web workers (which a page's
DevTools session does not see) count too."""


class Meter:
    """The bytes the server sent since a mark (each page gets a fresh browser
    context, so nothing comes from a cache)."""

    def __init__(self) -> None:
        self.start = len(SENT)

    def mark(self) -> int:
        return len(SENT)

    def since(self, mark: int) -> int:
        return sum(size for _path, size in SENT[max(mark, self.start) :])

    def urls_since(self, mark: int) -> list[str]:
        return [path for path, _size in SENT[max(mark, self.start) :]]


def make_project(folder: Path, count: int, *, material_search: bool) -> Path:
    folder.mkdir(parents=True)
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if material_search:
        settings["plugins"] = ["search", *settings["plugins"]]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    subprocess.run(
        [sys.executable, str(HERE / "make_services.py"), "--count", str(count)]
        + ["--out", str(folder / "data")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def build_project(project: Path) -> tuple[Path, float]:
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    started = time.perf_counter()
    # Not strict: the sample guidance links to a sample service the synthetic data lacks.
    with open(os.devnull, "w") as quiet, redirect_stderr(quiet):
        site = engine.build_site(project, project / "site", strict=False)
    return site, time.perf_counter() - started


def log(text: str) -> None:
    """A progress line, so a long run shows where it is."""
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def first_service(site: Path) -> str:
    return sorted(p.parent.name for p in (site / "services").glob("*/index.html"))[0]


def wait_idle(page: Page) -> None:
    page.wait_for_load_state("networkidle")


FIRST_RESULT_TIMER = """([list, item]) => {
  // Times in the page itself (no round trip to Playwright): from the submit
  // event (or now, for stock Pagefind's API call) to the first result card.
  window.loT0 = performance.now();
  document.addEventListener("submit", () => { window.loT0 = performance.now(); }, true);
  new MutationObserver((changes, observer) => {
    if (document.querySelector(item)) { window.loT1 = performance.now(); observer.disconnect(); }
  }).observe(document.body, { childList: true, subtree: true });
}"""


def first_result_s(page: Page, item: str) -> float:
    page.wait_for_selector(item)
    page.wait_for_function("window.loT1 !== undefined")
    return float(page.evaluate("(window.loT1 - window.loT0) / 1000"))


def measure_ours(browser: Any, site: Path) -> dict[str, Any]:
    """Service page, first filtered query, near me: on our site."""
    row: dict[str, Any] = {}
    with serving(site) as url:
        page = browser.new_context(bypass_csp=True).new_page()
        meter = Meter()
        page.goto(url + f"services/{first_service(site)}/")
        wait_idle(page)
        row["service_kb"] = meter.since(0) / 1000
        row["service_pagefind_requests"] = sum("/pagefind" in u for u in meter.urls_since(0))

        page = browser.new_context(bypass_csp=True).new_page()
        meter = Meter()
        page.goto(url + "search/")
        wait_idle(page)
        row["search_page_kb"] = meter.since(0) / 1000
        start = meter.mark()
        page.evaluate(FIRST_RESULT_TIMER, [".lo-search__list", ".lo-search__list .lo-result"])
        page.fill("#lo-search-q", QUERY)  # focusing the box starts loading Pagefind
        page.evaluate(
            "([name, value]) => { document.querySelector("
            "`.lo-filter input[name='${name}'][value='${value}']`).checked = true; }",
            list(FILTER),
        )
        page.click(".lo-search__bar button[type=submit]")
        row["first_result_s"] = first_result_s(page, ".lo-search__list .lo-result")
        # Filter counts, when the site shows them, load after the first result.
        wait_idle(page)
        row["query_kb"] = meter.since(start) / 1000
        row["counts_shown"] = page.inner_text(".lo-filter__count >> nth=0") != ""
        row["query_files"] = [f"{p} {n}" for p, n in SENT[start:]]
        row["results"] = page.inner_text(".lo-search__status")
        start = meter.mark()
        page.fill("#lo-search-near", DISTRICT)
        page.click(".lo-search__near button[type=submit]")
        page.wait_for_function(
            "document.querySelector('.lo-search__status').textContent.includes('nearest')"
        )
        wait_idle(page)
        row["near_kb"] = meter.since(start) / 1000
        row["near_files"] = [f"{p} {n}" for p, n in SENT[start:]]
    return row


SLOW = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
"""400 kbps both ways with 400 ms latency, as Chrome DevTools emulates it."""

SLOW_WATCH = """() => {
  // From the start of the navigation: when the first result card appears,
  // and whether the no-JavaScript words were ever shown.
  window.loSlow = { nojs: false };
  new MutationObserver(() => {
    const nojs = document.querySelector(".lo-search__nojs");
    if (nojs && nojs.offsetParent !== null) window.loSlow.nojs = true;
    if (document.querySelector(".lo-search__list .lo-result") && !window.loSlow.first) {
      window.loSlow.first = performance.now();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}"""


class Waterfall:
    """Every request of a page as DevTools sees it (over the emulated link): when it
    started and ended after the navigation began, and its bytes on the wire."""

    def __init__(self, cdp: Any) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"].split("/", 3)[-1]
        self.rows[event["requestId"]] = {"url": url, "start": event["timestamp"], "end": None}

    def _finished(self, event: dict[str, Any]) -> None:
        if row := self.rows.get(event["requestId"]):
            row["end"] = event["timestamp"]
            row["bytes"] = event["encodedDataLength"]

    def clear(self) -> None:
        self.rows.clear()

    def lines(self, first_result_s: float) -> list[str]:
        rows = sorted(self.rows.values(), key=lambda r: r["start"])
        if not rows:
            return []
        zero = rows[0]["start"]
        lines = []
        for r in rows:
            end = f"{r['end'] - zero:5.2f}" if r["end"] else "  ..."
            size = f"{r.get('bytes', 0) / 1000:6.1f} KB"
            before = "*" if r["end"] and r["end"] - zero <= first_result_s else " "
            lines.append(f"{before} {r['start'] - zero:5.2f} -> {end} s {size}  /{r['url']}")
        lines.append(f"  first result at {first_result_s:.2f} s (* = ended before it)")
        return lines


def measure_slow(browser: Any, site: Path, *, waterfall: bool = False) -> dict[str, Any]:
    """The first result over a slow link: cold cache, then warm (the same context)."""
    row: dict[str, Any] = {}
    with serving(site) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
        context.add_init_script(f"({SLOW_WATCH})()")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        requests = Waterfall(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW)
        for cache in ("cold", "warm"):
            requests.clear()
            meter = Meter()
            page.goto(url + f"search/?q={QUERY}", wait_until="commit", timeout=120_000)
            page.wait_for_function("window.loSlow && window.loSlow.first", timeout=120_000)
            seen = page.evaluate("window.loSlow")
            row[f"slow_{cache}_first_result_s"] = seen["first"] / 1000
            row[f"slow_{cache}_nojs_shown"] = seen["nojs"]
            wait_idle(page)
            row[f"slow_{cache}_kb"] = meter.since(0) / 1000
            if waterfall:
                print(f"{cache} cache:", *requests.lines(seen["first"] / 1000), sep="\n")
        context.close()
    return row


def measure_stock(browser: Any, site: Path) -> dict[str, Any]:
    """The same query and filter through stock Pagefind and its default UI."""
    row: dict[str, Any] = {}
    with serving(site) as url:
        page = browser.new_context(bypass_csp=True).new_page()
        meter = Meter()
        page.goto(url + "stock/")
        wait_idle(page)
        start = meter.mark()
        page.evaluate(FIRST_RESULT_TIMER, ["#search", ".pagefind-ui__result"])
        page.evaluate(
            "([q, name, value]) => { loStock.triggerFilters({[name]: [value]});"
            " loStock.triggerSearch(q); }",
            [QUERY, *FILTER],
        )
        row["stock_first_result_s"] = first_result_s(page, ".pagefind-ui__result")
        wait_idle(page)
        row["stock_query_kb"] = meter.since(start) / 1000
        row["stock_total_kb"] = meter.since(0) / 1000
    return row


def measure_material(browser: Any, site: Path) -> dict[str, Any]:
    """One service page of the site built with Material's built-in search."""
    with serving(site) as url:
        page = browser.new_context(bypass_csp=True).new_page()
        meter = Meter()
        page.goto(url + f"services/{first_service(site)}/")
        wait_idle(page)
        page.wait_for_timeout(500)
        wait_idle(page)
        return {"material_service_kb": meter.since(0) / 1000}


def measure(count: int, work: Path) -> dict[str, Any]:
    row: dict[str, Any] = {"count": count}
    log(f"{count}: building ours")
    ours = make_project(work / f"ours-{count}", count, material_search=False)
    site, row["build_s"] = build_project(ours)
    pagefind_size = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    row["index_mb"] = pagefind_size / 1e6
    log(f"{count}: built in {row['build_s']:.0f} s; stock Pagefind index")
    # Stock Pagefind over the same pages, with its default UI.
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)]
        + ["--output-subdir", "pagefind-stock", "--quiet"],
        check=True,
    )
    (site / "stock").mkdir()
    (site / "stock" / "index.html").write_text(STOCK_HTML, "utf-8")
    (site / "stock" / "stock.js").write_text(STOCK_JS, "utf-8")

    log(f"{count}: building with Material search")
    material = make_project(work / f"material-{count}", count, material_search=True)
    material_site, row["material_build_s"] = build_project(material)
    log(f"{count}: built in {row['material_build_s']:.0f} s; measuring in Chromium")
    with chromium() as browser:
        row["chromium"] = browser.version
        row |= measure_ours(browser, site)
        row |= measure_stock(browser, site)
        row |= measure_material(browser, material_site)
    shutil.rmtree(ours, ignore_errors=True)
    shutil.rmtree(material, ignore_errors=True)
    return row


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| Services | Service page load (search requests) | Search page load "
        "| Ours: first query + 1 filter | Ours: first result | Near me: extra "
        "| Stock Pagefind: query + 1 filter (with its UI) | Stock: first result "
        "| Material search: service page load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        counts = "with filter counts" if r["counts_shown"] else "no filter counts"
        lines.append(
            f"| {r['count']:,} | {r['service_kb']:.1f} KB ({r['service_pagefind_requests']}) "
            f"| {r['search_page_kb']:.1f} KB | {r['query_kb']:.1f} KB ({counts}) "
            f"| {r['first_result_s']:.2f} s | {r['near_kb']:.1f} KB "
            f"| {r['stock_query_kb']:.1f} KB ({r['stock_total_kb']:.1f} KB) "
            f"| {r['stock_first_result_s']:.2f} s | {r['material_service_kb']:.1f} KB |"
        )
    return "\n".join(lines)


def section(rows: list[dict[str, Any]], command: str) -> str:
    """The body of the "Search" section of docs/performance.md (the next section, written by
    hand, says what the figures mean)."""
    about = (
        "Measured by `benchmarks/search_weight.py`: synthetic listings from "
        "`benchmarks/make_services.py`, served on 127.0.0.1 with gzip, headless Chromium, "
        "compressed bytes as the server sent them (web workers' fetches included). "
        f'Query "{QUERY}" with the filter {FILTER[0]} = {FILTER[1]}, typed and submitted '
        "on the search page; first result is the time from the submit event to the first "
        "result card, timed in the page. Near me then sorts the same results by the "
        f"postcode district {DISTRICT}. Stock Pagefind: the same pages indexed by plain "
        "`pagefind --site`, the same query and filter through its default UI (in brackets: "
        "with the UI's own files). Material search: one service page of the same site built "
        "with Material's built-in search plugin, which fetches its whole index on every "
        "page."
    )
    browser = f"Chromium {rows[0]['chromium']}"
    where = f"Machine: {machine(browser)}."
    return (
        f"{textwrap.fill(about, 76)}\n\n    {command}\n\n{table(rows)}\n\n"
        f"{textwrap.fill(where, 76)}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument(
        "--site", type=Path, help="only measure our search on this built site (no baselines)"
    )
    parser.add_argument("--slow", action="store_true", help="with --site: the slow connection too")
    parser.add_argument(
        "--waterfall", action="store_true", help="with --slow: list every request, start and end"
    )
    args = parser.parse_args(argv)
    if args.site:
        with chromium() as browser:
            print(measure_ours(browser, args.site), flush=True)
            if args.slow:
                print(measure_slow(browser, args.site, waterfall=args.waterfall), flush=True)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-weight-") as work:
        for count in args.counts:
            row = measure(count, Path(work))
            print(row, flush=True)
            rows.append(row)
    command = "python benchmarks/search_weight.py --counts " + " ".join(map(str, args.counts))
    text = section(rows, command)
    print(text)
    if not args.no_write:
        write_doc(text, "## Search")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
