"""MkDocs run as a subprocess: `build` into a folder swapped in on success, and `serve`.

This module does not import mkdocs: it runs `python -m mkdocs`, whose plugin
(`generator.mkdocs.plugin`) calls the core. A failed or interrupted MkDocs
build leaves its output half-written, and a council must never publish that,
so the build goes into a temporary folder that replaces the site only on
success.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

from generator.data import clock
from generator.data.settings import CONFIG_FILE, data_path, read_settings


class BuildFailed(Exception):
    """MkDocs stopped with an error; its own messages have already been shown."""

    def __init__(self, returncode: int) -> None:
        super().__init__(f"the site build stopped with exit code {returncode}")
        self.returncode = returncode



def build_site(project: Path, out: Path, *, strict: bool = True) -> Path:
    """Build the site into `out`, replacing what was there only on success.

    MkDocs writes into a temporary folder beside `out`; on success the old
    site is renamed away, the new one renamed in, and the old one deleted.
    Raises `BuildFailed` (and leaves `out` untouched) when MkDocs fails.
    Returns `out`.
    """
    # Absolute: MkDocs runs in `project`, so a relative `--project` would point nowhere.
    project, out = project.resolve(), out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        command = [sys.executable, "-m", "mkdocs", "build"]
        if strict:
            command.append("--strict")
        command += ["--config-file", str(project / CONFIG_FILE), "--site-dir", str(staging)]
        returncode = _run_showing_problems(command, cwd=project, env=_build_env(project))
        if returncode != 0:
            raise BuildFailed(returncode)
        _swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def serve(project: Path, *, address: str = "127.0.0.1:8000") -> NoReturn:
    """Preview with live reload until interrupted: this process becomes
    `mkdocs serve`, so Ctrl+C and a terminating signal reach it directly.

    `data/` and the theme overrides are watched as well as `content/`, so
    an edit to a listing or a template rebuilds. The preview dates pages by
    the wall clock, not the last commit: it shows the edits being made,
    which are newer than any commit. Not `--dirty`: it would keep serving
    the page of a service just unpublished (service pages are cheap to
    redraw: the plugin fills them into a shell of the theme's chrome).
    """
    project = project.resolve()
    settings = read_settings(project)
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(project / CONFIG_FILE),
        "--dev-addr",
        address,
        "--watch",
        str(data_path(project, settings)),
    ]
    # The theme overrides, so an edit to a template shows too. Not
    # `--watch-theme`: MkDocs polls what it watches every half second, and
    # that would add mkdocs-material's 14,000 files to every poll.
    custom_dir = (settings.get("theme") or {}).get("custom_dir")
    if isinstance(custom_dir, str) and (project / custom_dir).is_dir():
        command += ["--watch", str(project / custom_dir)]
    os.chdir(project)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)


QUIET_ABORT = "LOCALOFFER_QUIET_ABORT"
"""Set for MkDocs run by `build_site`: bad data ends MkDocs with exit code 1
and the check's report alone."""


def _build_env(project: Path) -> dict[str, str]:
    """The subprocess environment: the build's date fixed for every step,
    so MkDocs' sitemap and our pages agree and two builds match byte for byte."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(clock.build_epoch(project))
    # Material's end-of-life notice is for maintainers (see docs), not for
    # the editor running every build.
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The plugin's report of bad data is all the editor needs: this command
    # then says "The site was not built." itself, so MkDocs need not say so too.
    env[QUIET_ABORT] = "1"
    return env


def _run_showing_problems(command: list[str], *, cwd: Path, env: dict[str, str]) -> int:
    """Run MkDocs, passing on its warnings and errors but not its INFO lines
    (which name the temporary folder and would only confuse).

    Not `mkdocs --quiet`: that also stops strict mode from counting warnings,
    so a broken link would no longer fail the build.
    """
    with subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True) as run:
        assert run.stderr is not None
        for line in run.stderr:
            if not line.startswith("INFO"):
                sys.stderr.write(line)
        return run.wait()


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so `out` is never half-written."""
    old: Path | None = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-build-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

