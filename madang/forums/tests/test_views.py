"""Forum pages: lists, topic page with threads, htmx posting and liking, forms, review, bounded queries."""

import datetime

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.forums.models import Comment, Review, Topic, TopicRevision

from .factories import BoardFactory, CommentFactory, TopicFactory, trusted_resident

pytestmark = pytest.mark.django_db


def url(name, district, **kw):
    return reverse(f"forums:{name}", kwargs={"district": district.slug, **kw})


@pytest.fixture
def board(gangbuk):
    return BoardFactory(district=gangbuk)


def test_board_list_and_overview(client, gangbuk, board):
    topic = TopicFactory(board=board, title="골목 청소 토론")
    page = client.get(url("board_list", gangbuk))
    assert page.status_code == 200 and board.process.title in page.content.decode()
    overview = client.get(url("overview", gangbuk))
    assert overview.status_code == 200 and topic.title in overview.content.decode()
    assert "공론장" in overview.content.decode()


@pytest.mark.parametrize("size", [3, 60])
def test_board_detail_runs_a_fixed_number_of_queries(
    client, gangbuk, board, size, django_assert_max_num_queries
):
    author = user_with_role(Role.RESIDENT, gangbuk)
    Topic.objects.bulk_create(
        Topic(district=gangbuk, board=board, author=author, title=f"주제 {i}", body="본문")
        for i in range(size)
    )
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    with django_assert_max_num_queries(14):
        page = client.get(url("board_detail", gangbuk, pk=board.pk), {"sort": "active"})
    assert page.status_code == 200
    assert page.content.decode().count('class="md-card"') == min(size, 20)


def test_board_detail_filters_and_bad_values(client, gangbuk, board):
    TopicFactory(board=board, title="열린 주제")
    TopicFactory(board=board, title="닫힌 주제", status=Topic.Status.CLOSED)
    body = client.get(url("board_detail", gangbuk, pk=board.pk), {"state": "closed"}).content.decode()
    assert "닫힌 주제" in body and "열린 주제" not in body
    page = client.get(url("board_detail", gangbuk, pk=board.pk), {"state": "<script>", "page": "999"})
    assert page.status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_topic_detail_runs_a_fixed_number_of_queries(
    client, gangbuk, board, size, django_assert_max_num_queries
):
    topic = TopicFactory(board=board)
    authors = [user_with_role(Role.RESIDENT, gangbuk) for _ in range(3)]
    roots = Comment.objects.bulk_create(
        Comment(district=gangbuk, topic=topic, author=authors[i % 3], body=f"댓글 {i}", stance="for")
        for i in range(size // 5)
    )
    Comment.objects.bulk_create(
        Comment(district=gangbuk, topic=topic, author=authors[i % 3], body=f"답글 {i}",
                parent=roots[i % len(roots)], root=roots[i % len(roots)])
        for i in range(size - len(roots))
    )  # fmt: skip
    Topic.objects.filter(pk=topic.pk).update(comment_count=size)
    client.force_login(authors[0])
    with django_assert_max_num_queries(22):
        page = client.get(url("topic_detail", gangbuk, pk=topic.pk))
    assert page.status_code == 200
    assert 'id="comment-form"' in page.content.decode()


def test_topic_page_shows_conclusion_stances_and_edited_mark(client, gangbuk, board):
    topic = TopicFactory(
        board=board, status=Topic.Status.CLOSED, conclusion="시범 운영 석 달", edited_at=board.created_at
    )
    CommentFactory(topic=topic, stance="for")
    CommentFactory(topic=topic, stance="against")
    body = client.get(url("topic_detail", gangbuk, pk=topic.pk)).content.decode()
    assert "결론" in body and "시범 운영 석 달" in body
    assert body.index("시범 운영 석 달") < body.index(topic.body)
    assert "수정됨" in body
    assert "닫힌 주제에는 댓글을 달 수 없습니다." in body


def test_markdown_is_sanitised_on_the_page(client, gangbuk, board):
    topic = TopicFactory(
        board=board,
        body="**굵게** <script>alert(1)</script> [나쁜 링크](javascript:alert(1)) "
        "<img src=x onerror=alert(1)>",
    )
    body = client.get(url("topic_detail", gangbuk, pk=topic.pk)).content.decode()
    assert "<script>alert" not in body
    assert 'href="javascript:' not in body
    assert "<img" not in body  # raw HTML is shown as text, never as a tag
    assert "<strong>굵게</strong>" in body  # Markdown is rendered (core.markdown)
    safe = TopicFactory(board=board, body="[구청](https://www.gangbuk.go.kr)")
    link = client.get(url("topic_detail", gangbuk, pk=safe.pk)).content.decode()
    assert 'href="https://www.gangbuk.go.kr" rel="nofollow noopener ugc"' in link


def test_creating_a_topic_through_the_form(client, gangbuk, board):
    user = trusted_resident(gangbuk)
    client.force_login(user)
    assert client.get(url("topic_create", gangbuk, pk=board.pk)).status_code == 200
    response = client.post(
        url("topic_create", gangbuk, pk=board.pk), {"title": "새 주제", "body": "함께 해요"}
    )
    topic = Topic.objects.get(title="새 주제")
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    empty = client.post(url("topic_create", gangbuk, pk=board.pk), {"title": "빈 본문", "body": "  "})
    assert empty.status_code == 200 and not Topic.objects.filter(title="빈 본문").exists()
    long = client.post(
        url("topic_create", gangbuk, pk=board.pk), {"title": "긴 본문", "body": "가" * 100_000}
    )
    assert long.status_code == 200 and not Topic.objects.filter(title="긴 본문").exists()


def test_anonymous_is_sent_to_log_in_and_outsiders_are_refused(client, gangbuk, mapo, board):
    response = client.get(url("topic_create", gangbuk, pk=board.pk))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("topic_create", gangbuk, pk=board.pk)).status_code == 403


