import unicodedata

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.districts.tests.factories import DongFactory
from madang.network import search
from madang.network.models import Affiliation, IssueArea, Membership, Organisation, Person, Review, Tie
from madang.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    editor_of,
    tie,
)

pytestmark = pytest.mark.django_db


def url(name, district="gangbuk", **kwargs):
    return reverse(f"network:{name}", kwargs={"district": district, **kwargs})


@pytest.fixture
def many_orgs(gangbuk):
    care = IssueArea.objects.get(name="돌봄")
    dong = DongFactory(district=gangbuk, name="삼양동")
    orgs = [OrganisationFactory(district=gangbuk, name=f"단체{i:03d}") for i in range(60)]
    for i, org in enumerate(orgs):
        org.issue_areas.add(care)
        org.dongs.add(dong)
        if i % 2:
            MembershipFactory(organisation=org, status="approved")
        if i:
            tie(orgs[i - 1], org)
    return orgs


def test_directory_paginates_with_bounded_queries(client, many_orgs, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(url("organisation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "단체 60곳" in html and "단체000" in html and "단체030" not in html
    with django_assert_max_num_queries(10):
        page2 = client.get(url("organisation_list") + "?page=2").content.decode()
    assert "단체030" in page2


def test_directory_filters_and_bad_filter_values(client, gangbuk, many_orgs):
    html = client.get(url("organisation_list") + "?members_only=on").content.decode()
    assert "단체 30곳" in html
    care = IssueArea.objects.get(name="돌봄")
    assert "단체 60곳" in client.get(url("organisation_list") + f"?issue_area={care.pk}").content.decode()
    response = client.get(url("organisation_list") + "?issue_area=abc&kind=alien&page=zzz")
    assert response.status_code == 200
    assert "잘못된 검색 조건은 빼고 보여 드립니다." in response.content.decode()


def test_directory_search(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, name="강북공동체경제협동조합")
    search.index_organisation(org)
    OrganisationFactory(district=gangbuk, name="다른 모임")
    html = client.get(url("organisation_list") + "?q=협동조합").content.decode()
    assert "강북공동체경제협동조합" in html and "다른 모임" not in html


def test_organisation_detail_hides_contacts_from_public(client, gangbuk):
    org = OrganisationFactory(
        district=gangbuk, contact_email="secret@example.kr", contact_phone="02-000-0000"
    )
    assert "secret@example.kr" not in client.get(org.get_absolute_url()).content.decode()
    client.force_login(editor_of(org))
    assert "secret@example.kr" in client.get(org.get_absolute_url()).content.decode()
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert "secret@example.kr" in client.get(org.get_absolute_url()).content.decode()
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert "secret@example.kr" not in client.get(org.get_absolute_url()).content.decode()


def test_organisation_of_another_district_is_404(client, gangbuk, mapo):
    org = OrganisationFactory(district=mapo)
    assert client.get(url("organisation_detail", pk=org.pk)).status_code == 404


def test_register_organisation_via_form(client, gangbuk):
    client.force_login(UserFactory())
    care = IssueArea.objects.get(name="돌봄")
    response = client.post(
        url("organisation_create"),
        {
            "name": "<script>alert(1)</script>삼양 돌봄 모임",
            "kind": "community",
            "issue_areas": [care.pk],
            "consent": "on",
            "website": "samyang.example.org",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert org.name == "삼양 돌봄 모임"  # script and its content dropped
    assert org.website == "https://samyang.example.org"
    html = client.get(org.get_absolute_url()).content.decode()
    assert "<script>" not in html


def test_register_organisation_errors_in_korean(client, gangbuk):
    OrganisationFactory(district=gangbuk, name="있는 단체")
    client.force_login(UserFactory())
    html = client.post(
        url("organisation_create"), {"name": "있는 단체", "kind": "civic", "consent": "on"}
    ).content.decode()
    assert "&#x27;있는 단체&#x27; 단체가 이미 등록되어 있습니다." in html
    html = client.post(url("organisation_create"), {"name": "새 단체", "kind": "alien"}).content.decode()
    assert "올바르게 선택해 주세요" in html and "동의해야 단체를 등록할 수 있습니다." in html
    assert Organisation.objects.count() == 1


def test_register_requires_login(client, gangbuk):
    response = client.get(url("organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_edit_organisation_permission(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    client.force_login(UserFactory())
    assert client.get(url("organisation_edit", pk=org.pk)).status_code == 403
    client.force_login(editor_of(org))
    response = client.post(url("organisation_edit", pk=org.pk), {"name": "바뀐 이름", "kind": "civic"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "바뀐 이름"


def test_apply_and_operator_decides(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, name="신청 단체")
    editor = editor_of(org)
    client.force_login(editor)
    response = client.post(
        url("apply"), {"applicant": str(org.pk), "message": "함께하고 싶습니다", "consent": "on"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=org)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    client.force_login(operator)
    html = client.get(url("membership_manage")).content.decode()
    assert "신청 단체" in html and "함께하고 싶습니다" in html
    html = client.post(
        url("membership_decide", pk=membership.pk), {"decision": "reject", "reason": ""}, follow=True
    ).content.decode()
    assert "반려할 때는 사유를 적어 주세요." in html
    client.post(url("membership_decide", pk=membership.pk), {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == "approved"
    assert "네트워크 회원" in client.get(url("organisation_list")).content.decode()


def test_membership_manage_is_staff_only(client, gangbuk):
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("membership_manage")).status_code == 403
    membership = MembershipFactory(organisation=OrganisationFactory(district=gangbuk))
    assert client.post(url("membership_decide", pk=membership.pk), {"decision": "approve"}).status_code == 403


def test_membership_manage_query_count(client, gangbuk, django_assert_max_num_queries):
    for _ in range(40):
        MembershipFactory(organisation=OrganisationFactory(district=gangbuk), applied_by=UserFactory())
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    with django_assert_max_num_queries(10):
        assert client.get(url("membership_manage")).status_code == 200


def test_home_shows_progress_towards_target(client, gangbuk):
    from madang.network.models import Network

    Network.objects.create(district=gangbuk, name="강북구민간협의회", member_target=4)
    for _ in range(2):
        MembershipFactory(organisation=OrganisationFactory(district=gangbuk), status="approved")
    html = client.get(url("home")).content.decode()
    assert "강북구민간협의회" in html
    assert "목표 4명 중 50% 달성" in html


def test_person_directory_shows_public_only_and_hides_contacts(client, gangbuk):
    public = PersonFactory(district=gangbuk, skills="사진", phone="010-1111-2222")
    hidden = PersonFactory(district=gangbuk, is_public=False)
    html = client.get(url("person_list")).content.decode()
    assert public.user.display_name in html and hidden.user.display_name not in html
    detail = client.get(url("person_detail", pk=public.pk)).content.decode()
    assert "010-1111-2222" not in detail and public.user.email not in detail
    assert client.get(url("person_detail", pk=hidden.pk)).status_code == 404


def test_my_profile_consent_edit_export_delete(client, gangbuk):
    user = UserFactory()
    client.force_login(user)
    html = client.post(url("my_profile"), {}).content.decode()
    assert "개인정보 수집·이용에 동의해야 합니다." in html
    client.post(url("my_profile"), {"consent": "on"})
    person = Person.objects.get(user=user)
    client.post(url("my_profile"), {"skills": "회계", "is_public": "on"})
    person.refresh_from_db()
    assert person.skills == "회계"
    assert client.get(url("my_profile_export")).json()["skills"] == "회계"
    client.post(url("my_profile_delete"))
    assert not Person.objects.filter(user=user).exists()


def test_tie_create_and_delete(client, gangbuk):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk, name="상대 단체")
    editor = editor_of(a)
    client.force_login(editor)
    response = client.post(
        url("tie_create", pk=a.pk), {"other": b.pk, "kind": "co_host", "since": "2024-03-01"}
    )
    assert response.status_code == 302
    t = Tie.objects.get()
    assert "상대 단체" in client.get(a.get_absolute_url()).content.decode()
    client.post(url("tie_delete", pk=t.pk))
    assert not Tie.objects.exists()


def test_join_organisation_as_member(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    user = UserFactory()
    client.force_login(user)
    client.post(url("organisation_join", pk=org.pk), {"consent": "on"})
    assert Affiliation.objects.get(person__user=user).role == "member"


def test_settings_target_and_issue_area(client, gangbuk):
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, gangbuk))
    client.post(url("settings"), {"form": "settings", "name": "강북구민간협의회", "member_target": "1000"})
    from madang.network.models import Network

    assert Network.objects.get(district=gangbuk).member_target == 1000
    client.post(url("settings"), {"form": "issue_area", "name": "북한산"})
    assert IssueArea.objects.filter(district=gangbuk, name="북한산").exists()
    html = client.post(url("settings"), {"form": "issue_area", "name": "돌봄"}).content.decode()
    assert "&#x27;돌봄&#x27; 의제가 이미 있습니다." in html


def test_committees(client, gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    client.force_login(operator)
    response = client.post(url("committee_create"), {"name": "운영위원회", "kind": "steering"})
    assert response.status_code == 302
    person = PersonFactory(district=gangbuk)
    committee_url = response["Location"]
    html = client.post(
        committee_url,
        {"person": person.pk, "role": "chair", "term_start": "2025-01-01", "term_end": "2024-01-01"},
    ).content.decode()
    assert "임기 끝은 임기 시작보다 늦어야 합니다." in html
    client.post(committee_url, {"person": person.pk, "role": "chair", "term_start": "2025-01-01"})
    client.logout()
    html = client.get(url("committee_list")).content.decode()
    assert "운영위원회" in html and "현재 위원 1명" in html


def test_resources_directory_and_create(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    ResourceFactory(district=gangbuk, name="마을 회의실", owner=org, kind="space")
    ResourceFactory(district=gangbuk, name="음향 장비", kind="equipment")
    html = client.get(url("resource_list") + "?kind=space").content.decode()
    assert "마을 회의실" in html and "음향 장비" not in html
    client.force_login(editor_of(org))
    response = client.post(url("resource_create"), {"name": "공유 부엌", "kind": "space", "owner": org.pk})
    assert response.status_code == 302


def test_analytics_page(client, gangbuk, many_orgs, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(url("analytics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="network-graph-data"' in html and "단체001" in html
    assert client.get(url("analytics") + "?kind=alien").status_code == 200


def test_search_page(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, name="수유 아이돌봄 품앗이")
    search.index_organisation(org)
    html = client.get(url("search") + "?q=돌봄").content.decode()
    assert "수유 아이돌봄 품앗이" in html


def test_graph_data_escapes_html_in_names(client, gangbuk):
    a = OrganisationFactory(district=gangbuk, name="</script><script>alert(1)</script>")
    tie(a, OrganisationFactory(district=gangbuk))
    html = client.get(url("analytics")).content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_self_declared_member_does_not_see_contacts(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, contact_email="secret@example.kr")
    client.force_login(UserFactory())
    client.post(url("organisation_join", pk=org.pk), {"consent": "on"})
    assert "secret@example.kr" not in client.get(org.get_absolute_url()).content.decode()
    assert "secret@example.kr" not in client.get(url("export", fmt="csv")).content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("organisation_create", {"name": "<b></b>", "kind": "civic", "consent": "on"}),
        ("committee_create", {"name": "<i></i>", "kind": "steering"}),
        ("resource_create", {"name": "<i></i>", "kind": "space"}),
        ("settings", {"form": "settings", "name": "<b></b>", "member_target": "5"}),
    ],
)
def test_html_only_names_get_a_korean_error_not_a_500(client, gangbuk, name, data):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    response = client.post(url(name), data)
    assert response.status_code == 200
    html = response.content.decode()
    # the form cleans the name before its own checks, so "<b></b>" is an empty, required field
    assert "필수 항목입니다" in html


def test_clearing_founded_year(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, founded_year=2001, member_count=10)
    client.force_login(editor_of(org))
    client.post(url("organisation_edit", pk=org.pk), {"name": org.name, "kind": "civic"})
    org.refresh_from_db()
    assert org.founded_year is None and org.member_count is None


def test_inactive_persons_profile_is_gone(client, gangbuk):
    person = PersonFactory(district=gangbuk)
    person.user.is_active = False
    person.user.save()
    assert client.get(url("person_detail", pk=person.pk)).status_code == 404


def test_organisation_detail_query_count(client, gangbuk, django_assert_max_num_queries):
    org = OrganisationFactory(district=gangbuk)
    for _ in range(10):
        editor_of(org)
        ResourceFactory(district=gangbuk, owner=org)
    with django_assert_max_num_queries(12):
        assert client.get(org.get_absolute_url()).status_code == 200


def test_decide_with_too_long_reason_says_so(client, gangbuk):
    membership = MembershipFactory(organisation=OrganisationFactory(district=gangbuk))
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    html = client.post(
        url("membership_decide", pk=membership.pk), {"decision": "reject", "reason": "가" * 2001}, follow=True
    ).content.decode()
    assert "사유:" in html and "2000" in html
    membership.refresh_from_db()
    assert membership.status == "applied"


# --- input: look-alike names, escaped markup, numbers (issue #7 items 10, 19, 21), export filters (5) ----

LOOK_ALIKES = [
    "강북지역포럼\u200b",  # trailing zero-width space
    unicodedata.normalize("NFD", "강북지역포럼"),  # decomposed Hangul
    "강북\u200d지역포럼",  # zero-width joiner
    "강북\u202e지역포럼",  # right-to-left override
]


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_form_refuses_a_look_alike_of_an_existing_name(client, gangbuk, look_alike):
    OrganisationFactory(district=gangbuk, name="강북지역포럼")
    client.force_login(UserFactory())
    response = client.post(url("organisation_create"), {"name": look_alike, "kind": "civic", "consent": "on"})
    assert response.status_code == 200
    assert "&#x27;강북지역포럼&#x27; 단체가 이미 등록되어 있습니다." in response.content.decode()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["강북지역포럼"]


def test_form_stores_escaped_script_as_nothing_live(client, gangbuk):
    client.force_login(UserFactory())
    payload = "&lt;script&gt;alert(1)&lt;/script&gt;"
    response = client.post(
        url("organisation_create"),
        {"name": "모임" + payload, "kind": "civic", "consent": "on", "description": payload + "소개"},
    )
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert "<script" not in org.name + org.description
    assert "<script" not in client.get(org.get_absolute_url()).content.decode().split("</header>", 1)[1]


@pytest.mark.parametrize(
    ("founded_year", "member_count", "error"),
    [
        ("2010", "1,000", None),
        ("２０１０", "", "전각 숫자"),
        ("", "１２３", "전각 숫자"),
        ("", "1,00", "숫자만 입력하세요"),
        ("1899", "", "1900 이상인 숫자를 입력하세요."),
        ("", "9223372036854775808", "10,000,000 이하인 숫자를 입력하세요."),
    ],
)
def test_form_numbers_follow_one_rule(client, gangbuk, founded_year, member_count, error):
    client.force_login(UserFactory())
    response = client.post(
        url("organisation_create"),
        {
            "name": "숫자 모임",
            "kind": "civic",
            "consent": "on",
            "founded_year": founded_year,
            "member_count": member_count,
        },
    )
    if error is None:
        assert response.status_code == 302
        org = Organisation.objects.get()
        assert (org.founded_year, org.member_count) == (2010, 1000)
    else:
        assert response.status_code == 200 and error in response.content.decode()
        assert not Organisation.objects.exists()


def test_issue_area_and_committee_look_alikes_are_duplicates(client, gangbuk):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    client.post(url("settings"), {"form": "issue_area", "name": "마을 돌봄"})
    client.post(url("settings"), {"form": "issue_area", "name": "마을\u200b  돌봄\u202e"})
    assert IssueArea.objects.filter(district=gangbuk, name__contains="마을").count() == 1


def test_export_carries_the_directory_filters(client, gangbuk, many_orgs):
    # the links on the filtered page carry the query string
    html = client.get(url("organisation_list") + "?members_only=on&q=").content.decode()
    assert url("export", fmt="csv") + "?members_only=on&amp;q=" in html
    assert url("export", fmt="xlsx") + "?members_only=on&amp;q=" in html
    # and the export applies them: 30 members of 60
    lines = client.get(url("export", fmt="csv") + "?members_only=on").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 30
    OrganisationFactory(district=gangbuk, name="청년 마을모임", kind="community")
    lines = client.get(url("export", fmt="csv") + "?kind=community").content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["청년 마을모임"]
    unfiltered = client.get(url("export", fmt="csv")).content.decode("utf-8-sig").splitlines()
    assert len(unfiltered) == 1 + 61


# --- review (issue #7) --------------------------------------------------------------------------------


def test_registered_organisation_is_seen_by_applicant_and_operators_only(client, gangbuk):
    applicant = UserFactory()
    client.force_login(applicant)
    response = client.post(
        url("organisation_create"), {"name": "검토 마을모임", "kind": "community", "consent": "on"}
    )
    org = Organisation.objects.get(name="검토 마을모임")
    assert response.status_code == 302 and org.status == Review.PENDING
    page = client.get(org.get_absolute_url(), follow=True).content.decode()
    assert "단체 등록을 신청했습니다" in page and "검토 중인 단체입니다" in page
    assert "이 단체의 구성원입니다" not in page and "협력 관계 기록" not in page
    assert "검토 마을모임" not in client.get(url("organisation_list")).content.decode()
    assert "검토 마을모임" in client.get(url("home")).content.decode()  # "등록 검토 중" on the overview
    client.force_login(UserFactory())
    assert client.get(org.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(org.get_absolute_url()).status_code == 404
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    page = client.get(org.get_absolute_url()).content.decode()
    assert url("organisation_decide", pk=org.pk) in page


def test_review_queue_approve_and_reject(client, gangbuk, django_assert_max_num_queries):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    applicant = UserFactory()
    orgs = [
        OrganisationFactory(district=gangbuk, created_by=applicant, status=Review.PENDING) for _ in range(3)
    ]
    approved = OrganisationFactory(district=gangbuk)
    for _ in range(3):
        Affiliation.objects.create(
            organisation=approved,
            person=PersonFactory(district=gangbuk),
            role="member",
            status=Review.PENDING,
        )
    client.force_login(UserFactory())
    assert client.get(url("review")).status_code == 403
    client.force_login(operator)
    with django_assert_max_num_queries(12):
        response = client.get(url("review"))
    html = response.content.decode()
    assert all(org.name in html for org in orgs)
    assert "checked" not in html  # no decision pre-selected
    assert html.count('name="decision" value="approve"') == 6

    back = client.post(url("organisation_decide", pk=orgs[0].pk), {"decision": "approve", "from": "review"})
    assert back.status_code == 302 and back.url == url("review")
    orgs[0].refresh_from_db()
    assert orgs[0].status == Review.APPROVED
    assert orgs[0].name in client.get(url("organisation_list")).content.decode()

    no_reason = client.post(url("organisation_decide", pk=orgs[1].pk), {"decision": "reject"}, follow=True)
    assert "반려할 때는 사유를 적어 주세요" in no_reason.content.decode()
    no_choice = client.post(url("organisation_decide", pk=orgs[1].pk), {"reason": "?"}, follow=True)
    assert "승인 또는 반려를 선택하세요" in no_choice.content.decode()
    orgs[1].refresh_from_db()
    assert orgs[1].status == Review.PENDING
    client.post(url("organisation_decide", pk=orgs[1].pk), {"decision": "reject", "reason": "중복 등록"})
    orgs[1].refresh_from_db()
    assert orgs[1].status == Review.REJECTED
    client.force_login(applicant)
    assert "중복 등록" in client.get(orgs[1].get_absolute_url()).content.decode()


def test_org_editor_confirms_a_self_declared_member_on_the_org_page(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    editor = editor_of(org)
    member = UserFactory(display_name="자칭회원")
    client.force_login(member)
    client.post(url("organisation_join", pk=org.pk), {"consent": "on"})
    affiliation = Affiliation.objects.get(person__user=member)
    assert affiliation.status == Review.PENDING
    page = client.get(org.get_absolute_url()).content.decode()
    assert "구성원 확인 대기 중" in page and "자칭회원" not in page.split("구성원 확인 대기 중")[1]
    refused = client.post(url("affiliation_decide", pk=affiliation.pk), {"decision": "approve"}, follow=True)
    assert "처리할 권한이 없습니다" in refused.content.decode()

    client.logout()
    assert "자칭회원" not in client.get(url("person_list")).content.decode()
    assert "자칭회원" not in client.get(org.get_absolute_url()).content.decode()
    client.force_login(editor)
    page = client.get(org.get_absolute_url()).content.decode()
    assert "확인을 기다리는 구성원" in page and url("affiliation_decide", pk=affiliation.pk) in page
    response = client.post(url("affiliation_decide", pk=affiliation.pk), {"decision": "approve"})
    assert response.status_code == 302 and response.url == org.get_absolute_url()
    affiliation.refresh_from_db()
    assert affiliation.status == Review.APPROVED


def test_tie_counterpart_confirms_on_its_page(client, gangbuk):
    a, b = (
        OrganisationFactory(district=gangbuk, name="가단체"),
        OrganisationFactory(district=gangbuk, name="나단체"),
    )
    client.force_login(editor_of(a))
    client.post(url("tie_create", pk=a.pk), {"other": b.pk, "kind": "co_host"})
    made = Tie.objects.get()
    assert made.status == Review.PENDING
    assert "나단체" not in client.get(a.get_absolute_url()).content.decode().split("협력 관계")[1]
    client.force_login(editor_of(b))
    page = client.get(b.get_absolute_url()).content.decode()
    assert "이 단체의 확인을 기다리는 협력 관계" in page
    client.post(url("tie_decide", pk=made.pk), {"decision": "approve"})
    made.refresh_from_db()
    assert made.status == Review.APPROVED


def test_committee_page_hides_private_members_name(client, gangbuk):
    import datetime

    from madang.network.models import Committee, CommitteeSeat

    committee = Committee.objects.create(district=gangbuk, name="운영위원회", kind="steering")
    private = PersonFactory(district=gangbuk, is_public=False, user=UserFactory(display_name="숨은위원"))
    CommitteeSeat.objects.create(committee=committee, person=private, term_start=datetime.date(2026, 1, 1))
    html = client.get(committee.get_absolute_url()).content.decode()
    assert "숨은위원" not in html and "비공개 위원" in html
    client.force_login(private.user)
    assert "숨은위원" in client.get(committee.get_absolute_url()).content.decode()


def test_home_replaces_apply_button_with_the_membership_state(client, gangbuk):
    user = UserFactory()
    client.force_login(user)
    assert "네트워크 가입 신청" in client.get(url("home")).content.decode()
    client.post(url("apply"), {"applicant": "me", "consent": "on"})
    membership = Membership.objects.get(person__user=user)
    html = client.get(url("home")).content.decode()
    assert "가입 신청 중" in html and "네트워크 가입 신청" not in html
    membership.status = Membership.Status.APPROVED
    membership.save()
    html = client.get(url("home")).content.decode()
    assert "네트워크 가입 신청" not in html and "회원</span>" in html
    again = client.get(url("apply"), follow=True).content.decode()
    assert "이미 가입을 신청했거나 네트워크 회원입니다" in again


def test_membership_review_form_preselects_nothing(client, gangbuk):
    MembershipFactory(organisation=OrganisationFactory(district=gangbuk))
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    html = client.get(url("membership_manage")).content.decode()
    assert 'name="decision" value="approve"' in html and "checked" not in html
    assert html.count("required") >= 2


def test_years_ids_and_attributes_are_never_localized(client, gangbuk):
    """Issue #7 item 1: "2,010년 설립", "설립 연도 2,010", "2,019" in the import preview and
    <progress max="1,000"> came from localizing every number; only counts get a separator now."""
    from madang.network import spreadsheets
    from madang.network.models import Network

    Network.objects.update_or_create(district=gangbuk, defaults={"member_target": 1000})
    org = OrganisationFactory(district=gangbuk, founded_year=2010, member_count=1200)
    area = IssueArea.objects.create(pk=12345, district=gangbuk, name="숫자의제")
    html = client.get(url("organisation_list")).content.decode()
    assert "2010년 설립" in html and "2,010" not in html
    assert 'value="12345"' in html and "12,345" not in html
    html = client.get(url("organisation_detail", pk=org.pk)).content.decode()
    assert "<dd>2010</dd>" in html and "<dd>1,200</dd>" in html  # a count keeps its separator
    html = client.get(url("home")).content.decode()
    assert 'max="1000"' in html
    operator = user_with_role(Role.OPERATOR, gangbuk)
    batch = spreadsheets.preview_import(
        actor=operator,
        district=gangbuk,
        filename="a.csv",
        raw=f"단체명,유형,의제,설립연도\n새단체,civic,{area.name},2019\n".encode(),
    )
    client.force_login(operator)
    html = client.get(url("import_preview", batch=batch.pk)).content.decode()
    assert "2019" in html and "2,019" not in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url("organisation_list")).content.decode()
    assert "2010" in html and "2,010" not in html


def test_english_shows_reference_data_in_english_and_counts_in_plural(client, gangbuk):
    """Issue #7 item 13: district, issue-area and goal names stayed Korean in English; "117 Member"."""
    from madang.network.models import Network

    Network.objects.update_or_create(district=gangbuk, defaults={"member_target": 1000})
    care = IssueArea.objects.get(district=None, name="돌봄")
    org = OrganisationFactory(district=gangbuk, founded_year=2010)
    org.issue_areas.add(care)
    for _ in range(2):
        MembershipFactory(organisation=OrganisationFactory(district=gangbuk), status="approved")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url("organisation_list")).content.decode()
    assert "Care" in html and "돌봄" not in html
    assert gangbuk.name_en in html
    html = client.get(url("home")).content.decode()
    assert "<strong>2</strong> members" in html
    html = client.get(reverse("districts:detail", args=["gangbuk"])).content.decode()
    assert "An inclusive civil-society network" in html and "Openness" in html
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert "돌봄" in client.get(url("organisation_list")).content.decode()
