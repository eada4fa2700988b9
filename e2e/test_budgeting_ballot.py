"""A verified resident fills a knapsack ballot on a phone: the running total follows the ticked boxes
(htmx), the summary step asks "이대로 제출", the ballot is stored, changed, and can never exceed the money."""

import re

import pytest
from playwright.sync_api import expect

from madang.accounts.tests.factories import PASSWORD

from .test_network import log_in


def toggle(page, key):
    """Tick or untick a project as a person does: on its label (the KRDS box is drawn by the label)."""
    page.locator("label", has_text=re.compile(f"^사업 {key} ")).click()


@pytest.mark.django_db(transaction=True)
def test_knapsack_ballot_running_total_submit_change_and_money_limit(live_server, page):
    from madang.budgeting.ballot_models import BallotChoice
    from madang.budgeting.tests.ballots import Setup
    from madang.districts.models import District
    from madang.districts.services import reference_data_load

    reference_data_load()
    gangbuk = District.objects.get(slug="gangbuk")
    s = Setup(gangbuk)  # 구 단위 100,000,000원: a 60, b 30, c 20, d 10, e 45 (백만 원)
    voter = s.voter()
    voter.email = "voter@example.kr"
    voter.set_password(PASSWORD)
    voter.save()
    base = live_server.url

    log_in(page, base, voter.email)
    page.goto(f"{base}/gangbuk/budgeting/{s.cycle.process.slug}/vote/")
    page.get_by_role("link", name="구 단위 투표하기").click()
    total = page.locator("#ballot-total")
    expect(total).to_contain_text("고른 사업비 0원 / 예산 100,000,000원")

    toggle(page, "a")
    expect(total).to_contain_text("고른 사업비 60,000,000원")
    toggle(page, "b")
    expect(total).to_contain_text("고른 사업비 90,000,000원")
    expect(total).to_contain_text("남은 금액 10,000,000원")
    # over the money: the running total warns at once
    toggle(page, "e")
    expect(total).to_contain_text("넘습니다")
    # and the server refuses it on submit
    page.get_by_role("button", name="확인").click()
    expect(page.get_by_role("alert")).to_contain_text("넘습니다")
    assert not BallotChoice.objects.exists()

    toggle(page, "e")
    expect(page.locator("#ballot-total")).to_contain_text("남은 금액 10,000,000원")
    page.get_by_role("button", name="확인").click()
    expect(page.get_by_role("heading", name="이대로 제출할까요?")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("사업 a")
    page.get_by_role("button", name="이대로 제출").click()
    expect(page.get_by_role("status").first).to_contain_text("투표를 제출했습니다")
    assert sorted(BallotChoice.objects.values_list("project__title", flat=True)) == ["사업 a", "사업 b"]

    # change it while voting is open
    page.get_by_role("link", name="구 단위 투표 고치기").click()
    expect(page.get_by_label(re.compile("^사업 a "))).to_be_checked()
    toggle(page, "a")
    toggle(page, "e")
    expect(page.locator("#ballot-total")).to_contain_text("고른 사업비 75,000,000원")
    page.get_by_role("button", name="확인").click()
    page.get_by_role("button", name="이대로 제출").click()
    expect(page.get_by_role("status").first).to_contain_text("투표를 제출했습니다")
    assert sorted(BallotChoice.objects.values_list("project__title", flat=True)) == ["사업 b", "사업 e"]
    assert page.js_errors == []
