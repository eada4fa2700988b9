import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from madang.processes import features
from madang.processes.models import Process
from madang.processes.predicates import (
    phase_allows,
    phase_allows_pred,
    phase_current,
    phases_forget,
    process_of,
)
from madang.processes.tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(month, day, hour=0):
    return datetime.datetime(2026, month, day, hour, tzinfo=SEOUL)


@pytest.fixture
def process(gangbuk):
    process = ProcessFactory(
        district=gangbuk, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 5, 31)
    )
    PhaseFactory(process=process, name="모집", features=["propose"], starts_at=at(3, 1), ends_at=at(3, 15))
    PhaseFactory(process=process, name="공감", features=["support"], starts_at=at(3, 20), ends_at=at(4, 1))
    return Process.objects.get(pk=process.pk)


def test_phase_current_bounds_are_half_open(process):
    assert phase_current(process, at(3, 1)).name == "모집"
    assert phase_current(process, at(3, 14, 23)).name == "모집"
    assert phase_current(process, at(3, 15)) is None  # the gap
    assert phase_current(process, at(3, 20)).name == "공감"
    assert phase_current(process, at(4, 1)) is None
    assert phase_current(process, at(2, 28)) is None


def test_phase_allows(process):
    assert phase_allows(process, "propose", at(3, 2))
    assert not phase_allows(process, "support", at(3, 2))
    assert phase_allows(process, "support", at(3, 25))
    assert not phase_allows(process, "support", at(3, 17))
    assert not phase_allows(None, "support", at(3, 25))


def test_unpublished_process_allows_nothing(process):
    process.is_published = False
    assert not phase_allows(process, "propose", at(3, 2))


def test_phases_are_read_once_per_instance(process, django_assert_num_queries):
    with django_assert_num_queries(1):
        for day in range(1, 31):
            phase_allows(process, "propose", at(3, day))
    phases_forget(process)
    with django_assert_num_queries(1):
        phase_current(process, at(3, 2))


def test_prefetched_phases_cost_no_query(process, django_assert_num_queries):
    fresh = Process.objects.prefetch_related("phases").get(pk=process.pk)
    with django_assert_num_queries(0):
        assert phase_current(fresh, at(3, 2)).name == "모집"


def test_predicate_takes_a_process_or_anything_with_a_process(process, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(3, 25))
    pred = phase_allows_pred("support")
    assert pred is phase_allows_pred("support")  # one predicate per action
    assert pred.test(None, process)
    assert pred.test(None, SimpleNamespace(process=process))
    assert not pred.test(None, SimpleNamespace(process=None))
    assert not pred.test(None, None)
    assert not phase_allows_pred("propose").test(None, process)
    assert process_of(process) is process


def test_feature_registry():
    assert features.feature_label("support") == "공감"
    assert ("vote", "투표") in features.feature_choices()
    features.register_feature("test_bid", "입찰")
    try:
        assert features.is_feature("test_bid") and features.feature_label("test_bid") == "입찰"
    finally:
        features._FEATURES.pop("test_bid")
    with pytest.raises(ValueError):
        features.register_feature("두 단어", "x")
    assert features.feature_label("unknown") == "unknown"
