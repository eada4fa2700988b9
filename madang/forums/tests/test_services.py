"""Forum services: review of new accounts, threads, stances, likes, edit history, closing, handoff, erase."""

import datetime

import pytest
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import AuditEntry
from madang.forums import services
from madang.forums.models import Board, Comment, Review, Topic, TopicRevision
from madang.processes.models import Process

from .factories import (
    BoardFactory,
    CommentFactory,
    TopicFactory,
    forum_process,
    new_resident,
    trusted_resident,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(gangbuk):
    return BoardFactory(district=gangbuk)


def test_a_trusted_residents_topic_is_public_and_counted(board, gangbuk):
    user = trusted_resident(gangbuk)
    topic = services.topic_create(actor=user, board=board, title=" 골목 청소 ", body="같이 치워요\n둘째 줄")
    assert topic.review == Review.APPROVED
    assert topic.title == "골목 청소" and topic.body == "같이 치워요\n둘째 줄"
    board.refresh_from_db()
    assert board.topic_count == 1 and board.last_activity_at is not None


def test_a_new_accounts_topic_waits_for_an_operator(board, gangbuk):
    user = new_resident(gangbuk)
    topic = services.topic_create(actor=user, board=board, title="첫 글", body="안녕하세요")
    assert topic.review == Review.PENDING
    board.refresh_from_db()
    assert board.topic_count == 0
    operator = user_with_role(Role.OPERATOR, gangbuk)
    services.topic_decide(actor=operator, topic=topic, approve=True)
    topic.refresh_from_db()
    board.refresh_from_db()
    assert topic.review == Review.APPROVED and board.topic_count == 1
    with pytest.raises(DomainError) as info:  # decided once: a second decision loses cleanly
        services.topic_decide(actor=operator, topic=topic, approve=False, reason="중복")
    assert info.value.code == "conflict"


def test_rejecting_needs_a_reason(board, gangbuk):
    topic = services.topic_create(actor=new_resident(gangbuk), board=board, title="첫 글", body="본문")
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.topic_decide(actor=operator, topic=topic, approve=False)
    assert info.value.code == "reason_required"
    services.topic_decide(actor=operator, topic=topic, approve=False, reason="광고 글")
    topic.refresh_from_db()
    assert topic.review == Review.REJECTED and topic.review_note == "광고 글"


def test_an_old_account_without_an_approved_post_is_still_reviewed(board, gangbuk):
    user = user_with_role(Role.RESIDENT, gangbuk, date_joined=timezone.now() - datetime.timedelta(days=90))
    assert services.topic_create(actor=user, board=board, title="첫 글", body="본문").review == Review.PENDING


@pytest.mark.parametrize(
    ("body", "code"), [("", "required"), ("   \n ", "required"), ("가" * 100_000, "too_long")]
)
def test_bad_bodies_are_refused_in_korean_and_nothing_is_saved(board, gangbuk, body, code):
    user = trusted_resident(gangbuk)
    before = Topic.objects.count()
    with pytest.raises(DomainError) as info:
        services.topic_create(actor=user, board=board, title="제목", body=body)
    assert info.value.code == code
    assert "본문" in info.value.message
    assert Topic.objects.count() == before


def test_no_topics_outside_a_discuss_phase(gangbuk):
    board = BoardFactory(district=gangbuk, process=forum_process(gangbuk, features=["comment"]))
    with pytest.raises(DomainError) as info:
        services.topic_create(actor=trusted_resident(gangbuk), board=board, title="제목", body="본문")
    assert info.value.code == "forbidden"


def test_topic_creation_is_rate_limited(board, gangbuk):
    user = trusted_resident(gangbuk)
    for n in range(services.CREATION_LIMITS["topic"]):
        services.topic_create(actor=user, board=board, title=f"주제 {n}", body="본문")
    with pytest.raises(DomainError) as info:
        services.topic_create(actor=user, board=board, title="하나 더", body="본문")
    assert info.value.code == "rate_limited"


def test_threads_and_stances(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    a, b = trusted_resident(gangbuk), trusted_resident(gangbuk)
    first = services.comment_create(actor=a, topic=topic, body="찬성합니다", stance="for")
    reply = services.comment_create(actor=b, topic=topic, body="저는 반대", stance="against", parent=first)
    deeper = services.comment_create(actor=a, topic=topic, body="왜요?", parent=reply)
    assert first.root_id is None and reply.root_id == first.pk and deeper.root_id == first.pk
    assert deeper.parent_id == reply.pk
    topic.refresh_from_db()
    assert topic.comment_count == 3
    with pytest.raises(DomainError):
        services.comment_create(actor=a, topic=topic, body="x", stance="maybe")


def test_a_reply_must_be_to_a_comment_of_the_same_topic(gangbuk):
    board = BoardFactory(district=gangbuk)
    topic, other = TopicFactory(board=board), TopicFactory(board=board)
    foreign = CommentFactory(topic=other)
    with pytest.raises(DomainError):
        services.comment_create(actor=trusted_resident(gangbuk), topic=topic, body="답글", parent=foreign)


def test_closed_topics_take_no_comments_and_show_the_conclusion(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    operator = user_with_role(Role.OPERATOR, gangbuk)
    services.topic_close(actor=operator, topic=topic, conclusion="시범 운영을 합니다.")
    topic.refresh_from_db()
    assert topic.status == Topic.Status.CLOSED and topic.conclusion == "시범 운영을 합니다."
    assert topic.closed_at is not None
    with pytest.raises(DomainError) as info:
        services.comment_create(actor=trusted_resident(gangbuk), topic=topic, body="늦은 의견")
    assert info.value.code == "forbidden"
    with pytest.raises(DomainError) as info:
        services.topic_close(actor=operator, topic=topic, conclusion="다시")
    assert info.value.code == "conflict"


def test_only_staff_close_topics(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    with pytest.raises(DomainError):
        services.topic_close(actor=topic.author, topic=topic, conclusion="결론")


def test_editing_keeps_the_previous_text(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk), title="처음 제목", body="처음 본문")
    services.topic_update(actor=topic.author, topic=topic, data={"title": "바뀐 제목", "body": "바뀐 본문"})
    services.topic_update(actor=topic.author, topic=topic, data={"body": "세 번째"})
    topic.refresh_from_db()
    assert topic.body == "세 번째" and topic.edited_at is not None
    revisions = list(TopicRevision.objects.filter(topic=topic).order_by("pk").values_list("title", "body"))
    assert revisions == [("처음 제목", "처음 본문"), ("바뀐 제목", "바뀐 본문")]
    # nothing changed: no revision, no audit
    count = AuditEntry.objects.count()
    services.topic_update(actor=topic.author, topic=topic, data={"body": "세 번째"})
    assert TopicRevision.objects.filter(topic=topic).count() == 2 and AuditEntry.objects.count() == count


def test_comment_edit_history_and_who_may_edit(gangbuk):
    comment = CommentFactory(
        topic=TopicFactory(board=BoardFactory(district=gangbuk)), body="처음", stance="for"
    )
    services.comment_update(actor=comment.author, comment=comment, data={"body": "고침", "stance": "neutral"})
    comment.refresh_from_db()
    assert (comment.body, comment.stance) == ("고침", "neutral") and comment.edited_at
    assert list(comment.revisions.values_list("body", "stance")) == [("처음", "for")]
    with pytest.raises(DomainError):
        services.comment_update(actor=trusted_resident(gangbuk), comment=comment, data={"body": "남의 글"})


def test_likes_once_per_person_and_unlike(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    user = trusted_resident(gangbuk)
    assert services.topic_like(actor=user, topic=topic) is True
    assert services.topic_like(actor=user, topic=topic) is False
    topic.refresh_from_db()
    assert topic.like_count == 1
    assert services.topic_unlike(actor=user, topic=topic) is True
    assert services.topic_unlike(actor=user, topic=topic) is False
    topic.refresh_from_db()
    assert topic.like_count == 0
    comment = CommentFactory(topic=topic)
    services.comment_like(actor=user, comment=comment)
    comment.refresh_from_db()
    assert comment.like_count == 1


def test_anonymous_and_outsiders_cannot_like(gangbuk, mapo):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    with pytest.raises(DomainError):
        services.topic_like(actor=user_with_role(Role.RESIDENT, mapo), topic=topic)


def test_offline_forum_record(gangbuk):
    board = BoardFactory(district=gangbuk)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    topic = services.topic_record_offline(
        actor=operator,
        board=board,
        data={
            "title": "강북지역포럼",
            "body": "정책연구기관 설립을 논의했습니다.",
            "held_on": datetime.date(2026, 10, 1),
            "place": "거점 공간",
            "attendance": 64,
        },
    )
    assert topic.kind == Topic.Kind.OFFLINE and topic.attendance == 64 and topic.review == Review.APPROVED
    with pytest.raises(DomainError):
        services.topic_record_offline(actor=trusted_resident(gangbuk), board=board, data={"title": "x"})
    services.topic_update(actor=operator, topic=topic, data={"attendance": 70})
    topic.refresh_from_db()
    assert topic.attendance == 70 and topic.held_on == datetime.date(2026, 10, 1)


def test_board_create_makes_a_forum_process_open_for_discussion(gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    today = timezone.localdate()
    board = services.board_create(
        actor=operator,
        district=gangbuk,
        title="강북 공론장",
        slug="gangbuk-gongnon",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        is_default=True,
    )
    assert board.process.kind == Process.Kind.FORUM and board.process.is_published
    assert trusted_resident(gangbuk).has_perm("forums.add_topic", board)
    second = services.board_create(
        actor=operator,
        district=gangbuk,
        title="둘째",
        slug="second",
        starts_on=today,
        ends_on=today,
        is_default=True,
    )
    assert list(Board.objects.filter(district=gangbuk, is_default=True)) == [second]
    with pytest.raises(DomainError):
        services.board_create(
            actor=trusted_resident(gangbuk),
            district=gangbuk,
            title="x",
            slug="x",
            starts_on=today,
            ends_on=today,
        )


def test_open_topic_handoff_uses_the_default_board_and_links_back(gangbuk):
    from madang.core import registry

    if not hasattr(registry, "handoff"):
        pytest.skip("kernel-content handoffs not merged yet")
    topic = registry.handoff(
        "forums.open_topic",
        actor=user_with_role(Role.OPERATOR, gangbuk),
        district=gangbuk,
        title="공감 100명을 넘은 제안",
        body="제안 본문",
        source_url="/gangbuk/proposals/7/",
    )
    assert topic.board.is_default and topic.source_url == "/gangbuk/proposals/7/"
    assert topic.review == Review.APPROVED
    again = registry.handoff(
        "forums.open_topic", actor=None, district=gangbuk, title="둘째", body="본문", source_url=""
    )
    assert again.board_id == topic.board_id


def test_erase_keeps_posts_as_a_former_member_and_drops_likes(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    user = trusted_resident(gangbuk)
    comment = services.comment_create(actor=user, topic=topic, body="의견")
    services.topic_like(actor=user, topic=topic)
    services.forums_erase(user)
    comment.refresh_from_db()
    topic.refresh_from_db()
    assert comment.author is None and comment.author_name == "탈퇴한 회원"
    assert topic.like_count == 0
    assert Comment.objects.filter(pk=comment.pk).exists()
