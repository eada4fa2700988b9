"""How participatory budgeting plugs into the kernel's registries (`madang.core.registry`); imported by
`BudgetingConfig.ready()`. Nothing in `core`, `accounts`, `districts` or `processes` imports budgeting."""

from __future__ import annotations

import datetime

from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core import registry

from .models import Project
from .selectors import FUNDED_STATUSES, SEARCH_TYPE

S = Project.Status

# --- search ------------------------------------------------------------------------------------------


def _projects(district, user):
    """Projects of the district's published cycles, withdrawn ones left out."""
    return (
        Project.objects.in_district(district)
        .filter(cycle__process__is_published=True)
        .exclude(status=S.WITHDRAWN)
        .select_related("cycle__district", "cycle__process", "heading")
    )


def _project_result(project: Project) -> registry.SearchResult:
    return registry.SearchResult(
        title=project.title,
        url=project.get_absolute_url(),
        snippet=f"{project.cycle.title} · {project.heading.name} · {project.get_status_display()}",
    )


# --- personal data -------------------------------------------------------------------------------------


def export_projects(user) -> list[dict]:
    """The projects the person proposed (their own words; what anyone reads on the site)."""
    rows = (
        Project.objects.filter(author=user).select_related("cycle__process", "heading", "dong").order_by("id")
    )
    return [
        {
            "cycle": p.cycle.title,
            "heading": p.heading.name,
            "title": p.title,
            "description": p.description,
            "dong": p.dong.name if p.dong_id else None,
            "location": p.location,
            "cost": p.cost,
            "status": p.status,
            "created_at": p.created_at.isoformat(),
        }
        for p in rows
    ]


def erase_projects(user) -> None:
    """On account deletion the projects stay part of the public budget record, without the person:
    the author link goes (the page then says "탈퇴한 회원"), scores and committee seats go."""
    from .models import CommitteeMember, ReviewScore

    Project.objects.filter(author=user).update(author=None)
    ReviewScore.objects.filter(reviewer=user).delete()
    CommitteeMember.objects.filter(user=user).delete()


# --- metrics -----------------------------------------------------------------------------------------


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def proposals(district, start, end) -> int:
    """Projects proposed between the start of `start` and the end of `end` (withdrawn ones too)."""
    return (
        Project.objects.in_district(district)
        .filter(created_at__gte=_start_of(start), created_at__lt=_end_of(end))
        .count()
    )


def eligible_projects(district, start, end) -> int:
    """Projects proposed in the range that passed screening (eligible or any later stage)."""
    later = [S.ELIGIBLE, S.SHORTLISTED, *FUNDED_STATUSES, S.NOT_FUNDED]
    return (
        Project.objects.in_district(district)
        .filter(created_at__gte=_start_of(start), created_at__lt=_end_of(end), status__in=later)
        .count()
    )


def _funded(district, start, end):
    """Funded projects of the cycles whose year falls in the range."""
    return Project.objects.in_district(district).filter(
        cycle__year__gte=start.year, cycle__year__lte=end.year, status__in=FUNDED_STATUSES
    )


def money_allocated(district, start, end) -> int:
    """Won of the funded projects (their revised cost where screening changed it)."""
    total = _funded(district, start, end).aggregate(won=Sum(Coalesce("revised_cost", "cost")))["won"]
    return int(total or 0)


def money_executed(district, start, end) -> int:
    """Won executed so far: each funded project's cost × its reported execution rate."""
    spent = _funded(district, start, end).aggregate(
        won=Sum(Coalesce("revised_cost", "cost") * F("progress_percent"))
    )["won"]
    return int(spent or 0) // 100


# --- demo ----------------------------------------------------------------------------------------------


def load_demo(*, districts) -> list[str]:
    from .demo import budgeting_demo_load

    return budgeting_demo_load(districts=districts)


def register() -> None:
    registry.register_search_type(
        SEARCH_TYPE, label=_("참여예산 사업"), queryset=_projects, result=_project_result, order=60
    )
    registry.register_personal_data("budget_projects", export=export_projects, erase=erase_projects)
    for name, label, unit, compute in [
        ("budgeting.proposals", _("참여예산 제안 사업 수"), "건", proposals),
        ("budgeting.eligible_projects", _("참여예산 적격 사업 수"), "건", eligible_projects),
        ("budgeting.money_allocated", _("참여예산 선정 사업 금액"), "원", money_allocated),
        ("budgeting.money_executed", _("참여예산 집행 금액"), "원", money_executed),
    ]:
        registry.register_metric(name, label=label, unit=unit, compute=compute)
    registry.register_demo_loader("budgeting", load_demo, order=300)
    # ballots, paper ballots, results (its demo loader runs after this one)
    from . import ballot_registry

    ballot_registry.register()
    from madang.core.follows import register_followable

    register_followable(Project, label=_("참여예산 사업"))
    registry.register_handoff(
        "budgeting.project_from_proposal", _project_from_proposal, label=_("주민참여예산 사업으로 넘기기")
    )


def _project_from_proposal(*, actor, district, title, body, dong=None, source_url=""):
    """The handoff's function: a routed citizen proposal becomes a project of the open cycle."""
    from .services import project_from_proposal

    return project_from_proposal(
        actor=actor, district=district, title=title, body=body, dong=dong, source_url=source_url
    )
