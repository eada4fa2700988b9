"""A resident signs up, logs out, logs in again and opens the district page — on a phone-sized screen."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from madang.accounts.models import Role, RoleAssignment, User


@pytest.mark.django_db(transaction=True)
def test_signup_login_and_open_district_page(live_server, page):
    from madang.districts.services import reference_data_load

    reference_data_load()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("자치구 지역협치 사업 추진 현황")
    expect(page.get_by_role("table").first).to_contain_text("시민참여예산 구단위계획형")

    page.get_by_role("link", name="회원가입").first.click()
    page.get_by_role("textbox", name="이메일").fill("e2e@example.kr")
    page.get_by_role("textbox", name="표시 이름").fill("브라우저 주민")
    page.get_by_label("비밀번호 (필수)", exact=True).fill("a-long-pass-phrase-7")
    page.get_by_label("비밀번호 확인").fill("a-long-pass-phrase-7")
    page.get_by_label("사는 자치구 (선택)").select_option("gangbuk")
    page.get_by_text(re.compile("개인정보.*동의합니다")).click()
    page.get_by_role("button", name="가입하기").click()

    # the answer is the same whether or not the address has an account; the e-mail says the rest
    expect(page.get_by_role("heading", level=1)).to_contain_text("확인 메일을 보냈습니다")
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/activate/" in line)
    page.goto(live_server.url + "/accounts/activate/" + link.split("/accounts/activate/", 1)[1])
    page.get_by_role("button", name="가입 마치기").click()

    expect(page).to_have_url(re.compile(r"/gangbuk/$"))
    expect(page.get_by_role("status")).to_contain_text("가입을 환영합니다")
    user = User.objects.get(email="e2e@example.kr")
    assert RoleAssignment.objects.filter(user=user, district__slug="gangbuk", role=Role.RESIDENT).exists()

    page.get_by_role("button", name="로그아웃").click()
    page.get_by_role("link", name="로그인").first.click()
    page.get_by_role("textbox", name="이메일").fill("e2e@example.kr")
    page.get_by_label("비밀번호").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="내 정보")).to_be_visible()

    page.goto(live_server.url + "/mapo/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("마포구 시민협력플랫폼")
    expect(page.get_by_text("마포 시민사회의 포괄넷 구축과 자립기반 마련")).to_be_visible()
    # skip link is the first thing keyboard users reach
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="본문 바로가기")).to_be_focused()
    # nothing overflows a 390px phone screen horizontally
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.js_errors == []
