"""Residents API under /api/v1/<district>/residents/:

- `draws/` and `draws/<id>/` (read-only): published committee draws with their seed, parameters, pool
  (public numbers and attributes), result and fingerprint; operators also see unpublished ones.
- `processes/<slug>/verification/`: GET the person's own status for the process
  (`{"verified": bool, "verification": {…} | null}`); POST {name, birth_date, dong} verifies against the
  registry extract (201; a neutral 400 `no_match`, 409 `duplicate_identity`/`duplicate_verification`,
  429 after 5 tries an hour).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from madang.core.api import DistrictScopedMixin, DistrictScopedViewSet
from madang.core.exceptions import NotFound
from madang.core.serializers import CleanInputSerializerMixin
from madang.core.tenancy import get_in_district

from . import selectors, services
from .models import Draw, ResidentVerification


class DrawSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    fingerprint = serializers.SerializerMethodField()

    class Meta:
        model = Draw
        fields = [
            "id",
            "process",
            "title",
            "status",
            "seed",
            "n",
            "quotas",
            "pool",
            "result",
            "unmet",
            "fingerprint",
            "drawn_at",
            "published_at",
        ]

    def get_fingerprint(self, draw) -> str:
        if draw.status == Draw.Status.DRAFT:
            return ""
        return selectors.draw_public_data(draw)["fingerprint"]


class DrawListSerializer(DrawSerializer):
    class Meta(DrawSerializer.Meta):
        fields = [
            "id",
            "process",
            "title",
            "status",
            "seed",
            "n",
            "quotas",
            "unmet",
            "drawn_at",
            "published_at",
        ]

    def get_fingerprint(self, draw) -> str:  # pragma: no cover - not in the list
        return ""


@extend_schema(tags=["residents"])
class DrawViewSet(DistrictScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """위원 추첨: published draws (operators also see drafts and unpublished results)."""

    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        return DrawSerializer if self.action == "retrieve" else DrawListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Draw.objects.none()
        return super().get_queryset()

    def get_district_queryset(self):
        draws = Draw.objects.select_related("process").order_by("-created_at", "-pk")
        if not self.request.user.has_perm("residents.manage_draw", self.district):
            draws = draws.filter(status=Draw.Status.PUBLISHED)
        if self.action == "list":
            draws = draws.defer("pool", "result")
        return draws


class VerificationSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    dong = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = ResidentVerification
        fields = ["process", "dong", "birth_date", "method", "verified_at"]


class VerifyInputSerializer(CleanInputSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100)
    birth_date = serializers.DateField()
    dong = serializers.CharField(max_length=30)


class VerificationView(DistrictScopedMixin, APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _process(self, slug):
        Process = apps.get_model("processes", "Process")
        process = get_in_district(Process, self.district, slug=slug)
        if not process.is_published and not self.request.user.has_perm("residents.manage_registry", process):
            raise NotFound(_("이 자치구에서 찾을 수 없는 참여 과정입니다."))
        return process

    @extend_schema(
        tags=["residents"],
        responses=inline_serializer(
            "VerificationStatus",
            {"verified": serializers.BooleanField(), "verification": VerificationSerializer(allow_null=True)},
        ),
    )
    def get(self, request, district, slug):
        process = self._process(slug)
        verification = selectors.verification_get(user=request.user, process=process)
        return Response(
            {
                "verified": verification is not None,
                "verification": VerificationSerializer(verification).data if verification else None,
            }
        )

    @extend_schema(
        tags=["residents"],
        request=VerifyInputSerializer,
        responses={
            201: VerificationSerializer,
            400: inline_serializer("VerifyError", {"error": serializers.DictField()}),
        },
    )
    def post(self, request, district, slug):
        process = self._process(slug)
        data = VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification = services.verification_claim(
            actor=request.user,
            process=process,
            name=data.validated_data["name"],
            birth_date=data.validated_data["birth_date"],
            dong=data.validated_data["dong"],
        )
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)
