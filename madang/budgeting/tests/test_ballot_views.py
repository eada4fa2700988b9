"""Voting, results, turnout, paper ballot and channel score pages."""

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import ballot_services as services
from madang.budgeting.ballot_models import Ballot, BallotChoice, ChannelScore
from madang.budgeting.models import Project

from .ballots import Setup, now_in
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(gangbuk):
    return Setup(gangbuk)


def url(s, name, **kw):
    return reverse(
        f"budgeting:{name}", kwargs={"district": s.district.slug, "slug": s.cycle.process.slug, **kw}
    )


def test_vote_home_lists_headings_and_my_state(client, setup):
    anonymous = client.get(url(setup, "vote"))
    assert anonymous.status_code == 200 and "로그인한 뒤 투표할 수 있습니다" in anonymous.content.decode()
    user = setup.voter()
    client.force_login(user)
    page = client.get(url(setup, "vote")).content.decode()
    assert "구 단위 투표하기" in page and "동 단위 투표하기" in page
    assert "다른 행정동의 예산입니다" in page  # the other dong's heading


def test_ballot_flow_confirm_then_submit_then_edit(client, setup):
    user = setup.voter()
    client.force_login(user)
    form = client.get(url(setup, "ballot", heading=setup.pot.pk)).content.decode()
    assert "사업 a" in form and "부적격 사업" not in form and "동 사업" not in form
    assert 'hx-post="' in form and "ballot-total" in form
    # step 1: summary, nothing stored yet
    summary = client.post(url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("a", "b")})
    text = summary.content.decode()
    assert summary.status_code == 200 and "이대로 제출" in text and "90,000,000원" in text
    assert not Ballot.objects.exists()
    # step 2: confirmed
    done = client.post(
        url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("a", "b"), "confirm": "1"}
    )
    assert done.status_code == 302 and done["Location"] == url(setup, "vote")
    assert sorted(BallotChoice.objects.values_list("project__title", flat=True)) == ["사업 a", "사업 b"]
    # editing shows the stored choice ticked
    again = client.get(url(setup, "ballot", heading=setup.pot.pk)).content.decode()
    assert "이미 제출한 투표를 고치고 있습니다" in again
    assert f'value="{setup.p["a"].pk}"' in again and "checked" in again
    client.post(url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("c"), "confirm": "1"})
    assert list(BallotChoice.objects.values_list("project__title", flat=True)) == ["사업 c"]


def test_over_the_money_is_refused_on_the_page(client, setup):
    client.force_login(setup.voter())
    page = client.post(url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("a", "e")})
    text = page.content.decode()
    assert "넘습니다" in text and "이대로 제출" not in text
    # even skipping the summary step
    direct = client.post(
        url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("a", "e"), "confirm": "1"}
    )
    assert direct.status_code == 200 and "넘습니다" in direct.content.decode()
    assert not Ballot.objects.exists()


def test_running_total_partial(client, setup):
    response = client.post(
        url(setup, "ballot_total", heading=setup.pot.pk), {"projects": setup.ids("a", "b")}
    )
    text = response.content.decode()
    assert "90,000,000원" in text and "100,000,000원" in text and "남은 금액 10,000,000원" in text
    over = client.post(url(setup, "ballot_total", heading=setup.pot.pk), {"projects": setup.ids("a", "e")})
    assert "넘습니다" in over.content.decode()
    junk = client.post(url(setup, "ballot_total", heading=setup.pot.pk), {"projects": ["x", "-1", "9" * 40]})
    assert junk.status_code == 200


def test_unverified_sees_why_and_cannot_vote(client, gangbuk, setup):
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    page = client.get(url(setup, "ballot", heading=setup.pot.pk)).content.decode()
    assert (
        "주민 확인을 마친 분만 투표할 수 있습니다" in page
        and '<form method="post" class="md-form"' not in page
    )
    client.post(url(setup, "ballot", heading=setup.pot.pk), {"projects": setup.ids("a"), "confirm": "1"})
    assert not Ballot.objects.exists()


def test_voting_page_queries_bounded_at_two_sizes(client, setup, django_assert_max_num_queries, settings):
    settings.MADANG_PAGE_CACHE = False  # count the view's own queries, not a cache hit
    user = setup.voter()
    client.force_login(user)
    services.ballot_submit(actor=user, district=setup.district, heading=setup.pot, project_ids=setup.ids("a"))
    target = url(setup, "ballot", heading=setup.pot.pk)
    client.get(target)
    with django_assert_max_num_queries(16) as small:
        client.get(target)
    for i in range(60):
        ProjectFactory(
            heading=setup.pot, title=f"추가 사업 {i}", cost=1_000_000, status=Project.Status.SHORTLISTED
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(target)


def _voted_and_closed(gangbuk, monkeypatch, *, extra_projects=0, extra_voters=0):
    from django.utils import timezone

    s = Setup(gangbuk, phase="결과 발표")
    for i in range(extra_projects):
        ProjectFactory(
            heading=s.pot, title=f"추가 사업 {i}", cost=1_000_000, status=Project.Status.SHORTLISTED
        )
    real = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: now_in(s.cycle, "주민 투표"))
    for keys in [["a", "b"], ["b"], ["c", "d"]] + [["d"]] * extra_voters:
        user = s.voter()
        services.ballot_submit(actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids(*keys))
    monkeypatch.setattr("django.utils.timezone.now", real)
    return s


