"""The public addresses of pages, the links professionals print and keep."""

from __future__ import annotations


def page_url(site_url: str, service_id: str) -> str:
    """The public address of a service's page, the one link that never breaks."""
    return f"{site_url.rstrip('/')}/services/{service_id}/"
