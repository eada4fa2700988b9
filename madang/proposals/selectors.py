"""Reads for proposals: the index (filters, sorts, search), the detail page, inboxes, the overdue list.
Each costs a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from madang.core import search
from madang.districts.models import Department, Dong
from madang.processes.models import Process

from .models import (
    Assignment,
    Attachment,
    Proposal,
    Review,
    Stage,
    StageChange,
    Support,
    SupporterMessage,
    Tier,
    TierCrossing,
)

SORTS = {
    "new": ("-created_at", "-id"),
    "supported": ("-support_count", "-id"),
    "ending": (F("support_ends_at").asc(nulls_last=True), "-id"),
}
SEARCH_TYPE = "proposal"


@dataclass
class ProposalFilters:
    q: str = ""
    stage: str = ""
    issue_area: int | None = None
    dong: int | None = None
    tier: int | None = None  # tier reached at least
    sort: str = "new"


def issue_area_model():
    return Proposal._meta.get_field("issue_area").related_model


def issue_area_list(*, district):
    return issue_area_model().objects.in_district(district).order_by("order", "name")


def dong_list(*, district):
    return Dong.objects.in_district(district).order_by("name")


def proposal_processes(*, district) -> QuerySet[Process]:
    return (
        Process.objects.in_district(district).filter(kind=Process.Kind.PROPOSALS).order_by("-starts_on", "pk")
    )


def open_process(*, district, user=None):
    """The published 시민제안 process whose current phase opens "propose" (or None)."""
    from madang.processes.predicates import phase_allows

    for process in proposal_processes(district=district).filter(is_published=True).prefetch_related("phases"):
        if phase_allows(process, "propose"):
            return process
    return None


LIST_FIELDS = (
    "id", "title", "stage", "support_count", "tier_reached", "created_at", "support_ends_at",
    "expires_at", "published_at", "review", "on_behalf_name", "author_id", "author__display_name",
    "district__slug", "district__id", "dong__name", "issue_area__name", "issue_area__name_en",
    "dong_id", "issue_area_id", "district_id",
)  # fmt: skip


def proposal_list(
    *, district, filters: ProposalFilters | None = None, user=None, fields=LIST_FIELDS
) -> QuerySet[Proposal]:
    """Public proposals of the district, filtered and sorted (a page: count + rows, two queries).
    `fields`: the columns the index shows (None: every column, for the API)."""
    filters = filters or ProposalFilters()
    qs = (
        Proposal.objects.in_district(district)
        .public()
        .select_related("district", "dong", "issue_area", "author")
    )
    if fields:
        qs = qs.only(*fields)
    if filters.stage and filters.stage in Stage.values:
        qs = qs.filter(stage=filters.stage)
    if filters.issue_area:
        qs = qs.filter(issue_area_id=filters.issue_area)
    if filters.dong:
        qs = qs.filter(dong_id=filters.dong)
    if filters.tier:
        qs = qs.filter(tier_reached__gte=filters.tier)
    if filters.sort == "ending":
        qs = qs.filter(stage__in=[Stage.SUPPORT, Stage.DELIBERATION], support_ends_at__gt=timezone.now())
    if filters.q:
        ids = [
            pk for _kind, pk in search.search_ids(district=district, query=filters.q, object_type=SEARCH_TYPE)
        ]
        qs = qs.filter(pk__in=ids)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["new"]))


def supported_ids(user, proposals) -> set[int]:
    """Which of these proposals the user supported (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids = [p.pk for p in proposals]
    return set(Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True))


