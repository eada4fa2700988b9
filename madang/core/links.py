"""Absolute links for e-mails and anything read outside the site (SITE_URL setting)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/gangbuk/network/") on the site's address (settings.SITE_URL, e.g.
    "https://madang.example.kr"); an absolute http(s) URL comes back unchanged, "" stays ""."""
    if not path:
        return ""
    if urlsplit(path).scheme in {"http", "https"}:
        return path
    base = settings.SITE_URL.rstrip("/")
    return f"{base}/{path.lstrip('/')}"
