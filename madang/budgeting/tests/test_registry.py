import datetime

import pytest

from madang.accounts.services import user_export
from madang.budgeting import services
from madang.budgeting.models import Project, ReviewScore
from madang.core import registry
from madang.core.search import search

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase, verified_resident

pytestmark = pytest.mark.django_db
S = Project.Status
YEAR = datetime.date.today().year


def _range():
    return datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)


def test_metrics(mapo, gangbuk):
    cycle = cycle_in_phase(mapo, "집행 모니터링", year=YEAR)
    heading = HeadingFactory(cycle=cycle)
    ProjectFactory(
        heading=heading, status=S.FUNDED, cost=100_000_000, revised_cost=80_000_000, progress_percent=50
    )
    ProjectFactory(heading=heading, status=S.DONE, cost=20_000_000, progress_percent=100)
    ProjectFactory(heading=heading, status=S.NOT_FUNDED, cost=5_000_000)
    ProjectFactory(heading=heading, status=S.INELIGIBLE)
    ProjectFactory(heading=heading, status=S.SUBMITTED)
    ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(gangbuk, year=YEAR)), status=S.FUNDED)
    start, end = _range()
    assert registry.metric_value("budgeting.proposals", mapo, start, end) == 5
    assert registry.metric_value("budgeting.eligible_projects", mapo, start, end) == 3
    assert registry.metric_value("budgeting.money_allocated", mapo, start, end) == 100_000_000
    assert registry.metric_value("budgeting.money_executed", mapo, start, end) == 40_000_000 + 20_000_000
    assert (
        registry.metric_value(
            "budgeting.money_allocated", mapo, datetime.date(YEAR - 3, 1, 1), datetime.date(YEAR - 3, 12, 31)
        )
        == 0
    )


def test_search_finds_public_projects_only(mapo, gangbuk):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle)
    data = {"heading": heading, "title": "망원 놀이터 그늘막", "description": "여름이 덥습니다", "cost": 1000}
    project = services.project_propose(actor=resident, cycle=cycle, data=data)
    assert _hits(mapo, "그늘막") == ["망원 놀이터 그늘막"]
    assert _hits(gangbuk, "그늘막") == []
    services.project_withdraw(actor=resident, project=project)
    assert _hits(mapo, "그늘막") == []


def _hits(district, query):
    return [
        r.title
        for section in search(district=district, query=query, types=["budget_project"])
        for r in section.page
    ]


def test_personal_data_export_and_erase(mapo):
    cycle = cycle_in_phase(mapo, "분과 심의")
    resident = verified_resident(cycle)
    project = ProjectFactory(
        heading=HeadingFactory(cycle=cycle), author=resident, title="내 제안", status=S.ELIGIBLE
    )
    committee_member(cycle, user=resident)
    services.project_review(actor=resident, project=project, scores={c.pk: 3 for c in cycle.criteria.all()})
    exported = user_export(user=resident)
    assert exported["budget_projects"][0]["title"] == "내 제안"
    registry.personal_data_erase(resident)
    project.refresh_from_db()
    assert project.author is None and not ReviewScore.objects.filter(reviewer=resident).exists()


def test_the_proposals_handoff_makes_a_project(mapo):
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import user_with_role

    cycle = cycle_in_phase(mapo, "제안 접수")
    HeadingFactory(cycle=cycle, kind="district")
    operator = user_with_role(Role.OPERATOR, mapo)
    assert registry.has_handoff("budgeting.project_from_proposal")
    project = registry.handoff(
        "budgeting.project_from_proposal",
        actor=operator,
        district=mapo,
        title="시민제안: 공원 음수대",
        body="**공원**에 음수대가 없습니다.",
        dong=None,
        source_url="/mapo/proposals/p/7/",
    )
    assert project.cycle == cycle and project.source_url == "/mapo/proposals/p/7/"
    assert project.get_absolute_url().startswith("/mapo/budgeting/")
