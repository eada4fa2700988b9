import datetime

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.districts.tests.factories import DongFactory

from .factories import DrawFactory, budget_process, registry_person

pytestmark = pytest.mark.django_db


def verification_url(process):
    return reverse(
        "api:residents-verification", kwargs={"district": process.district.slug, "slug": process.slug}
    )


def test_verification_status_and_claim(client, gangbuk):
    process = budget_process(gangbuk)
    dong = DongFactory(district=gangbuk, name="수유1동")
    registry_person(process, name="홍길동", birth_date=datetime.date(1980, 5, 17), dong=dong)
    assert client.get(verification_url(process)).status_code in (401, 403)
    client.force_login(UserFactory())
    assert client.get(verification_url(process)).json() == {"verified": False, "verification": None}
    wrong = client.post(
        verification_url(process),
        {"name": "홍길동", "birth_date": "1980-05-18", "dong": "수유1동"},
        "application/json",
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "no_match"
    response = client.post(
        verification_url(process),
        {"name": "홍길동", "birth_date": "1980-05-17", "dong": "수유1동"},
        "application/json",
    )
    assert response.status_code == 201 and response.json()["dong"] == "수유1동"
    status = client.get(verification_url(process)).json()
    assert status["verified"] and status["verification"]["method"] == "registry"
    client.force_login(UserFactory())
    taken = client.post(
        verification_url(process),
        {"name": "홍길동", "birth_date": "1980-05-17", "dong": "수유1동"},
        "application/json",
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "duplicate_identity"


def test_guessing_is_rate_limited(client, gangbuk):
    process = budget_process(gangbuk)
    DongFactory(district=gangbuk, name="수유1동")
    client.force_login(UserFactory())
    codes = [
        client.post(
            verification_url(process),
            {"name": f"사람{i}", "birth_date": "1980-01-01", "dong": "수유1동"},
            "application/json",
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [400] * 5 and codes[5:] == [429, 429]


def test_draws_api_shows_published_draws_only_to_the_public(client, gangbuk):
    process = budget_process(gangbuk)
    published = DrawFactory(process=process, status="published", pool=[], result=[])
    draft = DrawFactory(process=process)
    listing = client.get(reverse("api:residents-draw-list", kwargs={"district": "gangbuk"})).json()
    ids = [row["id"] for row in listing["results"]]
    assert ids == [published.pk]
    detail = client.get(
        reverse("api:residents-draw-detail", kwargs={"district": "gangbuk", "pk": published.pk})
    )
    assert detail.status_code == 200 and detail.json()["seed"] == published.seed
    assert (
        client.get(
            reverse("api:residents-draw-detail", kwargs={"district": "gangbuk", "pk": draft.pk})
        ).status_code
        == 404
    )
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    listing = client.get(reverse("api:residents-draw-list", kwargs={"district": "gangbuk"})).json()
    assert {row["id"] for row in listing["results"]} == {published.pk, draft.pk}


def test_recheck_api(client, gangbuk):
    from madang.residents import sortition

    process = budget_process(gangbuk)
    pool = [
        {"number": i, "sex": "FM"[i % 2], "age_band": "young", "dong": "가동", "vulnerable": False}
        for i in range(1, 7)
    ]
    result = sortition.draw(sortition.candidates_from(pool), seed="ab" * 16, n=3)
    draw = DrawFactory(
        process=process, status="published", pool=pool, result=result.selected, n=3, seed="ab" * 16
    )
    url = reverse("api:residents-draw-recheck", kwargs={"district": "gangbuk", "pk": draw.pk})
    same = client.get(url).json()
    assert same["matches"] and same["selected"] == result.selected and same["differs"] == []
    other = client.get(url, {"seed": "cd" * 16}).json()
    assert other["differs"] == ["시드"]
    bad = client.get(url, {"n": "99"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_parameters"
    assert "신청자 수" in bad.json()["error"]["message"]
    tampered = client.get(url, {"quotas": '{"max_per_dong": -1}'})
    assert tampered.status_code == 400
    assert client.get(url, {"quotas": "[1]"}).status_code == 400


def test_recheck_api_answers_with_a_format_suffix(client, gangbuk):
    draw = DrawFactory(process=budget_process(gangbuk), status="published", pool=[], result=[])
    path = reverse("api:residents-draw-recheck", kwargs={"district": "gangbuk", "pk": draw.pk})
    response = client.get(path.rstrip("/") + ".json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_parameters"
