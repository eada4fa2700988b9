"""Races on PostgreSQL: status moves and committee scores stay exact under concurrent requests."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import services
from madang.budgeting.models import Project, ReviewScore
from madang.core.models import AuditEntry
from madang.core.services import DomainError

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(workers):
    barrier = threading.Barrier(len(workers))
    outcomes = []

    def run(work):
        try:
            barrier.wait()
            work()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_six_operators_shortlisting_at_once_make_one_move(gangbuk):
    cycle = cycle_in_phase(gangbuk, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=Project.Status.ELIGIBLE)
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(6)]
    outcomes = _race(
        [
            (lambda op=op: services.project_shortlist(actor=op, project=Project.objects.get(pk=project.pk)))
            for op in operators
        ]
    )
    assert outcomes == ["conflict"] * 5 + ["ok"]
    assert Project.objects.get(pk=project.pk).status == Project.Status.SHORTLISTED
    assert AuditEntry.objects.filter(object_type="budgeting.project", action="publish").count() == 1


def test_committee_scoring_at_once_keeps_the_total_exact(gangbuk):
    cycle = cycle_in_phase(gangbuk, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=Project.Status.ELIGIBLE)
    criteria = list(cycle.criteria.all())
    members = [committee_member(cycle) for _ in range(8)]
    scores = [1 + i % 5 for i in range(8)]
    outcomes = _race(
        [
            (
                lambda m=m, s=s: services.project_review(
                    actor=m, project=Project.objects.get(pk=project.pk), scores={c.pk: s for c in criteria}
                )
            )
            for m, s in zip(members, scores, strict=True)
        ]
    )
    assert outcomes == ["ok"] * 8
    project.refresh_from_db()
    mean = Decimal(sum(scores)) / len(scores)
    assert project.review_count == 8 and ReviewScore.objects.filter(project=project).count() == 32
    assert project.review_total == (mean / 5 * 100).quantize(Decimal("0.01"))
