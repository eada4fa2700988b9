import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.proposals.models import Assignment, Proposal, Stage, Support, TierCrossing

from .factories import ProposalFactory, SupportFactory, operator, resident

pytestmark = pytest.mark.django_db


def _url(name, district, **kw):
    return reverse(f"proposals:{name}", kwargs={"district": district.slug, **kw})


def _many(process, district, n):
    users = [resident(district) for _ in range(3)]
    for i in range(n):
        p = ProposalFactory(process=process, district=district, author=users[i % 3], support_count=i)
        SupportFactory(proposal=p, user=users[i % 3])


@pytest.mark.parametrize("n", [3, 30])
def test_index_costs_the_same_at_any_size(
    client, gangbuk, process, n, django_assert_max_num_queries, settings
):
    settings.MADANG_PAGE_CACHE = False
    _many(process, gangbuk, n)
    client.force_login(resident(gangbuk))
    with django_assert_max_num_queries(14):
        response = client.get(_url("index", gangbuk), {"sort": "supported"})
    assert response.status_code == 200
    assert response.content.decode().count('class="md-card"') == min(n, 20)


def test_index_filters_and_sorts(client, gangbuk, process, settings):
    settings.MADANG_PAGE_CACHE = False
    a = ProposalFactory(process=process, district=gangbuk, title="가로등 설치", support_count=9)
    b = ProposalFactory(
        process=process, district=gangbuk, title="놀이터 정비", support_count=1, stage=Stage.DELIBERATION
    )
    ProposalFactory(
        process=process, district=gangbuk, title="숨은 제안", stage=Stage.PROPOSED, review="pending"
    )
    body = client.get(_url("index", gangbuk), {"sort": "supported"}).content.decode()
    assert body.index(a.title) < body.index(b.title) and "숨은 제안" not in body
    body = client.get(_url("index", gangbuk), {"stage": "deliberation"}).content.decode()
    assert b.title in body and a.title not in body
    # a bad filter value is dropped with a notice, never a 500
    assert client.get(_url("index", gangbuk), {"dong": "９", "tier": "x"}).status_code == 200


def test_index_korean_search(client, gangbuk, process, settings):
    from madang.proposals import services

    settings.MADANG_PAGE_CACHE = False
    p = services.proposal_create(
        actor=resident(gangbuk),
        district=gangbuk,
        process=process,
        title="어린이 보호구역 확대",
        body="학교 앞 과속",
    )
    services.proposal_create(
        actor=resident(gangbuk), district=gangbuk, process=process, title="도서관", body="책"
    )
    body = client.get(_url("index", gangbuk), {"q": "보호구역"}).content.decode()
    assert p.title in body and "도서관" not in body


@pytest.mark.parametrize("n", [2, 25])
def test_detail_costs_the_same_at_any_size(client, gangbuk, proposal, n, django_assert_max_num_queries):
    for _ in range(n):
        SupportFactory(proposal=proposal, user=resident(gangbuk))
    client.force_login(resident(gangbuk))
    with django_assert_max_num_queries(22):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "명 더 공감하면" in body and "D-" in body


