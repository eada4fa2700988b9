"""Budgeting API: /api/v1/<district>/budgeting/cycles/ and /cycles/{id}/projects/."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers

from madang.core.api import DistrictScopedViewSet
from madang.core.cache import cached_page
from madang.core.numbers import parse_int
from madang.core.serializers import CleanInputSerializerMixin, KoreanIntegerField, MarkdownSerializerField
from madang.core.services import DomainError
from madang.districts.models import Dong
from madang.processes.api import PhaseSerializer
from madang.processes.predicates import phase_current

from . import selectors, services
from .models import MAX_COST, ChannelWeight, Cycle, Heading, Project, ReviewCriterion


class HeadingSerializer(serializers.ModelSerializer):
    dong = serializers.SlugRelatedField(slug_field="name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Heading
        fields = ["id", "name", "kind", "kind_label", "dong", "amount", "population", "order"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCriterion
        fields = ["id", "name", "weight", "order"]


class WeightSerializer(serializers.ModelSerializer):
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)

    class Meta:
        model = ChannelWeight
        fields = ["channel", "channel_label", "weight"]


class CycleSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="process.title", read_only=True)
    slug = serializers.CharField(source="process.slug", read_only=True)
    starts_on = serializers.DateField(source="process.starts_on", read_only=True)
    ends_on = serializers.DateField(source="process.ends_on", read_only=True)
    is_published = serializers.BooleanField(source="process.is_published", read_only=True)
    current_phase = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id",
            "title",
            "slug",
            "year",
            "starts_on",
            "ends_on",
            "is_published",
            "min_age",
            "registry_required",
            "ballot_kind",
            "approval_max_picks",
            "knapsack_min_share",
            "current_phase",
            "url",
        ]

    @extend_schema_field(PhaseSerializer(allow_null=True))
    def get_current_phase(self, cycle):
        phase = phase_current(cycle.process)
        return PhaseSerializer(phase).data if phase is not None else None

    def get_url(self, cycle) -> str:
        return cycle.get_absolute_url()


class CycleDetailSerializer(CycleSerializer):
    phases = PhaseSerializer(source="process.phases", many=True, read_only=True)
    headings = HeadingSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    channel_weights = WeightSerializer(many=True, read_only=True)

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "phases", "headings", "criteria", "channel_weights"]


class _CycleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id limited to the request's cycle (headings) or district (dongs); huge ids are "no such"."""

    def get_queryset(self):
        cycle = self.context["cycle"]
        if self.queryset.model is Heading:
            return Heading.objects.filter(cycle=cycle)
        return self.queryset.model.objects.in_district(cycle.district_id)

    def to_internal_value(self, data):
        try:
            parse_int(data, min=1)
        except DomainError:
            self.fail("does_not_exist", pk_value=str(data)[:40])
        return super().to_internal_value(data)


class ProjectSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    heading = _CycleRelatedField(queryset=Heading.objects.all())
    heading_name = serializers.CharField(source="heading.name", read_only=True)
    dong = _CycleRelatedField(queryset=Dong.objects.all(), required=False, allow_null=True)
    description = MarkdownSerializerField(max_length=20000, help_text="Markdown")
    cost = KoreanIntegerField(min_value=1, max_value=MAX_COST, help_text="won (1 … 1조)")
    final_cost = serializers.IntegerField(read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposer = serializers.SerializerMethodField()
    on_behalf_name = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="operators only: the proposer's name"
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "heading",
            "heading_name",
            "title",
            "description",
            "dong",
            "location",
            "cost",
            "revised_cost",
            "final_cost",
            "status",
            "status_label",
            "review_total",
            "progress_percent",
            "proposer",
            "on_behalf_name",
            "source_url",
            "created_at",
            "url",
        ]
        read_only_fields = [
            "revised_cost",
            "status",
            "review_total",
            "progress_percent",
            "source_url",
            "created_at",
        ]

    def get_proposer(self, project) -> str:
        if project.on_behalf_name:
            return project.on_behalf_name
        return project.author.display_name if project.author_id else ""

    def get_url(self, project) -> str:
        return project.get_absolute_url()


CYCLE_PARAM = OpenApiParameter("cycle", OpenApiTypes.INT, OpenApiParameter.PATH, description="cycle id")


@extend_schema(tags=["budgeting"])
@method_decorator(cached_page, name="dispatch")
class CycleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictScopedViewSet):
    """참여예산 회차: list (published ones; operators also see unpublished) and detail with phases,
    headings (money pots in won), review criteria and channel weights."""

    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        return CycleDetailSerializer if self.action == "retrieve" else CycleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cycle.objects.none()
        return super().get_queryset()

    def get_district_queryset(self):
        queryset = selectors.cycle_queryset(self.district, self.request.user).order_by("-year", "-id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("headings__dong", "criteria", "channel_weights")
        return queryset


@extend_schema_view(
    list=extend_schema(
        parameters=[
            CYCLE_PARAM,
            OpenApiParameter("heading", int),
            OpenApiParameter("dong", int),
            OpenApiParameter("status", str, enum=Project.Status.values),
        ]
    ),
    retrieve=extend_schema(parameters=[CYCLE_PARAM]),
    create=extend_schema(
        parameters=[CYCLE_PARAM],
        description="Propose a project (a verified resident of age, during 제안 접수), or, for operators, "
        "enter one on a resident's behalf with `on_behalf_name`. 403 outside the phase or when the person "
        "may not propose; 400 for a bad cost or another cycle's heading; 429 past the daily limit.",
    ),
)
@extend_schema(tags=["budgeting"])
@method_decorator(cached_page, name="dispatch")
class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, DistrictScopedViewSet
):
    """사업 of one cycle: list (filter by heading, dong, status; withdrawn ones hidden), detail, create."""

    serializer_class = ProjectSerializer

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    def _cycle(self) -> Cycle:
        if not hasattr(self, "_cycle_obj"):
            self._cycle_obj = selectors.cycle_get_by_id(
                district=self.district, pk=self.kwargs.get("cycle"), user=self.request.user
            )
        return self._cycle_obj

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.district is not None and not getattr(self, "swagger_fake_view", False):
            context["cycle"] = self._cycle()
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return super().get_queryset()

    def get_district_queryset(self):
        cycle = self._cycle()
        if self.action != "list":
            return selectors.project_list(cycle=cycle, user=self.request.user)
        params = ProjectParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = selectors.ProjectFilters(**params.validated_data)
        return selectors.project_list(cycle=cycle, filters=filters, user=self.request.user)

    def perform_create(self, serializer):
        cycle = self._cycle()
        data = dict(serializer.validated_data)
        name = data.pop("on_behalf_name", "")
        if self.request.user.has_perm("budgeting.propose_on_behalf", cycle):
            if not name:
                raise serializers.ValidationError({"on_behalf_name": [_("제안자 이름을 적어 주세요.")]})
            serializer.instance = services.project_propose_on_behalf(
                actor=self.request.user, cycle=cycle, data=data, on_behalf_name=name
            )
        else:
            serializer.instance = services.project_propose(actor=self.request.user, cycle=cycle, data=data)


class ProjectParams(CleanInputSerializerMixin, serializers.Serializer):
    heading = KoreanIntegerField(required=False, min_value=1)
    dong = KoreanIntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(required=False, choices=Project.Status.choices)
