"""Reads of participatory budgeting: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from madang.core.exceptions import NotFound
from madang.core.tenancy import get_in_district

from .models import ChannelWeight, CommitteeMember, Cycle, Heading, Project, ReviewCriterion, ReviewScore

S = Project.Status
# what the public sees of a cycle's projects: everything but withdrawn ones
PUBLIC_STATUSES = [s for s in S.values if s != S.WITHDRAWN]
FUNDED_STATUSES = (S.FUNDED, S.IN_PROGRESS, S.DONE)
SEARCH_TYPE = "budget_project"


def cycle_queryset(district, user=None):
    """The district's cycles; unpublished ones for its staff only."""
    queryset = (
        Cycle.objects.in_district(district)
        .select_related("process", "process__district", "district")
        .prefetch_related("process__phases")
    )
    if user is None or not user.has_perm("budgeting.manage_cycle", district):
        queryset = queryset.filter(process__is_published=True)
    return queryset


def cycle_list(*, district, user=None):
    """The district's cycles with their money (sum of the headings) and project count (subqueries)."""
    money = (
        Heading.objects.filter(cycle=OuterRef("pk"))
        .order_by()
        .values("cycle")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    projects = (
        Project.objects.filter(cycle=OuterRef("pk"))
        .exclude(status=S.WITHDRAWN)
        .order_by()
        .values("cycle")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        cycle_queryset(district, user)
        .annotate(project_count=Coalesce(Subquery(projects), 0), money=Coalesce(Subquery(money), 0))
        .order_by("-year", "-id")
    )


def cycle_get(*, district, slug: str, user=None) -> Cycle:
    return get_in_district(cycle_queryset(district, user), district, process__slug=str(slug)[:80])


def cycle_get_by_id(*, district, pk, user=None) -> Cycle:
    return get_in_district(cycle_queryset(district, user), district, pk=pk)


def heading_list(*, cycle: Cycle):
    """The cycle's headings with their project counts and the money of their funded projects."""
    return (
        Heading.objects.filter(cycle=cycle)
        .select_related("dong")
        .annotate(
            project_count=Count("projects", filter=~Q(projects__status=S.WITHDRAWN)),
            shortlisted_count=Count("projects", filter=Q(projects__status=S.SHORTLISTED)),
        )
        .order_by("order", "id")
    )


def criteria_list(*, cycle: Cycle):
    return ReviewCriterion.objects.filter(cycle=cycle).order_by("order", "id")


def channel_weights(*, cycle: Cycle) -> list[ChannelWeight]:
    return list(ChannelWeight.objects.filter(cycle=cycle).order_by("-weight", "channel"))


def cycle_summary(*, cycle: Cycle) -> dict:
    """Counts by status and money: one query."""
    rows = Project.objects.filter(cycle=cycle).values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in rows}
    return {
        "by_status": [(S(s).label, by_status.get(s, 0)) for s in S.values if by_status.get(s)],
        "total": sum(n for s, n in by_status.items() if s != S.WITHDRAWN),
    }


@dataclass(frozen=True)
class ProjectFilters:
    heading: int | None = None
    dong: int | None = None
    status: str = ""
    q: str = ""
    order: str = "new"


ORDERS = {
    "new": ("-created_at", "-id"),
    "cost": ("cost", "id"),
    "score": ("-review_total", "-id"),
}


def project_queryset(*, cycle: Cycle):
    return Project.objects.filter(cycle=cycle).select_related(
        "heading", "dong", "author", "cycle", "cycle__process", "cycle__district"
    )


def project_list(*, cycle: Cycle, filters: ProjectFilters = ProjectFilters(), user=None):
    """The cycle's projects (withdrawn ones only for staff and their authors), filtered and ordered."""
    queryset = project_queryset(cycle=cycle)
    staff = user is not None and user.has_perm("budgeting.manage_cycle", cycle)
    if not staff:
        if user is not None and user.is_authenticated:
            queryset = queryset.filter(Q(status__in=PUBLIC_STATUSES) | Q(author=user))
        else:
            queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    if filters.heading:
        queryset = queryset.filter(heading_id=filters.heading)
    if filters.dong:
        queryset = queryset.filter(dong_id=filters.dong)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        from madang.core.search import search_ids

        hits = search_ids(district=cycle.district_id, query=filters.q, object_type=SEARCH_TYPE)
        queryset = queryset.filter(pk__in=[object_id for _type, object_id in hits])
    order = ORDERS.get(filters.order, ORDERS["new"])
    if filters.order == "score":
        return queryset.order_by(F("review_total").desc(nulls_last=True), "-id")
    return queryset.order_by(*order)


def project_get(*, cycle: Cycle, pk, user=None) -> Project:
    queryset = (
        project_queryset(cycle=cycle)
        .select_related("screening", "screening__department")
        .prefetch_related("attachments", "progress_updates")
    )
    project = get_in_district(queryset, cycle.district_id, pk=pk)
    if project.status == S.WITHDRAWN and not (
        user is not None
        and (
            user.has_perm("budgeting.manage_cycle", cycle)
            or (user.is_authenticated and project.author_id == user.pk)
        )
    ):
        raise NotFound(_("이 자치구에서 찾을 수 없는 사업입니다."))
    return project


def my_scores(*, project: Project, user) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        ReviewScore.objects.filter(project=project, reviewer=user).values_list("criterion_id", "score")
    )


def review_queue(*, cycle: Cycle, user):
    """Eligible projects with whether the member has scored each (for the committee's page)."""
    return (
        project_queryset(cycle=cycle)
        .filter(status__in=(S.ELIGIBLE, S.SHORTLISTED))
        .annotate(mine=Count("scores", filter=Q(scores__reviewer=user)))
        .order_by("heading__order", "heading_id", "id")
    )


def shortlist_candidates(*, cycle: Cycle):
    """Eligible and shortlisted projects by heading, best committee score first."""
    return (
        project_queryset(cycle=cycle)
        .filter(status__in=(S.ELIGIBLE, S.SHORTLISTED))
        .order_by("heading__order", "heading_id", F("review_total").desc(nulls_last=True), "id")
    )


def committee_list(*, cycle: Cycle):
    return CommitteeMember.objects.filter(cycle=cycle).select_related("user", "heading").order_by("id")


def money_of(projects) -> int:
    return sum(p.final_cost or 0 for p in projects)
