"""Forums on the kernel's social parts: reports hide posts, suspended people write nothing, followers
hear of new comments."""

import pytest
from django.urls import reverse

from madang.accounts import services as account_services
from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core import follows
from madang.core.exceptions import DomainError
from madang.core.models import Notification
from madang.core.moderation import report_content
from madang.forums import selectors, services
from madang.forums.models import Topic

from .factories import BoardFactory, CommentFactory, TopicFactory, trusted_resident

pytestmark = pytest.mark.django_db


def _report(obj, district, times=3):
    for _ in range(times):
        report_content(actor=user_with_role(Role.RESIDENT, district), obj=obj, reason="abuse")
    obj.refresh_from_db()


def test_a_reported_topic_is_hidden_from_the_public_but_not_from_staff(client, gangbuk):
    board = BoardFactory(district=gangbuk)
    topic = TopicFactory(board=board, title="신고될 주제", body="나쁜 말")
    _report(topic, gangbuk)
    assert topic.is_hidden
    assert topic not in selectors.topic_list(district=gangbuk, board=board, user=topic.author)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "신고로 가려진 글입니다." in page and "나쁜 말" not in page
    assert "신고될 주제" not in client.get(board.get_absolute_url()).content.decode()
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    staff_page = client.get(topic.get_absolute_url()).content.decode()
    assert "나쁜 말" in staff_page and "신고로 가려짐" in staff_page
    api = client.get(reverse("api:topic-detail", kwargs={"district": gangbuk.slug, "pk": topic.pk}))
    assert api.status_code == 200
    client.logout()
    api = client.get(reverse("api:topic-detail", kwargs={"district": gangbuk.slug, "pk": topic.pk}))
    assert api.status_code == 404
    with pytest.raises(DomainError):  # a hidden topic takes no comments or likes
        services.comment_create(actor=trusted_resident(gangbuk), topic=topic, body="댓글")


def test_a_reported_comment_keeps_its_place_in_the_thread(client, gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    bad = CommentFactory(topic=topic, body="욕설 댓글", stance="against")
    CommentFactory(topic=topic, body="좋은 댓글", stance="for")
    _report(bad, gangbuk)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "욕설 댓글" not in page and "좋은 댓글" in page
    assert page.count("신고로 가려진 글입니다.") == 1
    assert selectors.stance_counts(topic) == {"for": 1, "against": 0, "neutral": 0}
    api = client.get(reverse("api:topic-comments", kwargs={"district": gangbuk.slug, "pk": topic.pk})).json()
    assert [c["body"] for c in api["results"]] == [None, "좋은 댓글"]


def test_a_suspended_person_writes_nothing(gangbuk):
    board = BoardFactory(district=gangbuk)
    topic = TopicFactory(board=board)
    mine = CommentFactory(topic=topic)
    user = mine.author
    operator = user_with_role(Role.OPERATOR, gangbuk)
    account_services.user_suspend(actor=operator, user=user, district=gangbuk, reason="반복된 욕설")
    for perm, obj in [
        ("forums.add_topic", board),
        ("forums.add_comment", topic),
        ("forums.like_topic", topic),
        ("forums.change_comment", mine),
    ]:
        assert not user.has_perm(perm, obj), perm
    with pytest.raises(DomainError) as info:
        services.comment_create(actor=user, topic=topic, body="정지 중 댓글")
    assert info.value.code == "forbidden"
    account_services.user_unsuspend(actor=operator, user=user, district=gangbuk)
    user.refresh_from_db()
    fresh = type(user).objects.get(pk=user.pk)
    assert fresh.has_perm("forums.add_comment", topic)


def test_followers_hear_of_new_comments_but_not_of_their_own(gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    follower = trusted_resident(gangbuk)
    follows.follow(actor=follower, obj=topic, district=gangbuk)
    commenter = trusted_resident(gangbuk)
    services.comment_create(actor=commenter, topic=topic, body="새 의견")
    assert Notification.objects.filter(user=follower, message__contains=topic.title).count() == 1
    assert not Notification.objects.filter(user=commenter).exists()
    assert follows.is_following(commenter, topic)  # commenting follows the topic
    services.comment_create(actor=follower, topic=topic, body="답해요")
    assert Notification.objects.filter(user=commenter, message__contains=topic.title).count() == 1


def test_a_new_topics_author_follows_it(gangbuk):
    user = trusted_resident(gangbuk)
    topic = services.topic_create(actor=user, board=BoardFactory(district=gangbuk), title="주제", body="본문")
    assert follows.is_following(user, topic)
    assert Topic.objects.filter(pk=topic.pk).visible().exists()
