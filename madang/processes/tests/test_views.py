import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry
from madang.processes.models import Phase, Process
from madang.processes.tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def url(name, district="gangbuk", **kwargs):
    return reverse(f"processes:{name}", kwargs={"district": district, **kwargs})


@pytest.fixture
def process(gangbuk):
    today = timezone.localdate()
    process = ProcessFactory(
        district=gangbuk,
        slug="proposals",
        title="강북 시민제안",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
    )
    now = timezone.now()
    PhaseFactory(
        process=process,
        name="제안 모집",
        features=["propose"],
        starts_at=now - datetime.timedelta(days=20),
        ends_at=now - datetime.timedelta(days=5),
    )
    PhaseFactory(
        process=process,
        name="공감 모으기",
        features=["support", "comment"],
        starts_at=now - datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5),
    )
    PhaseFactory(
        process=process,
        name="검토",
        features=["review"],
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=20),
    )
    return process


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


def test_list_shows_published_to_everyone_and_drafts_to_staff(client, gangbuk, process, operator):
    ProcessFactory(district=gangbuk, title="준비 중인 과정", is_published=False)
    body = client.get(url("list")).content.decode()
    assert "강북 시민제안" in body and "준비 중인 과정" not in body and "참여 과정 만들기" not in body
    client.force_login(operator)
    body = client.get(url("list")).content.decode()
    assert "준비 중인 과정" in body and "참여 과정 만들기" in body


def test_list_is_bounded(client, gangbuk, process, django_assert_max_num_queries):
    for _ in range(10):
        PhaseFactory(process=ProcessFactory(district=gangbuk))
    with django_assert_max_num_queries(4):
        assert client.get(url("list")).status_code == 200


def test_nav_links_to_processes(client, gangbuk):
    body = client.get(reverse("districts:detail", kwargs={"district": "gangbuk"})).content.decode()
    assert url("list") in body


def test_detail_timeline(client, process, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(url("detail", slug="proposals"))
    body = response.content.decode()
    assert body.count('aria-current="step"') == 1
    current = body.split('aria-current="step"')[1].split("</li>")[0]
    assert "공감 모으기" in current and "진행 중" in current and "공감" in current and "댓글" in current
    assert "지난 단계" in body and "예정" in body
    assert '<ol class="md-timeline__steps">' in body
    assert f"{process.starts_on.year}년 {process.starts_on.month}월 {process.starts_on.day}일" in body
    assert "단계 추가" not in body


def test_unpublished_detail_is_404_for_residents(client, gangbuk, process):
    process.is_published = False
    process.save()
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("detail", slug="proposals")).status_code == 404
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get(url("detail", slug="proposals")).status_code == 200


def test_other_district_is_404(client, mapo, process):
    client.force_login(user_with_role(Role.OPERATOR, mapo))
    assert client.get(url("detail", district="mapo", slug="proposals")).status_code == 404
    assert client.get(url("edit", district="mapo", slug="proposals")).status_code == 404
    phase = process.phases.first()
    assert client.get(url("phase_edit", district="mapo", slug="proposals", pk=phase.pk)).status_code == 404
    assert client.post(url("phase_delete", district="mapo", slug="proposals", pk=phase.pk)).status_code == 404
    assert client.post(url("delete", district="mapo", slug="proposals")).status_code == 404
    assert Phase.objects.filter(pk=phase.pk).exists() and Process.objects.filter(pk=process.pk).exists()


def test_phase_of_another_process_is_404(client, gangbuk, process, operator):
    other = ProcessFactory(district=gangbuk, slug="other")
    client.force_login(operator)
    phase = process.phases.first()
    assert client.get(url("phase_edit", slug=other.slug, pk=phase.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.ORG_MEMBER, Role.OFFICIAL])
def test_non_staff_cannot_manage(client, gangbuk, process, role):
    client.force_login(user_with_role(role, gangbuk))
    phase = process.phases.first()
    for target in (
        url("create"),
        url("edit", slug="proposals"),
        url("phase_create", slug="proposals"),
        url("phase_edit", slug="proposals", pk=phase.pk),
    ):
        assert client.get(target).status_code == 403
    assert client.post(url("delete", slug="proposals")).status_code == 403
    assert client.post(url("phase_delete", slug="proposals", pk=phase.pk)).status_code == 403
    assert not AuditEntry.objects.exists()


