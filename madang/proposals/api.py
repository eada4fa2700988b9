"""Proposals API: /api/v1/<district>/proposals/ (list, detail, create) and …/{id}/support/ (POST adds,
DELETE withdraws). Errors are the API's structured shape (`{"error": {"status", "code", "message"}}`)."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from madang.core.api import DistrictScopedViewSet
from madang.core.cache import cached_page
from madang.core.numbers import parse_int
from madang.core.serializers import CleanInputSerializerMixin, KoreanIntegerField, MarkdownSerializerField
from madang.core.services import DomainError
from madang.districts.models import Dong

from . import selectors, services
from .models import BODY_MAX, Proposal, Route, Stage


class DistrictRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key limited to the request's district (issue areas: also the common ones)."""

    def get_queryset(self):
        return self.queryset.model.objects.in_district(self.context["district"])

    def to_internal_value(self, data):
        try:
            parse_int(data, min=1)
        except DomainError:
            self.fail("does_not_exist", pk_value=str(data)[:40])
        return super().to_internal_value(data)


class QueryParams(CleanInputSerializerMixin, serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    stage = serializers.ChoiceField(required=False, allow_blank=True, choices=Stage.choices)
    issue_area = KoreanIntegerField(required=False, min_value=1)
    dong = KoreanIntegerField(required=False, min_value=1)
    tier = KoreanIntegerField(required=False, min_value=1, max_value=100)
    sort = serializers.ChoiceField(required=False, choices=list(selectors.SORTS))


class ProposalSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    issue_area = DistrictRelatedField(
        queryset=selectors.issue_area_model().objects.all(), required=False, allow_null=True
    )
    dong = DistrictRelatedField(queryset=Dong.objects.all(), required=False, allow_null=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    proposer = serializers.CharField(source="proposer_name", read_only=True)
    on_behalf = serializers.BooleanField(source="is_on_behalf", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "body",
            "issue_area",
            "dong",
            "stage",
            "stage_display",
            "review",
            "proposer",
            "on_behalf",
            "support_count",
            "tier_reached",
            "published_at",
            "support_ends_at",
            "created_at",
            "url",
        ]
        read_only_fields = [
            "stage",
            "review",
            "support_count",
            "tier_reached",
            "published_at",
            "support_ends_at",
            "created_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        fields["body"] = MarkdownSerializerField(max_length=BODY_MAX)
        return fields

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class StageInput(CleanInputSerializerMixin, serializers.Serializer):
    target = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(max_length=5000)
    adopted = serializers.BooleanField(required=False, allow_null=True, default=None)
    route = serializers.ChoiceField(choices=Route.choices, required=False, allow_blank=True, default="")
    url = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class SupportResult(serializers.Serializer):
    id = serializers.IntegerField()
    support_count = serializers.IntegerField()
    tier_reached = serializers.IntegerField()
    supported = serializers.BooleanField()


ERROR = inline_serializer(
    "ProposalError",
    fields={
        "error": inline_serializer(
            "ProposalErrorBody",
            fields={
                "status": serializers.IntegerField(),
                "code": serializers.CharField(),
                "message": serializers.CharField(),
            },
        )
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="시민제안 목록",
        parameters=[
            OpenApiParameter("q", str, description="Korean search (all words must match)"),
            OpenApiParameter("stage", str, enum=Stage.values),
            OpenApiParameter("issue_area", int),
            OpenApiParameter("dong", int),
            OpenApiParameter("tier", int, description="tier reached at least"),
            OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
        ],
    ),
    retrieve=extend_schema(summary="시민제안"),
    create=extend_schema(
        summary="제안하기",
        description="A resident of the district proposes while a 시민제안 process's phase opens `propose`. "
        "A new account's proposal waits for an operator (review = pending). Rate-limited (429).",
        responses={201: ProposalSerializer, 400: ERROR, 403: ERROR, 429: ERROR},
    ),
)
@extend_schema(tags=["proposals"])
@method_decorator(cached_page, name="dispatch")
class ProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, DistrictScopedViewSet
):
    """시민제안: public proposals of the district; create; support (POST) and withdraw (DELETE)."""

    serializer_class = ProposalSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_district_queryset(self):
        if self.action == "list":
            params = QueryParams(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            data = params.validated_data
            filters = selectors.ProposalFilters(
                q=data.get("q", "").strip(),
                stage=data.get("stage", ""),
                issue_area=data.get("issue_area"),
                dong=data.get("dong"),
                tier=data.get("tier"),
                sort=data.get("sort") or "new",
            )
            return selectors.proposal_list(district=self.district, filters=filters, fields=None)
        if self.action in ("support", "stage"):
            return Proposal.objects.select_related("district", "process")
        return selectors.proposal_detail_queryset(district=self.district, user=self.request.user)

    def perform_create(self, serializer):
        process = selectors.open_process(district=self.district)
        if process is None:
            raise DomainError(_("지금은 제안을 받는 기간이 아닙니다."), code="closed")
        data = serializer.validated_data
        serializer.instance = services.proposal_create(
            actor=self.request.user,
            district=self.district,
            process=process,
            title=data["title"],
            body=data["body"],
            issue_area=data.get("issue_area"),
            dong=data.get("dong"),
            files=self.request.FILES.getlist("files"),
        )

    @extend_schema(
        methods=["POST"],
        summary="공감하기",
        request=None,
        responses={
            201: SupportResult,
            400: OpenApiResponse(ERROR, description="closed, expired or merged proposal"),
            403: OpenApiResponse(
                ERROR, description="not a resident of the district, suspended, or outside the phase"
            ),
            409: OpenApiResponse(ERROR, description="already supported (code duplicate_support)"),
        },
    )
    @extend_schema(
        methods=["DELETE"],
        summary="공감 취소",
        request=None,
        responses={200: SupportResult, 400: ERROR, 403: ERROR},
    )
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, *args, **kwargs):
        proposal = self.get_object()
        if request.method == "DELETE":
            proposal = services.support_withdraw(
                actor=request.user, district=self.district, proposal=proposal
            )
            supported, code = False, status.HTTP_200_OK
        else:
            proposal = services.support_add(actor=request.user, district=self.district, proposal=proposal)
            supported, code = True, status.HTTP_201_CREATED
        return Response(
            {
                "id": proposal.pk,
                "support_count": proposal.support_count,
                "tier_reached": proposal.tier_reached,
                "supported": supported,
            },
            status=code,
        )

    @extend_schema(
        summary="단계 바꾸기 (운영진)",
        request=StageInput,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(
                ERROR, description="not allowed from the current stage (code invalid_stage)"
            ),
            403: ERROR,
            409: ERROR,
        },
    )
    @action(detail=True, methods=["post"])
    def stage(self, request, *args, **kwargs):
        proposal = self.get_object()
        params = StageInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        proposal = services.proposal_stage_change(
            actor=request.user,
            district=self.district,
            proposal=proposal,
            target=data["target"],
            reason=data["reason"],
            adopted=data.get("adopted"),
            route=data.get("route") or "",
            url=data.get("url") or "",
        )
        return Response(ProposalSerializer(proposal, context=self.get_serializer_context()).data)
