"""The follow toggle, the report form and the operators' moderation queue (districts pages over
core.follows / core.moderation), with the test-only reportable model `socialtest.Post`."""

from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from madang.accounts.models import DistrictSuspension, Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.follows import is_following
from madang.core.models import ModerationState, Report
from madang.core.moderation import report_content
from madang.core.tests.social_app.models import Post

pytestmark = pytest.mark.django_db


def _ct():
    return ContentType.objects.get_for_model(Post).pk


def follow_url(district, post):
    return reverse("districts:follow", kwargs={"district": district.slug, "ct_id": _ct(), "pk": post.pk})


def report_url(district, post):
    return reverse("districts:report", kwargs={"district": district.slug, "ct_id": _ct(), "pk": post.pk})


def decide_url(district, post):
    return reverse(
        "districts:moderation_decide", kwargs={"district": district.slug, "ct_id": _ct(), "pk": post.pk}
    )


# --- follow ---------------------------------------------------------------------------------------------


def test_follow_toggles_and_redirects_back(client, gangbuk):
    post, user = Post.objects.create(district=gangbuk, title="글"), UserFactory()
    client.force_login(user)
    response = client.post(follow_url(gangbuk, post), {"next": "/gangbuk/"})
    assert response.status_code == 302 and response["Location"] == "/gangbuk/"
    assert is_following(user, post)
    client.post(follow_url(gangbuk, post), {"next": "https://evil.example/"})
    assert not is_following(user, post)


