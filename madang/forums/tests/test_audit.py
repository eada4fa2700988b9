"""Every forum service writes its audit row in the transaction of its change (core.testing)."""

import datetime

from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.testing import audit_cases_test
from madang.forums import services
from madang.forums.models import Review

from .factories import BoardFactory, CommentFactory, TopicFactory, new_resident, trusted_resident


def _op(d):
    return user_with_role(Role.OPERATOR, d)


def board_create(d):
    op, today = _op(d), timezone.localdate()
    n = BoardFactory._meta.model.objects.count()
    return lambda: services.board_create(
        actor=op, district=d, title="감사 게시판", slug=f"audit-{n}-{op.pk}", starts_on=today, ends_on=today
    )


def topic_create(d):
    board, user = BoardFactory(district=d), trusted_resident(d)
    return lambda: services.topic_create(actor=user, board=board, title="감사 주제", body="본문")


def topic_record_offline(d):
    board, op = BoardFactory(district=d), _op(d)
    data = {"title": "지역포럼", "body": "요약", "held_on": datetime.date(2026, 9, 1), "attendance": 30}
    return lambda: services.topic_record_offline(actor=op, board=board, data=data)


def topic_update(d):
    topic = TopicFactory(board=BoardFactory(district=d))
    return lambda: services.topic_update(actor=topic.author, topic=topic, data={"body": "고친 본문"})


def topic_close(d):
    topic, op = TopicFactory(board=BoardFactory(district=d)), _op(d)
    return lambda: services.topic_close(actor=op, topic=topic, conclusion="결론")


def topic_decide(d):
    topic = TopicFactory(board=BoardFactory(district=d), review=Review.PENDING, author=new_resident(d))
    op = _op(d)
    return lambda: services.topic_decide(actor=op, topic=topic, approve=True)


def comment_create(d):
    topic, user = TopicFactory(board=BoardFactory(district=d)), trusted_resident(d)
    return lambda: services.comment_create(actor=user, topic=topic, body="댓글", stance="for")


def comment_update(d):
    comment = CommentFactory(topic=TopicFactory(board=BoardFactory(district=d)))
    return lambda: services.comment_update(actor=comment.author, comment=comment, data={"body": "고친 댓글"})


def comment_decide(d):
    comment = CommentFactory(topic=TopicFactory(board=BoardFactory(district=d)), review=Review.PENDING)
    op = _op(d)
    return lambda: services.comment_decide(actor=op, comment=comment, approve=False, reason="광고")


def topic_like(d):
    topic, user = TopicFactory(board=BoardFactory(district=d)), trusted_resident(d)
    return lambda: services.topic_like(actor=user, topic=topic)


def topic_unlike(d):
    topic, user = TopicFactory(board=BoardFactory(district=d)), trusted_resident(d)
    services.topic_like(actor=user, topic=topic)
    return lambda: services.topic_unlike(actor=user, topic=topic)


def comment_like(d):
    comment, user = CommentFactory(topic=TopicFactory(board=BoardFactory(district=d))), trusted_resident(d)
    return lambda: services.comment_like(actor=user, comment=comment)


def comment_unlike(d):
    comment, user = CommentFactory(topic=TopicFactory(board=BoardFactory(district=d))), trusted_resident(d)
    services.comment_like(actor=user, comment=comment)
    return lambda: services.comment_unlike(actor=user, comment=comment)


def topic_open_from_source(d):
    op = _op(d)
    return lambda: services.topic_open_from_source(
        actor=op, district=d, title="공론장 의제", body="본문", source_url="/gangbuk/proposals/1/"
    )


CASES = {
    "board_create": (board_create, "create", "forums.board"),
    "topic_create": (topic_create, "create", "forums.topic"),
    "topic_record_offline": (topic_record_offline, "create", "forums.topic"),
    "topic_update": (topic_update, "update", "forums.topic"),
    "topic_close": (topic_close, "close", "forums.topic"),
    "topic_decide": (topic_decide, "approve", "forums.topic"),
    "comment_create": (comment_create, "create", "forums.comment"),
    "comment_update": (comment_update, "update", "forums.comment"),
    "comment_decide": (comment_decide, "reject", "forums.comment"),
    "topic_like": (topic_like, "like", "forums.topic"),
    "topic_unlike": (topic_unlike, "unlike", "forums.topic"),
    "comment_like": (comment_like, "like", "forums.comment"),
    "comment_unlike": (comment_unlike, "unlike", "forums.comment"),
    "topic_open_from_source": (topic_open_from_source, "create", "forums.topic"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
