"""The inclusive civil-society network (포괄적 네트워크) of a district."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictQuerySet, DistrictScopedModel
from madang.core.text import localized_name


class Review(models.TextChoices):
    """Review state of what a person adds to the public network (organisation, affiliation, tie).

    Rows made outside the public registration services (imports, operators, demo data, factories)
    are approved by default; the services set `pending` explicitly for a person's own submissions.
    """

    PENDING = "pending", _("검토 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


def _review_fields():
    """status + decision fields shared by reviewed models (declared on each model)."""
    return (
        models.CharField(
            _("검토 상태"), max_length=10, choices=Review.choices, default=Review.APPROVED, db_index=True
        ),
        models.TextField(_("반려 사유"), blank=True, max_length=2000),
        models.DateTimeField(_("검토 일시"), null=True, blank=True),
    )


class OrganisationQuerySet(DistrictQuerySet):
    def public(self):
        """Approved organisations: what every public read shows."""
        return self.filter(status=Review.APPROVED)

    def visible_to(self, user, district=None):
        """Approved ones, plus the user's own pending/rejected registrations; everything for the
        district's staff (operators review them). `district` is the district being read."""
        if not getattr(user, "is_authenticated", False):
            return self.public()
        if district is not None and user.has_perm("network.review", district):
            return self.all()
        return self.filter(Q(status=Review.APPROVED) | Q(created_by=user))


class AffiliationQuerySet(DistrictQuerySet):
    def public(self):
        """Confirmed affiliations with an approved organisation."""
        return self.filter(status=Review.APPROVED, organisation__status=Review.APPROVED)


class TieQuerySet(DistrictQuerySet):
    def public(self):
        """Confirmed ties between approved organisations: what analytics, the graph and the API count."""
        return self.filter(
            status=Review.APPROVED,
            source__status=Review.APPROVED,
            target__status=Review.APPROVED,
        )


class Network(DistrictOwned, TimeStampedModel):
    """A district's network body (강북구민간협의회, 모두마포, …) and its member target."""

    district = models.OneToOneField(
        "districts.District", verbose_name=_("자치구"), on_delete=models.CASCADE, related_name="network"
    )
    name = models.CharField(_("네트워크 이름"), max_length=100)
    description = models.TextField(_("소개"), blank=True)
    member_target = models.PositiveIntegerField(_("회원 목표"), default=0)

    class Meta:
        verbose_name = _("네트워크")
        verbose_name_plural = _("네트워크")

    def __str__(self) -> str:
        return self.name


class IssueArea(DistrictOwned):
    """의제 (분야). Common ones have no district; operators add their district's own."""

    district_common = True

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="issue_areas",
    )
    name = models.CharField(_("의제"), max_length=30)
    name_en = models.CharField(_("영문 이름"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=100)

    class Meta:
        verbose_name = _("의제")
        verbose_name_plural = _("의제")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(district__isnull=True), name="issuearea_unique_common_name"
            ),
            models.UniqueConstraint(fields=["district", "name"], name="issuearea_unique_name_in_district"),
        ]

    @property
    def display_name(self) -> str:
        """The name in the active language (a district's own 의제 may have no English name)."""
        return localized_name(self.name, self.name_en)

    def __str__(self) -> str:
        return self.display_name


class OrgKind(models.TextChoices):
    CIVIC = "civic", _("민간단체")
    COMMUNITY = "community", _("주민모임·마을공동체")
    SOCIAL_ECONOMY = "social_economy", _("사회적경제조직")
    NONPROFIT = "nonprofit", _("비영리법인")
    INTERMEDIARY = "intermediary", _("중간지원조직")
    PUBLIC = "public", _("공공기관")
    OTHER = "other", _("기타")


class LegalForm(models.TextChoices):
    UNINCORPORATED = "unincorporated", _("임의단체")
    REGISTERED_NPO = "registered_npo", _("비영리민간단체")
    INCORPORATED_ASSOCIATION = "incorporated_association", _("사단법인")
    FOUNDATION = "foundation", _("재단법인")
    COOPERATIVE = "cooperative", _("협동조합")
    SOCIAL_COOPERATIVE = "social_cooperative", _("사회적협동조합")
    SOCIAL_ENTERPRISE = "social_enterprise", _("사회적기업")
    VILLAGE_ENTERPRISE = "village_enterprise", _("마을기업")
    COMPANY = "company", _("주식회사 등 영리법인")
    PUBLIC_BODY = "public_body", _("공공기관")
    OTHER = "other", _("기타")


