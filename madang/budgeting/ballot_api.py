"""Ballots API: /api/v1/<district>/budgeting/cycles/{id}/ballot/ and /cycles/{id}/results/.

- `GET ballot/`: the caller's own ballots in the cycle (one per heading), never anyone else's.
- `PUT ballot/` `{"heading": id, "projects": [id, …]}`: replace the caller's ballot in that heading while
  voting is open; answers the stored ballot. Errors: 400 (bad ids, over the money, over N picks, a
  project not on this heading's ballot), 403 (not verified, under age, not the voter's dong, voting
  closed), 404 (no such cycle or heading here), 409 (already voted on paper), 429 (too many changes),
  as `{"error": {code, message}}`.
- `GET results/`: the published results (the ranking per heading with each channel's raw and
  normalised numbers, the weights, turnout); before publication, district staff get the live preview
  once voting is over; others a 404.
"""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound as ApiNotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from madang.core.api import DistrictScopedMixin
from madang.core.cache import cached_page
from madang.core.numbers import parse_int
from madang.core.serializers import CleanInputSerializerMixin
from madang.core.services import DomainError
from madang.core.tenancy import get_in_district

from . import ballot_services as services
from . import results as results_mod
from .ballot_models import Ballot, BallotChoice
from .ballot_selectors import heading_get
from .models import Cycle


class BallotOutSerializer(serializers.Serializer):
    heading = serializers.IntegerField()
    heading_name = serializers.CharField()
    projects = serializers.ListField(child=serializers.IntegerField())
    total_cost = serializers.IntegerField()
    picks = serializers.IntegerField()
    channel = serializers.CharField()
    updated_at = serializers.DateTimeField()


class OwnBallotsSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    can_vote = serializers.BooleanField()
    ballots = BallotOutSerializer(many=True)


class BallotInSerializer(CleanInputSerializerMixin, serializers.Serializer):
    heading = serializers.CharField(help_text="the heading (예산 구분) id")
    projects = serializers.ListField(
        child=serializers.JSONField(),
        allow_empty=True,
        max_length=200,
        help_text="ids of the heading's shortlisted projects; no repeats",
    )

    def validate_heading(self, value):
        try:
            return parse_int(value, min=1)
        except DomainError as error:
            raise serializers.ValidationError(_("예산 구분 번호는 정수여야 합니다.")) from error


def _cycle(view, pk) -> Cycle:
    cycle = get_in_district(
        Cycle.objects.select_related("process", "district").prefetch_related("process__phases"),
        view.district,
        pk=pk,
    )
    if not cycle.process.is_published and not view.request.user.has_perm("budgeting.view_turnout", cycle):
        raise ApiNotFound(_("이 자치구에서 찾을 수 없는 참여예산 회차입니다."))
    return cycle


def _own_ballots(user, cycle) -> list[dict]:
    ballots = list(
        Ballot.objects.filter(cycle=cycle, voter__user_id=user.pk)
        .select_related("heading")
        .order_by("heading_id")
    )
    choices: dict[int, list[int]] = {}
    for ballot_id, project_id in (
        BallotChoice.objects.filter(ballot__in=ballots)
        .order_by("project_id")
        .values_list("ballot_id", "project_id")
    ):
        choices.setdefault(ballot_id, []).append(project_id)
    return [
        {
            "heading": b.heading_id,
            "heading_name": b.heading.name,
            "projects": choices.get(b.pk, []),
            "total_cost": b.total_cost,
            "picks": b.picks,
            "channel": b.channel,
            "updated_at": b.updated_at,
        }
        for b in ballots
    ]


class BallotView(DistrictScopedMixin, APIView):
    """The caller's own ballot in a budgeting cycle (주민 투표)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OwnBallotsSerializer}, summary="My ballots in the cycle (one per heading)")
    def get(self, request, district, pk):
        cycle = _cycle(self, pk)
        return Response(
            {
                "cycle": cycle.pk,
                "can_vote": request.user.has_perm("budgeting.vote_cycle", cycle),
                "ballots": _own_ballots(request.user, cycle),
            }
        )

    @extend_schema(
        request=BallotInSerializer,
        responses={
            200: BallotOutSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="over the money / N picks, bad or foreign ids"
            ),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="not verified, under age, voting closed"),
            404: OpenApiResponse(
                OpenApiTypes.OBJECT, description="no such cycle or heading in this district"
            ),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="this resident already voted on paper"),
        },
        examples=[
            OpenApiExample("knapsack ballot", value={"heading": 3, "projects": [11, 14]}, request_only=True)
        ],
        summary="Replace my ballot in one heading while voting is open",
    )
    def put(self, request, district, pk):
        cycle = _cycle(self, pk)
        data = BallotInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        heading = heading_get(cycle=cycle, pk=data.validated_data["heading"])  # Korean 404 elsewhere
        ballot = services.ballot_submit(
            actor=request.user,
            district=self.district,
            heading=heading,
            project_ids=data.validated_data["projects"],
        )
        # the stored ballot, from what the service wrote (no second read)
        return Response(
            {
                "heading": heading.pk,
                "heading_name": heading.name,
                "projects": ballot.project_ids,
                "total_cost": ballot.total_cost,
                "picks": ballot.picks,
                "channel": ballot.channel,
                "updated_at": ballot.updated_at,
            }
        )


@method_decorator(cached_page, name="dispatch")
class ResultsView(DistrictScopedMixin, APIView):
    """Published results of a budgeting cycle (weighted ranking, funding, turnout)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="headings → ranked projects"),
            404: None,
        },
        summary="Results of the cycle",
    )
    def get(self, request, district, pk):
        cycle = _cycle(self, pk)
        publication = results_mod.publication_get(cycle)
        live = publication is None and request.user.has_perm("budgeting.preview_results", cycle)
        data = results_mod.results_for_display(cycle, publication=publication, live=live)
        if data is None:
            raise ApiNotFound(_("아직 공개된 결과가 없습니다."))
        return Response({"cycle": cycle.pk, "published": publication is not None, **data})
