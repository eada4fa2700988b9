"""Project-wide pytest fixtures."""

import pytest

from madang.districts.models import District


@pytest.fixture
def seoul(db):
    """Seoul, its 25 districts and the seed's program tables."""
    from madang.districts.services import reference_data_load

    reference_data_load()
    return District.objects.get(slug="gangbuk").city


@pytest.fixture
def gangbuk(seoul):
    return District.objects.get(slug="gangbuk")


@pytest.fixture
def mapo(seoul):
    return District.objects.get(slug="mapo")


def pytest_collection_modifyitems(config, items):
    """`postgres` tests run only on PostgreSQL (the second pass of .ci/run)."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (runs in .ci/run)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (rate-limit counters, throttles, cached counts)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
