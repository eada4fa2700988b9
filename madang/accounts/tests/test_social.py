"""Suspension (accounts.services.user_suspend / is_suspended) and the notification settings page."""

import datetime
import re

import pytest
import rules
from django.urls import reverse
from django.utils import timezone

from madang.accounts import services
from madang.accounts.models import DistrictSuspension, Role
from madang.accounts.predicates import is_suspended
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import AuditEntry, NotificationPreference

pytestmark = pytest.mark.django_db


def fresh(user):
    from madang.accounts.models import User

    return User.objects.get(pk=user.pk)


def test_operator_suspends_and_unsuspends_in_their_district(gangbuk, mapo):
    operator, person = user_with_role(Role.OPERATOR, gangbuk), UserFactory()
    services.user_suspend(actor=operator, user=person, district=gangbuk, reason="도배")
    assert is_suspended(fresh(person), gangbuk)
    assert not is_suspended(fresh(person), mapo)
    assert services.user_unsuspend(actor=operator, user=person, district=gangbuk) is True
    assert not is_suspended(fresh(person), gangbuk)
    assert services.user_unsuspend(actor=operator, user=person, district=gangbuk) is False
    assert list(
        AuditEntry.objects.filter(action__in=["suspend", "unsuspend"]).values_list("action", flat=True)
    ) == [
        "unsuspend",
        "suspend",
    ]


def test_suspending_again_updates_the_reason_and_end(gangbuk):
    operator, person = user_with_role(Role.OPERATOR, gangbuk), UserFactory()
    services.user_suspend(actor=operator, user=person, district=gangbuk, reason="도배")
    until = timezone.now() + datetime.timedelta(days=7)
    services.user_suspend(actor=operator, user=person, district=gangbuk, reason="욕설", until=until)
    row = DistrictSuspension.objects.get()
    assert row.reason == "욕설" and row.until == until


def test_only_operators_of_the_district_may_suspend(gangbuk, mapo):
    person = UserFactory()
    for actor in (user_with_role(Role.RESIDENT, gangbuk), user_with_role(Role.OPERATOR, mapo)):
        with pytest.raises(DomainError) as info:
            services.user_suspend(actor=actor, user=person, district=gangbuk, reason="도배")
        assert info.value.code == "forbidden"
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.user_suspend(actor=operator, user=person, district=gangbuk, reason="  ")
    assert info.value.message == "정지 사유를 입력하세요."
    with pytest.raises(DomainError):
        services.user_suspend(
            actor=operator,
            user=person,
            district=gangbuk,
            reason="x",
            until=timezone.now() - datetime.timedelta(1),
        )


def test_an_ended_suspension_no_longer_counts(gangbuk):
    person = UserFactory()
    DistrictSuspension.objects.create(
        user=person, district=gangbuk, reason="지난 일", until=timezone.now() - datetime.timedelta(hours=1)
    )
    assert not is_suspended(person, gangbuk)


def test_is_suspended_reads_the_district_of_any_object_and_composes(gangbuk):
    from madang.core.tests.social_app.models import Post

    person = UserFactory()
    post = Post.objects.create(district=gangbuk, title="글")
    services.user_suspend(
        actor=user_with_role(Role.OPERATOR, gangbuk), user=person, district=gangbuk, reason="x"
    )
    person = fresh(person)
    assert is_suspended(person, post)
    can_write = rules.is_authenticated & ~is_suspended
    assert not can_write(person, post) and can_write(UserFactory(), post)


def test_ensure_not_suspended_says_why_in_korean(gangbuk):
    person = UserFactory()
    until = timezone.make_aware(datetime.datetime(2099, 11, 26, 18, 0))
    services.user_suspend(
        actor=user_with_role(Role.OPERATOR, gangbuk), user=person, district=gangbuk, reason="x", until=until
    )
    with pytest.raises(DomainError) as info:
        services.ensure_not_suspended(fresh(person), gangbuk)
    assert info.value.code == "suspended"
    assert info.value.message.startswith("이 자치구에서 2099년 11월 26일 18:00까지 활동이 정지된 계정입니다.")
    services.ensure_not_suspended(UserFactory(), gangbuk)


# --- notification settings ---------------------------------------------------------------------------


def test_settings_page_shows_every_event_with_the_default_and_saves(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:notification_settings")
    html = client.get(url).content.decode()
    for label in ("새 댓글", "공감 단계 도달", "답변", "진행 단계 변경", "회의 일정", "메시지"):
        assert f'<legend class="form-tit">{label}' in html
    assert 'value="digest"' in html and "사이트 + 하루 한 번 요약 메일" in html
    checked = re.findall(r'<input type="radio" name="event_(\w+)" value="(\w+)"[^>]*checked', html)
    assert sorted(checked) == sorted(
        (e, "digest") for e in ("comment", "tier", "answer", "stage", "session", "message")
    )
    data = {f"event_{e}": "digest" for e in ("comment", "tier", "answer", "stage", "session", "message")}
    data["event_comment"] = "email"
    data["event_tier"] = "off"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("event", "channel"))
    assert saved["comment"] == "email" and saved["tier"] == "off" and saved["answer"] == "digest"
    client.post(url, {**data, "event_comment": "site"})
    assert NotificationPreference.objects.get(user=user, event="comment").channel == "site"


def test_settings_refuse_unknown_channels_and_need_login(client):
    url = reverse("accounts:notification_settings")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    response = client.post(url, {"event_comment": "fax"})
    assert response.status_code == 200 and not NotificationPreference.objects.exists()


def test_export_holds_follows_preferences_and_suspensions(gangbuk):
    from madang.core.follows import follow
    from madang.core.tests.social_app.models import Post

    person = UserFactory()
    post = Post.objects.create(district=gangbuk, title="글")
    follow(actor=person, obj=post, district=gangbuk)
    NotificationPreference.objects.create(user=person, event="comment", channel="email")
    services.user_suspend(
        actor=user_with_role(Role.OPERATOR, gangbuk), user=person, district=gangbuk, reason="도배"
    )
    data = services.user_export(user=person)
    assert data["follows"][0]["id"] == post.pk
    assert data["notification_preferences"] == {"comment": "email"}
    assert data["suspensions"][0]["reason"] == "도배" and data["suspensions"][0]["district"] == "강북구"
