"""A resident proposes, residents support it past the first tier (the button swaps in place), an
official of the assigned department answers, and the proposal's page shows the answer and the timeline."""

import re

import pytest
from playwright.sync_api import expect

from madang.accounts.models import Role
from madang.accounts.tests.factories import PASSWORD, user_with_role


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_role("textbox", name="이메일").fill(email)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="내 정보")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="로그아웃").click()


@pytest.mark.django_db(transaction=True)
def test_propose_support_past_tier_answer_and_timeline(live_server, page):
    import datetime

    from django.utils import timezone

    from madang.districts.models import District
    from madang.districts.services import reference_data_load
    from madang.proposals.models import Assignment, Proposal, Support, Tier
    from madang.proposals.tests.factories import proposals_process

    reference_data_load()
    gangbuk = District.objects.get(slug="gangbuk")
    old = timezone.now() - datetime.timedelta(days=60)
    author = user_with_role(Role.RESIDENT, gangbuk, email="author@example.kr", date_joined=old)
    supporters = [
        user_with_role(Role.RESIDENT, gangbuk, email=f"supporter{i}@example.kr", date_joined=old)
        for i in range(2)
    ]
    official = user_with_role(Role.OFFICIAL, gangbuk, email="official@example.kr")
    from django.db import transaction

    from madang.core.services import SYSTEM
    from madang.districts.services import department_member_ensure

    with transaction.atomic():
        department = department_member_ensure(
            actor=SYSTEM, district=gangbuk, name="도로과", user=official
        ).department
    process = proposals_process(gangbuk, tiers=((3, 30, Tier.Action.DEPARTMENT),))
    Tier.objects.filter(process=process).update(default_department=department)
    base = live_server.url

    # a resident proposes
    log_in(page, base, author.email)
    page.goto(base + "/gangbuk/proposals/")
    page.get_by_role("link", name="제안하기").click()
    page.get_by_label("제목").fill("수유역 골목에 가로등을 달아 주세요")
    page.get_by_label("내용 (마크다운)").fill("밤길이 **어둡습니다**.\n\n- 가로등\n- 안심 귀갓길")
    page.get_by_role("button", name="제안 올리기").click()
    expect(page.get_by_role("heading", name="수유역 골목에 가로등을 달아 주세요")).to_be_visible()
    proposal = Proposal.objects.get()
    expect(page.locator(".md-prose strong")).to_have_text("어둡습니다")
    # the author supports too: the button and the count swap in place (htmx)
    page.get_by_role("button", name="공감하기").click()
    expect(page.locator("#support-box")).to_contain_text("공감 취소")
    expect(page.locator("#support-box strong")).to_have_text("1")
    expect(page.locator("#support-box")).to_contain_text("2명 더 공감하면")
    log_out(page)

    # two more residents support it past the first tier
    for user in supporters:
        log_in(page, base, user.email)
        page.goto(base + proposal.get_absolute_url())
        page.get_by_role("button", name="공감하기").click()
        expect(page.locator("#support-box")).to_contain_text("공감 취소")
        log_out(page)
    assert Support.objects.filter(proposal=proposal).count() == 3
    assignment = Assignment.objects.get(proposal=proposal)
    assert assignment.department == department and assignment.due_at is not None

    # an official of the assigned department answers from the department's inbox
    log_in(page, base, official.email)
    page.goto(base + "/gangbuk/proposals/inbox/")
    page.get_by_role("link", name="답변하기").click()
    page.locator("label", has_text=re.compile("^부분수용$")).click()
    page.get_by_label("사유").fill("올해는 두 곳에 달고 나머지는 내년 예산에 반영합니다.")
    page.get_by_role("button", name="답변 등록").click()
    expect(page.get_by_role("status")).to_contain_text("답변을 등록했습니다")
    answers = page.get_by_role("region", name="답변", exact=True)
    expect(answers).to_contain_text("부분수용")
    expect(answers).to_contain_text("도로과")
    timeline = page.get_by_role("region", name="진행 경과")
    expect(timeline).to_contain_text("공감 모집")
    expect(timeline).to_contain_text("공감 3명 도달")
    expect(timeline).to_contain_text("답변: 부분수용")
    expect(page.get_by_text("1단계 도달").first).to_be_visible()
    assert page.js_errors == []
