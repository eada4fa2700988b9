import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.models import Project

from .factories import HeadingFactory, ProjectFactory, cycle_in_phase, verified_resident

pytestmark = pytest.mark.django_db
S = Project.Status


def test_cycles_list_and_detail(client, mapo, gangbuk, django_assert_max_num_queries):
    cycle = cycle_in_phase(mapo, "주민 투표", title="마포 2026")
    HeadingFactory(cycle=cycle, name="구 전체", amount=900_000_000)
    cycle_in_phase(mapo, "제안 접수", published=False, title="비공개 회차")
    cycle_in_phase(gangbuk, "제안 접수", title="강북 회차")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/mapo/budgeting/cycles/")
    assert response.status_code == 200
    titles = [c["title"] for c in response.json()["results"]]
    assert titles == ["마포 2026"]
    assert response.json()["results"][0]["current_phase"]["name"] == "주민 투표"
    detail = client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/").json()
    assert detail["headings"][0]["amount"] == 900_000_000 and len(detail["phases"]) == 7
    assert {w["channel"] for w in detail["channel_weights"]} == {"online", "committee", "budget_school"}
    assert client.get(f"/api/v1/gangbuk/budgeting/cycles/{cycle.pk}/").status_code == 404


def test_projects_list_filters_and_bounded_queries(client, mapo, django_assert_max_num_queries):
    cycle = cycle_in_phase(mapo, "분과 심의")
    heading = HeadingFactory(cycle=cycle)
    other = HeadingFactory(cycle=cycle)
    for _ in range(3):
        ProjectFactory(heading=heading)
    with django_assert_max_num_queries(8):
        small = client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/")
    for _ in range(30):
        ProjectFactory(heading=other, status=S.ELIGIBLE)
    ProjectFactory(heading=other, status=S.WITHDRAWN)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/")
    assert small.json()["count"] == 3 and response.json()["count"] == 33
    assert (
        client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/?heading={heading.pk}").json()["count"]
        == 3
    )
    assert (
        client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/?status=eligible").json()["count"]
        == 30
    )
    bad = client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/?status=alien&heading=x")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]


def test_propose_through_the_api(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    other_cycle_heading = HeadingFactory(cycle=cycle_in_phase(mapo, "제안 접수"))
    url = f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/"
    body = {
        "heading": heading.pk,
        "title": "버스정류장 온열의자",
        "description": "겨울이 춥습니다.",
        "cost": "12,000,000",
    }
    assert client.post(url, body, content_type="application/json").status_code in (401, 403)
    client.force_login(user_with_role(Role.RESIDENT, mapo))
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and "주민 확인" in refused.json()["error"]["message"]
    client.force_login(verified_resident(cycle))
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["cost"] == 12_000_000 and created.json()["status"] == "submitted"
    for bad in (
        {"cost": -1},
        {"cost": 10**13},
        {"cost": "１２"},
        {"heading": other_cycle_heading.pk},
        {"heading": 2**70},
    ):
        response = client.post(url, {**body, **bad}, content_type="application/json")
        assert response.status_code == 400, bad
    assert Project.objects.count() == 1


def test_operator_creates_on_behalf_through_the_api(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    client.force_login(user_with_role(Role.OPERATOR, mapo))
    url = f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/"
    body = {"heading": heading.pk, "title": "경로당 수리", "description": "지붕", "cost": 5_000_000}
    assert client.post(url, body, content_type="application/json").status_code == 400  # no name
    response = client.post(url, {**body, "on_behalf_name": "이주민"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["proposer"] == "이주민"


def test_proposing_outside_the_phase_is_403(client, mapo):
    cycle = cycle_in_phase(mapo, "주민 투표")
    heading = HeadingFactory(cycle=cycle)
    client.force_login(verified_resident(cycle))
    response = client.post(
        f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/",
        {"heading": heading.pk, "title": "x", "description": "y", "cost": 1000},
        content_type="application/json",
    )
    assert response.status_code == 403 and "제안 접수 기간" in response.json()["error"]["message"]


def test_project_detail_hides_withdrawn_from_others(client, mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.WITHDRAWN)
    assert client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/{project.pk}/").status_code == 404
    shown = ProjectFactory(heading=project.heading)
    data = client.get(f"/api/v1/mapo/budgeting/cycles/{cycle.pk}/projects/{shown.pk}/").json()
    assert data["final_cost"] == shown.cost and data["url"] == shown.get_absolute_url()


def test_schema_documents_the_budgeting_api(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/{district}/budgeting/cycles/{cycle}/projects/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/{district}/budgeting/cycles/{cycle}/projects/"]
