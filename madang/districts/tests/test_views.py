import pytest
from django.urls import reverse

from madang.accounts.models import Role, RoleAssignment
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry
from madang.districts.models import District, Vision

pytestmark = pytest.mark.django_db


def test_city_page_shows_both_seed_tables_and_links_districts(client, seoul, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(6):
        response = client.get("/")
    with django_assert_max_num_queries(3):  # the tables come from the fragment cache
        assert "&lt;시민협력플랫폼 자치구&gt; : 총 11개" in client.get("/").content.decode()
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;지역사회혁신계획 자치구&gt; : 총 15개" in html
    assert "&lt;시민협력플랫폼 자치구&gt; : 총 11개" in html
    assert "시민참여예산 구단위계획형" in html and "시민협력플랫폼 수행" in html
    assert '<a href="/gangbuk/">강북</a>' in html
    assert "7개구" in html and "6개구" in html
    for district in District.objects.all():
        assert f'href="/{district.slug}/"' in html


def test_every_district_page_renders(client, seoul, django_assert_max_num_queries):
    for district in District.objects.all():
        with django_assert_max_num_queries(8):
            response = client.get(f"/{district.slug}/")
        assert response.status_code == 200, district.slug
        assert district.name in response.content.decode()


def test_gangbuk_page_shows_vision_goals_and_participation(client, gangbuk):
    html = client.get("/gangbuk/").content.decode()
    assert "주민자치, 순환과 공생의 지역공동체 네트워크의 디딤돌" in html
    assert "자치구 시민주체의 성장을 통한 지역 협치 활성화" in html
    for goal in [
        "시민사회 포괄적 네트워크 활성화",
        "온/오프라인 플랫폼 거점 활성화",
        "사업 과정의 합리적 추진",
    ]:
        assert goal in html
    assert "2차년도" in html
    assert 'id="krds-skip-link"' in html and 'href="#main"' in html
    assert 'aria-label="현재 경로"' in html


def test_unknown_district_is_a_korean_404(client, seoul):
    response = client.get("/atlantis/")
    assert response.status_code == 404
    assert "&#x27;atlantis&#x27; 자치구를 찾을 수 없습니다." in response.content.decode()


def test_english_translation(client, gangbuk):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/gangbuk/"})
    assert response.status_code == 302
    html = client.get("/gangbuk/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Core goals" in html


def test_vision_edit_by_operator(client, gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    client.force_login(operator)
    url = reverse("districts:vision_edit", args=["gangbuk", "citizen-platform"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "함께 만드는 강북"})
    assert response.status_code == 302
    assert Vision.objects.get(district=gangbuk).text == "함께 만드는 강북"
    assert AuditEntry.objects.filter(district=gangbuk, action="update").count() == 1


def test_vision_edit_forbidden_for_resident_and_redirects_anonymous(client, gangbuk):
    url = reverse("districts:vision_edit", args=["gangbuk", "citizen-platform"])
    assert client.get(url).status_code == 302
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.post(url, {"text": "x"}).status_code == 403
    assert not AuditEntry.objects.exists()


def test_roles_page_grant_and_revoke(client, gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = UserFactory(email="new@example.kr")
    client.force_login(admin)
    url = reverse("districts:roles", args=["gangbuk"])
    response = client.post(url, {"email": "NEW@example.kr", "role": Role.OPERATOR})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.role == Role.OPERATOR
    html = client.get(url).content.decode()
    assert person.display_name in html
    client.post(reverse("districts:role_revoke", args=["gangbuk", assignment.pk]))
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(district=gangbuk).count() == 2


def test_roles_page_errors_in_korean(client, gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    UserFactory(email="p@example.kr")
    client.force_login(operator)
    url = reverse("districts:roles", args=["gangbuk"])
    html = client.post(url, {"email": "nobody@example.kr", "role": Role.RESIDENT}).content.decode()
    assert "이 이메일로 가입한 사용자가 없습니다." in html
    html = client.post(url, {"email": "p@example.kr", "role": Role.OFFICIAL}).content.decode()
    assert "공무원 역할에는 부서를 입력해야 합니다." in html
    html = client.post(url, {"email": "p@example.kr", "role": Role.DISTRICT_ADMIN}).content.decode()
    assert "이 역할을 부여할 권한이 없습니다." in html
    assert not RoleAssignment.objects.filter(user__email="p@example.kr").exists()


def test_roles_page_cannot_revoke_another_districts_role(client, gangbuk, mapo):
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, gangbuk))
    other = user_with_role(Role.RESIDENT, mapo).roles.get()
    response = client.post(reverse("districts:role_revoke", args=["gangbuk", other.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()


def test_audit_log_visible_to_district_admin_only(client, gangbuk, mapo):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    client.force_login(admin)
    client.post(
        reverse("districts:roles", args=["gangbuk"]), {"email": UserFactory().email, "role": "resident"}
    )
    response = client.get(reverse("districts:audit_log", args=["gangbuk"]))
    assert response.status_code == 200
    assert "생성" in response.content.decode()
    # the mapo admin sees mapo's (empty) log, not gangbuk's
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, mapo))
    assert client.get(reverse("districts:audit_log", args=["gangbuk"])).status_code == 403
    assert "기록이 없습니다." in client.get(reverse("districts:audit_log", args=["mapo"])).content.decode()
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get(reverse("districts:audit_log", args=["gangbuk"])).status_code == 403


def test_audit_log_query_count_is_bounded(client, gangbuk, django_assert_max_num_queries):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    from madang.accounts import services

    for _ in range(30):
        services.role_grant(actor=admin, user=UserFactory(), district=gangbuk, role=Role.RESIDENT)
    client.force_login(admin)
    # session, user, roles, unread count, page count and rows, and one query per related model named
    # in the entries (readable values) — bounded whatever the number of entries
    with django_assert_max_num_queries(10):
        assert client.get(reverse("districts:audit_log", args=["gangbuk"])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("districts:roles", args=["gangbuk"])).status_code == 200


def test_vision_form_starts_from_this_districts_vision_only(client, gangbuk, mapo):
    Vision.objects.filter(district=gangbuk).delete()
    program = (
        Vision.objects.get(district=mapo).program if Vision.objects.filter(district=mapo).exists() else None
    )
    if program is None:
        from madang.districts.models import Program

        program = Program.objects.get(slug="citizen-platform")
        Vision.objects.create(district=mapo, program=program, text="마포 비전 문장")
    mapo_text = Vision.objects.get(district=mapo, program=program).text
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    page = client.get(reverse("districts:vision_edit", args=["gangbuk", program.slug])).content.decode()
    assert mapo_text not in page


def test_audit_log_shows_field_labels_choice_labels_and_names(client, gangbuk, django_assert_max_num_queries):
    """Issue #7 item 7: no raw dicts with ids and codes; the verbose names, choice labels, names of
    related objects and local dates, loaded in a bounded number of queries."""
    from django.db import transaction

    from madang.core.services import audit_record
    from madang.network.models import IssueArea
    from madang.network.tests.factories import OrganisationFactory

    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    org = OrganisationFactory(district=gangbuk, name="수유 텃밭")
    care = IssueArea.objects.create(district=gangbuk, name="돌봄")
    for n in range(20):
        area = IssueArea.objects.create(district=gangbuk, name=f"의제{n}")
        with transaction.atomic():
            audit_record(
                actor=admin,
                action="update",
                obj=org,
                before={"kind": "civic", "issue_areas": [care.pk], "is_public": True},
                after={"kind": "community", "issue_areas": [care.pk, area.pk], "is_public": False},
            )
    with transaction.atomic():
        audit_record(
            actor=admin, action="approve", obj=org, after={"created_at": "2026-03-01T01:30:00+00:00"}
        )
    client.force_login(admin)
    with django_assert_max_num_queries(9):
        html = client.get(reverse("districts:audit_log", args=["gangbuk"])).content.decode()
    assert "{&#x27;" not in html and "'kind'" not in html and "civic" not in html
    assert "유형" in html and "민간단체" in html and "주민모임·마을공동체" in html
    assert "의제" in html and "돌봄, 의제19" in html
    assert "승인" in html and "수정" in html  # the domain verbs' labels
    assert "2026년 3월 1일" in html  # 10:30 in Seoul
    assert "(단체)" in html  # the model's name, not network.organisation


def test_role_form_offers_only_grantable_roles_and_revoking_asks_first(client, gangbuk):
    """Issue #7 item 11: an operator is offered only the roles they may grant, sees 회수 only where they
    may use it, and revoking asks for confirmation before anything changes."""
    operator = user_with_role(Role.OPERATOR, gangbuk)
    resident = user_with_role(Role.RESIDENT, gangbuk).roles.get()
    other_operator = user_with_role(Role.OPERATOR, gangbuk).roles.get()
    client.force_login(operator)
    html = client.get(reverse("districts:roles", args=["gangbuk"])).content.decode()
    assert 'value="resident"' in html and 'value="official"' in html
    assert 'value="operator"' not in html and 'value="district_admin"' not in html
    assert reverse("districts:role_revoke", args=["gangbuk", resident.pk]) in html
    assert reverse("districts:role_revoke", args=["gangbuk", other_operator.pk]) not in html

    confirm = client.get(reverse("districts:role_revoke", args=["gangbuk", resident.pk]))
    assert confirm.status_code == 200 and "회수할까요?" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=resident.pk).exists()  # nothing changed yet
    assert (
        client.get(reverse("districts:role_revoke", args=["gangbuk", other_operator.pk])).status_code == 403
    )
    client.post(reverse("districts:role_revoke", args=["gangbuk", resident.pk]))
    assert not RoleAssignment.objects.filter(pk=resident.pk).exists()

    client.force_login(user_with_role(Role.DISTRICT_ADMIN, gangbuk))
    html = client.get(reverse("districts:roles", args=["gangbuk"])).content.decode()
    assert 'value="operator"' in html
    assert reverse("districts:role_revoke", args=["gangbuk", other_operator.pk]) in html


def test_login_page_title_is_the_sites_name_not_the_host(client, seoul):
    html = client.get(reverse("accounts:login")).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "마당" in title and "testserver" not in title


def test_roles_page_lists_departments_with_members(client, gangbuk, mapo, django_assert_max_num_queries):
    from madang.districts.tests.factories import DepartmentFactory, department_member

    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    client.force_login(admin)
    url = reverse("districts:roles", args=["gangbuk"])
    client.post(
        url,
        {
            "email": UserFactory(display_name="김공무").email,
            "role": Role.OFFICIAL,
            "department": "기획예산과",
        },
    )
    DepartmentFactory(district=mapo, name="마포만의과")
    html = client.get(url).content.decode()
    assert "기획예산과" in html and "김공무" in html and "마포만의과" not in html
    for size in (3, 12):
        while gangbuk.departments.count() < size:
            department_member(DepartmentFactory(district=gangbuk))
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
