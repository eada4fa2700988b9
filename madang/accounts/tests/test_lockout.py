"""Login lock-out: per account from every address, a truthful page, lifted by a password reset."""

import pytest
from django.core import mail
from django.urls import reverse

from madang.accounts.lockout import axes_username, lockout_lift
from madang.accounts.models import User
from madang.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _login(client, email, password, ip):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _fail_from_many_addresses(client, settings, email="kim@example.kr"):
    """AXES_FAILURE_LIMIT wrong guesses spread over three addresses and written in varying case."""
    spellings = [email, email.upper(), email.title()]
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, spellings[number % 3], "wrong-guess", f"10.0.0.{number % 3 + 1}")


def test_guesses_from_three_addresses_lock_the_account_for_a_fourth(client, seoul, settings):
    UserFactory(email="kim@example.kr")
    _fail_from_many_addresses(client, settings)
    response = _login(client, "kim@example.kr", PASSWORD, "10.0.0.4")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "로그인이 잠시 잠겼습니다" in html
    assert f"로그인에 {settings.AXES_FAILURE_LIMIT}번 실패해 잠겼습니다" in html
    assert "마지막 실패 후 1시간 동안 어느 곳에서도 로그인할 수 없습니다" in html
    assert "새 비밀번호를 정하면 잠금이 바로 풀립니다" in html
    assert reverse("accounts:password_reset") in html


def test_the_lock_of_one_account_leaves_others_alone(client, seoul, settings):
    UserFactory(email="kim@example.kr")
    UserFactory(email="lee@example.kr")
    _fail_from_many_addresses(client, settings)
    response = _login(client, "lee@example.kr", PASSWORD, "10.0.0.1")
    assert response.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, seoul, settings):
    UserFactory(email="kim@example.kr")
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "kim@example.kr", "wrong-guess", f"10.0.1.{number}")
    assert _login(client, "kim@example.kr", PASSWORD, "10.0.1.99").status_code == 302


def test_a_password_reset_lifts_the_lock(client, ask_reset, seoul, settings):
    settings.SITE_URL = "http://madang.test"
    UserFactory(email="kim@example.kr")
    _fail_from_many_addresses(client, settings)
    assert _login(client, "kim@example.kr", PASSWORD, "10.0.0.4").status_code == 429

    ask_reset({"email": "kim@example.kr"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_url = client.get(link.removeprefix("http://madang.test"), follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"}
    )
    assert response.status_code == 302
    assert "잠금" in client.get(response["Location"]).content.decode()

    response = _login(client, "kim@example.kr", "brand-new-pass-99", "10.0.0.4")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="kim@example.kr").pk


def test_lockout_lift_and_username_normalisation(seoul, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="kim@example.kr", ip_address="10.0.0.1", user_agent="", failures_since_start=9
    )
    assert lockout_lift(email=" KIM@Example.kr ") == 1
    assert not AccessAttempt.objects.exists()
    assert lockout_lift(email="") == 0
    assert axes_username(None, {"username": " Kim@Example.KR"}) == "kim@example.kr"
    assert axes_username(None, {"username": ["x"]}) is None
