"""The project's settings file (mkdocs.yml), read as plain data.

Every engine's build reads the same file: the site's name, address and
`extra` settings, the guidance folder and where the data is. Read here
without MkDocs, so `generate`, `finish` and the checks need no engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "localoffer"
DEFAULT_DATA = "data"


def read_settings(project: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, for the commands that run without MkDocs.

    MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:`) load as None:
    the settings we read here never use them.
    """
    text = (project / CONFIG_FILE).read_text(encoding="utf-8")
    settings = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 (safe loader subclass)
    return settings if isinstance(settings, dict) else {}


def plugin_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The options given to our plugin under `plugins:` in mkdocs.yml."""
    for entry in settings.get("plugins") or []:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}


def data_path(project: Path, settings: Mapping[str, Any] | None = None) -> Path:
    """Where the data is: the plugin's `data` option, relative to mkdocs.yml."""
    options = plugin_options(settings if settings is not None else read_settings(project))
    return project / str(options.get("data") or DEFAULT_DATA)


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads unknown tags as None instead of failing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
