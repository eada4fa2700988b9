"""Reads for the network: directories, search, progress, members over time, graph data."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from madang.core.text import localized_name
from madang.districts.models import Dong

from . import search
from .analytics import CACHE_SECONDS, GraphFilter, build_graph, data_version, gc_paused
from .models import (
    Affiliation,
    Committee,
    CommitteeSeat,
    IssueArea,
    Membership,
    Network,
    Organisation,
    Person,
    Resource,
    Review,
    Tie,
)


@dataclass
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    issue_area: int | None = None
    dong: int | None = None
    members_only: bool = False


def issue_area_list(*, district) -> QuerySet[IssueArea]:
    return IssueArea.objects.in_district(district).order_by("order", "name")


def dong_list(*, district) -> QuerySet[Dong]:
    return Dong.objects.in_district(district).order_by("name")


def _ranked(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """Restrict to search hits; the view keeps search order by sorting on the returned rank."""
    return queryset.filter(pk__in=ids)


def _apply_search(queryset, *, district, q: str, object_type: str):
    if not q:
        return queryset, None
    hits = [pk for kind, pk in search.search_ids(district=district, query=q, object_type=object_type)]
    rank = {pk: i for i, pk in enumerate(hits)}
    return _ranked(queryset, hits), rank


def organisation_list(*, district, filters: DirectoryFilters | None = None, prefetch: bool = True):
    """Organisations of the district with network membership (and, with `prefetch`, issue areas
    and dongs as model instances, as the API serializes them).

    Returns (queryset, rank) where rank maps id → search position when searching.
    A page of it costs four queries whatever the size: count, rows, issue areas, dongs.
    """
    filters = filters or DirectoryFilters()
    member = Membership.objects.filter(organisation=OuterRef("pk"), status=Membership.Status.APPROVED)
    qs = (
        Organisation.objects.in_district(district)
        .public()
        .select_related("district")
        .annotate(is_member=Exists(member))
        .order_by("name", "id")
    )
    if prefetch:
        qs = qs.prefetch_related(
            Prefetch("issue_areas", queryset=IssueArea.objects.order_by("order", "name")),
            Prefetch("dongs", queryset=Dong.objects.order_by("name")),
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.issue_area:
        qs = qs.filter(issue_areas__id=filters.issue_area)
    if filters.dong:
        qs = qs.filter(dongs__id=filters.dong)
    if filters.members_only:
        qs = qs.filter(is_member=True)
    if filters.issue_area or filters.dong:
        qs = qs.distinct()
    return _apply_search(qs, district=district, q=filters.q, object_type="organisation")


def organisations_label(organisations) -> list[Organisation]:
    """Attach `issue_area_names` and `dong_names` to a page of organisations: two value queries,
    no model instances (the directory page renders names only)."""
    organisations = list(organisations)
    ids = [org.pk for org in organisations]
    areas: dict[int, list[str]] = {pk: [] for pk in ids}
    dongs: dict[int, list[str]] = {pk: [] for pk in ids}
    for org_id, name, name_en in (
        Organisation.issue_areas.through.objects.filter(organisation_id__in=ids)
        .order_by("issuearea__order", "issuearea__name")
        .values_list("organisation_id", "issuearea__name", "issuearea__name_en")
    ):
        areas[org_id].append(localized_name(name, name_en))
    for org_id, name in (
        Organisation.dongs.through.objects.filter(organisation_id__in=ids)
        .order_by("dong__name")
        .values_list("organisation_id", "dong__name")
    ):
        dongs[org_id].append(name)
    for org in organisations:
        org.issue_area_names = areas[org.pk]
        org.dong_names = dongs[org.pk]
    return organisations


def organisation_detail_queryset(*, user=None, district=None) -> QuerySet[Organisation]:
    """Organisations with what their page shows (scope it with `.in_district()` / `get_in_district`):
    approved ones, plus (given the viewer) the viewer's own pending registrations, or all for staff.
    Its `affiliations` are the confirmed ones only."""
    member = Membership.objects.filter(organisation=OuterRef("pk"), status=Membership.Status.APPROVED)
    return (
        Organisation.objects.visible_to(user, district)
        .select_related("district", "created_by")
        .prefetch_related(
            "issue_areas",
            "dongs",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.filter(status=Review.APPROVED)
                .select_related("person__user", "person__district")
                .order_by("role"),
            ),
            Prefetch("resources", queryset=Resource.objects.select_related("district").order_by("name")),
        )
        .annotate(is_member=Exists(member))
    )


def organisation_get(*, district, pk: int, user=None) -> Organisation | None:
    return (
        organisation_detail_queryset(user=user, district=district).in_district(district).filter(pk=pk).first()
    )


def organisations_edited_by(*, user, district) -> QuerySet[Organisation]:
    """Organisations of the district where the user is 대표 or 운영진."""
    from .predicates import user_affiliations

    editable = [pk for pk, role in user_affiliations(user).items() if role in Affiliation.EDITOR_ROLES]
    return Organisation.objects.in_district(district).public().filter(pk__in=editable).order_by("name")


def organisation_ties(*, organisation: Organisation) -> list[Tie]:
    """The organisation's confirmed ties with approved organisations."""
    return list(
        Tie.objects.public()
        .filter(Q(source=organisation) | Q(target=organisation))
        .select_related("source__district", "target__district")
        .order_by("-since", "-id")
    )


