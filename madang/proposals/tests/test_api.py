import pytest
from rest_framework.test import APIClient

from madang.proposals.models import Proposal, Stage, Support

from .factories import ProposalFactory, operator, proposals_process, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _list(d):
    return f"/api/v1/{d.slug}/proposals/"


def _support(d, p):
    return f"/api/v1/{d.slug}/proposals/{p.pk}/support/"


def test_list_and_detail(api, gangbuk, process, settings):
    settings.MADANG_PAGE_CACHE = False
    a = ProposalFactory(process=process, district=gangbuk, support_count=5)
    ProposalFactory(process=process, district=gangbuk, stage=Stage.PROPOSED, review="pending")
    data = api.get(_list(gangbuk), {"sort": "supported"}).json()
    assert [r["id"] for r in data["results"]] == [a.pk]
    assert api.get(f"{_list(gangbuk)}{a.pk}/").json()["support_count"] == 5
    error = api.get(_list(gangbuk), {"sort": "nope"}).json()["error"]
    assert error["status"] == 400


def test_create(api, gangbuk, process):
    user = resident(gangbuk)
    api.force_authenticate(user)
    response = api.post(_list(gangbuk), {"title": "API 제안", "body": "내용"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "support"
    response = api.post(_list(gangbuk), {"title": "빈 제안", "body": ""}, format="json")
    assert response.status_code == 400 and "error" in response.json()
    assert Proposal.objects.count() == 1


def test_create_refused_for_other_district(api, gangbuk, mapo, process):
    api.force_authenticate(resident(mapo))
    response = api.post(_list(gangbuk), {"title": "t", "body": "b"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_support_post_delete_and_structured_errors(api, gangbuk, proposal):
    user = resident(gangbuk)
    api.force_authenticate(user)
    response = api.post(_support(gangbuk, proposal))
    assert response.status_code == 201 and response.json()["support_count"] == 1
    response = api.post(_support(gangbuk, proposal))
    assert response.status_code == 409 and response.json()["error"]["code"] == "duplicate_support"
    response = api.delete(_support(gangbuk, proposal))
    assert response.status_code == 200 and response.json()["support_count"] == 0
    response = api.delete(_support(gangbuk, proposal))
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_supported"
    assert Support.objects.count() == 0


def test_support_refusals(api, gangbuk, mapo, proposal):
    api.force_authenticate(resident(mapo))
    assert api.post(_support(gangbuk, proposal)).status_code == 403
    assert api.post(_support(mapo, proposal)).status_code == 404
    api.force_authenticate(None)
    assert api.post(_support(gangbuk, proposal)).status_code in (401, 403)


def test_support_outside_the_phase_is_refused(api, gangbuk):
    process = proposals_process(gangbuk, features=("propose",))
    p = ProposalFactory(process=process, district=gangbuk)
    api.force_authenticate(resident(gangbuk))
    response = api.post(_support(gangbuk, p))
    assert response.status_code == 403 and "공감" in response.json()["error"]["message"]


def test_openapi_documents_support(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    path = schema["paths"]["/api/v1/{district}/proposals/{id}/support/"]
    assert set(path) >= {"post", "delete"}
    assert "409" in path["post"]["responses"]


def test_a_disallowed_stage_move_is_refused_in_korean_by_the_api(api, gangbuk, proposal):
    url = f"{_list(gangbuk)}{proposal.pk}/stage/"
    api.force_authenticate(operator(gangbuk))
    response = api.post(url, {"target": "execution", "reason": "바로 실행"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_stage"
    assert "'공감 모집' 단계에서 '실행' 단계로 옮길 수 없습니다" in error["message"]
    response = api.post(url, {"target": "deliberation", "reason": "숙의"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "deliberation"
    api.force_authenticate(resident(gangbuk))
    assert (
        api.post(url, {"target": "decision", "reason": "x", "adopted": True}, format="json").status_code
        == 403
    )