def test_follow_with_htmx_answers_the_button(client, gangbuk):
    post, user = Post.objects.create(district=gangbuk, title="글"), UserFactory()
    client.force_login(user)
    response = client.post(follow_url(gangbuk, post), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "팔로우 취소" in html and "팔로워 1명" in html and 'aria-pressed="true"' in html
    html = client.post(follow_url(gangbuk, post), HTTP_HX_REQUEST="true").content.decode()
    assert ">팔로우<" in html and "팔로워 0명" in html


def test_follow_needs_login_and_a_registered_model_of_the_district(client, gangbuk, mapo):
    post = Post.objects.create(district=gangbuk, title="글")
    response = client.post(follow_url(gangbuk, post))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(follow_url(gangbuk, post), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and "/accounts/login/" in response["HX-Redirect"]
    client.force_login(UserFactory())
    assert client.post(follow_url(mapo, post)).status_code == 404
    assert client.get(follow_url(gangbuk, post)).status_code == 405
    district_ct = ContentType.objects.get_for_model(type(gangbuk)).pk
    url = reverse("districts:follow", kwargs={"district": "gangbuk", "ct_id": district_ct, "pk": gangbuk.pk})
    assert client.post(url).status_code == 404  # not registered followable
    url = reverse("districts:follow", kwargs={"district": "gangbuk", "ct_id": 999999, "pk": 1})
    assert client.post(url).status_code == 404


def test_follow_button_tag_shows_state_and_count(gangbuk):
    post, user = Post.objects.create(district=gangbuk, title="글"), UserFactory()
    request = RequestFactory().get("/gangbuk/x/")
    request.user, request.district = user, gangbuk
    html = Template("{% load madang %}{% follow_button post %}{% report_button post %}").render(
        Context({"request": request, "post": post})
    )
    assert ">팔로우<" in html and "팔로워 0명" in html and follow_url(gangbuk, post) in html
    assert report_url(gangbuk, post) in html and "신고" in html


# --- report ---------------------------------------------------------------------------------------------


def test_report_form_files_a_report_in_korean(client, gangbuk):
    post, user = Post.objects.create(district=gangbuk, title="광고 글"), UserFactory()
    client.force_login(user)
    page = client.get(report_url(gangbuk, post))
    html = page.content.decode()
    assert page.status_code == 200 and "‘광고 글’" in html and "스팸·광고" in html and "개인정보 노출" in html
    response = client.post(report_url(gangbuk, post), {"reason": "spam", "next": "/gangbuk/"})
    assert response.status_code == 302 and response["Location"] == "/gangbuk/"
    assert Report.objects.get().reporter == user
    again = client.post(report_url(gangbuk, post), {"reason": "abuse"})
    assert again.status_code == 200 and "이미 신고한 글입니다." in again.content.decode()
    other = client.post(
        report_url(gangbuk, Post.objects.create(district=gangbuk, title="b")), {"reason": "other"}
    )
    assert "'기타'를 고르면 신고 내용을 적어 주세요." in unescape(other.content.decode())


def test_report_needs_login_and_is_rate_limited(client, gangbuk):
    post = Post.objects.create(district=gangbuk, title="글")
    response = client.get(report_url(gangbuk, post))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    posts = [Post.objects.create(district=gangbuk, title=f"글{i}") for i in range(31)]
    for p in posts[:30]:
        assert client.post(report_url(gangbuk, p), {"reason": "spam"}).status_code == 302
    refused = client.post(report_url(gangbuk, posts[30]), {"reason": "spam"})
    assert refused.status_code == 200 and "요청이 너무 많습니다" in refused.content.decode()


def test_suspended_person_sees_why_they_cannot_report(client, gangbuk):
    from madang.accounts.services import user_suspend

    post, user = Post.objects.create(district=gangbuk, title="글"), UserFactory()
    user_suspend(actor=user_with_role(Role.OPERATOR, gangbuk), user=user, district=gangbuk, reason="도배")
    client.force_login(user)
    html = client.post(report_url(gangbuk, post), {"reason": "spam"}).content.decode()
    assert "이 자치구에서 신고할 수 없는 계정입니다." in html
    assert not Report.objects.exists()


# --- the queue ------------------------------------------------------------------------------------------


def _reported(district, n_reports=1, **kw):
    post = Post.objects.create(district=district, author=UserFactory(display_name="글쓴이"), **kw)
    for _ in range(n_reports):
        report_content(actor=UserFactory(), obj=post, reason="abuse", text="")
    return post


def test_queue_is_for_operators_of_the_district(client, gangbuk, mapo):
    url = reverse("districts:moderation", kwargs={"district": "gangbuk"})
    assert client.get(url).status_code == 302
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role(Role.OPERATOR, mapo))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get(url).status_code == 200


def test_queue_lists_reports_with_reasons_and_filters_hidden(client, gangbuk):
    hidden = _reported(gangbuk, 3, title="가려진 글")
    _reported(gangbuk, 1, title="신고 하나")
    report_content(actor=UserFactory(), obj=hidden, reason="other", text="전화번호가 보입니다")
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    url = reverse("districts:moderation", kwargs={"district": "gangbuk"})
    html = client.get(url).content.decode()
    assert "가려진 글" in html and "신고 하나" in html and "신고 4건" in html
    assert "욕설·혐오 3" in html and "기타 1" in html and "전화번호가 보입니다" in html
    assert "숨김(신고 누적)" in html and "글쓴이" in html
    html = client.get(url, {"state": "hidden"}).content.decode()
    assert "가려진 글" in html and "신고 하나" not in html


def test_queue_runs_a_bounded_number_of_queries(client, gangbuk, django_assert_max_num_queries):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    url = reverse("districts:moderation", kwargs={"district": "gangbuk"})
    for size in (2, 25):
        for i in range(size):
            _reported(gangbuk, 1, title=f"글 {size}-{i}")
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
    assert response.content.decode().count("<article") == 20


def test_restore_confirm_and_suspend_from_the_queue(client, gangbuk):
    post = _reported(gangbuk, 3, title="가려진 글")
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.post(decide_url(gangbuk, post), {"action": "restore"}).status_code == 302
    post.refresh_from_db()
    assert post.moderation == ModerationState.RESTORED
    client.post(decide_url(gangbuk, post), {"action": "confirm"})
    post.refresh_from_db()
    assert post.moderation == ModerationState.CONFIRMED
    response = client.post(decide_url(gangbuk, post), {"action": "suspend", "reason": ""}, follow=True)
    assert "정지 사유를 입력하세요." in response.content.decode()
    response = client.post(
        decide_url(gangbuk, post), {"action": "suspend", "reason": "욕설 반복", "days": "7"}, follow=True
    )
    assert "글쓴이 님의 활동을 정지했습니다." in response.content.decode()
    suspension = DistrictSuspension.objects.get(user=post.author, district=gangbuk)
    assert suspension.reason == "욕설 반복" and suspension.until is not None


def test_residents_cannot_decide(client, gangbuk):
    post = _reported(gangbuk, 3)
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.post(decide_url(gangbuk, post), {"action": "restore"}).status_code == 403
    post.refresh_from_db()
    assert post.moderation == ModerationState.HIDDEN
