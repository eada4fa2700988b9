"""Predicates about a person's place in a budgeting cycle.

The object of a cycle permission is a `Cycle` (it has `district_id` and `.process`), of a project
permission a `Project` (whose `district_id` and `process` properties reach through its cycle, so the
role and phase predicates read them like any other object).
"""

from __future__ import annotations

import rules
from django.utils import timezone

from .models import CommitteeMember, Project

_COMMITTEE_ATTR = "_madang_budget_committees"


def cycle_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Project):
        return obj.cycle
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "budgeting.cycle":
        return obj
    return getattr(obj, "cycle", None)


def committee_cycle_ids(user) -> frozenset[int]:
    """Ids of the cycles whose committee the person sits on (one query per user instance)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _COMMITTEE_ATTR, None)
    if cached is None:
        cached = frozenset(CommitteeMember.objects.filter(user=user).values_list("cycle_id", flat=True))
        setattr(user, _COMMITTEE_ATTR, cached)
    return cached


def forget_committees(user) -> None:
    if hasattr(user, _COMMITTEE_ATTR):
        delattr(user, _COMMITTEE_ATTR)


@rules.predicate
def is_committee_member(user, obj) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and cycle.pk in committee_cycle_ids(user)


def proposer_refusal(user, cycle) -> str | None:
    """Why the person may not propose in `cycle` as a resident (None: they may).

    With `registry_required` the person must be a verified resident of the cycle's process
    (`residents`) aged at least `min_age` today (만 나이); without it, the 주민 role of the district."""
    from django.utils.translation import gettext as _

    from madang.accounts.predicates import is_resident, is_suspended

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("로그인이 필요합니다.")
    if is_suspended(user, cycle):
        return _("이 자치구에서 활동이 정지되어 제안할 수 없습니다.")
    if not cycle.registry_required:
        if not is_resident(user, cycle):
            return _("이 자치구의 주민으로 등록한 분만 제안할 수 있습니다.")
        return None
    from madang.residents.selectors import age_on, verification_get

    cache = getattr(user, "_madang_budget_eligibility", None)
    if cache is None:
        cache = {}
        user._madang_budget_eligibility = cache
    if cycle.pk not in cache:
        verification = verification_get(user=user, process=cycle.process)
        if verification is None:
            cache[cycle.pk] = _("주민 확인을 마친 분만 제안할 수 있습니다. 먼저 주민 확인을 해 주세요.")
        elif age_on(verification, timezone.localdate()) < cycle.min_age:
            cache[cycle.pk] = _("만 %(age)d세 이상 주민만 참여할 수 있습니다.") % {"age": cycle.min_age}
        else:
            cache[cycle.pk] = None
    return cache[cycle.pk]


@rules.predicate
def may_propose_as_resident(user, obj) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and proposer_refusal(user, cycle) is None


@rules.predicate
def is_project_author(user, obj) -> bool:
    author = getattr(obj, "author_id", None)
    return author is not None and getattr(user, "is_authenticated", False) and author == user.pk


@rules.predicate
def project_is_submitted(user, obj) -> bool:
    return getattr(obj, "status", None) == Project.Status.SUBMITTED


@rules.predicate
def project_is_funded(user, obj) -> bool:
    return getattr(obj, "status", None) in (
        Project.Status.FUNDED,
        Project.Status.IN_PROGRESS,
        Project.Status.DONE,
    )
