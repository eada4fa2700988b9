"""Reads of the results: the tally in SQL, the ranking in Python (`tally`), turnout, the published snapshot.

`results_compute(cycle)` costs five queries whatever the number of ballots: the projects on the ballot
(or already decided), the weights, one GROUP BY (project, channel) over `BallotChoice` (index
`budget_choice_tally`), one over the operators' channel scores and one weighted average over the
committee's review scores (Σ score × criterion weight / Σ criterion weight per project, over every
reviewer). The engine then normalises, weights, ranks and funds on those per-project numbers
(`bench/tally.py`: 400,000 ballots on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from . import tally
from .ballot_models import AgeBand, BallotChoice, ChannelScore, ResultPublication, VoteChannel, Voter
from .models import ChannelWeight, Cycle, Heading, Project, ReviewScore

RANKED_STATUSES = (Project.Status.SHORTLISTED, Project.Status.FUNDED, Project.Status.NOT_FUNDED)


@dataclass
class Computed:
    headings: dict[int, tally.HeadingResult]
    heading_names: dict[int, str]
    weights: dict[str, int]


def cycle_weights(cycle: Cycle) -> dict[str, int]:
    return dict(ChannelWeight.objects.filter(cycle=cycle).values_list("channel", "weight"))


def vote_counts(cycle: Cycle) -> dict[int, dict[str, int]]:
    """{project id: {"online": n, "offline": m}}: one GROUP BY over the choices of the cycle."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        BallotChoice.objects.filter(cycle_id=cycle.pk)
        .values_list("project_id", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    for project_id, channel, n in rows:
        counts.setdefault(project_id, {})[channel] = n
    return counts


def committee_scores(cycle: Cycle) -> dict[int, float]:
    """{project id: Σ score × criterion weight / Σ criterion weight} over every reviewer's scores (1–5)."""
    rows = (
        ReviewScore.objects.filter(project__cycle_id=cycle.pk)
        .values("project_id")
        .annotate(
            weighted=Sum(Cast(F("score"), FloatField()) * F("criterion__weight")),
            weights=Sum("criterion__weight"),
        )
        .order_by()
        .values_list("project_id", "weighted", "weights")
    )
    return {pk: (weighted / weights if weights else 0.0) for pk, weighted, weights in rows}


def tally_inputs(cycle: Cycle) -> tuple[list[tally.ProjectInput], dict[int, int], dict[int, str]]:
    headings = list(
        Heading.objects.filter(cycle=cycle).order_by("order", "pk").values_list("pk", "amount", "name")
    )
    projects = Project.objects.filter(cycle=cycle, status__in=RANKED_STATUSES).values_list(
        "pk", "heading_id", "cost", "revised_cost", "created_at", "title"
    )
    votes = vote_counts(cycle)
    committee = committee_scores(cycle)
    scored: dict[int, dict[str, float]] = {}
    for pk, channel, score in ChannelScore.objects.filter(project__cycle_id=cycle.pk).values_list(
        "project_id", "channel", "score"
    ):
        scored.setdefault(pk, {})[channel] = float(score)
    inputs = []
    for pk, heading_id, cost, revised, created_at, title in projects:
        raw = {**votes.get(pk, {}), **scored.get(pk, {})}
        if pk in committee:
            raw["committee"] = committee[pk]
        inputs.append(
            tally.ProjectInput(
                id=pk,
                heading_id=heading_id,
                cost=int(revised or cost or 0),
                raw=raw,
                submitted_at=created_at,
                title=title,
            )
        )
    return (
        inputs,
        {pk: int(amount) for pk, amount, _name in headings},
        {pk: name for pk, _amount, name in headings},
    )


def results_compute(cycle: Cycle) -> Computed:
    inputs, amounts, names = tally_inputs(cycle)
    weights = cycle_weights(cycle)
    return Computed(
        headings=tally.compute(inputs, amounts=amounts, weights=weights), heading_names=names, weights=weights
    )


def turnout(cycle: Cycle) -> dict:
    """Numbers only: voters by channel, by 행정동 and by age band (one GROUP BY over the voters), ballots
    per heading (one over the ballots), the registry and verified counts (residents)."""
    from madang.districts.models import Dong

    by_channel: dict[str, int] = {}
    dong_counts: dict[int | None, int] = {}
    bands: dict[str, int] = {}
    rows = (
        Voter.objects.filter(cycle=cycle)
        .values_list("channel", "dong_id", "age_band")
        .annotate(n=Count("id"))
        .order_by()
    )
    for channel, dong_id, band, n in rows:
        by_channel[channel] = by_channel.get(channel, 0) + n
        dong_counts[dong_id] = dong_counts.get(dong_id, 0) + n
        bands[band] = bands.get(band, 0) + n
    names = dict(Dong.objects.filter(pk__in=[d for d in dong_counts if d]).values_list("pk", "name"))
    by_dong = sorted(
        ((names.get(d, "") if d else "", n) for d, n in dong_counts.items()), key=lambda r: (r[0] == "", r[0])
    )
    by_heading = dict(
        cycle.ballots.values_list("heading_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("heading_id", "n")
    )
    verified, registry = _verified_and_registry(cycle)
    total = sum(by_channel.values())
    return {
        "voters": total,
        "online": by_channel.get(VoteChannel.ONLINE, 0),
        "offline": by_channel.get(VoteChannel.OFFLINE, 0),
        "by_dong": [{"dong": name, "voters": n} for name, n in by_dong],
        "by_age_band": [
            {"band": str(label), "code": code, "voters": bands.get(code, 0)}
            for code, label in AgeBand.choices
        ],
        "by_heading": {str(k): v for k, v in by_heading.items()},
        "registry": registry,
        "verified": verified,
        "percent_of_registry": round(100 * total / registry, 1) if registry else None,
        "percent_of_verified": round(100 * by_channel.get(VoteChannel.ONLINE, 0) / verified, 1)
        if verified
        else None,
    }


def _verified_and_registry(cycle: Cycle) -> tuple[int, int]:
    from madang.residents.selectors import registry_summary

    summary = registry_summary(cycle.process)
    return summary.get("verified", 0), summary.get("rows", 0)


def results_snapshot(computed: Computed, cycle: Cycle) -> dict:
    """The JSON frozen at publication: headings with their ranked projects, and the turnout."""
    return {
        "headings": [
            {
                "id": hid,
                "name": computed.heading_names.get(hid, ""),
                "amount": h.amount,
                "funded_total": h.funded_total,
                "projects": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "cost": p.cost,
                        "rank": p.rank,
                        "score": round(p.score, 4),
                        "funded": p.funded,
                        "skipped_for_money": p.skipped_for_money,
                        "raw": {c: (round(v, 4) if isinstance(v, float) else v) for c, v in p.raw.items()},
                        "normalised": {c: round(v, 4) for c, v in p.normalised.items()},
                    }
                    for p in h.projects
                ],
            }
            for hid, h in computed.headings.items()
        ],
        "turnout": turnout(cycle),
    }


