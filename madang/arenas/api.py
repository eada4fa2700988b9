"""Arenas API (read-only): /api/v1/<district>/arenas/ (list, detail) and
/api/v1/<district>/arenas/{id}/sessions/ (a page of sessions with agenda, decisions, published minutes)."""

from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers
from rest_framework.decorators import action

from madang.core.api import DistrictScopedViewSet
from madang.core.cache import cached_page
from madang.core.markdown import render_markdown

from . import selectors
from .models import AgendaItem, Arena, Decision, Seat, Session

SESSIONS_PAGE = 20


class SeatSerializer(serializers.ModelSerializer):
    seat_kind_label = serializers.CharField(source="get_seat_kind_display", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Seat
        fields = [
            "id",
            "name",
            "seat_kind",
            "seat_kind_label",
            "role",
            "role_label",
            "affiliation",
            "term_start",
            "term_end",
        ]


class ArenaListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    dong = serializers.SlugRelatedField(slug_field="name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    sessions_held = serializers.IntegerField(read_only=True)

    class Meta:
        model = Arena
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "dong",
            "seat_cap",
            "is_active",
            "member_count",
            "sessions_held",
        ]


class ArenaDetailSerializer(ArenaListSerializer):
    members = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()

    class Meta(ArenaListSerializer.Meta):
        fields = [*ArenaListSerializer.Meta.fields, "description", "quorum", "members"]

    @extend_schema_field(SeatSerializer(many=True))
    def get_members(self, arena):
        today = timezone.localdate()
        return SeatSerializer([s for s in arena.seats.all() if s.is_active_on(today)], many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_quorum(self, arena) -> int:
        today = timezone.localdate()
        return selectors.quorum_of(arena, sum(1 for s in arena.seats.all() if s.is_active_on(today)))


class DecisionSerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Decision
        fields = ["outcome", "outcome_label", "votes_for", "votes_against", "votes_abstain", "text"]


class LinkSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)


class AgendaItemSerializer(serializers.ModelSerializer):
    decision = DecisionSerializer(source="decision_or_none", read_only=True, allow_null=True)
    link = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "description", "link", "decision"]

    @extend_schema_field(LinkSerializer(allow_null=True))
    def get_link(self, item):
        if not item.link_type:
            return None
        found = self.context.get("links", {}).get((item.link_type, item.link_id))
        return {
            "type": item.link_type,
            "id": item.link_id,
            "title": found[0] if found else None,
            "url": found[1] if found else None,
        }


class SessionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    minutes = serializers.SerializerMethodField(help_text="공개된 회의록 원문 (마크다운); 초안이면 null")
    minutes_html = serializers.SerializerMethodField(help_text="공개된 회의록 (정제된 HTML); 초안이면 null")

    class Meta:
        model = Session
        fields = [
            "id",
            "number",
            "title",
            "starts_at",
            "place",
            "online_url",
            "status",
            "status_label",
            "attendance_count",
            "agenda",
            "minutes",
            "minutes_html",
            "minutes_published_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes(self, session):
        return session.minutes if session.minutes_published else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes_html(self, session):
        return str(render_markdown(session.minutes)) if session.minutes_published else None


@extend_schema(tags=["arenas"])
@method_decorator(cached_page, name="dispatch")
class ArenaViewSet(DistrictScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """아레나: list with member and session counts, detail with current members; sessions of one
    arena with agenda, decisions and published minutes."""

    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        if self.action == "sessions":
            return SessionSerializer
        return ArenaDetailSerializer if self.action == "retrieve" else ArenaListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no district
            return Arena.objects.none()
        return super().get_queryset()

    def get_district_queryset(self):
        queryset = selectors.arena_list(district=self.district)
        if self.action in ("retrieve", "sessions"):
            queryset = queryset.prefetch_related("seats")
        return queryset.order_by("pk")

    @extend_schema(
        responses=SessionSerializer(many=True),
        parameters=[
            OpenApiParameter("page", int, description="page number (20 sessions a page)"),
            OpenApiParameter("page_size", int, description="sessions a page (at most 50)"),
        ],
    )
    @action(detail=True, methods=["get"])
    def sessions(self, request, *args, **kwargs):
        """제N차 회의: newest first, each with its agenda items (and their links and decisions) and
        its minutes once published."""
        arena = self.get_object()
        if self.paginator is not None:  # sessions carry their agenda and minutes: 20 a page (at most 50)
            self.paginator.page_size, self.paginator.max_page_size = SESSIONS_PAGE, 50
        page = self.paginate_queryset(selectors.arena_sessions_api_queryset(arena))
        items = [item for session in page for item in session.agenda_items.all()]
        links = selectors.links_resolve(items, self.district)
        serializer = SessionSerializer(
            page, many=True, context={**self.get_serializer_context(), "links": links}
        )
        return self.get_paginated_response(serializer.data)
