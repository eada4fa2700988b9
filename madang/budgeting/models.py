"""Participatory budgeting (주민참여예산 / 시민참여예산): cycles, money pots, projects and their review.

A `Cycle` hangs off a `processes.Process` of kind `budgeting` (its title, slug and dated phases come
from there). Money is in won, always integers. Ballots, offline votes and results live in the
ballots part of this app (built on these models).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictScopedModel

# 1조 원: a project costing more is a typing mistake
MAX_COST = 1_000_000_000_000
MAX_ATTACHMENTS = 5


class Cycle(DistrictOwned, TimeStampedModel):
    """One year's participatory budgeting round of a district."""

    class BallotKind(models.TextChoices):
        APPROVAL = "approval", _("찬성 투표 (N개 선택)")
        KNAPSACK = "knapsack", _("예산 배분 투표")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="budget_cycles"
    )
    process = models.OneToOneField(
        "processes.Process",
        verbose_name=_("참여 과정"),
        on_delete=models.CASCADE,
        related_name="budget_cycle",
    )
    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    min_age = models.PositiveSmallIntegerField(
        _("참여 최저 나이"), default=14, validators=[MinValueValidator(0), MaxValueValidator(120)]
    )
    ballot_kind = models.CharField(
        _("투표 방식"), max_length=10, choices=BallotKind.choices, default=BallotKind.APPROVAL
    )
    approval_max_picks = models.PositiveSmallIntegerField(
        _("선택할 수 있는 사업 수"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    knapsack_min_share = models.PositiveSmallIntegerField(
        _("최소 배분 비율(%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("예산 배분 투표에서 전체 금액 중 최소한 써야 하는 비율 (0은 제한 없음)"),
    )
    registry_required = models.BooleanField(_("주민 확인 필요"), default=True)

    class Meta:
        verbose_name = _("참여예산 회차")
        verbose_name_plural = _("참여예산 회차")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(approval_max_picks__gte=1), name="cycle_max_picks_positive"),
            models.CheckConstraint(condition=Q(knapsack_min_share__lte=100), name="cycle_min_share_percent"),
        ]
        indexes = [models.Index(fields=["district", "year"], name="budget_cycle_district_year")]

    def __str__(self) -> str:
        return self.process.title if self.process_id else str(self.year)

    @property
    def title(self) -> str:
        return self.process.title

    @property
    def slug(self) -> str:
        return self.process.slug

    def get_absolute_url(self) -> str:
        return reverse("budgeting:cycle", kwargs={"district": self.district.slug, "slug": self.slug})


class Heading(DistrictScopedModel):
    """A money pot of a cycle: district-wide, one 행정동's, or a theme's."""

    district_path = "cycle__district"

    class Kind(models.TextChoices):
        DISTRICT = "district", _("구 단위")
        DONG = "dong", _("동 단위")
        THEME = "theme", _("주제")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="headings"
    )
    name = models.CharField(_("예산 구분"), max_length=100)
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_headings",
    )
    amount = models.PositiveBigIntegerField(_("배정 금액(원)"))
    population = models.PositiveIntegerField(_("인구"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("예산 구분")
        verbose_name_plural = _("예산 구분")
        ordering = ["cycle", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="heading_amount_positive",
                violation_error_message=_("금액은 0원보다 커야 합니다."),
            ),
            models.CheckConstraint(
                condition=Q(amount__lte=MAX_COST),
                name="heading_amount_sane",
                violation_error_message=_("금액이 너무 큽니다 (1조 원 이하)."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "name"],
                name="heading_unique_name_in_cycle",
                violation_error_message=_("이 회차에 같은 이름의 예산 구분이 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_id(self) -> int:
        return self.cycle.district_id

    @property
    def district(self):
        return self.cycle.district


class Project(DistrictScopedModel, TimeStampedModel):
    """A project proposed for a cycle's money."""

    district_path = "cycle__district"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("접수")
        ELIGIBLE = "eligible", _("적격")
        INELIGIBLE = "ineligible", _("부적격")
        SHORTLISTED = "shortlisted", _("투표 대상")
        FUNDED = "funded", _("선정")
        NOT_FUNDED = "not_funded", _("미선정")
        IN_PROGRESS = "in_progress", _("집행 중")
        DONE = "done", _("완료")
        WITHDRAWN = "withdrawn", _("철회")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="projects"
    )
    heading = models.ForeignKey(
        Heading, verbose_name=_("예산 구분"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("사업명"), max_length=200)
    description = models.TextField(_("사업 내용"), max_length=20000)
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_projects",
    )
    location = models.CharField(_("사업 위치"), max_length=200, blank=True)
    # empty only for a citizen proposal routed here before costing: screening then sets revised_cost
    cost = models.PositiveBigIntegerField(_("사업비(원)"), null=True, blank=True)
    revised_cost = models.PositiveBigIntegerField(_("조정 사업비(원)"), null=True, blank=True)
    status = models.CharField(
        _("상태"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("제안자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    on_behalf_name = models.CharField(_("대리 접수 제안자 이름"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("접수자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.CharField(_("원래 제안 주소"), max_length=500, blank=True)
    review_total = models.DecimalField(_("심사 점수"), max_digits=7, decimal_places=2, null=True, blank=True)
    review_count = models.PositiveIntegerField(_("심사 수"), default=0)
    progress_percent = models.PositiveSmallIntegerField(
        _("집행률(%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("사업")
        verbose_name_plural = _("사업")
        ordering = ["cycle", "heading", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | (Q(cost__gt=0) & Q(cost__lte=MAX_COST)),
                name="project_cost_sane",
                violation_error_message=_("사업비는 1원 이상 1조 원 이하여야 합니다."),
            ),
            models.CheckConstraint(
                condition=Q(revised_cost__isnull=True)
                | (Q(revised_cost__gt=0) & Q(revised_cost__lte=MAX_COST)),
                name="project_revised_cost_sane",
                violation_error_message=_("조정 사업비는 1원 이상 1조 원 이하여야 합니다."),
            ),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="project_progress_percent"),
        ]
        indexes = [
            models.Index(fields=["cycle", "status", "-created_at"], name="budget_project_status"),
            models.Index(fields=["cycle", "heading", "-created_at"], name="budget_project_heading"),
            models.Index(fields=["cycle", "dong", "-created_at"], name="budget_project_dong"),
        ]

    def __str__(self) -> str:
        return self.title

    # the cycle's district and process, so role, phase and audit helpers read a project like a cycle
    @property
    def district_id(self) -> int:
        return self.cycle.district_id

    @property
    def district(self):
        return self.cycle.district

    @property
    def process(self):
        return self.cycle.process

    @property
    def final_cost(self) -> int | None:
        """The cost the ballot and the results use: the screening's revised cost, else the proposed one."""
        return self.revised_cost or self.cost

    @property
    def proposer_name(self) -> str:
        if self.on_behalf_name:
            return self.on_behalf_name
        return self.author.display_name if self.author_id and hasattr(self.author, "display_name") else ""

    def get_absolute_url(self) -> str:
        return reverse(
            "budgeting:project",
            kwargs={
                "district": self.cycle.district.slug,
                "slug": self.cycle.process.slug,
                "pk": self.pk,
            },
        )


def attachment_path(instance, filename: str) -> str:
    return f"budgeting/{instance.project.cycle_id}/{instance.project_id}/{filename[-80:]}"


class ProjectAttachment(DistrictScopedModel):
    """An image or PDF attached to a project (at most five, checked by the upload validator)."""

    district_path = "project__cycle__district"

    project = models.ForeignKey(
        Project, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("파일"), upload_to=attachment_path, max_length=300)
    kind = models.CharField(_("종류"), max_length=10, default="image")
    caption = models.CharField(_("설명"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("올린 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.caption or self.file.name.rsplit("/", 1)[-1]


class Screening(DistrictScopedModel):
    """A department's eligibility decision (적격 심사) on a project."""

    district_path = "project__cycle__district"

    class Decision(models.TextChoices):
        ELIGIBLE = "eligible", _("적격")
        INELIGIBLE = "ineligible", _("부적격")

    project = models.OneToOneField(
        Project, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="screening"
    )
    department = models.ForeignKey(
        "districts.Department",
        verbose_name=_("심사 부서"),
        null=True,
        on_delete=models.PROTECT,
        related_name="budget_screenings",
    )
    decision = models.CharField(_("결정"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("사유"), blank=True, max_length=5000)
    revised_cost = models.PositiveBigIntegerField(_("조정 사업비(원)"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("심사자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("심사 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("적격 심사")
        verbose_name_plural = _("적격 심사")
        constraints = [
            models.CheckConstraint(
                condition=Q(revised_cost__isnull=True)
                | (Q(revised_cost__gt=0) & Q(revised_cost__lte=MAX_COST)),
                name="screening_revised_cost_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_decision_display()}"


class ReviewCriterion(DistrictScopedModel):
    """A published criterion the committee scores projects on (필요성, 시급성, …)."""

    district_path = "cycle__district"
    DEFAULTS = (("필요성", 30), ("시급성", 25), ("실현가능성", 25), ("파급효과", 20))

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("기준"), max_length=50)
    weight = models.PositiveSmallIntegerField(
        _("가중치"), default=25, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")
        ordering = ["cycle", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="criterion_unique_name_in_cycle"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(DistrictScopedModel):
    """A member of the cycle's 참여예산위원회 (scores projects in 분과 심의)."""

    district_path = "cycle__district"

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="committee_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("위원"),
        on_delete=models.CASCADE,
        related_name="budget_committees",
    )
    heading = models.ForeignKey(
        Heading,
        verbose_name=_("분과 (예산 구분)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_members",
    )
    source = models.CharField(_("선정 방식"), max_length=20, default="appointed")
    created_at = models.DateTimeField(_("위촉일"), auto_now_add=True)

    class Meta:
        verbose_name = _("참여예산위원")
        verbose_name_plural = _("참여예산위원")
        ordering = ["cycle", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"],
                name="committee_member_unique",
                violation_error_message=_("이미 이 회차의 위원입니다."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class ReviewScore(DistrictScopedModel):
    """One committee member's score (1–5) for one project on one criterion."""

    district_path = "project__cycle__district"

    project = models.ForeignKey(
        Project, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ReviewCriterion, verbose_name=_("심사 기준"), on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("심사위원"),
        on_delete=models.CASCADE,
        related_name="budget_scores",
    )
    score = models.PositiveSmallIntegerField(
        _("점수"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)

    class Meta:
        verbose_name = _("심사 점수")
        verbose_name_plural = _("심사 점수")
        constraints = [
            models.UniqueConstraint(fields=["project", "criterion", "reviewer"], name="review_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="review_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.criterion}: {self.score}"


class ChannelWeight(DistrictScopedModel):
    """How much each channel counts in the final ranking (weights of a cycle sum to 100)."""

    district_path = "cycle__district"

    class Channel(models.TextChoices):
        ONLINE = "online", _("온라인 투표")
        OFFLINE = "offline", _("현장 투표·총회")
        COMMITTEE = "committee", _("위원회 심사")
        BUDGET_SCHOOL = "budget_school", _("예산학교")
        SURVEY = "survey", _("설문")
        PROPOSERS = "proposers", _("제안자")

    PRESETS = {
        "2015": {"committee": 45, "online": 45, "survey": 10},
        "2018": {"online": 50, "committee": 40, "budget_school": 10},
        "2019": {"online": 25, "offline": 25, "proposers": 10, "committee": 30, "budget_school": 10},
        "vote": {"online": 50, "offline": 50},
    }
    PRESET_LABELS = {
        "2015": _("2015년식: 위원회 45 · 온라인 45 · 설문 10"),
        "2018": _("2018년식: 온라인 50 · 위원회 40 · 예산학교 10"),
        "2019": _("2019년식: 주민 투표(온라인+현장) 50 · 제안자 10 · 위원회 30 · 예산학교 10"),
        "vote": _("주민 투표 100%"),
    }

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="channel_weights"
    )
    channel = models.CharField(_("경로"), max_length=20, choices=Channel.choices)
    weight = models.PositiveSmallIntegerField(_("비중(%)"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("경로별 비중")
        verbose_name_plural = _("경로별 비중")
        ordering = ["cycle", "-weight", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "channel"], name="channel_weight_unique"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="channel_weight_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.weight}%"


class ProgressUpdate(DistrictScopedModel):
    """A note on how a funded project's execution is going (집행 모니터링)."""

    district_path = "project__cycle__district"

    project = models.ForeignKey(
        Project, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    text = models.TextField(_("내용"), max_length=5000)
    percent = models.PositiveSmallIntegerField(_("집행률(%)"), validators=[MaxValueValidator(100)])
    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("집행 현황")
        verbose_name_plural = _("집행 현황")
        ordering = ["project", "-at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_range")]

    def __str__(self) -> str:
        return f"{self.project} {self.percent}%"


# the ballots part of the app (ballots, paper ballots, channel scores, published results)
from .ballot_models import (  # noqa: E402, F401
    AgeBand,
    Ballot,
    BallotChoice,
    ChannelScore,
    ResultPublication,
    VoteChannel,
    Voter,
)