def publication_get(cycle: Cycle) -> ResultPublication | None:
    return ResultPublication.objects.filter(cycle=cycle).first()


def results_for_display(
    cycle: Cycle, *, publication: ResultPublication | None = None, live: bool = False
) -> dict | None:
    """The published snapshot, or (`live`, operators after voting) the current computation."""
    if publication is not None:
        return {**publication.data, "weights": publication.weights, "published_at": publication.published_at}
    if live:
        computed = results_compute(cycle)
        return {**results_snapshot(computed, cycle), "weights": computed.weights, "published_at": None}
    return None


def export_headers() -> list[str]:
    return [
        _("예산 구분"),
        _("순위"),
        _("사업명"),
        _("사업비(원)"),
        _("종합 점수"),
        _("온라인 투표"),
        _("현장 투표"),
        _("위원회 심사"),
        _("예산학교"),
        _("설문"),
        _("제안자"),
        _("선정"),
    ]


def export_rows(data: dict) -> list[list]:
    rows = []
    for heading in data["headings"]:
        for p in heading["projects"]:
            raw = p["raw"]
            rows.append(
                [
                    heading["name"],
                    p["rank"],
                    p["title"],
                    p["cost"],
                    round(p["score"], 2),
                    raw.get("online", 0),
                    raw.get("offline", 0),
                    round(raw.get("committee", 0) or 0, 2),
                    raw.get("budget_school", 0),
                    raw.get("survey", 0),
                    raw.get("proposers", 0),
                    _("선정") if p["funded"] else _("미선정"),
                ]
            )
    return rows


def ranked_projects(cycle: Cycle) -> list[Project]:
    """The projects the results rank (on the ballot, or decided), by heading and title (one query)."""
    return list(
        Project.objects.filter(cycle=cycle, status__in=RANKED_STATUSES)
        .select_related("heading")
        .order_by("heading__order", "heading_id", "title", "pk")
    )


def channel_score_map(cycle: Cycle) -> dict:
    return {
        (pk, channel): score
        for pk, channel, score in ChannelScore.objects.filter(project__cycle_id=cycle.pk).values_list(
            "project_id", "channel", "score"
        )
    }