def affiliation_of(*, user, organisation: Organisation) -> Affiliation | None:
    """The user's own affiliation with the organisation, whatever its review state."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Affiliation.objects.filter(organisation=organisation, person__user=user).first()


def organisation_pending(*, organisation: Organisation) -> dict:
    """What waits for the organisation's 대표·운영진 (shown to them on its page): self-declared
    회원 to confirm, and ties recorded by another organisation awaiting this one's confirmation."""
    return {
        "affiliations": list(
            Affiliation.objects.filter(organisation=organisation, status=Review.PENDING)
            .select_related("person__user")
            .order_by("id")
        ),
        "ties": list(
            Tie.objects.filter(counterpart=organisation, status=Review.PENDING)
            .select_related("source", "target", "created_by")
            .order_by("id")
        ),
    }


def organisations_own_pending(*, user, district) -> QuerySet[Organisation]:
    """The user's own registrations that are not (yet) approved, for their pages."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (
        Organisation.objects.in_district(district)
        .filter(created_by=user)
        .exclude(status=Review.APPROVED)
        .order_by("-created_at")
    )


@dataclass
class ReviewQueue:
    organisations: list
    affiliations: list
    ties: list

    @property
    def total(self) -> int:
        return len(self.organisations) + len(self.affiliations) + len(self.ties)


REVIEW_QUEUE_LIMIT = 100


def review_queue(*, district, limit: int = REVIEW_QUEUE_LIMIT) -> ReviewQueue:
    """Pending organisations, self-declared affiliations and ties of the district, oldest first
    (three queries, at most `limit` of each)."""
    return ReviewQueue(
        organisations=list(
            Organisation.objects.in_district(district)
            .filter(status=Review.PENDING)
            .select_related("created_by", "district")
            .order_by("created_at", "id")[:limit]
        ),
        affiliations=list(
            Affiliation.objects.in_district(district)
            .filter(status=Review.PENDING)
            .select_related("person__user", "organisation__district")
            .order_by("id")[:limit]
        ),
        ties=list(
            Tie.objects.in_district(district)
            .filter(status=Review.PENDING)
            .select_related("source__district", "target", "created_by", "counterpart")
            .order_by("created_at", "id")[:limit]
        ),
    )


def person_list(*, district, filters: DirectoryFilters | None = None):
    """Public activist profiles only."""
    filters = filters or DirectoryFilters()
    qs = (
        Person.objects.in_district(district)
        .filter(is_public=True, user__is_active=True)
        .select_related("user", "dong", "district")
        .prefetch_related(
            Prefetch("interests", queryset=IssueArea.objects.order_by("order", "name")),
            Prefetch(
                "affiliations", queryset=Affiliation.objects.public().select_related("organisation__district")
            ),
        )
        .order_by("user__display_name", "id")
    )
    if filters.issue_area:
        qs = qs.filter(interests__id=filters.issue_area).distinct()
    if filters.dong:
        qs = qs.filter(dong_id=filters.dong)
    return _apply_search(qs, district=district, q=filters.q, object_type="person")


def person_detail_queryset() -> QuerySet[Person]:
    return (
        Person.objects.filter(user__is_active=True)
        .select_related("user", "dong", "district")
        .prefetch_related(
            "interests",
            Prefetch(
                "affiliations", queryset=Affiliation.objects.public().select_related("organisation__district")
            ),
        )
    )


def person_get(*, district, pk: int) -> Person | None:
    return person_detail_queryset().in_district(district).filter(pk=pk).first()


def person_of(*, user, district) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.in_district(district).filter(user=user).first()


def resource_list(*, district, filters: DirectoryFilters | None = None):
    filters = filters or DirectoryFilters()
    qs = (
        Resource.objects.in_district(district)
        .select_related("district", "owner", "dong")
        .order_by("name", "id")
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.dong:
        qs = qs.filter(dong_id=filters.dong)
    return _apply_search(qs, district=district, q=filters.q, object_type="resource")


def tie_list(*, district, viewer=None) -> QuerySet[Tie]:
    """Confirmed ties between approved organisations (the API's public list); with a `viewer`,
    also the pending ties they recorded or must confirm (all of them for the district's staff)."""
    qs = Tie.objects.in_district(district).select_related("source", "target").order_by("-created_at", "-id")
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return qs.public()
    if viewer.has_perm("network.review", district):
        return qs
    from .predicates import user_affiliations

    edited = [pk for pk, role in user_affiliations(viewer).items() if role in Affiliation.EDITOR_ROLES]
    return qs.filter(Q(pk__in=qs.public().values("pk")) | Q(created_by=viewer) | Q(counterpart_id__in=edited))


def membership_list(*, district, status: str | None = None) -> QuerySet[Membership]:
    qs = Membership.objects.in_district(district).select_related(
        "district", "organisation__district", "person__user", "applied_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-applied_at", "-id")


def membership_open_for(*, district, user) -> list[Membership]:
    """The user's own open applications/memberships (for themselves and organisations they edit)."""
    if not getattr(user, "is_authenticated", False):
        return []
    editable = Affiliation.objects.filter(
        person__user=user, role__in=Affiliation.EDITOR_ROLES, status=Review.APPROVED
    ).values("organisation_id")
    return list(
        Membership.objects.in_district(district)
        .filter(status__in=Membership.OPEN)
        .filter(Q(person__user=user) | Q(organisation_id__in=editable))
        .select_related("organisation", "person__user")
    )


@dataclass
class ApplyOptions:
    """Who the user may still apply for: themselves (no open membership yet) and the organisations
    they edit that have none. `own` is the user's own open membership (applied or approved)."""

    include_me: bool
    organisations: list
    own: Membership | None = None

    @property
    def any(self) -> bool:
        return self.include_me or bool(self.organisations)


def membership_apply_options(
    *, district, user, open_memberships: list[Membership] | None = None
) -> ApplyOptions:
    if not getattr(user, "is_authenticated", False):
        return ApplyOptions(include_me=True, organisations=[])
    if open_memberships is None:
        open_memberships = membership_open_for(district=district, user=user)
    own = next((m for m in open_memberships if m.person_id and m.person.user_id == user.pk), None)
    taken = {m.organisation_id for m in open_memberships if m.organisation_id}
    organisations = [o for o in organisations_edited_by(user=user, district=district) if o.pk not in taken]
    return ApplyOptions(include_me=own is None, organisations=organisations, own=own)


@dataclass
class Progress:
    network: Network | None
    organisations: int
    persons: int
    pending: int

    @property
    def members(self) -> int:
        return self.organisations + self.persons

    @property
    def target(self) -> int:
        return self.network.member_target if self.network else 0

    @property
    def percent(self) -> int:
        if not self.target:
            return 0
        return min(100, round(self.members * 100 / self.target))


def network_progress(*, district) -> Progress:
    counts = Membership.objects.in_district(district).aggregate(
        organisations=Count("id", filter=Q(status=Membership.Status.APPROVED, organisation__isnull=False)),
        persons=Count("id", filter=Q(status=Membership.Status.APPROVED, person__isnull=False)),
        pending=Count("id", filter=Q(status=Membership.Status.APPLIED)),
    )
    return Progress(network=Network.objects.in_district(district).first(), **counts)


def members_over_time(*, district, months: int = 36) -> list[dict]:
    """Members at the end of each month, for the last `months` months (one query)."""
    rows = list(
        Membership.objects.in_district(district)
        .filter(decided_at__isnull=False, status__in=["approved", "left"])
        .values_list("decided_at", "left_at")
    )
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - (months - 1)
    series = []
    for _ in range(months):
        month = datetime.date(index // 12, index % 12 + 1, 1)
        index += 1
        next_month = datetime.date(index // 12, index % 12 + 1, 1)
        end = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time.min))
        count = sum(1 for joined, left in rows if joined < end and (left is None or left >= end))
        series.append({"month": month.strftime("%Y-%m"), "members": count})
    return series


def graph_elements(
    *, district, graph_filter: GraphFilter | None = None, limit: int = 300, version: str | None = None
) -> dict:
    """Cytoscape.js elements for the graph page: the `limit` best-connected organisations.
    Cached like the statistics, by district, filter and data version."""
    graph_filter = graph_filter or GraphFilter()
    version = version or data_version(district)
    key = f"network-graph:{district.pk}:{graph_filter.key()}:{limit}:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = _graph_elements(district=district, graph_filter=graph_filter, limit=limit)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def graph_json(
    *, district, graph_filter: GraphFilter | None = None, limit: int = 300, version: str | None = None
) -> str:
    """`graph_elements` serialised once for a <script type="application/json"> block (escaped like
    Django's json_script) and cached, so the graph page does not re-encode hundreds of kilobytes."""
    graph_filter = graph_filter or GraphFilter()
    version = version or data_version(district)
    key = f"network-graph-json:{district.pk}:{graph_filter.key()}:{limit}:{version}"
    cached = cache.get(key)
    if cached is None:
        data = graph_elements(district=district, graph_filter=graph_filter, limit=limit, version=version)
        cached = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _graph_elements(*, district, graph_filter: GraphFilter, limit: int) -> dict:
    with gc_paused():
        graph = build_graph(district, graph_filter)
    truncated = graph.number_of_nodes() > limit
    if truncated:
        keep = {pk for pk, _d in sorted(graph.degree(), key=lambda x: (-x[1], x[0]))[:limit]}
        graph = graph.subgraph(keep)
    members = set(
        Membership.objects.in_district(district)
        .filter(status=Membership.Status.APPROVED, organisation_id__in=list(graph.nodes()))
        .values_list("organisation_id", flat=True)
    )
    nodes = [
        {
            "data": {
                "id": f"o{pk}",
                "label": data["name"],
                "kind": data["kind"],
                "member": pk in members,
                "degree": graph.degree(pk),
                "url": f"/{district.slug}/network/organisations/{pk}/",
            }
        }
        for pk, data in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"t{u}-{v}", "source": f"o{u}", "target": f"o{v}", "kinds": data["kinds"]}}
        for u, v, data in graph.edges(data=True)
    ]
    return {"elements": nodes + edges, "truncated": truncated, "limit": limit}


