"""Forum reads: who sees what, threads, stance counts, and a fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.forums import selectors
from madang.forums.models import Comment, Review, Topic

from .factories import BoardFactory, CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_pending_topics_are_seen_by_their_author_and_staff_only(gangbuk):
    board = BoardFactory(district=gangbuk)
    public = TopicFactory(board=board)
    pending = TopicFactory(board=board, review=Review.PENDING)
    rejected = TopicFactory(board=board, review=Review.REJECTED)

    def seen(user):
        return set(selectors.topic_list(district=gangbuk, board=board, user=user))

    assert seen(AnonymousUser()) == {public}
    assert seen(user_with_role(Role.RESIDENT, gangbuk)) == {public}
    assert seen(pending.author) == {public, pending}
    assert seen(user_with_role(Role.OPERATOR, gangbuk)) == {public, pending}
    assert rejected not in seen(rejected.author)


def test_filters_and_sorts(gangbuk):
    board = BoardFactory(district=gangbuk)
    open_topic = TopicFactory(board=board)
    closed = TopicFactory(board=board, status=Topic.Status.CLOSED)
    offline = TopicFactory(board=board, kind=Topic.Kind.OFFLINE)
    user = AnonymousUser()

    def listed(**kw):
        return list(
            selectors.topic_list(
                district=gangbuk, board=board, user=user, filters=selectors.TopicFilters(**kw)
            )
        )

    assert listed(state="open") == [open_topic]
    assert listed(state="closed") == [closed]
    assert listed(state="offline") == [offline]
    assert listed() == [offline, closed, open_topic]
    Topic.objects.filter(pk=open_topic.pk).update(
        last_activity_at=open_topic.last_activity_at.replace(year=2100)
    )
    assert listed(sort="active")[0] == open_topic


def test_threads_flatten_replies_under_their_first_comment(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    first = CommentFactory(topic=topic)
    reply = CommentFactory(topic=topic, parent=first, root=first)
    deeper = CommentFactory(topic=topic, parent=reply, root=first)
    second = CommentFactory(topic=topic)
    CommentFactory(topic=topic, review=Review.PENDING)
    _page, threads = selectors.comment_threads(topic=topic, user=AnonymousUser())
    assert [t.comment for t in threads] == [first, second]
    assert threads[0].replies == [reply, deeper]
    assert threads[0].replies[1].parent.author_name == reply.author_name


def test_stance_counts_only_public_comments(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    for stance in ["for", "for", "against", "neutral", ""]:
        CommentFactory(topic=topic, stance=stance)
    CommentFactory(topic=topic, stance="against", review=Review.PENDING)
    assert selectors.stance_counts(topic) == {"for": 2, "against": 1, "neutral": 1}


def _comments(topic, n):
    author = user_with_role(Role.RESIDENT, topic.district)
    roots = Comment.objects.bulk_create(
        Comment(district=topic.district, topic=topic, author=author, body=f"댓글 {i}", stance="for")
        for i in range(max(1, n // 5))
    )
    Comment.objects.bulk_create(
        Comment(district=topic.district, topic=topic, author=author, body=f"답글 {i}",
                parent=roots[i % len(roots)], root=roots[i % len(roots)])
        for i in range(n - len(roots))
    )  # fmt: skip


@pytest.mark.parametrize("size", [10, 500])
def test_comment_threads_cost_the_same_at_any_size(gangbuk, size, django_assert_max_num_queries):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    _comments(topic, size)
    user = user_with_role(Role.RESIDENT, gangbuk)
    with django_assert_max_num_queries(6):
        _page, threads = selectors.comment_threads(topic=topic, user=user)
        assert sum(1 + len(t.replies) for t in threads) > 0
        selectors.stance_counts(topic)
