import itertools
import unicodedata

import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.network import search, services
from madang.network.models import IssueArea, Organisation, Tie
from madang.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    editor_of,
    tie,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(gangbuk):
    care = IssueArea.objects.get(name="돌봄")
    result = []
    for i in range(45):
        org = OrganisationFactory(district=gangbuk, name=f"단체{i:02d}", contact_email=f"o{i}@example.kr")
        org.issue_areas.add(care)
        result.append(org)
    for a, b in itertools.pairwise(result):
        tie(a, b)
    MembershipFactory(organisation=result[0], status="approved")
    return result


def test_organisations_list_is_paginated_public_and_bounded(client, orgs, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/gangbuk/organisations/?page_size=20")
    data = response.json()
    assert data["count"] == 45 and len(data["results"]) == 20
    first = data["results"][0]
    assert first["name"] == "단체00" and first["is_member"] is True
    assert "contact_email" not in first
    assert first["issue_areas"] == [IssueArea.objects.get(name="돌봄").pk]


def test_operator_sees_contacts(client, gangbuk, orgs):
    client.force_login(user_with_role(Role.OPERATOR, gangbuk))
    first = client.get("/api/v1/gangbuk/organisations/").json()["results"][0]
    assert first["contact_email"] == "o0@example.kr"


def test_organisations_search_and_filters(client, gangbuk, orgs):
    org = OrganisationFactory(district=gangbuk, name="강북공동체경제협동조합")
    search.index_organisation(org)
    data = client.get("/api/v1/gangbuk/organisations/?q=협동조합").json()
    assert [r["name"] for r in data["results"]] == ["강북공동체경제협동조합"]
    data = client.get("/api/v1/gangbuk/organisations/?members_only=true").json()
    assert data["count"] == 1


@pytest.mark.parametrize("query", ["kind=alien", "issue_area=abc", "dong=-1", "page=0", "members_only=maybe"])
def test_malformed_queries_are_structured_400(client, orgs, query):
    response = client.get(f"/api/v1/gangbuk/organisations/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_unknown_district_is_structured_404(client, seoul):
    response = client.get("/api/v1/atlantis/organisations/")
    assert response.status_code == 404
    assert "자치구를 찾을 수 없습니다" in response.json()["error"]["message"]


def test_detail_is_scoped_to_district(client, gangbuk, mapo):
    org = OrganisationFactory(district=mapo)
    assert client.get(f"/api/v1/gangbuk/organisations/{org.pk}/").status_code == 404
    assert client.get(f"/api/v1/mapo/organisations/{org.pk}/").status_code == 200


def test_create_organisation_via_api(client, gangbuk, mapo):
    assert (
        client.post(
            "/api/v1/gangbuk/organisations/", {"name": "x", "kind": "civic"}, content_type="application/json"
        ).status_code
        == 403
    )
    user = UserFactory()
    client.force_login(user)
    no_consent = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "새 모임", "kind": "community"},
        content_type="application/json",
    )
    assert no_consent.status_code == 400 and no_consent.json()["error"]["code"] == "consent_required"
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "<b>새</b> 모임", "kind": "community", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "새 모임"
    dup = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "새 모임", "kind": "community"},
        content_type="application/json",
    )
    assert dup.status_code == 409
    assert dup.json()["error"]["code"] == "duplicate_organisation"
    bad = client.post(
        "/api/v1/gangbuk/organisations/", {"name": "", "kind": "alien"}, content_type="application/json"
    )
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"name", "kind"}
    from madang.districts.tests.factories import DongFactory

    mapo_dong = DongFactory(district=mapo)
    cross = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "다른 동", "kind": "civic", "dongs": [mapo_dong.pk]},
        content_type="application/json",
    )
    assert cross.status_code == 400 and "dongs" in cross.json()["error"]["fields"]
    assert Organisation.objects.count() == 1


