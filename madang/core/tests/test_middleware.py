import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/districts/%00/",
        "/api/v1/programs/%00/",
        "/api/v1/cities/%00/",
        "/api/v1/districts/?city=%00",
        "/api/v1/gangbuk/organisations/?q=%00",
    ],
)
def test_nul_in_an_api_path_or_query_is_a_korean_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "주소에 쓸 수 없는 문자(NUL)가 들어 있습니다."


def test_nul_in_a_page_query_is_a_400(client):
    response = client.get("/gangbuk/network/organisations/?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_slug_lookups_refuse_what_is_no_slug(client, seoul):
    assert client.get("/api/v1/districts/gangbuk/").status_code == 200
    assert client.get("/api/v1/districts/%E2%80%AE/").status_code == 404
    assert client.get("/api/v1/programs/" + "x" * 300 + "/").status_code == 404
