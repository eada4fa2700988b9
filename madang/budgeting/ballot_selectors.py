"""Reads of the ballots part: the cycle of a URL, what a voter sees, their own ballot (never another's)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from madang.core.exceptions import NotFound
from madang.core.tenancy import get_in_district
from madang.processes.models import Phase

from .ballot_models import Ballot, BallotChoice, Voter
from .ballot_predicates import heading_open_to
from .models import Cycle, Heading, Project


def cycle_get(*, district, slug: str, user=None) -> Cycle:
    """The cycle of the district whose process has `slug` (phases prefetched); an unpublished process is
    found only by district staff."""
    cycle = get_in_district(
        Cycle.objects.select_related("process", "district").prefetch_related(
            Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at", "order"))
        ),
        district,
        process__slug=str(slug)[:80],
    )
    if not cycle.process.is_published and not (
        user is not None and user.has_perm("budgeting.view_turnout", cycle)
    ):
        raise NotFound(_("이 자치구에서 찾을 수 없는 참여예산 회차입니다."))
    return cycle


def heading_get(*, cycle: Cycle, pk) -> Heading:
    heading = get_in_district(Heading.objects.select_related("dong"), cycle.district_id, pk=pk)
    if heading.cycle_id != cycle.pk:
        raise NotFound(_("이 회차에서 찾을 수 없는 예산 구분입니다."))
    heading.cycle = cycle
    return heading


def ballot_projects(heading: Heading) -> list[Project]:
    """The heading's projects on the ballot (shortlisted), cheapest first within the title order."""
    return list(
        Project.objects.filter(
            heading_id=heading.pk, cycle_id=heading.cycle_id, status=Project.Status.SHORTLISTED
        )
        .only("pk", "title", "cost", "revised_cost", "dong_id", "heading_id", "cycle_id", "location")
        .order_by("title", "pk")
    )


@dataclass
class OwnBallot:
    ballot: Ballot
    project_ids: list[int]


def own_ballot(*, user, heading: Heading) -> OwnBallot | None:
    """The person's own online ballot in `heading` with the chosen project ids (two queries at most)."""
    if not getattr(user, "is_authenticated", False):
        return None
    ballot = Ballot.objects.filter(
        heading_id=heading.pk, voter__user_id=user.pk, voter__cycle_id=heading.cycle_id
    ).first()
    if ballot is None:
        return None
    ids = list(
        BallotChoice.objects.filter(ballot=ballot).order_by("project_id").values_list("project_id", flat=True)
    )
    return OwnBallot(ballot, ids)


@dataclass
class HeadingRow:
    heading: Heading
    open_to_me: bool
    ballot: Ballot | None


def vote_overview(*, cycle: Cycle, user, verification) -> list[HeadingRow]:
    """Every heading of the cycle, whether the person may vote in it, and their ballot there (two queries)."""
    headings = list(Heading.objects.filter(cycle=cycle).select_related("dong").order_by("order", "pk"))
    mine = {}
    if getattr(user, "is_authenticated", False):
        mine = {b.heading_id: b for b in Ballot.objects.filter(cycle=cycle, voter__user_id=user.pk)}
    return [HeadingRow(h, heading_open_to(h, verification), mine.get(h.pk)) for h in headings]


def own_voter(*, user, cycle: Cycle) -> Voter | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Voter.objects.filter(cycle=cycle, user_id=user.pk).first()


def ballots_export(user) -> list[dict]:
    """Personal data: the person's own ballots (heading and chosen projects) in every cycle."""
    ballots = (
        Ballot.objects.filter(voter__user_id=user.pk)
        .select_related("heading", "cycle__process")
        .prefetch_related(Prefetch("choices", queryset=BallotChoice.objects.select_related("project")))
        .order_by("pk")
    )
    return [
        {
            "cycle": b.cycle.process.title,
            "heading": b.heading.name,
            "channel": b.channel,
            "projects": [c.project.title for c in b.choices.all()],
            "total_cost": b.total_cost,
            "cast_at": b.created_at.isoformat(),
            "changed_at": b.updated_at.isoformat(),
        }
        for b in ballots
    ]
