"""What the forums register: metrics, Korean search, personal data, demo data, link types, summaries."""

import datetime

import pytest
from django.utils import timezone

from madang.accounts import services as account_services
from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core import registry
from madang.core.search import search
from madang.forums import services
from madang.forums.models import Board, Comment, Review, Topic

from .factories import BoardFactory, CommentFactory, TopicFactory, trusted_resident

pytestmark = pytest.mark.django_db


def test_metrics(gangbuk, mapo):
    board = BoardFactory(district=gangbuk)
    today = timezone.localdate()
    a, b = user_with_role(Role.RESIDENT, gangbuk), user_with_role(Role.RESIDENT, gangbuk)
    topic = TopicFactory(board=board, author=a)
    TopicFactory(board=board, author=b, review=Review.PENDING)
    CommentFactory(topic=topic, author=b)
    CommentFactory(topic=topic, author=a)
    TopicFactory(board=board, kind=Topic.Kind.OFFLINE, held_on=today, attendance=40, author=None)
    TopicFactory(
        board=board, kind=Topic.Kind.OFFLINE, held_on=today - datetime.timedelta(days=400), attendance=99
    )
    TopicFactory(board=BoardFactory(district=mapo))
    start, end = today - datetime.timedelta(days=30), today
    assert registry.metric_value("forums.topics", gangbuk, start, end) == 3
    assert (
        registry.metric_value("forums.participants", gangbuk, start, end) == 3
    )  # a, b, the 99-attendance author
    assert registry.metric_value("forums.offline_attendance", gangbuk, start, end) == 40
    assert (
        registry.metric_value(
            "forums.topics", gangbuk, end + datetime.timedelta(days=1), end.replace(year=end.year + 1)
        )
        == 0
    )


def test_korean_search_finds_public_topics_only(gangbuk):
    board = BoardFactory(district=gangbuk)
    user = trusted_resident(gangbuk)
    services.topic_create(actor=user, board=board, title="망원동 골목 쓰레기 문제", body="분리배출 안내")
    pending = services.topic_create(
        actor=user_with_role(Role.RESIDENT, gangbuk), board=board, title="쓰레기 대책", body="본문"
    )
    assert pending.review == Review.PENDING
    sections = search(district=gangbuk, query="쓰레기", types=["forum_topic"])
    assert sections[0].count == 1
    assert [r.title for r in sections[0].page] == ["망원동 골목 쓰레기 문제"]


def test_personal_data_export_and_account_deletion(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    user = trusted_resident(gangbuk)
    comment = services.comment_create(actor=user, topic=topic, body="내 의견", stance="for")
    services.topic_like(actor=user, topic=topic)
    exported = account_services.user_export(user=user)["forum_posts"]
    assert [c["body"] for c in exported["comments"]] == ["내 의견"]
    assert exported["likes"]["topics"] == [topic.pk] and len(exported["topics"]) == 1
    account_services.user_delete(user=user)
    comment.refresh_from_db()
    topic.refresh_from_db()
    assert comment.author_id is None and comment.author_name == "탈퇴한 회원"
    assert topic.like_count == 0


def test_demo_loader_is_idempotent(gangbuk, mapo):
    from madang.forums.demo import forums_demo_load

    user_with_role(Role.OPERATOR, mapo)
    user_with_role(Role.RESIDENT, mapo)
    first = forums_demo_load(district=mapo)
    assert first["boards"] == 2 and first["topics"] >= 4 and first["comments"] >= 5
    assert Board.objects.filter(district=mapo, is_default=True).count() == 1
    assert Topic.objects.filter(
        district=mapo, kind=Topic.Kind.OFFLINE, title__contains="마포지역포럼"
    ).exists()
    assert Topic.objects.filter(district=mapo, status=Topic.Status.CLOSED).exclude(conclusion="").exists()
    assert Comment.objects.filter(district=mapo).exclude(stance="").exists()
    second = forums_demo_load(district=mapo)
    assert second["created"] == 0 and second["topics"] == first["topics"]
    assert forums_demo_load(district=gangbuk)["boards"] == 2


def test_link_type_and_summary(gangbuk, mapo):
    if not hasattr(registry, "link_resolve"):
        pytest.skip("kernel-content link types not merged yet")
    topic = TopicFactory(board=BoardFactory(district=gangbuk), title="연결할 토론")
    assert registry.link_resolve("forums.topic", topic.pk, gangbuk) == (
        "연결할 토론",
        topic.get_absolute_url(),
    )
    assert registry.link_resolve("forums.topic", topic.pk, mapo) is None
    hidden = TopicFactory(board=topic.board, review=Review.PENDING)
    assert registry.link_resolve("forums.topic", hidden.pk, gangbuk) is None