def proposal_detail_queryset(*, district, user=None) -> QuerySet[Proposal]:
    """A proposal with what its page shows. Pending ones only for their author and the staff."""
    qs = Proposal.objects.in_district(district).select_related(
        "district", "dong", "issue_area", "author", "entered_by", "merged_into", "process"
    )
    qs = qs.prefetch_related(
        "process__phases",
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
        Prefetch(
            "stage_changes", queryset=StageChange.objects.select_related("actor").order_by("created_at", "pk")
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related(*assignment_related()).order_by("pk"),
        ),
        Prefetch(
            "crossings", queryset=TierCrossing.objects.select_related("tier").order_by("crossed_at", "pk")
        ),
        Prefetch("messages", queryset=SupporterMessage.objects.order_by("-sent_at")),
    )
    if user is not None and user.has_perm("proposals.manage_proposals", district):
        return qs
    visible = Q(review=Review.APPROVED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
    return qs.filter(visible)


def assignment_related() -> list[str]:
    return ["crossing__tier", "department"]


@dataclass
class TierProgress:
    next_tier: Tier | None
    needed: int
    percent: int
    ends_at: datetime.datetime | None
    days_left: int | None


def tier_progress(proposal: Proposal, tiers: list[Tier], at=None) -> TierProgress:
    """Progress towards the next tier not yet reached within its window."""
    at = at or timezone.now()
    crossed = {c.tier_id for c in proposal.crossings.all()}
    for tier in tiers:
        if tier.pk in crossed:
            continue
        ends_at = (
            proposal.published_at + datetime.timedelta(days=tier.window_days)
            if proposal.published_at
            else None
        )
        if ends_at is not None and at > ends_at:
            continue
        needed = max(0, tier.threshold - proposal.support_count)
        percent = min(100, int(proposal.support_count * 100 / tier.threshold))
        days_left = None
        if ends_at is not None:
            days_left = max(0, (timezone.localdate(ends_at) - timezone.localdate(at)).days)
        return TierProgress(tier, needed, percent, ends_at, days_left)
    return TierProgress(None, 0, 100, None, None)


@dataclass
class TimelineEvent:
    at: datetime.datetime
    kind: str  # stage, tier, answer
    title: str
    who: str = ""
    text: str = ""
    url: str = ""


def timeline(proposal: Proposal) -> list[TimelineEvent]:
    """The proposal's path in time order: stage changes, tiers crossed and answers given (from the
    detail queryset's prefetches: no query)."""
    from django.utils.translation import gettext as _

    events = [
        TimelineEvent(c.created_at, "stage", c.get_to_stage_display(), c.actor_label, c.reason, c.url)
        for c in proposal.stage_changes.all()
    ]
    for c in proposal.crossings.all():
        events.append(
            TimelineEvent(
                c.crossed_at,
                "tier",
                _("공감 %(n)s명 도달: %(action)s")
                % {"n": c.tier.threshold, "action": c.tier.get_action_display()},
                url=c.result_url,
            )
        )
    for a in proposal.assignments.all():
        if a.answered_at:
            who = getattr(getattr(a, "department", None), "name", "") or a.get_kind_display()
            events.append(
                TimelineEvent(
                    a.answered_at, "answer", _("답변: %(answer)s") % {"answer": a.get_answer_display()}, who
                )
            )
    order = {"stage": 0, "tier": 1, "answer": 2}
    return sorted(events, key=lambda e: (e.at, order[e.kind]))


def has_supported(user, proposal) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(user=user, proposal=proposal).exists()


def tier_list(*, process) -> list[Tier]:
    return list(Tier.objects.filter(process=process).order_by("threshold", "pk"))


def review_queue(*, district) -> QuerySet[Proposal]:
    return (
        Proposal.objects.in_district(district)
        .filter(review=Review.PENDING, stage=Stage.PROPOSED)
        .select_related("author", "district")
        .order_by("created_at", "pk")
    )


def assignments_to_assign(*, district) -> QuerySet[Assignment]:
    qs = Assignment.objects.in_district(district).filter(
        kind=Assignment.Kind.DEPARTMENT, answered_at__isnull=True, department__isnull=True
    )
    return qs.select_related("proposal__district", "crossing__tier").order_by("created_at", "pk")


def overdue_list(*, district, at=None) -> QuerySet[Assignment]:
    """Unanswered assignments past due (public: department and days overdue), most overdue first."""
    at = at or timezone.now()
    return (
        Assignment.objects.in_district(district)
        .filter(answered_at__isnull=True, due_at__lt=at)
        .select_related("proposal__district", *assignment_related())
        .order_by("due_at", "pk")
    )


def inbox(*, district, user) -> QuerySet[Assignment]:
    """The assignments the user's departments (or, for admins, the 구청장) are to answer."""
    qs = Assignment.objects.in_district(district).select_related("proposal__district", *assignment_related())
    if user.has_perm("proposals.manage_proposals", district):
        return qs.order_by("answered_at", "due_at", "pk")
    mine = Department.objects.in_district(district).filter(members=user)
    return qs.filter(department__in=mine).order_by("answered_at", "due_at", "pk")


def proposals_summary(district):
    """The 공론장 overview's block: how many public proposals, and the five most supported open ones."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from madang.core.registry import Summary, SummaryItem

    public = Proposal.objects.in_district(district).public()
    top = list(
        public.filter(stage__in=[Stage.SUPPORT, Stage.DELIBERATION])
        .select_related("district")
        .order_by("-support_count", "-id")[:5]
    )
    return Summary(
        title=_("시민제안"),
        url=reverse("proposals:index", kwargs={"district": district.slug}),
        count=public.count(),
        items=[
            SummaryItem(p.title, p.get_absolute_url(), _("공감 %(n)s") % {"n": p.support_count}) for p in top
        ],
    )
