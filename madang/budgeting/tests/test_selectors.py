import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import selectors
from madang.budgeting.models import Project

from .factories import HeadingFactory, ProjectFactory, cycle_in_phase

pytestmark = pytest.mark.django_db
S = Project.Status


def test_cycle_list_hides_unpublished_from_the_public_and_sums_money(mapo, gangbuk):
    shown = cycle_in_phase(mapo, "제안 접수")
    HeadingFactory(cycle=shown, amount=100)
    HeadingFactory(cycle=shown, amount=250)
    HeadingFactory(cycle=shown, amount=250)  # the same amount twice counts twice
    ProjectFactory(heading=shown.headings.first())
    ProjectFactory(heading=shown.headings.first(), status=S.WITHDRAWN)
    cycle_in_phase(mapo, "제안 접수", published=False)
    cycle_in_phase(gangbuk, "제안 접수")
    public = list(selectors.cycle_list(district=mapo))
    assert [c.pk for c in public] == [shown.pk]
    assert public[0].money == 600 and public[0].project_count == 1
    staff = user_with_role(Role.OPERATOR, mapo)
    assert len(selectors.cycle_list(district=mapo, user=staff)) == 2


def test_project_list_hides_withdrawn_except_for_the_author_and_staff(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    author = user_with_role(Role.RESIDENT, mapo)
    ProjectFactory(heading=heading)
    ProjectFactory(heading=heading, status=S.WITHDRAWN, author=author)
    assert selectors.project_list(cycle=cycle).count() == 1
    assert selectors.project_list(cycle=cycle, user=author).count() == 2
    assert selectors.project_list(cycle=cycle, user=user_with_role(Role.OPERATOR, mapo)).count() == 2


def test_orders_and_summary(mapo):
    cycle = cycle_in_phase(mapo, "분과 심의")
    heading = HeadingFactory(cycle=cycle)
    cheap = ProjectFactory(heading=heading, cost=1_000, review_total=50, status=S.ELIGIBLE)
    best = ProjectFactory(heading=heading, cost=9_000, review_total=90, status=S.ELIGIBLE)
    unscored = ProjectFactory(heading=heading, cost=5_000)
    by_cost = selectors.project_list(cycle=cycle, filters=selectors.ProjectFilters(order="cost"))
    assert list(by_cost) == [cheap, unscored, best]
    by_score = selectors.project_list(cycle=cycle, filters=selectors.ProjectFilters(order="score"))
    assert list(by_score) == [best, cheap, unscored]  # unscored last
    assert list(selectors.shortlist_candidates(cycle=cycle)) == [best, cheap]
    summary = selectors.cycle_summary(cycle=cycle)
    assert summary["total"] == 3 and ("적격", 2) in summary["by_status"]


def test_project_get_is_scoped_to_the_cycle(mapo):
    from madang.core.exceptions import NotFound

    cycle, other = cycle_in_phase(mapo, "제안 접수"), cycle_in_phase(mapo, "제안 접수")
    project = ProjectFactory(heading=HeadingFactory(cycle=other))
    with pytest.raises(NotFound):
        selectors.project_get(cycle=cycle, pk=project.pk)
    assert selectors.project_get(cycle=other, pk=project.pk) == project
