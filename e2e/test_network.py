"""An organisation applies to the network, an operator approves, and it shows as a member
in the directory and in the graph."""

import re

import pytest
from playwright.sync_api import expect

from madang.accounts.models import Role
from madang.accounts.tests.factories import PASSWORD, UserFactory, user_with_role


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_role("textbox", name="이메일").fill(email)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="내 정보")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="로그아웃").click()


@pytest.mark.django_db(transaction=True)
def test_apply_approve_member_in_directory_and_graph(live_server, page):
    from madang.districts.models import District
    from madang.districts.services import reference_data_load
    from madang.network.models import Membership
    from madang.network.tests.factories import OrganisationFactory, editor_of, tie

    reference_data_load()
    gangbuk = District.objects.get(slug="gangbuk")
    applicant = OrganisationFactory(district=gangbuk, name="수유 아이돌봄 품앗이")
    partner = OrganisationFactory(district=gangbuk, name="강북지역포럼")
    tie(applicant, partner)
    editor = editor_of(applicant, email="rep@example.kr")
    user_with_role(Role.OPERATOR, gangbuk, email="operator@example.kr")
    UserFactory(email="bystander@example.kr")
    base = live_server.url

    log_in(page, base, editor.email)
    page.goto(base + "/gangbuk/network/")
    page.get_by_role("link", name="네트워크 가입 신청").click()
    page.get_by_label("누구로 가입하나요?").select_option(label="단체: 수유 아이돌봄 품앗이")
    page.get_by_label("하고 싶은 말").fill("돌봄 네트워크에 함께하고 싶습니다.")
    page.get_by_text(re.compile("가입 심사를 위해")).click()
    page.get_by_role("button", name="신청하기").click()
    expect(page.get_by_role("status")).to_contain_text("가입을 신청했습니다")
    assert Membership.objects.get(organisation=applicant).status == "applied"
    log_out(page)

    log_in(page, base, "operator@example.kr")
    page.goto(base + "/gangbuk/network/memberships/")
    row = page.get_by_role("row").filter(has_text="수유 아이돌봄 품앗이")
    expect(row).to_contain_text("돌봄 네트워크에 함께하고 싶습니다.")
    expect(row.get_by_role("radio", name="승인")).not_to_be_checked()  # no decision is pre-selected
    expect(row.get_by_role("radio", name="반려")).not_to_be_checked()
    row.get_by_role("button", name=re.compile("결정")).click()  # the browser asks for a choice first
    assert Membership.objects.get(organisation=applicant).status == "applied"
    row.locator("label", has_text="승인").click()
    row.get_by_role("button", name=re.compile("결정")).click()
    expect(page.get_by_role("status")).to_contain_text("가입 처리했습니다")
    log_out(page)

    page.goto(base + "/gangbuk/network/organisations/?members_only=on")
    card = page.get_by_role("listitem").filter(has_text="수유 아이돌봄 품앗이")
    expect(card).to_contain_text("네트워크 회원")
    expect(page.get_by_role("link", name="강북지역포럼")).to_have_count(0)

    page.goto(base + "/gangbuk/network/analytics/")
    expect(page.locator("#network-graph")).to_have_attribute("data-ready", "true")
    member = page.evaluate(f"window.madangNetworkGraph.getElementById('o{applicant.pk}').data('member')")
    assert member is True
    assert page.evaluate(f"window.madangNetworkGraph.getElementById('o{partner.pk}').data('member')") is False
    assert page.js_errors == []
