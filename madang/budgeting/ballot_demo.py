"""Demo ballots and results (runs after the cycles' demo loader, which creates the cycles).

- 강북 `budget-2025` (closed): 320 voters (15 % on paper) with valid ballots in the district-wide
  heading and their dong's heading, operators' 예산학교·설문·제안자 scores where the weighting uses
  them, and the results published (projects funded / not funded).
- 마포 `budget-2026` (voting now): 24 voters' online ballots, so the turnout page has numbers; the demo
  주민 account has not voted, so it can try the voting page.

Demo voters are registry identities without an account (as after an account's deletion): keyed hashes
of made-up names. Idempotent: a cycle that has ballots is left alone; publishing happens once.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from madang.core.services import SYSTEM

from .ballot_models import Ballot, BallotChoice, ChannelScore, ResultPublication, VoteChannel, Voter, age_band
from .ballot_services import check_ballot, results_publish
from .models import ChannelWeight, Cycle, Heading, Project

PLAN = {"gangbuk": ("budget-2025", 320, True), "mapo": ("budget-2026", 24, False)}
AGES = [(16, 4), (25, 12), (35, 16), (45, 20), (55, 20), (65, 16), (75, 12)]


def _valid_ballot(rng, cycle, heading, projects, popularity):
    """A random ballot that follows the cycle's rules (or None when the heading has no projects)."""
    if not projects:
        return None
    available = sum(p.final_cost or 0 for p in projects)
    for _attempt in range(40):
        order = sorted(projects, key=lambda p: -popularity[p.pk] * rng.random())
        if cycle.ballot_kind == Cycle.BallotKind.APPROVAL:
            picks = order[: rng.randint(1, min(cycle.approval_max_picks, len(order)))]
        else:
            picks, total = [], 0
            for p in order:
                if total + (p.final_cost or 0) <= heading.amount and rng.random() < 0.8:
                    picks.append(p)
                    total += p.final_cost or 0
        try:
            check_ballot(
                kind=cycle.ballot_kind,
                max_picks=cycle.approval_max_picks,
                min_share=cycle.knapsack_min_share,
                amount=int(heading.amount),
                costs=[p.final_cost or 0 for p in picks],
                available=available,
            )
        except Exception:  # noqa: S112 - try another random ballot
            continue
        return picks
    return None


def _fill(cycle: Cycle, voters: int, *, paper_share: float) -> int:
    from madang.residents.services import identity_key

    rng = random.Random(f"ballots-{cycle.district.slug}-{cycle.process.slug}")  # noqa: S311 - demo data
    headings = list(Heading.objects.filter(cycle=cycle).select_related("dong"))
    wide = [h for h in headings if h.kind != Heading.Kind.DONG]
    by_dong = {h.dong_id: h for h in headings if h.kind == Heading.Kind.DONG and h.dong_id}
    projects = {
        h.pk: list(
            Project.objects.filter(heading=h, status__in=[Project.Status.SHORTLISTED, Project.Status.FUNDED])
        )
        for h in headings
    }
    popularity = {p.pk: rng.uniform(0.3, 3.0) for ps in projects.values() for p in ps}
    dongs = list(by_dong) or list(cycle.district.dongs.values_list("pk", flat=True)[:8]) or [None]
    made = 0
    for i in range(voters):
        dong_id = rng.choice(dongs)
        age = rng.choices([a for a, _w in AGES], [w for _a, w in AGES])[0] + rng.randint(0, 4)
        channel = VoteChannel.OFFLINE if rng.random() < paper_share else VoteChannel.ONLINE
        key = identity_key(
            name=f"데모투표자{i:04d}",
            birth_date=datetime.date(2025 - age, 1 + i % 12, 1 + i % 28),
            dong_name=f"동{dong_id}",
        )
        voter = Voter.objects.create(
            cycle=cycle, identity_key=key, channel=channel, dong_id=dong_id, age_band=age_band(age)
        )
        targets = [h for h in wide if rng.random() < 0.9] + ([by_dong[dong_id]] if dong_id in by_dong else [])
        for heading in targets:
            picks = _valid_ballot(rng, cycle, heading, projects[heading.pk], popularity)
            if not picks:
                continue
            ballot = Ballot.objects.create(
                cycle=cycle,
                heading=heading,
                voter=voter,
                identity_key=key,
                channel=channel,
                total_cost=sum(p.final_cost or 0 for p in picks),
                picks=len(picks),
            )
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, project=p, cycle=cycle, channel=channel) for p in picks]
            )
        made += 1
    return made


def _scores(cycle: Cycle) -> None:
    rng = random.Random(f"scores-{cycle.pk}")  # noqa: S311 - demo data
    weights = dict(ChannelWeight.objects.filter(cycle=cycle).values_list("channel", "weight"))
    for channel in ChannelScore.Channel.values:
        if not weights.get(channel):
            continue
        for project in Project.objects.filter(cycle=cycle, status=Project.Status.SHORTLISTED):
            ChannelScore.objects.get_or_create(
                project=project, channel=channel, defaults={"score": rng.randint(20, 100)}
            )


def load_demo(*, districts) -> list[str]:
    lines = []
    for district in districts:
        plan = PLAN.get(district.slug)
        if plan is None:
            continue
        slug, voters, publish = plan
        cycle = (
            Cycle.objects.filter(district=district, process__slug=slug)
            .select_related("process", "district")
            .first()
        )
        if cycle is None:
            lines.append(f"{district.name} 주민 투표 데모: {slug} 회차가 없어 건너뜀")
            continue
        with transaction.atomic():
            made = 0
            if not Ballot.objects.filter(cycle=cycle).exists():
                made = _fill(cycle, voters, paper_share=0.15 if publish else 0.0)
                if publish:
                    _scores(cycle)
            published = ""
            if publish and not ResultPublication.objects.filter(cycle=cycle).exists():
                results_publish(actor=SYSTEM, district=district, cycle=cycle)
                published = ", 결과 공개"
        lines.append(f"{district.name} 주민 투표 데모: {slug} 투표자 {made}명 새로 만듦{published}")
    return lines
