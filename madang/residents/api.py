"""Residents API under /api/v1/<district>/residents/:

- `draws/` and `draws/<id>/` (read-only): published committee draws with their seed, parameters, pool
  (public numbers and attributes), result and fingerprint; operators also see unpublished ones.
  `draws/<id>/recheck/[?seed=…&n=…&quotas={json}]` re-runs it (`matches`, `selected`, `unmet`,
  `differs`); impossible or malformed parameters are a structured 400.
- `processes/<slug>/verification/`: GET the person's own status for the process
  (`{"verified": bool, "verification": {…} | null}`); POST {name, birth_date, dong} verifies against the
  registry extract (201; a neutral 400 `no_match`, 409 `duplicate_identity`/`duplicate_verification`,
  429 after 5 tries an hour).
"""

from __future__ import annotations

import json

from django.apps import apps
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from madang.core.api import DistrictScopedMixin, DistrictScopedViewSet
from madang.core.exceptions import DomainError, NotFound
from madang.core.ratelimit import client_ip, rate_limit
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

    @extend_schema(
        parameters=[
            OpenApiParameter("seed", str, description="another seed (default: the draw's own)"),
            OpenApiParameter("n", int, description="another number to draw"),
            OpenApiParameter("quotas", str, description='other quotas as JSON, e.g. {"max_per_dong": 6}'),
        ],
        responses=inline_serializer(
            "DrawRecheck",
            {
                "matches": serializers.BooleanField(),
                "selected": serializers.ListField(child=serializers.IntegerField()),
                "unmet": serializers.ListField(child=serializers.CharField()),
                "differs": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def recheck(self, request, district, pk=None, **kwargs):
        """다시 실행해 확인: re-run the draw from its frozen pool with its own or the given parameters.
        Invalid parameters are a structured 400; with given parameters, 30 re-runs an hour per address."""
        draw = self.get_object()
        if draw.status == Draw.Status.DRAFT:
            raise DomainError(_("아직 실행하지 않은 추첨입니다."), code="not_drawn")
        params = request.query_params
        if not any(name in params for name in ("seed", "n", "quotas")):
            result = selectors.draw_recheck_cached(draw)
        else:
            rate_limit(f"residents-recheck:ip:{client_ip(request)}", *selectors.RECHECK_LIMIT)
            try:
                n = int(params["n"]) if "n" in params else None
                quotas = json.loads(params["quotas"]) if "quotas" in params else None
            except (ValueError, TypeError) as error:
                raise DomainError(_("n은 정수, quotas는 JSON 객체여야 합니다."), code="invalid") from error
            if quotas is not None and not isinstance(quotas, dict):
                raise DomainError(_("n은 정수, quotas는 JSON 객체여야 합니다."), code="invalid")
            result = selectors.draw_recheck(draw, seed=params.get("seed"), n=n, quotas=quotas)
        if result.error:
            raise DomainError(result.error, code="invalid_parameters")
        return Response(
            {
                "matches": result.matches,
                "selected": result.selected,
                "unmet": result.unmet,
                "differs": result.differs,
            }
        )

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
