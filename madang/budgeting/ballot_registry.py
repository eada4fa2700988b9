"""What the ballots part plugs into the kernel's registries (called from `registry.register()`).

Metrics (per district, first votes between the start of `start` and the end of `end`, Asia/Seoul):
- `budgeting.voters_online`, `budgeting.voters_offline`: people who voted online / on paper;
- `budgeting.turnout`: those voters as a per cent of the registry extracts of the cycles they voted in
  (of the verified accounts when a cycle has no extract); voters by 행정동 and age band are on the
  turnout and results pages.
Personal data `budget_ballots`: a person's own ballots; erasing the account keeps them in the tally,
unlinked (the voter row loses the account). Demo loader `budgeting_ballots` (order 320, after the
cycles' loader, 300).
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core import registry


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end_of(day: datetime.date) -> datetime.datetime:
    return _start_of(day + datetime.timedelta(days=1))


def _voters(district, start, end):
    from .ballot_models import Voter

    return Voter.objects.in_district(district).filter(
        created_at__gte=_start_of(start), created_at__lt=_end_of(end)
    )


def voters_online(district, start, end) -> int:
    return _voters(district, start, end).filter(channel="online").count()


def voters_offline(district, start, end) -> int:
    return _voters(district, start, end).filter(channel="offline").count()


def turnout_percent(district, start, end) -> float:
    from madang.residents.selectors import registry_summary

    from .models import Cycle

    per_cycle = dict(
        _voters(district, start, end)
        .values_list("cycle_id")
        .annotate(n=Count("id"))
        .values_list("cycle_id", "n")
    )
    if not per_cycle:
        return 0.0
    base = 0
    for cycle in Cycle.objects.filter(pk__in=per_cycle).select_related("process"):
        summary = registry_summary(cycle.process)
        base += summary.get("rows") or summary.get("verified") or 0
    return round(100 * sum(per_cycle.values()) / base, 1) if base else 0.0


def _export(user) -> list[dict]:
    from .ballot_selectors import ballots_export

    return ballots_export(user)


def _erase(user) -> None:
    from .ballot_services import voter_forget

    voter_forget(user)


def register() -> None:
    from . import ballot_rules  # noqa: F401 - registers the permissions
    from .ballot_demo import load_demo

    registry.register_metric(
        "budgeting.voters_online", label=_("온라인 투표 참여자 수"), unit="명", compute=voters_online
    )
    registry.register_metric(
        "budgeting.voters_offline", label=_("현장 투표 참여자 수"), unit="명", compute=voters_offline
    )
    registry.register_metric(
        "budgeting.turnout",
        label=_("주민참여예산 투표율"),
        unit="%",
        compute=turnout_percent,
        description=_("투표한 주민 수를 주민 명부(없으면 주민 확인한 계정) 수로 나눈 비율"),
    )
    registry.register_personal_data("budget_ballots", export=_export, erase=_erase)
    registry.register_demo_loader("budgeting_ballots", load_demo, order=320)
