"""How long an editor waits, under `make serve`, to see an edited listing.

Makes a temporary project with 1,000 services (as `build_speed.py` does),
starts `python -m generator serve` on a free port, opens one service page in
headless Chromium, then changes that listing's name in the YAML and times
how long until the open page shows the new name (MkDocs notices the change,
rebuilds, and its live reload reloads the page). Target: under 5 seconds.

    python benchmarks/serve_reload.py                  # 1,000 services, 3 edits
    python benchmarks/serve_reload.py --count 5000 --edits 5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_speed import make_our_project  # noqa: E402
from chromium import chromium  # noqa: E402

_LISTING = re.compile(r"^  - id: (?P<id>[a-z0-9-]+)\n    name: (?P<name>[^\n]+)$", re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, timeout: float) -> float:
    """Seconds until `url` answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the project in this folder and keep it")
    args = parser.parse_args(argv)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="serve-reload-"))
    project = workdir / f"serve-{args.count}"
    shutil.rmtree(project, ignore_errors=True)
    make_our_project(project, args.count)
    services = project / "data" / "services.yaml"
    listing = _LISTING.search(services.read_text(encoding="utf-8"))
    assert listing is not None, "no listing found in the synthetic data"
    service_id, name = listing["id"], listing["name"]

    port = free_port()
    root = f"http://127.0.0.1:{port}/"
    log = (workdir / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--project",
            str(project),
            "--address",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    reloads: list[float] = []
    try:
        first = wait_for(root, timeout=600)
        print(f"{args.count:,} services: first build served after {first:.1f} s", flush=True)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{root}services/{service_id}/")
            assert name in page.inner_text("h1"), page.inner_text("h1")
            for number in range(1, args.edits + 1):
                new_name = f"{name} edit {number}"
                text = services.read_text(encoding="utf-8")
                text = text.replace(f"    name: {name}\n", f"    name: {new_name}\n", 1)
                started = time.perf_counter()
                services.write_text(text, encoding="utf-8")
                page.wait_for_function(
                    "name => document.querySelector('h1') && "
                    "document.querySelector('h1').textContent.includes(name)",
                    arg=new_name,
                    timeout=120_000,
                    polling=50,
                )
                reloads.append(time.perf_counter() - started)
                print(
                    f"  edit {number}: the page showed the new name after {reloads[-1]:.1f} s",
                    flush=True,
                )
                name = new_name
                time.sleep(2)  # let the server settle before the next edit
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"Median reload after an edit: {statistics.median(reloads):.1f} s "
        f"({len(reloads)} edits, {args.count:,} services)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
