"""Test support every app uses: the tenancy walk's registry of district-scoped URLs.

Each app lists, in `madang/<app>/tests/tenancy.py`, how to make an object for each of its URLs that
carry a district and an object id:

    from madang.core.testing import tenancy_url

    @tenancy_url("network:organisation_detail", "api:organisation-detail")
    def organisation(district):
        return {"pk": OrganisationFactory(district=district).pk}

`madang/core/tests/test_tenancy.py` walks every such URL pattern, fails for any that no app
registered, and asserts that another district's object is a 404 through every one of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.apps import apps

TENANCY_URLS: dict[str, Callable] = {}
# URL names whose extra parameter is not a district's object (a city-wide program's slug), with why
TENANCY_EXEMPT: dict[str, str] = {}


# District pages without an object id that list a district's objects: fn(district) -> (marker, query)
TENANCY_LISTS: dict[str, Callable] = {}


def tenancy_exempt(name: str, reason: str) -> None:
    TENANCY_EXEMPT[name] = reason


def tenancy_list(*names: str):
    """Register `fn(district) -> (marker text, query dict)`: a district's object whose marker shows up
    on the named list pages of its own district and must never show up on another district's."""

    def decorator(fn):
        for name in names:
            if name in TENANCY_LISTS:
                raise ValueError(f"tenancy list {name} registered twice")
            TENANCY_LISTS[name] = fn
        return fn

    return decorator


def tenancy_url(*names: str):
    """Register a factory `fn(district) -> URL kwargs` (object ids) for the named URL patterns."""

    def decorator(fn):
        for name in names:
            if name in TENANCY_URLS:
                raise ValueError(f"tenancy URL {name} registered twice")
            TENANCY_URLS[name] = fn
        return fn

    return decorator


def load_tenancy_registrations() -> dict[str, Callable]:
    """Import every installed madang app's `tests/tenancy.py` so its URLs are registered."""
    for config in apps.get_app_configs():
        if not config.name.startswith("madang."):
            continue
        try:
            importlib.import_module(f"{config.name}.tests.tenancy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.tenancy" and exc.name != f"{config.name}.tests":
                raise
    return TENANCY_URLS
