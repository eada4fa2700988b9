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


# --- the audit kernel: every service writes its audit row in the transaction of its change ------------


def _state() -> dict:
    """Every row of every madang model (the test database is small)."""
    state = {}
    for model in apps.get_models():
        if model.__module__.startswith("madang.") and not model._meta.proxy:
            state[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return state


def assert_audited_in_one_transaction(make_call, *, action: str, object_type: str | None = None):
    """Prove a service audits in the same transaction as its change.

    `make_call()` sets up fresh objects and returns a no-argument callable that runs the service.
    1. With the audit table refusing writes, the service fails and the database is exactly as before:
       no change survives without its audit row.
    2. Run normally, the service writes audit rows with the domain verb `action` (and `object_type`).
    """
    from unittest import mock

    from .models import AuditEntry

    call = make_call()
    before = _state()
    failure = RuntimeError("audit refused for the test")
    with (
        mock.patch.object(AuditEntry, "save", side_effect=failure),
        mock.patch.object(AuditEntry.objects, "bulk_create", side_effect=failure),
    ):
        try:
            call()
        except RuntimeError as exc:
            assert exc is failure, f"unexpected error: {exc!r}"
        else:
            raise AssertionError("the service wrote nothing to the audit log (it should have failed)")
    after = _state()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"written without an audit row (not rolled back): {changed}"

    call = make_call()
    newest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call()
    entries = AuditEntry.objects.filter(pk__gt=newest)
    actions = set(entries.values_list("action", flat=True))
    assert action in actions, f"expected an audit row '{action}', got {sorted(actions)}"
    if object_type is not None:
        types = set(entries.filter(action=action).values_list("object_type", flat=True))
        assert object_type in types, f"expected '{action}' on {object_type}, got {sorted(types)}"


def audit_cases_test(cases: dict):
    """The parametrised test each app's tests/test_audit.py declares from its cases:

    CASES = {"name": (make(district) -> call, "verb", "app.model"), …}
    test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
    """
    import pytest

    @pytest.mark.django_db
    @pytest.mark.parametrize("name", sorted(cases))
    def test_service_audits_in_the_transaction_of_its_change(name, gangbuk):
        make, action, object_type = cases[name]
        assert_audited_in_one_transaction(lambda: make(gangbuk), action=action, object_type=object_type)

    return test_service_audits_in_the_transaction_of_its_change