def committee_list(*, district) -> QuerySet[Committee]:
    today = timezone.localdate()
    current = CommitteeSeat.objects.filter(Q(term_end__isnull=True) | Q(term_end__gte=today)).select_related(
        "person__user"
    )
    return (
        Committee.objects.in_district(district)
        .select_related("issue_area", "district")
        .prefetch_related(Prefetch("seats", queryset=current, to_attr="current_seats"))
        .order_by("kind", "name")
    )


def committee_detail_queryset() -> QuerySet[Committee]:
    return Committee.objects.select_related("issue_area").prefetch_related(
        Prefetch("seats", queryset=CommitteeSeat.objects.select_related("person__user"))
    )


def committee_get(*, district, pk: int) -> Committee | None:
    return committee_detail_queryset().in_district(district).filter(pk=pk).first()


def person_shown_name(*, person: Person, viewer) -> str:
    """The name to show for a person on public pages (committee seats): their display name when the
    profile is public, else "비공개 위원" unless the viewer is the person or the district's staff."""
    from django.utils.translation import gettext as _

    if (person.is_public and person.user.is_active) or viewer.has_perm("network.view_private_person", person):
        return person.user.display_name
    return _("비공개 위원")


def committee_seats(*, committee: Committee, viewer) -> list[CommitteeSeat]:
    """The committee's seats (prefetched by `committee_detail_queryset`) with `shown_name` set."""
    seats = list(committee.seats.all())
    for seat in seats:
        seat.shown_name = person_shown_name(person=seat.person, viewer=viewer)
    return seats
