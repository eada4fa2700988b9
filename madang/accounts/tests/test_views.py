import json
import re

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


def _link(message, marker):
    line = next(line for line in message.body.splitlines() if marker in line)
    assert line.startswith("http://madang.test/")
    return line.removeprefix("http://madang.test")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://madang.test"


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """POST the sign-up form and run what waits for the commit (the e-mail task)."""

    def post(data=SIGNUP, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:signup"), data, **extra)

    return post


def test_signup_mails_a_link_that_activates_logs_in_and_makes_resident(client, signup, gangbuk):
    response = signup(SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert "확인 메일을 보냈습니다" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="new@example.kr")
    assert user.privacy_consent_at is not None
    assert not user.is_active  # not before the owner of the address confirms
    assert "_auth_user_id" not in client.session
    assert (
        client.post(
            reverse("accounts:login"), {"username": SIGNUP["email"], "password": SIGNUP["password1"]}
        ).status_code
        == 200
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.kr"]
    path = _link(mail.outbox[0], "/accounts/activate/")
    assert "가입 마치기" in client.get(path).content.decode()  # a GET (mail scanners) confirms nothing
    assert not User.objects.get(pk=user.pk).is_active
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/gangbuk/"
    user.refresh_from_db()
    assert user.is_active
    assert RoleAssignment.objects.filter(user=user, district=gangbuk, role=Role.RESIDENT).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    # the link works once
    assert client.post(path).status_code == 400


def test_signup_existing_email_answers_the_same_and_mails_the_owner(client, signup, seoul):
    UserFactory(email="new@example.kr")
    response = signup({**SIGNUP, "email": "NEW@example.kr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    html = client.get(response["Location"]).content.decode()
    assert "이미 가입" not in html.split("이미 가입한 주소라면")[0]
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert "이미 가입된 계정이 있습니다" in mail.outbox[0].subject
    path = _link(mail.outbox[0], "/accounts/reset/")
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"})
    assert User.objects.get(email="new@example.kr").check_password("brand-new-pass-99")


def test_signup_new_and_existing_addresses_get_identical_answers(client, signup, seoul):
    UserFactory(email="taken@example.kr")
    answers = []
    for email in ("taken@example.kr", "free@example.kr"):
        response = signup({**SIGNUP, "email": email})
        page = client.get(response["Location"]).content.decode().replace(email, "EMAIL")
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
        answers.append((response.status_code, response["Location"], page))
    assert answers[0] == answers[1]


def test_signup_again_before_confirming_resends_the_link(client, signup, seoul):
    signup(SIGNUP)
    signup(SIGNUP)
    assert len(mail.outbox) == 2
    assert all("/accounts/activate/" in m.body for m in mail.outbox)
    assert User.objects.count() == 1


def test_signup_never_reactivates_a_deactivated_account(client, signup, seoul):
    from django.utils import timezone

    UserFactory(email="new@example.kr", is_active=False, last_login=timezone.now())
    signup(SIGNUP)
    assert "/accounts/activate/" not in mail.outbox[0].body
    assert not User.objects.get(email="new@example.kr").is_active


def test_activation_link_with_a_wrong_token_is_refused(client, signup, seoul):
    signup(SIGNUP)
    path = _link(mail.outbox[0], "/accounts/activate/")
    bad = path.rstrip("/").rsplit("/", 1)[0] + "/abc-123/"
    assert client.post(bad).status_code == 400
    assert client.post("/accounts/activate/%00/x/").status_code == 400
    assert not User.objects.get(email="new@example.kr").is_active


def test_signup_mails_are_limited_per_address_and_per_client(client, signup, seoul, settings):
    settings.MAIL_RATE_LIMITS = {"per_address": 2, "per_ip": 3, "period": 3600}
    UserFactory(email="taken@example.kr")
    for _ in range(2):
        assert signup({**SIGNUP, "email": "taken@example.kr"}).status_code == 302
    response = signup({**SIGNUP, "email": "taken@example.kr"})
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert len(mail.outbox) == 2
    # the client's fourth request is refused whatever the address
    response = signup({**SIGNUP, "email": "other@example.kr"})
    assert response.status_code == 429
    assert not User.objects.filter(email="other@example.kr").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "이 비밀번호는 너무 짧습니다. 최소 10자 이상이어야 합니다."),
        ("1234567890123", "비밀번호가 전부 숫자로 되어 있습니다"),
        ("password1234", "너무 흔히 사용되는 비밀번호입니다."),
    ],
)
def test_signup_weak_password_gets_korean_message(client, signup, seoul, password, message):
    data = {**SIGNUP, "password1": password, "password2": password}
    html = signup(data).content.decode()
    assert message in html
    assert not User.objects.exists()


def test_signup_requires_consent_and_matching_passwords(client, signup, seoul):
    data = {**SIGNUP, "password2": "something-else-99"}
    data.pop("privacy_consent")
    html = signup(data).content.decode()
    assert "개인정보 수집·이용에 동의해야 가입할 수 있습니다." in html
    assert "두 비밀번호가 같지 않습니다." in html
    assert not User.objects.exists()


def test_signup_unknown_district_is_rejected(client, signup, seoul):
    html = signup({**SIGNUP, "district": "atlantis"}).content.decode()
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


def test_password_reset_sends_mail_with_working_absolute_link(client, ask_reset, seoul):
    UserFactory(email="kim@example.kr")
    ask_reset({"email": "kim@example.kr"})
    assert len(mail.outbox) == 1
    path = _link(mail.outbox[0], "/accounts/reset/")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="kim@example.kr").check_password("brand-new-pass-99")


def test_password_reset_link_ignores_a_forged_host_header(client, ask_reset, seoul, settings):
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="kim@example.kr")
    ask_reset({"email": "kim@example.kr"}, HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body
    _link(mail.outbox[0], "/accounts/reset/")


def test_password_reset_is_limited_per_address(client, ask_reset, seoul, settings):
    settings.MAIL_RATE_LIMITS = {"per_address": 3, "per_ip": 20, "period": 3600}
    UserFactory(email="kim@example.kr")
    for _ in range(3):
        response = ask_reset({"email": "KIM@example.kr"})
        assert response.status_code == 302
    response = ask_reset({"email": "kim@example.kr"})
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert len(mail.outbox) == 3
    # another address from the same client still works
    UserFactory(email="lee@example.kr")
    assert ask_reset({"email": "lee@example.kr"}).status_code == 302
    assert len(mail.outbox) == 4


def test_password_reset_is_limited_per_client_with_the_same_answer_for_unknown_addresses(
    client, ask_reset, seoul, settings
):
    settings.MAIL_RATE_LIMITS = {"per_address": 3, "per_ip": 4, "period": 3600}
    UserFactory(email="kim@example.kr")
    statuses = [
        ask_reset({"email": email}).status_code
        for email in ("kim@example.kr", "nobody1@example.kr", "nobody2@example.kr", "nobody3@example.kr")
    ]
    assert statuses == [302, 302, 302, 302]  # known or not: the same answer
    assert len(mail.outbox) == 1
    assert ask_reset({"email": "kim@example.kr"}).status_code == 429
    # another client is not affected
    response = ask_reset({"email": "kim@example.kr"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


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
