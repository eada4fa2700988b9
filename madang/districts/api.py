from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from madang.core.api import SLUG_REGEX
from madang.districts.models import City, District, Program, ProgramParticipation, ProgramTrack, Vision

from . import serializers
from .filters import DistrictFilter


@extend_schema(tags=["districts"])
class CityViewSet(viewsets.ReadOnlyModelViewSet):
    """서울특별시 등 시."""

    queryset = City.objects.order_by("code")
    serializer_class = serializers.CitySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX


@extend_schema(tags=["districts"])
class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """자치구 목록과 상세 (사업 참여, 자치구 비전 포함)."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    filterset_class = DistrictFilter

    def get_queryset(self):
        qs = District.objects.select_related("city").order_by("code")
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch(
                    "participations",
                    queryset=ProgramParticipation.objects.select_related("track__program").order_by(
                        "track__program__order", "track__order"
                    ),
                ),
                Prefetch("visions", queryset=Vision.objects.select_related("program")),
            )
        return qs

    def get_serializer_class(self):
        return (
            serializers.DistrictDetailSerializer
            if self.action == "retrieve"
            else serializers.DistrictSerializer
        )


@extend_schema(tags=["programs"])
class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """지역사회혁신계획, 시민협력플랫폼: 유형별 참여 자치구와 연차."""

    serializer_class = serializers.ProgramSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    queryset = Program.objects.order_by("order").prefetch_related(
        Prefetch(
            "tracks",
            queryset=ProgramTrack.objects.order_by("order").prefetch_related(
                Prefetch(
                    "participations",
                    queryset=ProgramParticipation.objects.select_related("district").order_by(
                        "-program_year", "district__code"
                    ),
                )
            ),
        )
    )
