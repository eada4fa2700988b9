import pytest

pytestmark = pytest.mark.django_db


def test_cities(client, seoul):
    data = client.get("/api/v1/cities/").json()
    assert data["results"] == [{"code": "11", "name": "서울특별시", "name_en": "Seoul", "slug": "seoul"}]


def test_districts_list_paginates_and_is_bounded(client, seoul, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/districts/?page_size=10").json()
    assert data["count"] == 25
    assert len(data["results"]) == 10
    assert data["results"][0]["slug"] == "jongno"
    assert data["next"]


def test_districts_filter_by_program_and_year(client, seoul):
    data = client.get("/api/v1/districts/?program=citizen-platform&program_year=2").json()
    assert sorted(d["slug"] for d in data["results"]) == sorted(
        ["gangbuk", "gwanak", "gwangjin", "mapo", "seodaemun", "eunpyeong"]
    )
    data = client.get("/api/v1/districts/?program=community-innovation").json()
    assert data["count"] == 15


def test_district_detail(client, seoul, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/districts/mapo/").json()
    assert data["code"] == "11440"
    assert data["visions"] == {"citizen-platform": "마포 시민사회의 포괄넷 구축과 자립기반 마련"}
    assert data["participations"] == [
        {"program": "citizen-platform", "track": "시민협력플랫폼 수행", "program_year": 2}
    ]


def test_programs(client, seoul, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        data = client.get("/api/v1/programs/").json()
    platform = data["results"][1]
    assert platform["slug"] == "citizen-platform"
    assert platform["duration_months"] == 36
    assert len(platform["tracks"][0]["participations"]) == 11


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=-1", "page_size"),
        ("program=nope", "program"),
        ("program_year=x", "program_year"),
        ("city=atlantis", "city"),
    ],
)
def test_malformed_queries_get_structured_400(client, seoul, query, field):
    response = client.get(f"/api/v1/districts/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["message"] == "요청 값이 올바르지 않습니다."
    assert field in error["fields"]


def test_unknown_district_structured_404(client, seoul):
    response = client.get("/api/v1/districts/atlantis/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_writes_are_not_allowed(client, seoul):
    from madang.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post("/api/v1/districts/", {"name": "x"})
    assert response.status_code in {403, 405}
    assert "error" in response.json()


def test_openapi_schema_and_offline_docs(client, seoul):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/districts/" in body and "/api/v1/programs/" in body
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_reports_database_failure(client, db, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise RuntimeError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
