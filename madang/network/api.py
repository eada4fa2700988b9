"""Network API: /api/v1/<district>/organisations/, persons/, ties/, resources/, network/stats/."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from madang.core.api import DistrictScopedMixin, DistrictScopedViewSet
from madang.core.cache import cached_page
from madang.core.numbers import parse_int
from madang.core.serializers import CleanInputSerializerMixin, KoreanIntegerField
from madang.core.services import DomainError
from madang.districts.models import Dong

from . import selectors, services
from .analytics import GraphFilter, network_stats
from .models import IssueArea, Organisation, OrgKind, Person, Resource, Tie

CONTACT_FIELDS = ("contact_email", "contact_phone", "address")


class QueryParams(CleanInputSerializerMixin, serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=30)
    issue_area = KoreanIntegerField(required=False, min_value=1)
    dong = KoreanIntegerField(required=False, min_value=1)
    members_only = serializers.BooleanField(required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds

    def validate_kind(self, value):
        if value and self.kinds is not None and value not in self.kinds:
            raise serializers.ValidationError(_("알 수 없는 유형입니다: %(v)s") % {"v": value})
        return value


def directory_filters(request, kinds=None) -> selectors.DirectoryFilters:
    params = QueryParams(data=request.query_params, kinds=kinds)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    return selectors.DirectoryFilters(
        q=data.get("q", "").strip(),
        kind=data.get("kind", ""),
        issue_area=data.get("issue_area"),
        dong=data.get("dong"),
        members_only=data.get("members_only", False),
    )


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Korean search (all words must match)"),
    OpenApiParameter("kind", str),
    OpenApiParameter("issue_area", int),
    OpenApiParameter("dong", int),
]


class DistrictRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key limited to the request's district (and, for issue areas, the common ones)."""

    def get_queryset(self):
        return self.queryset.model.objects.in_district(self.context["district"])

    def to_internal_value(self, data):
        # an id beyond the database's integer is "no such object", never an OverflowError
        try:
            parse_int(data, min=1)
        except DomainError:
            self.fail("does_not_exist", pk_value=str(data)[:40])
        return super().to_internal_value(data)


class OrganisationSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    issue_areas = DistrictRelatedField(many=True, queryset=IssueArea.objects.all(), required=False)
    dongs = DistrictRelatedField(many=True, queryset=Dong.objects.all(), required=False)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_member = serializers.BooleanField(read_only=True, default=False)
    status = serializers.CharField(read_only=True, help_text="pending until an operator approves it")
    url = serializers.SerializerMethodField()
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="Creating: true to consent to an activist profile (display name shown as representative).",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "legal_form",
            "issue_areas",
            "dongs",
            "founded_year",
            "member_count",
            "description",
            "website",
            "is_member",
            "status",
            "url",
            "consent",
            *CONTACT_FIELDS,
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("network.view_organisation_contacts", instance):
            for field in CONTACT_FIELDS:
                data.pop(field, None)
        return data


class PersonSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    display_name = serializers.CharField(source="user.display_name")
    dong = serializers.CharField(source="dong.name", default=None)
    interests = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "display_name", "dong", "skills", "interests", "bio", "organisations"]

    def get_organisations(self, obj) -> list[dict]:
        return [
            {"id": a.organisation_id, "name": a.organisation.name, "role": a.role}
            for a in obj.affiliations.all()
        ]


class TieSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    source = DistrictRelatedField(queryset=Organisation.objects.all())
    target = DistrictRelatedField(queryset=Organisation.objects.all())
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = Tie
        fields = [
            "id",
            "source",
            "source_name",
            "target",
            "target_name",
            "kind",
            "since",
            "note",
            "origin",
            "status",
        ]
        read_only_fields = ["origin", "status"]
        validators = []  # uniqueness is the service's (and the database's) job


class ResourceSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    owner = DistrictRelatedField(queryset=Organisation.objects.all(), required=False, allow_null=True)
    dong = DistrictRelatedField(queryset=Dong.objects.all(), required=False, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "owner",
            "dong",
            "description",
            "availability",
            "how_to_ask",
        ]


