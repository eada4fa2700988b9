"""Forum API: lists and details scoped to the district, creation through the services, structured errors."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.forums.models import Comment, Review, Topic

from .factories import BoardFactory, CommentFactory, TopicFactory, trusted_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def topics_url(district, **kw):
    name = "api:topic-detail" if kw else "api:topic-list"
    return reverse(name, kwargs={"district": district.slug, **kw})


def test_list_shows_public_topics_and_filters(api, gangbuk):
    board = BoardFactory(district=gangbuk)
    TopicFactory(board=board, title="공개 주제")
    TopicFactory(board=board, title="대기 주제", review=Review.PENDING)
    TopicFactory(board=board, title="닫힌 주제", status=Topic.Status.CLOSED)
    data = api.get(topics_url(gangbuk)).json()
    titles = {t["title"] for t in data["results"]}
    assert titles == {"공개 주제", "닫힌 주제"}
    closed = api.get(topics_url(gangbuk), {"state": "closed", "board": board.pk}).json()
    assert [t["title"] for t in closed["results"]] == ["닫힌 주제"]
    assert api.get(topics_url(gangbuk), {"state": "nope"}).status_code == 400
    assert api.get(topics_url(gangbuk), {"board": "１"}).status_code == 400


def test_detail_of_a_pending_topic_is_a_404_for_others(api, gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk), review=Review.PENDING)
    assert api.get(topics_url(gangbuk, pk=topic.pk)).status_code == 404
    api.force_authenticate(topic.author)
    assert api.get(topics_url(gangbuk, pk=topic.pk)).json()["review"] == "pending"


def test_create_through_the_service(api, gangbuk, mapo):
    board = BoardFactory(district=gangbuk)
    payload = {"board": board.pk, "title": "API 주제", "body": "본문\n둘째 줄"}
    assert api.post(topics_url(gangbuk), payload, format="json").status_code in (401, 403)
    api.force_authenticate(trusted_resident(gangbuk))
    response = api.post(topics_url(gangbuk), payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == "본문\n둘째 줄" and response.json()["review"] == "approved"
    other_board = BoardFactory(district=mapo)
    wrong = api.post(topics_url(gangbuk), {**payload, "board": other_board.pk}, format="json")
    assert wrong.status_code == 400
    empty = api.post(topics_url(gangbuk), {**payload, "body": ""}, format="json")
    assert empty.status_code == 400
    huge = api.post(topics_url(gangbuk), {**payload, "body": "가" * 100_000}, format="json")
    assert huge.status_code == 400
    api.force_authenticate(user_with_role(Role.RESIDENT, mapo))
    refused = api.post(topics_url(gangbuk), payload, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_comments_nested_under_a_topic(api, gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    first = CommentFactory(topic=topic, body="첫 댓글", stance="for")
    CommentFactory(topic=topic, body="대기 댓글", review=Review.PENDING)
    url = reverse("api:topic-comments", kwargs={"district": gangbuk.slug, "pk": topic.pk})
    assert [c["body"] for c in api.get(url).json()["results"]] == ["첫 댓글"]
    api.force_authenticate(trusted_resident(gangbuk))
    response = api.post(url, {"body": "답글", "stance": "against", "parent": first.pk}, format="json")
    assert response.status_code == 201, response.json()
    reply = Comment.objects.get(body="답글")
    assert reply.root_id == first.pk and reply.stance == "against"
    bad = api.post(url, {"body": "x", "stance": "maybe"}, format="json")
    assert bad.status_code == 400
    missing = api.post(url, {"body": "x", "parent": 2**62}, format="json")
    assert missing.status_code == 400


def test_closed_topic_comment_is_refused(api, gangbuk):
    topic = TopicFactory(board=BoardFactory(district=gangbuk), status=Topic.Status.CLOSED)
    api.force_authenticate(trusted_resident(gangbuk))
    url = reverse("api:topic-comments", kwargs={"district": gangbuk.slug, "pk": topic.pk})
    assert api.post(url, {"body": "늦은 의견"}, format="json").status_code == 403


def test_boards_list(api, gangbuk):
    board = BoardFactory(district=gangbuk)
    data = api.get(reverse("api:forum-board-list", kwargs={"district": gangbuk.slug})).json()
    assert [b["title"] for b in data["results"]] == [board.process.title]


def test_openapi_documents_the_forum_endpoints(api):
    schema = api.get(reverse("schema"), {"format": "json"}).json()
    assert "/api/v1/{district}/topics/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/{district}/topics/{id}/comments/"]
