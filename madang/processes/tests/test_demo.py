import datetime
import itertools

import pytest
from django.utils import timezone

from madang.processes.demo import load_demo
from madang.processes.models import Phase, Process
from madang.processes.predicates import phase_current

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_in_progress(gangbuk, mapo, seoul):
    jongno = seoul.districts.get(slug="jongno")
    load_demo(districts=[gangbuk, mapo, jongno])
    load_demo(districts=[gangbuk, mapo, jongno])
    assert Process.objects.count() == 2 and Phase.objects.count() == 6
    for district in (gangbuk, mapo):
        process = Process.objects.get(district=district)
        assert process.is_published and phase_current(process) is not None
        phases = list(process.phases.order_by("starts_at"))
        assert all(a.ends_at == b.starts_at for a, b in itertools.pairwise(phases))
        last_day = timezone.localtime(phases[-1].ends_at).date() - datetime.timedelta(days=1)
        assert process.starts_on == timezone.localtime(phases[0].starts_at).date()
        assert process.ends_on == last_day
