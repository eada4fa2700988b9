"""Processes API (read-only): /api/v1/<district>/processes/ and /api/v1/<district>/processes/<slug>/."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers

from madang.core.api import DistrictScopedViewSet

from .features import feature_label
from .models import Phase, Process
from .predicates import phase_current
from .selectors import process_list


class PhaseSerializer(serializers.ModelSerializer):
    feature_labels = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = ["id", "name", "description", "starts_at", "ends_at", "order", "features", "feature_labels"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_feature_labels(self, phase) -> list[str]:
        return [feature_label(f) for f in phase.features or ()]


class ProcessListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    dong = serializers.SlugRelatedField(slug_field="name", read_only=True)
    committee = serializers.SlugRelatedField(slug_field="name", read_only=True)
    current_phase = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = [
            "id",
            "slug",
            "kind",
            "kind_label",
            "title",
            "starts_on",
            "ends_on",
            "dong",
            "committee",
            "is_published",
            "current_phase",
        ]

    @extend_schema_field(PhaseSerializer(allow_null=True))
    def get_current_phase(self, process):
        phase = phase_current(process)
        return PhaseSerializer(phase).data if phase is not None else None


class ProcessDetailSerializer(ProcessListSerializer):
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta(ProcessListSerializer.Meta):
        fields = [*ProcessListSerializer.Meta.fields, "description", "phases"]


@extend_schema(tags=["processes"])
class ProcessViewSet(DistrictScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """참여 과정: list (published ones; operators also see unpublished) and detail by slug with phases
    and the current phase."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_serializer_class(self):
        return ProcessDetailSerializer if self.action == "retrieve" else ProcessListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no district
            return Process.objects.none()
        return super().get_queryset()

    def get_district_queryset(self):
        staff = self.request.user.has_perm("processes.manage_process", self.district)
        return process_list(district=self.district, include_unpublished=staff)
