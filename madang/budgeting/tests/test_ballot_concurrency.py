"""Ballots under concurrent requests (PostgreSQL only: SQLite serialises writers anyway).

Decidim#862 and CONSUL#4061 let a voter exceed the budget by clicking fast; here a person's ballot
changes run one after another under the voter row's lock and each is validated inside it."""

import contextlib
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from madang.budgeting import ballot_services as services
from madang.budgeting import results
from madang.budgeting.ballot_models import Ballot, BallotChoice, Voter
from madang.core.services import DomainError

from .ballots import Setup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(jobs, workers):
    barrier = threading.Barrier(workers)

    def wrap(job):
        def run():
            try:
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=30)
                job()
                return "ok"
            except DomainError as error:
                return error.code
            finally:
                connection.close()

        return run

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(wrap(job)) for job in jobs]
        return [f.result() for f in futures]


def test_one_resident_sending_20_ballots_at_once_keeps_one_valid_ballot(gangbuk):
    s = Setup(gangbuk)
    user = s.voter()
    keys = list(s.p)
    rng = random.Random(7)
    ballots = [rng.sample(keys, rng.randint(1, 4)) for _ in range(20)]
    costs = {k: s.p[k].cost for k in keys}
    outcomes = _run(
        [
            (
                lambda picks=picks: services.ballot_submit(
                    actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids(*picks)
                )
            )
            for picks in ballots
        ],
        workers=20,
    )
    for picks, outcome in zip(ballots, outcomes, strict=True):
        fits = sum(costs[k] for k in picks) <= s.pot.amount
        assert outcome == ("ok" if fits else "over_budget"), (picks, outcome)
    assert Voter.objects.count() == 1 and Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    stored = sorted(BallotChoice.objects.filter(ballot=ballot).values_list("project__title", flat=True))
    accepted = [
        sorted(f"사업 {k}" for k in picks) for picks, o in zip(ballots, outcomes, strict=True) if o == "ok"
    ]
    assert stored in accepted
    total = sum(costs[t.split()[-1]] for t in stored)
    assert total == ballot.total_cost <= s.pot.amount


def test_over_the_money_is_refused_however_fast(gangbuk):
    s = Setup(gangbuk)
    user = s.voter()
    services.ballot_submit(actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids("d"))
    # ten "add a" and ten "add e" clicks at once, each alone within the money, a+e together over it
    jobs = [
        (
            lambda k=k: services.ballot_submit(
                actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids("d", k)
            )
        )
        for k in ["a", "e"] * 10
    ] + [
        (
            lambda: services.ballot_submit(
                actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids("a", "e")
            )
        )
        for _ in range(5)
    ]
    outcomes = _run(jobs, workers=25)
    assert outcomes[-5:] == ["over_budget"] * 5
    assert Counter(outcomes[:20]) == {"ok": 20}
    ballot = Ballot.objects.get()
    assert ballot.total_cost <= s.pot.amount
    assert BallotChoice.objects.filter(ballot=ballot).count() == 2


def test_200_residents_voting_at_once_give_exact_tallies(gangbuk):
    s = Setup(gangbuk, kind="approval", max_picks=3)
    voters = [s.voter() for _ in range(200)]
    rng = random.Random(11)
    picks = [rng.sample(list(s.p), rng.randint(1, 3)) for _ in voters]
    outcomes = _run(
        [
            (
                lambda u=u, p=p: services.ballot_submit(
                    actor=u, district=gangbuk, heading=s.pot, project_ids=s.ids(*p)
                )
            )
            for u, p in zip(voters, picks, strict=True)
        ],
        workers=40,
    )
    assert outcomes == ["ok"] * 200
    assert Ballot.objects.count() == 200 and Voter.objects.count() == 200
    expected = Counter(k for p in picks for k in p)
    counts = results.vote_counts(s.cycle)
    assert {k: counts.get(s.p[k].pk, {}).get("online", 0) for k in s.p} == {
        k: expected.get(k, 0) for k in s.p
    }


def test_paper_ballot_and_online_ballot_of_one_identity_at_once(gangbuk):
    from madang.residents.identity import identity_key
    from madang.residents.models import ResidentVerification

    from .factories import verified_resident

    s = Setup(gangbuk)
    name, birth = s.paper_voter(name="동시투표")
    user = verified_resident(s.cycle, dong=s.dong)
    ResidentVerification.objects.filter(user=user).update(
        identity_key=identity_key(name=name, birth_date=birth, dong_name=s.dong.name)
    )
    outcomes = _run(
        [
            lambda: services.ballot_submit(
                actor=user, district=gangbuk, heading=s.pot, project_ids=s.ids("a")
            ),
            lambda: services.offline_ballot_enter(
                actor=s.operator,
                district=gangbuk,
                heading=s.pot,
                name=name,
                birth_date=birth,
                project_ids=s.ids("b"),
            ),
        ],
        workers=2,
    )
    assert sorted(outcomes) == ["duplicate_vote", "ok"]
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1
