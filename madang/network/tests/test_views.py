import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.districts.tests.factories import DongFactory
from madang.network import search
from madang.network.models import Affiliation, IssueArea, Membership, Organisation, Person, Tie
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
    assert "빈 칸으로 둘 수 없습니다" in html or "입력하세요" in html


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