def test_update_organisation_permission(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    client.force_login(UserFactory())
    response = client.patch(
        f"/api/v1/gangbuk/organisations/{org.pk}/", {"name": "탈취"}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(editor_of(org))
    response = client.patch(
        f"/api/v1/gangbuk/organisations/{org.pk}/",
        {"description": "고친 소개"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["description"] == "고친 소개"


def test_persons_public_only(client, gangbuk):
    PersonFactory(district=gangbuk, skills="회계", phone="010-9999-9999")
    PersonFactory(district=gangbuk, is_public=False)
    data = client.get("/api/v1/gangbuk/persons/").json()
    assert data["count"] == 1
    assert "phone" not in data["results"][0] and "email" not in str(data)


def test_ties_list_create_delete(client, gangbuk):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    editor = editor_of(a)
    client.force_login(editor)
    response = client.post(
        "/api/v1/gangbuk/ties/",
        {"source": b.pk, "target": a.pk, "kind": "co_host"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    tie_id = response.json()["id"]
    # recorded by one side only: pending, not in the public list until the other side confirms
    assert response.json()["status"] == "pending"
    assert client.get("/api/v1/gangbuk/ties/").json()["count"] == 0
    assert client.get(f"/api/v1/gangbuk/ties/{tie_id}/").json()["status"] == "pending"
    services.tie_decide(actor=editor_of(b), tie=Tie.objects.get(pk=tie_id), approve=True)
    assert client.get("/api/v1/gangbuk/ties/").json()["count"] == 1
    again = client.post(
        "/api/v1/gangbuk/ties/",
        {"source": a.pk, "target": b.pk, "kind": "co_host"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert client.delete(f"/api/v1/gangbuk/ties/{tie_id}/").status_code == 204
    assert not Tie.objects.exists()


def test_resources(client, gangbuk):
    ResourceFactory(district=gangbuk, name="회의실", kind="space")
    ResourceFactory(district=gangbuk, name="앰프", kind="equipment")
    data = client.get("/api/v1/gangbuk/resources/?kind=space").json()
    assert [r["name"] for r in data["results"]] == ["회의실"]
    assert client.get("/api/v1/gangbuk/resources/?kind=castle").status_code == 400


def test_network_stats(client, gangbuk, orgs):
    data = client.get("/api/v1/gangbuk/network/stats/").json()
    assert data["organisations"] == 45 and data["ties"] == 44 and data["components"] == 1
    assert data["members"]["organisations"] == 1
    assert len(data["members_over_time"]) == 36
    assert client.get("/api/v1/gangbuk/network/stats/?kind=alien").status_code == 400


def test_schema_documents_network_endpoints(client, seoul):
    body = client.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/{district}/organisations/",
        "/api/v1/{district}/persons/",
        "/api/v1/{district}/ties/",
        "/api/v1/{district}/resources/",
        "/api/v1/{district}/network/stats/",
    ]:
        assert path in body


def test_html_only_name_is_a_structured_400_not_a_500(client, gangbuk):
    org = OrganisationFactory(district=gangbuk)
    client.force_login(editor_of(org))
    response = client.patch(
        f"/api/v1/gangbuk/organisations/{org.pk}/", {"name": "<b></b>"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


# --- input: look-alike names, escaped markup, numbers, odd query values (issue #7 items 10, 16, 19, 21) ----


@pytest.mark.parametrize(
    "look_alike",
    [
        "강북지역포럼\u200b",
        unicodedata.normalize("NFD", "강북지역포럼"),
        "강북\u200d지역포럼",
        "\u202e강북지역포럼",
    ],
)
def test_api_refuses_a_look_alike_of_an_existing_name(client, gangbuk, look_alike):
    OrganisationFactory(district=gangbuk, name="강북지역포럼")
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": look_alike, "kind": "civic", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "duplicate_organisation"
    assert Organisation.objects.count() == 1


def test_api_never_stores_or_returns_escaped_script_as_markup(client, gangbuk):
    client.force_login(UserFactory())
    payload = "&lt;script&gt;alert(1)&lt;/script&gt;"
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "모임" + payload, "kind": "civic", "consent": True, "description": payload + "소개"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert "<script" not in response.content.decode()
    org = Organisation.objects.get()
    assert (org.name, org.description) == ("모임", "소개")
    listing = client.get("/api/v1/gangbuk/organisations/").content.decode()
    assert "<script" not in listing and "&lt;script" not in listing


@pytest.mark.parametrize(
    ("member_count", "status", "stored"),
    [("1,000", 201, 1000), (1000, 201, 1000), ("１２３", 400, None), ("9223372036854775808", 400, None)],
)
def test_api_numbers_follow_one_rule(client, gangbuk, member_count, status, stored):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "숫자 모임", "kind": "civic", "consent": True, "member_count": member_count},
        content_type="application/json",
    )
    assert response.status_code == status, response.json()
    if stored is None:
        assert "member_count" in response.json()["error"]["fields"]
    else:
        assert Organisation.objects.get().member_count == stored


@pytest.mark.parametrize("path", ["resources", "persons", "organisations"])
@pytest.mark.parametrize("value", ["9223372036854775808", "-1", "１２", "99999999999999999999999999"])
def test_huge_or_odd_filter_ids_are_a_400_not_a_500(client, gangbuk, path, value):
    response = client.get(f"/api/v1/gangbuk/{path}/?dong={value}&issue_area={value}")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"dong", "issue_area"}


def test_huge_related_id_in_a_body_is_a_400(client, gangbuk):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "모임", "kind": "civic", "consent": True, "dongs": [2**64]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "dongs" in response.json()["error"]["fields"]


def test_a_persons_organisation_via_api_is_pending_and_not_listed(client, gangbuk):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/api/v1/gangbuk/organisations/",
        {"name": "검토받을 모임", "kind": "community", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    org_id = response.json()["id"]
    assert client.get("/api/v1/gangbuk/organisations/").json()["count"] == 0
    assert client.get(f"/api/v1/gangbuk/organisations/{org_id}/").status_code == 404
    assert client.get("/api/v1/gangbuk/persons/").json()["count"] == 0  # the new profile is unlisted


def test_creation_rate_limit_answers_429(client, gangbuk):
    from madang.network.services import CREATION_LIMITS

    client.force_login(UserFactory())
    statuses = [
        client.post(
            "/api/v1/gangbuk/organisations/",
            {"name": f"모임{n}", "kind": "community", "consent": True},
            content_type="application/json",
        )
        for n in range(CREATION_LIMITS["organisation"] + 1)
    ]
    assert [r.status_code for r in statuses] == [201] * CREATION_LIMITS["organisation"] + [429]
    error = statuses[-1].json()["error"]
    assert error["code"] == "rate_limited" and "시간 뒤에 다시 시도하세요" in error["message"]
