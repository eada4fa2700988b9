"""The ballots demo loader: valid ballots, published results, idempotent."""

import pytest

from madang.budgeting.ballot_demo import load_demo
from madang.budgeting.ballot_models import Ballot, BallotChoice, ResultPublication, Voter
from madang.budgeting.models import Heading, Project
from madang.districts.tests.factories import DongFactory

from .factories import HeadingFactory, ProjectFactory, cycle_in_phase

pytestmark = pytest.mark.django_db


def test_demo_ballots_follow_the_rules_and_publish_once(gangbuk, mapo):
    closed = cycle_in_phase(gangbuk, "결과 발표", slug="budget-2025", ballot_kind="knapsack")
    dong = DongFactory(district=gangbuk)
    pots = [
        HeadingFactory(cycle=closed, name="구 단위", amount=200_000_000),
        HeadingFactory(cycle=closed, name="동", kind=Heading.Kind.DONG, dong=dong, amount=60_000_000),
    ]
    for pot in pots:
        for i in range(6):
            ProjectFactory(heading=pot, cost=10_000_000 * (i + 1), status=Project.Status.SHORTLISTED)
    voting = cycle_in_phase(
        mapo, "주민 투표", slug="budget-2026", ballot_kind="approval", approval_max_picks=3
    )
    mapo_pot = HeadingFactory(cycle=voting, amount=100_000_000)
    for _ in range(5):
        ProjectFactory(heading=mapo_pot, status=Project.Status.SHORTLISTED)
    lines = load_demo(districts=[gangbuk, mapo])
    assert any("결과 공개" in line for line in lines)
    assert Voter.objects.filter(cycle=closed).count() == 320
    assert Voter.objects.filter(cycle=closed, channel="offline").exists()
    for ballot in Ballot.objects.filter(cycle=closed):
        assert ballot.total_cost <= ballot.heading.amount
        assert BallotChoice.objects.filter(ballot=ballot).count() == ballot.picks
    assert ResultPublication.objects.filter(cycle=closed).count() == 1
    statuses = set(Project.objects.filter(cycle=closed).values_list("status", flat=True))
    assert (
        statuses <= {Project.Status.FUNDED, Project.Status.NOT_FUNDED} and Project.Status.FUNDED in statuses
    )
    assert Voter.objects.filter(cycle=voting).count() == 24
    assert all(b.picks <= 3 for b in Ballot.objects.filter(cycle=voting))
    assert not ResultPublication.objects.filter(cycle=voting).exists()
    before = Ballot.objects.count()
    load_demo(districts=[gangbuk, mapo])
    assert Ballot.objects.count() == before and ResultPublication.objects.count() == 1
