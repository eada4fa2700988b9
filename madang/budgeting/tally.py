"""The results engine of participatory budgeting: pure Python on per-project aggregates.

The database does the counting (`results.tally_rows`: one GROUP BY over ballot choices, one over the
operators' channel scores, one over the committee's review scores); this module turns those per-project
numbers into the published ranking. It imports no Django model, so it is tested by hand-computed examples
and hypothesis properties, and it runs in milliseconds for any number of ballots (its input is one row
per project).

**Normalisation (per heading, per channel).** Projects compete only with the projects of their own heading
(its money pot), so each channel's raw numbers are normalised inside the heading: a project's channel
score is its share of the best project's raw value in that heading, on 0–100::

    normalised = 100 × raw / max(raw of the heading's projects)     (0 when that maximum is 0)

Raw values are: online ballots choosing the project (`online`), paper/assembly ballots (`offline`), the
committee's weighted average review score (`committee`), and the operators' per-project scores for
예산학교 (`budget_school`), 설문 (`survey`) and 제안자 (`proposers`). Dividing by the maximum (not the
total) keeps a channel's scale independent of how many projects share the heading.

**Weighting.** `score = Σ weight_c × normalised_c / Σ weight_c` over the channels with a weight > 0, so
the score stays on 0–100 whatever the weights add up to (the district's weights add up to 100).

**Ranking and tie-break.** Inside a heading, by score (higher first); ties go to more online votes, then
more offline votes, then the lower cost, then the earlier submission, then the lower id (so the order is
total and reproducible).

**Funding (CONSUL's greedy rule).** Walk the ranking with the heading's money: a project whose cost fits
the money left is funded and its cost subtracted; a project that does not fit is skipped (not funded) and
the walk continues with the next one, which may still fit. So the funded total never exceeds the amount.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

CHANNELS = ("online", "offline", "committee", "budget_school", "survey", "proposers")


@dataclass(frozen=True)
class ProjectInput:
    """One project's aggregates: `raw` maps a channel name to its raw value (missing = 0)."""

    id: int
    heading_id: int
    cost: int
    raw: Mapping[str, float] = field(default_factory=dict)
    submitted_at: datetime.datetime | None = None
    title: str = ""


@dataclass
class ProjectResult:
    id: int
    heading_id: int
    title: str
    cost: int
    raw: dict[str, float]
    normalised: dict[str, float]
    score: float
    rank: int = 0
    funded: bool = False
    # why a project was not funded although it ranked above a funded one
    skipped_for_money: bool = False


@dataclass
class HeadingResult:
    id: int
    amount: int
    projects: list[ProjectResult]

    @property
    def funded_total(self) -> int:
        return sum(p.cost for p in self.projects if p.funded)

    @property
    def remaining(self) -> int:
        return self.amount - self.funded_total


def normalise(values: Mapping[int, float]) -> dict[int, float]:
    """{project id: raw} → {project id: 100 × raw / max raw} (0 for every project when the max is ≤ 0)."""
    top = max(values.values(), default=0)
    if top <= 0:
        return {pk: 0.0 for pk in values}
    return {pk: 100.0 * max(v, 0) / top for pk, v in values.items()}


def weighted_score(normalised: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ w × n / Σ w over channels with a positive weight (0 when no channel has a weight)."""
    used = {c: w for c, w in weights.items() if w and w > 0}
    total = sum(used.values())
    if not total:
        return 0.0
    # Fractions keep the sum exact, so equal inputs give equal scores (ties are real ties)
    exact = sum(Fraction(w) * Fraction(normalised.get(c, 0.0)) for c, w in used.items())
    return float(exact / Fraction(total))


_FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def rank_key(result: ProjectResult, submitted_at: datetime.datetime | None):
    """Sort key: score desc, online votes desc, offline votes desc, cost asc, submission asc, id asc."""
    at = submitted_at or _FAR_FUTURE
    if at.tzinfo is None:
        at = at.replace(tzinfo=datetime.UTC)
    return (
        -result.score,
        -result.raw.get("online", 0),
        -result.raw.get("offline", 0),
        result.cost,
        at,
        result.id,
    )


def fund_greedily(ranked: list[ProjectResult], amount: int) -> None:
    """Mark `funded` along the ranking while the money lasts; a project that does not fit is skipped."""
    left = amount
    for project in ranked:
        if 0 < project.cost <= left:
            project.funded = True
            left -= project.cost
        else:
            project.funded = False
            project.skipped_for_money = True


def compute(
    projects: Iterable[ProjectInput],
    *,
    amounts: Mapping[int, int],
    weights: Mapping[str, float],
) -> dict[int, HeadingResult]:
    """The results of every heading in `amounts` ({heading id: money}): ranked, scored and funded."""
    by_heading: dict[int, list[ProjectInput]] = {hid: [] for hid in amounts}
    for project in projects:
        by_heading.setdefault(project.heading_id, []).append(project)
    out: dict[int, HeadingResult] = {}
    for heading_id, items in by_heading.items():
        normalised_by_channel = {
            channel: normalise({p.id: float(p.raw.get(channel, 0) or 0) for p in items})
            for channel in CHANNELS
        }
        results = []
        submitted = {}
        for p in items:
            norm = {c: normalised_by_channel[c][p.id] for c in CHANNELS}
            results.append(
                ProjectResult(
                    id=p.id,
                    heading_id=heading_id,
                    title=p.title,
                    cost=int(p.cost),
                    raw={c: p.raw.get(c, 0) or 0 for c in CHANNELS},
                    normalised=norm,
                    score=weighted_score(norm, weights),
                )
            )
            submitted[p.id] = p.submitted_at
        results.sort(key=lambda r: rank_key(r, submitted[r.id]))
        for rank, r in enumerate(results, start=1):
            r.rank = rank
        amount = int(amounts.get(heading_id, 0))
        fund_greedily(results, amount)
        # a project below every funded one is simply "not funded"; one that a cheaper project further
        # down overtook is flagged as skipped for money
        last_funded = max((r.rank for r in results if r.funded), default=0)
        for r in results:
            r.skipped_for_money = (not r.funded) and r.rank < last_funded
        out[heading_id] = HeadingResult(id=heading_id, amount=amount, projects=results)
    return out
