"""Predicates of the ballots part: who may vote, when paper ballots and results are open.

The object is a `Cycle` (or anything with `.cycle`). Voting needs a verification of the cycle's process
(`residents`) and the age limit on the day of voting (만 나이); the phase (`vote`) is checked by the rule
with `phase_allows_pred`. Which headings a voter may vote in: every district-wide or theme heading, and
the dong heading of the 행정동 their verification names (`heading_open_to`).
"""

from __future__ import annotations

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.processes.predicates import phases_of, process_of

_VOTER_CACHE = "_madang_budget_voter"


def cycle_of(obj):
    if obj is None:
        return None
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "budgeting.cycle":
        return obj
    return getattr(obj, "cycle", None)


def voter_eligibility(user, cycle):
    """(verification or None, refusal message or None) for voting in `cycle`; cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None, _("로그인한 뒤 투표할 수 있습니다.")
    cache = getattr(user, _VOTER_CACHE, None)
    if cache is None:
        cache = {}
        setattr(user, _VOTER_CACHE, cache)
    if cycle.pk not in cache:
        from madang.residents.selectors import age_on, verification_get

        verification = verification_get(user=user, process=cycle.process)
        if verification is None:
            cache[cycle.pk] = (
                None,
                _("주민 확인을 마친 분만 투표할 수 있습니다. 먼저 주민 확인을 해 주세요."),
            )
        elif age_on(verification, timezone.localdate()) < cycle.min_age:
            cache[cycle.pk] = (
                verification,
                _("만 %(age)d세 이상 주민만 투표할 수 있습니다.") % {"age": cycle.min_age},
            )
        else:
            cache[cycle.pk] = (verification, None)
    return cache[cycle.pk]


def forget_voter(user) -> None:
    if hasattr(user, _VOTER_CACHE):
        delattr(user, _VOTER_CACHE)


def heading_open_to(heading, verification) -> bool:
    """A verified resident votes in district-wide and theme headings and in their own dong's heading."""
    if heading.kind != "dong":
        return True
    return (
        verification is not None and heading.dong_id is not None and heading.dong_id == verification.dong_id
    )


@rules.predicate
def is_eligible_voter(user, obj=None) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and voter_eligibility(user, cycle)[1] is None


def _vote_phases(cycle):
    return [p for p in phases_of(process_of(cycle)) if "vote" in (p.features or ())]


def voting_started(cycle, at=None) -> bool:
    """A phase that opens voting has begun (paper ballots may be entered from then on)."""
    at = at or timezone.now()
    return any(p.starts_at <= at for p in _vote_phases(cycle))


def voting_closed(cycle, at=None) -> bool:
    """Every phase that opens voting is over (results may be previewed and published)."""
    at = at or timezone.now()
    phases = _vote_phases(cycle)
    return bool(phases) and all(p.ends_at <= at for p in phases)


def results_published(cycle) -> bool:
    cycle = cycle_of(cycle)
    if cycle is None:
        return False
    try:
        return cycle.publication is not None
    except cycle._meta.model.publication.RelatedObjectDoesNotExist:
        return False


@rules.predicate
def has_voting_started(user, obj=None) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and process_of(cycle).is_published and voting_started(cycle)


@rules.predicate
def has_voting_closed(user, obj=None) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and process_of(cycle).is_published and voting_closed(cycle)


@rules.predicate
def are_results_published(user, obj=None) -> bool:
    return results_published(cycle_of(obj))
