import pytest

from madang.districts import selectors
from madang.districts.tests.factories import DistrictFactory, ProgramParticipationFactory, ProgramTrackFactory

pytestmark = pytest.mark.django_db


def test_program_tables_match_the_seed(seoul):
    tables = selectors.program_tables(city=seoul)
    assert [t.program.name for t in tables] == ["지역사회혁신계획", "시민협력플랫폼"]
    innovation, platform = tables
    assert innovation.total == 15 and platform.total == 11
    assert [(r.track, r.program_year, r.count) for r in innovation.rows] == [
        ("시민참여예산 구단위계획형", 2, 7),
        ("시민참여예산 구단위계획형", 1, 4),
        ("지역사회혁신계획 본 계획", 2, 1),
        ("지역사회혁신계획 본 계획", 1, 3),
    ]
    assert [d.short_name for d in innovation.rows[0].districts] == [
        "관악",
        "금천",
        "서대문",
        "성동",
        "도봉",
        "동대문",
        "영등포",
    ]
    assert [(r.program_year, [d.short_name for d in r.districts]) for r in platform.rows] == [
        (2, ["강북", "관악", "광진", "마포", "서대문", "은평"]),
        (1, ["양천", "구로", "강서", "도봉", "성북"]),
    ]


def test_program_tables_query_count_is_constant(seoul, django_assert_num_queries):
    track = ProgramTrackFactory()
    for _ in range(30):
        ProgramParticipationFactory(track=track, district=DistrictFactory(city=seoul))
    with django_assert_num_queries(2):
        tables = selectors.program_tables(city=seoul)
        sum(len(r.districts) for t in tables for r in t.rows)


def test_district_overview(gangbuk, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        overview = selectors.district_overview(district=gangbuk)
    (program,) = overview["programs"]
    assert program["vision"].text == "주민자치, 순환과 공생의 지역공동체 네트워크의 디딤돌"
    assert [g.number for g in program["core_goals"]] == [1, 2, 3, 4, 5]


def test_district_get_unknown_slug_raises_korean_404(seoul):
    from madang.core.exceptions import NotFound

    with pytest.raises(NotFound, match="자치구를 찾을 수 없습니다"):
        selectors.district_get(slug="atlantis")


def test_district_overview_shows_no_other_districts_vision(gangbuk, mapo):
    from madang.districts.models import Vision

    Vision.objects.filter(district=gangbuk).delete()
    overview = selectors.district_overview(district=gangbuk)
    assert all(p["vision"] is None for p in overview["programs"])
