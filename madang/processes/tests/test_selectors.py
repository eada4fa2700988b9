import datetime
from zoneinfo import ZoneInfo

import pytest

from madang.core.exceptions import NotFound
from madang.processes import selectors
from madang.processes.tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(month, day):
    return datetime.datetime(2026, month, day, tzinfo=SEOUL)


def three_phases(process):
    PhaseFactory(process=process, name="하나", features=["propose"], starts_at=at(3, 1), ends_at=at(3, 10))
    PhaseFactory(process=process, name="둘", features=["support"], starts_at=at(3, 10), ends_at=at(3, 20))
    PhaseFactory(process=process, name="셋", features=[], starts_at=at(3, 20), ends_at=at(3, 30))


def test_process_list_is_bounded_and_scoped(gangbuk, mapo, django_assert_max_num_queries):
    for i in range(12):
        three_phases(ProcessFactory(district=gangbuk, is_published=i % 3 != 0))
    ProcessFactory(district=mapo)
    with django_assert_max_num_queries(2):
        processes = list(selectors.process_list(district=gangbuk))
        for p in processes:
            selectors.process_timeline(p, at(3, 15))
            str(p.dong), str(p.committee)
    assert len(processes) == 8 and {p.district_id for p in processes} == {gangbuk.pk}
    assert len(selectors.process_list(district=gangbuk, include_unpublished=True)) == 12
    assert len(selectors.process_list(district=gangbuk, kind="forum")) == 0


def test_process_get(gangbuk, mapo, django_assert_max_num_queries):
    process = ProcessFactory(district=gangbuk, slug="budget", is_published=False)
    three_phases(process)
    with pytest.raises(NotFound):
        selectors.process_get(district=gangbuk, slug="budget")
    with pytest.raises(NotFound):
        selectors.process_get(district=mapo, slug="budget", include_unpublished=True)
    with django_assert_max_num_queries(2):
        found = selectors.process_get(district=gangbuk, slug="budget", include_unpublished=True)
        assert len(selectors.process_timeline(found, at(3, 12))) == 3


def test_phase_get_is_scoped_to_the_process(gangbuk):
    phase = PhaseFactory(process=ProcessFactory(district=gangbuk))
    other = ProcessFactory(district=gangbuk)
    assert selectors.phase_get(process=phase.process, pk=phase.pk) == phase
    with pytest.raises(NotFound):
        selectors.phase_get(process=other, pk=phase.pk)
    with pytest.raises(NotFound):
        selectors.phase_get(process=other, pk="x")


def test_timeline_states(gangbuk):
    process = ProcessFactory(district=gangbuk)
    three_phases(process)
    steps = selectors.process_timeline(process, at(3, 15))
    assert [(s.phase.name, s.state) for s in steps] == [
        ("하나", "past"),
        ("둘", "current"),
        ("셋", "upcoming"),
    ]
    assert steps[1].features == [("support", "공감")] and steps[1].is_current
    assert [s.state for s in selectors.process_timeline(process, at(4, 1))] == ["past"] * 3