class Organisation(DistrictOwned, TimeStampedModel):
    """단체. Public fields are shown to everyone; contact fields only to operators and its members.

    A person's registration waits in `pending` for an operator's review (visible to them only).
    """

    objects = OrganisationQuerySet.as_manager()

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("단체 이름"), max_length=100)
    kind = models.CharField(_("유형"), max_length=20, choices=OrgKind.choices)
    legal_form = models.CharField(_("법적 형태"), max_length=30, choices=LegalForm.choices, blank=True)
    dongs = models.ManyToManyField("districts.Dong", verbose_name=_("활동 행정동"), blank=True)
    issue_areas = models.ManyToManyField(IssueArea, verbose_name=_("의제"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("설립 연도"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    member_count = models.PositiveIntegerField(_("회원 수"), null=True, blank=True)
    description = models.TextField(_("소개"), blank=True, max_length=5000)
    website = models.URLField(_("웹사이트"), blank=True)
    # private: operators and the organisation's own members only
    contact_email = models.EmailField(_("연락 이메일"), blank=True)
    contact_phone = models.CharField(_("연락 전화"), max_length=30, blank=True)
    address = models.CharField(_("주소"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status, decision_reason, decided_at = _review_fields()

    class Meta:
        verbose_name = _("단체")
        verbose_name_plural = _("단체")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="organisation_unique_name_in_district"),
        ]
        indexes = [models.Index(fields=["district", "kind"], name="org_district_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class Person(DistrictOwned, TimeStampedModel):
    """활동가: a person's activist profile in one district (consent recorded)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="activist_profiles",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="persons"
    )
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skills = models.CharField(_("할 수 있는 일"), max_length=300, blank=True)
    interests = models.ManyToManyField(IssueArea, verbose_name=_("관심 의제"), blank=True)
    bio = models.TextField(_("소개"), blank=True, max_length=2000)
    is_public = models.BooleanField(_("활동가 목록에 공개"), default=True)
    # private
    phone = models.CharField(_("전화"), max_length=30, blank=True)
    consent_at = models.DateTimeField(_("개인정보 수집·이용 동의 일시"))

    class Meta:
        verbose_name = _("활동가")
        verbose_name_plural = _("활동가")
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="person_unique_per_district")
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("network:person_detail", kwargs={"district": self.district.slug, "pk": self.pk})

    @property
    def display_name(self) -> str:
        return self.user.display_name


class Affiliation(DistrictScopedModel):
    """A person's role in an organisation. 대표 and 운영진 may edit the organisation."""

    district_path = "organisation__district"

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("대표")
        STAFF = "staff", _("운영진·상근자")
        MEMBER = "member", _("회원")

    EDITOR_ROLES = (Role.REPRESENTATIVE, Role.STAFF)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("단체"), on_delete=models.CASCADE, related_name="affiliations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("활동가"), on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("시작"), null=True, blank=True)
    # a self-declared 회원 waits for the organisation's 대표·운영진 or an operator
    status, decision_reason, decided_at = _review_fields()

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("소속")
        verbose_name_plural = _("소속")
        constraints = [models.UniqueConstraint(fields=["organisation", "person"], name="affiliation_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.organisation} · {self.get_role_display()}"


class Membership(DistrictOwned):
    """Membership of the district network, from application to leaving.

    One open (applied or approved) membership per organisation or person per district, enforced
    by partial unique constraints; deciding is a conditional UPDATE, so two operators approving at
    once produce exactly one decision.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("신청")
        APPROVED = "approved", _("가입")
        REJECTED = "rejected", _("반려")
        LEFT = "left", _("탈퇴")

    OPEN = (Status.APPLIED, Status.APPROVED)

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        on_delete=models.PROTECT,
        related_name="network_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("단체"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("활동가"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    message = models.TextField(_("신청 메시지"), blank=True, max_length=2000)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청자"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("신청 일시"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("결정자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("결정 일시"), null=True, blank=True)
    decision_reason = models.TextField(_("사유"), blank=True, max_length=2000)
    left_at = models.DateTimeField(_("탈퇴 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("네트워크 회원")
        verbose_name_plural = _("네트워크 회원")
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, person__isnull=True)
                    | Q(organisation__isnull=True, person__isnull=False)
                ),
                name="membership_org_xor_person",
            ),
            models.UniqueConstraint(
                fields=["district", "organisation"],
                condition=Q(status__in=["applied", "approved"], organisation__isnull=False),
                name="membership_one_open_per_org",
            ),
            models.UniqueConstraint(
                fields=["district", "person"],
                condition=Q(status__in=["applied", "approved"], person__isnull=False),
                name="membership_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["district", "status"], name="membership_district_status")]

    def __str__(self) -> str:
        return f"{self.member_name} · {self.get_status_display()}"

    @property
    def member(self):
        return self.organisation or self.person

    @property
    def member_name(self) -> str:
        return str(self.organisation or self.person)


class Committee(DistrictOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        STEERING = "steering", _("운영위원회")
        SUBCOMMITTEE = "subcommittee", _("분과")
        ISSUE_NETWORK = "issue_network", _("의제별 네트워크")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(_("이름"), max_length=100)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    issue_area = models.ForeignKey(
        IssueArea,
        verbose_name=_("의제"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
    )
    description = models.TextField(_("소개"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("위원회")
        verbose_name_plural = _("위원회")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="committee_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:committee_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class CommitteeSeat(DistrictScopedModel):
    district_path = "committee__district"

    class Role(models.TextChoices):
        CHAIR = "chair", _("위원장")
        SECRETARY = "secretary", _("간사")
        MEMBER = "member", _("위원")

    committee = models.ForeignKey(
        Committee, verbose_name=_("위원회"), on_delete=models.CASCADE, related_name="seats"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("활동가"), on_delete=models.CASCADE, related_name="seats"
    )
    role = models.CharField(_("직책"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("임기 시작"))
    term_end = models.DateField(_("임기 끝"), null=True, blank=True)

    class Meta:
        verbose_name = _("위원")
        verbose_name_plural = _("위원")
        ordering = ["committee", "role", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="seat_term_order",
            ),
            models.UniqueConstraint(fields=["committee", "person", "term_start"], name="seat_unique_term"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.person} · {self.get_role_display()}"


class Tie(DistrictOwned, TimeStampedModel):
    """협력 관계 between two organisations of a district (undirected: stored low id → high id).

    Recorded by one side's editor, it is `pending` until an editor of `counterpart` (the other side)
    or an operator confirms it.
    """

    objects = TieQuerySet.as_manager()

    class Kind(models.TextChoices):
        JOINT_PROJECT = "joint_project", _("공동사업")
        CO_HOST = "co_host", _("공동주최")
        NETWORK = "network", _("네트워크 공동참여")
        RESOURCE_SHARING = "resource_sharing", _("자원공유")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("직접 기록")
        PARTNERSHIP = "partnership", _("프로젝트 파트너십")
        EVENT = "event", _("행사")
        IMPORT = "import", _("가져오기")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="ties"
    )
    source = models.ForeignKey(
        Organisation, verbose_name=_("단체 1"), on_delete=models.CASCADE, related_name="ties_out"
    )
    target = models.ForeignKey(
        Organisation, verbose_name=_("단체 2"), on_delete=models.CASCADE, related_name="ties_in"
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    since = models.DateField(_("시작"), null=True, blank=True)
    note = models.CharField(_("메모"), max_length=300, blank=True)
    origin = models.CharField(_("출처"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기록자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status, decision_reason, decided_at = _review_fields()
    counterpart = models.ForeignKey(
        Organisation,
        verbose_name=_("확인할 단체"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("협력 관계")
        verbose_name_plural = _("협력 관계")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__lt=models.F("target")), name="tie_ordered_distinct_ends"
            ),
            models.UniqueConstraint(fields=["source", "target", "kind"], name="tie_unique_kind_between_pair"),
        ]
        indexes = [models.Index(fields=["district", "kind"], name="tie_district_kind")]

    def __str__(self) -> str:
        return f"{self.source} — {self.target} ({self.get_kind_display()})"


class Resource(DistrictOwned, TimeStampedModel):
    """지역자원: spaces, equipment, skills, media channels, funds a district's civil society can share."""

    class Kind(models.TextChoices):
        SPACE = "space", _("공간")
        EQUIPMENT = "equipment", _("장비·물품")
        SKILL = "skill", _("재능·사람")
        MEDIA = "media", _("매체·홍보 채널")
        FUND = "fund", _("기금·재원")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField(_("이름"), max_length=100)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("소유 단체"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("설명"), blank=True, max_length=5000)
    availability = models.CharField(_("이용 가능 시간·조건"), max_length=300, blank=True)
    how_to_ask = models.CharField(_("이용 문의 방법"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("지역자원")
        verbose_name_plural = _("지역자원")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["district", "kind"], name="resource_district_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:resource_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class SearchEntry(DistrictOwned):
    """Korean search index row: kiwipiepy tokens of one public object's text.

    On SQLite the tokens are mirrored into the FTS5 table `network_search_fts` (rowid = id);
    on PostgreSQL a GIN index on to_tsvector('simple', tokens) serves the same query.
    Written by `madang.network.search.index_*` in the same transaction as the object.
    """

    class Type(models.TextChoices):
        ORGANISATION = "organisation", _("단체")
        PERSON = "person", _("활동가")
        RESOURCE = "resource", _("지역자원")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=20, choices=Type.choices)
    object_id = models.PositiveBigIntegerField()
    tokens = models.TextField()

    class Meta:
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="searchentry_unique_object")
        ]
        indexes = [models.Index(fields=["district", "object_type"], name="searchentry_district_type")]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id}"


class ImportBatch(DistrictOwned, TimeStampedModel):
    """An uploaded organisation list waiting for the operator's confirmation (dry run first)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("검토 중")
        CONFIRMED = "confirmed", _("가져옴")
        DISCARDED = "discarded", _("취소")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # validated rows ready to import
    errors = models.JSONField(default=list)  # [[line, message], …]
    skipped = models.JSONField(default=list)  # rows already in the directory
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)

    class Meta:
        verbose_name = _("가져오기")
        verbose_name_plural = _("가져오기")

    def __str__(self) -> str:
        return self.filename
