"""Likes under concurrency (PostgreSQL only): counts live in the database, one like per person."""

import threading

import pytest
from django.db import connection

from madang.accounts.models import User
from madang.core.exceptions import DomainError
from madang.forums import services
from madang.forums.models import Comment, CommentLike, Topic, TopicLike

from .factories import BoardFactory, CommentFactory, TopicFactory, trusted_resident


def _run_at_once(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_liking_at_once_make_twenty(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    people = [trusted_resident(gangbuk).pk for _ in range(20)]
    outcomes = _run_at_once(
        [
            lambda pk=pk: services.topic_like(
                actor=User.objects.get(pk=pk), topic=Topic.objects.get(pk=topic.pk)
            )
            for pk in people
        ]
    )
    assert outcomes == [True] * 20
    topic.refresh_from_db()
    assert topic.like_count == 20 == TopicLike.objects.filter(topic=topic).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_person_double_liking_at_once_makes_one(gangbuk):
    comment = CommentFactory(topic=TopicFactory(board=BoardFactory(district=gangbuk)))
    pk = trusted_resident(gangbuk).pk
    outcomes = _run_at_once(
        [
            lambda: services.comment_like(
                actor=User.objects.get(pk=pk), comment=Comment.objects.get(pk=comment.pk)
            )
            for _ in range(6)
        ]
    )
    assert sorted(outcomes) == [False] * 5 + [True]
    comment.refresh_from_db()
    assert comment.like_count == 1 == CommentLike.objects.filter(comment=comment).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_liking_and_unliking_at_once_keeps_the_count_equal_to_the_rows(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    people = [trusted_resident(gangbuk).pk for _ in range(10)]
    for pk in people[:5]:
        services.topic_like(actor=User.objects.get(pk=pk), topic=topic)
    calls = [
        (
            lambda pk=pk: services.topic_unlike(
                actor=User.objects.get(pk=pk), topic=Topic.objects.get(pk=topic.pk)
            )
        )
        for pk in people[:5]
    ] + [
        (
            lambda pk=pk: services.topic_like(
                actor=User.objects.get(pk=pk), topic=Topic.objects.get(pk=topic.pk)
            )
        )
        for pk in people[5:]
    ]
    _run_at_once(calls)
    topic.refresh_from_db()
    assert topic.like_count == TopicLike.objects.filter(topic=topic).count() == 5
