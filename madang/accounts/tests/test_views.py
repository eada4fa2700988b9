import json

import pytest
from django.core import mail
from django.urls import reverse

from madang.accounts.models import Role, RoleAssignment, User
from madang.accounts.tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new@example.kr",
    "display_name": "새주민",
    "password1": "a-long-pass-phrase-7",
    "password2": "a-long-pass-phrase-7",
    "district": "gangbuk",
    "privacy_consent": "on",
}


def test_signup_logs_in_and_makes_resident(client, gangbuk):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/gangbuk/"
    user = User.objects.get(email="new@example.kr")
    assert user.privacy_consent_at is not None
    assert RoleAssignment.objects.filter(user=user, district=gangbuk, role=Role.RESIDENT).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_existing_email_gets_korean_message(client, seoul):
    UserFactory(email="new@example.kr")
    html = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "NEW@example.kr"}).content.decode()
    assert "이미 가입된 이메일입니다." in html
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "이 비밀번호는 너무 짧습니다. 최소 10자 이상이어야 합니다."),
        ("1234567890123", "비밀번호가 전부 숫자로 되어 있습니다"),
        ("password1234", "너무 흔히 사용되는 비밀번호입니다."),
    ],
)
def test_signup_weak_password_gets_korean_message(client, seoul, password, message):
    data = {**SIGNUP, "password1": password, "password2": password}
    html = client.post(reverse("accounts:signup"), data).content.decode()
    assert message in html
    assert not User.objects.exists()


def test_signup_requires_consent_and_matching_passwords(client, seoul):
    data = {**SIGNUP, "password2": "something-else-99"}
    data.pop("privacy_consent")
    html = client.post(reverse("accounts:signup"), data).content.decode()
    assert "개인정보 수집·이용에 동의해야 가입할 수 있습니다." in html
    assert "두 비밀번호가 같지 않습니다." in html
    assert not User.objects.exists()


def test_signup_unknown_district_is_rejected(client, seoul):
    html = client.post(reverse("accounts:signup"), {**SIGNUP, "district": "atlantis"}).content.decode()
    assert "올바르게 선택해 주세요" in html
    assert not User.objects.exists()


def test_login_and_logout(client, seoul):
    user = UserFactory(email="kim@example.kr")
    response = client.post(reverse("accounts:login"), {"username": "KIM@example.kr", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_login_wrong_password_korean_message(client, seoul):
    UserFactory(email="kim@example.kr")
    html = client.post(
        reverse("accounts:login"), {"username": "kim@example.kr", "password": "nope"}
    ).content.decode()
    assert "이메일 또는 비밀번호가 맞지 않습니다." in html


def test_login_locks_out_after_repeated_failures(client, seoul, settings):
    UserFactory(email="kim@example.kr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "kim@example.kr", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "kim@example.kr", "password": PASSWORD})
    assert response.status_code == 429
    assert "로그인이 잠시 잠겼습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_with_working_link(client, seoul):
    UserFactory(email="kim@example.kr")
    client.post(reverse("accounts:password_reset"), {"email": "kim@example.kr"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="kim@example.kr").check_password("brand-new-pass-99")


def test_profile_edit_and_export(client, gangbuk):
    user = user_with_role(Role.RESIDENT, gangbuk, email="me@example.kr")
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"display_name": "바뀐 이름"})
    user.refresh_from_db()
    assert user.display_name == "바뀐 이름"
    response = client.get(reverse("accounts:export"))
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.kr"
    assert response["Content-Disposition"].startswith("attachment")


def test_account_deletion_needs_password(client, gangbuk):
    user = user_with_role(Role.RESIDENT, gangbuk)
    client.force_login(user)
    html = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"}).content.decode()
    assert "비밀번호가 맞지 않습니다." in html
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not RoleAssignment.objects.exists()


def test_profile_requires_login(client, seoul):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_notifications_page_lists_and_marks_read(client, gangbuk):
    from django.db import transaction

    from madang.core.models import Notification
    from madang.core.services import notify

    user = user_with_role(Role.RESIDENT, gangbuk)
    with transaction.atomic():
        notify(user=user, district=gangbuk, message="가입이 승인되었습니다.", url="/gangbuk/network/")
    notify(user=UserFactory(), message="남의 알림")
    client.force_login(user)
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "가입이 승인되었습니다." in html and "남의 알림" not in html
    assert "읽지 않은 알림 1개" in html
    client.post(reverse("accounts:notifications"))
    assert Notification.objects.get(user=user).read_at is not None
