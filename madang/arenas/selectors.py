"""Reads for arenas: each page's data in a fixed number of queries, whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import AgendaItem, Arena, FollowUp, Seat, Session

PAGE_SIZE = 20
PAST_TERMS_SHOWN = 50


def _count(queryset):
    """A correlated COUNT for an annotation (no join fan-out between seats and sessions)."""
    return Coalesce(
        Subquery(queryset.order_by().values("arena").annotate(c=Count("pk")).values("c")[:1]),
        Value(0),
    )


def arena_list(*, district, kind: str = ""):
    """The district's arenas with their current members and sessions held (one query)."""
    today = timezone.localdate()
    qs = (
        Arena.objects.in_district(district)
        .select_related("dong", "district")
        .annotate(
            member_count=_count(Seat.objects.filter(arena=OuterRef("pk")).active_on(today)),
            sessions_held=_count(Session.objects.filter(arena=OuterRef("pk"), status=Session.Status.HELD)),
        )
    )
    if kind in Arena.Kind.values:
        qs = qs.filter(kind=kind)
    return qs


def arena_detail_queryset():
    return Arena.objects.select_related("district", "dong")


@dataclass
class ArenaPage:
    current: list
    past: list
    past_total: int
    upcoming: list
    held: object  # a Page of past sessions
    followups: list
    open_followups: int
    overdue_followups: int


def arena_page(*, arena: Arena, page: int | str = 1) -> ArenaPage:
    """Members (current and past terms), upcoming sessions, a page of past sessions and open
    follow-ups: 7 queries at most."""
    today = timezone.localdate()
    now = timezone.now()
    role_order = {
        Seat.Role.COCHAIR_CIVIL: 0,
        Seat.Role.COCHAIR_PUBLIC: 1,
        Seat.Role.SECRETARY: 2,
        Seat.Role.MEMBER: 3,
    }
    current = sorted(
        Seat.objects.filter(arena=arena).active_on(today),
        key=lambda s: (role_order[s.role], s.seat_kind, s.name),
    )
    ended = Seat.objects.filter(arena=arena, term_end__lt=today)
    past = list(ended.order_by("-term_end", "name")[:PAST_TERMS_SHOWN])
    past_total = len(past) if len(past) < PAST_TERMS_SHOWN else ended.count()
    sessions = Session.objects.filter(arena=arena)
    upcoming = list(
        sessions.filter(starts_at__gte=now)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")[:PAGE_SIZE]
    )
    held = Paginator(sessions.filter(starts_at__lt=now).order_by("-starts_at"), PAGE_SIZE).get_page(page)
    for session in [*upcoming, *held]:
        session.arena = arena  # already loaded with its district: links without a query per row
    open_qs = FollowUp.objects.filter(arena=arena).open()
    followups = list(open_qs.select_related("department").order_by("due_on", "pk")[:PAGE_SIZE])
    counts = open_qs.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    return ArenaPage(
        current=current,
        past=past,
        past_total=past_total,
        upcoming=upcoming,
        held=held,
        followups=followups,
        open_followups=counts["n"],
        overdue_followups=counts["late"],
    )


def session_detail_queryset():
    return Session.objects.select_related("arena", "arena__district", "arena__dong")


def links_resolve(items, district) -> dict[tuple[str, int], tuple[str, str] | None]:
    """(link_type, id) → (title, url) for the linked agenda items: one query per link type in use."""
    wanted = defaultdict(set)
    for item in items:
        if item.link_type and item.link_id:
            wanted[item.link_type].add(item.link_id)
    resolved = {}
    for link_type, ids in wanted.items():
        found = _resolve_many(link_type, ids, district)
        for pk in ids:
            resolved[(link_type, pk)] = found.get(pk)
    return resolved


def _resolve_many(link_type: str, ids, district) -> dict[int, tuple[str, str]]:
    """{id: (title, url)} of the rows of `link_type` in `district` among `ids` (one query)."""
    from madang.core.registry import link_type as link_type_get

    entry = link_type_get(link_type)
    if entry is None:
        return {}
    rows = entry.queryset(district).filter(pk__in=list(ids))
    return {row.pk: (str(entry.title(row)), str(entry.url(row))) for row in rows}


@dataclass
class SessionPage:
    items: list
    attendees: list
    members: int
    quorum: int
    quorum_met: bool
    followups: list


def quorum_of(arena: Arena, members: int) -> int:
    """The arena's 의사정족수, or a majority of the members in their term."""
    return arena.quorum if arena.quorum else members // 2 + 1


def session_page(*, session: Session) -> SessionPage:
    """Agenda with decisions and links, attendance, quorum and follow-ups: 5 queries + 1 per link type."""
    district = session.arena.district
    day = timezone.localdate(session.starts_at)
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("decision")
        .prefetch_related(
            Prefetch("followups", queryset=FollowUp.objects.select_related("department").order_by("due_on"))
        )
        .order_by("order", "pk")
    )
    links = links_resolve(items, district)
    for item in items:
        item.link = links.get((item.link_type, item.link_id)) if item.link_type else None
    attendees = list(session.attendees.order_by("role", "name"))
    members = Seat.objects.filter(arena=session.arena).active_on(day).count()
    quorum = quorum_of(session.arena, members)
    followups = [f for item in items for f in item.followups.all()]
    return SessionPage(
        items=items,
        attendees=attendees,
        members=members,
        quorum=quorum,
        quorum_met=session.attendance_count >= quorum,
        followups=followups,
    )


def followup_tracker(*, district, department=None, show: str = "open"):
    """The district's commitments, by department and due date (open first; 지연 computed)."""
    qs = FollowUp.objects.in_district(district).select_related(
        "department", "arena__district", "item__session__arena__district"
    )
    if show == "overdue":
        qs = qs.overdue()
    elif show == "done":
        qs = qs.filter(status=FollowUp.Status.DONE)
    elif show != "all":
        qs = qs.open()
    if department is not None:
        qs = qs.filter(department=department)
    return qs.order_by("department__name", "due_on", "pk")


def followup_summary(*, district) -> dict:
    today = timezone.localdate()
    return FollowUp.objects.in_district(district).aggregate(
        open=Count("pk", filter=Q(status=FollowUp.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=FollowUp.Status.OPEN, due_on__lt=today)),
        done=Count("pk", filter=Q(status=FollowUp.Status.DONE)),
    )


def arena_sessions_api_queryset(arena: Arena):
    return (
        Session.objects.filter(arena=arena)
        .select_related("arena")
        .prefetch_related(
            Prefetch(
                "agenda_items", queryset=AgendaItem.objects.select_related("decision").order_by("order", "pk")
            )
        )
        .order_by("-starts_at")
    )


LINK_CHOICES_LIMIT = 100


def link_choices_grouped(district) -> list[tuple[str, list[tuple[str, str]]]]:
    """The agenda link picker: [(type label, [("type:id", title), …]), …], the newest of each type
    that may be linked in `district` (one query per registered type)."""
    from madang.core.registry import link_choices, link_types

    groups = []
    for entry in link_types():
        options = [
            (f"{entry.name}:{choice.pk}", str(choice.title)[:120])
            for choice in link_choices(entry.name, district, limit=LINK_CHOICES_LIMIT)
        ]
        if options:
            groups.append((str(entry.label), options))
    return groups