def _ranked(queryset, rank):
    if rank is None:
        return queryset
    return sorted(queryset, key=lambda obj: rank.get(obj.pk, 1_000_000))


@extend_schema_view(
    list=extend_schema(parameters=[*FILTER_PARAMETERS, OpenApiParameter("members_only", bool)])
)
@extend_schema(tags=["network"])
@method_decorator(cached_page, name="dispatch")
class OrganisationViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    DistrictScopedViewSet,
):
    """단체: list (filter, Korean search, paginate), detail; create and update with the site's permissions."""

    serializer_class = OrganisationSerializer

    def get_district_queryset(self):
        queryset, self.rank = selectors.organisation_list(
            district=self.district,
            filters=directory_filters(self.request, OrgKind.values) if self.action == "list" else None,
        )
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = _ranked(self.get_queryset(), self.rank)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.organisation_create(
            actor=self.request.user,
            district=self.district,
            data=data,
            issue_areas=data.pop("issue_areas", []),
            dongs=data.pop("dongs", []),
            consent=bool(data.pop("consent", False)),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("consent", None)
        serializer.instance = services.organisation_update(
            actor=self.request.user,
            org=serializer.instance,
            data=data,
            issue_areas=data.pop("issue_areas", None),
            dongs=data.pop("dongs", None),
        )


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
@extend_schema(tags=["network"])
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictScopedViewSet):
    """활동가: public fields of people who chose to be listed."""

    serializer_class = PersonSerializer

    def get_district_queryset(self):
        queryset, self.rank = selectors.person_list(
            district=self.district, filters=directory_filters(self.request) if self.action == "list" else None
        )
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(_ranked(self.get_queryset(), self.rank))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["network"])
class TieViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    DistrictScopedViewSet,
):
    """협력 관계: list, detail; members record ties for their organisations, operators for any."""

    serializer_class = TieSerializer

    def get_district_queryset(self):
        """The list is public (confirmed ties only); one's own pending ties can be read and deleted."""
        viewer = None if self.action == "list" else self.request.user
        return selectors.tie_list(district=self.district, viewer=viewer)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.tie_add(
            actor=self.request.user,
            org_a=data["source"],
            org_b=data["target"],
            kind=data["kind"],
            since=data.get("since"),
            note=data.get("note", ""),
        )

    def perform_destroy(self, instance):
        services.tie_delete(actor=self.request.user, tie=instance)


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS[:2] + FILTER_PARAMETERS[3:]))
@extend_schema(tags=["network"])
class ResourceViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    DistrictScopedViewSet,
):
    """지역자원: list (filter, search), detail, create, update."""

    serializer_class = ResourceSerializer

    def get_district_queryset(self):
        queryset, self.rank = selectors.resource_list(
            district=self.district,
            filters=directory_filters(self.request, Resource.Kind.values) if self.action == "list" else None,
        )
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(_ranked(self.get_queryset(), self.rank))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_create(self, serializer):
        serializer.instance = services.resource_create(
            actor=self.request.user, district=self.district, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.resource_update(
            actor=self.request.user, resource=serializer.instance, data=dict(serializer.validated_data)
        )


class StatsQuery(CleanInputSerializerMixin, serializers.Serializer):
    issue_area = KoreanIntegerField(required=False, min_value=1)
    kind = serializers.ChoiceField(required=False, choices=OrgKind.choices)


@extend_schema(tags=["network"])
class NetworkStatsView(DistrictScopedMixin, APIView):
    """네트워크 지표: density, components, isolates, top degree/betweenness, communities, members by month."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("issue_area", int), OpenApiParameter("kind", str)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, district):
        query = StatsQuery(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        graph_filter = GraphFilter(
            issue_area_id=query.validated_data.get("issue_area"), kind=query.validated_data.get("kind")
        )
        stats = network_stats(self.district, graph_filter)
        progress = selectors.network_progress(district=self.district)
        return Response(
            {
                **stats,
                "members": {
                    "organisations": progress.organisations,
                    "persons": progress.persons,
                    "pending": progress.pending,
                    "target": progress.target,
                },
                "members_over_time": selectors.members_over_time(district=self.district),
            },
            status=status.HTTP_200_OK,
        )