def test_htmx_comment_posting_returns_the_form_and_the_new_comment(client, gangbuk, board):
    topic = TopicFactory(board=board)
    client.force_login(trusted_resident(gangbuk))
    response = client.post(
        url("comment_create", gangbuk, pk=topic.pk),
        {"body": "좋은 생각", "stance": "for"},
        HTTP_HX_REQUEST="true",
    )
    comment = Comment.objects.get(body="좋은 생각")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#thread-list"' in body and f'id="comment-{comment.pk}"' in body
    assert 'id="comment-form"' in body and "좋은 생각</textarea>" not in body
    reply = client.post(
        url("comment_create", gangbuk, pk=topic.pk),
        {"body": "답글이에요", "parent": comment.pk, "form_id": f"reply-form-{comment.pk}"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"beforeend:#replies-{comment.pk}" in reply
    bad = client.post(url("comment_create", gangbuk, pk=topic.pk), {"body": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "form-hint-invalid" in bad.content.decode()


def test_plain_comment_posting_redirects_to_the_comment(client, gangbuk, board):
    topic = TopicFactory(board=board)
    client.force_login(trusted_resident(gangbuk))
    response = client.post(url("comment_create", gangbuk, pk=topic.pk), {"body": "자바스크립트 없이"})
    comment = Comment.objects.get(body="자바스크립트 없이")
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")


def test_a_new_accounts_comment_says_it_waits_for_review(client, gangbuk, board):
    topic = TopicFactory(board=board)
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    body = client.post(
        url("comment_create", gangbuk, pk=topic.pk), {"body": "첫 댓글"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "운영진이 확인한 뒤 공개됩니다" in body
    assert Comment.objects.get(body="첫 댓글").review == Review.PENDING
    client.logout()
    assert "첫 댓글" not in client.get(url("topic_detail", gangbuk, pk=topic.pk)).content.decode()


def test_htmx_like_toggles_in_place(client, gangbuk, board):
    topic = TopicFactory(board=board)
    client.force_login(trusted_resident(gangbuk))
    liked = client.post(url("topic_like", gangbuk, pk=topic.pk), {"action": "like"}, HTTP_HX_REQUEST="true")
    assert 'aria-pressed="true"' in liked.content.decode() and "<span>1</span>" in liked.content.decode()
    again = client.post(url("topic_like", gangbuk, pk=topic.pk), {"action": "like"}, HTTP_HX_REQUEST="true")
    assert "<span>1</span>" in again.content.decode()
    unliked = client.post(
        url("topic_like", gangbuk, pk=topic.pk), {"action": "unlike"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="false"' in unliked.content.decode() and "<span>0</span>" in unliked.content.decode()
    comment = CommentFactory(topic=topic)
    response = client.post(url("comment_like", gangbuk, pk=comment.pk), {"action": "like"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.like_count == 1


def test_close_with_conclusion_and_history(client, gangbuk, board):
    topic = TopicFactory(board=board, body="처음 본문")
    client.force_login(topic.author)
    client.post(url("topic_edit", gangbuk, pk=topic.pk), {"title": topic.title, "body": "고친 본문"})
    assert TopicRevision.objects.filter(topic=topic, body="처음 본문").exists()
    history = client.get(url("topic_history", gangbuk, pk=topic.pk)).content.decode()
    assert "처음 본문" in history and "고친 본문" in history
    assert client.get(url("topic_close", gangbuk, pk=topic.pk)).status_code == 403
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("topic_history", gangbuk, pk=topic.pk)).status_code == 403
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get(url("topic_history", gangbuk, pk=topic.pk)).status_code == 200
    response = client.post(url("topic_close", gangbuk, pk=topic.pk), {"conclusion": "결론입니다"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Topic.Status.CLOSED and topic.conclusion == "결론입니다"


def test_comment_edit_and_history(client, gangbuk, board):
    comment = CommentFactory(topic=TopicFactory(board=board), body="처음 댓글")
    client.force_login(comment.author)
    response = client.post(
        url("comment_edit", gangbuk, pk=comment.pk), {"body": "고친 댓글", "stance": "neutral"}
    )
    assert response.status_code == 302
    history = client.get(url("comment_history", gangbuk, pk=comment.pk)).content.decode()
    assert "처음 댓글" in history


def test_offline_record_form(client, gangbuk, board):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    response = client.post(
        url("offline_create", gangbuk, pk=board.pk),
        {
            "title": "강북지역포럼",
            "held_on": "2026-10-01",
            "place": "거점",
            "attendance": "1,200명",
            "body": "요약",
        },
    )
    topic = Topic.objects.get(title="강북지역포럼")
    assert (
        response.status_code == 302
        and topic.attendance == 1200
        and topic.held_on == datetime.date(2026, 10, 1)
    )
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "1200명" in body and "2026년 10월 1일" in body


def test_review_queue_approves_and_rejects(client, gangbuk, board):
    topic = TopicFactory(board=board, review=Review.PENDING, title="검토 대기 주제")
    comment = CommentFactory(topic=TopicFactory(board=board), review=Review.PENDING, body="검토 대기 댓글")
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    page = client.get(url("review", gangbuk)).content.decode()
    assert "검토 대기 주제" in page and "검토 대기 댓글" in page
    client.post(url("topic_decide", gangbuk, pk=topic.pk), {"decision": "approve"})
    client.post(url("comment_decide", gangbuk, pk=comment.pk), {"decision": "reject", "reason": "광고"})
    topic.refresh_from_db()
    comment.refresh_from_db()
    assert topic.review == Review.APPROVED and comment.review == Review.REJECTED
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("review", gangbuk)).status_code == 403


def test_board_create_form(client, gangbuk):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get(url("board_create", gangbuk)).status_code == 200
    response = client.post(
        url("board_create", gangbuk),
        {"title": "분과 게시판", "slug": "bunkwa", "starts_on": "2026-01-01", "ends_on": "2027-12-31"},
    )
    assert response.status_code == 302


def test_overview_shows_the_sections_other_apps_register(client, gangbuk, settings):
    from madang.core import registry

    settings.MADANG_PAGE_CACHE = False
    TopicFactory(board=BoardFactory(district=gangbuk), title="최근 토론 주제")

    def proposals(district, user):
        return registry.Summary(
            title="시민제안",
            url=f"/{district.slug}/proposals/",
            count=12345,
            items=[registry.SummaryItem(title="공감 100명 넘은 제안", url="/x/", meta="공감 120")],
        )

    with registry.isolated():
        registry.register_summary("proposals", proposals, label="시민제안", order=20)
        registry.register_summary("nothing", lambda district, user: None, label="없음", order=30)
        body = client.get(url("overview", gangbuk)).content.decode()
    assert "최근 토론 주제" in body
    assert "시민제안" in body and "공감 100명 넘은 제안" in body and "(12345)" in body
    assert "없음" not in body  # a provider with nothing for this person adds no block
    assert body.count("포럼 전체 보기") == 1  # the forums' own block is the list, not a second summary
