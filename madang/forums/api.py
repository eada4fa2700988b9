"""Forum API: /api/v1/<district>/forum-boards/, /topics/ (list, detail, create) and
/topics/{id}/comments/ (list, create). Writes go through the services (permissions, phases, review,
rate limits); refusals come back as the structured error (403/409/429/400)."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from madang.core.api import DistrictScopedViewSet
from madang.core.cache import cached_page
from madang.core.numbers import parse_int
from madang.core.serializers import CleanInputSerializerMixin, MarkdownSerializerField
from madang.core.services import DomainError

from . import selectors, services
from .models import Board, Comment, Stance, Topic


class BoardSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="process.title", read_only=True)
    slug = serializers.CharField(source="process.slug", read_only=True)
    description = serializers.CharField(source="process.description", read_only=True)
    committee = serializers.IntegerField(source="process.committee_id", read_only=True, allow_null=True)

    class Meta:
        model = Board
        fields = [
            "id",
            "title",
            "slug",
            "description",
            "committee",
            "is_default",
            "topic_count",
            "last_activity_at",
        ]
        read_only_fields = fields


class TopicSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.none())
    author = serializers.CharField(source="author_name", read_only=True)
    body = MarkdownSerializerField(max_length=services.BODY_MAX)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Topic
        fields = [
            "id", "board", "kind", "title", "body", "author", "status", "review", "conclusion", "closed_at",
            "held_on", "place", "attendance", "comment_count", "like_count", "created_at", "edited_at",
            "source_url", "url",
        ]  # fmt: skip
        read_only_fields = [
            "kind", "status", "review", "conclusion", "closed_at", "held_on", "place", "attendance",
            "comment_count", "like_count", "created_at", "edited_at", "source_url",
        ]  # fmt: skip

    def get_fields(self):
        fields = super().get_fields()
        district = self.context.get("district")
        if district is not None:
            fields["board"].queryset = Board.objects.in_district(district).select_related(
                "process", "district"
            )
        return fields

    def to_internal_value(self, data):
        board = data.get("board") if hasattr(data, "get") else None
        if board is not None and not isinstance(board, Board):
            try:
                parse_int(board, min=1)
            except DomainError as error:
                raise ValidationError({"board": [error.message]}) from error
        return super().to_internal_value(data)


class CommentSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    author = serializers.CharField(source="author_name", read_only=True)
    body = MarkdownSerializerField(max_length=services.BODY_MAX)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(
        source="parent_id", required=False, allow_null=True, min_value=1, max_value=2**62
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "parent",
            "root",
            "author",
            "body",
            "stance",
            "review",
            "like_count",
            "created_at",
            "edited_at",
        ]
        read_only_fields = ["root", "review", "like_count", "created_at", "edited_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if getattr(instance, "is_hidden", False):
            data["body"] = None  # hidden by reports: "신고로 가려진 글입니다"
        return data


@extend_schema_view(
    list=extend_schema(summary="포럼 게시판 목록"), retrieve=extend_schema(summary="포럼 게시판")
)
@extend_schema(tags=["forums"])
class BoardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictScopedViewSet):
    serializer_class = BoardSerializer

    def get_district_queryset(self):
        return Board.objects.select_related("process").order_by("-is_default", "-last_activity_at", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="토론 주제 목록",
        parameters=[
            OpenApiParameter("board", int, description="게시판 ID"),
            OpenApiParameter("state", str, enum=["open", "closed", "offline"]),
            OpenApiParameter("sort", str, enum=["new", "active"]),
        ],
    ),
    retrieve=extend_schema(summary="토론 주제"),
    create=extend_schema(summary="주제 열기 (게시판의 단계가 주제 열기를 허용할 때)"),
)
@extend_schema(tags=["forums"])
@method_decorator(cached_page, name="dispatch")
class TopicViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, DistrictScopedViewSet
):
    """토론 주제: public topics (a person's own pending ones too); hidden ones only for staff."""

    serializer_class = TopicSerializer

    def get_district_queryset(self):
        user = self.request.user
        if self.action == "list":
            params = self.request.query_params
            state = params.get("state", "")
            sort = params.get("sort", "new")
            if state not in {"", "open", "closed", "offline"} or sort not in {"new", "active"}:
                raise ValidationError({"state": ["open, closed, offline 가운데 하나입니다."]})
            queryset = selectors.topic_list(
                district=self.district, user=user, filters=selectors.TopicFilters(state=state, sort=sort)
            )
            if params.get("board"):
                try:
                    board = parse_int(params["board"], min=1)
                except DomainError as error:
                    raise ValidationError({"board": [error.message]}) from error
                queryset = queryset.filter(board_id=board)
            return queryset
        queryset = selectors.topic_detail_queryset(district=self.district, user=user)
        if not selectors.is_staff(user, self.district):
            queryset = selectors.visible(queryset)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.topic_create(
            actor=self.request.user, board=data["board"], title=data["title"], body=data["body"]
        )

    @extend_schema(methods=["GET"], summary="주제의 댓글 (오래된 순)", responses=CommentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        summary="댓글 달기 (답글은 parent)",
        request=CommentSerializer,
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="comments")
    def comments(self, request, district=None, pk=None, **kwargs):
        topic = self.get_object()
        if request.method == "POST":
            serializer = CommentSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            parent = None
            if data.get("parent_id"):
                parent = (
                    Comment.objects.in_district(self.district)
                    .filter(topic=topic, pk=data["parent_id"])
                    .first()
                )
                if parent is None:
                    raise ValidationError({"parent": ["이 주제의 댓글이 아닙니다."]})
            comment = services.comment_create(
                actor=request.user,
                topic=topic,
                body=data["body"],
                stance=data.get("stance") or "",
                parent=parent,
            )
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        staff = selectors.is_staff(request.user, self.district)
        queryset = (
            Comment.objects.in_district(self.district)
            .filter(topic=topic)
            .readable_by(request.user, staff=staff)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CommentSerializer(page, many=True).data)
