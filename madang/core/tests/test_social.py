"""Follows, notification preferences, the daily digest and moderation (core.follows, core.moderation)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.core.follows import (
    digest_send,
    follow,
    follower_count,
    follower_ids,
    is_following,
    notify_followers,
    unfollow,
)
from madang.core.models import (
    AuditEntry,
    Follow,
    ModerationState,
    Notification,
    NotificationPreference,
    Report,
)
from madang.core.moderation import moderation_confirm, moderation_restore, report_content
from madang.core.tests.social_app.models import Post

pytestmark = pytest.mark.django_db


def post(district, **kw):
    return Post.objects.create(district=district, title=kw.pop("title", "시험 글"), **kw)


# --- follows ------------------------------------------------------------------------------------------


def test_follow_twice_is_one_follow_and_unfollow_removes_it(gangbuk):
    p, user = post(gangbuk), UserFactory()
    follow(actor=user, obj=p, district=gangbuk)
    follow(actor=user, obj=p, district=gangbuk)
    assert Follow.objects.count() == 1 and is_following(user, p)
    assert follower_ids(p) == [user.pk] and follower_count(p) == 1
    assert unfollow(actor=user, obj=p) is True
    assert not is_following(user, p) and unfollow(actor=user, obj=p) is False


def test_follow_refuses_another_districts_object_and_anonymous(gangbuk, mapo):
    from django.contrib.auth.models import AnonymousUser

    p = post(mapo)
    with pytest.raises(DomainError) as info:
        follow(actor=UserFactory(), obj=p, district=gangbuk)
    assert info.value.code == "out_of_district"
    with pytest.raises(DomainError) as info:
        follow(actor=AnonymousUser(), obj=p, district=mapo)
    assert info.value.code == "forbidden"


def test_follow_refuses_a_model_not_registered(gangbuk):
    with pytest.raises(DomainError) as info:
        follow(actor=UserFactory(), obj=gangbuk, district=gangbuk)
    assert info.value.code == "not_found"


def test_notify_followers_follows_each_persons_channel(gangbuk, django_capture_on_commit_callbacks):
    p = post(gangbuk)
    site, email, digest, off, actor = (UserFactory() for _ in range(5))
    for user in (site, email, digest, off, actor):
        follow(actor=user, obj=p, district=gangbuk)
    NotificationPreference.objects.create(user=site, event="comment", channel="site")
    NotificationPreference.objects.create(user=email, event="comment", channel="email")
    NotificationPreference.objects.create(user=off, event="comment", channel="off")
    NotificationPreference.objects.create(user=digest, event="tier", channel="off")  # other event
    with django_capture_on_commit_callbacks(execute=True):
        told = notify_followers(
            obj=p,
            event="comment",
            message="새 댓글이 달렸습니다",
            url="/x/",
            district=gangbuk,
            exclude=[actor],
        )
    assert told == 3
    rows = {n.user_id: n for n in Notification.objects.all()}
    assert set(rows) == {site.pk, email.pk, digest.pk}
    assert rows[digest.pk].digest_pending and not rows[site.pk].digest_pending
    assert not rows[email.pk].digest_pending
    assert [m.to for m in mail.outbox] == [[email.email]]
    assert mail.outbox[0].subject == "[마당] 새 댓글이 달렸습니다"


def test_notify_followers_runs_a_fixed_number_of_queries(gangbuk, django_assert_max_num_queries):
    for size in (3, 30):
        p = post(gangbuk)
        for _ in range(size):
            follow(actor=UserFactory(), obj=p, district=gangbuk)
        with django_assert_max_num_queries(3):
            assert notify_followers(obj=p, event="comment", message="m", url="", district=gangbuk) == size


def test_notify_followers_refuses_an_unknown_event(gangbuk):
    with pytest.raises(ValueError):
        notify_followers(obj=post(gangbuk), event="nope", message="m", url="", district=gangbuk)


def test_digest_sends_one_mail_per_person_once(gangbuk, django_capture_on_commit_callbacks):
    p = post(gangbuk)
    a, b = UserFactory(), UserFactory()
    for user in (a, b):
        follow(actor=user, obj=p, district=gangbuk)
    notify_followers(obj=p, event="comment", message="첫 소식", url="/a/", district=gangbuk)
    notify_followers(obj=p, event="stage", message="둘째 소식", url="", district=gangbuk)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert "첫 소식" in mail.outbox[0].body and "둘째 소식" in mail.outbox[0].body
    assert mail.outbox[0].subject == "[마당] 오늘의 소식 2건"
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_send_digests_command(gangbuk, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    p, user = post(gangbuk), UserFactory()
    follow(actor=user, obj=p, district=gangbuk)
    notify_followers(obj=p, event="answer", message="답변이 달렸습니다", url="", district=gangbuk)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)
    assert "1통" in out.getvalue() and len(mail.outbox) == 1


# --- moderation ---------------------------------------------------------------------------------------


def test_reports_hide_at_the_threshold_once(gangbuk):
    p = post(gangbuk)
    for n in range(4):
        report_content(actor=UserFactory(), obj=p, reason="spam")
        p.refresh_from_db()
        assert p.report_count == n + 1
        assert p.moderation == (ModerationState.HIDDEN if n >= 2 else ModerationState.VISIBLE)
    assert Post.objects.in_district(gangbuk).visible().count() == 0
    assert AuditEntry.objects.filter(action="hide").count() == 1
    assert AuditEntry.objects.filter(action="report").count() == 4


def test_threshold_follows_the_setting(gangbuk, settings):
    settings.MADANG_MODERATION_THRESHOLD = 1
    p = post(gangbuk)
    report_content(actor=UserFactory(), obj=p, reason="abuse")
    p.refresh_from_db()
    assert p.moderation == ModerationState.HIDDEN and p.hidden_at is not None


def test_one_report_per_person(gangbuk):
    p, user = post(gangbuk), UserFactory()
    report_content(actor=user, obj=p, reason="spam")
    with pytest.raises(DomainError) as info:
        report_content(actor=user, obj=p, reason="abuse")
    assert info.value.code == "duplicate_report" and info.value.message == "이미 신고한 글입니다."
    p.refresh_from_db()
    assert p.report_count == 1 and Report.objects.count() == 1


def test_other_reason_needs_text_and_suspended_people_cannot_report(gangbuk):
    from madang.accounts.services import user_suspend

    p = post(gangbuk)
    with pytest.raises(DomainError) as info:
        report_content(actor=UserFactory(), obj=p, reason="other")
    assert info.value.code == "invalid"
    operator, user = user_with_role(Role.OPERATOR, gangbuk), UserFactory()
    user_suspend(actor=operator, user=user, district=gangbuk, reason="도배")
    with pytest.raises(DomainError) as info:
        report_content(actor=user, obj=p, reason="spam")
    assert info.value.code == "forbidden"


def test_restore_and_confirm_are_for_operators(gangbuk, mapo, settings):
    settings.MADANG_MODERATION_THRESHOLD = 1
    p = post(gangbuk)
    report_content(actor=UserFactory(), obj=p, reason="spam")
    p.refresh_from_db()
    with pytest.raises(DomainError) as info:
        moderation_restore(actor=UserFactory(), obj=p)
    assert info.value.code == "forbidden"
    with pytest.raises(DomainError):
        moderation_restore(actor=user_with_role(Role.OPERATOR, mapo), obj=p)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    moderation_restore(actor=operator, obj=p)
    p.refresh_from_db()
    assert p.moderation == ModerationState.RESTORED and p.hidden_at is None
    assert list(Post.objects.in_district(gangbuk).visible()) == [p]
    report_content(actor=UserFactory(), obj=p, reason="spam")  # restored: not hidden again
    p.refresh_from_db()
    assert p.moderation == ModerationState.RESTORED
    moderation_confirm(actor=operator, obj=p)
    p.refresh_from_db()
    assert p.moderation == ModerationState.CONFIRMED and p.hidden_at is not None
    with pytest.raises(DomainError) as info:
        moderation_confirm(actor=operator, obj=p)
    assert info.value.code == "conflict"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_reporters_at_once_count_ten_and_hide_once(gangbuk):
    p = post(gangbuk)
    reporters = [UserFactory() for _ in range(10)]
    barrier = threading.Barrier(10)
    errors = []

    def run(user):
        try:
            barrier.wait()
            report_content(actor=user, obj=p, reason="spam")
        except Exception as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in reporters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    p.refresh_from_db()
    assert p.report_count == 10 and p.moderation == ModerationState.HIDDEN
    assert AuditEntry.objects.filter(action="hide", object_id=str(p.pk)).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_each_item_once(gangbuk):
    from madang.core.models import Notification as N

    users = [UserFactory() for _ in range(20)]
    N.objects.bulk_create(
        [N(user=u, district=gangbuk, message=f"소식 {u.pk}", digest_pending=True) for u in users]
    )
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        results.append(digest_send())
        connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 20 and len(mail.outbox) == 20
    assert not N.objects.filter(digest_pending=True).exists()
    assert connection.vendor == "postgresql"
