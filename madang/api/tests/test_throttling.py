"""API throttles: anonymous and per-account rates, a tighter rate for writes, structured 429s.

config/settings/test.py turns the rates off; these tests turn them on (the classes are always on)."""

import pytest
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(
            SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None, "write": None, **rates}
        )

    return set_rates


def test_throttle_classes_are_enabled_with_rates_in_every_environment():
    from config.settings import base

    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "rest_framework.throttling.AnonRateThrottle" in classes
    assert "rest_framework.throttling.UserRateThrottle" in classes
    assert "madang.api.throttles.WriteRateThrottle" in classes
    assert base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == classes
    assert all(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope] for scope in ("anon", "user", "write"))


def test_anonymous_requests_are_throttled_with_a_structured_429(client, seoul, rates):
    rates(anon="5/min")
    statuses = [client.get("/api/v1/cities/").status_code for _ in range(5)]
    assert statuses == [200] * 5
    response = client.get("/api/v1/districts/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled"
    assert error["message"] == "요청이 너무 많습니다. 잠시 후 다시 시도하세요."
    assert error["retry_after"] > 0
    # another client address has its own allowance
    assert client.get("/api/v1/cities/", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_forwarded_for_cannot_dodge_the_anonymous_throttle(client, seoul, rates):
    rates(anon="2/min")
    for number in range(2):
        client.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR=f"1.1.1.{number}")
    assert client.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR="1.1.1.99").status_code == 429


def test_accounts_are_throttled_per_account(client, gangbuk, rates):
    rates(user="3/min")
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert [client.get("/api/v1/cities/").status_code for _ in range(3)] == [200] * 3
    assert client.get("/api/v1/cities/").status_code == 429
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get("/api/v1/cities/").status_code == 200


def test_writes_have_their_own_tighter_rate(client, gangbuk, rates):
    rates(user="100/min", write="2/min")
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    url = "/api/v1/gangbuk/organisations/"
    first = [client.post(url, {}, content_type="application/json").status_code for _ in range(2)]
    assert 429 not in first
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    # reads are still allowed
    assert client.get(url).status_code == 200
