import datetime

import pytest
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.processes.tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(gangbuk):
    process = ProcessFactory(district=gangbuk, slug="budget", kind="budgeting")
    now = timezone.now()
    PhaseFactory(
        process=process,
        name="투표",
        features=["vote"],
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=3),
    )
    PhaseFactory(
        process=process,
        name="결과",
        features=[],
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=6),
    )
    return process


def test_list_is_public_scoped_and_bounded(client, gangbuk, mapo, process, django_assert_max_num_queries):
    for _ in range(8):
        PhaseFactory(process=ProcessFactory(district=gangbuk))
    ProcessFactory(district=gangbuk, is_published=False)
    ProcessFactory(district=mapo)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/gangbuk/processes/")
    data = response.json()
    assert response.status_code == 200 and data["count"] == 9
    budget = next(p for p in data["results"] if p["slug"] == "budget")
    assert budget["kind_label"] == "시민참여예산" and budget["current_phase"]["name"] == "투표"


def test_staff_sees_unpublished(client, gangbuk, process):
    ProcessFactory(district=gangbuk, is_published=False)
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.get("/api/v1/gangbuk/processes/").json()["count"] == 2


def test_detail_has_phases_and_current_phase(client, process):
    data = client.get("/api/v1/gangbuk/processes/budget/").json()
    assert [p["name"] for p in data["phases"]] == ["투표", "결과"]
    assert data["current_phase"]["features"] == ["vote"]
    assert data["current_phase"]["feature_labels"] == ["투표"]


def test_other_district_and_unknown_are_structured_404(client, mapo, process):
    response = client.get("/api/v1/mapo/processes/budget/")
    assert response.status_code == 404 and response.json()["error"]["status"] == 404
    assert client.get("/api/v1/nowhere/processes/").status_code == 404


def test_read_only(client, gangbuk, process):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    assert client.post("/api/v1/gangbuk/processes/", {"title": "x"}).status_code == 405
    assert client.delete("/api/v1/gangbuk/processes/budget/").status_code == 405
