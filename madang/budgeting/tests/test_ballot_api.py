"""The ballot and results API: own ballot only, structured errors."""

import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import ballot_services as services
from madang.budgeting.ballot_models import Ballot

from .ballots import Setup, now_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(gangbuk):
    return Setup(gangbuk)


def ballot_url(s):
    return f"/api/v1/{s.district.slug}/budgeting/cycles/{s.cycle.pk}/ballot/"


def put(client, s, body):
    return client.put(ballot_url(s), body, content_type="application/json")


def test_get_and_put_own_ballot(client, setup):
    user = setup.voter()
    client.force_login(user)
    empty = client.get(ballot_url(setup)).json()
    assert empty == {"cycle": setup.cycle.pk, "can_vote": True, "ballots": []}
    response = put(client, setup, {"heading": setup.pot.pk, "projects": setup.ids("b", "c")})
    assert response.status_code == 200
    stored = response.json()
    assert stored["projects"] == setup.ids("b", "c") and stored["total_cost"] == 50_000_000
    assert stored["heading"] == setup.pot.pk and stored["picks"] == 2
    response = put(client, setup, {"heading": str(setup.pot.pk), "projects": [str(setup.p["d"].pk)]})
    assert response.status_code == 200 and response.json()["projects"] == setup.ids("d")
    ballots = client.get(ballot_url(setup)).json()["ballots"]
    assert (
        len(ballots) == 1
        and ballots[0]["projects"] == setup.ids("d")
        and ballots[0]["total_cost"] == 10_000_000
    )
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"heading": "POT", "projects": ["A", "E"]}, 400, "over_budget"),
        ({"heading": "POT", "projects": ["A", "A"]}, 400, "invalid"),
        ({"heading": "POT", "projects": ["x"]}, 400, "invalid"),
        ({"heading": "POT", "projects": [1.5]}, 400, "invalid"),
        ({"heading": "POT", "projects": ["SCREENED"]}, 400, "not_on_ballot"),
        ({"heading": "POT", "projects": ["DONG"]}, 400, "not_on_ballot"),
        ({"heading": "POT", "projects": []}, 400, "empty_ballot"),
        ({"heading": "OTHER_DONG", "projects": ["DONG"]}, 403, "forbidden"),
        ({"heading": 999999999, "projects": ["A"]}, 404, None),
        ({"heading": "abc", "projects": ["A"]}, 400, None),
        ({"projects": ["A"]}, 400, None),
    ],
)
def test_bad_ballots_are_structured_errors(client, setup, body, status, code):
    names = {
        "POT": setup.pot.pk,
        "OTHER_DONG": setup.other_dong_pot.pk,
        "A": setup.p["a"].pk,
        "E": setup.p["e"].pk,
        "SCREENED": setup.screened_out.pk,
        "DONG": setup.dong_project.pk,
    }
    body = {
        k: ([names.get(v, v) for v in val] if isinstance(val, list) else names.get(val, val))
        for k, val in body.items()
    }
    client.force_login(setup.voter())
    response = put(client, setup, body)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code
    assert not Ballot.objects.exists()


def test_unverified_anonymous_closed_and_paper_voter(client, gangbuk, setup, mapo):
    assert client.get(ballot_url(setup)).status_code in (401, 403)
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    response = put(client, setup, {"heading": setup.pot.pk, "projects": setup.ids("a")})
    assert response.status_code == 403 and "주민 확인" in response.json()["error"]["message"]
    closed = Setup(gangbuk, phase="결과 발표")
    client.force_login(closed.voter())
    assert put(client, closed, {"heading": closed.pot.pk, "projects": closed.ids("a")}).status_code == 403
    # another district's cycle under this district's slug
    other = Setup(mapo)
    assert client.get(f"/api/v1/gangbuk/budgeting/cycles/{other.cycle.pk}/ballot/").status_code == 404


def test_get_never_shows_another_persons_ballot(client, setup):
    alice, bob = setup.voter(), setup.voter()
    services.ballot_submit(
        actor=alice, district=setup.district, heading=setup.pot, project_ids=setup.ids("a")
    )
    client.force_login(bob)
    assert client.get(ballot_url(setup)).json()["ballots"] == []
    client.force_login(setup.operator)
    assert client.get(ballot_url(setup)).json()["ballots"] == []


def test_results_api(client, gangbuk, monkeypatch):
    from django.utils import timezone

    s = Setup(gangbuk, phase="결과 발표")
    real = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: now_in(s.cycle, "주민 투표"))
    services.ballot_submit(actor=s.voter(), district=gangbuk, heading=s.pot, project_ids=s.ids("b"))
    monkeypatch.setattr("django.utils.timezone.now", real)
    target = f"/api/v1/gangbuk/budgeting/cycles/{s.cycle.pk}/results/"
    assert client.get(target).status_code == 404
    client.force_login(s.operator)
    preview = client.get(target).json()
    assert preview["published"] is False
    services.results_publish(actor=s.operator, district=gangbuk, cycle=s.cycle)
    client.logout()
    data = client.get(target).json()
    assert data["published"] is True and data["weights"] == {
        "online": 50,
        "committee": 40,
        "budget_school": 10,
    }
    pot = next(h for h in data["headings"] if h["id"] == s.pot.pk)
    top = pot["projects"][0]
    assert top["title"] == "사업 b" and top["funded"] and top["raw"]["online"] == 1
    assert top["normalised"]["online"] == 100.0
    assert "voter" not in str(data).lower().replace("voters", "")


def test_openapi_documents_the_ballot_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    ballot = paths["/api/v1/{district}/budgeting/cycles/{id}/ballot/"]
    assert "put" in ballot and "get" in ballot
    assert (
        "409" in ballot["put"]["responses"] and "/api/v1/{district}/budgeting/cycles/{id}/results/" in paths
    )