def test_support_button_swaps_in_place_with_htmx(client, gangbuk, proposal):
    user = resident(gangbuk)
    client.force_login(user)
    response = client.post(_url("support", gangbuk, pk=proposal.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        body.startswith('<section id="support-box"') and "공감 취소" in body and "<strong>1</strong>" in body
    )
    response = client.post(
        _url("support", gangbuk, pk=proposal.pk), {"withdraw": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "공감하기" in response.content.decode()
    assert Support.objects.filter(proposal=proposal).count() == 0


def test_support_works_without_javascript(client, gangbuk, proposal):
    client.force_login(resident(gangbuk))
    response = client.post(_url("support", gangbuk, pk=proposal.pk), follow=True)
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert "공감했습니다." in response.content.decode()
    response = client.post(_url("support", gangbuk, pk=proposal.pk), follow=True)
    assert "이미 공감한 제안입니다." in response.content.decode()


def test_other_districts_resident_gets_a_korean_refusal(client, gangbuk, mapo, proposal):
    client.force_login(resident(mapo))
    response = client.post(_url("support", gangbuk, pk=proposal.pk), HTTP_HX_REQUEST="true")
    assert "이 자치구 주민만" in response.content.decode()
    assert proposal.supports.count() == 0


def test_create_page_and_bad_input(client, gangbuk, process):
    client.force_login(resident(gangbuk))
    assert client.get(_url("create", gangbuk)).status_code == 200
    response = client.post(_url("create", gangbuk), {"title": "제목", "body": "가" * 100_000})
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "20000" in response.content.decode() or "20,000" in response.content.decode()
    response = client.post(_url("create", gangbuk), {"title": "제목", "body": ""})
    assert response.status_code == 200 and not Proposal.objects.exists()
    response = client.post(
        _url("create", gangbuk),
        {"title": "좋은 제안", "body": "<script>alert(1)</script>[x](javascript:alert(1)) 본문"},
    )
    p = Proposal.objects.get()
    assert response.status_code == 302
    page = client.get(p.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page


def test_a_disallowed_stage_move_is_refused_in_korean_on_the_site(client, gangbuk, proposal):
    client.force_login(operator(gangbuk))
    response = client.post(
        _url("stage", gangbuk, pk=proposal.pk), {"target": "done", "reason": "바로 끝"}, follow=True
    )
    assert "'공감 모집' 단계에서 '완료' 단계로 옮길 수 없습니다" in html.unescape(response.content.decode())
    proposal.refresh_from_db()
    assert proposal.stage == Stage.SUPPORT


def test_stage_moves_show_on_the_timeline(client, gangbuk, proposal):
    client.force_login(operator(gangbuk))
    client.post(
        _url("stage", gangbuk, pk=proposal.pk), {"target": "deliberation", "reason": "공론장에서 논의"}
    )
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "숙의" in body and "공론장에서 논의" in body


def test_merged_proposal_redirects(client, gangbuk, process):
    from madang.proposals import services

    keep = ProposalFactory(process=process, district=gangbuk)
    dup = ProposalFactory(process=process, district=gangbuk)
    client.force_login(operator(gangbuk))
    response = client.post(_url("merge", gangbuk, pk=dup.pk), {"target": str(keep.pk), "reason": "중복"})
    assert response.status_code == 302
    response = client.get(dup.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == keep.get_absolute_url()
    assert "병합되었습니다" in response.content.decode()
    assert services  # imported for clarity


def _overdue(gangbuk, process):
    p = ProposalFactory(process=process, district=gangbuk, title="늦은 답변 제안")
    crossing = TierCrossing.objects.create(proposal=p, tier=process.tiers.first(), support_count=5)
    return Assignment.objects.create(
        proposal=p,
        crossing=crossing,
        kind="mayor",
        due_at=timezone.now() - datetime.timedelta(days=4, hours=1),
    )


def test_public_overdue_list_shows_the_delay(client, gangbuk, process):
    _overdue(gangbuk, process)
    body = client.get(_url("overdue", gangbuk)).content.decode()
    assert "늦은 답변 제안" in body and "4일" in body and "구청장" in body


def test_answer_refused_for_people_not_assigned(client, gangbuk, process):
    a = _overdue(gangbuk, process)
    client.force_login(user_with_role(Role.OFFICIAL, gangbuk))
    assert client.get(_url("answer", gangbuk, pk=a.pk)).status_code == 403
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, gangbuk))
    response = client.post(_url("answer", gangbuk, pk=a.pk), {"answer": "partial", "reason": "일부 수용"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.answer == "partial" and a.answered_at is not None


def test_operator_pages(client, gangbuk, process):
    client.force_login(operator(gangbuk))
    assert client.get(_url("manage", gangbuk)).status_code == 200
    assert client.get(_url("tiers", gangbuk, pk=process.pk)).status_code == 200
    response = client.post(_url("tiers", gangbuk, pk=process.pk), {"preset": "democracy_seoul"})
    assert response.status_code == 302
    assert list(process.tiers.values_list("threshold", flat=True)) == [50, 100, 1000]
    client.force_login(resident(gangbuk))
    assert client.get(_url("manage", gangbuk)).status_code == 403


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_index_detail_and_api_cost_exactly_the_same_at_two_sizes(client, gangbuk, process, settings):
    settings.MADANG_PAGE_CACHE = False
    user = resident(gangbuk)
    client.force_login(user)
    _many(process, gangbuk, 3)
    top = Proposal.objects.order_by("-support_count").first()
    urls = [
        _url("index", gangbuk),
        _url("index", gangbuk) + "?stage=support&sort=ending&tier=1",
        top.get_absolute_url(),
        f"/api/v1/{gangbuk.slug}/proposals/",
        _url("overdue", gangbuk),
    ]
    for url in urls:  # one-time lookups (content types, …) out of the way
        client.get(url)
    small = [_queries(client, url) for url in urls]
    _many(process, gangbuk, 40)
    for _ in range(30):
        SupportFactory(proposal=top, user=resident(gangbuk))
    large = [_queries(client, url) for url in urls]
    assert small == large, list(zip(urls, small, large, strict=True))
    assert max(small) <= 20