def test_results_preview_publish_and_public_page(client, gangbuk, monkeypatch, django_assert_max_num_queries):
    s = _voted_and_closed(gangbuk, monkeypatch)
    assert "아직 결과가 공개되지 않았습니다" in client.get(url(s, "results")).content.decode()
    assert client.get(url(s, "results_export", fmt="csv")).status_code == 404
    client.force_login(s.operator)
    preview = client.get(url(s, "results")).content.decode()
    assert "미리 보기" in preview and "결과 공개" in preview
    published = client.post(url(s, "results_publish"))
    assert published.status_code == 302
    assert Project.objects.get(pk=s.p["b"].pk).status == Project.Status.FUNDED
    client.logout()
    with django_assert_max_num_queries(8):
        page = client.get(url(s, "results"))
    text = page.content.decode()
    assert "사업 b" in text and "선정" in text and "행정동별 투표자" in text
    csv = client.get(url(s, "results_export", fmt="csv"))
    assert csv.status_code == 200 and "사업 b" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url(s, "results_export", fmt="xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(url(s, "results_export", fmt="pdf")).status_code == 404


def test_results_page_queries_do_not_grow(
    client, gangbuk, monkeypatch, django_assert_max_num_queries, settings
):
    settings.MADANG_PAGE_CACHE = False  # count the view's own queries, not a cache hit
    small = _voted_and_closed(gangbuk, monkeypatch)
    large = _voted_and_closed(gangbuk, monkeypatch, extra_projects=30, extra_voters=25)
    client.force_login(small.operator)
    client.post(url(small, "results_publish"))
    client.post(url(large, "results_publish"))
    client.logout()
    with django_assert_max_num_queries(8) as before:
        client.get(url(small, "results"))
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url(large, "results"))
    assert "추가 사업 29" in page.content.decode()


def test_operator_pages_are_staff_only_and_show_numbers_not_choices(client, gangbuk, monkeypatch):
    s = _voted_and_closed(gangbuk, monkeypatch)
    voter = s.voter()
    client.force_login(voter)
    for name in ("turnout", "offline", "channel_scores"):
        assert client.get(url(s, name)).status_code == 403
    assert client.get(url(s, "offline_entry", heading=s.pot.pk)).status_code == 403
    client.force_login(s.operator)
    page = client.get(url(s, "turnout")).content.decode()
    assert "투표한 주민" in page and "3" in page
    for project in Project.objects.all():
        assert project.title not in page


def test_offline_entry_form(client, gangbuk):
    s = Setup(gangbuk, phase="총회")
    name, birth = s.paper_voter()
    client.force_login(s.operator)
    target = url(s, "offline_entry", heading=s.pot.pk)
    form = client.get(target).content.decode()
    assert "투표자 이름" in form and "생년월일" in form
    done = client.post(
        target, {"name": name, "birth_date": birth.isoformat(), "projects": s.ids("a"), "note": ""}
    )
    assert done.status_code == 302 and Ballot.objects.filter(channel="offline").count() == 1
    twice = client.post(target, {"name": name, "birth_date": birth.isoformat(), "projects": s.ids("b")})
    assert twice.status_code == 200 and "이미 투표했습니다" in twice.content.decode()


def test_channel_scores_page(client, setup):
    client.force_login(setup.operator)
    target = url(setup, "channel_scores")
    page = client.get(target).content.decode()
    assert "예산학교" in page and "사업 a" in page
    a = setup.p["a"].pk
    done = client.post(target, {f"s_{a}_survey": "42"})
    assert done.status_code == 302 and ChannelScore.objects.get().score == 42
    bad = client.post(target, {f"s_{a}_survey": "-3"})
    assert bad.status_code == 200 and "0 이상" in bad.content.decode()


def test_cached_pages_follow_writes(client, setup):
    """The voting page is cached per viewer and rebuilt after their ballot changes."""
    user = setup.voter()
    client.force_login(user)
    target = url(setup, "ballot", heading=setup.pot.pk)
    assert "이미 제출한 투표를 고치고 있습니다" not in client.get(target).content.decode()
    services.ballot_submit(actor=user, district=setup.district, heading=setup.pot, project_ids=setup.ids("a"))
    assert "이미 제출한 투표를 고치고 있습니다" in client.get(target).content.decode()
