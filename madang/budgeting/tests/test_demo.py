import pytest

from madang.budgeting.demo import budgeting_demo_load
from madang.budgeting.models import Cycle, Project, Screening
from madang.processes.predicates import phase_current

pytestmark = pytest.mark.django_db


def test_demo_cycles_are_made_once(mapo, gangbuk):
    lines = budgeting_demo_load(districts=[mapo, gangbuk])
    assert len(lines) == 2 and all("새로 만듦" in line for line in lines)
    mapo_cycle = Cycle.objects.get(district=mapo, process__slug="budget-2026")
    assert phase_current(mapo_cycle.process).name == "주민 투표"
    statuses = set(mapo_cycle.projects.values_list("status", flat=True))
    assert {"shortlisted", "eligible", "ineligible", "withdrawn"} <= statuses
    assert mapo_cycle.projects.count() == 60 and mapo_cycle.headings.count() == 4
    assert (
        mapo_cycle.projects.filter(review_total__isnull=False).exists()
        or not mapo_cycle.committee_members.exists()
    )
    assert dict(mapo_cycle.channel_weights.values_list("channel", "weight")) == {
        "online": 50,
        "committee": 40,
        "budget_school": 10,
    }
    gangbuk_cycle = Cycle.objects.get(district=gangbuk, process__slug="budget-2025")
    assert phase_current(gangbuk_cycle.process) is None  # closed
    assert gangbuk_cycle.projects.filter(status=Project.Status.SHORTLISTED).count() == 20
    again = budgeting_demo_load(districts=[mapo, gangbuk])
    assert all("이미 있음" in line for line in again)
    assert Project.objects.count() == 84
    assert (
        Screening.objects.filter(project__cycle=mapo_cycle, decision="ineligible")
        .exclude(reasons="")
        .exists()
    )
