import pytest
from django.urls import reverse

from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    DecisionFactory,
    SeatFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_arena_list_and_detail(client, gangbuk, mapo):
    arena = ArenaFactory(district=gangbuk, name="강북 협치회의")
    SeatFactory(arena=arena, name="김위원", role="cochair_civil")
    ArenaFactory(district=mapo, name="마포 협치회의")
    data = client.get(reverse("api:arena-list", kwargs={"district": "gangbuk"})).json()
    assert [a["name"] for a in data["results"]] == ["강북 협치회의"]
    assert data["results"][0]["member_count"] == 1
    detail = client.get(reverse("api:arena-detail", kwargs={"district": "gangbuk", "pk": arena.pk})).json()
    assert detail["members"][0]["role_label"] == "공동의장 (민간)" and detail["quorum"] == 1


def test_sessions_show_agenda_decisions_and_only_published_minutes(
    client, gangbuk, django_assert_max_num_queries
):
    arena = ArenaFactory(district=gangbuk)
    published = SessionFactory(arena=arena, number=1, minutes="## 공개 회의록", minutes_status="published")
    SessionFactory(arena=arena, number=2, minutes="비공개 초안")
    for _ in range(5):
        DecisionFactory(item=AgendaItemFactory(session=published), votes_for=3)
    url = reverse("api:arena-sessions", kwargs={"district": "gangbuk", "pk": arena.pk})
    with django_assert_max_num_queries(10):
        data = client.get(url).json()
    by_number = {s["number"]: s for s in data["results"]}
    assert by_number[1]["minutes"] == "## 공개 회의록" and "<h2>" in by_number[1]["minutes_html"]
    assert by_number[2]["minutes"] is None and by_number[2]["minutes_html"] is None
    assert (
        len(by_number[1]["agenda"]) == 5 and by_number[1]["agenda"][0]["decision"]["outcome_label"] == "가결"
    )


def test_another_districts_arena_is_a_404(client, gangbuk, mapo):
    arena = ArenaFactory(district=mapo)
    assert (
        client.get(reverse("api:arena-detail", kwargs={"district": "gangbuk", "pk": arena.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("api:arena-sessions", kwargs={"district": "gangbuk", "pk": arena.pk})).status_code
        == 404
    )


def test_schema_documents_the_arena_endpoints(client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/{district}/arenas/" in paths and "/api/v1/{district}/arenas/{id}/sessions/" in paths
