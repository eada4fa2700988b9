"""시민제안: proposals, their supports (공감), the threshold tiers a process sets, the tiers' crossings,
department answers, the stage path and messages to supporters.

- A `Proposal` lives in a `processes.Process` of kind 시민제안. Its `support_count` is kept in the
  database (an F() update in the transaction of the `Support` insert/delete, under a row lock on the
  proposal), never counted per request.
- A `Tier` is "N supports within D days of publication → an action". A `TierCrossing` (unique per
  proposal and tier) is written in the transaction of the support that crossed it, so a tier fires once.
- An `Assignment` asks a department (or the 구청장) to answer within K days; the answer is stored on it.
- `stage` moves only along `STAGE_TRANSITIONS`, through the kernel's `transition`; each move leaves a
  `StageChange` (who, when, why).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.models import Moderated, ModeratedQuerySet, TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictScopedModel

BODY_MAX = 20000
MAX_ATTACHMENTS = 5


class Stage(models.TextChoices):
    PROPOSED = "proposed", _("제안")
    SUPPORT = "support", _("공감 모집")
    DELIBERATION = "deliberation", _("숙의")
    DECISION = "decision", _("결정")
    INSTITUTIONALISED = "institutionalised", _("제도화")
    EXECUTION = "execution", _("실행")
    DONE = "done", _("완료")
    EXPIRED = "expired", _("기간 만료")
    MERGED = "merged", _("병합됨")
    REJECTED = "rejected", _("반려")


# the agenda's path: target → the stages it may be reached from (operators move along it)
STAGE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.SUPPORT: (Stage.PROPOSED,),
    Stage.DELIBERATION: (Stage.SUPPORT,),
    Stage.DECISION: (Stage.SUPPORT, Stage.DELIBERATION),
    Stage.INSTITUTIONALISED: (Stage.DECISION,),
    Stage.EXECUTION: (Stage.INSTITUTIONALISED,),
    Stage.DONE: (Stage.EXECUTION,),
    Stage.EXPIRED: (Stage.SUPPORT,),
    Stage.MERGED: (Stage.PROPOSED, Stage.SUPPORT, Stage.DELIBERATION),
    Stage.REJECTED: (Stage.PROPOSED,),
}
# the timeline's main line, in order
STAGE_PATH = [
    Stage.PROPOSED,
    Stage.SUPPORT,
    Stage.DELIBERATION,
    Stage.DECISION,
    Stage.INSTITUTIONALISED,
    Stage.EXECUTION,
    Stage.DONE,
]
# stages in which supports may be given and withdrawn (and the support window has not ended)
OPEN_STAGES = (Stage.SUPPORT, Stage.DELIBERATION)
# stages shown in the public index
PUBLIC_STAGES = [s for s in Stage.values if s not in (Stage.PROPOSED, Stage.MERGED, Stage.REJECTED)]


def stage_allowed(source: str, target: str) -> bool:
    return source in STAGE_TRANSITIONS.get(target, ())


class Route(models.TextChoices):
    """제도화 routes of an adopted proposal."""

    POLICY = "policy", _("정책사업")
    SELF_GOVERNANCE = "self_governance", _("주민자치 계획")
    BUDGETING = "budgeting", _("시민참여예산")
    PARTNERSHIP = "partnership", _("프로젝트 파트너십")


class Review(models.TextChoices):
    PENDING = "pending", _("검토 대기")
    APPROVED = "approved", _("공개")
    REJECTED = "rejected", _("반려")


class Tier(DistrictScopedModel, TimeStampedModel):
    """N supports within D days of publication lead to an action (per proposals process)."""

    district_path = "process__district"

    class Action(models.TextChoices):
        DEPARTMENT = "department", _("담당 부서 답변")
        FORUM = "forum", _("공론장 개설")
        MAYOR = "mayor", _("구청장 답변")

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="tiers"
    )
    threshold = models.PositiveIntegerField(_("공감 수"))
    window_days = models.PositiveSmallIntegerField(_("기간(일)"))
    action = models.CharField(_("조치"), max_length=20, choices=Action.choices)
    answer_days = models.PositiveSmallIntegerField(_("답변 기한(일)"), default=30)
    # a department tier's answering department when it is known in advance (else an operator assigns)
    default_department = models.ForeignKey(
        "districts.Department",
        verbose_name=_("기본 담당 부서"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("공감 기준")
        verbose_name_plural = _("공감 기준")
        ordering = ["process", "threshold"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "threshold", "action"],
                name="tier_unique_threshold_action",
                violation_error_message=_("같은 공감 수와 조치의 기준이 이미 있습니다."),
            ),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="tier_threshold_positive"),
            models.CheckConstraint(condition=Q(window_days__gte=1), name="tier_window_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.threshold}명 / {self.window_days}일 → {self.get_action_display()}"


class ProposalQuerySet(ModeratedQuerySet):
    def public(self):
        """What everyone may see: reviewed, not hidden by reports, not merged or turned down."""
        return self.visible().filter(review=Review.APPROVED).exclude(stage__in=[Stage.MERGED, Stage.REJECTED])


class Proposal(Moderated, DistrictOwned, TimeStampedModel):
    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="proposals"
    )
    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"), max_length=BODY_MAX)
    issue_area = models.ForeignKey(
        "network.IssueArea",
        verbose_name=_("의제"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("제안자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    # a paper proposal entered by an operator: the proposer's name and who entered it
    on_behalf_name = models.CharField(_("제안자 이름(대리 입력)"), max_length=50, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("입력한 운영진"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(_("단계"), max_length=20, choices=Stage.choices, default=Stage.SUPPORT)
    review = models.CharField(_("검토"), max_length=10, choices=Review.choices, default=Review.APPROVED)
    published_at = models.DateTimeField(_("공개 일시"), null=True, blank=True)
    # the first tier's window: a proposal that crossed no tier by then expires
    expires_at = models.DateTimeField(_("공감 마감(첫 기준)"), null=True, blank=True)
    # the last tier's window: no support after it
    support_ends_at = models.DateTimeField(_("공감 마감"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("공감 수"), default=0)
    tier_reached = models.PositiveSmallIntegerField(_("도달한 기준"), default=0)
    adopted = models.BooleanField(_("채택"), null=True, blank=True)
    decision_reason = models.TextField(_("결정 사유"), blank=True, max_length=5000)
    route = models.CharField(_("제도화 경로"), max_length=20, choices=Route.choices, blank=True)
    route_url = models.CharField(_("제도화 연결 주소"), max_length=500, blank=True)
    deliberation_url = models.CharField(_("숙의 연결 주소"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("병합 대상"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_message_at = models.DateTimeField(_("마지막 공감자 메시지"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("시민제안")
        verbose_name_plural = _("시민제안")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(support_count__gte=0), name="proposal_support_count_nonnegative"
            ),
        ]
        indexes = [
            models.Index(fields=["district", "review", "stage", "-created_at"], name="proposal_stage_new"),
            models.Index(fields=["district", "review", "-created_at"], name="proposal_new"),
            models.Index(fields=["district", "review", "-support_count"], name="proposal_supported"),
            models.Index(fields=["district", "review", "support_ends_at"], name="proposal_ending"),
            models.Index(fields=["district", "dong", "-created_at"], name="proposal_dong"),
            models.Index(fields=["district", "issue_area", "-created_at"], name="proposal_issue"),
            models.Index(fields=["district", "tier_reached", "-created_at"], name="proposal_tier"),
            models.Index(fields=["stage", "expires_at"], name="proposal_expiry"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"district": self.district.slug, "pk": self.pk})

    @property
    def proposer_name(self) -> str:
        if self.on_behalf_name:
            return self.on_behalf_name
        if self.author_id is None:
            return str(_("탈퇴한 회원"))
        return self.author.display_name

    @property
    def is_on_behalf(self) -> bool:
        return bool(self.on_behalf_name)

    def is_open_for_support(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.stage not in OPEN_STAGES or self.review != Review.APPROVED:
            return False
        if self.support_ends_at is not None and at >= self.support_ends_at:
            return False
        return not self.is_expired_by(at)

    def is_expired_by(self, at: datetime.datetime | None = None) -> bool:
        """Still in 공감 모집 with no tier crossed after its first window: due to expire."""
        at = at or timezone.now()
        return (
            self.stage == Stage.SUPPORT
            and self.tier_reached == 0
            and self.expires_at is not None
            and at >= self.expires_at
        )


class Support(DistrictScopedModel):
    """One person's 공감 for a proposal (at most one: a database constraint)."""

    district_path = "proposal__district"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("공감한 사람"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("공감한 때"), default=timezone.now)

    class Meta:
        verbose_name = _("공감")
        verbose_name_plural = _("공감")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_person")]
        indexes = [models.Index(fields=["user", "proposal"], name="support_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class TierCrossing(DistrictScopedModel):
    """A proposal crossed a tier: written once (unique), in the transaction of the crossing support."""

    district_path = "proposal__district"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="crossings"
    )
    tier = models.ForeignKey(
        Tier, verbose_name=_("공감 기준"), on_delete=models.CASCADE, related_name="crossings"
    )
    crossed_at = models.DateTimeField(_("도달한 때"), default=timezone.now)
    support_count = models.PositiveIntegerField(_("도달 시 공감 수"))
    # the action's outcome: a linked forum topic's address, or pending when no forum app answered
    result_url = models.CharField(_("연결 주소"), max_length=500, blank=True)
    pending = models.BooleanField(_("처리 대기"), default=False)

    class Meta:
        verbose_name = _("기준 도달")
        verbose_name_plural = _("기준 도달")
        ordering = ["crossed_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "tier"], name="crossing_once_per_tier")]


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("수용")
    PARTIAL = "partial", _("부분수용")
    DECLINED = "declined", _("불수용")
    LONG_TERM = "long_term", _("장기검토")


class Assignment(DistrictScopedModel, TimeStampedModel):
    """An answer owed on a proposal: by a department (chosen by an operator or the tier's default), or by
    the 구청장. `due_at` is set when a department is known; overdue = unanswered past `due_at`."""

    district_path = "proposal__district"

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("담당 부서 답변")
        MAYOR = "mayor", _("구청장 답변")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="assignments"
    )
    crossing = models.OneToOneField(
        TierCrossing, verbose_name=_("기준 도달"), on_delete=models.CASCADE, related_name="assignment"
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "districts.Department",
        verbose_name=_("담당 부서"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_assignments",
    )
    answer_days = models.PositiveSmallIntegerField(_("답변 기한(일)"), default=30)
    assigned_at = models.DateTimeField(_("배정 일시"), null=True, blank=True)
    due_at = models.DateTimeField(_("답변 기한"), null=True, blank=True)
    answer = models.CharField(_("답변"), max_length=20, choices=Answer.choices, blank=True)
    reason = models.TextField(_("사유"), blank=True, max_length=BODY_MAX)
    answered_at = models.DateTimeField(_("답변 일시"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("답변자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by_label = models.CharField(_("답변자 표시"), max_length=100, blank=True)
    overdue_flagged_at = models.DateTimeField(_("지연 알림 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("답변 요청")
        verbose_name_plural = _("답변 요청")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["answered_at", "due_at"], name="assignment_due"),
            models.Index(fields=["department", "answered_at"], name="assignment_department"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_kind_display()}"

    # the district, read through the proposal (permissions and audit read these)
    @property
    def district(self):
        return self.proposal.district

    @property
    def district_id(self):
        return self.proposal.district_id

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.answered_at is None and self.due_at is not None and at > self.due_at

    def days_overdue(self, at: datetime.datetime | None = None) -> int:
        at = at or timezone.now()
        if self.due_at is None:
            return 0
        end = self.answered_at or at
        return max(0, (end - self.due_at).days)

    @property
    def answered_on_time(self) -> bool:
        return self.answered_at is not None and self.due_at is not None and self.answered_at <= self.due_at


class StageChange(DistrictScopedModel):
    """One move along the agenda's path: who, when, why."""

    district_path = "proposal__district"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("이전 단계"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("새 단계"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("변경한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("변경한 사람 표시"), max_length=100, blank=True)
    reason = models.TextField(_("사유"), blank=True, max_length=5000)
    url = models.CharField(_("연결 주소"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("변경 일시"), default=timezone.now)

    class Meta:
        verbose_name = _("단계 변경")
        verbose_name_plural = _("단계 변경")
        ordering = ["created_at", "pk"]


def attachment_path(instance, filename: str) -> str:
    return f"proposals/{timezone.localdate():%Y/%m}/{filename}"


class Attachment(DistrictScopedModel):
    district_path = "proposal__district"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("파일"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("파일 이름"), max_length=200)
    kind = models.CharField(_("종류"), max_length=10)
    size = models.PositiveIntegerField(_("크기"))
    created_at = models.DateTimeField(_("올린 때"), default=timezone.now)

    class Meta:
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind != "pdf"


class SupporterMessage(DistrictScopedModel):
    """An author's message to the proposal's supporters (at most one per 3 days: checked under a row
    lock on the proposal, and `last_message_at` moves in the same transaction)."""

    district_path = "proposal__district"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("제안"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("보낸 사람"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("내용"), max_length=2000)
    recipients = models.PositiveIntegerField(_("받는 사람 수"), default=0)
    sent_at = models.DateTimeField(_("보낸 때"), default=timezone.now)

    class Meta:
        verbose_name = _("공감자 메시지")
        verbose_name_plural = _("공감자 메시지")
        ordering = ["-sent_at"]


MESSAGE_INTERVAL = datetime.timedelta(days=3)
