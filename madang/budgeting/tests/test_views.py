import datetime

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.models import Cycle, Heading, Project, ReviewScore
from madang.core.models import AuditEntry
from madang.districts.tests.factories import DongFactory

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase, verified_resident

pytestmark = pytest.mark.django_db
S = Project.Status


def url(name, cycle=None, district="mapo", **kwargs):
    if cycle is not None:
        kwargs["slug"] = cycle.slug
    return reverse(f"budgeting:{name}", kwargs={"district": district, **kwargs})


@pytest.fixture
def operator(mapo):
    return user_with_role(Role.OPERATOR, mapo)


def _fill(cycle, n, dong=None):
    heading = HeadingFactory(cycle=cycle, name=f"예산{Heading.objects.count()}")
    for i in range(n):
        ProjectFactory(heading=heading, title=f"사업{i:03d}", dong=dong)
    return heading


def test_home_and_cycle_page(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수", title="2026 마포 주민참여예산")
    HeadingFactory(cycle=cycle, name="구 전체", amount=1_500_000_000)
    html = client.get(url("home")).content.decode()
    assert "2026 마포 주민참여예산" in html
    html = client.get(cycle.get_absolute_url()).content.decode()
    assert "구 전체" in html and "1,500,000,000원" in html
    assert 'aria-current="step"' in html and "제안 접수" in html  # the timeline with the current phase
    assert "필요성" in html and "온라인 투표" in html  # published criteria and weights


def test_unpublished_cycle_is_for_staff_only(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "제안 접수", published=False)
    assert client.get(cycle.get_absolute_url()).status_code == 404
    client.force_login(operator)
    assert client.get(cycle.get_absolute_url()).status_code == 200


def test_project_list_paginates_with_bounded_queries(client, mapo, django_assert_max_num_queries):
    cycle = cycle_in_phase(mapo, "분과 심의")
    _fill(cycle, 5)
    with django_assert_max_num_queries(12):
        small = client.get(url("project_list", cycle))
    assert small.status_code == 200
    _fill(cycle, 60)
    with django_assert_max_num_queries(12):
        response = client.get(url("project_list", cycle))
    html = response.content.decode()
    assert "사업 65건" in html and "2 / 4 페이지" not in html and "1 / 4 페이지" in html


def test_project_list_filters(client, mapo):
    cycle = cycle_in_phase(mapo, "분과 심의")
    dong = DongFactory(district=mapo, name="망원1동")
    one = _fill(cycle, 3, dong=dong)
    _fill(cycle, 2)
    ProjectFactory(heading=one, title="철회된사업", status=S.WITHDRAWN)
    ProjectFactory(heading=one, title="적격사업", status=S.ELIGIBLE)
    assert "사업 6건" in client.get(url("project_list", cycle)).content.decode()  # withdrawn hidden
    assert "사업 4건" in client.get(url("project_list", cycle) + f"?heading={one.pk}").content.decode()
    assert "사업 3건" in client.get(url("project_list", cycle) + f"?dong={dong.pk}").content.decode()
    html = client.get(url("project_list", cycle) + "?status=eligible").content.decode()
    assert "사업 1건" in html and "적격사업" in html
    bad = client.get(url("project_list", cycle) + "?heading=abc&status=alien&page=zz")
    assert bad.status_code == 200 and "잘못된 검색 조건은 빼고 보여 드립니다." in bad.content.decode()


def test_propose_page_flow(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle)
    client.force_login(resident)
    assert client.get(url("project_create", cycle)).status_code == 200
    response = client.post(
        url("project_create", cycle),
        {"heading": heading.pk, "title": "골목 화단", "description": "화단을 가꿉니다.", "cost": "3,000,000"},
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.cost == 3_000_000 and project.author == resident
    html = client.get(project.get_absolute_url()).content.decode()
    assert "골목 화단" in html and "3,000,000원" in html


def test_propose_page_explains_why_not(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    HeadingFactory(cycle=cycle)
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    html = client.get(url("project_create", cycle)).content.decode()
    assert "주민 확인을 마친 분만" in html
    young = verified_resident(cycle, age=12)
    client.force_login(young)
    response = client.post(url("project_create", cycle), {"title": "x"})
    assert response.status_code == 403 and "14세" in response.content.decode()
    assert not Project.objects.exists()


def test_bad_cost_input_is_a_form_error(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    client.force_login(verified_resident(cycle))
    for cost in ("-5", "0", "1,000,000,000,001", "１２３", "많이"):
        response = client.post(
            url("project_create", cycle),
            {"heading": heading.pk, "title": "x", "description": "y", "cost": cost},
        )
        assert response.status_code == 200, cost
    assert not Project.objects.exists()


def test_operator_enters_on_behalf(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    client.force_login(operator)
    client.post(
        url("project_create", cycle),
        {
            "heading": heading.pk,
            "title": "경로당 수리",
            "description": "지붕이 샙니다.",
            "cost": "9000000",
            "on_behalf_name": "박할머니",
        },
    )
    project = Project.objects.get()
    assert project.on_behalf_name == "박할머니" and project.author is None


def test_review_page(client, mapo):
    cycle = cycle_in_phase(mapo, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    member = committee_member(cycle)
    client.force_login(member)
    queue = client.get(url("review_queue", cycle)).content.decode()
    assert project.title in queue
    fields = {f"c{c.pk}": "4" for c in cycle.criteria.all()}
    response = client.post(url("project_review", cycle, pk=project.pk), fields)
    assert response.status_code == 302
    assert ReviewScore.objects.filter(project=project, reviewer=member).count() == 4
    project.refresh_from_db()
    assert str(project.review_total) == "80.00"
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("project_review", cycle, pk=project.pk)).status_code == 403


def test_shortlist_page(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    client.force_login(operator)
    assert project.title in client.get(url("shortlist", cycle)).content.decode()
    client.post(url("shortlist", cycle), {"project": project.pk, "shortlisted": "1"})
    assert Project.objects.get(pk=project.pk).status == S.SHORTLISTED
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("shortlist", cycle)).status_code == 403


def test_status_and_progress(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "집행 모니터링")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.FUNDED)
    client.force_login(operator)
    client.post(url("project_progress", cycle, pk=project.pk), {"text": "착공", "percent": "20"})
    project.refresh_from_db()
    assert project.status == S.IN_PROGRESS and project.progress_percent == 20
    assert "착공" in client.get(project.get_absolute_url()).content.decode()
    response = client.post(url("project_status", cycle, pk=project.pk), {"status": "submitted"}, follow=True)
    assert "바꿀 수 없습니다" in response.content.decode()
    client.post(url("project_status", cycle, pk=project.pk), {"status": "done"})
    assert Project.objects.get(pk=project.pk).status == S.DONE


def test_settings_headings_and_weights(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "제안 접수")
    client.force_login(operator)
    assert client.get(url("settings", cycle)).status_code == 200
    client.post(
        url("heading_create", cycle), {"name": "구 전체", "kind": "district", "amount": "1,000,000,000"}
    )
    heading = Heading.objects.get(cycle=cycle)
    assert heading.amount == 1_000_000_000
    client.post(
        url("heading_edit", cycle, pk=heading.pk),
        {"name": "구 전체", "kind": "district", "amount": "900000000"},
    )
    assert Heading.objects.get(pk=heading.pk).amount == 900_000_000
    response = client.post(url("settings", cycle), {"form": "weights", "online": "60", "committee": "30"})
    assert "합은 100" in response.content.decode()
    client.post(url("settings", cycle), {"form": "preset", "preset": "2015"})
    assert dict(cycle.channel_weights.values_list("channel", "weight")) == {
        "committee": 45,
        "online": 45,
        "survey": 10,
    }
    client.post(
        url("settings", cycle),
        {
            "form": "settings",
            "min_age": "16",
            "ballot_kind": "knapsack",
            "approval_max_picks": "3",
            "knapsack_min_share": "70",
        },
    )
    cycle.refresh_from_db()
    assert (cycle.min_age, cycle.ballot_kind, cycle.knapsack_min_share) == (16, "knapsack", 70)
    client.post(url("heading_delete", cycle, pk=heading.pk))
    assert not Heading.objects.filter(pk=heading.pk).exists()
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("settings", cycle)).status_code == 403


def test_cycle_create_page(client, mapo, operator):
    client.force_login(operator)
    response = client.post(
        url("cycle_create"),
        {
            "title": "2027 주민참여예산",
            "slug": "budget-2027",
            "year": "2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "weights_preset": "2018",
            "is_published": "on",
        },
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and cycle.process.starts_on == datetime.date(2027, 1, 1)
    assert AuditEntry.objects.filter(object_type="budgeting.cycle").exists()


def test_committee_page(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    person = user_with_role(Role.RESIDENT, mapo, email="wiwon@example.kr")
    client.force_login(operator)
    client.post(url("committee", cycle), {"email": "wiwon@example.kr"})
    member = cycle.committee_members.get()
    assert member.user == person
    response = client.post(url("committee", cycle), {"email": "nobody@example.kr"})
    assert "계정이 없습니다" in response.content.decode()
    client.post(url("committee_remove", cycle, pk=member.pk))
    assert not cycle.committee_members.exists()


def test_export(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    ProjectFactory(heading=HeadingFactory(cycle=cycle), title="=HYPERLINK(1)")
    client.force_login(operator)
    response = client.get(url("export", cycle, fmt="csv"))
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "사업명" in body and "'=HYPERLINK(1)" in body
    assert client.get(url("export", cycle, fmt="xlsx")).status_code == 200
    assert client.get(url("export", cycle, fmt="exe")).status_code == 404
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("export", cycle, fmt="csv")).status_code == 403


def test_screening_page(client, mapo):
    from madang.districts.tests.factories import DepartmentFactory, department_member

    cycle = cycle_in_phase(mapo, "적격 심사")
    roads = DepartmentFactory(district=mapo, name="도로과")
    DepartmentFactory(district=mapo, name="공원녹지과")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), description="**굵게** <script>x</script>")
    official = department_member(roads)
    client.force_login(official)
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>굵게</strong>" in detail and "<script>" not in detail  # Markdown, sanitised
    page = client.get(url("project_screen", cycle, pk=project.pk)).content.decode()
    assert "도로과" in page and "공원녹지과" not in page  # only the official's own department
    response = client.post(
        url("project_screen", cycle, pk=project.pk),
        {"department": roads.pk, "decision": "ineligible", "reasons": "국비 사업과 중복"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.INELIGIBLE
    assert "국비 사업과 중복" in client.get(project.get_absolute_url()).content.decode()
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.get(url("project_screen", cycle, pk=project.pk)).status_code == 403


def test_attachment_upload(client, mapo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    cycle = cycle_in_phase(mapo, "제안 접수")
    resident = verified_resident(cycle)
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), author=resident)
    client.force_login(resident)
    fake = SimpleUploadedFile("사진.png", b"not really a png", content_type="image/png")
    client.post(url("project_attach", cycle, pk=project.pk), {"file": fake})
    assert not project.attachments.exists()
    pdf = SimpleUploadedFile("도면.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url("project_attach", cycle, pk=project.pk), {"file": pdf, "caption": "위치 도면"})
    attachment = project.attachments.get()
    assert attachment.kind == "pdf" and attachment.caption == "위치 도면"
    assert "위치 도면" in client.get(project.get_absolute_url()).content.decode()
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    assert client.post(url("project_attach", cycle, pk=project.pk), {"file": pdf}).status_code == 403


def test_cached_pages_follow_writes(client, mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE, title="캐시사업")
    assert "사업 1건" in client.get(url("project_list", cycle)).content.decode()
    ProjectFactory(heading=project.heading)
    assert "사업 2건" in client.get(url("project_list", cycle)).content.decode()
    from madang.budgeting import services

    assert "적격" in client.get(project.get_absolute_url()).content.decode()
    services.project_shortlist(actor=operator, project=project)  # a conditional UPDATE + its audit row
    assert "투표 대상" in client.get(project.get_absolute_url()).content.decode()