def test_anonymous_is_sent_to_log_in(client, process):
    response = client.get(url("create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_operator_creates_and_edits_a_process(client, gangbuk, operator):
    client.force_login(operator)
    assert client.get(url("create")).status_code == 200
    response = client.post(
        url("create"),
        {
            "title": "마을 포럼",
            "slug": "forum-2026",
            "kind": "forum",
            "starts_on": "2026-03-02",
            "ends_on": "2026-06-30",
            "description": "",
        },
    )
    assert response.status_code == 302
    process = Process.objects.get(slug="forum-2026")
    assert response["Location"] == process.get_absolute_url() and not process.is_published
    response = client.post(
        url("edit", slug="forum-2026"),
        {
            "title": "마을 포럼 2026",
            "slug": "forum-2026",
            "kind": "forum",
            "starts_on": "2026-03-02",
            "ends_on": "2026-06-30",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "마을 포럼 2026" and process.is_published
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["create", "update"]


def test_process_form_errors_are_korean(client, gangbuk, operator):
    client.force_login(operator)
    data = {"title": "x", "slug": "x-1", "kind": "forum", "starts_on": "2026-03-02", "ends_on": "2026-03-01"}
    body = client.post(url("create"), data).content.decode()
    assert "종료일은 시작일보다 빠를 수 없습니다." in body
    ProcessFactory(district=gangbuk, slug="taken")
    body = client.post(url("create"), {**data, "slug": "taken", "ends_on": "2026-04-01"}).content.decode()
    assert "같은 주소 이름" in body
    assert Process.objects.count() == 1


def test_operator_adds_edits_and_deletes_phases(client, process, operator):
    client.force_login(operator)
    assert client.get(url("phase_create", slug="proposals")).status_code == 200
    last = process.phases.order_by("-ends_at").first()
    start = timezone.localtime(last.ends_at + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(days=3)
    response = client.post(
        url("phase_create", slug="proposals"),
        {
            "name": "답변",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "features": ["answer"],
        },
    )
    assert response.status_code == 302
    phase = Phase.objects.get(name="답변")
    assert phase.features == ["answer"] and phase.starts_at == start

    edit = url("phase_edit", slug="proposals", pk=phase.pk)
    assert "답변" in client.get(edit).content.decode()
    form = {
        "name": "답변과 공유",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "features": ["answer", "comment"],
    }
    assert client.post(edit, form).status_code == 302
    phase.refresh_from_db()
    assert phase.name == "답변과 공유" and phase.features == ["answer", "comment"]

    # overlapping the current phase: a Korean message on the form, nothing saved
    overlap = {**form, "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    body = client.post(edit, overlap).content.decode()
    assert "단계와 기간이 겹칩니다" in body

    assert client.post(url("phase_delete", slug="proposals", pk=phase.pk)).status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    actions = list(AuditEntry.objects.filter(object_type="processes.phase").values_list("action", flat=True))
    assert sorted(actions) == ["create", "delete", "update"]


def test_operator_deletes_a_process(client, process, operator):
    client.force_login(operator)
    response = client.post(url("delete", slug="proposals"))
    assert response.status_code == 302 and response["Location"] == url("list")
    assert not Process.objects.exists()


def test_unknown_district_and_slug(client, seoul):
    assert client.get(url("list", district="nowhere")).status_code == 404
    assert client.get(url("detail", slug="nothing")).status_code == 404


def test_timeline_tag_is_embeddable(gangbuk, process):
    from django.template import Context, Template

    html = Template("{% load processes %}{% process_timeline process heading=False %}").render(
        Context({"process": process})
    )
    assert 'aria-current="step"' in html and 'class="sr-only"' in html


def test_outsider_sees_published(client, process):
    client.force_login(UserFactory())
    assert client.get(url("detail", slug="proposals")).status_code == 200


def test_admin_pages_render(client, gangbuk, process):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:processes_process_changelist")).status_code == 200
    body = client.get(reverse("admin:processes_process_change", args=[process.pk])).content.decode()
    assert "공감 모으기" in body


def test_the_menu_marks_only_the_current_section(client, gangbuk):
    from .factories import ProcessFactory

    process = ProcessFactory(district=gangbuk)
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'aria-current="page">참여 과정<' in html
    assert 'aria-current="page">강북구 홈<' not in html  # the district home is another page
